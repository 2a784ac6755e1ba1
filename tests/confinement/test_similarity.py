"""CR self-confinement (seed 000, Sec. II): derivations, exact similarity solution, formula (5), CLI."""
from __future__ import annotations

import json
import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp

from cranisotropy.cli import main
from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement import similarity as nc

# --------------------------------------------------------------------------- derivations


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
    log_rate = cf.wave_diffusion_log_rate()
    # uniform I0: dL/dt = e^-L (kappa_B L_zz - C_A P0') - Gamma
    expected = sp.exp(-cf.L_wave) * (cf.kappa_B * cf.L_zz - cf.C_A * cf.dP0_dz) - cf.Gamma
    assert sp.simplify(log_rate - expected) == 0


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
    assert cf.large_pi_limit_of_F() == 2 * sp.E
    assert sp.simplify(cf.small_pi_limit_of_F() - 4 * sp.pi / cf.Pi**2) == 0


@pytest.mark.parametrize("v_value,c_value", [(-3.0, -2.0), (0.0, 0.0), (0.7, 0.3), (1.5, -5.0)])
def test_lambert_solution_on_first_integral_and_branch_equation(v_value, c_value):
    v_value, c_value = sp.Rational(v_value), sp.Rational(c_value)
    q_expr = cf.lambert_solution().subs({cf.v: v_value, cf.C: c_value})
    q_val = sp.N(q_expr, 30)
    fi = sp.N(cf.first_integral().subs({cf.q: q_val, cf.v: v_value}), 30)
    assert abs(fi - c_value) < 1e-25
    w_val = -q_val / 2
    branch = cf.branch_equation().subs({cf.w: w_val, cf.v: v_value, cf.delta: cf.C_SEPARATRIX - c_value})
    assert abs(sp.N(branch, 30)) < 1e-25


def test_interpolation_formula_in_similarity_variables():
    assert sp.simplify(cf.interpolation_in_similarity_variables() - cf.interpolation_shape()) == 0
    assert cf.interpolation_limits() == {"core": 2 / sp.sqrt(cf.kappa_nl), "pedestal": 2 / cf.xi}


def test_pressure_definition():
    assert sp.simplify(cf.pressure_per_log_momentum()
                       - sp.Rational(4, 3) * sp.pi * cf.v_cr * cf.p**4 * cf.f_cr) == 0
    assert cf.pressure_normalisation() == 1


def test_log_rates_jacobian_entries():
    grad = sp.Symbol("G")
    r = cf.log_rates(grad)
    assert sp.simplify(r["flux"] + cf.kappa_B * sp.exp(-cf.L_wave) * grad) == 0
    assert sp.simplify(r["dL_dt"] + cf.C_A * sp.exp(-cf.L_wave) * grad + cf.Gamma) == 0


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


# --------------------------------------------------------------------------- exact solution


def test_branch_root_full_precision():
    kappa = np.array([1e-250, 1e-30, 1e-8, 1e-3, 0.1, nc._KAPPA_HALF, 0.2, 1.0, 7.0, 60.0])
    w, t = nc.branch_root(kappa)
    for k, wv, tv in zip(kappa, w, t):
        with mp.workdps(int(40 - math.log10(k))):
            W = mp.lambertw(-mp.exp(-1 - mp.mpf(k))).real
            assert abs(float((1 + W) / tv) - 1) < 4e-15
            assert abs(float(-W / wv) - 1) < 4e-15


@pytest.mark.parametrize("pi_value", [0.05, 1.0, 4.0, 25.0])
def test_similarity_solution_content_and_core(pi_value):
    sol = nc.similarity_solution(pi_value)
    assert np.sum(sol.g * sol.weight) == pytest.approx(pi_value, rel=1e-10)
    assert sol.shape(0.0)[()] == pytest.approx(2 / math.sqrt(sol.kappa_nl), rel=1e-12)
    # core diffusivity exactly kappa_ISM e^-Pi: h(0+) = e^Pi (tail units)
    assert sol.h[0] == pytest.approx(math.exp(pi_value), rel=1e-10)
    assert sol.h[-1] == pytest.approx(1.0, rel=1e-12)
    assert 2 * math.e <= sol.F
    # scaling to another kappa_ISM
    x = np.array([0.01, 0.3, 1.7])
    assert np.allclose(sol.shape(x * 3.0, 9.0), sol.shape(x) / 3.0, rtol=1e-12)


@pytest.mark.parametrize("pi_value", [0.5, 4.0])
def test_similarity_profile_against_ode_integration(pi_value):
    """Integrate g' = -(x/2) g h, h' = -g h from the exact core values: the profile must follow."""
    sol = nc.similarity_solution(pi_value)

    def rhs(x, y):
        return [-(x / 2) * math.exp(y[1]), -math.exp(y[0])]

    xs = np.array([0.05, 0.3, 1.0, 2.0, 3.0])
    ode = solve_ivp(rhs, (0, xs[-1]), [math.log(sol.core_height), math.log(sol.h[0])],
                    method="DOP853", rtol=1e-12, atol=1e-14, t_eval=xs)
    assert np.allclose(np.exp(ode.y[0]), sol.shape(xs), rtol=1e-7)
    assert np.allclose(np.exp(ode.y[1]), sol.wave(xs), rtol=1e-7)


@pytest.mark.parametrize("pi_value", [0.2, 3.0, 9.0])
def test_F_against_shooting(pi_value):
    shoot = nc.shoot_similarity(pi_value)
    assert shoot["F"] == pytest.approx(nc.factor_F(pi_value), rel=1e-10)


def test_F_limits_numerically():
    assert nc.factor_F(60.0) == pytest.approx(2 * math.e, rel=1e-12)
    assert nc.factor_F(1e-4) * 1e-8 / math.pi == pytest.approx(4.0, rel=1e-3)
    values = [nc.factor_F(p) for p in (0.1, 0.5, 2.0, 8.0)]
    assert all(a > b for a, b in zip(values, values[1:]))


def test_interpolation_accuracy_properties():
    exact = nc.interpolation_accuracy(3.0, "exact")
    norm = nc.interpolation_accuracy(3.0, "normalised")
    assert exact["core"] == pytest.approx(0.0, abs=1e-12)
    assert norm["content"] == pytest.approx(0.0, abs=1e-10)
    # the documented accuracy of (5): single-digit per cent in L1, < 17 % pointwise in the bulk
    assert 0.05 < exact["l1"] < 0.1 and exact["max_rel_bulk"] < 0.17
    assert exact["rel_at_3"] < -0.1  # 1/z times a Gaussian: low in the far tail
    with pytest.raises(ValueError):
        nc.interpolation_accuracy(3.0, "paper")


def test_tail_amplitude_saturates():
    assert nc.similarity_solution(40.0).tail_amplitude == pytest.approx(math.sqrt(2 / math.e), rel=1e-10)
    small = nc.similarity_solution(0.01)
    assert small.tail_amplitude == pytest.approx(0.01 / math.sqrt(math.pi), rel=5e-3)
    # core over tail amplitude is exactly e^(Pi/2)
    sol = nc.similarity_solution(6.0)
    assert sol.core_height / sol.tail_amplitude == pytest.approx(math.exp(3.0), rel=1e-12)


def test_pi_range_is_enforced():
    with pytest.raises(ValueError):
        nc.similarity_solution(0.0)
    with pytest.raises(ValueError):
        nc.factor_F(1e3)


def test_break_momentum_criterion():
    src = nc.PowerLawSource(pi0=6.0, kappa_ism0=2.0, pi_index=0.8)
    xi = math.sqrt(nc.factor_F(6.0) * 2.0 * math.exp(-6.0))
    assert nc.break_momentum(xi, src) == pytest.approx(1.0, rel=1e-8)
    assert nc.break_momentum(1e6, src) is None


# --------------------------------------------------------------------------- CLI


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json(capsys):
    code, out, _ = _run(capsys, "confinement", "--pi", "8", "--distance", "15", "60", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["F_exact"] == pytest.approx(nc.factor_F(8.0), rel=1e-12)
    assert data["zones_pc"]["has_pedestal"] is True
    assert [r["zone"] for r in data["profile"]] == ["pedestal", "tail"]
    # pedestal level close to 2 kappa_B/(C_A z) (0.91 of it at Pi = 8)
    z = 15 * 3.0856775814913673e18
    ratio = data["profile"][0]["P_CR"] * 1e6 * z / (2 * 1e25)
    assert 0.85 < ratio < 1.0


@pytest.mark.parametrize("argv", [
    ["--pi", "-1"], ["--pi", "0"], ["--pi", "nan"], ["--pi", "500"], ["--pi", "3", "--time", "0"],
    ["--pi", "3", "--cloud-size", "-2"], ["--pi", "3", "--kappa-bohm", "0"], ["--pi", "3", "--i-ism", "-1e-3"],
    ["--pi", "3", "--alfven-speed", "0"], ["--pi", "3", "--distance", "0"], ["--pi", "3", "--damping", "-1"],
    ["--pi", "3", "--cloud", "ring"], ["--pi", "3", "--damping", "0.1"], [],
])
def test_cli_bad_input_exit_2(capsys, argv):
    code, out, err = _run(capsys, "confinement", *argv)
    assert code == 2
    assert "Traceback" not in err and err.strip().count("\n") == 0


def test_cli_pde_and_spectrum(capsys):
    code, out, _ = _run(capsys, "confinement", "--pi", "5", "--cloud-size", "1", "--time", "1e6",
                        "--distance", "3", "--pde", "--spectrum", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["pde"]["content_error"] < 1e-10 and data["pde"]["quasilinear_residual"] < 1e-9
    assert data["pde"]["P_CR"][0] == pytest.approx(data["profile"][0]["P_CR"], rel=0.1)
    spec = data["spectrum"]
    assert spec["p_break_measured"] == pytest.approx(spec["p_break_criterion"], rel=0.5)


def test_cli_damping_is_a_change_of_clock(capsys):
    code, out, _ = _run(capsys, "confinement", "--pi", "4", "--time", "1e6", "--damping", "2e-6",
                        "--distance", "10", "50", "--json")
    assert code == 0
    damped = json.loads(out)
    t_eff = damped["effective_time_yr"]
    assert t_eff == pytest.approx(math.expm1(2.0) / 2e-6, rel=1e-12)
    code, out, _ = _run(capsys, "confinement", "--pi", "4", "--time", repr(t_eff), "--distance", "10", "50", "--json")
    undamped = json.loads(out)
    for a, b in zip(damped["profile"], undamped["profile"]):
        assert a["P_CR"] == pytest.approx(b["P_CR"], rel=1e-12)
        assert a["I"] == pytest.approx(b["I"] * math.exp(-2.0), rel=1e-12)


def test_cli_text_mentions_zones(capsys):
    code, out, _ = _run(capsys, "confinement", "--pi", "2")
    assert code == 0 and "zones:" in out and "formula (5)" in out


def test_validate_resume(capsys, tmp_path):
    args = ["validate", "confinement", "--pis", "0.5", "--factor", "100", "--out", str(tmp_path), "--json"]
    code, out, _ = _run(capsys, *args)
    assert code == 0
    first = json.loads(out)["rows"][0]
    assert first["ok"] and (tmp_path / "pi_0.5.json").exists()
    code, out, _ = _run(capsys, *args, "--resume")
    assert code == 0 and json.loads(out)["rows"][0] == first


def test_regenerated_table_is_current(capsys):
    code, out, _ = _run(capsys, "regenerate", "--check", "--only", "confinement-tables", "--only", "kernels")
    assert code == 0, out


def test_verify_entries(capsys):
    expected = {"1": "differs", "2": "reproduced", "3": "reproduced", "4": "reproduced", "5": "reproduced",
                "num:I_diffusion": "differs", "num:F_small_pi": "differs", "num:F_large_pi": "reproduced",
                "num:core_elevation": "reproduced", "num:D_NL": "reproduced", "num:pedestal": "reproduced",
                "num:tail": "reproduced", "num:break": "reproduced"}
    selection = [arg for label in expected for arg in ("--equation", label)]
    code, out, _ = _run(capsys, "verify", "--seed", "000", *selection, "--json")
    assert code == 0
    status = {r["equation"]: r["status"] for r in json.loads(out)["results"]}
    assert status == expected


def test_stable_forms_match_derivation():
    """The similarity profile uses cancellation-free forms of the derivation's expressions:
    w/(1-w) as w/t and dxi/dv as xi/(2t), with t = 1 - w from the branch solver."""
    lam = nc._lambdified()
    v = np.array([-4.0, -0.3, 0.0, 0.2, 2.0])
    Y = np.array([0.1, 1.0, 2.5, 3.0, 4.0])
    delta = 0.05
    w, t = nc.branch_root((nc._expm1_minus_x(v) + delta) / 2)
    assert np.allclose(lam["branch"](w, v, delta), 0.0, atol=1e-14)
    assert np.allclose(lam["integrand"](w), w / t, rtol=1e-12)
    xi = lam["xi"](v, Y, w)
    assert np.allclose(lam["dxi_dv"](v, Y, w), xi / (2 * t), rtol=1e-12)
