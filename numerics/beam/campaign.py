"""Validation campaign and benchmark of the beam topic (``cranisotropy validate beam``, ``bench beam``).

The campaign solves the full eigenproblem (8) with the Goldreich–Sridhar peak
(:func:`cranisotropy.numerics.beam.full.peaked_eigenproblem`) along sequences (b, a) -> 0 and
compares delta_lambda/b^2 and the beam excess with the matched asymptotics
(:func:`cranisotropy.numerics.beam.matched.matched_expansion`), in the a, b -> 0 limit and at
finite a.  Theory: residuals against the finite-a values are O(b), against the limit O(sqrt a).
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.evidence import convergence_order, digits
from cranisotropy.numerics.beam.full import peaked_eigenproblem
from cranisotropy.numerics.beam.matched import leading_excess_over_b, matched_expansion
from cranisotropy.numerics.beam.outer import OuterMode, outer_eigenvalue_mp, outer_mode, outer_spectrum

#: the (b, a) sequences of the convergence study
SEQUENCES = {
    "a=b": {"u": 0.0, "points": [(0.02 * 2.0**-k, 0.02 * 2.0**-k) for k in range(9)]},
    "a=1e-3": {"u": 0.0, "points": [(0.02 * 2.0**-k, 1e-3) for k in range(7)]},
    "a=b, u=0.05": {"u": 0.05, "points": [(0.01 * 2.0**-k, 0.01 * 2.0**-k) for k in range(6)]},
}

#: pass criteria of the convergence study: observed rate against the a, b -> 0 limit (theory 1/2)
#: and the least rate against the finite-a matched values (theory 1)
RATE_LIMIT = (0.3, 0.65)
RATE_MATCHED = 0.8


def study_point(b: float, a: float, mode: OuterMode, degree: int = 16, degree_check: int = 24) -> dict:
    """One (b, a): the full solution at two degrees and the matched predictions (limit, finite a)."""
    sol = peaked_eigenproblem(b, a, degree=degree, mode=mode)
    check = peaked_eigenproblem(b, a, degree=degree_check, mode=mode)
    limit = matched_expansion(b, None, mode=mode)
    finite = matched_expansion(b, a, mode=mode)
    return {
        "b": b, "a": a, "u": mode.u, "eigenvalue": sol.eigenvalue,
        "dlambda_over_b2": sol.dlambda_over_b2,
        "numerical_error": abs(check.dlambda_over_b2 - sol.dlambda_over_b2),
        "excess_over_b": sol.excess / b,
        "excess_numerical_error": abs(check.excess - sol.excess) / b,
        "limit_dlambda_over_b2": limit.dlambda_over_b2,
        "finite_a_dlambda_over_b2": finite.dlambda_over_b2,
        "limit_excess_over_b": leading_excess_over_b(mode.eigenvalue, mode.u),
        "finite_a_excess_over_b": finite.excess / b,
        "next_order_excess_over_b": finite.excess_next / b,
        "I_a": finite.I_a, "g1": finite.g1,
    }


def observed_rates(bs, residuals) -> dict[str, Any]:
    """Local slopes d ln|r|/d ln b between successive points and a fit over the smaller half."""
    bs, r = np.asarray(bs, float), np.abs(np.asarray(residuals, float))
    local = np.diff(np.log(r)) / np.diff(np.log(bs))
    half = max(3, bs.size // 2 + 1)
    return {"local": [float(v) for v in local], "fit": convergence_order(bs[-half:], r[-half:])}


@dataclass(frozen=True)
class ConvergenceStudy(Result):
    """One sequence of the convergence study: rows per (b, a), residuals relative to the limit
    values, observed rates."""

    sequence: str
    u: float
    lambda1: float
    limit_dlambda_over_b2: float
    limit_excess_over_b: float
    rows: tuple
    relative_residuals: dict
    rates: dict


def convergence_study(name: str, *, degree: int = 16, degree_check: int = 24,
                      stride: int = 1) -> ConvergenceStudy:
    """Run the sequence ``name`` of :data:`SEQUENCES` (every ``stride``-th point)."""
    if name not in SEQUENCES:
        raise UsageError(f"unknown sequence {name!r}; known: {', '.join(SEQUENCES)}")
    seq = SEQUENCES[name]
    mode = outer_mode(seq["u"])
    pts = seq["points"][::stride]
    rows = tuple(study_point(b, a, mode, degree, degree_check)
                 for b, a in progress(pts, desc=name, unit="pt"))
    bs = np.array([r["b"] for r in rows])
    L0 = rows[0]["limit_dlambda_over_b2"]
    e0 = rows[0]["limit_excess_over_b"]

    def relative(key, ref, scale):
        return np.array([r[key] - r[ref] for r in rows]) / scale

    res = {"dlambda_vs_limit": relative("dlambda_over_b2", "limit_dlambda_over_b2", L0),
           "dlambda_vs_finite_a": relative("dlambda_over_b2", "finite_a_dlambda_over_b2", L0),
           "excess_vs_limit": relative("excess_over_b", "limit_excess_over_b", e0),
           "excess_vs_next_order": relative("excess_over_b", "next_order_excess_over_b", e0)}
    return ConvergenceStudy(name, seq["u"], mode.eigenvalue, L0, e0, rows,
                            {k: [float(x) for x in v] for k, v in res.items()},
                            {k: observed_rates(bs, v) for k, v in res.items()})


def convergence_failures(study: ConvergenceStudy) -> list[str]:
    """The pass criteria a study misses (empty: passed): discretisation error << residual,
    residuals against the matched values decreasing at rate >= :data:`RATE_MATCHED`, and (when
    a -> 0 along the sequence) rates against the limit within :data:`RATE_LIMIT`."""
    bad = []
    name, res, rates = study.sequence, study.relative_residuals, study.rates
    for row in study.rows:
        true_res = abs(row["dlambda_over_b2"] - row["finite_a_dlambda_over_b2"])
        if row["numerical_error"] > 1e-3 * true_res:
            bad.append(f"{name}: discretisation error {row['numerical_error']:.1e} not << residual at b={row['b']:g}")
    for key in ("dlambda_vs_finite_a", "excess_vs_next_order"):
        r = [abs(x) for x in res[key]][2:]
        if any(r1 > r0 for r0, r1 in zip(r, r[1:])):
            bad.append(f"{name}: {key} residual not decreasing")
        if rates[key]["fit"] < RATE_MATCHED:
            bad.append(f"{name}: {key} observed rate {rates[key]['fit']:.2f} < {RATE_MATCHED}")
    if study.rows[0]["a"] == study.rows[-1]["a"]:
        return bad  # fixed a: the a -> 0 limit is not approached
    for key in ("dlambda_vs_limit", "excess_vs_limit"):
        lo, hi = RATE_LIMIT
        if not lo <= rates[key]["fit"] <= hi:
            bad.append(f"{name}: {key} observed rate {rates[key]['fit']:.2f} outside [{lo}, {hi}] (theory 1/2)")
    return bad


@dataclass(frozen=True)
class BeamValidation(Result):
    """Outcome of :func:`validate_beam`; ``to_dict()`` is ``cranisotropy validate beam --json``."""

    studies: tuple[ConvergenceStudy, ...]
    failures: tuple[str, ...]
    figures: tuple[str, ...]
    criteria: dict

    @property
    def ok(self) -> bool:
        """Whether every criterion held."""
        return not self.failures

    def to_dict(self) -> dict:
        """The JSON document (studies, failures, figures, criteria)."""
        return {"studies": [s.to_dict() for s in self.studies], "failures": list(self.failures),
                "figures": list(self.figures), "criteria": self.criteria}

    def __str__(self) -> str:
        lines = []
        for st in self.studies:
            lines.append(f"sequence {st.sequence} (u = {st.u:g}): limit dlambda/b^2 = "
                         f"{st.limit_dlambda_over_b2:.10g}, excess/b = {st.limit_excess_over_b:.10g}")
            lines.append(f"  {'b':>9} {'a':>9} {'dlambda/b^2':>14} {'vs limit':>10} {'vs fin.a':>10} "
                         f"{'excess/b':>10} {'vs limit':>10} {'vs next':>10} {'num.err':>8}")
            res = st.relative_residuals
            for i, row in enumerate(st.rows):
                lines.append(f"  {row['b']:9.3e} {row['a']:9.3e} {row['dlambda_over_b2']:14.8f} "
                             f"{res['dlambda_vs_limit'][i]:10.2e} {res['dlambda_vs_finite_a'][i]:10.2e} "
                             f"{row['excess_over_b']:10.6f} {res['excess_vs_limit'][i]:10.2e} "
                             f"{res['excess_vs_next_order'][i]:10.2e} {row['numerical_error']:8.1e}")
            lines.append("  observed rates (fit over the smaller half): " + ", ".join(
                f"{k} {v['fit']:.2f}" for k, v in st.rates.items()))
        lines += [f"figure: {f}" for f in self.figures]
        lines.append("PASSED" if self.ok else "FAILED:\n  " + "\n  ".join(self.failures))
        return "\n".join(lines)


def validate_beam(*, quick: bool = False, degree: int = 16, figures: bool = False,
                  output_dir: str | os.PathLike | None = None) -> BeamValidation:
    """Convergence of the full peaked eigenproblem to the matched asymptotics (seed 001, eqs. 8-12).

    For each sequence of :data:`SEQUENCES` ((b, a) -> 0 with a = b, with a = 1e-3 fixed, and a = b
    at u = 0.05), solve eq. (8) with the peak at degree ``degree`` and ``degree + 8``, compare
    delta_lambda/b^2 and excess/b with the matched values, and fit the observed rates.

    Parameters
    ----------
    quick : bool, keyword-only
        Only the a = b sequence, every other point (5 solves at two degrees).
    degree : int, keyword-only
        Element degree, 8 to 40 (checked against ``degree + 8``).
    figures : bool, keyword-only
        Also write beam_convergence.png, beam_fig2.png and beam_scattering.png.
    output_dir : path-like, optional, keyword-only
        Folder for the figures (default ``./cranisotropy-output``).

    Returns
    -------
    BeamValidation
        ``studies`` (rows, relative residuals, rates per sequence), ``failures`` (criteria
        missed), ``figures`` (paths written), ``criteria``; ``ok`` is True when nothing failed.

    See Also
    --------
    peaked_eigenproblem, matched_expansion, beam_figures

    Examples
    --------
    >>> from cranisotropy import validate_beam
    >>> result = validate_beam(quick=True)   # doctest: +SKIP
    >>> result.ok                            # doctest: +SKIP
    True
    """
    if not 8 <= degree <= 40:
        raise UsageError(f"degree must lie in [8, 40], got {degree}")
    names = ["a=b"] if quick else list(SEQUENCES)
    studies = tuple(convergence_study(name, degree=degree, degree_check=degree + 8,
                                      stride=2 if quick else 1) for name in names)
    failures = tuple(f for st in studies for f in convergence_failures(st))
    written: tuple[str, ...] = ()
    if figures:
        from cranisotropy.core.paths import output_dir as resolve
        from cranisotropy.numerics.beam.plots import beam_figures

        written = tuple(str(p) for p in beam_figures(resolve(output_dir), studies=studies))
    return BeamValidation(studies, failures, written,
                          {"rate_vs_limit": list(RATE_LIMIT), "rate_vs_matched_min": RATE_MATCHED})


# --------------------------------------------------------------------------- bench

def _best(fn, repeat: int) -> tuple[float, object]:
    best, value = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


@dataclass(frozen=True)
class BeamBenchmark(Result):
    """Timings of lambda1 (``cranisotropy bench beam --json``)."""

    lambda1_double: dict
    lambda1_mpmath: dict
    repeat: int

    @property
    def ok(self) -> bool:
        """Whether both targets were met."""
        return bool(self.lambda1_double["ok"] and self.lambda1_mpmath["ok"])

    def __str__(self) -> str:
        d, m = self.lambda1_double, self.lambda1_mpmath
        return (f"lambda1 to 12 digits (Legendre-Galerkin, double): {1e3 * d['seconds']:.3f} ms "
                f"({d['digits']:.1f} digits; target <= 50 ms)\n"
                f"lambda1 to 25 digits (Frobenius-Wronskian, mpmath): {1e3 * m['seconds']:.1f} ms "
                f"({m['digits']:.1f} digits; target <= 2000 ms)  = {m['value']}")


def bench_beam(*, repeat: int = 20) -> BeamBenchmark:
    """Time lambda1 to 12 digits (double, target 50 ms) and to 25 digits (mpmath, target 2 s).

    Parameters
    ----------
    repeat : int, keyword-only
        Repetitions of the double-precision solve (the best is kept; the mpmath solve is repeated
        at most 5 times), >= 1.

    Returns
    -------
    BeamBenchmark
        ``lambda1_double`` and ``lambda1_mpmath``: seconds, digits (against a 60-digit
        reference), targets and ``ok``.

    Examples
    --------
    >>> from cranisotropy import bench_beam
    >>> bench_beam(repeat=1).lambda1_mpmath["digits"] > 25
    True
    """
    import mpmath as mp

    if not repeat >= 1:
        raise UsageError(f"repeat must be >= 1, got {repeat}")
    reference = outer_eigenvalue_mp(14.5, 0, 60)
    outer_spectrum(0.0, 1)  # warm-up: derivation lambdified, LAPACK loaded
    outer_eigenvalue_mp(14.5, 0, 25)
    t12, lam12 = _best(lambda: outer_spectrum(0.0, 1).lambda1, repeat)
    t25, lam25 = _best(lambda: outer_eigenvalue_mp(14.528, 0, 25), max(1, min(repeat, 5)))
    digits12 = min(digits(lam12, float(reference)), 17.0)
    digits25 = float(-mp.log10(max(abs(lam25 - reference) / reference, mp.mpf(10) ** -60)))
    return BeamBenchmark(
        {"seconds": t12, "digits": digits12, "target_seconds": 0.05, "target_digits": 12,
         "ok": t12 <= 0.05 and digits12 >= 12},
        {"seconds": t25, "digits": digits25, "target_seconds": 2.0, "target_digits": 25,
         "ok": t25 <= 2.0 and digits25 >= 25, "value": mp.nstr(lam25, 27)},
        repeat)
