"""Validation campaign and benchmark of the multipole spectra (``cranisotropy validate
multipoles``, ``cranisotropy bench multipoles``).

Independent checks of :mod:`cranisotropy.numerics.multipoles.hierarchy` and
:mod:`~cranisotropy.numerics.multipoles.generalized_bgk`, each a function the seed-equation
checks reuse:

- :func:`hierarchy_versus_ode` -- the hierarchy integrated by a stiff solver (LSODA);
- :func:`hierarchy_versus_mpmath` -- an mpmath reference (exact rational Bateman coefficients,
  adaptive precision) up to l = 1000, including small nu T where the spectral sum cancels;
- :func:`closed_forms_versus_quadrature` -- generalised-BGK closed forms against tanh-sinh
  quadrature of the derivation's integral forms;
- :func:`two_point_equation_versus_forms` -- eq. 4.6 solved directly (Galerkin) against both forms;
- :func:`total_power_series_agreement` -- the hierarchy's total power from its two series.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.evidence import rel_error
from cranisotropy.numerics.multipoles import _inputs
from cranisotropy.numerics.multipoles import generalized_bgk as G
from cranisotropy.numerics.multipoles import hierarchy as H

__all__ = ["MPMATH_ELLS", "MPMATH_TAUS", "hierarchy_versus_ode", "hierarchy_versus_mpmath",
           "closed_forms_versus_quadrature", "two_point_equation_versus_forms", "total_power_series_agreement",
           "validate_multipoles", "bench_multipoles"]

#: (l, nu T) grid of the mpmath comparison
MPMATH_ELLS = (2, 5, 20, 100, 300, 1000)
MPMATH_TAUS = (1e-6, 1e-3, 0.01, 0.05, 0.1, 0.3, 1.0, 10.0)


def hierarchy_versus_ode(lmax: int = 60, taus=(0.01, 0.1, 0.5, 2.0, 10.0)) -> dict:
    """Largest relative difference of :func:`~cranisotropy.hierarchy_cl` and :func:`~cranisotropy.hierarchy_cl_ode`.

    Entries below 1e-10 (where LSODA's absolute tolerance dominates) are left out.

    >>> hierarchy_versus_ode(10, taus=(0.5,))["max_rel_error"] < 1e-8
    True
    """
    worst = 0.0
    ells = np.arange(1, lmax + 1)
    for tau in taus:
        ode = H.hierarchy_cl_ode(lmax, tau)
        mask = ode > 1e-10
        worst = max(worst, rel_error(H.hierarchy_cl(ells, tau)[mask], ode[mask]))
    return {"lmax": lmax, "nu_t": list(taus), "max_rel_error": worst, "ok": worst < 1e-8}


def hierarchy_versus_mpmath(ells=MPMATH_ELLS, taus=MPMATH_TAUS, dps: int = 20) -> dict:
    """max |ln C_l(fast) - ln C_l(mpmath)| over the (l, nu T) grid (= max relative error of C_l)."""
    import mpmath

    rows = []
    worst = 0.0
    for tau in progress(taus, desc="mpmath grid", unit="T"):
        logs = H.hierarchy_log_cl(max(ells), tau)
        for order in ells:
            ref = mpmath.log(H.hierarchy_cl_mpmath(order, tau, dps=dps))
            err = float(abs(logs[order - 1] - ref))
            worst = max(worst, err)
            rows.append({"l": order, "nu_t": tau, "ln_cl": float(ref), "abs_error_of_log": err})
    return {"points": rows, "max_rel_error": worst, "ok": worst <= 1e-12}


def closed_forms_versus_quadrature(ps=(1 / 3, 1 / 2, 2 / 3), orders=(1, 2, 5, 12, 40), dps: int = 20) -> float:
    """Largest relative difference of :func:`~cranisotropy.generalized_bgk_cl` (both forms) and
    :func:`~cranisotropy.generalized_bgk_cl_mpmath` over ``ps`` x ``orders``."""
    worst = 0.0
    for form in G.BGK_FORMS:
        for p in ps:
            fast = G.generalized_bgk_cl(p, max(orders), form=form)
            for order in orders:
                worst = max(worst, rel_error(fast[order - 1], float(G.generalized_bgk_cl_mpmath(p, order, dps=dps,
                                                                                                   form=form))))
    return worst


def two_point_equation_versus_forms(nu_r=lambda x: 1 - 0.9 * x, *, kmax: int = 60, compare: int = 10,
                                    nodes: int = 160) -> dict[str, float]:
    """Largest relative difference of the direct (Galerkin) solution of eq. 4.6 and each form, l <= ``compare``.

    For a smooth ``nu_r`` (Gauss-Legendre with ``nodes`` nodes, truncation ``kmax``); the
    consistent form agrees to the truncation error, the printed eq. 4.7 does not unless
    int x/nu_r = 0.

    >>> errors = two_point_equation_versus_forms()
    >>> errors["consistent"] < 1e-10, errors["printed"] > 0.1
    (True, True)
    """
    x, w = np.polynomial.legendre.leggauss(nodes)
    rate = nu_r(x)
    direct = G.solve_two_point_equation(x, w, rate, kmax)[:compare]
    return {form: rel_error(G.two_point_spectrum_quadrature(x, w, rate, compare, form=form), direct)
            for form in G.BGK_FORMS}


def total_power_series_agreement(taus=(0.2, 0.3, 0.5, 0.8)) -> dict:
    """The large-T and the Poisson-summed small-T series of the hierarchy's total power, where both converge."""
    from cranisotropy.kernels.generated.hierarchy_escaped_power_term import hierarchy_escaped_power_term
    from cranisotropy.kernels.generated.hierarchy_total_power_term import hierarchy_total_power_term

    worst = 0.0
    for tau in taus:
        large = math.fsum(hierarchy_total_power_term(float(j), tau) for j in range(1, 200))
        small = 1.0 - math.fsum(hierarchy_escaped_power_term(float(j), tau) for j in range(0, 60))
        worst = max(worst, abs(large - small) / abs(large))
    return {"nu_t": list(taus), "max_rel_difference": worst, "ok": worst < 1e-12}


@dataclass(frozen=True)
class MultipoleValidation(Result):
    """The parts of :func:`validate_multipoles`, each a dict with ``ok``."""

    hierarchy_ode: dict
    hierarchy_mpmath: dict
    generalized_bgk: dict
    hierarchy_total_power: dict
    ok: bool


def validate_multipoles() -> MultipoleValidation:
    """Validate the multipole spectra against independent methods (``cranisotropy validate multipoles``).

    Returns
    -------
    MultipoleValidation
        ``.hierarchy_ode`` (LSODA, l <= 60), ``.hierarchy_mpmath`` (mpmath, l <= 1000,
        nu T = 1e-6..10), ``.generalized_bgk`` (closed forms vs quadrature; eq. 4.6 solved directly
        vs both forms), ``.hierarchy_total_power`` (two series), each with ``ok``; ``.ok`` when all
        pass.  ``to_dict()`` is the JSON of the command.

    Examples
    --------
    >>> from cranisotropy import validate_multipoles
    >>> validate_multipoles().ok    # about 10 s  # doctest: +SKIP
    True
    """
    closed = closed_forms_versus_quadrature()
    eq46 = two_point_equation_versus_forms()
    bgk = {"closed_form_vs_quadrature_max_rel_error": closed,
           "eq46_direct_vs_consistent_max_rel_error": eq46["consistent"],
           "eq46_direct_vs_printed_max_rel_error": eq46["printed"],
           "ok": closed < 1e-12 and eq46["consistent"] < 1e-10}
    parts = {"hierarchy_ode": hierarchy_versus_ode(), "hierarchy_mpmath": hierarchy_versus_mpmath(),
             "generalized_bgk": bgk, "hierarchy_total_power": total_power_series_agreement()}
    return MultipoleValidation(**parts, ok=all(part["ok"] for part in parts.values()))


@dataclass(frozen=True)
class MultipoleBenchmark(Result):
    """Timings of :func:`bench_multipoles`."""

    lmax: int
    repeat: int
    timings: list
    slowest_ms: float
    target_ms: float
    spot_max_rel_error: float
    ok: bool


def bench_multipoles(lmax: int = 1000, *, repeat: int = 5, taus=(1e-6, 1e-3, 0.01, 0.1, 1.0, 10.0),
                     target_ms: float = 100.0) -> MultipoleBenchmark:
    """Benchmark C_l(T), l = 1..lmax, per T, and spot-check its accuracy (``cranisotropy bench multipoles``).

    Parameters
    ----------
    lmax : int
        Largest multipole.
    repeat : int
        Repetitions per T (the best is reported).
    taus : sequence of float
        Values of nu T.
    target_ms : float
        Target wall time of the slowest T.

    Returns
    -------
    MultipoleBenchmark
        ``.timings`` (``nu_t``, ``best_ms`` per T), ``.slowest_ms``, ``.spot_max_rel_error``
        (against mpmath at l = 2, 50, lmax) and ``.ok`` (time and accuracy targets met).

    Examples
    --------
    >>> from cranisotropy import bench_multipoles
    >>> bench_multipoles(20, repeat=1, taus=(0.1,)).spot_max_rel_error < 1e-12
    True
    """
    lmax = _inputs.lmax(lmax)
    repeat = _inputs.integer("repeat", repeat, 1, 1000)
    H.hierarchy_log_cl(10, 0.01)   # compile / load the numba cache
    rows = []
    for tau in taus:
        best = math.inf
        for _ in range(repeat):
            start = time.perf_counter()
            H.hierarchy_log_cl(lmax, tau)
            best = min(best, time.perf_counter() - start)
        rows.append({"nu_t": tau, "best_ms": 1e3 * best})
    accuracy = hierarchy_versus_mpmath(ells=tuple(sorted({2, min(50, lmax), lmax})), taus=(0.01, 0.1, 1.0))
    slowest = max(r["best_ms"] for r in rows)
    return MultipoleBenchmark(lmax, repeat, rows, slowest, target_ms, accuracy["max_rel_error"],
                              slowest <= target_ms and accuracy["max_rel_error"] <= 1e-12)
