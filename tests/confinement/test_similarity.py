"""The exact similarity solution, F(Pi) and formula (5) (numerics/confinement/similarity.py)."""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement import similarity as nc


def test_branch_root_full_precision():
    kappa = np.array([1e-250, 1e-30, 1e-8, 1e-3, 0.1, nc._KAPPA_HALF, 0.2, 1.0, 7.0, 60.0])
    w, t = nc.branch_root(kappa)
    for k, wv, tv in zip(kappa, w, t):
        with mp.workdps(int(40 - math.log10(k))):
            W = mp.lambertw(-mp.exp(-1 - mp.mpf(k))).real
            assert abs(float((1 + W) / tv) - 1) < 4e-15
            assert abs(float(-W / wv) - 1) < 4e-15


def test_stable_forms_match_derivation():
    """The profile uses cancellation-free forms of the derivation's expressions: w/(1-w) as w/t
    and dxi/dv as xi/(2t), with t = 1 - w from the branch solver."""
    lam = nc._lambdified()
    v = np.array([-4.0, -0.3, 0.0, 0.2, 2.0])
    Y = np.array([0.1, 1.0, 2.5, 3.0, 4.0])
    delta = 0.05
    w, t = nc.branch_root((nc._expm1_minus_x(v) + delta) / 2)
    assert np.allclose(lam["branch"](w, v, delta), 0.0, atol=1e-14)
    assert np.allclose(lam["integrand"](w), w / t, rtol=1e-12)
    assert np.allclose(lam["dxi_dv"](v, Y, w), lam["xi"](v, Y, w) / (2 * t), rtol=1e-12)


@pytest.mark.parametrize("pi_value", [0.05, 1.0, 4.0, 25.0])
def test_similarity_solution_content_and_core(pi_value):
    sol = nc.similarity_solution(pi_value)
    assert sol.content() == pytest.approx(pi_value, rel=1e-10)
    assert sol.shape(0.0)[()] == pytest.approx(2 / math.sqrt(sol.kappa_nl), rel=1e-12)
    # core diffusivity exactly kappa_ISM e^-Pi: h(0+) = e^Pi (tail units); background far out
    assert sol.h[0] == pytest.approx(math.exp(pi_value), rel=1e-10)
    assert sol.h[-1] == pytest.approx(1.0, rel=1e-12)
    assert 2 * math.e <= sol.F
    # scaling to another kappa_ISM
    x = np.array([0.01, 0.3, 1.7])
    assert np.allclose(sol.shape(x * 3.0, 9.0), sol.shape(x) / 3.0, rtol=1e-12)
    # ln g stays finite where g underflows
    assert sol.shape(80.0)[()] == 0.0 and sol.log_shape(80.0)[()] == pytest.approx(
        math.log(sol.tail_amplitude) - 1600.0, rel=1e-14)


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
    assert nc.shoot_similarity(pi_value).F == pytest.approx(nc.factor_F(pi_value), rel=1e-10)


def test_F_limits_numerically():
    assert nc.factor_F(60.0) == pytest.approx(float(cf.large_pi_limit_of_F()), rel=1e-12)
    small = float(cf.small_pi_limit_of_F().subs(cf.Pi, 1e-4))
    assert nc.factor_F(1e-4) == pytest.approx(small, rel=1e-3)
    values = [nc.factor_F(p) for p in (0.1, 0.5, 2.0, 8.0)]
    assert all(a > b for a, b in zip(values, values[1:]))


def test_normalised_F_makes_formula_5_carry_Pi():
    for pi_value in (0.3, 5.0):
        F = nc.factor_F(pi_value, "normalised")
        assert nc.interpolation_content(F * math.exp(-pi_value)) == pytest.approx(pi_value, rel=1e-10)


def test_interpolation_profile_is_the_generated_formula():
    xi = np.array([0.0, 0.2, 1.0, 3.0])
    expr = cf.interpolation_shape()
    ref = [float(expr.subs({cf.xi: x, cf.kappa_nl: 0.04, cf.kappa_ism: 2.0})) for x in xi]
    assert np.allclose(nc.interpolation_profile(xi, 0.04, 2.0), ref, rtol=1e-14)
    with pytest.raises(UsageError, match="kappa_nl"):
        nc.interpolation_profile(xi, 0.0)
    with pytest.raises(UsageError, match="xi"):
        nc.interpolation_profile([-1.0], 0.1)


def test_interpolation_accuracy_properties():
    exact = nc.interpolation_accuracy(3.0, "exact")
    norm = nc.interpolation_accuracy(3.0, "normalised")
    assert exact.core == pytest.approx(0.0, abs=1e-12)
    assert norm.content == pytest.approx(0.0, abs=1e-10)
    # the documented accuracy of (5): single-digit per cent in L1, < 17 % pointwise in the bulk
    assert 0.05 < exact.l1 < 0.1 and exact.max_rel_bulk < 0.17
    assert exact.rel_at_3 < -0.1  # 1/z times a Gaussian: low in the far tail
    with pytest.raises(UsageError, match="paper"):
        nc.interpolation_accuracy(3.0, "paper")


def test_pi_scan_table():
    scan = nc.pi_scan([0.1, 10.0])
    assert scan.pi.tolist() == [0.1, 10.0]
    assert np.all(np.abs(scan.profile_content_error) < 1e-9)
    table = scan.to_markdown().splitlines()
    assert len(table) == 4 and table[2].startswith("| 0.1 |") and table[3].startswith("| 10 |")


def test_tail_amplitude_saturates():
    saturation = float(cf.tail_amplitude().subs({sp.Symbol("F", positive=True): cf.large_pi_limit_of_F(),
                                                 sp.Symbol("kappa_ISM", positive=True): 1}))
    assert nc.similarity_solution(40.0).tail_amplitude == pytest.approx(saturation, rel=1e-10)
    # Pi << 1: the half-line test-particle Gaussian with content Pi has amplitude Pi/sqrt(pi)
    assert nc.similarity_solution(0.01).tail_amplitude == pytest.approx(0.01 / math.sqrt(math.pi), rel=5e-3)
    # core over tail amplitude is exactly e^(Pi/2)
    sol = nc.similarity_solution(6.0)
    assert sol.core_height / sol.tail_amplitude == pytest.approx(math.exp(3.0), rel=1e-12)


def test_slope_and_pedestal_plateau():
    sol = nc.similarity_solution(20.0)
    x, slope = sol.slope()
    core = x < 1e-2 * math.sqrt(sol.kappa_nl)
    pedestal = (x > 30 * math.sqrt(sol.kappa_nl)) & (x < 0.03)
    assert np.max(np.abs(slope[core])) < 1e-3 and np.max(np.abs(slope[pedestal] + 1)) < 1e-2
    assert 0.995 < sol.pedestal_plateau() < 1.0


@pytest.mark.parametrize("bad", [0.0, -1.0, 1e3, float("nan"), "three"])
def test_pi_range_is_enforced(bad):
    with pytest.raises(UsageError, match="Pi"):
        nc.similarity_solution(bad)
    with pytest.raises(UsageError, match="Pi"):
        nc.factor_F(bad)


def test_results_pickle():
    import pickle

    sol = nc.similarity_solution(2.0)
    sol.shape(0.5)  # with a cached spline
    back = pickle.loads(pickle.dumps(sol))
    assert back.F == sol.F and np.array_equal(back.g, sol.g)
    acc = nc.interpolation_accuracy(2.0)
    assert pickle.loads(pickle.dumps(acc)) == acc
