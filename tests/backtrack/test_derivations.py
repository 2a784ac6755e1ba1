"""Derivations of the backtracker (derivations/backtrack/*.py), checked independently."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy.linalg import expm

from cranisotropy.derivations.backtrack import maps
from cranisotropy.derivations.backtrack import turbulence as turb
from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.kernels.printer import NumbaPrinter


def test_lorentz_force_reduces_to_rigidity_form():
    eqs = lorentz.dimensionless_equations()
    assert eqs["du_ds"] == lorentz.kappa * lorentz.u.cross(lorentz.b)
    q = sp.Symbol("q", real=True, nonzero=True)
    # kappa = sign(q) L_c / r_L with r_L = |p| / (|q| B_ref)
    L, B, P = sp.symbols("L_c B_ref P", positive=True)
    assert sp.simplify(eqs["kappa"] - sp.sign(q) * L / (P / (sp.Abs(q) * B))) == 0
    assert sp.simplify(lorentz.relativistic_lorentz_force()["dp2_dt"]) == 0


def test_time_reversal_flips_charge_and_momentum():
    result = lorentz.time_reversal()
    assert all(e == 0 for e in result["residual"])
    assert result["kappa"] == -lorentz.kappa


def test_cayley_rotation_is_orthogonal_and_equals_boris_two_step():
    up = lorentz.cayley_rotation()
    assert sp.simplify((up.T * up)[0] - (lorentz.u.T * lorentz.u)[0]) == 0
    assert all(sp.simplify(e) == 0 for e in up - lorentz.boris_two_step())
    # rotation angle 2 arctan|t| about -t: compare with Rodrigues numerically
    rng = np.random.default_rng(0)
    t, u = rng.normal(size=3) * 0.3, rng.normal(size=3)
    f = sp.lambdify((list(lorentz.u), list(lorentz.t_vec)), list(up))
    theta = 2 * math.atan(np.linalg.norm(t))
    n = -t / np.linalg.norm(t)
    rodrigues = u * math.cos(theta) + np.cross(n, u) * math.sin(theta) + n * (n @ u) * (1 - math.cos(theta))
    np.testing.assert_allclose(f(u, t), rodrigues, rtol=1e-13, atol=1e-14)
    # reversible: t -> -t undoes it
    back = sp.lambdify((list(lorentz.u), list(lorentz.t_vec)), list(up))(f(u, t), -t)
    np.testing.assert_allclose(back, u, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("b", [(0.0, 0.0, 1.0), (0.3, -0.5, 0.8), (1e-9, 0.0, 2.0)])
def test_uniform_field_flow_matches_matrix_exponential(b):
    """(M, D) against scipy's expm of the 6x6 linear system (an independent algorithm)."""
    M, D = lorentz.uniform_field_flow()
    fM = sp.lambdify((lorentz.kappa, lorentz.h, *lorentz.b), M, "numpy")
    fD = sp.lambdify((lorentz.kappa, lorentz.h, *lorentz.b), D, "numpy")
    kappa, step = 7.0, 0.37
    bx = np.array(b)
    A = np.zeros((6, 6))
    A[:3, 3:] = np.eye(3)                      # d xi/ds = u
    A[3:, 3:] = -kappa * np.array([[0, -bx[2], bx[1]], [bx[2], 0, -bx[0]], [-bx[1], bx[0], 0]])  # u x b
    E = expm(A * step)
    np.testing.assert_allclose(np.eye(3) + np.array(fM(kappa, step, *b), float), E[3:, 3:], atol=1e-13)
    np.testing.assert_allclose(np.array(fD(kappa, step, *b), float), E[:3, 3:], atol=1e-13)


def test_uniform_field_flow_free_streaming_limit():
    M, D = lorentz.uniform_field_flow()
    subs = {lorentz.kappa: 0, lorentz.b[0]: 0, lorentz.b[1]: 0, lorentz.b[2]: 1}
    assert M.subs(subs) == sp.zeros(3, 3)
    assert D.subs(subs) == lorentz.h * sp.eye(3)


def test_guiding_centre_moves_along_the_field():
    gc = lorentz.guiding_centre()
    # d/ds with d xi/ds = u, du/ds = kappa u x b
    dxi, du = lorentz.u, lorentz.kappa * lorentz.u.cross(lorentz.b)
    velocity = gc.jacobian(lorentz.xi) * dxi + gc.jacobian(lorentz.u) * du
    b2 = (lorentz.b.T * lorentz.b)[0]
    along = (lorentz.u.T * lorentz.b)[0] * lorentz.b / b2
    assert all(sp.simplify(e) == 0 for e in velocity - along)


def test_two_pi_split_and_cosine_polynomial():
    c1, c2, c3 = turb.two_pi_split()
    assert abs(float((c1 + c2 + c3 - 2 * sp.pi).evalf(50))) < 1e-29
    # C1, C2 have 24-bit mantissas: m * C_i exact in double for |m| < 2^29
    for c in (c1, c2):
        assert sp.Rational(c).q & (sp.Rational(c).q - 1) == 0  # dyadic
        assert abs(sp.Rational(c).p) < 2**24
    coeffs, err = turb.cosine_polynomial(9)
    assert err < 1e-14
    # independent check of the error bound at 2000 points (mpmath, 30 digits)
    with mpmath.workdps(30):
        worst = max(abs(sum(c * mpmath.mpf(r) ** (2 * i) for i, c in enumerate(map(lambda v: mpmath.mpf(str(v)), coeffs)))
                        - mpmath.cos(r)) for r in np.linspace(-math.pi, math.pi, 2001))
    assert float(worst) <= 1.01 * err


def test_pi_split_and_the_degree_of_the_half_period_polynomial():
    c1, c2 = turb.cody_waite_split(sp.pi, turb.PI_SPLIT_BITS, 2)
    assert abs(float((c1 + c2 - sp.pi).evalf(50))) < 1e-24
    assert sp.Rational(c1).q & (sp.Rational(c1).q - 1) == 0 and abs(sp.Rational(c1).p) < 2**turb.PI_SPLIT_BITS
    assert float(c2) == float(sp.Rational(c2))  # the last part is a double
    # the degree: the lowest with an error far below the 1e-12 of the field (degree 6: 7.5e-13,
    # which made the field's relative error 1e-11 at 1024 points)
    assert turb.lowest_cosine_degree(1e-13) == turb.PARITY_COSINE_DEGREE
    coeffs, err = turb.cosine_polynomial(turb.PARITY_COSINE_DEGREE, half_width=sp.pi / 2)
    with mpmath.workdps(30):
        worst = max(abs(sum(mpmath.mpf(str(c)) * mpmath.mpf(r) ** (2 * i) for i, c in enumerate(coeffs))
                        - mpmath.cos(r)) for r in np.linspace(-math.pi / 2, math.pi / 2, 1001))
    assert float(worst) <= 1.01 * err < 3e-15


def test_parity_reduced_cosine_against_mpmath():
    """(-1)^m P(r^2), 30-digit evaluation: cos to the polynomial's error, both parities of m."""
    _, err = turb.cosine_polynomial(turb.PARITY_COSINE_DEGREE, half_width=sp.pi / 2)
    x = sp.Symbol("x", real=True)
    expr = turb.parity_reduced_cosine(x)
    with mpmath.workdps(30):
        for value in (0.0, 1.0, -2.0, 3.2, -3.3, 100.5, -2.5e4, 1e6 + 0.3, 7.3e7):
            reduced = mpmath.mpf(str(expr.subs(x, sp.Float(value, 30)).evalf(30)))
            assert abs(reduced - mpmath.cos(mpmath.mpf(value))) <= 1.001 * err


def test_shifted_rounding_and_parity_sign_print_as_float64_operations():
    """The printed forms do in float64 what the functions mean: rint by the 1.5 2^52 shift, and
    the sign flip by the shifted integer's last mantissa bit."""
    x, v, n = sp.symbols("x v n", real=True)
    rint = eval("lambda x: " + NumbaPrinter().doprint(turb.shifted_nearest_integer(x)))
    flip = eval("lambda v, n: " + NumbaPrinter().doprint(turb.flip_sign_if_odd(v, n)), {"np": np})
    for value in (0.5, 1.5, 2.5, -0.5, -2.5, 3.7, -1234567.49, 2.0**40 + 0.5):
        exact = turb.shifted_nearest_integer(sp.Float(value, 40))
        assert rint(value) == float(exact) and int(exact - turb.ROUNDING_SHIFT) == np.rint(value)
        for sign in (1.0, -1.0):
            expected = turb.flip_sign_if_odd(sp.Float(sign * 0.37), exact)
            assert flip(sign * 0.37, rint(value)) == float(expected)


def test_triple_jump_weights():
    w1, w0, w2 = lorentz.triple_jump_weights()
    assert w1 == w2 and sp.simplify(2 * w1 + w0 - 1) == 0 and sp.simplify(2 * w1**3 + w0**3) == 0
    assert float(w0) < 0 < float(w1)


def test_nearest_integer_rounds_half_to_even_and_prints_as_rint():
    n = turb.nearest_integer
    assert [n(sp.Rational(k, 2)) for k in (-3, -1, 1, 3, 5)] == [-2, 0, 0, 2, 2]
    x = sp.Symbol("x")
    assert NumbaPrinter().doprint(n(x / 2)) == "np.rint(((1/2))*x)"


def test_spectrum_weight_normalisation_and_slope():
    k, g = turb.k, turb.gamma
    assert turb.mode_weight() == k**3 / (k**g + 1)
    assert turb.mean_square_of_mode() == sp.Rational(1, 2)
    amps = turb.mode_amplitudes_squared([sp.Integer(1), sp.Integer(3)], sp.Integer(5))
    assert sum(amps) == 10  # = 2 sigma^2
    # omnidirectional spectrum per unit k at large k: k^(2 - gamma) = k^(-5/3) for gamma = 11/3
    slope = sp.limit(sp.log(turb.shell_power(k, turb.KOLMOGOROV_GAMMA)) / sp.log(k), k, sp.oo)
    assert slope == sp.Rational(-5, 3)


def test_polarisation_is_perpendicular_and_unit():
    k_hat, _, _ = turb.mode_geometry()
    e = turb.polarisation()
    assert sp.simplify(k_hat.dot(e)) == 0
    assert sp.simplify(e.dot(e)) == 1


def test_gradient_intensity_first_order_expansion():
    """dI = r.g - 3 q.(K g): check the linear term against a finite difference in g."""
    dI = maps.gradient_intensity()
    rng = np.random.default_rng(1)
    vals = {s: rng.normal() for s in dI.free_symbols}
    f = float(dI.subs(vals))
    r = np.array([vals[s] for s in maps.r])
    q = np.array([vals[s] for s in maps.q])
    g = np.array([vals[s] for s in maps.g])
    K = np.array([[vals[maps.K[i, j]] for j in range(3)] for i in range(3)])
    assert f == pytest.approx(r @ g - 3 * q @ K @ g, rel=1e-12)
    assert maps.homogeneous_dipole_intensity() == (maps.a.T * maps.q)[0]


# ----------------------------------------------------------------------------- kernel pieces

def test_midpoint_rotation_vector_solves_the_implicit_midpoint_step():
    """Numerically: u' of the Cayley map with t = kappa h b/2 satisfies u' - u = h kappa ((u+u')/2) x b."""
    t = sp.lambdify((lorentz.kappa, lorentz.h, list(lorentz.b)), list(lorentz.midpoint_rotation_vector()))
    rotate = sp.lambdify((list(lorentz.u), list(lorentz.t_vec)), list(lorentz.cayley_rotation()))
    rng = np.random.default_rng(4)
    for _ in range(5):
        kappa, h, b, u = rng.normal(), rng.uniform(0.01, 0.5), rng.normal(size=3), rng.normal(size=3)
        up = np.array(rotate(u, t(kappa, h, b)))
        np.testing.assert_allclose(up - u, h * kappa * np.cross((u + up) / 2, b), rtol=1e-12, atol=1e-14)


def test_uniform_field_solution_matches_the_matrix_exponential_and_the_flow():
    sol = lorentz.uniform_field_solution()
    f = sp.lambdify((sol["s"], lorentz.kappa, sol["b0"], list(lorentz.u)),
                    list(sol["position"]) + list(sol["direction"]))
    kappa, b0, s, u = 3.0, 1.7, 0.9, np.array([0.3, -0.4, 0.5])
    A = np.zeros((6, 6))
    A[:3, 3:] = np.eye(3)
    A[3:, 3:] = -kappa * np.array([[0, -b0, 0], [b0, 0, 0], [0, 0, 0]])  # u x b = -[b]_x u
    np.testing.assert_allclose(f(s, kappa, b0, u), expm(A * s) @ np.concatenate([np.zeros(3), u]),
                               rtol=1e-13, atol=1e-15)
    M, D = lorentz.uniform_field_flow()
    flow = {lorentz.kappa: kappa, lorentz.h: s, **dict(zip(lorentz.b, (0, 0, b0)))}
    Mn, Dn = (np.array(X.subs(flow).evalf(), dtype=float) for X in (M, D))
    np.testing.assert_allclose(f(s, kappa, b0, u), np.concatenate([Dn @ u, u + Mn @ u]), rtol=1e-13, atol=1e-15)


def test_reduced_cosine_against_mpmath():
    """The range-reduced polynomial (30-digit evaluation) is cos to within the polynomial's error."""
    _, err = turb.cosine_polynomial(9)
    x = sp.Symbol("x", real=True)
    expr = turb.reduced_cosine(x)
    with mpmath.workdps(30):
        for value in (0.0, 1.0, -3.0, 3.2, 100.5, -2.5e4, 1e6 + 0.3):
            reduced = mpmath.mpf(str(expr.subs(x, sp.Float(value, 30)).evalf(30)))
            assert abs(reduced - mpmath.cos(mpmath.mpf(value))) <= 1.001 * err


def test_ordered_keeps_the_order_of_the_reduction_steps():
    x, m = sp.symbols("x m", real=True)
    expr = turb.ordered(turb.ordered(x - 3 * m) - 2 * m) - m
    assert float(expr.subs({x: 10, m: 1})) == 4.0  # numerically the identity
    assert NumbaPrinter().doprint(expr) == "-m + (-2*m + (-3*m + x))"
    assert sp.expand(x - 3 * m - 2 * m - m) == x - 6 * m  # what sympy would have made of it


def test_plane_wave_mode_is_perpendicular_amplitude_times_cosine():
    pos = sp.Matrix(sp.symbols("x y z", real=True))
    k = sp.Matrix(sp.symbols("k_x k_y k_z", real=True))
    a = sp.Matrix(sp.symbols("a_x a_y a_z", real=True))
    beta = sp.Symbol("beta", real=True)
    mode = turb.plane_wave(pos, k, beta, a, cosine="libm")
    assert sp.simplify(mode - a * sp.cos(k.dot(pos) + beta)) == sp.zeros(3, 1)
