"""Figures of the multipole topic (``cranisotropy multipoles-figures``, docs/figures/multipoles_*.png).

- ``multipoles_hierarchy.png``: seed 003 Fig. 1 model curves -- C_l/C_1 of eq. 20 at several
  nu T and the limit of eq. 21 -- and the hierarchy's total power against eq. 13;
- ``multipoles_generalized_bgk.png``: seed 002 Fig. 3 model curves -- C_l/C_1 for
  nu_r ~ (1-x)^p, p = 1/3, 1/2, 2/3, derived (solution of eq. 4.6) and as printed (eq. 4.7);
- ``multipoles_bgk_monte_carlo.png``: running BGK diffusion tensor, Monte Carlo vs derived.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.paths import output_dir as _output_dir
from cranisotropy.core.results import Result
from cranisotropy.numerics.multipoles.bgk import SEED, bgk_running_tensor, simulate_bgk
from cranisotropy.numerics.multipoles.generalized_bgk import generalized_bgk_ratios
from cranisotropy.numerics.multipoles.hierarchy import hierarchy_cl, hierarchy_ratios, hierarchy_total_power

__all__ = ["FIGURES", "hierarchy_figure", "generalized_bgk_figure", "bgk_monte_carlo_figure", "multipole_figures"]

#: the file names of :func:`multipole_figures`
FIGURES = ("multipoles_hierarchy.png", "multipoles_generalized_bgk.png", "multipoles_bgk_monte_carlo.png")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def hierarchy_figure(path: Path, lmax: int = 30, times=(0.03, 0.1, 0.3, 1.0)) -> Path:
    """C_l(T)/C_1(T) of the hierarchy at each nu T in ``times`` and T -> oo; its total power vs eq. 13."""
    plt = _pyplot()
    ells = np.arange(1, lmax + 1)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 4.2))
    colours = plt.cm.viridis(np.linspace(0.1, 0.85, len(times)))
    for nu_t, colour in zip(times, colours):
        ax.loglog(ells, hierarchy_ratios(lmax, nu_t), "-", color=colour, lw=1.6, label=f"$\\nu T = {nu_t:g}$ (eq. 20)")
    ax.loglog(ells, hierarchy_ratios(lmax), "k--", lw=1.4, label=r"$T \to \infty$ (eq. 21)")
    ax.set_ylim(1e-6, 2)
    ax.set_xlabel(r"multipole $\ell$")
    ax.set_ylabel(r"$\langle C_\ell\rangle(T) / \langle C_1\rangle(T)$")
    ax.set_title("consecutive multipole hierarchy (seed 003 Fig. 1 model)", fontsize=10)
    ax.legend(fontsize=8, title="backtracking time", title_fontsize=8)
    taus = np.logspace(-2, 1, 200)
    bx.semilogx(taus, [hierarchy_total_power(t) for t in taus], "k-",
                label=r"$\sum_\ell (2\ell+1) C_\ell(T) / 3\tilde C_1$ (hierarchy)")
    bx.semilogx(taus, [hierarchy_cl(1, t) for t in taus], "C1--", label=r"dipole alone, $C_1(T)/\tilde C_1$")
    bx.axhline(1.0, color="C2", lw=1, label="eq. 13 (Liouville): conserved")
    bx.set_xlabel(r"$\nu T$")
    bx.set_ylabel("fraction of the initial total power")
    bx.set_title(r"sum rule: the hierarchy leaks power to $\ell \to \infty$", fontsize=10)
    bx.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def generalized_bgk_figure(path: Path, lmax: int = 40) -> Path:
    """C_l/C_1 of the generalised BGK for p = 1/3, 1/2, 2/3: derived (solid) and the paper's eq. 4.7 (dashed)."""
    plt = _pyplot()
    ells = np.arange(1, lmax + 1)
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for j, (label, p) in enumerate((("1/3", 1 / 3), ("1/2", 1 / 2), ("2/3", 2 / 3))):
        ax.loglog(ells, generalized_bgk_ratios(p, lmax, "consistent"), f"C{j}-",
                  label=f"$p = {label}$, derived (solution of eq. 4.6)")
        ax.loglog(ells, generalized_bgk_ratios(p, lmax, "printed"), f"C{j}--", lw=1,
                  label=f"$p = {label}$, paper's eq. 4.7 as printed")
    ax.loglog(ells, hierarchy_ratios(lmax), "k:", lw=1, label=r"hierarchy, $T \to \infty$ (003 eq. 21)")
    ax.set_xlabel(r"multipole $\ell$")
    ax.set_ylabel(r"$C_\ell / C_1$")
    ax.set_title(r"generalised BGK, $\nu_r \propto (1-x)^p$ (seed 002 Fig. 3 model)", fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def bgk_monte_carlo_figure(path: Path, n_particles: int = 40_000, seed: int = SEED) -> Path:
    """Running Green-Kubo tensor of BGK diffusion: Monte Carlo (points) vs derived (lines), Omega/nu = 0, 2, 10."""
    plt = _pyplot()
    times = np.logspace(-1, 1.5, 12)
    fine = np.logspace(-1, 1.5, 200)
    names = {"parallel": r"$K_\parallel(t)$", "perpendicular": r"$K_\perp(t)$", "antisymmetric": r"$K_A(t)$"}
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.2), sharey=True)
    for ax, ratio in zip(axes, (0.0, 2.0, 10.0)):
        measured = simulate_bgk(1.0, ratio, times, n_particles=n_particles, seed=seed)
        exact = bgk_running_tensor(1.0, ratio, fine)
        for j, (name, label) in enumerate(names.items()):
            ax.semilogx(fine, exact[name], color=f"C{j}", label=f"{label} derived")
            ax.errorbar(times, measured.mean[name], yerr=measured.error[name], fmt="o", ms=3, color=f"C{j}",
                        label=f"{label} Monte Carlo")
        ax.set_title(f"$\\Omega/\\nu = {ratio:g}$", fontsize=10)
        ax.set_xlabel(r"$\nu t$")
    axes[0].set_ylabel(r"$\langle x_i(t) v_j(0)\rangle$  [$c^2/\nu$]")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=6, fontsize=8, frameon=False)
    fig.suptitle(f"BGK diffusion: Monte Carlo ({n_particles} particles) vs derived running tensor", fontsize=10)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)


@dataclass(frozen=True)
class MultipoleFigures(Result):
    """The files written by :func:`multipole_figures`."""

    files: list


def multipole_figures(output_dir: str | Path | None = None, *, n_particles: int = 40_000,
                      seed: int = SEED) -> MultipoleFigures:
    """Write the three multipole figures (PNG) into a folder.

    Parameters
    ----------
    output_dir : str or Path, optional
        Folder (created); default ``./cranisotropy-output``.  ``cranisotropy regenerate --docs``
        passes ``docs/figures``.
    n_particles : int
        Monte Carlo particles per panel of the BGK figure.
    seed : int
        Seed of the Monte Carlo.

    Returns
    -------
    MultipoleFigures
        ``.files``: the paths written (``multipoles_hierarchy.png``,
        ``multipoles_generalized_bgk.png``, ``multipoles_bgk_monte_carlo.png``).

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import multipole_figures
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [Path(f).name for f in multipole_figures(tmp, n_particles=200).files]
    ['multipoles_hierarchy.png', 'multipoles_generalized_bgk.png', 'multipoles_bgk_monte_carlo.png']
    """
    folder = _output_dir(output_dir)
    paths = [hierarchy_figure(folder / FIGURES[0]), generalized_bgk_figure(folder / FIGURES[1]),
             bgk_monte_carlo_figure(folder / FIGURES[2], n_particles=n_particles, seed=seed)]
    return MultipoleFigures([str(p) for p in paths])
