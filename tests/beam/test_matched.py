"""Beam paper (seed 001): derivations, outer solvers, matched asymptotics, CLI.

The expected values here are never produced by the code under test alone: each comes from a
second, independent route (mpmath series vs Legendre–Galerkin, quadrature vs closed form,
symbolic identity vs numerics) or from exact mathematics stated in the test.
"""
from __future__ import annotations

import json
import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from cranisotropy.cli import main
from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.derivations.beam import scattering as bs
from cranisotropy.numerics.beam import matched as nb

J1 = float(mp.besseljzero(1, 1))


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def lambda1_mp():
    return nb.outer_eigenvalue_mp(14.5, 0, 40)


@pytest.fixture(scope="module")
def mode():
    return nb.outer_mode(0.0)


# --------------------------------------------------------------------------- eqs. (1)-(5)

def test_gs_spectrum_is_normalised_to_one():
    assert sp.simplify(bs.spectrum_normalisation() - 1) == 0


def test_resonance_function_is_the_lorentzian():
    D, tau = sp.Symbol("Delta"), sp.Symbol("tau_k")
    assert sp.simplify(bs.resonance_function() - tau / (1 + D**2 * tau**2)) == 0


def test_atan2_equals_the_two_arctangents_of_the_resonances():
    """The kernel's atan2 form against the plain sum of arctangents (in 30-digit arithmetic,
    where their cancellation for small delta costs nothing)."""
    from cranisotropy.kernels.generated.beam_scattering_integrand import beam_scattering_integrand

    rng = np.random.default_rng(3)
    for _ in range(50):
        kappa, mu = 10 ** rng.uniform(0, 3), rng.uniform(0.05, 0.95)
        eps, delta = 10 ** rng.uniform(-3, -1), 10 ** rng.uniform(-2, 0)
        with mp.workdps(30):
            k, m, e, d = map(mp.mpf, (kappa, mu, eps, delta))
            A = k ** (-mp.mpf(2) / 3) / e
            bracket = mp.atan((m + A) / d) + mp.atan((m - A) / d)
            z = k * e * mp.sqrt(1 - m * m)
            expected = float(2 * (1 - m * m) / (3 * e**2 * m) * k ** (-mp.mpf(7) / 3)
                             * (mp.besselj(1, z) / z) ** 2 * bracket)
        assert beam_scattering_integrand(kappa, mu, eps, delta) == pytest.approx(expected, rel=1e-11)


def test_magnetostatic_prefactor_and_peak_normalisation():
    assert sp.simplify(bs.magnetostatic_prefactor() - sp.pi / 2 * bs.mu * (1 - bs.mu**2)) == 0
    # G(0) = 1/4 = (J1(y)/y)^2 at y = 0: the pi/2 of eq. (4)
    assert bs.peak_profile_expansion()[0] == sp.Rational(1, 4)


def test_peak_correction_r_against_quadrature():
    r = float(bs.peak_correction_coefficient())
    assert r == pytest.approx(-0.270990778883385, rel=1e-12)
    y = 1e-3
    G = nb.magnetostatic_profile(y)
    expansion = bs.peak_profile_expansion()
    series = sum(float(c) * y ** float(p) for p, c in expansion.items())
    assert G == pytest.approx(series, rel=1e-12)


def test_bessel_log_constant_against_mpmath():
    """int_x^oo J1^2/z^3 dz = ln(1/x)/4 + C_J + O(x^2 ln x)."""
    C = float(bs.bessel_log_constant())
    x = mp.mpf("1e-4")
    with mp.workdps(20):
        integral = (mp.quad(lambda t: mp.besselj(1, t) ** 2 / t**3, [x, 1, 10])
                    + mp.quadosc(lambda t: mp.besselj(1, t) ** 2 / t**3, [10, mp.inf], period=mp.pi))
    assert float(integral - mp.log(1 / x) / 4) == pytest.approx(C, abs=1e-7)
    assert 4 * C == pytest.approx(0.25 + math.log(2) - float(mp.euler), rel=1e-14)


def test_small_delta_coefficient_matches_quadrature_with_one_third():
    from cranisotropy.kernels.generated.beam_small_delta import beam_small_delta

    mu, eps, delta = 0.5, 1e-8, 1e-8
    d = nb.scattering_coefficient(mu, eps, delta) - nb.scattering_coefficient(mu, eps, 0.0)
    assert d / beam_small_delta(mu, eps, delta) == pytest.approx(1.0, abs=1e-6)


# --------------------------------------------------------------------------- outer problem

def test_equations_6_to_11_symbolically():
    assert bo.dimensional_transport_residual() == 0
    assert bo.separated_mode_residual() == 0
    assert bo.weighted_norm_identity() == 0
    assert bo.indicial_exponents() == (0, 0)
    assert bo.first_order_solution_residual() == 0
    assert bo.confirm_legendre_galerkin_elements(6)


def test_frobenius_relations_of_the_text():
    rel = bo.frobenius_relations(2, u=0)
    assert rel[1] == bo.lam / 2 and rel[2] == bo.lam / 4
    # general order: the recurrence reproduces the series of the exact solution for lambda = 0, u:
    # Psi = 1 (constant) -> all a_k = 0 for k >= 1
    coeffs = bo.frobenius_coefficients(6, 0)
    assert all(sp.simplify(c.subs(bo.lam, 0)) == 0 for k, c in coeffs.items() if k > 0)


def test_lambda1_double_vs_mpmath(lambda1_mp):
    spec = nb.outer_spectrum(0.0, 5)
    assert abs(spec.lambda1 - float(lambda1_mp)) / float(lambda1_mp) < 1e-14
    np.testing.assert_allclose(spec.positive, -spec.negative, rtol=1e-13)
    assert spec.positive[1] == pytest.approx(float(nb.outer_eigenvalue_mp(42.0, 0, 20)), rel=1e-13)


def test_lambda1_mpmath_to_30_digits(lambda1_mp):
    other = nb.outer_eigenvalue_mp(14.53, 0, 32)
    assert abs(other - lambda1_mp) < mp.mpf(10) ** -31
    assert mp.nstr(lambda1_mp, 30) == "14.5280034093614380888569799972"


@pytest.mark.parametrize("u", [0.05, -0.05, 0.2])
def test_drift_spectrum_double_vs_mpmath(u):
    spec = nb.outer_spectrum(u, 3)
    ref = nb.outer_eigenvalue_mp(spec.lambda1, str(u), 25)
    assert abs(spec.lambda1 - float(ref)) / float(ref) < 1e-13
    assert spec.diffusive * u < 0  # on the side of -u


def test_diffusive_eigenvalue_is_minus_six_u():
    assert nb.outer_spectrum(1e-6, 1).diffusive / 1e-6 == pytest.approx(-6.0, rel=1e-5)


def test_U1_and_normalisation(mode, lambda1_mp):
    consts = nb.outer_constants_mp(lambda1_mp, 0, 30)
    assert mode(1.0) == pytest.approx(1.0, abs=1e-14)
    assert mode.U1 == pytest.approx(float(consts["U1"]), rel=1e-13)
    assert mode(-1.0) == pytest.approx(float(consts["Phi_minus1"]), rel=1e-11)
    assert mode.dlambda_over_b2 == pytest.approx(float(consts["dlambda_over_b2"]), rel=1e-13)
    # U(1) = (1/lambda) int (1-mu^2) Phi'^2 > 0 (weighted-norm identity), by Gauss quadrature
    x, w = np.polynomial.legendre.leggauss(80)
    assert mode.U1 == pytest.approx(np.sum(w * (1 - x**2) * mode.derivative(x) ** 2) / mode.eigenvalue, rel=1e-12)


def test_first_order_correction_ode_vs_eq11_and_log(mode):
    corr = nb.first_order_correction(mode)
    for m in (-0.7, 0.0, 0.5):
        assert float(corr(m)) == pytest.approx(nb.eq11_quadrature(mode, m), rel=1e-8)
    x1, x2 = 1e-8, 1e-6
    slope = float(corr(1 - x1) - corr(1 - x2)) / math.log(x1 / x2)
    assert slope == pytest.approx(mode.U1 / 2, rel=1e-3)  # U(1)/(2 Phi(1)), Phi(1) = 1


# --------------------------------------------------------------------------- inner problem, matching

def test_inner_equation_and_matching_symbolically():
    assert bi.inner_equation_residual() == 0
    m = bi.matching()
    assert m["w2_residual"] == 0 and m["w0_residual"] == 0
    text = bi.b**2 * bi.lam**2 * bi.Phi1**2 / (4 * bi.U1)
    assert sp.simplify(bi.eigenvalue_shift(False).subs(bi.u, 0) - text) == 0
    assert sp.simplify(m["C"].subs({bi.w0: 1, bi.u: 0}) - bi.Phi1 / (1 + bi.lam * bi.b / 2)) == 0
    assert bi.outer_constants()["G1"] == sp.Rational(1, 2) - sp.Symbol("I_a")


def test_peak_edge_curvature_against_finite_differences():
    from cranisotropy.kernels.generated.beam_peak_profile import beam_peak_profile

    c = float(bi.peak_edge_curvature().subs(bi.j1, bi.j1_value(20)))
    h = 1e-3
    fd = (beam_peak_profile(1 + h) - 2 * beam_peak_profile(1.0) + beam_peak_profile(1 - h)) / h**2 / 2
    assert c == pytest.approx(fd, rel=1e-5)


def test_finite_a_integrals_approach_their_leading_form():
    """g(1), I_a ~ sqrt(2 pi a)/|J0(j1)| (1 + O(sqrt(a) ln a)): quadrature vs the derived leading form."""
    lead = float(bi.finite_a_leading().subs({bi.a: 1, bi.j1: bi.j1_value(20)}))
    assert lead == pytest.approx(math.sqrt(2 * math.pi) / abs(float(mp.besselj(0, J1))), rel=1e-14)
    for a in (1e-6, 1e-8, 1e-10):
        ints = nb.finite_a_integrals(a)
        tol = 5 * math.sqrt(a) * math.log(1 / a)
        assert ints["g1"] / math.sqrt(a) == pytest.approx(lead, rel=tol)
        assert ints["I_a"] / math.sqrt(a) == pytest.approx(lead, rel=tol)


def test_beam_characteristics_formulas():
    assert bi.width_parameter() == bi.j1**2 * bi.eps / 2
    assert sp.simplify(bi.threshold_constant() - 8 / (bi.lam * bi.j1**4 * (bi.qc - 2))) == 0
    Asym = sp.Symbol("A", positive=True)
    assert sp.simplify(bi.maximum_momentum() - sp.sqrt(bi.delta * Asym / bi.alpha) / bi.K) == 0
    assert sp.simplify(bi.beam_distribution() - bi.lam * bi.j1**4 * bi.eps**2 * bi.F0 / 8) == 0


def test_peaked_eigenproblem_degree_refinement(mode):
    from cranisotropy.numerics.beam.full import solve_peaked

    s16 = solve_peaked(2e-3, 2e-3, 0.0, 16, mode)
    s24 = solve_peaked(2e-3, 2e-3, 0.0, 24, mode)
    assert abs(s16.eigenvalue - s24.eigenvalue) < 1e-12 * s24.eigenvalue
    pred = nb.matched_prediction(mode, 2e-3, 2e-3)
    # residual of the finite-a matched shift is O(b): about 1.6 % here (validate beam)
    assert s24.dlambda_over_b2 == pytest.approx(pred["dlambda_over_b2"], rel=0.03)
    assert s24.excess == pytest.approx(pred["excess"], rel=0.03)
    assert s24(-1.0)[0] == pytest.approx(mode(-1.0), rel=1e-14)


# --------------------------------------------------------------------------- CLI

KEYS = {"lambda1", "lambda", "b_over_eps", "excess_over_eps", "dlambda_over_b2", "eps", "width_deg",
        "A", "p_max"}


def test_cli_width_10_deg_json(capsys, lambda1_mp):
    code, out, err = run(capsys, "beam", "--width-deg", "10", "--json")
    assert code == 0
    data = json.loads(out)
    assert KEYS <= set(data)
    lam = float(lambda1_mp)
    assert data["eps"] == pytest.approx(2 * (1 - math.cos(math.radians(10))) / J1**2, rel=1e-14)
    assert data["width_deg"] == pytest.approx(10.0, rel=1e-13)
    assert data["lambda1"] == pytest.approx(lam, rel=1e-14)
    assert data["lambda"][0] == pytest.approx(lam, rel=1e-14) and len(data["lambda"]) == 5
    assert data["b_over_eps"] == pytest.approx(J1**2 / 2, rel=1e-14)
    assert data["excess_over_eps"] == pytest.approx(lam * J1**2 / 4, rel=1e-13)
    U1 = float(nb.outer_constants_mp(lambda1_mp, 0, 25)["U1"])
    assert data["dlambda_over_b2"] == pytest.approx(lam**2 / (4 * U1), rel=1e-12)
    assert data["A"] == pytest.approx(8 / (lam * J1**4 * (4.65 - 2)), rel=1e-13)
    pm = data["p_max"]
    assert pm["eps_max"] == pytest.approx(math.sqrt(1e-4 * data["A"] / 1e-3), rel=1e-13)
    assert pm["p_max_over_mc"] == pytest.approx(pm["eps_max"] / pm["K"], rel=1e-13)


def test_cli_eps_and_mp_digits(capsys):
    code, out, _ = run(capsys, "beam", "--eps", "1e-3", "--qc", "4.6", "--mp-digits", "30", "--json")
    data = json.loads(out)
    assert code == 0 and data["eps"] == 1e-3 and data["lambda1_mp"] == "14.5280034093614380888569799972"


@pytest.mark.parametrize("args, fragment", [
    (["--eps", "0"], "--eps"), (["--eps", "1"], "--eps"), (["--eps", "-0.1"], "--eps"),
    (["--eps", "0.5"], "b = j1^2 eps/2"), (["--width-deg", "0"], "--width-deg"),
    (["--width-deg", "90"], "--width-deg"), (["--width-deg", "120"], "--width-deg"),
    (["--qc", "2"], "--qc"), (["--qc", "1.5"], "--qc"), (["--eps", "nan"], "--eps"),
    (["--eps", "1e-3", "--width-deg", "10"], "not allowed"),
])
def test_cli_bad_input_exits_2(capsys, args, fragment):
    code, out, err = run(capsys, "beam", *args)
    assert code == 2
    assert fragment in err and "Traceback" not in err and err.count("\n") == 1


def test_cli_bench_reports_digits(capsys):
    code, out, _ = run(capsys, "bench", "beam", "--repeat", "1", "--json")
    data = json.loads(out)
    assert data["lambda1_double"]["digits"] >= 12 and data["lambda1_mpmath"]["digits"] >= 25


def test_verify_statuses(capsys):
    code, out, _ = run(capsys, "verify", "--seed", "001", "--equation", "9", "--equation", "num:lambda1",
                       "--equation", "num:width", "--equation", "num:excess", "--json")
    status = {r["equation"]: r["status"] for r in json.loads(out)["results"]}
    assert code == 0
    assert status == {"9": "reproduced", "num:lambda1": "differs", "num:width": "reproduced",
                      "num:excess": "differs"}
