"""The derivation of seed 000 Sec. II (derivations/confinement/escape.py): eqs. (1)-(5) in sympy."""
from __future__ import annotations

import pytest
import sympy as sp

from cranisotropy.derivations.confinement import escape as cf


def test_quasilinear_integral_needs_kappa_over_I():
    assert cf.invariant_rate(cf.cr_pressure_rhs()) == 0
    residual = cf.invariant_rate(cf.extracted_cr_pressure_rhs())
    assert residual != 0
    # the residual vanishes only where I = 1 and dI/dz = 0 (i.e. kappa_B/I = kappa_B)
    assert sp.simplify(residual.subs(cf.I, 1).doit()) == 0


def test_wave_diffusion_equation():
    derived = cf.wave_diffusion_rhs()
    assert sp.simplify(derived - cf.wave_diffusion_rhs_standard_form().doit()) == 0
    assert sp.simplify(derived - cf.extracted_wave_diffusion_rhs().doit()) != 0
    # uniform I0, by hand: d/dz (kappa_B/I) dI/dz = kappa_B d^2 ln I/dz^2, so with I = e^L
    # dL/dt = e^-L (kappa_B L_zz - C_A P0') - Gamma
    expected = sp.exp(-cf.L_wave) * (cf.kappa_B * cf.L_zz - cf.C_A * cf.dP0_dz) - cf.Gamma
    assert sp.simplify(cf.wave_diffusion_log_rate() - expected) == 0


def test_damping_substitution_exact_and_not_vacuous():
    assert cf.damping_substitution() == (0, 0)
    wrong = cf.damping_substitution(cf.t)  # s = t is not the right time map
    assert any(r != 0 for r in wrong)


def test_similarity_system_solves_similarity_equations():
    eq1, eq2 = cf.similarity_equations()
    system = cf.similarity_system()
    gp, hp = system[sp.Derivative(cf.g, cf.xi)], system[sp.Derivative(cf.h, cf.xi)]
    gpp = sp.diff(gp, cf.xi).subs({sp.Derivative(cf.g, cf.xi): gp, sp.Derivative(cf.h, cf.xi): hp})
    for eq in (eq1, eq2):
        value = eq.subs(sp.Derivative(cf.g, (cf.xi, 2)), gpp).subs(
            {sp.Derivative(cf.g, cf.xi): gp, sp.Derivative(cf.h, cf.xi): hp})
        assert sp.simplify(value) == 0


def test_first_integral_and_constants():
    assert cf.first_integral_rate() == 0
    g0, h0 = sp.symbols("g_0 h_0", positive=True)
    assert sp.simplify(cf.core_constant() - sp.log(2 * g0**2 / h0)) == 0
    assert sp.simplify(cf.separatrix_constant() - (2 * sp.log(2) - 1)) == 0


def test_F_limits_from_the_first_integral():
    """Pi >> 1: C -> separatrix, F = 8 e^-C -> 2e; Pi << 1: the half-line Gaussian with content Pi
    has core height Pi/sqrt(pi kappa_ISM) = 2/sqrt(kappa_NL), so F -> 4 pi/Pi^2."""
    assert cf.large_pi_limit_of_F() == 2 * sp.E
    assert sp.simplify(cf.small_pi_limit_of_F() - 4 * sp.pi / cf.Pi**2) == 0


def test_pedestal_is_the_separatrix_fixed_point():
    ped = cf.pedestal_solution()
    assert cf.pedestal_residual() == (0, 0)
    # the same P = 2 kappa_B/(C_A z) as the pedestal limit of formula (5)
    assert sp.simplify(ped["g"] - cf.interpolation_limits()["pedestal"]) == 0
    # the autonomous variables of the pedestal: q = -xi g = -2, v = ln(h xi^2/2) = 0, both constant
    assert sp.simplify(-cf.xi * ped["g"]) == -2 and sp.simplify(sp.log(ped["h"] * cf.xi**2 / 2)) == 0


@pytest.mark.parametrize("v_value,c_value", [(-3.0, -2.0), (0.0, 0.0), (0.7, 0.3), (1.5, -5.0)])
def test_lambert_solution_on_first_integral_and_branch_equation(v_value, c_value):
    v_value, c_value = sp.Rational(v_value), sp.Rational(c_value)
    q_val = sp.N(cf.lambert_solution().subs({cf.v: v_value, cf.C: c_value}), 30)
    fi = sp.N(cf.first_integral().subs({cf.q: q_val, cf.v: v_value}), 30)
    assert abs(fi - c_value) < 1e-25
    branch = cf.branch_equation().subs({cf.w: -q_val / 2, cf.v: v_value, cf.delta: cf.C_SEPARATRIX - c_value})
    assert abs(sp.N(branch, 30)) < 1e-25


def test_interpolation_formula_in_similarity_variables():
    assert sp.simplify(cf.interpolation_in_similarity_variables() - cf.interpolation_shape()) == 0
    assert cf.interpolation_limits() == {"core": 2 / sp.sqrt(cf.kappa_nl), "pedestal": 2 / cf.xi}


def test_pressure_definition():
    # (1/3) int v p f d^3p per ln p, by hand: (1/3) v p 4 pi p^2 f p
    assert sp.simplify(cf.pressure_per_log_momentum()
                       - sp.Rational(4, 3) * sp.pi * cf.v_cr * cf.p**4 * cf.f_cr) == 0
    assert cf.pressure_normalisation() == 1


def test_generated_kernels_match_derivation():
    from cranisotropy.kernels.generated.confinement_interpolation import confinement_interpolation
    from cranisotropy.kernels.generated.confinement_log_rates import confinement_log_rates

    expr = cf.interpolation_shape()
    for x, knl, kism in [(0.0, 1e-3, 1.0), (0.3, 2.0, 5.0), (4.0, 1e-6, 1.0)]:
        ref = float(expr.subs({cf.xi: x, cf.kappa_nl: knl, cf.kappa_ism: kism}).evalf(30))
        assert confinement_interpolation(x, knl, kism) == pytest.approx(ref, rel=1e-14)
    grad = sp.Symbol("grad_P", real=True)
    rates = cf.log_rates(grad)
    vals = confinement_log_rates(-0.7, 1.3, 2.0, 3.0, 0.1)
    subs = {grad: -0.7, cf.L_wave: 1.3, cf.kappa_B: 2.0, cf.C_A: 3.0, cf.Gamma: 0.1}
    for value, key in zip(vals, ("flux", "dL_dt", "dflux_dgrad", "dflux_dL", "drate_dgrad", "drate_dL")):
        assert value == pytest.approx(float(rates[key].subs(subs)), rel=1e-14)
