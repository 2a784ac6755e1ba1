"""The generalised-BGK spectrum (seed 002 eqs. 4.6-4.7): closed forms against quadrature and eq. 4.6 solved directly."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy.special import roots_jacobi

from cranisotropy import (generalized_bgk_cl, generalized_bgk_cl_mpmath, generalized_bgk_ratios, generalized_bgk_slope,
                          solve_two_point_equation, two_point_spectrum_quadrature)
from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.multipoles import relative_diffusion as rd
from cranisotropy.numerics.multipoles.generalized_bgk import BGK_FORMS


def test_the_default_is_the_derived_form():
    assert BGK_FORMS[0] == "consistent"
    np.testing.assert_array_equal(generalized_bgk_ratios(0.5, 4), generalized_bgk_ratios(0.5, 4, "consistent"))
    assert generalized_bgk_ratios(0.5, 2)[1] == pytest.approx(1 / 7, rel=1e-14)
    assert generalized_bgk_ratios(0.5, 2, "printed")[1] == pytest.approx(23 / 147, rel=1e-14)


@pytest.mark.parametrize("form", BGK_FORMS)
@pytest.mark.parametrize("p", [0.2, 1 / 3, 0.5, 2 / 3, 0.9])
def test_closed_form_vs_quadrature(p, form):
    fast = generalized_bgk_cl(p, 25, form=form)
    for order in (1, 3, 25):
        ref = float(generalized_bgk_cl_mpmath(p, order, dps=18, form=form))
        assert fast[order - 1] == pytest.approx(ref, rel=1e-12)


def test_printed_form_against_a_hand_written_quadrature():
    """Eq. 4.7 as printed, (3/2)/(l(l+1)) int x P_l (1-x)^(-1/3) dx, by mpmath directly (the paper's claim)."""
    def cl(order):
        f = lambda x: x * mpmath.legendre(order, x) / (1 - x) ** (mpmath.mpf(1) / 3)  # noqa: E731
        return 1.5 * mpmath.quad(f, [-1, 0, 0.9, 1]) / (order * (order + 1))
    assert generalized_bgk_cl(1 / 3, 4, form="printed")[3] == pytest.approx(float(cl(4)), rel=1e-9)


def test_exact_tables_match_numerics():
    for p in (sp.Rational(1, 3), sp.Rational(2, 3)):
        for form in BGK_FORMS:
            exact = [rd.generalized_bgk_ratio(order, p, form == "consistent") for order in range(1, 6)]
            assert all(e.is_Rational for e in exact)
            np.testing.assert_allclose(generalized_bgk_ratios(float(p), 5, form), [float(e) for e in exact], rtol=1e-14)


@pytest.mark.parametrize("p", [0.25, 0.5, 0.75])
def test_large_l_slope(p):
    cl = generalized_bgk_cl(p, 20000)
    slope = math.log(cl[-1] / cl[9999]) / math.log(20000 / 10000)
    assert slope == pytest.approx(generalized_bgk_slope(p), abs=1e-3)
    assert generalized_bgk_slope(p) == pytest.approx(2 * p - 4, rel=1e-15)


def test_q1_and_nu0_scale_the_spectrum():
    base = generalized_bgk_cl(0.4, 5)
    np.testing.assert_allclose(generalized_bgk_cl(0.4, 5, q1=3.0, nu0=2.0), 1.5 * base, rtol=1e-15)


def test_consistent_form_solves_eq46_directly():
    x, w = np.polynomial.legendre.leggauss(160)
    rate = 1 + 0.5 * x**2 - 0.3 * x
    direct = solve_two_point_equation(x, w, rate, 50)
    np.testing.assert_allclose(two_point_spectrum_quadrature(x, w, rate, 8), direct[:8], rtol=1e-8)


def test_printed_form_solves_eq46_only_when_kappa_vanishes():
    """For an even nu_r, int x/nu_r = 0: then eq. 4.7 as printed does solve eq. 4.6."""
    x, w = np.polynomial.legendre.leggauss(120)
    rate = 1 + x**2
    direct = solve_two_point_equation(x, w, rate, 40)
    np.testing.assert_allclose(two_point_spectrum_quadrature(x, w, rate, 6, form="printed"), direct[:6],
                               rtol=1e-9, atol=1e-14)


def test_quadrature_forms_reproduce_the_closed_forms_for_a_singular_rate():
    """Gauss-Jacobi nodes (weight (1-x)^-p) integrate the (1-x)^p forms exactly."""
    p = 0.5
    x, w = roots_jacobi(80, -p, 0.0)
    for form in BGK_FORMS:
        quad = two_point_spectrum_quadrature(x, w, (1 - x) ** p, 10, weight=(1 - x) ** -p, form=form)
        np.testing.assert_allclose(quad, generalized_bgk_cl(p, 10, form=form), rtol=1e-10)   # Gauss-Jacobi nodes ~1e-12


def test_galerkin_with_a_singular_rate_approaches_the_consistent_form():
    p, kmax = 0.5, 200
    x, w = roots_jacobi(kmax + 20, -p, 0.0)
    C = solve_two_point_equation(x, w, (1 - x) ** p, kmax, weight=(1 - x) ** -p)
    consistent, printed = generalized_bgk_ratios(p, 3), generalized_bgk_ratios(p, 3, "printed")
    assert abs(C[1] / C[0] - consistent[1]) < 0.2 * abs(printed[1] - consistent[1])


def test_bad_input():
    for bad in (0.0, 1.0, -0.1, 2, "a"):
        with pytest.raises(UsageError, match="p "):
            generalized_bgk_ratios(bad, 5)
    with pytest.raises(UsageError, match="form"):
        generalized_bgk_ratios(0.5, 5, form="other")
    with pytest.raises(UsageError, match="nu0"):
        generalized_bgk_cl(0.5, 5, nu0=0.0)
    x, w = np.polynomial.legendre.leggauss(10)
    with pytest.raises(UsageError, match="nu_r"):
        solve_two_point_equation(x, w, -np.ones(10), 4)
    with pytest.raises(UsageError, match="one length"):
        two_point_spectrum_quadrature(x, w[:5], np.ones(10), 4)
    with pytest.raises(UsageError):
        generalized_bgk_cl_mpmath(1.5, 2)
