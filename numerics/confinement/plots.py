"""Figures of CR self-confinement (seed 000, Sec. II): profiles, zones, F(Pi), spectral break.

:func:`confinement_figures` draws all four into a folder (``cranisotropy validate confinement
--figures`` into its ``--output-dir``; ``cranisotropy regenerate --docs`` into docs/figures).
"""
from __future__ import annotations

from math import exp, sqrt
from pathlib import Path

import numpy as np
import sympy as sp

from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement import pde
from cranisotropy.numerics.confinement.similarity import (
    factor_F,
    interpolation_profile,
    similarity_solution,
)
from cranisotropy.numerics.confinement.spectrum import (
    PowerLawSource,
    core_spectrum,
    momentum_spectrum,
    pedestal_spectrum,
    spectral_break,
)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    _plt().close(fig)
    return Path(path)


def figure_profiles(path: Path, pis=(0.3, 3.0, 12.0)) -> Path:
    """Late-time PDE profiles, the exact similarity profile and formula (5); below, the relative
    deviations of both from the exact profile on a log scale (the PDE's are ~1e-4, formula
    (5)'s ~1e-1, so neither hides the other)."""
    plt = _plt()
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7.0, 6.8), sharex=True,
                                  gridspec_kw={"height_ratios": (3, 2)})
    for k, (colour, marker, pi) in enumerate(zip(("C0", "C1", "C2"), ("o", "s", "^"), pis)):
        t_end = pde.self_similar_time(pi, 1.0, 1e4)
        sol = pde.solve_escape([t_end], pi)
        scale = sqrt(t_end)
        x = sol.centres / scale
        sim = similarity_solution(pi)
        grid = np.geomspace(1e-4 * sqrt(sim.kappa_nl), 4.0, 400)
        exact, g5 = sim.shape(grid), interpolation_profile(grid, sim.kappa_nl)
        keep = (sol.centres > 3) & (x < 4)
        p_pde = sol.p[-1][keep] * scale
        ax.loglog(grid, exact, color=colour, lw=2.4, alpha=0.45, zorder=1, label=f"Pi = {pi:g}")
        ax.loglog(grid, g5, color=colour, ls="--", lw=1.2, zorder=2)
        ax.loglog(x[keep][::5], p_pde[::5], marker, ms=4, color=colour, mfc="white", mew=1.0, zorder=3)
        ax2.loglog(grid, np.abs(g5 / exact - 1), color=colour, ls="--", lw=1.2)
        # the three PDE deviations are all ~1e-4: staggered markers keep each one visible
        ax2.loglog(x[keep], np.abs(p_pde / sim.shape(x[keep]) - 1), color=colour, lw=0.8,
                   marker=marker, ms=3.5, mfc="white", markevery=(2 * k, 6))
    pedestal = sp.lambdify(cf.xi, cf.interpolation_limits()["pedestal"], "numpy")
    ax.loglog(grid, pedestal(grid), color="0.5", lw=0.8, ls=":")
    ax.plot([], [], "k-", lw=2.4, alpha=0.45, label="exact (Lambert-W)")
    ax.plot([], [], "k--", lw=1.2, label="formula (5), F exact")
    ax.plot([], [], "ko", mfc="white", ms=4, label="PDE, late time (o, s, ^)")
    ax.plot([], [], ":", color="0.5", label="pedestal 2/xi")
    ax.set_ylim(1e-3, None)
    ax.set_ylabel(r"$P_{CR}\, C_A \sqrt{\kappa_{ISM} t} / \kappa_B$")
    ax.set_title("Self-regulated escape: late-time profiles")
    ax.legend(fontsize=7, ncol=2)
    ax2.set_ylim(1e-6, 2.0)
    ax2.set_xlabel(r"$\xi = z / \sqrt{\kappa_{ISM} t}$")
    ax2.set_ylabel("|relative to exact|\n(dashed: (5); markers: PDE)")
    ax2.grid(True, which="major", axis="y", color="0.9", lw=0.6)
    return _save(fig, path)


def figure_zones(path: Path, pi: float = 20.0) -> Path:
    """Local slope d ln P / d ln z of the exact profile: core (0), pedestal (-1), Gaussian tail."""
    plt = _plt()
    sim = similarity_solution(pi)
    x, slope = sim.slope()
    keep = (x > 1e-3 * sqrt(sim.kappa_nl)) & (x < 4)
    g = sim.shape(x[keep])
    g5 = interpolation_profile(x[keep], sim.kappa_nl)
    slope5 = np.gradient(np.log(g5), np.log(x[keep]))
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(7.0, 5.6), sharex=True)
    a1.loglog(x[keep], g, label="exact")
    a1.loglog(x[keep], g5, "--", label="formula (5)")
    a2.semilogx(x[keep], slope[keep], label="exact")
    a2.semilogx(x[keep], slope5, "--", label="formula (5)")
    for ax in (a1, a2):
        for edge in (sqrt(sim.kappa_nl), 1.0):
            ax.axvline(edge, color="0.6", lw=0.8)
    a2.axhline(-1, color="0.6", ls=":", lw=0.8)
    a2.set_ylim(-6, 0.5)
    a1.text(0.03, 0.08, "core", transform=a1.transAxes)
    a1.text(0.45, 0.08, "pedestal  P ~ 1/z", transform=a1.transAxes)
    a1.text(0.88, 0.08, "tail", transform=a1.transAxes)
    a1.set_ylabel(r"$P_{CR} C_A \sqrt{\kappa_{ISM} t}/\kappa_B$")
    a2.set_ylabel(r"$d\ln P / d\ln z$")
    a2.set_xlabel(r"$z / \sqrt{\kappa_{ISM} t}$  (lines: $\sqrt{D_{NL}/D_{ISM}}$ and 1)")
    a1.set_title(f"Three zones, Pi = {pi:g}")
    a1.legend(fontsize=8)
    return _save(fig, path)


def figure_F(path: Path) -> Path:
    """F(Pi): exact (core height), the F that normalises (5), the derived limits and the text's."""
    plt = _plt()
    pis = np.geomspace(0.01, 40, 40)
    small = sp.lambdify(cf.Pi, cf.small_pi_limit_of_F(), "numpy")
    large = float(cf.large_pi_limit_of_F())
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.loglog(pis, [factor_F(p) for p in pis], label="exact (core height)")
    ax.loglog(pis, [factor_F(p, "normalised") for p in pis], "--", label="normalising (5) to Pi")
    ax.loglog(pis, small(pis), ":", color="C2", label=r"$4\pi/\Pi^2$ (derived limit)")
    ax.loglog(pis, 2 * np.pi / pis**2, ":", color="C3", label=r"$2\pi/\Pi^2$ (text)")
    ax.axhline(large, color="0.5", lw=0.8, label="2e")
    ax.set_ylim(1, 1e5)
    ax.set_xlabel(r"$\Pi$")
    ax.set_ylabel(r"$F(\Pi) = D_{NL} e^{\Pi} / D_{ISM}$")
    ax.legend(fontsize=8)
    return _save(fig, path)


def figure_break(path: Path, source: PowerLawSource | None = None, xi_over_core: float = 2.0) -> Path:
    """Spectrum at fixed z/sqrt(t): pedestal (P ~ kappa_B) below the break, core above."""
    plt = _plt()
    source = source or PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    xi = xi_over_core * sqrt(factor_F(source.pi0) * exp(-source.pi0))
    brk = spectral_break(xi, source)
    momenta = np.geomspace(0.02, 50, 36)
    spec = momentum_spectrum(xi, source, momenta)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.loglog(momenta, spec, label="exact similarity solution")
    ax.loglog(momenta, pedestal_spectrum(xi, source, momenta), ":", label=r"pedestal $2\kappa_B/(C_A z)$")
    ax.loglog(momenta, [core_spectrum(source, p) for p in momenta], ":",
              label=r"core $2\kappa_B/(C_A\sqrt{D_{NL} t})$")
    ax.axvline(brk.criterion, color="k", lw=0.8, label=r"$z^2/t = D_{NL}(p)$")
    ax.axvline(brk.measured, color="C3", lw=0.8, ls="--", label="mid-slope break")
    ax.set_ylim(spec.min() / 3, spec.max() * 3)
    ax.set_xlabel(r"$p / p_0$")
    ax.set_ylabel(r"$P_{CR} C_A \sqrt{t} / \kappa_B(p_0)$")
    ax.set_title(rf"Spectral break: $\Pi = {source.pi0:g}(p/p_0)^{{-{source.pi_index:g}}}$")
    ax.legend(fontsize=8)
    return _save(fig, path)


#: the committed figures, by file name
FIGURES = {"confinement_profiles.png": figure_profiles, "confinement_zones.png": figure_zones,
           "confinement_F.png": figure_F, "confinement_break.png": figure_break}


def confinement_figures(output_dir=None, *, which=None) -> list[Path]:
    """Draw the four figures of the confinement topic into a folder.

    ``confinement_profiles.png`` (late-time PDE vs exact profile vs formula (5), with their
    deviations), ``confinement_zones.png`` (core / pedestal / tail from the local slope),
    ``confinement_F.png`` (F(Pi) and its limits), ``confinement_break.png`` (the spectral break).

    Parameters
    ----------
    output_dir : str or Path, optional
        Folder to write into (created); default ``./cranisotropy-output``.
    which : sequence of str, keyword-only
        Only these file names (default: all four).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in confinement_figures(folder, which=["confinement_zones.png"])]
    ['confinement_zones.png']
    """
    from cranisotropy.core.errors import UsageError
    from cranisotropy.core.paths import output_dir as resolve

    names = list(FIGURES) if which is None else list(which)
    unknown = sorted(set(names) - set(FIGURES))
    if unknown:
        raise UsageError(f"unknown figure {unknown[0]!r}; known: {', '.join(FIGURES)}")
    folder = resolve(output_dir)
    return [FIGURES[name](folder / name) for name in names]
