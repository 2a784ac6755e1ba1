"""Validation campaign for CR self-confinement (seed 000, Sec. II): ``validate confinement``.

:func:`validate_confinement` solves the time-dependent system (1)-(2) for a scan of Pi (weak to
strong source) up to the self-similar stage and records, per Pi: conservation of the CR content,
the residual of the quasilinear integral (4), the distance from the exact similarity solution
(and its decrease in time), and the error of the interpolation formula (5).  With an output
folder each Pi is written to ``<folder>/confinement_validation/pi_<Pi>.json`` as soon as it
finishes, so an interrupted campaign resumes where it stopped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.numerics.confinement import pde
from cranisotropy.numerics.confinement.similarity import check_pi, interpolation_accuracy

DEFAULT_CAMPAIGN_PIS = (0.1, 0.3, 1.0, 3.0, 5.0, 8.0, 12.0)
#: acceptance thresholds of the campaign
TOLERANCES = {"content": 1e-9, "quasilinear_discrete": 1e-9, "similarity_l1": 2e-3}
#: sub-folder of the output folder holding one JSON file per Pi
RESULTS_FOLDER = "confinement_validation"


def run_one(pi: float, d_ism: float = 1.0, factor: float = 1e4, cloud: str = "tophat",
            growth: float = 1.04, outputs: int = 6) -> dict:
    """One Pi: PDE to ``factor`` / min(D_NL, D_ISM), checks at ``outputs`` log-spaced times."""
    t_end = pde.self_similar_time(pi, d_ism, factor)
    times = np.geomspace(t_end / 10 ** (outputs - 1), t_end, outputs)
    sol = pde.solve_escape(times, pi, d_ism, cloud=cloud, growth=growth)
    comparisons = [sol.compare_similarity(k) for k in range(times.size)]
    exact_table = interpolation_accuracy(pi, "exact")
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
        "interpolation_l1_exact": exact_table.l1,
        "F_exact": exact_table.F,
        "solver": sol.stats,
    }


def _passes(row: dict) -> bool:
    return (row["content_error"] <= TOLERANCES["content"]
            and row["quasilinear_discrete"] <= TOLERANCES["quasilinear_discrete"]
            and row["similarity_l1"][-1] <= TOLERANCES["similarity_l1"])


def grid_refinement(pi: float = 3.0, growths=(1.08, 1.04, 1.02)) -> list[dict]:
    """Late-time distance from the similarity solution vs grid refinement (second order expected)."""
    out = []
    for growth in growths:
        row = run_one(pi, growth=growth, outputs=2)
        out.append({"growth": growth, "cells": row["cells"], "similarity_l1": row["similarity_l1"][-1]})
    return out


@dataclass(frozen=True)
class ConfinementValidation(Result):
    """Outcome of :func:`validate_confinement`; ``to_dict()`` is the ``--json`` document of
    ``cranisotropy validate confinement``."""

    rows: list
    tolerances: dict
    grid_convergence: list | None = None
    figures: list | None = None

    @property
    def ok(self) -> bool:
        """Every Pi met :data:`TOLERANCES`."""
        return all(r["ok"] for r in self.rows)

    def to_dict(self) -> dict:
        """The ``--json`` document (optional sections only when computed)."""
        data = {"rows": self.rows, "tolerances": dict(self.tolerances)}
        if self.grid_convergence is not None:
            data["grid_convergence"] = self.grid_convergence
        if self.figures is not None:
            data["figures"] = [str(f) for f in self.figures]
        return data

    def __str__(self) -> str:
        lines = [f"{'Pi':>6} {'cells':>5} {'content':>8} {'QL(4)':>8} {'L1 sim':>8} {'L1 sim t/10':>11}"
                 f" {'(5) L1':>7} {'(5) max':>7} {'ok':>3}"]
        for r in self.rows:
            lines.append(f"{r['pi']:6g} {r['cells']:5d} {r['content_error']:8.1e} {r['quasilinear_discrete']:8.1e} "
                         f"{r['similarity_l1'][-1]:8.1e} {r['similarity_l1'][-2]:11.1e} "
                         f"{r['interpolation_l1_pde']:7.3f} {r['interpolation_max_rel_pde']:7.3f} "
                         f"{'yes' if r['ok'] else 'NO':>3}")
        if self.grid_convergence is not None:
            lines.append("grid convergence at Pi = 3 (late-time L1 distance from the similarity solution):")
            lines += [f"  growth {c['growth']:.2f}: {c['cells']} cells, {c['similarity_l1']:.2e}"
                      for c in self.grid_convergence]
        lines += [f"wrote {f}" for f in self.figures or ()]
        lines.append("all checks passed" if self.ok else "SOME CHECKS FAILED")
        return "\n".join(lines)


def validate_confinement(pis=DEFAULT_CAMPAIGN_PIS, *, factor: float = 1e4, output_dir=None,
                         resume: bool = False, grid_convergence: bool = False, figures: bool = False,
                         show_progress: bool = False) -> ConfinementValidation:
    """Time-dependent escape against the exact similarity solution over a scan of Pi.

    For each Pi the method-of-lines solution (D_ISM = 1, top-hat cloud, growth 1.04) runs to
    ``factor`` / min(D_NL, D_ISM) (in a / C_A) with six log-spaced outputs; a Pi passes when
    the CR content and the discrete quasilinear integral (4) hold to 1e-9 and the late-time L1
    distance from the exact similarity profile is below 2e-3 of Pi.

    Parameters
    ----------
    pis : sequence of float
        Source strengths, each in [1e-6, 100].
    factor : float, keyword-only
        Run length in units of 1 / min(D_NL, D_ISM) (> 0).
    output_dir : str or Path, keyword-only
        Folder for the per-Pi results (``confinement_validation/pi_<Pi>.json``) and the
        figures; None writes nothing.
    resume : bool, keyword-only
        Reuse per-Pi results already in ``output_dir`` (run with the same ``factor``).
    grid_convergence : bool, keyword-only
        Also refine the grid at Pi = 3 (second order expected).
    figures : bool, keyword-only
        Also draw :func:`confinement_figures` into ``output_dir`` (required then).
    show_progress : bool, keyword-only
        A progress bar on stderr.

    Returns
    -------
    ConfinementValidation
        ``rows`` (one dict per Pi: errors, solver statistics, ``ok``), ``tolerances``, the
        optional ``grid_convergence`` and ``figures``; ``.ok`` when every Pi passed.

    Examples
    --------
    >>> v = validate_confinement([0.5], factor=100.0)
    >>> v.ok, v.rows[0]["cells"] > 100
    (True, True)
    """
    from cranisotropy.core.progress import progress

    pis = [check_pi(p) for p in pis]
    if not pis:
        raise UsageError("give at least one Pi")
    if not (np.isfinite(factor) and factor > 0):
        raise UsageError(f"factor must be > 0, got {factor!r}")
    if figures and output_dir is None:
        raise UsageError("figures need an output folder (output_dir)")
    folder = Path(output_dir) / RESULTS_FOLDER if output_dir is not None else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for pi in (progress(pis, desc="Pi scan", unit="Pi") if show_progress else pis):
        path = folder / f"pi_{pi:g}.json" if folder is not None else None
        if resume and path is not None and path.exists():
            row = json.loads(path.read_text())
            if abs(row["times"][-1] / pde.self_similar_time(pi, 1.0, factor) - 1) < 1e-12:  # same run
                rows.append(row)
                continue
        row = run_one(pi, factor=factor)
        row["ok"] = _passes(row)
        if path is not None:
            path.write_text(json.dumps(row, indent=1))
        rows.append(row)
    convergence = grid_refinement() if grid_convergence else None
    drawn = None
    if figures:
        from cranisotropy.numerics.confinement.plots import confinement_figures

        drawn = confinement_figures(output_dir)
    return ConfinementValidation(rows, dict(TOLERANCES), convergence, drawn)
