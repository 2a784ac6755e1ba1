"""Inner (beam) problem, matching, and beam characteristics (seed 001, eq. 12 to eq. 15).

Near mu = 1 the scattering coefficient has the narrow Goldreich–Sridhar peak of eq. (4).  With
D = nu_theta^-1 D_mumu/(1-mu^2), y^2 = (1-mu^2)/eps and the stretched variable w = (1-mu)/b,
b = j1^2 eps/2 (j1 the first zero of J_1, so that the peak ends at w = 1),

    D(w) = F(w)/a + 1 (w <= 1),   D = 1 (w > 1),   F(w) = (pi/2) (J_1(j1 sqrt w)/(j1 sqrt w))^2,

a = nu_theta l/v << 1 (eq. 5).  Eq. (8) becomes eq. (12),

    d/dw [(F + a)(2 - b w) w dPsi/dw] + a b lambda (1 + u - b w) Psi = 0,

regular at w = 0.  Integrating once and expanding in b gives the inner solution; matching it to
the outer solution Phi + delta_lambda Psi1 (eqs. 9–11) term by term in {1, w, w^2, ln w} gives

    Psi_i(0) = Phi(1)/(1 + beta w0),  beta = lambda (1+u) b/2,  w0 = 1 - int_0^1 dw/D,
    delta_lambda = lambda^2 (1+u)^2 Phi(1)^2 b^2 (1 - 2 I_a)/(4 U(1)),  I_a = int_0^1 w dw/D,

which at u = 0, a -> 0 are the text's Psi_i(0) ~ Phi(1)/(1 + lambda b/2) and
delta_lambda = b^2 lambda^2 Phi(1)^2/(4 U(1)).  The beam characteristics (width, excess, threshold,
maximum momentum, eqs. 13–15) follow.

>>> width_parameter().subs(eps, 1)
j_1**2/2
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from cranisotropy.derivations.beam import outer

w = sp.Symbol("w", nonnegative=True)
b, a, eps = sp.symbols("b a eps", positive=True)
j1 = sp.Symbol("j_1", positive=True)  # first positive zero of J_1 (3.8317...)
lam, u, mu = outer.lam, outer.u, outer.mu
Phi1, U1 = sp.symbols("Phi_1 U_1", real=True)  # Phi(1) and U(1) = int (u+mu) Phi^2
C = sp.Symbol("C", real=True)  # inner constant Psi_i(0)
w0, G1 = sp.symbols("w_0 G_1", real=True)
qc, alpha, K = sp.symbols("q_c alpha K", positive=True)
delta = sp.Symbol("delta", positive=True)  # V_A/c
F0, FC, l_scale, r_g = sp.symbols("F_0 F_C l r_g", positive=True)
p, mc = sp.symbols("p m_c", positive=True)

psi = sp.Function("psi")
Fw = sp.Function("F")


# --------------------------------------------------------------------------- the peak

def j1_value(digits: int = 30) -> sp.Float:
    """j1 = 3.8317059702... (first positive zero of J_1) as a sympy Float with ``digits`` digits."""
    import mpmath as mp

    with mp.workdps(digits + 10):
        return sp.Float(mp.nstr(mp.besseljzero(1, 1), digits + 5), digits)


def width_parameter() -> sp.Expr:
    """b = j1^2 eps/2: the 1-mu where y = sqrt((1-mu^2)/eps) ~ sqrt(2(1-mu)/eps) reaches j1."""
    one_minus_mu = sp.Symbol("x", positive=True)
    return sp.solve(sp.Eq(2 * one_minus_mu / eps, j1**2), one_minus_mu)[0]


def peak_argument_squared() -> sp.Expr:
    """y^2 = (1-mu^2)/eps at mu = 1 - b w, eps = 2b/j1^2: j1^2 w (1 - b w/2) (the model keeps j1^2 w)."""
    return sp.factor(((1 - mu**2) / eps).subs(mu, 1 - b * w).subs(eps, 2 * b / j1**2))


def peak_profile() -> sp.Expr:
    """F(w) = (pi/2)(J_1(j1 sqrt w)/(j1 sqrt w))^2 = a (D - 1) inside the peak: eq. (4) divided by
    (1 - mu^2) nu_theta, with y^2 -> j1^2 w.  A Taylor polynomial replaces the 0/0 at w = 0."""
    from cranisotropy.derivations.beam.scattering import bessel_ratio_squared

    return sp.pi / 2 * bessel_ratio_squared(j1 * sp.sqrt(w))


def peak_diffusion(j1_value: sp.Expr = j1) -> sp.Expr:
    """D(mu; b, a) of the full problem: 1 + F((1-mu)/b)/a for 1-mu < b, else 1 (mu <= 1)."""
    ww = (1 - mu) / b
    inside = 1 + peak_profile().subs(w, ww).subs(j1, j1_value) / a
    return sp.Piecewise((inside, ww < 1), (sp.Integer(1), True))


@lru_cache(maxsize=None)
def peak_edge_curvature() -> sp.Expr:
    """c = F''(1)/2: F ~ c (w-1)^2 at the edge of the peak; c = (pi/8) J_0(j1)^2 (uses J_1(j1) = 0)."""
    F = sp.pi / 2 * (sp.besselj(1, j1 * sp.sqrt(w)) / (j1 * sp.sqrt(w))) ** 2
    second = sp.diff(F, w, 2).subs(w, 1)
    second = second.subs(sp.besselj(1, j1), 0)
    second = sp.simplify(second.rewrite(sp.besselj).subs(sp.besselj(1, j1), 0)
                         .subs(sp.besselj(2, j1), 2 * sp.besselj(1, j1) / j1 - sp.besselj(0, j1))
                         .subs(sp.besselj(1, j1), 0))
    return sp.simplify(second / 2)


def finite_a_integrals() -> dict[str, sp.Integral]:
    """g(1) = int_0^1 dw/D and I_a = int_0^1 w dw/D with 1/D = a/(F + a) (both -> 0 as a -> 0)."""
    Fpk = peak_profile()
    return {"g1": sp.Integral(a / (Fpk + a), (w, 0, 1)),
            "I_a": sp.Integral(w * a / (Fpk + a), (w, 0, 1))}


def outer_constants() -> dict[str, sp.Expr]:
    """w0 and G1 of the inner solution for w > 1 (g = w - w0, G = int_0^w g = w^2/2 - w0 w + G1).

    g(w) = g(1) + (w - 1) for w > 1, so w0 = 1 - g(1); G(w) = G(1) + int_1^w g gives
    G1 = G(1) - 1/2 + w0 and, by parts (int_0^1 g = g(1) - int_0^1 w g'), G1 = 1/2 - I_a.
    """
    g1, I_a, G_at_1 = sp.symbols("g_1 I_a G_at_1")
    ws = sp.Symbol("w", positive=True)
    w0_value = 1 - g1
    G_out = G_at_1 + sp.integrate(g1 + (sp.Symbol("t") - 1), (sp.Symbol("t"), 1, ws))
    G1_value = sp.expand(G_out - ws**2 / 2 + w0_value * ws)
    if sp.simplify(G1_value.diff(ws)) != 0:
        raise AssertionError("G(w) - w^2/2 + w0 w is not constant for w > 1")
    return {"w0": w0_value, "G1": sp.expand(G1_value.subs(G_at_1, g1 - I_a))}


def finite_a_leading() -> sp.Expr:
    """Small-a behaviour of g(1) and I_a: both ~ (pi/2) sqrt(a/c), from the edge w ~ 1 where
    F ~ c (w-1)^2 (half a Lorentzian); the rate of approach of the finite-a corrections."""
    s_ = sp.Symbol("s", positive=True)
    c = sp.Symbol("c", positive=True)
    half_lorentz = sp.integrate(a / (c * s_**2 + a), (s_, 0, sp.oo))
    return sp.simplify(half_lorentz.subs(c, peak_edge_curvature()))


# --------------------------------------------------------------------------- eq. (12)

@lru_cache(maxsize=None)
def inner_equation_residual() -> sp.Expr:
    """a b x eq. (8) in w = (1-mu)/b with D = F(w)/a + 1, minus eq. (12): simplifies to 0."""
    ww = (1 - mu) / b
    full = outer.eigen_operator(psi(ww), lam, 1 + Fw(ww) / a)
    full = sp.simplify((full * a * b).subs(mu, 1 - b * w).doit())
    eq12 = (sp.diff((Fw(w) + a) * (2 - b * w) * w * sp.diff(psi(w), w), w)
            + a * b * lam * (1 + u - b * w) * psi(w))
    return sp.simplify(full - eq12)


@lru_cache(maxsize=None)
def inner_first_order() -> sp.Expr:
    """dPsi/dw to O(b^2) with Psi = C (1 - beta g) inside the integral (beta = lambda(1+u) b/2):

        Psi_w = -(lambda b/2) g'(w) C [(1+u) + u b w/2 - (lambda b/2)(1+u)^2 G(w)/w] + O(b^3),

    g' = 1/D = a/(F + a), G = int_0^w g.  Eq. (12) integrated once from the regular end w = 0:
    (F+a)(2-bw) w Psi_w = -a b lambda int_0^w (1+u-bw') Psi dw'.  At u = 0 this is the text's
    "dPsi/dw + (lambda b/2) g' [1 - (lambda b/2)(h/w - g)] Psi = 0" with h = G.
    """
    g, G, gp = sp.symbols("g G gprime")  # g(w), G(w), g'(w) = 1/D
    beta = lam * (1 + u) * b / 2
    integral = (1 + u) * w - b * w**2 / 2 - beta * (1 + u) * G  # int_0^w (1+u-bw')(1-beta g)
    psi_w = -b * lam * gp * C * integral / ((2 - b * w) * w)  # a/(F+a) = g'
    return sp.expand(sp.series(psi_w, b, 0, 3).removeO())


@lru_cache(maxsize=None)
def matching() -> dict[str, sp.Expr]:
    """Match inner (w -> oo) and outer (1-mu = b w -> 0) expansions; return C and delta_lambda.

    Inner, w > 1 (D = 1, so g = w - w0, G = w^2/2 - w0 w + G1), from :func:`inner_first_order`
    integrated from w = 1 (with Psi(1) = C(1 - beta g(1)) + k2 b^2).  Outer: Phi(1) sum_k a_k
    (b w)^k (Frobenius) + delta_lambda (U(1)/(2 Phi(1)) ln(b w) + K1) (eq. 11 near mu = 1).
    Coefficients of ln w fix delta_lambda, of w fix C; those of w^2 and 1 agree automatically
    (returned as ``w2_residual``, ``w1_residual`` for the check).  w0 = 1 - g(1),
    G1 = 1/2 + G(1) - g(1) = 1/2 - I_a.
    """
    ws = sp.Symbol("w", positive=True)
    g_out = ws - w0
    G_out = ws**2 / 2 - w0 * ws + G1
    psi_w = inner_first_order().subs({sp.Symbol("gprime"): 1, sp.Symbol("g"): g_out,
                                      sp.Symbol("G"): G_out, w: ws})
    k2, K1, dl = sp.symbols("k_2 K_1 Lambda")  # unknown O(b^2) constants, delta_lambda/b^2
    beta = lam * (1 + u) * b / 2
    inner = C * (1 - beta * (1 - w0)) + k2 * b**2 + sp.integrate(psi_w, (ws, 1, ws))
    coeffs = outer.frobenius_coefficients(2)
    outer_near = (Phi1 * sum(coeffs[m] * (b * ws) ** m for m in range(3))
                  + dl * b**2 * (U1 / (2 * Phi1) * (sp.log(b) + sp.log(ws)) + K1))
    diff = sp.expand(sp.expand_log(inner - outer_near, force=True))
    logw = sp.log(ws)
    log_part = diff.coeff(logw)
    poly = sp.expand(diff - log_part * logw)
    dl_solution = sp.solve(sp.expand(log_part).coeff(b, 2), dl)[0]
    w1 = sp.expand(poly.coeff(ws, 1))
    C_solution = sp.solve(w1.coeff(b, 1), C)[0]  # O(b): C = Phi(1)
    # O(b^2) of the w coefficient: C = Phi(1)(1 - beta w0) + O(b^2) = Phi(1)/(1 + beta w0)
    c1 = sp.Symbol("c_1")
    w1_b2 = sp.expand(w1.subs(C, Phi1 * (1 + c1 * b))).coeff(b, 2)
    c1_solution = sp.solve(w1_b2, c1)[0]
    C_to_b = Phi1 * (1 + c1_solution * b)
    w2_residual = sp.simplify(sp.expand(poly.coeff(ws, 2).subs(C, C_to_b)).coeff(b, 2))
    w0_residual = sp.simplify(sp.expand(poly.coeff(ws, 0).subs(C, C_to_b)).coeff(b, 1))
    # b^2 ln b in C: the only ln b of the w^0 coefficient (the inner side has none besides C)
    c2l = sp.Symbol("c_2l")
    w0_coeff = sp.expand(poly.coeff(ws, 0).subs(C, C_to_b + c2l * b**2 * sp.log(b)))
    c2l_solution = sp.solve(w0_coeff.coeff(sp.log(b)).coeff(b, 2), c2l)[0]
    # "C": the text's resummed form, equal to C_series up to O(b^2)
    return {"C_leading": C_solution, "C": Phi1 / (1 + beta * w0), "C_series": C_to_b,
            "dlambda": sp.factor(dl_solution.subs(C, Phi1) * b**2),
            "C_log": sp.factor(c2l_solution.subs(dl, dl_solution.subs(C, Phi1))) * b**2 * sp.log(b),
            "w2_residual": w2_residual, "w0_residual": w0_residual}


def eigenvalue_shift(finite_a: bool = True) -> sp.Expr:
    """delta_lambda = lambda^2 (1+u)^2 Phi(1)^2 b^2 (2 G1)/(4 U(1)); 2 G1 = 1 - 2 I_a (-> 1, a -> 0)."""
    I_a = sp.Symbol("I_a")
    shift = matching()["dlambda"].subs(G1, outer_constants()["G1"])
    return sp.factor(shift if finite_a else shift.subs(I_a, 0))


def fractional_excess(finite_a: bool = True, log_term: bool = False) -> sp.Expr:
    """(Phi(1) - Psi_i(0))/Phi(1) = beta w0/(1 + beta w0), beta = lambda (1+u) b/2 (w0 -> 1 as a -> 0).

    The strong scattering flattens the eigenfunction inside the peak: |Psi| at mu = 1 drops by
    this fraction below the outer extrapolation.  Physically Phi(1) < 0 when mu = 1 is the
    minimum of the large-scale anisotropy, so the flattening is an excess of particles.
    ``log_term`` adds the next matched term, -delta_lambda U(1) ln(b)/(2 Phi(1)^2) (O(b^2 ln b)),
    with delta_lambda written through I_a; the rest is O(b^2)."""
    m = matching()
    C_full = m["C"] + (m["C_log"] if log_term else 0)
    excess = sp.simplify(1 - C_full / Phi1)
    excess = excess.subs(G1, outer_constants()["G1"])
    return excess if finite_a else excess.subs({w0: 1, sp.Symbol("I_a"): 0})


# --------------------------------------------------------------------------- eqs. (13)-(15)

def leading_excess() -> sp.Expr:
    """delta Phi(1)/Phi(1) ~ lambda (1+u) b/2 = lambda (1+u) j1^2 eps/4 (text, u = 0: 53.4 eps)."""
    return sp.series(fractional_excess(False), b, 0, 2).removeO().subs(b, width_parameter())


def angular_width(exact: bool = True) -> sp.Expr:
    """Delta theta = arccos(1 - b) (exact) or sqrt(2 b) = j1 sqrt(eps) (small b)."""
    bb = width_parameter()
    if exact:
        return sp.acos(1 - bb)
    return sp.sqrt(2 * bb)


def eps_from_width(exact: bool = True) -> sp.Expr:
    """Inversion of :func:`angular_width`: eps = 2 (1 - cos dtheta)/j1^2, ~ dtheta^2/j1^2."""
    dtheta = sp.Symbol("Delta_theta", positive=True)
    target = angular_width(exact)
    if exact:
        sol = sp.solve(sp.Eq(sp.cos(dtheta), sp.cos(target)), eps)
    else:
        sol = sp.solve(sp.Eq(dtheta, target), eps)
    return sol[0]


def beam_distribution() -> sp.Expr:
    """Eq. (13): F_B = (excess amplitude) x (width) x F0 = (lambda b/2) b F0 = lambda j1^4 eps^2 F0/8."""
    return sp.expand(leading_excess().subs(u, 0) * width_parameter() * F0)


def threshold_constant() -> sp.Expr:
    """A of eq. (14): F_B <= delta F_C/(q_c - 2) with eps = r_g/l solved for F0 gives
    F0 <= A delta (l/r_g)^2 F_C, A = 8/(lambda j1^4 (q_c - 2))."""
    bound = sp.solve(sp.Eq(beam_distribution(), delta * FC / (qc - 2)), F0)[0]
    bound = bound.subs(eps, r_g / l_scale)
    return sp.simplify(bound / (delta * (l_scale / r_g) ** 2 * FC))


def maximum_momentum() -> sp.Expr:
    """Eq. (15): with alpha = F0/F_C and eps = K p/(m c), eq. (14) holds up to
    p_max/(m c) = sqrt(delta A/alpha)/K."""
    A = sp.Symbol("A", positive=True)
    eps_max = sp.solve(sp.Eq(alpha, A * delta / eps**2), eps)[0]
    return sp.simplify(sp.solve(sp.Eq(K * p / mc, eps_max), p)[0] / mc)
