"""The consecutive multipole hierarchy C_l(T) (seed 003 eqs. 13, 19-21) against independent methods."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from cranisotropy import (hierarchy_cl, hierarchy_cl_mpmath, hierarchy_cl_ode, hierarchy_log_cl, hierarchy_ratios,
                          hierarchy_total_power)
from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.multipoles import hierarchy as dm


def _reference_log(order, tau):
    return float(mpmath.log(hierarchy_cl_mpmath(order, tau, dps=20)))


@pytest.mark.parametrize("tau", [1e-7, 1e-3, 0.02, 0.1, 0.25, 1.0, 30.0])
def test_hierarchy_matches_mpmath_reference(tau):
    ells = (2, 3, 10, 40, 200) if tau >= 1e-2 else (2, 3, 10, 40)
    logs = hierarchy_log_cl(max(ells), tau)
    for order in ells:
        assert abs(logs[order - 1] - _reference_log(order, tau)) < 1e-12, (order, tau)


def test_hierarchy_at_l_1000_matches_mpmath():
    for tau in (0.01, 0.3, 3.0):
        assert abs(hierarchy_log_cl(1000, tau)[-1] - _reference_log(1000, tau)) < 1e-12


@pytest.mark.parametrize("tau", [0.03, 0.4, 2.5])
def test_hierarchy_matches_stiff_ode_integration(tau):
    ode = hierarchy_cl_ode(25, tau)
    fast = hierarchy_cl(np.arange(1, 26), tau)
    mask = ode > 1e-10
    np.testing.assert_allclose(fast[mask], ode[mask], rtol=1e-8)


def test_ode_reference_against_two_level_closed_form():
    """Two levels: D_2 = (nu_1/(nu_2 - nu_1)) (e^{-nu_1 T} - e^{-nu_2 T}) D_1(0), nu_l = l(l+1) (a known limit)."""
    tau = 0.7
    d2 = 2.0 / 4.0 * (math.exp(-2 * tau) - math.exp(-6 * tau)) * 3.0
    assert hierarchy_cl_ode(2, tau)[1] * 5 == pytest.approx(d2, rel=1e-9)


def test_contour_values_against_mpmath_laplace_inversion():
    """Invert the derived Laplace transform with mpmath's Talbot method (a different contour)."""
    order, tau = 6, 0.05
    rates = [sp.Integer(j * (j + 1)) for j in range(1, order + 1)]
    transform = sp.lambdify(dm.s, dm.chain_laplace_transform(order, rates)[order], "mpmath")
    with mpmath.workdps(40):
        value = mpmath.invertlaplace(transform, tau, method="talbot")
    assert hierarchy_cl(order, tau) * (2 * order + 1) / 3 == pytest.approx(float(value), rel=1e-12)


def test_product_sum_form_cancels_but_ours_does_not():
    """The naive product-sum form of eq. 20 in float64 loses all digits at small nu T."""
    order, tau = 40, 0.02
    rates = np.array([j * (j + 1.0) for j in range(1, order + 1)])
    naive = np.prod(rates[:-1]) * sum(np.exp(-tau * rates[n]) / np.prod([rates[p] - rates[n] for p in range(order) if p != n])
                                      for n in range(order))
    reference = math.exp(_reference_log(order, tau)) * (2 * order + 1) / 3
    assert abs(naive - reference) / reference > 1e-3
    assert abs(hierarchy_cl(order, tau) * (2 * order + 1) / 3 - reference) / reference < 1e-12


def test_edge_times():
    assert hierarchy_cl(1, 0.0) == 1.0 and hierarchy_cl(7, 0.0) == 0.0
    late = hierarchy_ratios(50, 60.0)
    ells = np.arange(1, 51)
    np.testing.assert_allclose(late, 18.0 / ((2 * ells + 1) * (ells + 1) * (ells + 2)), rtol=1e-13)   # eq. 21 as printed
    np.testing.assert_allclose(hierarchy_ratios(50), late, rtol=1e-13)
    assert hierarchy_cl(3, 1.0, c1_initial=2.0) == pytest.approx(2 * hierarchy_cl(3, 1.0), rel=1e-15)
    assert np.all(hierarchy_log_cl(4, math.inf) == -np.inf)


def test_dipole_decays_at_twice_nu():
    """C_1(T) = e^{-2 nu T} C~_1 (nu_1 = 2 nu, no feeding from below)."""
    for tau in (0.0, 0.3, 5.0):
        assert hierarchy_cl(1, tau) == pytest.approx(math.exp(-2 * tau), rel=1e-15)


def test_hierarchy_cl_accepts_arrays_and_rejects_bad_input():
    vals = hierarchy_cl(np.array([1, 5, 3]), 0.2)
    assert vals.shape == (3,) and vals[0] == pytest.approx(math.exp(-0.4), rel=1e-15)
    for bad in (0, -2, np.array([1.5]), 100_001):
        with pytest.raises(UsageError):
            hierarchy_cl(bad, 0.1)
    for bad in (-1.0, float("nan"), "x"):
        with pytest.raises(UsageError, match="nu T"):
            hierarchy_log_cl(3, bad)
    for bad in (0, 2.0, True):
        with pytest.raises(UsageError, match="lmax"):
            hierarchy_ratios(bad)
    with pytest.raises(UsageError):
        hierarchy_cl_mpmath(3, 0.0)


def test_total_power_violates_eq13_and_matches_its_series():
    for tau in (0.2, 0.5, 1.0, 2.0):
        series = math.fsum((-1) ** (n + 1) * (2 * n + 1) * math.exp(-n * (n + 1) * tau) for n in range(1, 400))
        assert hierarchy_total_power(tau) == pytest.approx(series, rel=1e-13)
    # the finite-l sum approaches it from below (power escapes to l -> oo)
    for tau in (0.3, 1.0):
        partial = np.sum(hierarchy_cl(np.arange(1, 2001), tau) * (2 * np.arange(1, 2001) + 1)) / 3
        assert 0 < hierarchy_total_power(tau) - partial < 20.0 / 2000
    assert hierarchy_total_power(0.0) == 1.0 and hierarchy_total_power(math.inf) == 0.0
