"""Sky maps of backtracked cosmic rays: relative intensity per realisation, HEALPix FITS files and
Mollweide drawings (seed 004 Sec. 4.4 and Fig. 13; the observable of Sec. 2 and Fig. 5).

:func:`sky_maps` turns a campaign's trajectories (:func:`cranisotropy.load_results`) into the
relative-intensity maps dI(n) that Liouville's theorem gives at chosen backtracking times, for
a density gradient parallel and perpendicular to B0 (dI = r(-T).g - 3 p(-T).(K g),
:func:`cranisotropy.angular_power_spectrum`'s maps) or a homogeneous dipole, per realisation;
optionally with the monopole and dipole fitted and removed (``healpy.remove_dipole``, as the
dipole-subtracted maps of 004 Fig. 13) and rotated into equatorial or Galactic coordinates for a
chosen B0 direction.  It writes them with ``healpy.write_map`` (RING order, float64, a header
with nside, ordering, coordinate system, the run's parameters and seeds) and draws them with
healpy's Mollweide projection.  :func:`read_sky_fits` reads such a file back bit for bit;
:func:`observe_sky` is what an observatory makes of a sky; :func:`sky_map_figures` draws the
maps of the topic guide from a small campaign.

Gradient maps are in units of |grad n|/n = 1/L_c (first order in the gradient: a physical
gradient G per L_c scales them by G).
"""
from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from cranisotropy import __version__
from cranisotropy.core.errors import UsageError
from cranisotropy.core.inputs import integer
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.core.units import with_units
from cranisotropy.numerics.sky.monte_carlo import _seeds, band_mask, on_one_thread, predicted_pseudo_spectrum
from cranisotropy.numerics.sky.observable import (FRAMES, B0Direction, Observatory, ObservableSpectra,
                                                   b0_direction, b0_rotator, check_spectrum, mock_alm,
                                                   observable_map, observable_spectra, observatory,
                                                   pseudo_spectrum, read_spectrum, rotate_map,
                                                   sidereal_fov_circles)

ORIENTATION_NAMES = ("parallel", "perpendicular")
#: short names of orientations in FITS column names
_SHORT = {"parallel": "PAR", "perpendicular": "PERP"}
#: the colour-bar label of gradient maps
GRADIENT_UNIT = "dI for |grad n|/n = 1/L_c"


# --------------------------------------------------------------------------- FITS

def _header_value(value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return str(value)[:68]


def write_sky_fits(path, maps, names, *, frame: str, header=(), units: str = "") -> Path:
    """Write maps (RING order) as columns of one HEALPix FITS file with ``healpy.write_map``.

    Parameters
    ----------
    path : path-like
        The file (overwritten).
    maps : array_like, shape (n, npix)
        The maps, written as float64 (read back bit for bit by ``healpy.read_map``).
    names : sequence of str
        Column names.
    frame : {"B0", "C", "G"}
        Coordinate system, written as COORDSYS (B0: the backtracker's frame, B0 along z).
    header : sequence of (key, value, comment)
        More header cards (keys of at most 8 characters).
    units : str
        TUNIT of every column.

    Returns
    -------
    Path

    Examples
    --------
    >>> import healpy as hp, tempfile
    >>> m = np.arange(12.0) / 7
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_sky_fits(f"{tmp}/m.fits", [m], ["DI"], frame="C")
    ...     back, head = hp.read_map(path, dtype=None, h=True)
    >>> bool(np.array_equal(back, m)), dict(head)["COORDSYS"], dict(head)["NSIDE"]
    (True, 'C', 1)
    """
    import healpy as hp

    maps = np.atleast_2d(np.asarray(maps, dtype=np.float64))
    if frame not in FRAMES:
        raise UsageError(f"frame must be one of {', '.join(FRAMES)}, got {frame!r}")
    if len(names) != maps.shape[0]:
        raise UsageError(f"{maps.shape[0]} maps but {len(names)} column names")
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise UsageError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    cards = [(k, _header_value(v), c) for k, v, c in header]
    cards.append(("FRAME", frame, FRAMES[frame][:47]))
    try:
        hp.write_map(str(path), list(maps), nest=False, dtype=np.float64, coord=frame,
                     column_names=list(names), column_units=[units] * len(names), extra_header=cards,
                     overwrite=True)
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    return path


@dataclass(frozen=True)
class SkyFits(Result):
    """Maps read from a HEALPix FITS file (:func:`read_sky_fits`): ``maps`` (n, npix), column
    ``names``, ``nside``, coordinate ``frame`` and the ``header`` cards."""

    path: str
    maps: np.ndarray
    names: tuple
    nside: int
    frame: str
    header: dict


def read_sky_fits(path) -> SkyFits:
    """Read every column of a HEALPix FITS map file (RING order, float64 kept bit for bit).

    Parameters
    ----------
    path : path-like
        A file written by :func:`write_sky_fits` (``sky map --fits``) or any full-sky HEALPix
        map file in RING or NESTED order (NESTED is reordered to RING).

    Returns
    -------
    SkyFits
        ``frame`` is the COORDSYS card ("C", "G", "B0"; "C" for "E"quatorial-less files is not
        assumed: a missing card gives ``None``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sky = read_sky_fits(write_sky_fits(f"{tmp}/m.fits", [np.ones(48)], ["DI"], frame="G"))
    >>> sky.nside, sky.frame, sky.names
    (2, 'G', ('DI',))
    """
    import healpy as hp

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such map file: {str(path)!r}")
    try:
        maps, head = hp.read_map(str(path), field=None, dtype=None, h=True, nest=False)
    except Exception as exc:  # astropy/healpy raise many kinds for a file that is not a map
        raise UsageError(f"{str(path)!r} is not a HEALPix FITS map: {exc}") from None
    maps = np.atleast_2d(np.asarray(maps, dtype=np.float64))
    cards = dict(head)
    names = tuple(str(cards.get(f"TTYPE{i + 1}", f"FIELD{i}")) for i in range(maps.shape[0]))
    frame = cards.get("COORDSYS")
    return SkyFits(str(path), maps, names, hp.npix2nside(maps.shape[1]),
                   None if frame is None else str(frame).strip(), cards)


# --------------------------------------------------------------------------- Mollweide drawings

def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _limit(maps) -> float:
    values = np.concatenate([np.asarray(m)[np.asarray(m) > -1e30] for m in maps])
    return float(np.max(np.abs(values))) if values.size else 1.0


def draw_mollweide(panels, path, *, ncols: int = 2, unit: str = GRADIENT_UNIT, symmetric_per_panel: bool = True,
                   overlays=None, title: str | None = None) -> Path:
    """Draw maps with healpy's Mollweide projection (``healpy.mollview``), one panel each.

    Parameters
    ----------
    panels : sequence of (map, title)
        RING-ordered maps (``healpy.UNSEEN`` pixels grey) and their titles.
    path : path-like
        PNG file.
    ncols : int
        Panels per row.
    unit : str
        Colour-bar label.
    symmetric_per_panel : bool
        Colour scale -max|dI|..max|dI| per panel (else one scale for all).
    overlays : dict, optional
        {panel index: [(ra_deg, dec_deg, style), ...]} curves drawn on a panel (lonlat).
    title : str, optional
        Figure title.

    Returns
    -------
    Path
    """
    import healpy as hp

    plt = _pyplot()
    nrows = math.ceil(len(panels) / ncols)
    fig = plt.figure(figsize=(5.4 * ncols, 3.1 * nrows + (0.5 if title else 0.0)))
    common = _limit([m for m, _ in panels])
    try:
        for i, (sky, label) in enumerate(panels):
            limit = _limit([sky]) if symmetric_per_panel else common
            hp.mollview(np.asarray(sky, dtype=float), fig=fig.number, sub=(nrows, ncols, i + 1), title=label,
                        unit=unit, min=-limit, max=limit, cmap="RdBu_r", format="%.3g", xsize=500,
                        fontsize={"title": 10, "cbar_label": 9, "cbar_tick_label": 9}, margins=(0.01, 0.06, 0.01, 0.06))
            hp.graticule(dpar=30, dmer=60, alpha=0.3)
            for ra, dec, style in (overlays or {}).get(i, []):
                hp.projplot(ra, dec, style, lonlat=True, lw=1)
        if title:
            fig.suptitle(title, fontsize=10, y=1.0)
        path = _save_small(fig, path, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


def _save_small(fig, path, **kwargs) -> Path:
    """Save a figure as a small PNG: 72 dpi, colours reduced to a 256-entry palette (Pillow)."""
    import io

    from PIL import Image

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72, **kwargs)
    buffer.seek(0)
    with Image.open(buffer) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


# --------------------------------------------------------------------------- backtracked maps

@dataclass(frozen=True)
class SkyMaps(Result):
    """Relative-intensity maps of backtracked cosmic rays (:func:`sky_maps`).

    ``maps`` has shape (orientation, time, realisation, pixel), RING order, in ``frame``;
    ``C_l`` (same leading axes, l = 0..lmax) is the angular power spectrum of each map as mapped
    (after dipole subtraction when ``dipole_subtracted``), ``C_l_mean``/``C_l_sem`` its mean and
    standard error over realisations; ``C_l_ensemble``/``C_l_ensemble_sem`` those of the full
    maps over every loaded realisation (:func:`angular_power_spectrum`, as ``backtrack analyse``).
    """

    maps: np.ndarray
    orientations: tuple
    omega_t: np.ndarray
    realisations: np.ndarray
    kind: str
    dipole_subtracted: bool
    frame: str
    b0: B0Direction | None
    nside: int
    C_l: np.ndarray
    C_l_mean: np.ndarray
    C_l_sem: np.ndarray
    C_l_ensemble: np.ndarray
    C_l_ensemble_sem: np.ndarray
    K: np.ndarray | None
    parameters: dict
    directory: str
    files: tuple = field(default=())

    def column_names(self) -> list[str]:
        """FITS column names, one per map: ORIENT_OMEGAT<t>_R<realisation>."""
        return [f"{_SHORT.get(o, o.upper())}_OMEGAT{t:g}_R{int(r)}" for o in self.orientations
                for t in self.omega_t for r in self.realisations]

    def flat_maps(self) -> np.ndarray:
        """The maps as (n, npix), in the order of :meth:`column_names`."""
        return self.maps.reshape(-1, self.maps.shape[-1])

    def to_dict(self) -> dict:
        data = {
            "files": list(self.files), "nside": self.nside, "frame": self.frame,
            "frame_meaning": FRAMES[self.frame], "b0": None if self.b0 is None else self.b0.to_dict(),
            "kind": self.kind, "dipole_subtracted": self.dipole_subtracted,
            "orientations": list(self.orientations), "omega_t": self.omega_t.tolist(),
            "realisations": self.realisations.tolist(), "columns": self.column_names(),
            "lmax": self.C_l.shape[-1] - 1, "directory": self.directory, "parameters": self.parameters,
            "map_unit": GRADIENT_UNIT if self.kind == "gradient" else "dI for a dipole of amplitude 1",
            "C_l": {o: {f"{t:g}": {"mean": self.C_l_mean[i, j].tolist(), "sem": self.C_l_sem[i, j].tolist(),
                                   "realisations": self.C_l[i, j].tolist(),
                                   "ensemble_mean": self.C_l_ensemble[i, j].tolist(),
                                   "ensemble_sem": self.C_l_ensemble_sem[i, j].tolist()}
                        for j, t in enumerate(self.omega_t)} for i, o in enumerate(self.orientations)},
            "K": None if self.K is None else self.K.tolist(),
        }
        return data

    def __str__(self) -> str:
        lines = [f"{self.maps.shape[0] * self.maps.shape[1] * self.maps.shape[2]} {self.kind} maps, nside "
                 f"{self.nside}, frame {self.frame} ({FRAMES[self.frame]})"
                 + (", dipole subtracted" if self.dipole_subtracted else "")]
        for i, o in enumerate(self.orientations):
            for j, t in enumerate(self.omega_t):
                c = self.C_l_mean[i, j]
                lines.append(f"{o:>13} Omega T = {t:<6g} <C_l> l=0..4: " + " ".join(f"{v:.3g}" for v in c[:5]))
        lines += [f"wrote {p}" for p in self.files]
        return "\n".join(lines)


def _orientations(orientation) -> tuple:
    if orientation in ("both", None):
        return ORIENTATION_NAMES
    names = (orientation,) if isinstance(orientation, str) else tuple(orientation)
    bad = [o for o in names if o not in ORIENTATION_NAMES]
    if bad or not names:
        raise UsageError(f"orientation must be 'parallel', 'perpendicular' or 'both', got {orientation!r}")
    return names


def _realisation_indices(results, realisations) -> np.ndarray:
    """Positions (in the loaded arrays) of the requested realisation numbers."""
    loaded = [int(i) for i in results.realisations]
    if realisations is None:
        return np.arange(len(loaded))
    wanted = [integer("realisation", int(r) if isinstance(r, np.integer) else r, 0)
              for r in np.atleast_1d(realisations).tolist()]
    missing = [r for r in wanted if r not in loaded]
    if missing:
        raise UsageError(f"realisation {missing[0]} is not among the finished ones "
                         f"({', '.join(map(str, loaded[:10]))}{', ...' if len(loaded) > 10 else ''})")
    return np.array([loaded.index(r) for r in wanted])


def _campaign_header(results, kind: str, dipole_subtracted: bool, b0: B0Direction | None, K) -> list:
    p = results.parameters
    cards = [("CREATOR", f"cranisotropy {__version__}", "sky map (backtracked cosmic rays)"),
             ("MAPKIND", kind, "gradient: r.g - 3 p.(K g); dipole: a.p"),
             ("DIPSUB", bool(dipole_subtracted), "monopole and dipole removed (healpy)"),
             ("BTNSIDE", p.nside, "nside of the traced directions"),
             ("NREAL", p.realisations, "realisations of the campaign"),
             ("NMODES", p.n_modes, "plane waves per realisation"),
             ("SIGMA2", p.sigma2, "<dB^2>/B_ref^2"), ("LAMMIN", p.lambda_min, "lambda_min / L_c"),
             ("LAMMAX", p.lambda_max, "lambda_max / L_c"), ("GAMMA", p.gamma, "spectral index"),
             ("RLLC", p.gyroradius, "r_L / L_c in B_ref"), ("B0BREF", p.regular_field, "B0 / B_ref"),
             ("STEP", p.path_step, "path length per step / L_c"), ("QSIGN", p.charge_sign, "charge sign"),
             ("INTEGR", p.integrator, "propagator"), ("SEED", p.seed, "master seed"),
             ("SEEDING", "SeedSequence(seed, spawn_key=(i,))", "realisation i -> PCG64"),
             ("MAPUNIT", GRADIENT_UNIT if kind == "gradient" else "dipole amplitude 1", "unit of dI")]
    if K is not None:
        cards += [(f"K{i}{j}", float(K[i, j]), "diffusion tensor / (c L_c)") for i in range(3) for j in range(3)]
    if b0 is not None:
        cards += [("B0LON", b0.lon_deg, f"B0 longitude (deg, frame {b0.frame})"),
                  ("B0LAT", b0.lat_deg, f"B0 latitude (deg, frame {b0.frame})"),
                  ("B0FRAME", b0.frame, "frame of B0LON/B0LAT"), ("PSI", b0.psi_deg, "turn about B0 (deg)")]
    return cards


def sky_maps(results, omega_t, *, orientation="both", realisations=None, kind: str = "gradient", K=None,
             dipole_subtracted: bool = False, b0=None, frame: str | None = None, lmax: int | None = None,
             fits=None, png=None) -> SkyMaps:
    """Relative-intensity sky maps of a backtracking campaign at chosen times, per realisation.

    Parameters
    ----------
    results : BacktrackResults or path-like
        From :func:`cranisotropy.load_results`, or the campaign's results directory.
    omega_t : float or sequence of float
        Backtracking times Omega T among the recorded ones.
    orientation : {"both", "parallel", "perpendicular"} or sequence
        Gradient (or dipole) along B0 (z), perpendicular to it (x), or both.
    realisations : sequence of int, optional
        Realisation numbers to map (default all finished ones).
    kind : {"gradient", "dipole"}
        dI = r(-T).g - 3 p(-T).(K g) with ``|g| = 1/L_c``, or a homogeneous dipole dI = a.p(-T)
        with ``|a| = 1``.
    K : array_like (3, 3), optional
        Diffusion tensor of the gradient state (default: the Green–Kubo estimate at the last
        recorded time, as :func:`cranisotropy.angular_power_spectrum`).
    dipole_subtracted : bool
        Remove the fitted monopole and dipole of every map (``healpy.remove_dipole``; 004 Fig. 13).
    b0 : B0Direction or (lon, lat, frame[, psi]), optional
        Direction of B0 on the sky: the maps are rotated into ``frame`` (default "C").
    frame : {"B0", "C", "G"}, optional
        Coordinates of the maps: the backtracker's frame (default without ``b0``), equatorial or
        Galactic (need ``b0``).
    lmax : int, optional
        Largest multipole of the C_l (default 3 nside - 1).
    fits : path-like, optional
        Write the maps into this HEALPix FITS file (one column per map).
    png : path-like, optional
        Draw the maps of the first requested realisation (Mollweide) into this PNG file.

    Returns
    -------
    SkyMaps
        ``maps`` (orientation, time, realisation, pixel), their ``C_l``, means and errors, the
        ensemble C_l of the full maps, and the ``files`` written; ``to_dict()`` is
        ``cranisotropy sky map --json`` (no map data).

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, run_campaign
    >>> params = CampaignParameters(nside=2, realisations=2, n_modes=8, omega_times=(0.0, 5.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = run_campaign(params, f"{tmp}/run", serial=True)
    ...     maps = sky_maps(f"{tmp}/run", 5.0, fits=f"{tmp}/maps.fits")
    ...     back = read_sky_fits(f"{tmp}/maps.fits")
    >>> maps.maps.shape, bool(np.array_equal(back.maps, maps.flat_maps())), back.frame
    ((2, 1, 2, 48), True, 'B0')
    """
    import healpy as hp

    from cranisotropy.numerics.backtrack import angular_power_spectrum, load_results
    from cranisotropy.numerics.backtrack.analysis import anafast, intensity_map, one_thread

    if not hasattr(results, "positions"):
        results = load_results(results)
    orientations = _orientations(orientation)
    picks = _realisation_indices(results, realisations)
    direction = None if b0 is None else (b0 if isinstance(b0, B0Direction) else b0_direction(*b0))
    frame = frame or ("B0" if direction is None else "C")
    if frame not in FRAMES:
        raise UsageError(f"frame must be one of {', '.join(FRAMES)}, got {frame!r}")
    if frame != "B0" and direction is None:
        raise UsageError(f"maps in frame {frame!r} need the direction of B0 (b0=(lon, lat, frame))")
    if frame == "B0" and direction is not None:
        raise UsageError("a B0 direction rotates the maps: choose frame 'C' or 'G'")
    rotator = None if direction is None else b0_rotator(direction, frame)
    nside = results.parameters.nside
    lmax = 3 * nside - 1 if lmax is None else integer("lmax", lmax, 0, 3 * nside - 1)
    spectra = [angular_power_spectrum(results, np.atleast_1d(omega_t).tolist(), kind=kind, orientation=o, K=K,
                                      lmax=lmax) for o in orientations]
    times = spectra[0].omega_t
    t_index = [int(np.flatnonzero(results.omega_times == t)[0]) for t in times]
    npix = 12 * nside**2
    maps = np.empty((len(orientations), len(times), picks.size, npix))
    cl = np.empty((len(orientations), len(times), picks.size, lmax + 1))
    with one_thread():
        for k, n in enumerate(progress(picks, desc="sky maps", unit="real")):
            r, q = results.positions[n], results.momenta[n]
            for i, spec in enumerate(spectra):
                for j, t in enumerate(t_index):
                    sky = intensity_map(kind, spec.vector, r[t], q[t], spec.K)
                    if dipole_subtracted:
                        sky = hp.remove_dipole(sky)
                    cl[i, j, k] = anafast(sky, lmax)
                    maps[i, j, k] = sky if rotator is None else rotate_map(sky, rotator)
    sem = cl.std(axis=2, ddof=1) / math.sqrt(picks.size) if picks.size > 1 else np.zeros(cl.shape[:2] + cl.shape[3:])
    ensemble = np.array([np.atleast_2d(s.C_l) for s in spectra])
    ensemble_sem = np.array([np.atleast_2d(s.C_l_sem) for s in spectra])
    out = SkyMaps(maps, orientations, np.asarray(times, dtype=float), results.realisations[picks], kind,
                  bool(dipole_subtracted), frame, direction, nside, cl, cl.mean(axis=2), sem, ensemble,
                  np.nan_to_num(ensemble_sem), spectra[0].K, results.parameters.to_json(), str(results.directory))
    files = []
    if fits is not None:
        files.append(str(write_sky_fits(fits, out.flat_maps(), out.column_names(), frame=frame,
                                        header=_campaign_header(results, kind, dipole_subtracted, direction,
                                                                spectra[0].K),
                                        units=GRADIENT_UNIT if kind == "gradient" else "")))
    if png is not None:
        files.append(str(draw_sky_maps(out, png)))
    return replace(out, files=tuple(files))


def draw_sky_maps(maps: SkyMaps, path, *, realisation: int = 0) -> Path:
    """Draw the maps of one realisation (rows: orientations, columns: times) in Mollweide projection."""
    panels = []
    for i, o in enumerate(maps.orientations):
        for j, t in enumerate(maps.omega_t):
            title = (f"{o} {'gradient' if maps.kind == 'gradient' else 'dipole'}, Omega T = {t:g}, "
                     f"realisation {int(maps.realisations[realisation])}"
                     + (", dipole subtracted" if maps.dipole_subtracted else ""))
            panels.append((maps.maps[i, j, realisation], title))
    unit = GRADIENT_UNIT if maps.kind == "gradient" else "dI (dipole amplitude 1)"
    return draw_mollweide(panels, path, ncols=len(maps.omega_t), unit=unit,
                          title=f"frame {maps.frame}: {FRAMES[maps.frame]}")


# --------------------------------------------------------------------------- what an observatory sees

@dataclass(frozen=True)
class ObservedSky(Result):
    """A sky in equatorial coordinates and what an observatory reconstructs of it (:func:`observe_sky`).

    ``sky`` (dI, equatorial, RING) and ``observable`` (the band with m = 0 removed;
    ``healpy.UNSEEN`` outside); ``C_l`` of the sky (l = 0..lmax_sky), ``pseudo_C_l`` of the
    observable and its transfer-matrix ``prediction`` (l = 0..lmax; ``prediction_band`` for the
    continuous band); ``monte_carlo`` the mean and spread over Gaussian skies (C_l input only).
    """

    source: str
    observatory: Observatory
    b0: B0Direction | None
    nside: int
    lmax: int
    sky: np.ndarray
    observable: np.ndarray
    C_l: np.ndarray
    pseudo_C_l: np.ndarray
    prediction: np.ndarray
    prediction_band: np.ndarray
    monte_carlo: ObservableSpectra | None
    sidereal_time_h: float
    files: tuple = ()

    def to_dict(self) -> dict:
        data = {"files": list(self.files), "source": self.source, "observatory": self.observatory.to_dict(),
                "b0": None if self.b0 is None else self.b0.to_dict(), "nside": self.nside, "lmax": self.lmax,
                "frame": "C", "C_l": self.C_l.tolist(), "pseudo_C_l": self.pseudo_C_l.tolist(),
                "prediction": self.prediction.tolist(), "prediction_band": self.prediction_band.tolist(),
                "sidereal_time_h": self.sidereal_time_h}
        if self.monte_carlo is not None:
            mc = self.monte_carlo
            data["monte_carlo"] = {"realisations": mc.realisations, "seed": mc.seed, "mean": mc.mean.tolist(),
                                   "spread": mc.spread.tolist(), "error": mc.error.tolist(), "z": mc.z.tolist(),
                                   "max_abs_z": mc.max_abs_z}
        return with_units(data, {"sidereal_time_h": "h"})

    def __str__(self) -> str:
        lines = [f"{self.source} seen by {self.observatory}", f"nside {self.nside}; pseudo C~_l of the observable "
                 "(band, m = 0 removed) against sum_l' M_ll' C_l' (eq. A.2):",
                 f"{'l':>3} {'C~_l':>11} {'M C_l':>11}" + (f" {'MC mean':>11} {'z':>6}" if self.monte_carlo else "")]
        for ell in range(1, self.lmax + 1):
            line = f"{ell:3d} {self.pseudo_C_l[ell]:11.4e} {self.prediction[ell]:11.4e}"
            if self.monte_carlo is not None:
                line += f" {self.monte_carlo.mean[ell]:11.4e} {self.monte_carlo.z[ell]:6.2f}"
            lines.append(line)
        if self.monte_carlo is not None:
            lines.append(f"Monte Carlo: {self.monte_carlo.realisations} skies, max |z| = "
                         f"{self.monte_carlo.max_abs_z:.2f} (z against the standard error of the mean)")
        lines += [f"wrote {p}" for p in self.files]
        return "\n".join(lines)


def _column(sky: "SkyFits", field) -> int:
    if isinstance(field, str) and not field.isdigit():
        if field not in sky.names:
            raise UsageError(f"{sky.path} has no column {field!r}; columns: {', '.join(sky.names[:12])}")
        return sky.names.index(field)
    index = integer("field", int(field), 0)
    if index >= len(sky.names):
        raise UsageError(f"{sky.path} has {len(sky.names)} column(s); field {index} does not exist")
    return index


def _equatorial(sky_map, frame, direction):
    """A map of ``frame`` in equatorial coordinates."""
    import healpy as hp

    if frame == "C":
        return np.asarray(sky_map, dtype=float)
    if frame == "G":
        return rotate_map(sky_map, hp.Rotator(coord=["G", "C"]))
    if frame == "B0":
        if direction is None:
            raise UsageError("a map in the backtracker's frame (COORDSYS B0) needs the direction of B0 "
                             "to be put on the sky (b0=(lon, lat, frame), CLI --b0-l/--b0-b or --b0-ra/--b0-dec)")
        return rotate_map(sky_map, b0_rotator(direction))
    raise UsageError(f"unknown coordinate system {frame!r} of the map (COORDSYS); expected C, G or B0")


@on_one_thread
def observe_sky(cl=None, *, sky_map=None, field=0, observatory_="HAWC", b0=None, nside: int = 32, lmax: int = 10,
                realisations: int = 1000, seed: int = 20171205, sidereal_time_h: float = 9.0, fits=None,
                png=None) -> ObservedSky:
    """What an observatory reconstructs of a sky: band, m = 0 removed, pseudo C~_l against eq. A.2.

    Seed 004 Fig. 5: a mock anisotropy in equatorial coordinates and the observable of a ground
    array (its time-integrated field of view, the m = 0 modes lost), and the pseudo power spectrum
    of the observable against the transfer-matrix prediction sum_l' M_ll' C_l'.

    Parameters
    ----------
    cl : array_like or path-like, optional
        A C_l spectrum (l = 0, 1, ...; or a file, :func:`read_spectrum`): Gaussian mock skies,
        the first of which is mapped, all of which give the Monte Carlo mean and spread.
    sky_map : path-like or array_like, optional
        Instead of ``cl``: a HEALPix FITS map (``sky map --fits``; COORDSYS C, G or B0) or an
        equatorial map array.
    field : int or str
        Column of the FITS file (index or name).
    observatory_ : str or Observatory
        "HAWC" (19 deg N, zenith < 60 deg), "IceCube" (South Pole, zenith < 65 deg) or
        :func:`observatory` (latitude, zenith cut).
    b0 : B0Direction or (lon, lat, frame[, psi]), optional
        Direction of B0: rotates a mock or a backtracker-frame map onto the sky (default for
        mocks: Galactic l = 90 deg, b = 0).
    nside : int
        Resolution of the mock skies (maps keep their own).
    lmax : int
        Largest pseudo multipole.
    realisations : int
        Mock skies of the Monte Carlo (C_l input; >= 2).
    seed : int
        Seed of the mock skies.
    sidereal_time_h : float
        Local sidereal time of the instantaneous field of view drawn in the PNG (hours).
    fits : path-like, optional
        Write the sky and the observable (equatorial, columns DI_SKY and DI_OBSERVED).
    png : path-like, optional
        Draw both (Mollweide), with the instantaneous field of view at ``sidereal_time_h``.

    Returns
    -------
    ObservedSky
        ``sky``, ``observable``, ``C_l``, ``pseudo_C_l``, ``prediction``, ``monte_carlo``,
        ``files``; ``to_dict()`` is ``cranisotropy sky observe --json``.

    Examples
    --------
    >>> from cranisotropy.numerics.sky.monte_carlo import campaign_spectrum
    >>> seen = observe_sky(campaign_spectrum(4), nside=16, lmax=4, realisations=50)
    >>> seen.observatory.band.dec_min, seen.monte_carlo.max_abs_z < 3
    (-41.0, True)
    """
    import healpy as hp

    obs = observatory_ if isinstance(observatory_, Observatory) else observatory(observatory_)
    if (cl is None) == (sky_map is None):
        raise UsageError("give exactly one sky: a C_l spectrum (cl) or a map (sky_map)")
    direction = None if b0 is None else (b0 if isinstance(b0, B0Direction) else b0_direction(*b0))
    lmax = integer("lmax", lmax, 1)
    mc = None
    if cl is not None:
        source = f"C_l spectrum {cl}" if isinstance(cl, (str, Path)) else "C_l spectrum"
        spectrum = read_spectrum(cl) if isinstance(cl, (str, Path)) else check_spectrum(cl)
        mc = observable_spectra(spectrum, obs, nside=nside, lmax=lmax, realisations=realisations, seed=seed,
                                b0=direction)
        direction = mc.b0
        alm = b0_rotator(direction).rotate_alm(mock_alm(spectrum, _seeds(seed, realisations)[0]))
        sky = hp.alm2map(alm, mc.nside, lmax=spectrum.size - 1)
        true_cl = spectrum
    else:
        if isinstance(sky_map, (str, Path)):
            data = read_sky_fits(sky_map)
            column = _column(data, field)
            source = f"{data.path} column {data.names[column]}"
            sky = _equatorial(data.maps[column], data.frame, direction)
        else:
            source, sky = "map", np.asarray(sky_map, dtype=float)
            hp.npix2nside(sky.size)
        if np.any(sky < -1e30):
            raise UsageError("the map has unseen pixels: give a full-sky map")
        true_cl = hp.anafast(sky, lmax=3 * hp.npix2nside(sky.size) - 1)
    nside_map = hp.npix2nside(sky.size)
    if lmax >= 3 * nside_map:
        raise UsageError(f"lmax {lmax} is too large for nside {nside_map} (at most {3 * nside_map - 1})")
    seen = observable_map(sky, obs.band)
    lsky = min(true_cl.size - 1, 3 * nside_map - 1 - lmax)
    pred = predicted_pseudo_spectrum(true_cl[: lsky + 1], obs.band, nside_map, lmax)
    observable = np.where(band_mask(nside_map, obs.band) > 0, seen, hp.UNSEEN)
    out = ObservedSky(source, obs, direction, nside_map, lmax, sky, observable, true_cl,
                      pseudo_spectrum(seen, lmax), pred.pixel, pred.band, mc, float(sidereal_time_h))
    files = []
    if fits is not None:
        cards = [("CREATOR", f"cranisotropy {__version__}", "sky observe"), ("OBSERVAT", obs.name, "observatory"),
                 ("LATITUDE", obs.latitude_deg, "deg"), ("ZENMAX", obs.zenith_max_deg, "zenith cut, deg"),
                 ("DECMIN", obs.band.dec_min, "deg"), ("DECMAX", obs.band.dec_max, "deg"),
                 ("SOURCE", source, "the sky")]
        if direction is not None:
            cards += [("B0LON", direction.lon_deg, f"deg, frame {direction.frame}"),
                      ("B0LAT", direction.lat_deg, f"deg, frame {direction.frame}"), ("PSI", direction.psi_deg, "deg")]
        if mc is not None:
            cards += [("SEED", int(seed), "mock sky: SeedSequence(seed).spawn(n)[0]")]
        files.append(str(write_sky_fits(fits, [sky, observable], ["DI_SKY", "DI_OBSERVED"], frame="C",
                                        header=cards)))
    if png is not None:
        files.append(str(draw_observed(out, png)))
    return replace(out, files=tuple(files))


def draw_observed(seen: ObservedSky, path) -> Path:
    """Seed 004 Fig. 5 for ``seen``: the sky with the instantaneous field of view at the sidereal
    time (zenith angles 30 deg and the cut), and the observable in the time-integrated band."""
    obs = seen.observatory
    circles = sidereal_fov_circles(obs, seen.sidereal_time_h, (30.0, obs.zenith_max_deg))
    overlay = [(ra, dec, "k--") for ra, dec in circles]
    return draw_mollweide(
        [(seen.sky, f"sky (equatorial); {obs.name} field of view at {seen.sidereal_time_h:g} h sidereal time"),
         (seen.observable, f"observable: {obs.band.dec_min:g} < dec < {obs.band.dec_max:g} deg, m = 0 removed")],
        path, ncols=1, unit="dI", overlays={0: overlay}, symmetric_per_panel=False)


# --------------------------------------------------------------------------- the topic guide's map figures

def draw_observable_spectra(runs, path) -> Path:
    """Mean pseudo C~_l of the observable (Monte Carlo, error of the mean and spread) against the
    transfer-matrix prediction, one colour per :class:`ObservableSpectra`, with the pulls below."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 6.2), gridspec_kw={"height_ratios": [3, 1.3]})
    try:
        for k, run in enumerate(runs):
            ells = np.arange(1, run.lmax + 1)
            shift, color = 0.1 * (2 * k - len(runs) + 1), f"C{k}"
            top.fill_between(ells, (run.mean - run.spread)[1:], (run.mean + run.spread)[1:], color=color, alpha=0.12,
                             lw=0)
            top.errorbar(ells + shift, run.mean[1:], yerr=run.error[1:], fmt="os"[k % 2], ms=4, color=color,
                         label=f"{run.observatory.name} ({run.observatory.band.dec_min:g}..{run.observatory.band.dec_max:g}"
                               f" deg): mean of {run.realisations} skies")
            top.plot(ells, run.prediction[1:], "-", color=color, lw=1.2, label=f"{run.observatory.name}: sum M_ll' C_l'")
            bottom.plot(ells + shift, run.z[1:], "os"[k % 2], ms=4, color=color)
        ells = np.arange(1, runs[0].lmax + 1)
        top.plot(ells, runs[0].input_cl[1: runs[0].lmax + 1], "k--", lw=1, label="sky C_l")
        top.set(yscale="log", ylabel="pseudo C~_l of the observable (dI^2)",
                title="Observable pseudo C~_l: Monte Carlo (points; bands: spread)\nvs transfer matrix (lines, eq. A.2)")
        top.legend(fontsize=8)
        bottom.axhspan(-3, 3, color="0.92")
        bottom.axhline(0, color="k", lw=0.5)
        bottom.set(xlabel="multipole l", ylabel="(mean - M C)/error", ylim=(-4.5, 4.5))
        fig.tight_layout()
        path = _save_small(fig, path)
    finally:
        plt.close(fig)
    return path


@dataclass(frozen=True)
class SkyMapFigures(Result):
    """Paths of the figures written by :func:`sky_map_figures`, and the Monte Carlo comparisons."""

    figures: tuple
    spectra: tuple

    def to_dict(self) -> dict:
        return {"figures": list(self.figures),
                "observable_spectra": {s.observatory.name: {"max_abs_z": s.max_abs_z, "z": s.z.tolist()}
                                       for s in self.spectra}}

    def __str__(self) -> str:
        lines = [f"{s.observatory.name}: observable pseudo C_l vs transfer matrix, max |z| = {s.max_abs_z:.2f} "
                 f"over l = 1..{s.lmax}" for s in self.spectra]
        return "\n".join(lines + [f"wrote {p}" for p in self.figures])


#: the small campaign of :func:`sky_map_figures`: the quick preset's physics at nside 16
FIGURE_CAMPAIGN = {"nside": 16, "realisations": 4, "n_modes": 128, "omega_times": (0.0, 10.0, 30.0, 100.0)}
#: B0 direction of the observed-sky figure (Galactic l = 90 deg, b = 0: along the local arm; illustrative)
FIGURE_B0 = ("90deg", "0deg", "G")


def sky_map_figures(output_dir=None, *, results=None, realisations: int = 1000) -> SkyMapFigures:
    """Draw the sky-map figures of the topic guide (docs/sky.md) into a folder.

    ``sky_map_gradients.png`` (gradient parallel and perpendicular to B0, full and dipole
    subtracted, as 004 Fig. 13), ``sky_map_observed.png`` (a backtracked map rotated for a B0
    direction, HAWC's instantaneous field of view, and what HAWC and an IceCube-like array
    reconstruct, as 004 Fig. 5) and ``sky_map_pseudo_cl.png`` (observable pseudo C~_l over
    Monte Carlo skies against the transfer matrix).

    Parameters
    ----------
    output_dir : path-like, optional
        Folder for the PNG files (default ``./cranisotropy-output``; created).
    results : BacktrackResults or path-like, optional
        A campaign to map (recording Omega T = 30); default: a small campaign
        (:data:`FIGURE_CAMPAIGN`: the quick preset at nside 16 with 4 realisations) run in a
        temporary folder; the whole function takes about 25 s of CPU.
    realisations : int
        Monte Carlo skies per observatory for the pseudo-C_l figure (1000 for the committed one).

    Returns
    -------
    SkyMapFigures
        ``figures`` (paths) and ``spectra`` (:class:`ObservableSpectra` of HAWC and IceCube).

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, run_campaign
    >>> params = CampaignParameters(nside=2, realisations=2, n_modes=8, omega_times=(0.0, 30.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = run_campaign(params, f"{tmp}/run", serial=True)
    ...     made = sky_map_figures(tmp, results=f"{tmp}/run", realisations=20)
    >>> [Path(p).name for p in made.figures]
    ['sky_map_gradients.png', 'sky_map_observed.png', 'sky_map_pseudo_cl.png']
    """
    from cranisotropy.core.paths import output_dir as checked_dir
    from cranisotropy.numerics.backtrack import CampaignParameters, load_results, run_campaign
    from cranisotropy.numerics.sky.monte_carlo import campaign_spectrum

    out = checked_dir(output_dir)
    with tempfile.TemporaryDirectory() as scratch:
        if results is None:
            params = CampaignParameters.preset("quick").replace(**FIGURE_CAMPAIGN)
            run_campaign(params, Path(scratch) / "campaign", serial=True)
            results = Path(scratch) / "campaign"
        results = results if hasattr(results, "positions") else load_results(results)
        full = sky_maps(results, 30.0, realisations=[int(results.realisations[0])])
        subtracted = sky_maps(results, 30.0, realisations=[int(results.realisations[0])], dipole_subtracted=True)
    panels = []
    for i, o in enumerate(full.orientations):
        panels += [(full.maps[i, 0, 0], f"{o} gradient, Omega T = 30"),
                   (subtracted.maps[i, 0, 0], f"{o} gradient, Omega T = 30, dipole subtracted")]
    written = [draw_mollweide(panels, out / "sky_map_gradients.png", ncols=2,
                              title=f"backtracked sky (nside {full.nside}, realisation "
                                    f"{int(full.realisations[0])}); frame: z along B0, x along the perpendicular gradient")]
    direction = b0_direction(*FIGURE_B0)
    sky = rotate_map(full.maps[0, 0, 0], b0_rotator(direction))
    seen = {name: observe_sky(sky_map=sky, observatory_=name, lmax=min(10, 3 * full.nside - 1), b0=direction)
            for name in ("HAWC", "IceCube")}
    h = seen["HAWC"]
    circles = sidereal_fov_circles(h.observatory, h.sidereal_time_h, (30.0, h.observatory.zenith_max_deg))
    written.append(draw_mollweide(
        [(sky, "parallel-gradient map, equatorial, B0 to (l, b) = (90, 0) deg;\n"
               f"dashed: HAWC's zenith angles 30, 60 deg at {h.sidereal_time_h:g} h sidereal"),
         (h.observable, "HAWC (19 N, zenith < 60 deg):\n-41 < dec < 79 deg, m = 0 removed"),
         (seen["IceCube"].observable, "IceCube-like (South Pole, zenith < 65 deg):\ndec < -25 deg, m = 0 removed")],
        out / "sky_map_observed.png", ncols=3, unit=GRADIENT_UNIT, overlays={0: [(ra, dec, "k--") for ra, dec in circles]},
        symmetric_per_panel=False))
    cl = campaign_spectrum(10)
    runs = tuple(observable_spectra(cl, observatory(name), nside=32, lmax=10, realisations=realisations)
                 for name in ("HAWC", "IceCube"))
    written.append(draw_observable_spectra(runs, out / "sky_map_pseudo_cl.png"))
    return SkyMapFigures(tuple(str(p) for p in written), runs)
