"""Multipole hierarchy (seed 003 eqs. 13, 19-21) and generalised BGK (seed 002 eq. 4.7) numerics."""
import doctest
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp

from cranisotropy.derivations.multipoles import hierarchy as dm
from cranisotropy.derivations.multipoles import relative_diffusion as rd
from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.multipoles import hierarchy as M


@pytest.mark.parametrize("module", ["cranisotropy.numerics.multipoles.hierarchy", "cranisotropy.numerics.multipoles.bgk",
                                    "cranisotropy.numerics.multipoles.relative_diffusion",
                                    "cranisotropy.derivations.multipoles.hierarchy", "cranisotropy.derivations.multipoles.bgk",
                                    "cranisotropy.derivations.multipoles.relative_diffusion"])
def test_doctests(module):
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


# --------------------------------------------------------------------------- derivation

def test_bateman_solution_general_rates_solves_the_chain():
    rates = list(sp.symbols("a1:4", positive=True))
    sol = dm.bateman_solution(3, rates)
    assert sp.simplify(sol[1].subs(dm.T, 0) - 1) == 0
    for j in range(2, 4):
        assert sp.simplify(sol[j].subs(dm.T, 0)) == 0
        residual = sp.diff(sol[j], dm.T) + rates[j - 1] * sol[j] - rates[j - 2] * sol[j - 1]
        assert sp.simplify(residual) == 0


def test_spectral_coefficients_match_general_bateman_solution():
    rates = [sp.Integer(j * (j + 1)) for j in range(1, 6)]
    sol = dm.bateman_solution(5, rates, time=dm.T * dm.nu)
    for j in range(1, 6):
        assert sp.simplify(sol[j] - dm.spectral_solution(j)) == 0


def test_chain_residual_and_initial_condition():
    assert dm.chain_residual() == 0
    b = dm.bateman_coefficient()
    for order in range(1, 25):
        total = sum(b.subs({dm.l: order, dm.n: j}) for j in range(1, order + 1))
        assert total == (1 if order == 1 else 0)


def test_asymptotic_ratio_is_derived_and_matches_eq21():
    assert sp.simplify(dm.asymptotic_ratio() - 18 / ((2 * dm.l + 1) * (dm.l + 1) * (dm.l + 2))) == 0
    assert dm.asymptotic_ratio_numeric_limit(3) == sp.Rational(9, 70)


def test_total_power_residues_agree_with_direct_sums():
    for j in (1, 2):
        assert dm.total_power_coefficient(j) == dm.total_power_residue().subs(dm.n, j)


# --------------------------------------------------------------------------- C_l(T)

def _reference_log(order, tau):
    return float(mpmath.log(M.hierarchy_cl_mpmath(order, tau, dps=20)))


@pytest.mark.parametrize("tau", [1e-7, 1e-3, 0.02, 0.1, 0.25, 1.0, 30.0])
def test_hierarchy_matches_mpmath_reference(tau):
    ells = (2, 3, 10, 40, 200) if tau >= 1e-2 else (2, 3, 10, 40)
    logs = M.hierarchy_log_cl(max(ells), tau)
    for order in ells:
        assert abs(logs[order - 1] - _reference_log(order, tau)) < 1e-12, (order, tau)


def test_hierarchy_at_l_1000_matches_mpmath():
    for tau in (0.01, 0.3, 3.0):
        logs = M.hierarchy_log_cl(1000, tau)
        assert abs(logs[-1] - _reference_log(1000, tau)) < 1e-12


def test_hierarchy_matches_stiff_ode_integration():
    lmax = 25
    rate = np.array([j * (j + 1.0) for j in range(1, lmax + 1)])
    J = np.diag(-rate) + np.diag(rate[:-1], -1)
    D0 = np.zeros(lmax)
    D0[0] = 3.0
    ells = np.arange(1, lmax + 1)
    for tau in (0.03, 0.4, 2.5):
        sol = solve_ivp(lambda _t, D: J @ D, (0, tau), D0, method="LSODA", jac=lambda _t, _D: J,
                        rtol=1e-11, atol=1e-20)
        ode = sol.y[:, -1] / (2 * ells + 1)
        fast = M.hierarchy_cl(ells, tau)
        mask = ode > 1e-10
        assert np.max(np.abs(fast[mask] - ode[mask]) / ode[mask]) < 1e-8


def test_contour_values_against_mpmath_laplace_inversion():
    """Invert the derived Laplace transform with mpmath's Talbot method (a different contour)."""
    order, tau = 6, 0.05
    rates = [sp.Integer(j * (j + 1)) for j in range(1, order + 1)]
    transform = sp.lambdify(dm.s, dm.chain_laplace_transform(order, rates)[order], "mpmath")
    with mpmath.workdps(40):
        value = mpmath.invertlaplace(transform, tau, method="talbot")
    assert M.hierarchy_cl(order, tau) * (2 * order + 1) / 3 == pytest.approx(float(value), rel=1e-12)


def test_product_sum_form_cancels_but_ours_does_not():
    """The naive product-sum form of eq. 20 in float64 loses all digits at small nu T."""
    order, tau = 40, 0.02
    rates = np.array([j * (j + 1.0) for j in range(1, order + 1)])
    naive = np.prod(rates[:-1]) * sum(np.exp(-tau * rates[n]) / np.prod([rates[p] - rates[n] for p in range(order) if p != n])
                                      for n in range(order))
    reference = math.exp(_reference_log(order, tau)) * (2 * order + 1) / 3
    assert abs(naive - reference) / reference > 1e-3
    assert abs(M.hierarchy_cl(order, tau) * (2 * order + 1) / 3 - reference) / reference < 1e-12


def test_edge_times():
    assert M.hierarchy_cl(1, 0.0) == 1.0 and M.hierarchy_cl(7, 0.0) == 0.0
    late = M.hierarchy_ratios(50, 60.0)
    ells = np.arange(1, 51)
    np.testing.assert_allclose(late, 18.0 / ((2 * ells + 1) * (ells + 1) * (ells + 2)), rtol=1e-13)
    np.testing.assert_allclose(M.hierarchy_ratios(50), late, rtol=1e-13)
    assert M.hierarchy_cl(3, 1.0, c1_initial=2.0) == pytest.approx(2 * M.hierarchy_cl(3, 1.0), rel=1e-15)


def test_hierarchy_cl_accepts_arrays_and_rejects_bad_input():
    vals = M.hierarchy_cl(np.array([1, 5, 3]), 0.2)
    assert vals.shape == (3,) and vals[0] == pytest.approx(math.exp(-0.4), rel=1e-15)
    for bad in (0, -2, np.array([1.5]), M.LMAX_LIMIT + 1):
        with pytest.raises(UsageError):
            M.hierarchy_cl(bad, 0.1)
    for bad in (-1.0, float("nan"), "x"):
        with pytest.raises(UsageError):
            M.hierarchy_log_cl(3, bad)


def test_total_power_violates_eq13_and_matches_its_series():
    for tau in (0.2, 0.5, 1.0, 2.0):
        series = math.fsum((-1) ** (n + 1) * (2 * n + 1) * math.exp(-n * (n + 1) * tau) for n in range(1, 400))
        assert M.hierarchy_total_power(tau) == pytest.approx(series, rel=1e-13)
    # the finite-l sum approaches it from below (power escapes to l -> oo)
    for tau in (0.3, 1.0):
        partial = np.sum(M.hierarchy_cl(np.arange(1, 2001), tau) * (2 * np.arange(1, 2001) + 1)) / 3
        assert 0 < M.hierarchy_total_power(tau) - partial < 20.0 / 2000
    assert M.hierarchy_total_power(0.0) == 1.0 and M.hierarchy_total_power(1.0) < 0.4


# --------------------------------------------------------------------------- generalised BGK

@pytest.mark.parametrize("form", M.BGK_FORMS)
@pytest.mark.parametrize("p", [0.2, 1 / 3, 0.5, 2 / 3, 0.9])
def test_generalized_bgk_closed_form_vs_quadrature(p, form):
    fast = M.generalized_bgk_cl(p, 25, form=form)
    for order in (1, 3, 25):
        ref = float(M.generalized_bgk_cl_mpmath(p, order, dps=18, form=form))
        assert abs(fast[order - 1] - ref) < 1e-12 * abs(ref)


def test_generalized_bgk_exact_tables_match_numerics():
    for p in (sp.Rational(1, 3), sp.Rational(2, 3)):
        for consistent, form in ((False, "printed"), (True, "consistent")):
            numeric = M.generalized_bgk_ratios(float(p), 5, form=form)
            exact = [rd.generalized_bgk_ratio(order, p, consistent) for order in range(1, 6)]
            assert all(e.is_Rational for e in exact)
            np.testing.assert_allclose(numeric, [float(e) for e in exact], rtol=1e-14)


@pytest.mark.parametrize("p", [0.25, 0.5, 0.75])
def test_generalized_bgk_large_l_slope(p):
    cl = M.generalized_bgk_cl(p, 20000)
    slope = math.log(cl[-1] / cl[9999]) / math.log(20000 / 10000)
    assert slope == pytest.approx(2 * p - 4, abs=1e-3)
    assert M.generalized_bgk_slope(p) == pytest.approx(2 * p - 4)


def test_consistent_form_solves_eq46_directly():
    x, w = np.polynomial.legendre.leggauss(160)
    rate = 1 + 0.5 * x**2 - 0.3 * x
    kmax = 50
    P = np.array([np.polynomial.legendre.legval(x, np.eye(kmax + 1)[j]) for j in range(kmax + 1)])
    ks = np.arange(1, kmax + 1)
    direct = M.solve_two_point_equation(x, w, rate, kmax)
    kappa = np.sum(w * x / rate) / np.sum(w / rate)
    consistent = 1.5 / (ks * (ks + 1)) * (P[1:] @ (w * (x - kappa) / rate))
    np.testing.assert_allclose(consistent[:8], direct[:8], rtol=1e-8)   # Galerkin truncated at k = 50


def test_two_point_solver_reproduces_printed_form_only_when_kappa_vanishes():
    """For an even nu_r, int x/nu_r = 0: then eq. 4.7 as printed does solve eq. 4.6."""
    x, w = np.polynomial.legendre.leggauss(120)
    rate = 1 + x**2
    direct = M.solve_two_point_equation(x, w, rate, 40)
    ks = np.arange(1, 41)
    P = np.array([np.polynomial.legendre.legval(x, np.eye(41)[j]) for j in range(1, 41)])
    printed = 1.5 / (ks * (ks + 1)) * (P @ (w * x / rate))
    np.testing.assert_allclose(printed[:6], direct[:6], rtol=1e-9, atol=1e-14)


def test_generalized_bgk_rejects_bad_p():
    for bad in (0.0, 1.0, -0.1, 2, "a"):
        with pytest.raises(UsageError):
            M.generalized_bgk_ratios(bad, 5)
    with pytest.raises(UsageError):
        M.generalized_bgk_ratios(0.5, 5, form="other")
