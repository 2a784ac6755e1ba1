"""numerics/chapman_enskog/series.py: admissible D(mu), its zeros, and the hierarchy solved on
mapped Chebyshev elements, against the exact algebras."""
from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.derivations.chapman_enskog import iterated as it
from cranisotropy.numerics.chapman_enskog.series import (as_scattering_function, numeric_series,
                                                         scattering_profile)

mu, d_z, sigma = ce.mu, ce.d_z, ce.sigma


def _mpf(x):
    return mpmath.mpf(sp.Rational(x).p) / sp.Rational(x).q if sp.sympify(x).is_Rational else \
        mpmath.mpf(str(sp.N(x, 50)))


@pytest.mark.parametrize("alpha", [sp.Rational(2, 3), sp.Rational(1, 2)])
def test_power_law_closed_forms_match_numerical_hierarchy(alpha):
    """Closed forms through the functionals of eq. (9) (digamma sums) against the hierarchy
    solved numerically on elements mapped at the zero mu = 0, to 30 digits."""
    D = sp.Abs(mu) ** alpha
    closed = ce.series_coefficients(it.rates_from_functionals(ce.closed_form_functionals(D)))
    num = numeric_series(scattering_profile(D), 4, n=48)
    with mpmath.workdps(40):
        for n in (2, 4):
            assert abs(num[(n, 0)] - _mpf(closed[n])) < mpmath.mpf("1e-30")


def test_numerical_hierarchy_matches_exact_rationals_with_focusing():
    D = 2 / (2 + mu)
    exact = ce.isotropic_equation(D, 6, focusing=True)
    num = numeric_series(scattering_profile(D), 6, n=32, sigma=True)
    with mpmath.workdps(40):
        for (a, b), value in num.items():
            g = exact[a + b]
            ref = sp.Poly(g, d_z, sigma).coeff_monomial(d_z**a * sigma**b) if g != 0 else 0
            assert abs(value - _mpf(ref)) < mpmath.mpf("1e-32")


def test_zeros_and_exponents_are_found_exactly():
    prof = scattering_profile("abs(mu - 3/10)^(1/2) * (1 + mu^2)")
    half = Fraction(1, 2)
    assert [(z.at, z.alpha_left, z.alpha_right) for z in prof.zeros] == [(0.3, half, half)]
    assert not prof.symmetric
    ends = scattering_profile("(1 - mu^2)^(1/3)")
    assert [z.at for z in ends.zeros] == [-1.0, 1.0] and ends.symmetric


def test_a_callable_gives_the_same_profile_as_its_formula():
    prof = scattering_profile(lambda m: abs(m) ** 0.5)
    formula = scattering_profile("abs(mu)^(1/2)")
    assert prof.expr is None and prof.label == "<callable <lambda>>"
    assert [(z.at, z.alpha_left) for z in prof.zeros] == [(z.at, z.alpha_left) for z in formula.zeros]
    assert prof.symmetric and prof.maximum == pytest.approx(formula.maximum, rel=1e-15)


def test_any_symbol_named_mu_is_the_package_mu():
    own = sp.Symbol("mu")                       # no assumptions, unlike the package's mu
    assert as_scattering_function(1 + own**2) == 1 + mu**2
    assert as_scattering_function("1 + mu^2") == 1 + mu**2
    assert as_scattering_function(0.5) == sp.Rational(1, 2)
    with pytest.raises(UsageError, match="may depend on mu only; found q"):
        as_scattering_function(sp.Symbol("q") * own)
    with pytest.raises(UsageError, match="callable"):
        as_scattering_function([1, 2])


@pytest.mark.parametrize("D, fragment", [
    ("-1", "positive"),
    (lambda m: m, "negative"),
    ("1 - mu^2", "not integrable"),
    ("abs(mu)^0.99", "barely integrable"),
    ("max(0, mu)", "vanishes on an interval"),
    (lambda m: 1 / m, "not real and finite"),
    (float("nan"), "not a finite real number"),
])
def test_inadmissible_D_is_refused_naming_the_fault(D, fragment):
    with pytest.raises(UsageError, match=fragment):
        scattering_profile(D)
