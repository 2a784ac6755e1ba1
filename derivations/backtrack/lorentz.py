"""Charged-particle motion for backtracking: Lorentz force in rigidity units, time reversal, and
the step maps of the integrators (seed 002 Sec. 3; seed 004 Sec. 4.4, eq. 63; seed 003 eq. 1).

Dimensionless variables (all results below are in these):

- position ``xi = x / L_c``; path length ``s = beta c t / L_c`` (for relativistic cosmic rays
  ``beta = 1`` and ``s`` is the time in ``L_c / c``);
- magnetic field ``b = B / B_ref`` and momentum direction ``u = p / |p|``;
- ``kappa = sign(q) L_c / r_L`` with the gyroradius ``r_L = |p| / (|q| B_ref) = R / (c B_ref)``
  (SI, rigidity ``R = |p| c / |q|``).

Then (:func:`dimensionless_equations`)::

    d xi / ds = u,        d u / ds = kappa u x b.

Backtracking (:func:`time_reversal`) integrates the same equations forward in ``s`` with
``kappa -> -kappa`` and ``u -> -u``.

>>> eqs = dimensionless_equations()
>>> eqs["du_ds"].T
Matrix([[kappa*(-b_y*u_z + b_z*u_y), kappa*(b_x*u_z - b_z*u_x), kappa*(-b_x*u_y + b_y*u_x)]])
"""
from __future__ import annotations

import sympy as sp

# ----------------------------------------------------------------------------- symbols
kappa = sp.Symbol("kappa", real=True)
h = sp.Symbol("h", real=True)  # step in path length (L_c); negative for a backward step
xi = sp.Matrix(sp.symbols("x y z", real=True))
u = sp.Matrix(sp.symbols("u_x u_y u_z", real=True))
b = sp.Matrix(sp.symbols("b_x b_y b_z", real=True))
t_vec = sp.Matrix(sp.symbols("t_x t_y t_z", real=True))  # Boris rotation vector kappa h b / 2


def cross(a: sp.Matrix, c: sp.Matrix) -> sp.Matrix:
    """Vector product of two 3x1 matrices."""
    return a.cross(c)


def skew(a: sp.Matrix) -> sp.Matrix:
    """Matrix [a]_x with [a]_x v = a x v."""
    return sp.Matrix([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])


# ----------------------------------------------------------------------------- equations of motion

def relativistic_lorentz_force():
    """The SI equations dx/dt = v, dp/dt = q v x B with v = c^2 p / E, E^2 = p^2 c^2 + m^2 c^4.

    Returns ``{"dx_dt", "dp_dt", "dp2_dt", "energy"}``; ``dp2_dt = d(p.p)/dt`` vanishes, so |p|,
    E and the speed are constants of the motion (a static magnetic field does no work).

    >>> relativistic_lorentz_force()["dp2_dt"]
    0
    """
    q = sp.Symbol("q", real=True, nonzero=True)
    m = sp.Symbol("m", nonnegative=True)
    c = sp.Symbol("c", positive=True)
    p = sp.Matrix(sp.symbols("p_x p_y p_z", real=True))
    B = sp.Matrix(sp.symbols("B_x B_y B_z", real=True))
    E = sp.sqrt((p.T * p)[0] * c**2 + m**2 * c**4)
    v = c**2 * p / E
    dp_dt = q * cross(v, B)
    return {"dx_dt": v, "dp_dt": dp_dt, "dp2_dt": sp.expand(2 * (p.T * dp_dt)[0]), "energy": E}


def dimensionless_equations():
    """d xi/ds = u and d u/ds = kappa u x b, derived from :func:`relativistic_lorentz_force`.

    On the mass shell E = sqrt(P^2 c^2 + m^2 c^4) (a constant, P = |p|) substitute p = P u,
    B = B_ref b, x = L_c xi, t = L_c s / (beta c) with beta = c P / E; the result must be
    ``kappa u x b`` with ``kappa = sign(q) |q| B_ref L_c / P = sign(q) L_c / r_L``.  Returns
    ``{"dx_ds", "du_ds", "kappa"}`` (``kappa`` in physical symbols); raises otherwise.
    """
    q = sp.Symbol("q", real=True, nonzero=True)
    c = sp.Symbol("c", positive=True)
    L, Bref, P, E = sp.symbols("L_c B_ref P E", positive=True)
    beta = c * P / E
    force = relativistic_lorentz_force()
    on_shell = {force["energy"]: E}
    subs = dict(zip(sp.symbols("p_x p_y p_z", real=True), P * u))
    subs.update(zip(sp.symbols("B_x B_y B_z", real=True), Bref * b))
    dt_ds = L / (beta * c)
    u_dot = force["dp_dt"].subs(on_shell).subs(subs) / P * dt_ds
    xi_dot = force["dx_dt"].subs(on_shell).subs(subs) / L * dt_ds
    kappa_phys = sp.sign(q) * L * sp.Abs(q) * Bref / P
    residual = (u_dot - kappa_phys * cross(u, b)).applyfunc(lambda e: sp.expand(e.rewrite(sp.Abs)))
    if any(e != 0 for e in residual) or any(e != 0 for e in (xi_dot - u).applyfunc(sp.expand)):
        raise ArithmeticError(f"Lorentz force did not reduce to kappa u x b: {residual.T}")
    return {"dx_ds": u, "du_ds": kappa * cross(u, b), "kappa": kappa_phys}


def time_reversal():
    """Backtracking = forward integration of the charge-conjugate with reversed momentum.

    If (xi(s), u(s)) solves the equations with ``kappa``, then eta(s') = xi(-s'),
    w(s') = -u(-s') solves them with ``-kappa``.  Returns the residuals of the reversed system
    (all zero) and the substitution rule ``{"kappa": -kappa, "u": -u}``.

    >>> all(e == 0 for e in time_reversal()["residual"])
    True
    """
    s = sp.Symbol("s", real=True)
    X = [sp.Function(f"X{i}")(s) for i in range(3)]
    U = [sp.Function(f"U{i}")(s) for i in range(3)]
    B = [sp.Function(f"B{i}") for i in range(3)]
    bfield = sp.Matrix([Bi(*X) for Bi in B])
    # the forward system, used to replace derivatives
    rhs_u = kappa * cross(sp.Matrix(U), bfield)
    rules = {sp.Derivative(X[i], s): U[i] for i in range(3)}
    rules.update({sp.Derivative(U[i], s): rhs_u[i] for i in range(3)})
    sr = sp.Symbol("s_r", real=True)
    eta = sp.Matrix([Xi.subs(s, -sr) for Xi in X])
    w = sp.Matrix([-Ui.subs(s, -sr) for Ui in U])
    b_eta = sp.Matrix([Bi(*eta) for Bi in B])
    # d/ds_r f(-s_r) = -f'(-s_r)
    d_eta = sp.Matrix([-(rules[sp.Derivative(X[i], s)]).subs(s, -sr) for i in range(3)])
    d_w = sp.Matrix([(rules[sp.Derivative(U[i], s)]).subs(s, -sr) for i in range(3)])
    residual = list(sp.simplify(d_eta - w)) + list(sp.simplify(d_w - (-kappa) * cross(w, b_eta)))
    return {"residual": residual, "kappa": -kappa, "u": -u}


# ----------------------------------------------------------------------------- step maps

def midpoint_rotation_vector(kap: sp.Expr = kappa, step: sp.Expr = h, bv: sp.Matrix = b) -> sp.Matrix:
    """The vector t of the implicit-midpoint step u' - u = (u' + u) x t: t = kappa h b / 2.

    The implicit midpoint rule for du/ds = kappa u x b (:func:`dimensionless_equations`) over a
    step h is u' - u = h kappa ((u + u')/2) x b; written as (u + u') x t it must hold for every
    w = u + u', and the coefficients of w fix t uniquely (solved here, not read off).

    >>> midpoint_rotation_vector().T
    Matrix([[b_x*h*kappa/2, b_y*h*kappa/2, b_z*h*kappa/2]])
    """
    w = sp.Matrix(sp.symbols("w_x w_y w_z", real=True))
    unknown = sp.Matrix(sp.symbols("tau_x tau_y tau_z", real=True))
    rate = dimensionless_equations()["du_ds"]
    step_map = step * rate.subs({kappa: kap, **dict(zip(b, bv)), **dict(zip(u, w / 2))},
                                simultaneous=True)
    residual = (cross(w, unknown) - step_map).applyfunc(sp.expand)
    equations = [e.coeff(wi) for e in residual for wi in w]
    solution = sp.solve(equations, list(unknown), dict=True)
    if len(solution) != 1:
        raise ArithmeticError(f"the midpoint step is not a rotation (u + u') x t: {solution}")
    return unknown.subs(solution[0])


def cayley_rotation(tv: sp.Matrix = t_vec) -> sp.Matrix:
    """The Boris rotation: solve the implicit-midpoint step u' - u = (u' + u) x t for u'.

    ``t = kappa h b / 2``.  The solution is the Cayley transform of the rotation generator,
    u' = [(1 - t.t) u + 2 (u.t) t + 2 u x t] / (1 + t.t): orthogonal (|u'| = |u| exactly),
    a rotation by 2 arctan|t| about -t, and reversible (t -> -t inverts it).

    >>> up = cayley_rotation()
    >>> sp.simplify((up.T * up)[0] - (u.T * u)[0])
    0
    """
    unknown = sp.Matrix(sp.symbols("v_x v_y v_z", real=True))
    eqs = list(unknown - u - cross(unknown + u, tv))
    sol = sp.solve(eqs, list(unknown), dict=True)[0]
    up = sp.Matrix([sp.factor(sol[v]) for v in unknown])
    t2 = (tv.T * tv)[0]
    closed = ((1 - t2) * u + 2 * (u.T * tv)[0] * tv + 2 * cross(u, tv)) / (1 + t2)
    if any(sp.simplify(e) != 0 for e in up - closed):
        raise ArithmeticError("implicit-midpoint rotation is not the Cayley form")
    return closed


def cayley_increment(tv: sp.Matrix = t_vec) -> sp.Matrix:
    """u' - u for :func:`cayley_rotation`: 2 [u x t + (u.t) t - (t.t) u] / (1 + t.t).

    Kernels add this (small, O(|t|)) increment to u instead of forming u' directly, so the
    rounding of the common factor 1/(1 + t.t) scales only the increment: in a uniform field
    (same t every step) the systematic drift of |u| is then O(|t| eps) per step, not O(eps).
    """
    t2 = (tv.T * tv)[0]
    increment = 2 * (cross(u, tv) + (u.T * tv)[0] * tv - t2 * u) / (1 + t2)
    if any(sp.simplify(e) != 0 for e in increment - (cayley_rotation(tv) - u)):
        raise ArithmeticError("Cayley increment does not match the rotation")
    return increment


def boris_two_step(tv: sp.Matrix = t_vec) -> sp.Matrix:
    """Boris's original two-step form u' = u + (u + u x t) x s, s = 2 t / (1 + t.t).

    Equal to :func:`cayley_rotation` (checked in the tests); kept to document the equivalence.
    """
    t2 = (tv.T * tv)[0]
    s_vec = 2 * tv / (1 + t2)
    return u + cross(u + cross(u, tv), s_vec)


def _b_norm(bv: sp.Matrix) -> sp.Expr:
    return sp.sqrt(bv[0] ** 2 + bv[1] ** 2 + bv[2] ** 2)


def theta_minus_sin(theta: sp.Expr, cut: sp.Rational = sp.Rational(1, 4), terms: int = 9) -> sp.Expr:
    """theta - sin(theta) without cancellation: its Taylor series (Horner form) for |theta| < cut.

    With 9 terms the truncation at |theta| = 1/4 is ~1e-26 relative; the direct difference
    would lose ~log10(6/theta^2) digits there.

    >>> t = sp.Symbol("t", real=True)
    >>> sp.series(theta_minus_sin(t).args[0][0], t, 0, 8)  # the small-theta branch
    t**3/6 - t**5/120 + t**7/5040 + O(t**8)
    """
    s = sp.Symbol("s")  # theta^2
    poly = sum((-1) ** (k + 1) * s ** (k - 1) / sp.factorial(2 * k + 1) for k in range(1, terms + 1))
    series = theta**3 * sp.horner(poly, wrt=s).subs(s, theta**2)
    return sp.Piecewise((series, sp.Abs(theta) < cut), (theta - sp.sin(theta), True))


def uniform_field_flow(kap: sp.Expr = kappa, step: sp.Expr = h, bv: sp.Matrix = b):
    """Exact flow over a path length ``step`` in the uniform field ``bv``: (M, D) with

        u(step) = u(0) + M u(0),      xi(step) = xi(0) + D u(0).

    With K = -[b/|b|]_x and theta = kappa |b| step (Rodrigues), R = I + M,
    M = sin(theta) K + (1 - cos theta) K^2 and D = int_0^step R(s) ds
      = step I + (1 - cos theta)/(kappa |b|) K + (step - sin(theta)/(kappa |b|)) K^2.
    1 - cos(theta) is written 2 sin^2(theta/2) and theta - sin(theta) as a series for small theta
    (no cancellation, see :func:`theta_minus_sin`); for kappa |b| = 0 the flow is
    free streaming (M = 0, D = step I).  The increment form matters in floating point: the
    entries of R = I + M rounded to doubles make R^T R - I ~ 1e-16, a systematic scale error that
    a uniform field repeats every step (|u| drifts by ~1e-11 in 1e5 steps); those of M are small,
    so M + M^T + M^T M ~ theta^2 1e-16 and the drift disappears.

    >>> M, D = uniform_field_flow(bv=sp.Matrix([0, 0, 1]))
    >>> M[0, 1]
    Piecewise((0, Eq(kappa, 0)), (sin(h*kappa), True))
    """
    bn = _b_norm(bv)
    omega = kappa_b = kap * bn
    theta = omega * step
    K = -skew(bv) / bn
    K2 = K * K
    one_minus_cos = 2 * sp.sin(theta / 2) ** 2
    M = sp.sin(theta) * K + one_minus_cos * K2
    D = step * sp.eye(3) + one_minus_cos / omega * K + theta_minus_sin(theta) / omega * K2
    degenerate = sp.Eq(kappa_b, 0)

    def guard(general, free):
        if general == free:
            return free
        return sp.Piecewise((free, degenerate), (general, True))

    M = sp.Matrix(3, 3, lambda i, j: guard(M[i, j], sp.S.Zero))
    D = sp.Matrix(3, 3, lambda i, j: guard(D[i, j], step * sp.eye(3)[i, j]))
    return M, D


def triple_jump_weights() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Substep weights (w1, w0, w1) of the fourth-order triple jump S(w1 h) S(w0 h) S(w1 h).

    S is a symmetric (time-reversible) second-order step such as the Boris step: its local error
    has only odd powers of h, E(h) = h^3 C + O(h^5).  For the symmetric composition the error
    terms add to first order, (2 w1^3 + w0^3) h^3 C, so fourth order needs consistency
    2 w1 + w0 = 1 and 2 w1^3 + w0^3 = 0 (Yoshida 1990); the real solution is solved for here.
    The composition inherits symmetry, exactness in a uniform regular field and |u| conservation
    from S (checked numerically: order 4 against DOP853, tests/backtrack).

    >>> w1, w0, _ = triple_jump_weights()
    >>> sp.nsimplify(w1 - 1 / (2 - 2**sp.Rational(1, 3))), float(w0)
    (0, -1.7024143839193153)
    """
    w1, w0 = sp.symbols("w1 w0", real=True)
    solutions = sp.solve([2 * w1 + w0 - 1, 2 * w1**3 + w0**3], [w1, w0], dict=True)
    real = [sol for sol in solutions if all(v.is_real for v in sol.values())]
    if len(real) != 1:
        raise ArithmeticError(f"expected one real triple jump, got {solutions}")
    a, b = sp.radsimp(real[0][w1]), sp.radsimp(real[0][w0])
    return a, b, a


def guiding_centre(bv: sp.Matrix = b) -> sp.Matrix:
    """Guiding centre xi + (u x b) / (kappa |b|^2): its velocity is (u.b^) b^ (checked in tests)."""
    return xi + cross(u, bv) / (kappa * (bv.T * bv)[0])


def uniform_field_solution(field: sp.Expr = sp.Symbol("b0", positive=True)):
    """The exact trajectory in the uniform field b = (0, 0, b0) from xi(0) = 0, u(0) = u.

    Solved as the matrix exponential of the linear system d/ds (xi, u) = (u, kappa u x b) and
    checked by substitution; independent of the Rodrigues form of :func:`uniform_field_flow`.
    Returns ``{"s", "b0", "position", "direction"}`` (3x1 matrices in s, kappa, b0 and u).

    >>> sol = uniform_field_solution()
    >>> sol["direction"].T
    Matrix([[u_x*cos(b0*kappa*s) + u_y*sin(b0*kappa*s), -u_x*sin(b0*kappa*s) + u_y*cos(b0*kappa*s), u_z]])
    """
    s = sp.Symbol("s", real=True)
    bv = sp.Matrix([0, 0, field])
    du_ds = dimensionless_equations()["du_ds"].subs(dict(zip(b, bv)))
    generator = sp.zeros(6, 6)
    generator[:3, 3:] = sp.eye(3)
    generator[3:, 3:] = du_ds.jacobian(u)  # du/ds is linear in u
    state = sp.simplify((generator * s).exp()) * sp.Matrix([0, 0, 0, *u])
    residual = state.diff(s) - generator * state
    if any(sp.simplify(e) != 0 for e in residual):
        raise ArithmeticError("the matrix exponential does not solve the equations of motion")
    return {"s": s, "b0": field, "position": state[:3, :], "direction": state[3:, :]}


def helix_geometry(pitch_cosine: sp.Expr, field: sp.Expr = sp.Symbol("b0", positive=True)):
    """Radius, period (in path length) and pitch advance of the exact helix in a uniform field.

    Derived from :func:`guiding_centre` and the rotation angle theta = kappa |b| s of
    :func:`uniform_field_flow`: radius |u x b| / (|kappa| |b|^2) = sqrt(1 - mu^2)/(|kappa| b0),
    period 2 pi / (|kappa| b0), advance along b per period mu * period.

    >>> helix_geometry(sp.Rational(1, 2))["radius"]
    sqrt(3)/(2*b0*Abs(kappa))
    """
    mu = sp.sympify(pitch_cosine)  # safe-input-checked: a number or sympy object (callers)
    uu = sp.Matrix([sp.sqrt(1 - mu**2), 0, mu])
    bb = sp.Matrix([0, 0, field])
    gc_offset = cross(uu, bb) / (kappa * (bb.T * bb)[0])
    radius = sp.simplify(sp.sqrt((gc_offset.T * gc_offset)[0]))
    period = 2 * sp.pi / (sp.Abs(kappa) * field)
    return {"radius": radius, "period": period, "advance": mu * period,
            "pitch_cosine": mu}
