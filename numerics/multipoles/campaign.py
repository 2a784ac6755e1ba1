"""Validation campaign and benchmark for the multipole spectra (``cranisotropy validate
multipoles``, ``cranisotropy bench multipoles``).

Independent checks of :mod:`cranisotropy.numerics.multipoles.hierarchy`:

(a) the hierarchy ODE integrated by a stiff general-purpose solver (LSODA) against the
    closed form;
(b) an mpmath reference (exact rational Bateman coefficients, adaptive precision) on a grid of
    (l, nu T) up to l = 1000, including small nu T where the spectral sum cancels;
(c) the generalised-BGK closed forms against tanh-sinh quadrature of eq. 4.7 (and of the
    consistent solution), and eq. 4.6 solved directly (Galerkin) for a smooth nu_r;
(d) the total power of the hierarchy from its two series (large and small nu T) where both
    converge.
"""
from __future__ import annotations

import math
import time

import numpy as np
from scipy.integrate import solve_ivp

from cranisotropy.numerics.multipoles import hierarchy as M
from cranisotropy.core.progress import progress

#: (l, nu T) grid of the mpmath comparison
MPMATH_ELLS = (2, 5, 20, 100, 300, 1000)
MPMATH_TAUS = (1e-6, 1e-3, 0.01, 0.05, 0.1, 0.3, 1.0, 10.0)


def ode_versus_closed_form(lmax: int = 60, taus=(0.01, 0.1, 0.5, 2.0, 10.0)) -> dict:
    """LSODA (rtol 1e-11) of dD_l/dT = -nu_l D_l + nu_{l-1} D_{l-1} vs :func:`hierarchy_cl`."""
    from cranisotropy.kernels.generated.hierarchy_rate import hierarchy_rate_array

    rate = hierarchy_rate_array(np.arange(1, lmax + 1, dtype=float))
    J = np.diag(-rate) + np.diag(rate[:-1], -1)
    weights = 2 * np.arange(1, lmax + 1) + 1
    D0 = np.zeros(lmax)
    D0[0] = 3.0
    ells = np.arange(1, lmax + 1)
    worst = 0.0
    for tau in taus:
        sol = solve_ivp(lambda _t, D: J @ D, (0, tau), D0, method="LSODA", jac=lambda _t, _D: J,
                        rtol=1e-11, atol=1e-20)
        ode = sol.y[:, -1] / weights
        fast = M.hierarchy_cl(ells, tau)
        mask = ode > 1e-10
        worst = max(worst, float(np.max(np.abs(fast[mask] - ode[mask]) / ode[mask])))
    return {"lmax": lmax, "nu_t": list(taus), "max_rel_error": worst, "ok": worst < 1e-8}


def mpmath_grid(ells=MPMATH_ELLS, taus=MPMATH_TAUS, dps: int = 20) -> dict:
    """max |ln C_l(fast) - ln C_l(mpmath)| over the grid (= max relative error of C_l)."""
    import mpmath

    rows = []
    worst = 0.0
    for tau in progress(taus, desc="mpmath grid", unit="T"):
        logs = M.hierarchy_log_cl(max(ells), tau)
        for order in ells:
            ref = mpmath.log(M.hierarchy_cl_mpmath(order, tau, dps=dps))
            err = float(abs(logs[order - 1] - ref))
            worst = max(worst, err)
            rows.append({"l": order, "nu_t": tau, "ln_cl": float(ref), "abs_error_of_log": err})
    return {"points": rows, "max_rel_error": worst, "ok": worst <= 1e-12}


def generalized_bgk_checks(ps=(1 / 3, 1 / 2, 2 / 3), orders=(1, 2, 5, 12, 40)) -> dict:
    """Closed forms vs mpmath quadrature; eq. 4.6 solved directly for nu_r = 1 - 0.9 x."""
    worst = 0.0
    for form in M.BGK_FORMS:
        for p in ps:
            fast = M.generalized_bgk_cl(p, max(orders), form=form)
            for order in orders:
                ref = float(M.generalized_bgk_cl_mpmath(p, order, dps=20, form=form))
                worst = max(worst, abs(fast[order - 1] - ref) / abs(ref))
    x, w = np.polynomial.legendre.leggauss(160)
    rate = 1 - 0.9 * x
    kmax = 60
    P = np.array([np.polynomial.legendre.legval(x, np.eye(kmax + 1)[j]) for j in range(kmax + 1)])
    ks = np.arange(1, kmax + 1)
    direct = M.solve_two_point_equation(x, w, rate, kmax)
    kappa = np.sum(w * x / rate) / np.sum(w / rate)
    consistent = 1.5 / (ks * (ks + 1)) * (P[1:] @ (w * (x - kappa) / rate))
    printed = 1.5 / (ks * (ks + 1)) * (P[1:] @ (w * x / rate))
    return {"closed_form_vs_quadrature_max_rel_error": worst,
            "eq46_direct_vs_consistent_max_rel_error": float(np.max(np.abs(consistent[:10] - direct[:10]) / np.abs(direct[:10]))),
            "eq46_direct_vs_printed_max_rel_error": float(np.max(np.abs(printed[:10] - direct[:10]) / np.abs(direct[:10]))),
            "ok": worst < 1e-12}


def total_power_series_agreement(taus=(0.2, 0.3, 0.5, 0.8)) -> dict:
    """The large-T and the Poisson-summed small-T series of the hierarchy's total power."""
    from cranisotropy.kernels.generated.hierarchy_escaped_power_term import hierarchy_escaped_power_term
    from cranisotropy.kernels.generated.hierarchy_total_power_term import hierarchy_total_power_term

    worst = 0.0
    for tau in taus:
        large = math.fsum(hierarchy_total_power_term(float(j), tau) for j in range(1, 200))
        small = 1.0 - math.fsum(hierarchy_escaped_power_term(float(j), tau) for j in range(0, 60))
        worst = max(worst, abs(large - small) / abs(large))
    return {"nu_t": list(taus), "max_rel_difference": worst, "ok": worst < 1e-12}


def validate() -> dict:
    """All multipole checks; ``ok`` when every part passes."""
    parts = {"hierarchy_ode": ode_versus_closed_form(),
             "hierarchy_mpmath": mpmath_grid(),
             "generalized_bgk": generalized_bgk_checks(),
             "hierarchy_total_power": total_power_series_agreement()}
    return {**parts, "ok": all(p["ok"] for p in parts.values())}


def benchmark(lmax: int = 1000, taus=(1e-6, 1e-3, 0.01, 0.1, 1.0, 10.0), repeat: int = 5,
              target_ms: float = 100.0) -> dict:
    """Wall time of C_l(T), l = 1..lmax, per T (best of ``repeat``), and spot errors vs mpmath."""
    M.hierarchy_log_cl(10, 0.01)   # compile / load the numba cache
    rows = []
    for tau in taus:
        best = math.inf
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            M.hierarchy_log_cl(lmax, tau)
            best = min(best, time.perf_counter() - start)
        rows.append({"nu_t": tau, "best_ms": 1e3 * best})
    accuracy = mpmath_grid(ells=(2, 50, lmax), taus=(0.01, 0.1, 1.0))
    slowest = max(r["best_ms"] for r in rows)
    return {"lmax": lmax, "repeat": repeat, "timings": rows, "slowest_ms": slowest, "target_ms": target_ms,
            "spot_max_rel_error": accuracy["max_rel_error"],
            "ok": slowest <= target_ms and accuracy["max_rel_error"] <= 1e-12}
