"""Steady pitch-angle transport along a flux tube and its outer eigenproblem (seed 001, eqs. 6–11).

Eq. (6): (u + mu) df/dz = d/dmu [(1 - mu^2) D(mu) df/dmu], z in units of the scattering length
v/nu_theta, D = D_mumu/(nu_theta (1 - mu^2)), u the bulk (scattering-centre) speed in units of v.
Separating f = sum_lambda C_lambda Psi_lambda(mu) e^(-lambda z) (eq. 7) gives the spectral problem
(eq. 8)

    d/dmu [(1 - mu^2) D dPsi/dmu] + lambda (u + mu) Psi = 0,   Psi regular at mu = +-1,

with an indefinite weight u + mu: the spectrum is real, unbounded in both directions, contains
lambda = 0 (Psi = const) and, for u != 0, a small "diffusive" eigenvalue ~ -6u.  The outer
problem is D = 1 (eq. 9 at u = 0).  This module gives, as sympy objects: the equations, the
Frobenius recurrence at mu = 1 to any order (the relations Phi'(1) = lambda Phi(1)/2,
Phi''(1) = lambda Phi'(1)/4 of the text are its first two steps), the Legendre–Galerkin matrix
elements the double-precision solver uses, and the first-order correction Psi^(1) (eqs. 10, 11)
with its logarithm at mu = 1.

>>> frobenius_relations(2, u=0)[1]
lambda/2
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

mu = sp.Symbol("mu", real=True)
z = sp.Symbol("z", nonnegative=True)
lam = sp.Symbol("lambda", real=True)
u = sp.Symbol("u", real=True)
x = sp.Symbol("x", nonnegative=True)  # 1 - mu, distance from the end point mu = 1
k = sp.Symbol("k", integer=True, nonnegative=True)
n = sp.Symbol("n", integer=True, nonnegative=True)
Z_dim = sp.Symbol("Z", nonnegative=True)  # dimensional coordinate along the flux tube
nu_theta, v = sp.symbols("nu_theta v", positive=True)

Psi = sp.Function("Psi")
Phi = sp.Function("Phi")
Psi1 = sp.Function("Psi1")
Dfun = sp.Function("D")


# --------------------------------------------------------------------------- eqs. (6)-(9)

def scattering_operator(f: sp.Expr, D: sp.Expr = sp.Integer(1)) -> sp.Expr:
    """d/dmu [(1 - mu^2) D df/dmu]."""
    return sp.diff((1 - mu**2) * D * sp.diff(f, mu), mu)


def transport_residual(f: sp.Expr, D: sp.Expr = sp.Integer(1)) -> sp.Expr:
    """Eq. (6) as ``lhs - rhs``: (u + mu) df/dz - d/dmu[(1-mu^2) D df/dmu]."""
    return (u + mu) * sp.diff(f, z) - scattering_operator(f, D)


def dimensional_transport_residual() -> sp.Expr:
    """Eq. (6) from the dimensional steady equation v (u + mu) df/dZ = d/dmu D_mumu df/dmu.

    With Z = (v/nu_theta) z and D_mumu = nu_theta (1 - mu^2) D, the residual divided by
    nu_theta equals :func:`transport_residual` (the check subtracts the two: 0).
    """
    F = sp.Function("f")
    Dmm = nu_theta * (1 - mu**2) * Dfun(mu)
    fZ = F(Z_dim, mu)
    dimensional = v * (u + mu) * sp.diff(fZ, Z_dim) - sp.diff(Dmm * sp.diff(fZ, mu), mu)
    fz = sp.Function("g")(z, mu)  # g(z, mu) = f(v z/nu_theta, mu)
    dimensional = dimensional.subs(sp.Derivative(fZ, Z_dim), sp.Derivative(fz, z) * nu_theta / v)
    dimensional = dimensional.subs(fZ, fz)
    return sp.simplify(dimensional / nu_theta - transport_residual(fz, Dfun(mu)))


def eigen_operator(f: sp.Expr, eigenvalue: sp.Expr = lam, D: sp.Expr = sp.Integer(1),
                   drift: sp.Expr = u) -> sp.Expr:
    """Eq. (8): d/dmu[(1-mu^2) D df/dmu] + lambda (u + mu) f (eq. 9: D = 1, u = 0)."""
    return scattering_operator(f, D) + eigenvalue * (drift + mu) * f


def separated_mode_residual(D: sp.Expr = sp.Integer(1)) -> sp.Expr:
    """Eq. (7) mode Psi(mu) e^(-lambda z) in eq. (6), divided by -e^(-lambda z), minus eq. (8): 0."""
    mode = Psi(mu) * sp.exp(-lam * z)
    return sp.simplify(-transport_residual(mode, D) * sp.exp(lam * z) - eigen_operator(Psi(mu), lam, D))


def weighted_norm_identity() -> sp.Expr:
    """lambda int (u+mu) Phi^2 = int (1-mu^2) Phi'^2 (integrate eq. 8 times Phi by parts):
    returns the integrand identity Phi*L[Phi] - d/dmu[(1-mu^2) Phi Phi'] + (1-mu^2) Phi'^2
    - lambda (u+mu) Phi^2 (identically 0), so U(1) = int (u+mu) Phi^2 > 0 when lambda > 0."""
    f = Phi(mu)
    return sp.simplify(f * eigen_operator(f) - sp.diff((1 - mu**2) * f * sp.diff(f, mu), mu)
                       + (1 - mu**2) * sp.diff(f, mu) ** 2 - lam * (u + mu) * f**2)


# --------------------------------------------------------------------------- Frobenius at mu = 1

@lru_cache(maxsize=None)
def indicial_exponents() -> tuple[sp.Expr, ...]:
    """Exponents r of (1-mu)^r at mu = 1 for D = 1: a double root 0 (regular + logarithmic)."""
    r = sp.Symbol("r")
    lowest = eigen_operator((1 - mu) ** r).subs(mu, 1 - x) * x ** (1 - r)
    lowest = sp.expand(sp.powsimp(sp.expand(lowest), force=True))
    indicial = sp.simplify(lowest.subs(x, 0))
    return tuple(sp.roots(sp.Poly(indicial, r), multiple=True))


@lru_cache(maxsize=None)
def frobenius_recurrence() -> sp.Expr:
    """a_{k+1} as a function of (k, a_k, a_{k-1}, lambda, u) for Psi = sum_k a_k (1-mu)^k (D = 1).

    Obtained by applying the operator of eq. (8), written in x = 1 - mu, to x^j: the result is
    x^(j-1) (c0(j) + c1(j) x + c2(j) x^2); the coefficient of x^k of sum_j a_j L[x^j] vanishes.
    """
    j = sp.Symbol("j", integer=True, nonnegative=True)
    a_next, a_k, a_prev = sp.symbols("a_next a_k a_prev")
    in_x = eigen_operator((1 - mu) ** j).subs(mu, 1 - x) / x ** (j - 1)
    in_x = sp.expand(sp.powsimp(sp.expand(in_x), force=True))
    c = [sp.simplify(in_x.coeff(x, p)) for p in range(3)]
    equation = a_next * c[0].subs(j, k + 1) + a_k * c[1].subs(j, k) + a_prev * c[2].subs(j, k - 1)
    return sp.factor(sp.solve(equation, a_next)[0])


@lru_cache(maxsize=None)
def frobenius_coefficients(order: int, drift: sp.Expr = u) -> dict[int, sp.Expr]:
    """{k: a_k/a_0} of the solution regular at mu = 1, k = 0..order (exact in lambda, u)."""
    rec = frobenius_recurrence()
    a_next, a_k, a_prev = sp.symbols("a_next a_k a_prev")
    coeffs = {0: sp.Integer(1)}
    for m in range(order):
        prev = coeffs[m - 1] if m >= 1 else sp.Integer(0)
        coeffs[m + 1] = sp.factor(rec.subs({k: m, a_k: coeffs[m], a_prev: prev, u: drift}))
    return coeffs


def frobenius_relations(order: int, u: sp.Expr = u) -> dict[int, sp.Expr]:
    """{m: Phi^(m)(1)/Phi^(m-1)(1)}: the text's Phi'(1) = lambda Phi(1)/2 and
    Phi''(1) = lambda Phi'(1)/4 are m = 1, 2 at u = 0.

    >>> frobenius_relations(2, u=0)[2]
    lambda/4
    """
    coeffs = frobenius_coefficients(order, u)
    derivs = {m: (-1) ** m * sp.factorial(m) * coeffs[m] for m in coeffs}  # d/dmu = -d/dx
    return {m: sp.factor(derivs[m] / derivs[m - 1]) for m in range(1, order + 1)}


# --------------------------------------------------------------------------- Legendre-Galerkin

@lru_cache(maxsize=None)
def legendre_galerkin_elements() -> dict[str, sp.Lambda]:
    """Matrix elements of eq. (8) (D = 1) in orthonormal Legendre functions p_n = sqrt(n+1/2) P_n.

    ``stiffness(n)`` = -int p_n L[p_n] = n (n + 1) (Legendre's equation, diagonal);
    ``jacobi(n)`` = int mu p_n p_{n+1} = (n + 1)/sqrt((2n + 1)(2n + 3)) (three-term recurrence).
    Both closed forms are confirmed against direct integration by
    :func:`confirm_legendre_galerkin_elements`.
    """
    stiffness = sp.Lambda(n, n * (n + 1))
    jacobi = sp.Lambda(n, (n + 1) / sp.sqrt((2 * n + 1) * (2 * n + 3)))
    return {"stiffness": stiffness, "jacobi": jacobi,
            "value_at_1": sp.Lambda(n, sp.sqrt(n + sp.Rational(1, 2)))}


def confirm_legendre_galerkin_elements(count: int = 8) -> bool:
    """Direct sympy integration of the elements for n < ``count`` against the closed forms."""
    el = legendre_galerkin_elements()
    stiffness, jacobi = el["stiffness"], el["jacobi"]
    for m in range(count):
        pm = sp.sqrt(sp.Rational(2 * m + 1, 2)) * sp.legendre(m, mu)
        pm1 = sp.sqrt(sp.Rational(2 * m + 3, 2)) * sp.legendre(m + 1, mu)
        if sp.simplify(-sp.integrate(pm * scattering_operator(pm), (mu, -1, 1)) - stiffness(m)) != 0:
            raise AssertionError(f"Legendre stiffness element n={m}")
        if sp.simplify(sp.integrate(mu * pm * pm1, (mu, -1, 1)) - jacobi(m)) != 0:
            raise AssertionError(f"Legendre Jacobi element n={m}")
        if sp.simplify(pm.subs(mu, 1) - el["value_at_1"](m)) != 0:
            raise AssertionError(f"Legendre value at 1, n={m}")
    return True


# --------------------------------------------------------------------------- eqs. (10), (11)

def first_order_equation() -> sp.Expr:
    """Eq. (10): the O(delta lambda) part of eq. (8) with D = 1, lambda = lambda0 + dl:
    L0[Psi1] + (u + mu) Phi, where L0 = eq. (9)'s operator (must vanish)."""
    dl, lam0 = sp.symbols("delta_lambda lambda0")
    full = eigen_operator(Phi(mu) + dl * Psi1(mu), lam0 + dl)
    first = sp.expand(full).coeff(dl, 1)
    return sp.simplify(first)


@lru_cache(maxsize=None)
def first_order_start() -> sp.Expr:
    """c in Psi1 = c (1 + mu) + O((1+mu)^2), the solution of eq. (10) regular at mu = -1 with
    Psi1(-1) = 0: the lowest power of (1 + mu) in eq. (10) gives c = (1 - u) Phi(-1)/2
    (``Phi_m1`` stands for Phi(-1)).

    >>> first_order_start()
    -Phi_m1*(u - 1)/2
    """
    c, phi_m1 = sp.symbols("c Phi_m1")
    residual = first_order_equation().subs(Psi1(mu), c * (1 + mu)).subs(Phi(mu), phi_m1).doit()
    return sp.factor(sp.solve(residual.subs(mu, -1), c)[0])


def weighted_integral(upper: sp.Expr = mu) -> sp.Expr:
    """U(mu) = int_{-1}^{mu} (u + t) Phi(t)^2 dt (the text's U at u = 0)."""
    tt = sp.Symbol("t", real=True)
    return sp.Integral((u + tt) * Phi(tt) ** 2, (tt, -1, upper))


def first_order_solution() -> sp.Expr:
    """Eq. (11): Psi1 = -Phi(mu) int_{-1}^{mu} U(s) ds / (Phi(s)^2 (1 - s^2)) (reduction of order,
    regular at mu = -1).  Past a zero mu_0 of Phi the integral is a Hadamard finite part (Phi times
    it stays smooth); numerically Psi1 is continued through eq. (10) itself."""
    ss_ = sp.Symbol("s", real=True)
    return -Phi(mu) * sp.Integral(weighted_integral(ss_) / (Phi(ss_) ** 2 * (1 - ss_**2)),
                                  (ss_, -1, mu))


def first_order_solution_residual() -> sp.Expr:
    """Eq. (10) applied to eq. (11), with Phi'' eliminated through eq. (9): simplifies to 0.

    Written with V(mu) for the integral of eq. (11) and U(mu) for the weighted integral, whose
    derivatives are V' = U/(Phi^2 (1-mu^2)) and U' = (u + mu) Phi^2 (fundamental theorem).
    """
    V, U = sp.Function("V"), sp.Function("U")
    residual = eigen_operator(-Phi(mu) * V(mu)) + (u + mu) * Phi(mu)
    v1 = U(mu) / (Phi(mu) ** 2 * (1 - mu**2))
    residual = residual.subs(sp.Derivative(V(mu), (mu, 2)), sp.diff(v1, mu))
    residual = residual.subs(sp.Derivative(V(mu), mu), v1)
    residual = residual.subs(sp.Derivative(U(mu), mu), (u + mu) * Phi(mu) ** 2)
    phi_pp = sp.solve(eigen_operator(Phi(mu)), sp.Derivative(Phi(mu), (mu, 2)))[0]
    residual = residual.subs(sp.Derivative(Phi(mu), (mu, 2)), phi_pp)
    return sp.simplify(sp.expand(residual))


def endpoint_log_coefficient() -> sp.Expr:
    """c in Psi1 = c ln(1 - mu) + O(1) as mu -> 1: c = U(1)/(2 Phi(1)).

    From eq. (11): Psi1' = -Phi' V - Phi V' with V' = U/(Phi^2 (1-mu^2)) ~ U(1)/(2 Phi(1)^2 (1-mu)).
    """
    U1, Phi1 = sp.symbols("U_1 Phi_1")
    Vprime_near_1 = sp.limit(U1 / (Phi1**2 * (1 - mu) * (1 + mu)) * (1 - mu), mu, 1)
    # Psi1 ~ -Phi(1) * integral of Vprime ~ -Phi(1) * Vprime_near_1 * (-ln(1-mu))
    return sp.simplify(Phi1 * Vprime_near_1)
