"""What an observatory makes of a sky: the mock in equatorial coordinates, the field of view, the lost m = 0 modes.

Seed 004 Sec. 2 and Fig. 5: a mock anisotropy (a Gaussian sky of a C_l spectrum, or a map from
the backtracker, whose frame has B0 along z) is rotated into equatorial coordinates for a
chosen B0 direction (``healpy.Rotator``); an observatory at latitude Phi with a zenith-angle cut
sees, integrated over sidereal days, the declination band Phi -/+ theta_max (:class:`Band`), and
its data-driven reconstruction cannot measure the m = 0 modes: every declination ring of the band
has zero mean (eq. 13, a_l0 = 0).  The observable's pseudo C~_l then has the expectation
sum_l' M_ll' C_l' with the transfer matrix M of eq. A.2 (:func:`transfer_matrix`, m = 0 left out);
:func:`observable_spectra` compares the two over Monte Carlo skies.

The m = 0 removal here is linear: dI minus its ring mean, which is the data-driven ring
normalisation (1 + dI)/<1 + dI>_ring - 1 to first order in dI and, unlike it, meaningful for
backtracked maps computed to first order in a gradient of any size.  Everything is in HEALPix
RING order; maps are dI (relative intensity minus 1).

Conventions of the B0 frame (the backtracker's): z along B0, x along the perpendicular gradient.
:func:`b0_rotator` puts z on the B0 direction, x towards increasing longitude (east) there and y
towards the pole of the target frame (north), then turns x towards north by ``psi``.

>>> hawc = observatory("HAWC")
>>> hawc.band.dec_min, hawc.band.dec_max
(-41.0, 79.0)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.inputs import integer, number
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.core.units import in_unit, with_units
from cranisotropy.numerics.sky.geometry import Band
from cranisotropy.numerics.sky.monte_carlo import (SpectrumRun, _check_nside, _seeds, band_mask, on_one_thread,
                                                  predicted_pseudo_spectrum, ring_means, synthetic_alm)

#: frames of maps: the backtracker's (B0 along z) and the two celestial ones healpy knows
FRAMES = {"B0": "backtracker frame: z along B0, x along the perpendicular gradient",
          "C": "equatorial (celestial, J2000)", "G": "Galactic"}
#: seed 004 Fig. 5 (HAWC, zenith < 60 deg: -41 < dec < 79 deg) and an IceCube-like array at the
#: South Pole (zenith < 65 deg: dec < -25 deg): name -> (latitude, zenith cut), degrees
OBSERVATORIES = {"HAWC": (19.0, 60.0), "IceCube": (-90.0, 65.0)}
#: the units of :class:`Observatory` and of the B0 direction in JSON documents
UNITS = {"latitude_deg": "deg", "zenith_max_deg": "deg", "dec_min": "deg", "dec_max": "deg",
         "lon_deg": "deg", "lat_deg": "deg", "psi_deg": "deg", "sidereal_time_h": "h"}


@dataclass(frozen=True)
class Observatory(Result):
    """A ground array: latitude and zenith-angle cut (degrees), and the band it sees over a day.

    Parameters
    ----------
    name : str
        A label.
    latitude_deg : float
        Geographic latitude, degrees.
    zenith_max_deg : float
        Zenith-angle cut, degrees.

    Examples
    --------
    >>> Observatory("IceCube", -90.0, 65.0).band.dec_max
    -25.0
    """

    name: str
    latitude_deg: float
    zenith_max_deg: float

    @property
    def band(self) -> Band:
        """The time-integrated field of view (:meth:`Band.from_zenith_cut`)."""
        return Band.from_zenith_cut(self.latitude_deg, self.zenith_max_deg)

    def to_dict(self) -> dict:
        """Name, latitude, zenith cut and the band (``dec_min``, ``dec_max``, ``f_sky``), with units."""
        return with_units({"name": self.name, "latitude_deg": self.latitude_deg,
                           "zenith_max_deg": self.zenith_max_deg, **self.band.to_dict()}, UNITS)

    def __str__(self) -> str:
        return (f"{self.name} at latitude {self.latitude_deg:g} deg, zenith < {self.zenith_max_deg:g} deg: "
                f"{self.band}")


def observatory(name_or_latitude="HAWC", zenith_max=None, *, name: str | None = None) -> Observatory:
    """An observatory by name (``"HAWC"``, ``"IceCube"``) or by latitude and zenith-angle cut.

    Parameters
    ----------
    name_or_latitude : str, float or str with unit
        ``"HAWC"`` (19 deg N, zenith < 60 deg as in seed 004 Fig. 5), ``"IceCube"`` (South Pole,
        zenith < 65 deg), or a geographic latitude (degrees, or a unit string like ``"19deg"``).
    zenith_max : float or str, optional
        Zenith-angle cut (degrees or a unit string); required with a latitude.
    name : str, optional
        A label for a latitude-defined observatory.

    Returns
    -------
    Observatory

    Examples
    --------
    >>> print(observatory(30.0, 45.0, name="Tibet"))
    Tibet at latitude 30 deg, zenith < 45 deg: band -15 < dec < 75 deg, f_sky = 0.612372
    """
    if isinstance(name_or_latitude, str) and name_or_latitude in OBSERVATORIES:
        if zenith_max is not None:
            raise UsageError(f"{name_or_latitude} has its own zenith cut; give a latitude to choose one")
        return Observatory(name_or_latitude, *OBSERVATORIES[name_or_latitude])
    if isinstance(name_or_latitude, str) and not any(ch.isdigit() for ch in name_or_latitude):
        raise UsageError(f"unknown observatory {name_or_latitude!r}; choose from "
                         f"{', '.join(OBSERVATORIES)} or give a latitude and zenith cut")
    latitude = in_unit("latitude", name_or_latitude, "angle", "deg")
    if zenith_max is None:
        raise UsageError("a latitude needs zenith_max, the zenith-angle cut")
    zenith = in_unit("zenith_max", zenith_max, "angle", "deg")
    Band.from_zenith_cut(latitude, zenith)           # validates both
    return Observatory(name or f"latitude {latitude:g} deg", latitude, zenith)


# --------------------------------------------------------------------------- frames

def _frame(name: str, value: str) -> str:
    if value not in FRAMES:
        raise UsageError(f"{name} must be one of {', '.join(FRAMES)} ({'; '.join(f'{k}: {v}' for k, v in FRAMES.items())}), "
                         f"got {value!r}")
    return value


@dataclass(frozen=True)
class B0Direction(Result):
    """Direction of the regular field B0 in a celestial frame, and the turn ``psi`` about it (degrees)."""

    lon_deg: float
    lat_deg: float
    frame: str = "G"
    psi_deg: float = 0.0

    def to_dict(self) -> dict:
        return with_units(super().to_dict(), UNITS)


def b0_direction(lon, lat, frame: str = "G", psi=0.0) -> B0Direction:
    """The direction of B0 on the sky: longitude and latitude in ``frame`` ("G" or "C").

    Parameters
    ----------
    lon, lat : float or str
        Galactic (l, b) or equatorial (ra, dec) of B0, degrees or unit strings.
    frame : {"G", "C"}
        Galactic or equatorial.
    psi : float or str
        Turn of the backtracker's frame about B0 (degrees): 0 puts its x axis (the perpendicular
        gradient) east and its y axis north at B0; psi turns x towards north.

    Returns
    -------
    B0Direction

    Examples
    --------
    >>> b0_direction(90, 0).frame
    'G'
    """
    lon = in_unit("B0 longitude", lon, "angle", "deg")
    lat = in_unit("B0 latitude", lat, "angle", "deg")
    if not -90.0 <= lat <= 90.0:
        raise UsageError(f"B0 latitude must be in [-90, 90] degrees, got {lat:g}")
    if _frame("B0 frame", frame) == "B0":
        raise UsageError("give the B0 direction in a celestial frame: 'G' (l, b) or 'C' (ra, dec)")
    return B0Direction(lon % 360.0, lat, frame, in_unit("psi", psi, "angle", "deg"))


def b0_rotator(direction: B0Direction, target: str = "C"):
    """The ``healpy.Rotator`` taking vectors of the backtracker's frame (B0 along z) to ``target``.

    Parameters
    ----------
    direction : B0Direction
        B0 on the sky (:func:`b0_direction`).
    target : {"C", "G"}
        Equatorial or Galactic.

    Returns
    -------
    healpy.Rotator
        ``rotator(v)`` for vectors; ``rotator.rotate_alm(alm)`` for maps' harmonic coefficients.

    Examples
    --------
    >>> rot = b0_rotator(b0_direction(30.0, 40.0, "C"))
    >>> np.round(rot([0.0, 0.0, 1.0]), 4)                   # z -> B0 at ra 30, dec 40
    array([0.6634, 0.383 , 0.6428])
    """
    import healpy as hp

    if _frame("target", target) == "B0":
        raise UsageError("the target frame must be 'C' or 'G'")
    vec = hp.ang2vec(direction.lon_deg, direction.lat_deg, lonlat=True)
    if direction.frame != target:
        vec = hp.Rotator(coord=[direction.frame, target])(vec)
    lon, lat = hp.vec2ang(np.asarray(vec), lonlat=True)
    # z -> x, x -> y, y -> z (a cyclic relabelling), then x -> B0 with y east and z north there
    relabel = hp.Rotator(rot=(0.0, 90.0, -90.0))
    onto_b0 = hp.Rotator(rot=(float(lon[0]), float(lat[0]), 0.0), inv=True)
    turn = hp.Rotator(rot=(-direction.psi_deg, 0.0, 0.0))   # about z by +psi: x towards y
    return onto_b0 * relabel * turn


def rotate_map(sky_map, rotator, *, lmax: int | None = None) -> np.ndarray:
    """A HEALPix map seen in the rotated frame, by rotating its harmonic coefficients.

    Parameters
    ----------
    sky_map : array_like
        RING-ordered map in the source frame.
    rotator : healpy.Rotator
        Maps source-frame vectors to target-frame vectors (:func:`b0_rotator`, or
        ``healpy.Rotator(coord=["G", "C"])``).
    lmax : int, optional
        Band limit (default 3 nside - 1): power above it is lost, the C_l below are kept.

    Returns
    -------
    ndarray
        The map in the target frame (RING).

    Examples
    --------
    >>> import healpy as hp
    >>> along_z = hp.pix2vec(16, np.arange(3072))[2]                   # a dipole along B0
    >>> rotated = rotate_map(along_z, b0_rotator(b0_direction(30.0, 40.0, "C")))
    >>> _, dipole = hp.fit_dipole(rotated)
    >>> [round(float(a[0]), 3) for a in hp.vec2ang(dipole, lonlat=True)]  # now towards B0
    [30.0, 40.0]
    """
    import healpy as hp

    sky_map = np.asarray(sky_map, dtype=float)
    nside = hp.npix2nside(sky_map.size)
    lmax = 3 * nside - 1 if lmax is None else lmax
    alm = hp.map2alm(sky_map, lmax=lmax, iter=3, use_pixel_weights=False)
    return hp.alm2map(rotator.rotate_alm(alm, lmax=lmax), nside, lmax=lmax)


# --------------------------------------------------------------------------- the observable

def observable_map(sky_map, band: Band) -> np.ndarray:
    """The observable of a ground array: dI minus its declination-ring means in the band, 0 outside.

    Each ring of the band loses its mean: the m = 0 modes the data-driven reconstruction cannot
    measure (seed 004 eq. 13, a_l0 = 0), to first order in dI.

    Parameters
    ----------
    sky_map : array_like
        dI in equatorial coordinates (RING order).
    band : Band
        The time-integrated field of view (whole pixel rings: pixel centres inside).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> import healpy as hp
    >>> dipole = hp.pix2vec(8, np.arange(768))[2]                # along the rotation axis: m = 0
    >>> float(np.abs(observable_map(dipole, Band(-41.0, 79.0))).max()) < 1e-15
    True
    """
    import healpy as hp

    sky_map = np.asarray(sky_map, dtype=float)
    nside = hp.npix2nside(sky_map.size)
    mask = band_mask(nside, band)
    return mask * (sky_map - ring_means(sky_map * mask, nside))


def pseudo_spectrum(observable, lmax: int) -> np.ndarray:
    """Pseudo C~_l of an observable map (``map2alm`` as a pixel sum, iter=0), l = 0..lmax."""
    import healpy as hp

    return hp.alm2cl(hp.map2alm(np.asarray(observable, dtype=float), lmax=lmax, iter=0))


def mock_alm(cl, seed: int):
    """a_lm of a Gaussian sky of spectrum ``cl`` (healpy layout, lmax = len(cl) - 1), seeded."""
    return synthetic_alm(np.asarray(cl, dtype=float), seed)


def read_spectrum(path) -> np.ndarray:
    """C_l (l = 0, 1, ...) from a file: one value per line, two columns (l, C_l), or JSON (a list
    or ``{"C_l": [...]}``).

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "cl.txt").write_text("1 1e-6\\n3 2e-7\\n")
    ...     read_spectrum(Path(tmp, "cl.txt")).tolist()
    [0.0, 1e-06, 0.0, 2e-07]
    """
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise UsageError(f"cannot read the spectrum file {str(path)!r}: {exc.strerror or exc}") from None
    try:
        if path.suffix == ".json":
            data = json.loads(text)
            values = np.asarray(data["C_l"] if isinstance(data, dict) else data, dtype=float)
        else:
            values = np.loadtxt(path, ndmin=2)
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{str(path)!r} is not a C_l spectrum (one value per line, 'l C_l' "
                         f"columns, or JSON): {exc}") from None
    if values.ndim == 2 and values.shape[1] == 2:
        ells = values[:, 0]
        if np.any(ells < 0) or np.any(ells != np.round(ells)) or len(set(ells)) != len(ells):
            raise UsageError(f"{str(path)!r}: the first column must hold distinct multipoles l >= 0")
        cl = np.zeros(int(ells.max()) + 1)
        cl[ells.astype(int)] = values[:, 1]
    else:
        cl = values.ravel()
    return check_spectrum(cl)


def check_spectrum(cl) -> np.ndarray:
    """``cl`` as a finite, non-negative float array with at least l = 0, 1 (UsageError otherwise)."""
    cl = np.asarray(cl, dtype=float).ravel()
    if cl.size < 2 or not np.all(np.isfinite(cl)) or np.any(cl < 0):
        raise UsageError(f"a C_l spectrum needs finite values >= 0 for l = 0, 1, ..., got {cl.tolist()[:8]}")
    return cl


# --------------------------------------------------------------------------- Monte Carlo of the observable

@dataclass(frozen=True)
class ObservableSpectra(Result):
    """Pseudo C~_l of the observable over Monte Carlo skies against the transfer-matrix prediction.

    ``mean``, ``spread`` (standard deviation over skies), ``error`` (of the mean), the predictions
    for the pixelised band (``prediction``, what ``map2alm`` sees) and the continuous band
    (``prediction_band``), and ``z`` = (mean - prediction)/error, all for l = 0..lmax.
    """

    observatory: Observatory
    b0: B0Direction
    nside: int
    lmax: int
    realisations: int
    seed: int
    input_cl: np.ndarray
    mean: np.ndarray
    spread: np.ndarray
    error: np.ndarray
    prediction: np.ndarray
    prediction_band: np.ndarray
    z: np.ndarray

    @property
    def max_abs_z(self) -> float:
        """Largest |z| over 1 <= l <= lmax."""
        return float(np.max(np.abs(self.z[1:])))

    def to_dict(self) -> dict:
        data = super().to_dict()
        data.update(observatory=self.observatory.to_dict(), b0=self.b0.to_dict(), max_abs_z=self.max_abs_z)
        return data

    def __str__(self) -> str:
        lines = [f"{self.observatory}; {self.realisations} skies, nside {self.nside}",
                 f"{'l':>3} {'mean C~_l':>11} {'spread':>10} {'M C_l':>11} {'z':>6}"]
        for ell in range(1, self.lmax + 1):
            lines.append(f"{ell:3d} {self.mean[ell]:11.4e} {self.spread[ell]:10.3e} "
                         f"{self.prediction[ell]:11.4e} {self.z[ell]:6.2f}")
        lines.append(f"max |z| = {self.max_abs_z:.2f} (z = (mean - prediction)/standard error of the mean)")
        return "\n".join(lines)


DEFAULT_B0 = ("90deg", "0deg", "G")


def _b0(b0) -> B0Direction:
    if b0 is None:
        return b0_direction(*DEFAULT_B0)
    if isinstance(b0, B0Direction):
        return b0
    return b0_direction(*b0)


@on_one_thread
def observable_spectra(cl, observatory_=None, *, nside: int = 32, lmax: int = 10, realisations: int = 1000,
                       seed: int = 20171205, b0=None) -> ObservableSpectra:
    """Mean and spread of the observable's pseudo C~_l over Gaussian skies, against sum_l' M_ll' C_l'.

    Each sky: a_lm drawn from ``cl`` in the backtracker's frame, rotated into equatorial
    coordinates (:func:`b0_rotator`), evaluated at ``nside``, observed (:func:`observable_map`:
    the band, m = 0 removed) and analysed (:func:`pseudo_spectrum`).  The prediction is the
    transfer matrix of eq. A.2 with m = 0 left out (:func:`predicted_pseudo_spectrum`).

    Parameters
    ----------
    cl : array_like
        The sky's C_l, l = 0..L (L + lmax < 3 nside).
    observatory_ : Observatory, optional
        The array (default HAWC of seed 004 Fig. 5).
    nside : int
        HEALPix resolution (a power of 2).
    lmax : int
        Largest pseudo multipole.
    realisations : int
        Number of skies (>= 2); sky i uses ``SeedSequence(seed).spawn(realisations)[i]``.
    seed : int
        Master seed.
    b0 : B0Direction or (lon, lat, frame[, psi]), optional
        Direction of B0 (default Galactic l = 90 deg, b = 0: along the local spiral arm).

    Returns
    -------
    ObservableSpectra
        ``mean``, ``spread``, ``error``, ``prediction`` (pixelised band), ``prediction_band``,
        ``z`` and ``max_abs_z``.

    Examples
    --------
    >>> from cranisotropy.numerics.sky.monte_carlo import campaign_spectrum
    >>> run = observable_spectra(campaign_spectrum(4), nside=16, lmax=4, realisations=200)
    >>> run.max_abs_z < 3
    True
    """
    import healpy as hp

    obs = observatory_ or observatory("HAWC")
    cl = check_spectrum(cl)
    nside = _check_nside(nside)
    lmax = integer("lmax", lmax, 1)
    realisations = integer("realisations", realisations, 2)
    if lmax + cl.size - 1 >= 3 * nside:
        raise UsageError(f"nside {nside} cannot hold lmax {lmax} plus the sky's l <= {cl.size - 1} "
                         f"(need lmax + L < 3 nside): raise nside")
    direction = _b0(b0)
    rotator = b0_rotator(direction)
    band = obs.band
    run = SpectrumRun(lmax)
    for s in progress(_seeds(seed, realisations), desc="observable MC", unit="sky"):
        sky = hp.alm2map(rotator.rotate_alm(mock_alm(cl, s)), nside, lmax=cl.size - 1)
        run.add(pseudo_spectrum(observable_map(sky, band), lmax))
    pred = predicted_pseudo_spectrum(cl, band, nside, lmax)
    error = run.error
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(error > 0, (run.mean - pred.pixel) / error, 0.0)
    return ObservableSpectra(obs, direction, nside, lmax, realisations, int(seed), cl, run.mean,
                             error * math.sqrt(realisations), error, pred.pixel, pred.band, z)


def sidereal_fov_circles(observatory_: Observatory, sidereal_time_h: float = 9.0, zenith_angles=(30.0, 60.0),
                         samples: int = 181):
    """Equatorial (ra, dec) in degrees of circles of constant zenith angle at a local sidereal time.

    The instantaneous field of view of seed 004 Fig. 5 (HAWC at 09:00, circles at 30 and 60 deg):
    local directions n'(phi, theta) rotated with eq. (7), ``R(t)^T n'``.

    >>> ra, dec = sidereal_fov_circles(observatory("HAWC"), 9.0, (0.0,), samples=2)[0]
    >>> round(float(ra[0]), 6), round(float(dec[0]), 6)                    # the zenith
    (135.0, 19.0)
    """
    from cranisotropy.numerics.sky.geometry import local_rotation_matrix, local_unit_vectors

    tau = number("sidereal_time_h", sidereal_time_h) * math.pi / 12.0
    rot = local_rotation_matrix(tau, math.radians(observatory_.latitude_deg))
    azimuth = np.linspace(0.0, 2.0 * math.pi, samples)
    circles = []
    for zenith in zenith_angles:
        sky = rot.T @ local_unit_vectors(azimuth, np.full_like(azimuth, math.radians(zenith)))
        circles.append((np.degrees(np.arctan2(sky[1], sky[0])) % 360.0,
                        np.degrees(np.arcsin(np.clip(sky[2], -1.0, 1.0)))))
    return circles
