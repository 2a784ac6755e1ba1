"""Figures of the observation side (the committed ones are docs/figures/sky_*.png).

Each ``*_figure`` function draws one figure into a given PNG path; :func:`sky_figures` draws
them all into an output folder (``cranisotropy sky figures``; ``cranisotropy regenerate
--docs`` refreshes the committed copies).
"""
from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.results import Result
from cranisotropy.numerics.sky._validate import integer
from cranisotropy.numerics.sky.compton_getting import solar_dipole_track
from cranisotropy.numerics.sky.coupling import coupling_blocks, transfer_matrix
from cranisotropy.numerics.sky.dipole import dipole_transition_element, ra_projection_factor
from cranisotropy.numerics.sky.geometry import Band
from cranisotropy.numerics.sky.monte_carlo import HAWC, SkyValidation, validate_sky

DPI = 100
#: observatories marked on the dipole-factor figure: name -> latitude (deg)
OBSERVATORIES = {"IceCube": -90.0, "HAWC": 19.0, "Tibet": 30.0}


def _figure(**kwargs):
    """A matplotlib Figure outside pyplot (no global state, no backend switch)."""
    from matplotlib.figure import Figure

    return Figure(**kwargs)


def _save(fig, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    return path


def transfer_matrix_figure(band: Band, lmax: int, path) -> Path:
    """Transfer matrix with m = 0 filtering (eq. A.2) beside the standard MASTER matrix."""
    blocks = coupling_blocks(band, lmax)
    filtered, master = transfer_matrix(blocks), transfer_matrix(blocks, filter_m0=False)
    fig = _figure(figsize=(13, 4.2))
    axes = fig.subplots(1, 3)
    for ax, mat, title in ((axes[0], filtered, "M (m = 0 filtered, eq. A.2)"), (axes[1], master, "MASTER (no filter)")):
        im = ax.imshow(np.log10(np.maximum(np.abs(mat), 1e-6)), origin="lower", cmap="viridis", vmin=-6, vmax=0)
        ax.set(title=title, xlabel="true multipole l'")
    axes[0].set_ylabel("pseudo multipole l")
    fig.colorbar(im, ax=axes[:2], label="log10 |M_ll'|", shrink=0.85)
    ells = np.arange(lmax + 1)
    axes[2].plot(ells[1:], np.diagonal(master)[1:], "o-", ms=3, label="MASTER diagonal")
    axes[2].plot(ells[1:], np.diagonal(filtered)[1:], "s-", ms=3, label="m = 0 filtered diagonal")
    axes[2].axhline(band.f_sky, color="gray", ls=":", label=f"f_sky = {band.f_sky:.3f}")
    axes[2].set(xlabel="l", ylabel="M_ll", ylim=(0, None), title="diagonal: power kept per multipole")
    axes[2].legend(fontsize=8)
    fig.suptitle(f"declination band {band.dec_min:g} < dec < {band.dec_max:g} deg")
    return _save(fig, path)


def monte_carlo_figure(report: SkyValidation, path) -> Path:
    """Mean pseudo C~_l of Monte Carlo skies vs the predictions (upper) and the pulls (lower)."""
    fig = _figure(figsize=(8, 7))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    ells = np.arange(1, report.lmax + 1)
    top.plot(ells, np.asarray(report.input_cl)[1: report.lmax + 1], "k--", lw=1, label="input C_l")
    for k, (name, r) in enumerate(report.spectra.items()):
        mean, err = np.asarray(r["mean"])[1:], np.asarray(r["error"])[1:]
        color, shift = f"C{k}", 0.12 * (k - 1)
        top.errorbar(ells + shift, mean, yerr=err, fmt="osD^"[k % 4], ms=3.5, color=color, label=f"MC: {name}")
        top.plot(ells, np.asarray(r["prediction_pixel"])[1:], "-", color=color, lw=1)
        bottom.plot(ells + shift, r["z"], "o", ms=3.5, color=color)
    top.set(yscale="log", ylabel="pseudo C~_l (lines: sum_l' M_ll' C_l' + N_l)",
            title=f"{report.realisations} healpy skies per run, nside {report.nside}, band "
                  f"{report.band.dec_min:g}..{report.band.dec_max:g} deg")
    top.legend(fontsize=8)
    bottom.axhspan(-2, 2, color="0.9")
    bottom.axhline(0, color="k", lw=0.5)
    bottom.set(xlabel="multipole l", ylabel="(MC - prediction)/error", ylim=(-5, 5))
    return _save(fig, path)


def dipole_factors_figure(path) -> Path:
    """f_sky, K11 (eq. 27) and the RA-projection factor (eq. 25) against the observatory latitude."""
    fig = _figure(figsize=(7.5, 4.5))
    ax = fig.subplots()
    latitudes = np.linspace(-90, 90, 181)
    for zenith, style in ((45.0, "-"), (65.0, "--")):
        bands = [Band.from_zenith_cut(lat, zenith) for lat in latitudes]
        ax.plot(latitudes, [b.f_sky for b in bands], style, color="C0", label=f"f_sky, zenith < {zenith:g} deg")
        ax.plot(latitudes, [dipole_transition_element(b) for b in bands], style, color="C1",
                label=f"K11 (eq. 27), zenith < {zenith:g} deg")
        ax.plot(latitudes, [ra_projection_factor(b) for b in bands], style, color="C2",
                label=f"RA projection A~1/A1 (eq. 25), zenith < {zenith:g} deg")
    for name, lat in OBSERVATORIES.items():
        ax.axvline(lat, color="0.7", lw=0.8)
        ax.annotate(name, (lat, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -3),
                    textcoords="offset points", rotation=90, va="top", fontsize=8, color="0.4")
    ax.set(xlabel="observatory latitude (deg)", ylabel="factor", xlim=(-92, 92), ylim=(0, 1.05),
           title="How much of a dipole a ground array sees")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return _save(fig, path)


def solar_dipole_figure(path, gamma: float = 2.7) -> Path:
    """Solar Compton–Getting dipole over a year in the sidereal (eq. 61) and solar (eq. 62) frames."""
    track = solar_dipole_track(gamma, samples=365)
    days = track.orbital_phase / (2 * math.pi) * 365.25
    fig = _figure(figsize=(11, 3.8))
    axes = fig.subplots(1, 2, sharey=True)
    for ax, vectors, title in ((axes[0], track.sidereal, "sidereal frame (eq. 61)"),
                               (axes[1], track.solar, "solar frame (eq. 62)")):
        for i, label in enumerate(("0h", "6h", "N")):
            ax.plot(days, vectors[i] * 1e4, label=f"delta_{label}")
            ax.axhline(vectors[i].mean() * 1e4, color=f"C{i}", ls=":", lw=1)
        ax.set(title=title, xlabel="days after the autumnal equinox (t = 0)")
    axes[0].set_ylabel("dipole component / 1e-4")
    axes[1].legend(fontsize=8)
    fig.suptitle(f"Earth's orbit, Gamma = {gamma}: dotted = yearly means "
                 f"(solar frame: {np.linalg.norm(track.solar.mean(axis=1)):.2e} towards 6h)", y=1.03)
    return _save(fig, path)


@dataclass(frozen=True)
class SkyFigures(Result):
    """Paths of the figures written by :func:`sky_figures` (``cranisotropy sky figures --json``)."""

    figures: tuple

    def __str__(self) -> str:
        return "\n".join(f"wrote {p}" for p in self.figures)


def sky_figures(output_dir=None, *, realisations: int = 2000) -> SkyFigures:
    """Draw the figures of the sky topic guide (docs/sky.md) into a folder.

    Parameters
    ----------
    output_dir : path-like, optional
        Folder for the PNG files (default ``./cranisotropy-output``; created).
    realisations : int
        Monte Carlo skies per run of the pseudo-C_l figure (>= 2; 2000 for the committed one).

    Returns
    -------
    SkyFigures
        ``.figures``: the paths written (``sky_transfer_matrix.png``, ``sky_dipole_factors.png``,
        ``sky_solar_cg.png``, ``sky_mc_pseudo_cl.png``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     names = [Path(p).name for p in sky_figures(tmp, realisations=4).figures]
    >>> names
    ['sky_transfer_matrix.png', 'sky_dipole_factors.png', 'sky_solar_cg.png', 'sky_mc_pseudo_cl.png']
    """
    from cranisotropy.core.paths import output_dir as _output_dir

    out = _output_dir(output_dir)
    written = [transfer_matrix_figure(HAWC, 30, out / "sky_transfer_matrix.png"),
               dipole_factors_figure(out / "sky_dipole_factors.png"),
               solar_dipole_figure(out / "sky_solar_cg.png")]
    with tempfile.TemporaryDirectory() as checkpoints:      # the campaign's running sums are scratch
        report = validate_sky(HAWC, nside=32, lmax=20, realisations=integer("realisations", realisations, 2), events=1e8,
                              seed=20171201, output_dir=checkpoints)
    written.append(monte_carlo_figure(report, out / "sky_mc_pseudo_cl.png"))
    return SkyFigures(tuple(str(p) for p in written))
