"""Figures of the observation side (docs/figures/sky_*.png)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from cranisotropy.numerics.sky import analysis as sky
from cranisotropy.numerics.sky import compton_getting as sky_compton_getting
from cranisotropy.numerics.sky import monte_carlo as sky_mc

DPI = 100


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    _pyplot().close(fig)
    return path


def transfer_matrix_figure(band: sky.Band, lmax: int, path: Path) -> Path:
    """Transfer matrix with m = 0 filtering (eq. A.2) beside the standard MASTER matrix."""
    plt = _pyplot()
    blocks = sky.coupling_blocks(band, lmax)
    filtered, master = sky.transfer_matrix(blocks), sky.transfer_matrix(blocks, filter_m0=False)
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    floor = 1e-6
    for ax, mat, title in ((axes[0], filtered, "M (m = 0 filtered, eq. A.2)"), (axes[1], master, "MASTER (no filter)")):
        im = ax.imshow(np.log10(np.maximum(np.abs(mat), floor)), origin="lower", cmap="viridis", vmin=-6, vmax=0)
        ax.set(title=title, xlabel="true multipole l'", ylabel="pseudo multipole l")
    fig.colorbar(im, ax=axes[:2], label="log10 |M_ll'|", shrink=0.85)
    ells = np.arange(lmax + 1)
    axes[2].plot(ells[1:], np.diagonal(master)[1:], "o-", ms=3, label="MASTER diagonal")
    axes[2].plot(ells[1:], np.diagonal(filtered)[1:], "s-", ms=3, label="m = 0 filtered diagonal")
    axes[2].axhline(band.f_sky, color="gray", ls=":", label=f"f_sky = {band.f_sky:.3f}")
    axes[2].axhline(band.f_sky * 0, color="k", lw=0.5)
    axes[2].set(xlabel="l", ylabel="M_ll", title="diagonal: power kept per multipole")
    axes[2].legend(fontsize=8)
    fig.suptitle(f"declination band {band.dec_min:g} < dec < {band.dec_max:g} deg")
    return _save(fig, path)


def monte_carlo_figure(report: dict, path: Path) -> Path:
    """Mean pseudo C~_l of Monte Carlo skies vs the predictions (upper) and the pulls (lower)."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    lmax = report["lmax"]
    ells = np.arange(1, lmax + 1)
    cl = np.asarray(report["input_cl"])[1: lmax + 1]
    top.plot(ells, cl, "k--", lw=1, label="input C_l")
    markers = iter("osD^")
    for k, (name, r) in enumerate(report["spectra"].items()):
        mean, err = np.asarray(r["mean"])[1:], np.asarray(r["error"])[1:]
        color = f"C{k}"
        top.errorbar(ells + 0.12 * (k - 1), mean, yerr=err, fmt=next(markers), ms=3.5, color=color,
                     label=f"MC: {name}")
        top.plot(ells, np.asarray(r["prediction_pixel"])[1:], "-", color=color, lw=1)
        bottom.plot(ells + 0.12 * (k - 1), r["z"], "o", ms=3.5, color=color)
    top.set(yscale="log", ylabel="pseudo C~_l (lines: sum_l' M_ll' C_l' + N_l)",
            title=f"{report['realisations']} healpy skies per run, nside {report['nside']}, band "
                  f"{report['band']['dec_min']:g}..{report['band']['dec_max']:g} deg")
    top.legend(fontsize=8)
    bottom.axhspan(-2, 2, color="0.9")
    bottom.axhline(0, color="k", lw=0.5)
    bottom.set(xlabel="multipole l", ylabel="(MC - prediction)/error", ylim=(-5, 5))
    return _save(fig, path)


def dipole_factors_figure(path: Path) -> Path:
    """f_sky, K11 (eq. 27) and the RA-projection factor (eq. 25) against the observatory latitude."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    latitudes = np.linspace(-90, 90, 181)
    for zenith, style in ((45.0, "-"), (65.0, "--")):
        bands = [sky.Band.from_zenith_cut(lat, zenith) for lat in latitudes]
        ax.plot(latitudes, [b.f_sky for b in bands], style, color="C0", label=f"f_sky, zenith < {zenith:g} deg")
        ax.plot(latitudes, [sky.dipole_transition_element(b) for b in bands], style, color="C1",
                label=f"K11 (eq. 27), zenith < {zenith:g} deg")
        ax.plot(latitudes, [sky.ra_projection_factor(b) for b in bands], style, color="C2",
                label=f"RA projection A~1/A1 (eq. 25), zenith < {zenith:g} deg")
    for name, lat in (("IceCube", -90), ("HAWC", 19), ("Tibet", 30)):
        ax.axvline(lat, color="0.7", lw=0.8)
        ax.text(lat + 1, 0.03, name, rotation=90, fontsize=8, color="0.4")
    ax.set(xlabel="observatory latitude (deg)", ylabel="factor", ylim=(0, 1.05),
           title="How much of a dipole a ground array sees")
    ax.legend(fontsize=7, loc="lower center")
    return _save(fig, path)


def solar_dipole_figure(path: Path, gamma: float = 2.7) -> Path:
    """Solar Compton–Getting dipole over a year in the sidereal (eq. 61) and solar (eq. 62) frames."""
    plt = _pyplot()
    track = sky_compton_getting.solar_dipole_track(gamma, samples=365)
    days = track["orbital_phase"] / (2 * math.pi) * 365.25
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for ax, key, title in ((axes[0], "sidereal", "sidereal frame (eq. 61)"), (axes[1], "solar", "solar frame (eq. 62)")):
        for i, label in enumerate(("0h", "6h", "N")):
            ax.plot(days, track[key][i] * 1e4, label=f"delta_{label}")
            ax.axhline(track[key][i].mean() * 1e4, color=f"C{i}", ls=":", lw=1)
        ax.set(title=title, xlabel="days after the autumnal equinox (t = 0)")
    axes[0].set_ylabel("dipole component / 1e-4")
    axes[1].legend(fontsize=8)
    fig.suptitle(f"Earth's orbit, Gamma = {gamma}: dotted = yearly means "
                 f"(solar frame: {np.linalg.norm(track['solar'].mean(axis=1)):.2e} towards 6h)")
    return _save(fig, path)


def all_figures(output_dir: Path | None = None, realisations: int = 2000) -> list[Path]:
    """Redraw every sky figure of docs/sky.md."""
    from cranisotropy.core import paths

    out = paths.output_dir(output_dir)
    hawc = sky.Band(-26.0, 64.0)
    written = [transfer_matrix_figure(hawc, 30, out / "sky_transfer_matrix.png"),
               dipole_factors_figure(out / "sky_dipole_factors.png"),
               solar_dipole_figure(out / "sky_solar_cg.png")]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        report = sky_mc.validation_campaign(hawc, 32, 20, realisations, 1e8, 20171201, Path(tmp))
    written.append(monte_carlo_figure(report, out / "sky_mc_pseudo_cl.png"))
    return written
