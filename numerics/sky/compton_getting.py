"""Compton–Getting dipoles in numbers (seed 004 Sec. 3.2, eqs. 57-62), and independent checks.

An observer moving with velocity v through the cosmic-ray rest frame sees a dipole
(2 + Gamma) v/c along v (eq. 60); the Earth's orbit gives the solar Compton–Getting dipole,
which averages to zero over a year in sidereal time (eq. 61) but not in solar time (eq. 62).
Closed forms come from :mod:`cranisotropy.derivations.sky.compton_getting`; the checks use the
exact Lorentz boost with numerical angular quadrature, and the Earth's velocity by finite
differences of its position rotated with healpy's ecliptic-to-equatorial rotator.

>>> round(solar_compton_getting(2.7).yearly_average_solar_frame, 6)
0.000448
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.sky import compton_getting as cg
from cranisotropy.core.inputs import integer, number
from cranisotropy.core.units import constant, in_unit, with_units

#: speed of light in km/s (astropy.constants; exact in the SI)
SPEED_OF_LIGHT_KM_S = constant("c", "km/s")
DEG = math.pi / 180.0


@functools.lru_cache(maxsize=None)
def _compiled():
    factor = sp.lambdify(cg.gamma_index, cg.compton_getting_factor(), "math")
    sidereal = sp.lambdify((cg.omega_orbit_t, cg.epsilon), list(cg.solar_dipole_sidereal()), "numpy")
    solar = sp.lambdify((cg.omega_orbit_t, cg.epsilon), list(cg.solar_dipole_solar_frame()), "numpy")
    sidereal_mean = sp.lambdify(cg.epsilon, list(cg.yearly_average(cg.solar_dipole_sidereal())), "math")
    solar_mean = sp.lambdify(cg.epsilon, list(cg.yearly_average(cg.solar_dipole_solar_frame())), "math")
    rotation = np.array(cg.galactic_to_equatorial().evalf(20).tolist(), dtype=float)
    return factor, sidereal, solar, sidereal_mean, solar_mean, rotation


def _speed(name: str, value) -> float:
    """A speed in km/s (number, unit string or quantity), 0 < v < c."""
    value = in_unit(name, value, "speed", "km/s")
    if value <= 0:
        raise UsageError(f"{name} must be > 0 km/s, got {value:g}")
    if value >= SPEED_OF_LIGHT_KM_S:
        raise UsageError(f"{name} = {value:g} km/s is not below the speed of light "
                         f"({SPEED_OF_LIGHT_KM_S} km/s)")
    return value


def _obliquity(value) -> float:
    value = number("obliquity_deg", value)
    if not 0.0 <= value <= 90.0:
        raise UsageError(f"obliquity_deg must be in [0, 90] degrees, got {value:g}")
    return value


def compton_getting_amplitude(speed_km_s: float, gamma: float = 2.7) -> float:
    """Amplitude (2 + Gamma) v/c of the Compton–Getting dipole of a moving observer (eq. 60).

    Parameters
    ----------
    speed_km_s : float, str or astropy Quantity
        Speed of the observer in the cosmic-ray rest frame, km/s or a unit string
        (``"220km/s"``), 0 < v < c.
    gamma : float
        Spectral index of the intensity, I ~ E^-Gamma.

    Returns
    -------
    float

    Examples
    --------
    >>> f"{compton_getting_amplitude(220.0, 2.7):.3g}"
    '0.00345'
    >>> compton_getting_amplitude(4e5)
    Traceback (most recent call last):
    ...
    cranisotropy.core.errors.UsageError: speed_km_s = 400000 km/s is not below the speed of light (299792.458 km/s)
    """
    speed = _speed("speed_km_s", speed_km_s)
    return _compiled()[0](number("gamma", gamma)) * speed / SPEED_OF_LIGHT_KM_S


def galactic_direction(l_deg: float, b_deg: float) -> np.ndarray:
    """Equatorial (J2000) unit vector of the Galactic direction (l, b).

    Parameters
    ----------
    l_deg, b_deg : float
        Galactic longitude and latitude in degrees.

    Returns
    -------
    ndarray, shape (3,)
        Components towards right ascension 0 h, 6 h and the North celestial pole.

    Examples
    --------
    >>> n = galactic_direction(0.0, 90.0)                   # the North Galactic Pole
    >>> round(math.degrees(math.atan2(n[1], n[0])) % 360, 3), round(math.degrees(math.asin(n[2])), 3)
    (192.859, 27.128)
    """
    l, b = number("l_deg", l_deg) * DEG, number("b_deg", b_deg) * DEG
    if abs(b) > math.pi / 2:
        raise UsageError(f"b_deg must be in [-90, 90] degrees, got {b_deg:g}")
    galactic = np.array([math.cos(b) * math.cos(l), math.cos(b) * math.sin(l), math.sin(b)])
    return _compiled()[5] @ galactic


@dataclass(frozen=True)
class ComptonGettingDipole(Result):
    """The Compton–Getting dipole of a motion: what ``sky compton-getting --speed ...`` prints."""

    gamma: float
    speed_km_s: float
    l_deg: float
    b_deg: float
    amplitude: float
    vector_equatorial: np.ndarray
    ra_deg: float
    dec_deg: float
    equatorial_projection: float

    def to_dict(self) -> dict:
        return with_units({"mode": "motion", **super().to_dict()},
                          {"speed_km_s": "km/s", "l_deg": "deg", "b_deg": "deg", "ra_deg": "deg", "dec_deg": "deg"})

    def __str__(self) -> str:
        return (f"Compton-Getting dipole (2+Gamma) v/c = {self.amplitude:.4g} (eq. 60) towards "
                f"RA {self.ra_deg:.2f} deg, dec {self.dec_deg:.2f} deg\n"
                f"equatorial-plane projection (what ground arrays measure) = {self.equatorial_projection:.4g}")


def compton_getting_dipole(speed_km_s: float, l_deg: float, b_deg: float, gamma: float = 2.7) -> ComptonGettingDipole:
    """Compton–Getting dipole of a motion towards Galactic (l, b), and what a ground array sees of it.

    Parameters
    ----------
    speed_km_s : float, str or astropy Quantity
        Speed of the observer in the cosmic-ray rest frame, km/s or a unit string, 0 < v < c.
    l_deg, b_deg : float
        Galactic longitude and latitude of the motion, degrees.
    gamma : float
        Spectral index Gamma.

    Returns
    -------
    ComptonGettingDipole
        ``.amplitude`` (2 + Gamma) v/c, ``.vector_equatorial``, its direction ``.ra_deg``,
        ``.dec_deg``, and ``.equatorial_projection`` (eq. 19, what ground arrays can measure);
        ``to_dict()`` is ``cranisotropy sky compton-getting --speed ... --json``.

    Examples
    --------
    >>> res = compton_getting_dipole(220.0, 90.0, 0.0)      # Galactic rotation
    >>> round(res.dec_deg, 2), f"{res.equatorial_projection:.3g}"
    (48.33, '0.00229')
    """
    amplitude = compton_getting_amplitude(speed_km_s, gamma)
    direction = galactic_direction(l_deg, b_deg)
    vector = amplitude * direction
    return ComptonGettingDipole(
        float(gamma), _speed("speed_km_s", speed_km_s), float(l_deg), float(b_deg), amplitude, vector,
        math.degrees(math.atan2(direction[1], direction[0])) % 360.0,
        math.degrees(math.asin(max(-1.0, min(1.0, direction[2])))), float(math.hypot(vector[0], vector[1])))


@dataclass(frozen=True)
class SolarComptonGetting(Result):
    """The solar Compton–Getting dipole: what ``sky compton-getting`` (no ``--speed``) prints."""

    gamma: float
    orbital_speed_km_s: float
    obliquity_deg: float
    amplitude: float
    yearly_average_sidereal_frame: float
    yearly_average_solar_frame: float
    solar_frame_vector: np.ndarray
    solar_time_of_maximum_h: float

    def to_dict(self) -> dict:
        return with_units({"mode": "solar", **super().to_dict()},
                          {"orbital_speed_km_s": "km/s", "obliquity_deg": "deg", "solar_time_of_maximum_h": "h"})

    def __str__(self) -> str:
        return (f"solar Compton-Getting dipole (2+Gamma) v_orb/c = {self.amplitude:.4g}\n"
                f"yearly average, sidereal frame: {self.yearly_average_sidereal_frame:.4g} (eq. 61)\n"
                f"yearly average, solar frame: {self.yearly_average_solar_frame:.4g} towards "
                f"{self.solar_time_of_maximum_h:.1f} h solar time (eq. 62)")


def solar_compton_getting(gamma: float = 2.7, *, orbital_speed_km_s: float = 29.8,
                          obliquity_deg: float = 23.4) -> SolarComptonGetting:
    """Solar Compton–Getting dipole of the Earth's orbit and its yearly averages (eqs. 61-62).

    Parameters
    ----------
    gamma : float
        Spectral index Gamma.
    orbital_speed_km_s : float, str or astropy Quantity
        The Earth's orbital speed, km/s or a unit string.
    obliquity_deg : float
        Obliquity of the ecliptic, degrees in [0, 90].

    Returns
    -------
    SolarComptonGetting
        ``.amplitude``, the yearly averages in the sidereal frame (0) and the solar frame
        (``.solar_frame_vector``, towards ``.solar_time_of_maximum_h``); ``to_dict()`` is
        ``cranisotropy sky compton-getting --json``.

    Examples
    --------
    >>> res = solar_compton_getting(2.7)
    >>> f"{res.yearly_average_solar_frame:.3g}", round(res.solar_time_of_maximum_h, 6)
    ('0.000448', 6.0)
    """
    amplitude = compton_getting_amplitude(_speed("orbital_speed_km_s", orbital_speed_km_s), gamma)
    eps = _obliquity(obliquity_deg) * DEG
    _, _, _, sidereal_mean, solar_mean, _ = _compiled()
    sidereal = np.array(sidereal_mean(eps), dtype=float) * amplitude
    mean = np.array(solar_mean(eps), dtype=float) * amplitude
    return SolarComptonGetting(float(gamma), _speed("orbital_speed_km_s", orbital_speed_km_s),
                               float(obliquity_deg), amplitude,
                               float(np.linalg.norm(sidereal)), float(np.linalg.norm(mean)), mean,
                               (math.degrees(math.atan2(mean[1], mean[0])) % 360.0) / 15.0)


@dataclass(frozen=True)
class SolarDipoleTrack(Result):
    """delta_SCG over one year: orbital phase (radians) and the vectors (3, samples) in both frames."""

    orbital_phase: np.ndarray
    sidereal: np.ndarray
    solar: np.ndarray


def solar_dipole_track(gamma: float = 2.7, *, orbital_speed_km_s: float = 29.8, obliquity_deg: float = 23.4,
                       samples: int = 365) -> SolarDipoleTrack:
    """The solar Compton–Getting dipole over one year in the sidereal (eq. 61) and solar (eq. 62) frames.

    Parameters
    ----------
    gamma, orbital_speed_km_s, obliquity_deg : float
        As in :func:`solar_compton_getting`.
    samples : int
        Number of equally spaced orbital phases omega_orb t in [0, 2 pi).

    Returns
    -------
    SolarDipoleTrack
        ``.orbital_phase`` (samples,), ``.sidereal`` and ``.solar`` (3, samples): equatorial
        components (0 h, 6 h, North) in each frame.

    Examples
    --------
    >>> track = solar_dipole_track(samples=4)
    >>> track.solar.shape, bool(abs(track.sidereal.mean(axis=1)).max() < 1e-18)
    ((3, 4), True)
    """
    phase = np.linspace(0.0, 2.0 * math.pi, integer("samples", samples, 1), endpoint=False)
    amplitude = compton_getting_amplitude(_speed("orbital_speed_km_s", orbital_speed_km_s), gamma)
    _, sidereal, solar, _, _, _ = _compiled()
    eps = _obliquity(obliquity_deg) * DEG

    def evaluate(f):
        return np.array([np.broadcast_to(c, phase.shape) for c in f(phase, eps)]) * amplitude

    return SolarDipoleTrack(phase, evaluate(sidereal), evaluate(solar))


# --------------------------------------------------------------------------- independent checks

def boosted_density(mu, beta: float, gamma: float):
    """f(p) = f*(p*) of the exactly boosted power law f* = abs(p*)^(-2-Gamma), abs(p) = 1, massless.

    ``mu`` = cos(p, beta); p*_parallel = Lorentz factor (mu + beta), p*_perp = sqrt(1 - mu^2)
    (a numerical transcription of the boost, independent of the derivation's series).
    """
    mu = np.asarray(mu, dtype=float)
    lorentz = 1.0 / math.sqrt(1.0 - beta * beta)
    parallel = lorentz * (mu + beta)
    return (parallel * parallel + 1.0 - mu * mu) ** (-(2.0 + gamma) / 2.0)


def boosted_dipole_numerical(beta: float, gamma: float, nodes: int = 64) -> float:
    """delta along beta from the exact boost, delta = -3 Phi/phi, by Gauss–Legendre quadrature in mu.

    >>> round(boosted_dipole_numerical(1e-4, 2.7) / 1e-4, 4)     # (2 + Gamma) to first order
    4.7
    """
    mu, weights = np.polynomial.legendre.leggauss(nodes)
    f_obs = boosted_density(mu, beta, gamma)
    phi = 0.5 * np.sum(weights * f_obs)
    flux = 0.5 * np.sum(weights * mu * f_obs)
    return float(-3.0 * flux / phi)


def earth_velocity_numerical(orbital_phase, step: float = 1e-4) -> np.ndarray:
    """Unit velocity (3, n) of the Earth (equatorial) by central differences of its position.

    The ecliptic-to-equatorial rotation is healpy's; the Sun's ecliptic longitude is
    phase + pi (Sec. 3.2), the Earth opposite it.
    """
    import healpy as hp

    orbital_phase = np.asarray(orbital_phase, dtype=float)
    rotator = hp.rotator.Rotator(coord=["E", "C"])

    def position(phase):
        sun = hp.ang2vec(np.full_like(phase, math.pi / 2), phase + math.pi)
        return -np.asarray(rotator(sun.T))

    velocity = (position(orbital_phase + step) - position(orbital_phase - step)) / (2.0 * step)
    return velocity / np.linalg.norm(velocity, axis=0)


def solar_frame_numerical(vectors, orbital_phase) -> np.ndarray:
    """Sidereal-frame vectors (3, n) seen in the solar frame: solar time lags sidereal time by
    the orbital phase, so the solar 'right ascension' is alpha - omega_orb t (a rotation about z)."""
    c, s = np.cos(orbital_phase), np.sin(orbital_phase)
    x, y, z = vectors
    return np.array([c * x + s * y, -s * x + c * y, z])


def healpy_obliquity() -> float:
    """Obliquity of the ecliptic (radians) used by healpy's ecliptic-to-equatorial rotator.

    >>> round(math.degrees(healpy_obliquity()), 2)
    23.44
    """
    import healpy as hp

    return math.acos(hp.rotator.Rotator(coord=["E", "C"]).mat[1, 1])
