"""numerics/chapman_enskog/coefficients.py: ``transport_coefficients`` for formulas, sympy
expressions and callables, against independent methods (quadrature, the spectral eigenvalue)."""
from __future__ import annotations

import math
import pickle
import subprocess
import sys

import numpy as np
import pytest
import scipy.integrate
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.chapman_enskog.pitch_angle import mu
from cranisotropy.numerics.chapman_enskog import (eigenvalue_series, symbolic_transport_equation,
                                                  transport_coefficients)

#: D(mu) as text, and the same D as a numpy function for the independent quadrature
CASES = {
    "1 + mu^2": lambda m: 1 + m**2,
    "2/(2 + mu)": lambda m: 2 / (2 + m),
    "abs(mu)^(1/2)": lambda m: np.abs(m) ** 0.5,
    "exp(mu/2)": lambda m: np.exp(m / 2),
}


def test_acceptance_kappa_of_the_quasilinear_q_5_3_is_18_7():
    out = subprocess.run([sys.executable, "-c", "import cranisotropy as c; "
                          "print(c.transport_coefficients('abs(mu)**(2/3)').kappa.exact)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "18/7"


def test_a_users_own_symbol_named_mu_is_accepted():
    own = sp.Symbol("mu")
    r = transport_coefficients(sp.Abs(own) ** sp.Rational(2, 3))
    assert r.kappa.exact == sp.Rational(18, 7) and r.D == sp.Abs(mu) ** sp.Rational(2, 3)


@pytest.mark.parametrize("D", sorted(CASES))
def test_kappa_equals_the_quadrature_of_its_definition(D):
    """kappa = (1/2) int_{-1}^{1} (1 - mu^2)/D dmu (scipy's adaptive quadrature)."""
    f = CASES[D]
    integral, _ = scipy.integrate.quad(lambda m: (1 - m**2) / f(m), -1, 1, points=[0], epsabs=1e-14,
                                       epsrel=1e-13, limit=200)
    assert transport_coefficients(D).kappa.value == pytest.approx(integral / 2, rel=1e-11)


@pytest.mark.parametrize("D", ["1 + mu^2", "abs(mu)^(1/2)", "2/(2 + mu)"])
def test_hyperdiffusion_and_telegraph_time_from_the_spectral_eigenvalue(D):
    """The slowest eigenvalue Gamma(p) of d/dmu (1-mu^2) D d/dmu - p mu has the Taylor
    coefficients g_n (computed by Cauchy's formula, no perturbation theory).  With p = i eps k
    and T = eps^2 t/4, eq. (10) gives 4 Gamma/eps^2 = -kappa k^2 - eps^2 K k^4 + ..., so
    kappa = 4 g_2 and K = -4 g_4; the telegraph root of tau_t G^2 + G + g_2 (eps k)^2 = 0 is
    G = -g_2 (eps k)^2 - tau_t g_2^2 (eps k)^4 + ..., which matches Gamma when
    tau_t = -g_4 / g_2^2."""
    g = eigenvalue_series(D, 4, degree=20, points=48).coefficients.real
    r = transport_coefficients(D)
    assert r.kappa.value == pytest.approx(4 * g[2], rel=1e-10)
    assert r.hyperdiffusion.value == pytest.approx(-4 * g[4], rel=1e-9)
    assert r.tau_t.value == pytest.approx(-g[4] / g[2] ** 2, rel=1e-9)


def test_a_callable_gives_the_numbers_of_its_formula_without_exact_values():
    formula = transport_coefficients("abs(mu)^(2/3)", 6)
    numeric = transport_coefficients(lambda m: abs(m) ** (2 / 3), 6)
    assert all(c.exact is None for c in (numeric.kappa, numeric.hyperdiffusion, *numeric.series.values()))
    for n in (2, 4, 6):
        assert numeric.series[n].value == pytest.approx(formula.series[n].value, rel=1e-13)
        assert numeric.series[n].error > 0
    assert numeric.symmetric and not numeric.notes


def test_focused_rates_vanish_at_d_z_equal_minus_sigma():
    """Particle conservation: n = f e^{sigma z} uniform is stationary, gamma_n(-sigma) = 0."""
    for D in ("2/(2 + mu)", "1 + mu^2"):
        r = transport_coefficients(D, 4, sigma="1/2")
        for terms in r.focused.values():
            total = sum(c.value * (-0.5) ** j for j, c in terms.items())
            scale = max(abs(c.value) * 0.5**j for c in terms.values() for j in terms)
            assert abs(total) <= 1e-13 * max(scale, 1e-300)


def test_asymmetric_D_has_an_eps3_term_and_says_so():
    r = transport_coefficients("2/(2 + mu)")
    assert r.series[3].exact == sp.Rational(-1, 90) and not r.symmetric and r.notes


def test_result_is_picklable_printable_and_json_ready():
    r = transport_coefficients("1 + mu^2", sigma=0.5)
    assert pickle.loads(pickle.dumps(r)) == r
    assert r.sigma == sp.Rational(1, 2) and "kappa" in str(r)
    data = r.to_dict()
    assert data["exact"]["kappa"] == "-1 + pi/2" and data["series"][3]["exact"] is None
    assert all(math.isfinite(v) for v in data["series_errors"])


@pytest.mark.parametrize("kwargs, fragment", [
    ({"order": 1}, "order must be an integer from 2 to 16"),
    ({"order": 17}, "order must be an integer from 2 to 16"),
    ({"order": 2.5}, "order must be"),
    ({"sigma": "x"}, "unknown name"),
    ({"sigma": float("inf")}, "sigma must be a finite real number"),
    ({"sigma": "sqrt(-1)"}, "sigma must be a finite real number"),
])
def test_bad_arguments_raise_usage_errors(kwargs, fragment):
    with pytest.raises(UsageError, match=fragment):
        transport_coefficients("1", **kwargs)


def test_symbolic_equation_in_the_symmetric_variables():
    r = symbolic_transport_equation(4)
    P, S, kappa = sp.symbols("P S kappa")
    assert sp.expand(r.gamma[2] - kappa * (P**2 - 4 * S) / 4) == 0
    assert set(r.functionals) == {"kappa", "M", "A", "B"}
    assert set(r.to_dict()) == {"symbolic", "order", "gamma", "gamma_in_d_z_sigma", "variables",
                                "functionals"}
    with pytest.raises(UsageError, match="from 1 to 4"):
        symbolic_transport_equation(5)
