"""Compton–Getting dipoles in numbers (seed 004 Sec. 3.2), and independent numerical checks.

Closed forms from :mod:`cranisotropy.derivations.sky.compton_getting`; the checks use the exact
Lorentz boost with numerical angular quadrature, and the Earth's velocity by finite differences
of its position rotated with healpy's ecliptic-to-equatorial rotator.

>>> round(solar_compton_getting(2.7)["yearly_average_solar_frame"], 6)
0.000448
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from cranisotropy.derivations.sky import compton_getting as cg

SPEED_OF_LIGHT_KM_S = 299792.458
DEG = math.pi / 180.0


@functools.lru_cache(maxsize=None)
def _compiled():
    factor = sp.lambdify(cg.gamma_index, cg.compton_getting_factor(), "math")
    sidereal = sp.lambdify((cg.omega_orbit_t, cg.epsilon), list(cg.solar_dipole_sidereal()), "numpy")
    solar = sp.lambdify((cg.omega_orbit_t, cg.epsilon), list(cg.solar_dipole_solar_frame()), "numpy")
    solar_mean = sp.lambdify(cg.epsilon, list(cg.yearly_average(cg.solar_dipole_solar_frame())), "math")
    rotation = np.array(cg.galactic_to_equatorial().evalf(20).tolist(), dtype=float)
    return factor, sidereal, solar, solar_mean, rotation


def compton_getting_amplitude(speed_km_s: float, gamma: float) -> float:
    """|delta_CG| = (2 + Gamma) v / c (eq. 60)."""
    return _compiled()[0](gamma) * speed_km_s / SPEED_OF_LIGHT_KM_S


def galactic_direction(l_deg: float, b_deg: float) -> np.ndarray:
    """Equatorial unit vector of the Galactic direction (l, b)."""
    l, b = l_deg * DEG, b_deg * DEG
    galactic = np.array([math.cos(b) * math.cos(l), math.cos(b) * math.sin(l), math.sin(b)])
    return _compiled()[4] @ galactic


def compton_getting_dipole(speed_km_s: float, gamma: float, l_deg: float, b_deg: float) -> dict:
    """CG dipole of a motion with ``speed_km_s`` towards Galactic (l, b): vector, direction and
    the equatorial-plane projection (what a ground array can measure, eq. 19)."""
    amplitude = compton_getting_amplitude(speed_km_s, gamma)
    direction = galactic_direction(l_deg, b_deg)
    vector = amplitude * direction
    return {"amplitude": amplitude, "vector_equatorial": vector.tolist(),
            "ra_deg": math.degrees(math.atan2(direction[1], direction[0])) % 360.0,
            "dec_deg": math.degrees(math.asin(max(-1.0, min(1.0, direction[2])))),
            "equatorial_projection": float(math.hypot(vector[0], vector[1]))}


def solar_compton_getting(gamma: float, orbital_speed_km_s: float = 29.8,
                          obliquity_deg: float = 23.4) -> dict:
    """Solar Compton–Getting dipole (eqs. 61-62): amplitude, yearly averages in both frames."""
    amplitude = compton_getting_amplitude(orbital_speed_km_s, gamma)
    mean = np.array(_compiled()[3](obliquity_deg * DEG)) * amplitude
    return {"amplitude": amplitude, "yearly_average_sidereal_frame": 0.0,
            "yearly_average_solar_frame": float(np.linalg.norm(mean)),
            "solar_frame_vector": mean.tolist(),
            "solar_time_of_maximum_h": (math.degrees(math.atan2(mean[1], mean[0])) % 360.0) / 15.0}


def solar_dipole_track(gamma: float, orbital_speed_km_s: float = 29.8, obliquity_deg: float = 23.4,
                       samples: int = 365) -> dict:
    """delta_SCG over one year in the sidereal (eq. 61) and solar (eq. 62) frames."""
    phase = np.linspace(0.0, 2.0 * math.pi, samples, endpoint=False)
    amplitude = compton_getting_amplitude(orbital_speed_km_s, gamma)
    _, sidereal, solar, _, _ = _compiled()
    eps = obliquity_deg * DEG
    as_array = lambda f: np.array([np.broadcast_to(c, phase.shape) for c in f(phase, eps)]) * amplitude  # noqa: E731
    return {"orbital_phase": phase, "sidereal": as_array(sidereal), "solar": as_array(solar)}


# --------------------------------------------------------------------------- independent checks

def boosted_dipole_numerical(beta: float, gamma: float, nodes: int = 64) -> float:
    """delta along beta from the *exact* boost f(p) = f*(p*), f* = |p*|^(-2-Gamma), by
    Gauss–Legendre quadrature over mu = cos(p, beta): delta = -3 Phi / phi."""
    mu, weights = np.polynomial.legendre.leggauss(nodes)
    lorentz = 1.0 / math.sqrt(1.0 - beta * beta)
    # massless: p*_parallel = gamma (p mu + beta p), p*_perp = p sqrt(1 - mu^2)  (|p| = 1)
    par = lorentz * (mu + beta)
    perp2 = 1.0 - mu * mu
    f_obs = (par * par + perp2) ** (-(2.0 + gamma) / 2.0)
    phi = 0.5 * np.sum(weights * f_obs)
    flux = 0.5 * np.sum(weights * mu * f_obs)
    return float(-3.0 * flux / phi)


def earth_velocity_numerical(orbital_phase: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Unit velocity of the Earth (equatorial) by central differences of its position, with the
    ecliptic-to-equatorial rotation from healpy; the Sun's longitude is phase + pi (Sec. 3.2)."""
    import healpy as hp

    rotator = hp.rotator.Rotator(coord=["E", "C"])

    def position(phase):
        sun = hp.ang2vec(np.full_like(phase, math.pi / 2), phase + math.pi)
        return -np.asarray(rotator(sun.T))

    velocity = (position(orbital_phase + step) - position(orbital_phase - step)) / (2.0 * step)
    return velocity / np.linalg.norm(velocity, axis=0)


def solar_frame_numerical(vectors: np.ndarray, orbital_phase: np.ndarray) -> np.ndarray:
    """Sidereal-frame vectors seen in the solar frame: solar time runs behind sidereal time by
    the orbital phase, so the solar 'right ascension' is alpha - omega_orb t (rotation about z)."""
    c, s = np.cos(orbital_phase), np.sin(orbital_phase)
    x, y, z = vectors
    return np.array([c * x + s * y, -s * x + c * y, z])
