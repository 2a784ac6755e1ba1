"""Relative diffusion, its sum rules, shot noise, and the generalised-BGK power spectrum.

Seed 002 (eqs. 1.1, 2.1-2.7, 3.1, 4.4-4.7) and seed 004 (eqs. 64-77).  Conventions: the
relative intensity is dI(p) = (4 pi f - n)/n, its power spectrum is
C_l = (1/4pi) int dp1 int dp2 P_l(p1.p2) dI_1 dI_2 (= sum_m |a_lm|^2/(2l+1)), g = grad(n)/n.

Backtracked for a time T, dI(p) ~ r(p).g with r the displacement of the trajectory that
arrives from direction p; then (exact identities of the definitions, derived below)

    (1/4pi) sum_l (2l+1) C_l = mean_p <(r.g)^2>        = 2T g.K^s.g          (eq. 2.5)
    (1/4pi) C_0              = <(mean_p r.g)^2>        = 2T g.(K^s - K~^s).g  (eq. 2.6)
    (1/4pi) sum_{l>=1} ...   = 2T g.K~^s.g                                    (eq. 2.7, 004 eq. 69)

with K^s = <r r>/(2T) and K~^s the pair-averaged relative diffusion tensor (eq. 2.4).

The generalised BGK ansatz (eq. 4.5) with nu_r(x) = nu_0 (1-x)^p gives (eq. 4.7)
C_l = (3/2) Q_1/(l(l+1)) int x P_l(x)/nu_r(x) dx in closed form with Gamma functions.

>>> generalized_bgk_weight(l, p)
(l**2 + l + p**2 - p)/(l*(l + 1)*(-l + p - 2)*(-l + p - 1))
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

x = sp.Symbol("x", real=True)              # cosine of the opening angle p1.p2
p = sp.Symbol("p", positive=True)          # exponent of nu_r ~ (1-x)^p, 0 < p < 1
a = sp.Symbol("a", real=True)              # generic exponent of (1-x)^a, a > -1
l = sp.Symbol("l", integer=True, positive=True)
n = sp.Symbol("n", integer=True, nonnegative=True)
T = sp.Symbol("T", positive=True)          # backtracking time
nu0 = sp.Symbol("nu_0", positive=True)     # scale of the relative scattering rate
Q1 = sp.Symbol("Q_1", positive=True)       # dipole source term (eq. 4.6)
N_pix = sp.Symbol("N_pix", positive=True)
theta, phi = sp.symbols("theta phi", real=True)


def unit_vector(th=theta, ph=phi) -> sp.Matrix:
    return sp.Matrix([sp.sin(th) * sp.cos(ph), sp.sin(th) * sp.sin(ph), sp.cos(th)])


def sphere_integral(expr: sp.Expr, th=theta, ph=phi) -> sp.Expr:
    """int d^2p expr over the unit sphere (theta, phi polar coordinates)."""
    return sp.simplify(sp.integrate(sp.integrate(expr * sp.sin(th), (ph, 0, 2 * sp.pi)), (th, 0, sp.pi)))


def symmetric_tensor(name: str) -> sp.Matrix:
    c = sp.symbols(f"{name}_xx {name}_xy {name}_xz {name}_yy {name}_yz {name}_zz", real=True)
    return sp.Matrix([[c[0], c[1], c[2]], [c[1], c[3], c[4]], [c[2], c[4], c[5]]])


def vector(name: str) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}_x {name}_y {name}_z", real=True))


# --------------------------------------------------------------------------- eq. 1.1, 2.1

def quasi_stationary_intensity(K: sp.Matrix, g: sp.Matrix, direction: sp.Matrix) -> sp.Expr:
    """dI = (4 pi <f> - n)/n for 4 pi <f> = n - 3 p.K.grad n (Fick's law, seed 003 eqs. 3-5)."""
    return (-3 * direction.T * K * g)[0, 0]


def standard_dipole_power(K: sp.Matrix | None = None, g: sp.Matrix | None = None) -> tuple[sp.Expr, sp.Expr]:
    """(C_1, 4 pi |K g|^2) for the quasi-stationary dipole: eq. 1.1 says they are equal.

    C_1 = (1/3) sum_m |a_1m|^2 = int dI^2 dp / 3 for a pure dipole (sum_l (2l+1) C_l = int dI^2).
    """
    from cranisotropy.derivations.multipoles.bgk import P, sphere_integral as polynomial_sphere_integral

    K = K if K is not None else sp.Matrix(3, 3, sp.symbols("K_0:9", real=True))
    g = g if g is not None else vector("g")
    dI = quasi_stationary_intensity(K, g, P)
    c1 = polynomial_sphere_integral(sp.expand(dI**2)) / 3
    return sp.simplify(c1), sp.simplify(4 * sp.pi * ((K * g).T * (K * g))[0, 0])


def backtracked_density(n0: sp.Expr, grad: sp.Matrix, K: sp.Matrix, r: sp.Matrix,
                        direction: sp.Matrix) -> sp.Expr:
    """4 pi <f>(r, p) = n(r) - 3 p.K.grad n(r) with n linear in r (eq. 2.1 / 004 eqs. 64, 66)."""
    density = n0 + (r.T * grad)[0, 0]
    return sp.expand(density - 3 * (direction.T * K * grad)[0, 0])


# --------------------------------------------------------------------------- eqs. 2.2-2.7

def legendre_completeness(order: int, test: sp.Expr) -> sp.Expr:
    """int_{-1}^{1} test(x) sum_{l<=L} (2l+1)/2 P_l(x) dx: equals test(1) for polynomials of
    degree <= L, i.e. sum_l (2l+1) P_l(p1.p2) = 4 pi delta(p1, p2) on the sphere."""
    kernel = sum((sp.Rational(2 * j + 1, 2) * sp.legendre(j, x) for j in range(order + 1)), sp.Integer(0))
    return sp.integrate(sp.expand(kernel * test), (x, -1, 1))


def pair_rotation_average() -> sp.Matrix:
    """<p1_i p2_j> over joint rotations at fixed x = p1.p2 (equals x delta_ij / 3).

    p1 is integrated over the sphere and p2 over the circle at angle arccos(x) around it.
    """
    th2 = sp.Symbol("theta_2", real=True)
    p1 = unit_vector()
    # orthonormal frame around p1
    e1 = sp.Matrix([sp.cos(theta) * sp.cos(phi), sp.cos(theta) * sp.sin(phi), -sp.sin(theta)])
    e2 = sp.Matrix([-sp.sin(phi), sp.cos(phi), 0])
    s = sp.sqrt(1 - x**2)
    p2 = x * p1 + s * (sp.cos(th2) * e1 + sp.sin(th2) * e2)
    out = sp.zeros(3, 3)
    for i in range(3):
        for j in range(3):
            ring = sp.integrate(sp.expand(p1[i] * p2[j]), (th2, 0, 2 * sp.pi)) / (2 * sp.pi)
            out[i, j] = sp.simplify(sphere_integral(ring) / (4 * sp.pi))
    return out


def pair_average_identity(count: int = 3) -> sp.Matrix:
    """(1/N^2) sum_ab (r_a - r_b)(r_a - r_b)^T - 2[(1/N) sum_a r_a r_a^T - rbar rbar^T] (= 0).

    The pair average of eq. 2.4 reduces to one-point moments: K~^s = (<r r>_p - <rbar rbar>)/(2T).
    """
    rs = [vector(f"r{i}") for i in range(count)]
    mean = sum(rs, sp.zeros(3, 1)) / count
    pair = sum(((ra - rb) * (ra - rb).T for ra in rs for rb in rs), sp.zeros(3, 3)) / count**2
    one = sum((ra * ra.T for ra in rs), sp.zeros(3, 3)) / count
    return sp.simplify(pair - 2 * (one - mean * mean.T))


def relative_diffusion_from_moments(second_moment: sp.Matrix, mean_outer: sp.Matrix) -> sp.Matrix:
    """K~^s = (mean_p <r r^T> - <rbar rbar^T>)/(2T), from eq. 2.4 and :func:`pair_average_identity`."""
    return (second_moment - mean_outer) / (2 * T)


def diffusion_from_moments(second_moment: sp.Matrix) -> sp.Matrix:
    """K^s = mean_p <r r^T>/(2T) (the definition below eq. 2.5)."""
    return second_moment / (2 * T)


def sum_rules(K_s: sp.Matrix | None = None, K_rel: sp.Matrix | None = None, g: sp.Matrix | None = None
              ) -> dict[str, sp.Expr]:
    """The three sum rules as quadratic forms in g = grad(n)/n (eqs. 2.5-2.7).

    Derived from the map moments: sum_l (2l+1) C_l/(4pi) = mean_p dI^2 (Legendre completeness)
    and C_0/(4pi) = (mean_p dI)^2 (P_0 = 1), with dI = r.g and the definitions of K^s, K~^s.
    Returns ``total`` = (1/4pi) sum_{l>=0} (2l+1) C_l, ``monopole`` = C_0/(4pi) and
    ``multipoles`` = (1/4pi) sum_{l>=1} (2l+1) C_l.
    """
    K_s = K_s if K_s is not None else symmetric_tensor("K")
    K_rel = K_rel if K_rel is not None else symmetric_tensor("Kr")
    g = g if g is not None else vector("g")
    second = 2 * T * K_s                          # mean_p <r r^T>
    mean_outer = second - 2 * T * K_rel           # <rbar rbar^T>, by relative_diffusion_from_moments
    total = (g.T * second * g)[0, 0]
    monopole = (g.T * mean_outer * g)[0, 0]
    return {"total": sp.expand(total), "monopole": sp.expand(monopole),
            "multipoles": sp.expand(total - monopole)}


def white_noise_power(variance: sp.Expr = sp.Symbol("sigma2", positive=True)) -> sp.Expr:
    """<C_l> of N_pix independent pixels of variance sigma^2 (eq. 3.1 with sigma^2 = 2T g.K^s.g).

    a_lm = (4pi/N) sum_p dI_p Y*_lm(p) and sum_p |Y_lm(p)|^2 = N/(4pi) (exact quadrature of
    int |Y_lm|^2 = 1 on an equal-area grid), so <|a_lm|^2> = (4pi/N)^2 sigma^2 N/(4pi).
    """
    quadrature_norm = N_pix / (4 * sp.pi)
    return sp.simplify((4 * sp.pi / N_pix) ** 2 * variance * quadrature_norm)


def shot_noise(K_s: sp.Matrix | None = None, g: sp.Matrix | None = None) -> sp.Expr:
    """Shot-noise level 4pi/N_pix * 2T g.K^s.g (eq. 3.1 / 004 eq. 71)."""
    return white_noise_power(sum_rules(K_s, None, g)["total"])


# --------------------------------------------------------------------------- eqs. 4.4-4.7

def two_point_source(K: sp.Matrix | None = None, grad: sp.Matrix | None = None) -> sp.Expr:
    """Dipole source term Q_1 of the two-point equation (eq. 4.6 / 004 eq. 77).

    The gradient terms of eq. 4.4, -<f1 p2.grad f2> - (1<->2) with <f> = (n - 3 p.K.grad n)/4pi,
    give (3/(4pi)^2) [(p1.grad n)(p2.K.grad n) + (1<->2)] (004 eq. 75); averaged over joint
    rotations at fixed x (<p1_i p2_j> = x delta_ij/3) this is alpha(x) = sum_l alpha_l P_l(x)
    with only l = 1.  By eq. 2.2, <f1 f2> = sum_l alpha_l P_l(x) has C_l = 4 pi alpha_l/(2l+1),
    so the source adds dC_1/dt = 4 pi alpha_1 / 3.
    """
    K = K if K is not None else symmetric_tensor("K")
    grad = grad if grad is not None else vector("G")
    avg = pair_rotation_average()
    source = 3 / (4 * sp.pi) ** 2 * sum((avg[i, j] * (grad[i] * (K * grad)[j] + (K * grad)[i] * grad[j])
                                          for i in range(3) for j in range(3)), sp.Integer(0))
    alpha1 = sp.Rational(3, 2) * sp.integrate(sp.expand(source * sp.legendre(1, x)), (x, -1, 1))
    return sp.simplify(4 * sp.pi * alpha1 / 3)


def scattering_projection(order: int, coefficients: dict[int, sp.Expr], rate: sp.Expr) -> sp.Expr:
    """The ansatz (4.5) acting on <f1 f2> = sum_k alpha_k P_k(x), alpha_k = (2k+1) C_k/(4pi),
    expressed as its contribution to dC_l/dt (to compare with eq. 4.6's right-hand side).

    For functions of x = p1.p2 only, J^2 = 0 (joint rotations leave them invariant) and
    L1^2 = L2^2 = the Legendre operator -d/dx (1-x^2) d/dx, so the term is
    nu_r(x) L1^2 <f1 f2>; its P_l coefficient is (2l+1)/2 int P_l (...) dx and
    C_l = 4 pi alpha_l/(2l+1).
    """
    corr = sum((sp.Integer(2 * kk + 1) * c * sp.legendre(kk, x) for kk, c in coefficients.items()),
               sp.Integer(0)) / (4 * sp.pi)
    legendre_op = -sp.diff((1 - x**2) * sp.diff(corr, x), x)
    term = rate * legendre_op  # (L1^2 + L2^2)/2 = L1^2 on functions of x
    alpha = sp.Rational(2 * order + 1, 2) * sp.integrate(sp.expand(sp.legendre(order, x) * term), (x, -1, 1))
    return sp.simplify(4 * sp.pi * alpha / (2 * order + 1))


def eq46_rhs(order: int, coefficients: dict[int, sp.Expr], rate: sp.Expr) -> sp.Expr:
    """Right-hand side of eq. 4.6 as printed: sum_k C_k k(k+1)(2k+1)/2 int nu_r P_l P_k dx."""
    return sp.simplify(sum((c * kk * (kk + 1) * sp.Rational(2 * kk + 1, 2)
                            * sp.integrate(sp.expand(rate * sp.legendre(order, x) * sp.legendre(kk, x)), (x, -1, 1))
                            for kk, c in coefficients.items()), sp.Integer(0)))


def inverted_spectrum(order: sp.Expr, rate: sp.Expr) -> sp.Expr:
    """Eq. 4.7 derived from eq. 4.6: C_l = (3/2) Q_1/(l(l+1)) int x P_l(x)/nu_r(x) dx.

    Eq. 4.6 says u(x) = nu_r(x) sum_k (2k+1)/2 k(k+1) C_k P_k(x) has Legendre moments
    Q_1 delta_l1, hence u = (3/2) Q_1 x (completeness); dividing by nu_r and projecting on P_l
    (orthogonality, int P_l^2 = 2/(2l+1)) gives l(l+1) C_l = (3/2) Q_1 int x P_l/nu_r dx.
    """
    u = sp.Rational(3, 2) * Q1 * x  # sum_l (2l+1)/2 Q_1 delta_l1 P_l(x)
    projected = sp.Integral(u / rate * sp.legendre(order, x), (x, -1, 1))
    return projected / (order * (order + 1))


def solvability_rate(rate: sp.Expr) -> sp.Expr:
    """kappa = int x/nu_r dx / int 1/nu_r dx: the growth rate of the monopole (units Q_1 * 3/2).

    Eq. 4.6 can only hold for l >= 1: its l = 0 row would need nu_r h = (3/2) Q_1 x with
    h = sum_{k>=1} (2k+1)/2 k(k+1) C_k P_k of zero mean, i.e. int x/nu_r = 0, false for
    nu_r ~ (1-x)^p.  The l = 0 row is instead dC_0/dT (the monopole grows, as in eq. 2.6),
    and for l >= 1 nu_r h = (3/2) Q_1 (x - kappa) with kappa fixed by int h = 0.
    """
    return sp.Integral(x / rate, (x, -1, 1)) / sp.Integral(1 / rate, (x, -1, 1))


def consistent_spectrum(order: sp.Expr, rate: sp.Expr) -> sp.Expr:
    """The solution of eq. 4.6 for l >= 1 (derived; differs from eq. 4.7 by the kappa term):
    C_l = (3/2) Q_1/(l(l+1)) [int x P_l/nu_r dx - kappa int P_l/nu_r dx]."""
    kappa = solvability_rate(rate)
    main = sp.Integral(x * sp.legendre(order, x) / rate, (x, -1, 1))
    correction = sp.Integral(sp.legendre(order, x) / rate, (x, -1, 1))
    return sp.Rational(3, 2) * Q1 / (order * (order + 1)) * (main - kappa * correction)


@lru_cache(maxsize=None)
def beta_moment() -> sp.Expr:
    """int_{-1}^{1} (1-x)^a (1+x)^n dx: with x = 2u - 1 it is 2^(a+n+1) B(a+1, n+1) (Euler)."""
    u = sp.Symbol("u", positive=True)
    one_minus, one_plus = sp.expand((1 - x).subs(x, 2 * u - 1)), sp.expand((1 + x).subs(x, 2 * u - 1))
    assert sp.simplify(one_minus - 2 * (1 - u)) == 0 and sp.simplify(one_plus - 2 * u) == 0
    w = sp.Symbol("w", positive=True)  # w = 1 - u
    jac = sp.diff(2 * u - 1, u)
    integrand = sp.expand_power_base((2 * w) ** a * (2 * u) ** n * jac, force=True)
    scale = sp.powsimp(sp.simplify(integrand / (u**n * w**a)))   # 2^(a+n+1)
    return sp.gammasimp(scale * sp.gamma(a + 1) * sp.gamma(n + 1) / sp.gamma(a + n + 2))


@lru_cache(maxsize=None)
def legendre_moment() -> sp.Expr:
    """J_n(a) = int_{-1}^{1} (1-x)^a P_n(x) dx, a > -1, for symbolic n.

    Rodrigues' formula P_n = (1/(2^n n!)) d^n/dx^n (x^2-1)^n, n integrations by parts (boundary
    terms vanish: (x^2-1)^n has n-fold zeros at +-1), d^n/dx^n (1-x)^a = (-1)^n (a)_n^falling
    (1-x)^(a-n), and (x^2-1)^n = (-1)^n (1-x)^n (1+x)^n leave a Beta integral.
    """
    falling = sp.gamma(a + 1) / sp.gamma(a - n + 1)
    expr = (-1) ** n * (-1) ** n * falling / (2**n * sp.factorial(n)) * (-1) ** n * beta_moment()
    return sp.simplify(sp.gammasimp(expr))


def legendre_moment_positive(exponent: sp.Expr = p, index: sp.Expr = n) -> sp.Expr:
    """J_n(-p) rewritten with the reflection formula (all Gammas at positive arguments).

    (-1)^n Gamma(1-p)/Gamma(1-p-n) = Gamma(n+p)/Gamma(p) (n integer), so
    J_n(-p) = 2^(1-p) Gamma(1-p) Gamma(n+p) / (Gamma(p) Gamma(n+2-p)) > 0.
    """
    expr = legendre_moment().subs(a, -exponent).subs(n, index)
    reflected = (-1) ** index * sp.gamma(1 - exponent) / sp.gamma(1 - exponent - index)
    positive = sp.gamma(index + exponent) / sp.gamma(exponent)
    out = sp.simplify(expr / reflected * positive)
    return out


def generalized_bgk_spectrum(order: sp.Expr = l, exponent: sp.Expr = p) -> sp.Expr:
    """C_l for nu_r = nu_0 (1-x)^p (eq. 4.7 / 004 eq. 77), closed form.

    x P_l = ((l+1) P_{l+1} + l P_{l-1})/(2l+1) reduces int x P_l (1-x)^(-p) dx to J_{l+-1}(-p).
    """
    J = lambda j: legendre_moment_positive(exponent, j)  # noqa: E731
    integral = ((order + 1) * J(order + 1) + order * J(order - 1)) / (2 * order + 1)
    return sp.Rational(3, 2) * Q1 / (order * (order + 1)) * integral / nu0


def generalized_bgk_spectrum_consistent(order: sp.Expr = l, exponent: sp.Expr = p) -> sp.Expr:
    """C_l for nu_r = nu_0 (1-x)^p from :func:`consistent_spectrum` (solution of eq. 4.6, l >= 1):
    kappa = J_1(-p)/J_0(-p) = p/(2-p) and int P_l/nu_r = J_l(-p)/nu_0."""
    J = lambda j: legendre_moment_positive(exponent, j)  # noqa: E731
    kappa = sp.gammasimp(J(1) / J(0))
    integral = ((order + 1) * J(order + 1) + order * J(order - 1)) / (2 * order + 1) - kappa * J(order)
    return sp.Rational(3, 2) * Q1 / (order * (order + 1)) * integral / nu0


def generalized_bgk_gamma_ratio(index: sp.Expr = n, exponent: sp.Expr = p) -> sp.Expr:
    """R_n = Gamma(n+p)/Gamma(n+2-p), the l-dependence of J_n(-p)."""
    return sp.gamma(index + exponent) / sp.gamma(index + 2 - exponent)


def generalized_bgk_ratio_step(index: sp.Expr = n, exponent: sp.Expr = p) -> sp.Expr:
    """R_{n+1}/R_n (rational), for a cancellation-free product."""
    R = generalized_bgk_gamma_ratio(index, exponent)
    return sp.factor(sp.gammasimp(R.subs(index, index + 1) / R))


def generalized_bgk_weight(order: sp.Expr = l, exponent: sp.Expr = p, consistent: bool = False) -> sp.Expr:
    """C_l / (prefactor * R_{l-1}): the rational factor multiplying R_{l-1} in C_l.

    C_l = (3/2)(Q_1/nu_0) 2^(1-p) Gamma(1-p)/Gamma(p) * R_{l-1} * weight(l, p); ``consistent``
    selects the solution of eq. 4.6 instead of eq. 4.7 as printed.
    """
    C = (generalized_bgk_spectrum_consistent if consistent else generalized_bgk_spectrum)(order, exponent)
    pref = sp.Rational(3, 2) * Q1 / nu0 * 2 ** (1 - exponent) * sp.gamma(1 - exponent) / sp.gamma(exponent)
    return sp.factor(sp.gammasimp(C / pref / generalized_bgk_gamma_ratio(order - 1, exponent)))


def generalized_bgk_prefactor(exponent: sp.Expr = p) -> sp.Expr:
    """(3/2) 2^(1-p) Gamma(1-p)/Gamma(p): C_l = prefactor (Q_1/nu_0) R_{l-1} weight(l, p)."""
    return sp.Rational(3, 2) * 2 ** (1 - exponent) * sp.gamma(1 - exponent) / sp.gamma(exponent)


def generalized_bgk_ratio(order: int, exponent: sp.Expr, consistent: bool = False) -> sp.Expr:
    """C_l/C_1 exactly (a rational number for rational p)."""
    C = (generalized_bgk_spectrum_consistent if consistent else generalized_bgk_spectrum)(l, exponent)
    return sp.simplify(sp.combsimp(sp.expand_func(C.subs(l, order) / C.subs(l, 1))))


def gamma_ratio_power(exponent: sp.Expr = p) -> sp.Expr:
    """R_n = Gamma(n+p)/Gamma(n+2-p) ~ n^(2p-2): Gamma(n+u)/Gamma(n+v) ~ n^(u-v) (Stirling)."""
    n_ = sp.Symbol("n_", positive=True)
    R = generalized_bgk_gamma_ratio(n_, exponent)
    u, v = (arg.args[0].subs(n_, 0) for arg in (sp.numer(R), sp.denom(R)))
    return sp.simplify(u - v)


def large_l_exponent(exponent: sp.Expr = p) -> sp.Expr:
    """The slope d ln C_l / d ln l at large l (= 2p - 4): power of R_{l-1} plus the degree of
    the rational weight (:func:`generalized_bgk_weight`)."""
    weight = sp.together(generalized_bgk_weight(l, exponent))
    num, den = sp.fraction(weight)
    return sp.simplify(gamma_ratio_power(exponent) + sp.degree(num, l) - sp.degree(den, l))


def large_l_amplitude(exponent: sp.Expr = p, consistent: bool = False) -> sp.Expr:
    """lim_{l->oo} l^(4-2p) C_l nu_0/Q_1: prefactor * lim l^2 weight (R_{l-1} l^(2-2p) -> 1)."""
    weight = generalized_bgk_weight(l, exponent, consistent)
    return sp.simplify(generalized_bgk_prefactor(exponent) * sp.limit(weight * l**2, l, sp.oo))


# --------------------------------------------------------------------------- 004 text

def relative_speed(x_: sp.Expr = x) -> sp.Expr:
    """|p1 - p2| for unit vectors at opening angle arccos(x) (004 Sec. 4.4: sqrt(2(1-x)))."""
    p1 = sp.Matrix([0, 0, 1])
    p2 = sp.Matrix([sp.sqrt(1 - x_**2), 0, x_])
    return sp.sqrt(sp.simplify(((p1 - p2).T * (p1 - p2))[0, 0]))
