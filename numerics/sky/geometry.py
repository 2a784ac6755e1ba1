"""Field of view and local frame of a ground array (seed 004 Sec. 2, eqs. 2, 5-7, 20-23).

:class:`Band` is the declination band an array sees over a sidereal day; the other functions
are numerical counterparts of the derivations in :mod:`cranisotropy.derivations.sky.observation`
(eq. 7's rotation evaluated) and independent methods used by the checks: the textbook
hour-angle formulas for zenith angle and azimuth, the field of view found by rotating the local
zenith-cut cap onto the sky, and the East–West counts of eqs. (20)-(21) by 2D quadrature.

Conventions: angles of the public ``Band`` in degrees; the lower-level functions take radians.
Azimuth runs from North towards East; the local frame is (North, West, Up) as in eq. (5).

>>> band = Band.from_zenith_cut(19.0, 45.0)
>>> band.dec_min, band.dec_max
(-26.0, 64.0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.numerics.sky._derived import derived
from cranisotropy.core.inputs import number

DEG = math.pi / 180.0


def _declination(name: str, value: float) -> float:
    value = number(name, value)
    if not -90.0 <= value <= 90.0:
        raise UsageError(f"{name} must be a declination in [-90, 90] degrees, got {value:g}")
    return value


@dataclass(frozen=True)
class Band(Result):
    """Declination band ``dec_min < delta < dec_max`` with a uniform (top-hat) weight.

    Parameters
    ----------
    dec_min, dec_max : float
        Lower and upper declination in degrees, ``-90 <= dec_min < dec_max <= 90``.

    Attributes
    ----------
    s_lower, s_upper : float
        sin of the edges (the coupling integrals run over s = sin(delta)).
    f_sky : float
        Sky fraction (s_upper - s_lower)/2.

    See Also
    --------
    Band.from_zenith_cut : the band of an observatory's latitude and zenith-angle cut.

    Examples
    --------
    >>> band = Band(-26.0, 64.0)             # HAWC's time-integrated field of view
    >>> round(band.f_sky, 4)
    0.6686
    >>> Band(10.0, 5.0)
    Traceback (most recent call last):
    ...
    cranisotropy.core.errors.UsageError: dec_min (10) must be below dec_max (5)
    """

    dec_min: float
    dec_max: float

    def __post_init__(self):
        object.__setattr__(self, "dec_min", _declination("dec_min", self.dec_min))
        object.__setattr__(self, "dec_max", _declination("dec_max", self.dec_max))
        if not self.dec_min < self.dec_max:
            raise UsageError(f"dec_min ({self.dec_min:g}) must be below dec_max ({self.dec_max:g})")

    @classmethod
    def from_zenith_cut(cls, latitude: float, zenith_max: float) -> "Band":
        """The band seen over a sidereal day from ``latitude`` with zenith angles below ``zenith_max``.

        Parameters
        ----------
        latitude : float
            Geographic latitude of the observatory, degrees in [-90, 90].
        zenith_max : float
            Zenith-angle cut, degrees in (0, 90].

        Returns
        -------
        Band
            ``(latitude - zenith_max, latitude + zenith_max)`` clipped to the poles (seed 004
            Sec. 2, from :func:`cranisotropy.derivations.sky.observation.field_of_view_band`).

        Examples
        --------
        >>> Band.from_zenith_cut(-90.0, 65.0).dec_max      # IceCube
        -25.0
        """
        latitude, zenith_max = number("latitude", latitude), number("zenith_max", zenith_max)
        if not -90.0 <= latitude <= 90.0:
            raise UsageError(f"latitude must be in [-90, 90] degrees, got {latitude:g}")
        if not 0.0 < zenith_max <= 90.0:
            raise UsageError(f"zenith_max must be in (0, 90] degrees, got {zenith_max:g}")
        lo, hi = derived("fov")(latitude * DEG, zenith_max * DEG)
        return cls(round(float(lo) / DEG, 12), round(float(hi) / DEG, 12))

    @property
    def s_lower(self) -> float:
        """sin(dec_min)."""
        return math.sin(self.dec_min * DEG)

    @property
    def s_upper(self) -> float:
        """sin(dec_max)."""
        return math.sin(self.dec_max * DEG)

    @property
    def f_sky(self) -> float:
        """Sky fraction of the band, (s_upper - s_lower)/2."""
        return float(derived("f_sky")(self.s_lower, self.s_upper))

    def to_dict(self) -> dict:
        """``{"dec_min", "dec_max", "f_sky", "units"}`` (the ``band`` entry of the sky commands' JSON)."""
        return {"dec_min": self.dec_min, "dec_max": self.dec_max, "f_sky": self.f_sky,
                "units": {"dec_min": "deg", "dec_max": "deg"}}

    def __str__(self) -> str:
        return f"band {self.dec_min:g} < dec < {self.dec_max:g} deg, f_sky = {self.f_sky:.6f}"


# --------------------------------------------------------------------------- the local frame

def local_rotation_matrix(sidereal_angle: float, latitude: float) -> np.ndarray:
    """R(t) of seed 004 eq. (7), n' = R n, evaluated (radians; rows North, West, Up).

    >>> np.round(local_rotation_matrix(0.0, math.pi / 2), 12) + 0.0
    array([[-1.,  0.,  0.],
           [ 0., -1.,  0.],
           [ 0.,  0.,  1.]])
    """
    return np.asarray(derived("local_rotation")(sidereal_angle, latitude), dtype=float)


def horizontal_coordinates(ra, dec, sidereal_angle, latitude):
    """Zenith angle and azimuth (from North through East) of (ra, dec) by the hour-angle formulas.

    The textbook spherical-astronomy route (hour angle h = sidereal angle - ra), independent of
    eq. (7); all angles in radians, numpy-broadcasting.

    Returns
    -------
    zenith, azimuth : ndarray
        Radians; azimuth in (-pi, pi].

    Examples
    --------
    >>> zenith, azimuth = horizontal_coordinates(0.0, 0.0, 0.5, 0.0)   # hour angle 0.5: West
    >>> round(float(zenith), 12), round(float(azimuth), 12)
    (0.5, -1.570796326795)
    """
    hour = np.asarray(sidereal_angle) - np.asarray(ra)
    dec, latitude = np.asarray(dec), np.asarray(latitude)
    cos_z = np.sin(dec) * np.sin(latitude) + np.cos(dec) * np.cos(latitude) * np.cos(hour)
    east = -np.cos(dec) * np.sin(hour)
    north = np.sin(dec) * np.cos(latitude) - np.cos(dec) * np.sin(latitude) * np.cos(hour)
    return np.arccos(np.clip(cos_z, -1.0, 1.0)), np.arctan2(east, north)


def _vectors(name: str, a, b) -> np.ndarray:
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.array([np.broadcast_to(c, a.shape) for c in derived(name)(a, b)], dtype=float)


def equatorial_unit_vectors(ra, dec) -> np.ndarray:
    """n(alpha, delta) of eq. (2), shape (3, ...) (radians; numpy-broadcasting).

    >>> np.round(equatorial_unit_vectors(math.pi / 2, 0.0), 12) + 0.0
    array([0., 1., 0.])
    """
    return _vectors("equatorial_unit_vector", ra, dec)


def local_unit_vectors(azimuth, zenith) -> np.ndarray:
    """n'(phi, theta) of eq. (5) in the local (North, West, Up) frame, shape (3, ...) (radians).

    >>> np.round(local_unit_vectors(math.pi / 2, math.pi / 2), 12) + 0.0     # East = -West
    array([ 0., -1.,  0.])
    """
    return _vectors("local_unit_vector", azimuth, zenith)


def field_of_view_by_rotation(latitude: float, zenith_max: float, *, sidereal_angle: float = 0.3,
                              n_azimuth: int = 721, n_zenith: int = 61) -> tuple[float, float]:
    """Declination range (degrees) of the zenith-cut cap, by rotating a grid of it onto the sky.

    Local directions with zenith angle <= ``zenith_max`` (degrees) are rotated with eq. (7)
    at one sidereal time; the extreme declinations are the band's edges (an independent
    check of delta_1,2 = Phi -/+ theta_max, accurate to the grid spacing).

    >>> lo, hi = field_of_view_by_rotation(19.0, 45.0)
    >>> round(lo, 6), round(hi, 6)
    (-26.0, 64.0)
    """
    az, zen = np.meshgrid(np.linspace(0.0, 2.0 * math.pi, n_azimuth),
                          np.linspace(0.0, zenith_max * DEG, n_zenith))
    local = local_unit_vectors(az, zen).reshape(3, -1)
    sky = local_rotation_matrix(sidereal_angle, latitude * DEG).T @ local
    dec = np.degrees(np.arcsin(np.clip(sky[2], -1.0, 1.0)))
    return float(dec.min()), float(min(dec.max(), 90.0))


#: mean tropical year in days (IAU)
TROPICAL_YEAR_DAYS = 365.24219


def sidereal_day_seconds(tropical_year_days: float = TROPICAL_YEAR_DAYS) -> float:
    """2 pi / omega of eq. (6) with omega_solar = 2 pi / 86400 s and omega_orbit = 2 pi / year.

    >>> round(sidereal_day_seconds(), 2)
    86164.09
    """
    return float(derived("sidereal_period")(2 * math.pi / 86400.0,
                                            2 * math.pi / (tropical_year_days * 86400.0)))


# --------------------------------------------------------------------------- East-West method

def east_west_asymmetry_numerical(dipole, sidereal_angle: float, latitude: float, zenith_max: float,
                                  acceptance=None, *, nodes: int = 80) -> float:
    """(N_E - N_W)/(N_E + N_W) of eqs. (20)-(21) by 2D Gauss–Legendre quadrature.

    The exact sky I = 1 + d.n (``dipole`` d in equatorial components) is seen through eq. (7)
    at ``sidereal_angle`` from ``latitude``; zenith angles up to ``zenith_max`` (all radians),
    acceptance A(theta) (a numpy function; default 1).  No expansion in d.

    >>> abs(east_west_asymmetry_numerical([0.0, 0.0, 1e-3], 0.4, 0.3, 0.8)) < 1e-15   # d along the axis
    True
    """
    rot = local_rotation_matrix(sidereal_angle, latitude)
    acceptance = acceptance if acceptance is not None else np.ones_like
    x, w = np.polynomial.legendre.leggauss(nodes)
    theta = 0.5 * zenith_max * (x + 1.0)
    w_theta = 0.5 * zenith_max * w
    counts = []
    for lo, hi in ((0.0, math.pi), (-math.pi, 0.0)):        # East: azimuth 0..pi, West: -pi..0
        phi = lo + 0.5 * (hi - lo) * (x + 1.0)
        w_phi = 0.5 * (hi - lo) * w
        T, P = np.meshgrid(theta, phi, indexing="ij")
        intensity = 1.0 + np.tensordot(rot @ np.asarray(dipole, dtype=float), local_unit_vectors(P, T), axes=1)
        counts.append(np.sum(w_theta[:, None] * w_phi[None, :] * np.sin(T) * acceptance(T) * intensity))
    return float((counts[0] - counts[1]) / (counts[0] + counts[1]))
