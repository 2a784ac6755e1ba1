"""Figures of the multipole topic (docs/figures/multipoles_*.png).

- ``multipoles_hierarchy.png``: seed 003 Fig. 1 model curves -- C_l/C_1 of eq. 20 at nu T = 0.1
  and 1 and the limit of eq. 21 -- and the hierarchy's total power against eq. 13;
- ``multipoles_generalized_bgk.png``: seed 002 Fig. 3 model curves -- C_l/C_1 for
  nu_r ~ (1-x)^p, p = 1/3, 1/2, 2/3 (eq. 4.7 as printed, and the consistent solution of eq. 4.6);
- ``multipoles_bgk_monte_carlo.png``: running BGK diffusion tensor, Monte Carlo vs derived.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cranisotropy.numerics.multipoles import bgk
from cranisotropy.numerics.multipoles import hierarchy as M


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def hierarchy_figure(path: Path, lmax: int = 30) -> Path:
    plt = _pyplot()
    ells = np.arange(1, lmax + 1)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 4))
    for nu_t, style in ((0.1, ":"), (1.0, "--")):
        ax.loglog(ells, M.hierarchy_ratios(lmax, nu_t), style, label=f"eq. 20, $\\nu T = {nu_t:g}$")
    ax.loglog(ells, M.hierarchy_ratios(lmax), "k-", label="eq. 21, $T \\to \\infty$")
    ax.set_ylim(1e-6, 2)
    ax.set_xlabel(r"multipole $\ell$")
    ax.set_ylabel(r"$\langle C_\ell\rangle / \langle C_1\rangle$")
    ax.set_title("consecutive multipole hierarchy (seed 003 Fig. 1 model)")
    ax.legend(fontsize=8)
    taus = np.logspace(-2, 1, 200)
    bx.semilogx(taus, [M.hierarchy_total_power(t) for t in taus], "k-",
                label=r"$\sum_\ell (2\ell+1) C_\ell(T) / 3\tilde C_1$ (hierarchy)")
    bx.semilogx(taus, np.exp(-2 * taus), "C1--", label=r"dipole alone, $e^{-2\nu T}$")
    bx.axhline(1.0, color="C2", lw=1, label="eq. 13 (Liouville): conserved")
    bx.set_xlabel(r"$\nu T$")
    bx.set_ylabel("fraction of the initial total power")
    bx.set_title("sum rule: the hierarchy leaks power to $\\ell \\to \\infty$")
    bx.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def generalized_bgk_figure(path: Path, lmax: int = 40) -> Path:
    plt = _pyplot()
    ells = np.arange(1, lmax + 1)
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for j, p in enumerate((1 / 3, 1 / 2, 2 / 3)):
        label = {0: "1/3", 1: "1/2", 2: "2/3"}[j]
        ax.loglog(ells, M.generalized_bgk_ratios(p, lmax), f"C{j}-", label=f"$p = {label}$, eq. 4.7 as printed")
        ax.loglog(ells, M.generalized_bgk_ratios(p, lmax, form="consistent"), f"C{j}--",
                  label=f"$p = {label}$, solution of eq. 4.6")
    ax.loglog(ells, 18.0 / ((2 * ells + 1) * (ells + 1) * (ells + 2)), "k:", lw=1, label="hierarchy, eq. 21")
    ax.set_xlabel(r"multipole $\ell$")
    ax.set_ylabel(r"$C_\ell / C_1$")
    ax.set_title(r"generalised BGK, $\nu_r \propto (1-x)^p$ (seed 002 Fig. 3 model)")
    ax.legend(fontsize=7, ncol=1)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def bgk_monte_carlo_figure(path: Path, n_particles: int = 40_000, seed: int = 20261122) -> Path:
    plt = _pyplot()
    times = np.logspace(-1, 1.5, 12)
    fine = np.logspace(-1, 1.5, 200)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
    for ax, ratio in zip(axes, (0.0, 2.0, 10.0)):
        measured = bgk.simulate(1.0, ratio, times, n_particles, seed)
        exact = bgk.running_coefficients(1.0, ratio, fine)
        for j, name in enumerate(("parallel", "perpendicular", "antisymmetric")):
            ax.errorbar(times, measured[name]["mean"], yerr=measured[name]["error"], fmt="o", ms=3, color=f"C{j}")
            ax.semilogx(fine, exact[name], color=f"C{j}", label=f"$K_{{{name[:4]}}}(t)$")
        ax.set_title(f"$\\Omega/\\nu = {ratio:g}$")
        ax.set_xlabel(r"$\nu t$")
    axes[0].set_ylabel(r"$\langle x_i(t) v_j(0)\rangle$  [$c^2/\nu$]")
    axes[0].legend(fontsize=8)
    fig.suptitle("BGK Monte Carlo (points) vs derived running tensor (lines)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def write_figures(directory: Path) -> list[str]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return [str(hierarchy_figure(directory / "multipoles_hierarchy.png")),
            str(generalized_bgk_figure(directory / "multipoles_generalized_bgk.png")),
            str(bgk_monte_carlo_figure(directory / "multipoles_bgk_monte_carlo.png"))]
