"""Validation campaign and figures for CR self-confinement (seed 000, Sec. II).

:func:`run_pi_scan` solves the time-dependent system (1)-(2) for a scan of Pi (weak to strong
source) up to the self-similar stage and records, per Pi: conservation of the CR content, the
residual of the quasilinear integral (4), the distance from the exact similarity solution (and
its decrease in time), and the error of the interpolation formula (5).  Each Pi is written to
``out_dir/pi_<Pi>.json`` as soon as it finishes, so an interrupted campaign resumes where it
stopped.  :func:`make_figures` draws the profiles, zones, F(Pi) and the spectral break.
"""
from __future__ import annotations

import json
from math import exp, sqrt
from pathlib import Path

import numpy as np

from cranisotropy.numerics.confinement import similarity as nc
from cranisotropy.numerics.confinement import pde

DEFAULT_CAMPAIGN_PIS = (0.1, 0.3, 1.0, 3.0, 5.0, 8.0, 12.0)
#: acceptance thresholds of the campaign
TOLERANCES = {"content": 1e-9, "quasilinear_discrete": 1e-9, "similarity_l1": 2e-3}


def run_one(pi: float, d_ism: float = 1.0, factor: float = 1e4, cloud: str = "tophat",
            growth: float = 1.04, outputs: int = 6) -> dict:
    """One Pi: PDE to ``factor`` / min(D_NL, D_ISM), checks at ``outputs`` log-spaced times."""
    problem = pde.EscapeProblem(pi=pi, d_ism=d_ism, cloud=cloud)
    t_end = pde.self_similar_time(problem, factor)
    times = np.geomspace(t_end / 10 ** (outputs - 1), t_end, outputs)
    sol = pde.solve_escape(problem, times, growth=growth)
    comparisons = [sol.compare_similarity(k) for k in range(times.size)]
    exact_table = nc.interpolation_accuracy(pi, "exact")
    return {
        "pi": pi, "d_ism": d_ism, "cloud": cloud, "growth": growth, "cells": sol.stats["cells"],
        "times": times.tolist(),
        "content_error": float(np.abs(sol.content() / pi - 1).max()),
        "quasilinear_discrete": float(sol.quasilinear_residual().max()),
        "quasilinear_continuum": sol.quasilinear_residual_continuum(-1),
        "similarity_l1": [c["l1_similarity"] for c in comparisons],
        "similarity_max_rel": comparisons[-1]["max_rel_similarity"],
        "interpolation_l1_pde": comparisons[-1]["l1_interpolation"],
        "interpolation_max_rel_pde": comparisons[-1]["max_rel_interpolation"],
        "interpolation_l1_exact": exact_table["l1"],
        "F_exact": exact_table["F"],
        "solver": sol.stats,
    }


def _passes(row: dict) -> bool:
    return (row["content_error"] <= TOLERANCES["content"]
            and row["quasilinear_discrete"] <= TOLERANCES["quasilinear_discrete"]
            and row["similarity_l1"][-1] <= TOLERANCES["similarity_l1"])


def run_pi_scan(pis=DEFAULT_CAMPAIGN_PIS, out_dir: Path | None = None, resume: bool = False,
                progress=None, **kwargs) -> list[dict]:
    """:func:`run_one` for each Pi; results saved per Pi (and reused with ``resume``)."""
    rows = []
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    for pi in (progress(pis) if progress else pis):
        path = out_dir / f"pi_{pi:g}.json" if out_dir is not None else None
        if resume and path is not None and path.exists():
            row = json.loads(path.read_text())
            if all(row.get(k) == v for k, v in kwargs.items()):
                rows.append(row)
                continue
        row = run_one(float(pi), **kwargs)
        row["ok"] = _passes(row)
        if path is not None:
            path.write_text(json.dumps(row, indent=1))
        rows.append(row)
    return rows


def grid_convergence(pi: float = 3.0, growths=(1.08, 1.04, 1.02)) -> list[dict]:
    """Late-time distance from the similarity solution vs grid refinement (second order expected)."""
    out = []
    for growth in growths:
        row = run_one(pi, growth=growth, outputs=2)
        out.append({"growth": growth, "cells": row["cells"], "similarity_l1": row["similarity_l1"][-1]})
    return out


# --------------------------------------------------------------------------- figures

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    _plt().close(fig)
    return path


def figure_profiles(path: Path, pis=(0.3, 3.0, 12.0)) -> Path:
    """PDE profiles at late time vs the exact similarity profile and formula (5), with the
    relative deviations of both from the exact profile."""
    plt = _plt()
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7.0, 6.4), sharex=True,
                                  gridspec_kw={"height_ratios": (3, 2)})
    for colour, pi in zip(("C0", "C1", "C2"), pis):
        problem = pde.EscapeProblem(pi=pi, d_ism=1.0)
        t_end = pde.self_similar_time(problem, 1e4)
        sol = pde.solve_escape(problem, [t_end])
        scale = sqrt(t_end)
        x = sol.centres / scale
        sim = nc.similarity_solution(pi)
        grid = np.geomspace(1e-4 * sqrt(sim.kappa_nl), 4.0, 400)
        exact, g5 = sim.shape(grid), nc.interpolation_shape(grid, sim.kappa_nl)
        ax.loglog(grid, exact, color=colour, lw=1.6, label=f"Pi = {pi:g}")
        ax.loglog(grid, g5, color=colour, ls="--", lw=1.2)
        keep = (sol.centres > 3) & (x < 4)
        ax.loglog(x[keep][::4], (sol.p[-1] * scale)[keep][::4], "o", ms=3, color=colour, mfc="none")
        ax2.semilogx(grid, g5 / exact - 1, color=colour, ls="--", lw=1.2)
        ax2.semilogx(x[keep], sol.p[-1][keep] * scale / sim.shape(x[keep]) - 1, color=colour, lw=0.8)
    ax.loglog(grid, 2 / grid, color="0.5", lw=0.8, ls=":")
    ax.plot([], [], "k-", label="exact (Lambert-W)")
    ax.plot([], [], "k--", label="formula (5), F exact")
    ax.plot([], [], "ko", mfc="none", ms=3, label="PDE, late time")
    ax.plot([], [], ":", color="0.5", label="pedestal 2/xi")
    ax.set_ylim(1e-3, None)
    ax.set_ylabel(r"$P_{CR}\, C_A \sqrt{\kappa_{ISM} t} / \kappa_B$")
    ax.set_title("Self-regulated escape: late-time profiles")
    ax.legend(fontsize=7, ncol=2)
    ax2.axhline(0, color="0.5", lw=0.6)
    ax2.set_ylim(-0.35, 0.25)
    ax2.set_xlabel(r"$\xi = z / \sqrt{\kappa_{ISM} t}$")
    ax2.set_ylabel("relative to exact\n(dashed: (5); solid: PDE)")
    return _save(fig, path)


def figure_zones(path: Path, pi: float = 20.0) -> Path:
    """Local slope d ln P / d ln z of the exact profile: core (0), pedestal (-1), Gaussian tail."""
    plt = _plt()
    sim = nc.similarity_solution(pi)
    x, slope = nc.local_slope(sim)
    keep = (x > 1e-3 * sqrt(sim.kappa_nl)) & (x < 4)
    g5 = nc.interpolation_shape(x[keep], sim.kappa_nl)
    slope5 = np.gradient(np.log(g5), np.log(x[keep]))
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(7.0, 5.6), sharex=True)
    a1.loglog(x[keep], sim.g[keep], label="exact")
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
    """F(Pi): exact (core height), the F that normalises (5), and the text's limits."""
    plt = _plt()
    pis = np.geomspace(0.01, 40, 40)
    exact = np.array([nc.factor_F(p) for p in pis])
    norm = np.array([nc.factor_F_normalised(p) for p in pis])
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.loglog(pis, exact, label="exact (core height)")
    ax.loglog(pis, norm, "--", label="normalising (5) to Pi")
    ax.loglog(pis, 4 * np.pi / pis**2, ":", color="C2", label=r"$4\pi/\Pi^2$ (derived limit)")
    ax.loglog(pis, 2 * np.pi / pis**2, ":", color="C3", label=r"$2\pi/\Pi^2$ (text)")
    ax.axhline(2 * np.e, color="0.5", lw=0.8, label="2e")
    ax.set_ylim(1, 1e5)
    ax.set_xlabel(r"$\Pi$")
    ax.set_ylabel(r"$F(\Pi) = D_{NL} e^{\Pi} / D_{ISM}$")
    ax.legend(fontsize=8)
    return _save(fig, path)


def figure_break(path: Path, source: nc.PowerLawSource | None = None, xi_over_core: float = 2.0) -> Path:
    """Spectrum at fixed z/sqrt(t): pedestal (P ~ kappa_B) below the break, core above."""
    plt = _plt()
    source = source or nc.PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    xi = xi_over_core * sqrt(nc.factor_F(source.pi0) * exp(-source.pi0))
    criterion = nc.break_momentum(xi, source)
    momenta = np.geomspace(0.02, 50, 36)
    spec = nc.spectrum(xi, source, momenta)
    measured = nc.measured_break(xi, source, criterion)["p_break"]
    core = np.array([nc.core_spectrum(source, p) for p in momenta])
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.loglog(momenta, spec, label="exact similarity solution")
    ax.loglog(momenta, 2 * momenta ** source.kappa_index / xi, ":", label=r"pedestal $2\kappa_B/(C_A z)$")
    ax.loglog(momenta, core, ":", label=r"core $2\kappa_B/(C_A\sqrt{D_{NL} t})$")
    ax.axvline(criterion, color="k", lw=0.8, label=r"$z^2/t = D_{NL}(p)$")
    ax.axvline(measured, color="C3", lw=0.8, ls="--", label="mid-slope break")
    ax.set_ylim(spec.min() / 3, spec.max() * 3)
    ax.set_xlabel(r"$p / p_0$")
    ax.set_ylabel(r"$P_{CR} C_A \sqrt{t} / \kappa_B(p_0)$")
    ax.set_title(rf"Spectral break: $\Pi = {source.pi0:g}(p/p_0)^{{-{source.pi_index:g}}}$")
    ax.legend(fontsize=8)
    return _save(fig, path)


def make_figures(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    return [str(f(directory / name)) for f, name in (
        (figure_profiles, "confinement_profiles.png"), (figure_zones, "confinement_zones.png"),
        (figure_F, "confinement_F.png"), (figure_break, "confinement_break.png"))]
