"""Multipole transition hierarchy and its solution (seed 003, eqs. 13, 18-21).

The ensemble-averaged power spectrum of a homogeneous dipole that is backtracked through
turbulence for a time T obeys, in the "linear multipole evolution" model of seed 003,

    dC_l/dT = -nu_l C_l + sum_l' nu_{l'->l} (2l'+1)/(2l+1) C_l',   nu_l = sum_l' nu_{l->l'}  (eq. 19)

With consecutive, hierarchical transitions (nu_{l->l+1} = nu_l, all others 0) the weighted
powers D_l = (2l+1) C_l form a pure-birth chain, dD_l/dT = -nu_l D_l + nu_{l-1} D_{l-1}, whose
Laplace transform is solved level by level and inverted by residues (Bateman's solution,
eq. 20).  With nu_l = l(l+1) nu (eq. 18) every product in eq. 20 is a ratio of factorials and
the solution becomes a spectral sum over the heat-kernel exponentials exp(-n(n+1) nu T):

    D_l(T) / D_1(0) = sum_{n=1}^{l} b_{l,n} exp(-n(n+1) nu T),
    b_{l,1} = 6/((l+1)(l+2)),  b_{l,n+1}/b_{l,n} = -(l-n)(n+2)(2n+3)/(n(2n+1)(l+n+2)).

Everything here is derived with sympy; numerics evaluate it through generated kernels.

>>> bateman_coefficient_first(l)
6/((l + 1)*(l + 2))
>>> asymptotic_ratio(l)
18/((l + 1)*(l + 2)*(2*l + 1))
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

#: multipole order, Bateman summation index, product index
l = sp.Symbol("l", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
#: relaxation rate, backtracking time, tau = nu T, Laplace variable
nu = sp.Symbol("nu", positive=True)
T = sp.Symbol("T", nonnegative=True)
tau = sp.Symbol("tau", positive=True)
s = sp.Symbol("s")
#: dimensionless multipole rate (units of nu), used by the kernels
m = sp.Symbol("m", positive=True)


# --------------------------------------------------------------------------- rates

@lru_cache(maxsize=None)
def l_squared_eigenvalue(order: sp.Expr = l) -> sp.Expr:
    """Eigenvalue of L^2 on a multipole of order ``order`` (Legendre operator, derived).

    The Legendre operator d/dx (1-x^2) d/dx applied to P_l gives -l(l+1) P_l; solved here for
    the polynomial eigen-solution of degree ``order`` (checked for the symbolic order via the
    leading coefficient).
    """
    x = sp.Symbol("x")
    a = sp.Symbol("a")
    # leading power x^l of an eigenfunction: -(d/dx (1-x^2) d/dx) x^l = a x^l + lower powers
    lead = sp.expand(-sp.diff((1 - x**2) * sp.diff(x**order, x), x))
    coeff = sp.simplify(sp.powsimp(sp.expand(lead / x**order)).coeff(x, 0))
    return sp.factor(sp.solve(sp.Eq(a, coeff), a)[0])


def multipole_rate(order: sp.Expr = l) -> sp.Expr:
    """nu_l = l(l+1) nu: decay rate of <C_l> (seed 003 eq. 18).

    C_l involves two phase-space densities, each relaxed by exp(-T nu L^2 / 2) (the exponential
    form of the averaged rotation operator, eq. 8 with nu_par = nu_perp = nu); the product of
    the two factors decays at 2 * (nu/2) * l(l+1).
    """
    return sp.expand(2 * (nu / 2) * l_squared_eigenvalue(order))


def dimensionless_rate(order: sp.Expr = l) -> sp.Expr:
    """nu_l / nu = l(l+1)."""
    return sp.expand(multipole_rate(order) / nu)


# --------------------------------------------------------------------------- eq. 19

def hierarchy_rhs(C: dict[int, sp.Expr], rates: dict[tuple[int, int], sp.Expr]) -> dict[int, sp.Expr]:
    """Right-hand side of eq. 19 for a finite set of multipoles.

    ``C`` maps l -> C_l, ``rates`` maps (l, l') -> nu_{l->l'}; nu_l is the total outflow.
    """
    out = {}
    for a in C:
        nu_a = sum((rates.get((a, b), 0) for b in C), sp.Integer(0))
        gain = sum((rates.get((b, a), 0) * sp.Rational(2 * b + 1, 2 * a + 1) * C[b] for b in C),
                   sp.Integer(0))
        out[a] = -nu_a * C[a] + gain
    return out


def conserved_power_rate(C: dict[int, sp.Expr], rates: dict[tuple[int, int], sp.Expr]) -> sp.Expr:
    """d/dT sum_l (2l+1) C_l under eq. 19 (simplifies to 0 for any finite rate matrix)."""
    rhs = hierarchy_rhs(C, rates)
    return sp.simplify(sum((2 * a + 1) * rhs[a] for a in C))


# --------------------------------------------------------------------------- eq. 20

def chain_laplace_transform(levels: int, rates: list[sp.Expr] | None = None) -> dict[int, sp.Expr]:
    """Laplace transforms D^_l(s)/D_1(0) of the consecutive chain, solved level by level.

    (s + nu_1) D^_1 = 1,  (s + nu_l) D^_l = nu_{l-1} D^_{l-1}.  ``rates`` defaults to
    independent symbols nu_1..nu_levels (general distinct rates).
    """
    rates = rates or list(sp.symbols(f"nu_1:{levels + 1}", positive=True))
    D = sp.Symbol("D")
    out = {1: sp.solve(sp.Eq((s + rates[0]) * D, 1), D)[0]}
    for a in range(2, levels + 1):
        out[a] = sp.solve(sp.Eq((s + rates[a - 1]) * D, rates[a - 2] * out[a - 1]), D)[0]
    return out


def bateman_solution(levels: int, rates: list[sp.Expr] | None = None, time: sp.Expr = T) -> dict[int, sp.Expr]:
    """D_l(T)/D_1(0) for l = 1..levels: the inverse Laplace transform by residues (eq. 20).

    The poles s = -nu_n are simple for distinct rates, so each residue is
    lim_{s -> -nu_n} (s + nu_n) e^{sT} D^_l(s).
    """
    rates = rates or list(sp.symbols(f"nu_1:{levels + 1}", positive=True))
    transforms = chain_laplace_transform(levels, rates)
    out = {}
    for a, Dhat in transforms.items():
        total = sp.Integer(0)
        for b in range(1, a + 1):
            total += sp.cancel((s + rates[b - 1]) * Dhat).subs(s, -rates[b - 1]) * sp.exp(-rates[b - 1] * time)
        out[a] = total
    return out


@lru_cache(maxsize=None)
def bateman_coefficient(order: sp.Expr = l, index: sp.Expr = n) -> sp.Expr:
    """b_{l,n} = prod_{m<l} nu_m / prod_{p<=l, p!=n} (nu_p - nu_n) for nu_m = m(m+1) nu.

    Derived from eq. 20's residue weights with sympy's products (rising factorials) and
    simplified to Gamma functions; the exponential factor exp(-nu_n T) is *not* included.
    """
    p = sp.Symbol("p", integer=True, positive=True)
    rate = lambda q: dimensionless_rate(q)  # noqa: E731 - nu cancels between numerator and denominator
    numerator = sp.product(rate(p), (p, 1, order - 1))
    below = sp.product(sp.factor(rate(p) - rate(index)), (p, 1, index - 1))
    above = sp.product(sp.factor(rate(p) - rate(index)), (p, index + 1, order))
    return sp.gammasimp(sp.combsimp(numerator / (below * above)))


@lru_cache(maxsize=None)
def bateman_coefficient_first(order: sp.Expr = l) -> sp.Expr:
    """b_{l,1} (the weight of the slowest exponential exp(-2 nu T))."""
    return sp.factor(sp.gammasimp(bateman_coefficient(order, n).subs(n, 1)))


@lru_cache(maxsize=None)
def bateman_coefficient_ratio(order: sp.Expr = l, index: sp.Expr = n) -> sp.Expr:
    """b_{l,n+1} / b_{l,n}: a rational function, for a cancellation-free recurrence."""
    b = bateman_coefficient(order, index)
    return sp.factor(sp.gammasimp(b.subs(index, index + 1) / b))


def spectral_solution(order: int, time: sp.Expr = T) -> sp.Expr:
    """D_l(T)/D_1(0) = sum_n b_{l,n} exp(-nu_n T) for a concrete order (exact coefficients)."""
    b = bateman_coefficient(l, n)
    return sum((b.subs({l: order, n: j}) * sp.exp(-multipole_rate(j) * time) for j in range(1, order + 1)),
               sp.Integer(0))


def asymptotic_ratio(order: sp.Expr = l) -> sp.Expr:
    """lim_{T->oo} C_l(T)/C_1(T) (eq. 21), derived: only the slowest exponential survives.

    C_l = D_l/(2l+1) and D_1(T) = D_1(0) exp(-nu_1 T), so the limit is b_{l,1} * 3/(2l+1).
    """
    return sp.factor(bateman_coefficient_first(order) * 3 / (2 * order + 1))


def asymptotic_ratio_numeric_limit(order: int) -> sp.Expr:
    """The same limit taken by sympy on the exact finite-T solution of a concrete order."""
    ratio = (spectral_solution(order) / (2 * order + 1)) / (spectral_solution(1) / 3)
    return sp.limit(sp.simplify(ratio.subs(nu, 1)), T, sp.oo)


def chain_residual(order: sp.Expr = l, index: sp.Expr = n) -> sp.Expr:
    """(nu_l - nu_n) b_{l,n} - nu_{l-1} b_{l-1,n}: zero iff the spectral sum solves the chain.

    Coefficient of exp(-nu_n T) in dD_l/dT + nu_l D_l - nu_{l-1} D_{l-1}, divided by nu.
    """
    b = bateman_coefficient(order, index)
    residual = ((dimensionless_rate(order) - dimensionless_rate(index)) * b
                - dimensionless_rate(order - 1) * b.subs(order, order - 1))
    return sp.simplify(sp.gammasimp(residual / b))


# --------------------------------------------------------------------------- eq. 13 vs the chain

def total_power_coefficient(index: int) -> sp.Expr:
    """sum_{l>=n} b_{l,n} for a concrete n, summed by sympy (b_{l,n} is rational in l).

    Independent of :func:`total_power_residue` (which gives the general-n result)."""
    b = sp.simplify(sp.expand_func(sp.gammasimp(bateman_coefficient(l, n).subs(n, index))))
    return sp.simplify(sp.summation(b, (l, index, sp.oo)))


@lru_cache(maxsize=None)
def first_passage_transform() -> tuple[sp.Expr, sp.Symbol]:
    """E[exp(-s S)] of the time S to reach l = oo, as a function of r = sqrt(1/4 - s).

    S = sum_m E_m/nu_m (independent exponential holding times of the pure-birth chain), so the
    transform is prod_{m>=1} m(m+1)/(m(m+1)+s) with m(m+1)+s = (m+1/2+r)(m+1/2-r).  The finite
    product to L is Gamma(L+1)Gamma(L+2)Gamma(3/2+r)Gamma(3/2-r)/(Gamma(L+3/2+r)Gamma(L+3/2-r));
    the L-dependent ratio tends to 1 (equal sums of Gamma arguments), leaving
    Gamma(3/2+r) Gamma(3/2-r).
    """
    r = sp.Symbol("r")
    half = sp.Rational(1, 2)
    assert sp.simplify((1 + 2) - ((3 * half + r) + (3 * half - r))) == 0  # Gamma(L+a)/Gamma(L+b) ~ L^(a-b)
    return sp.simplify(sp.gammasimp(sp.gamma(3 * half + r) * sp.gamma(3 * half - r))), r


@lru_cache(maxsize=None)
def total_power_residue(index: sp.Expr = n) -> sp.Expr:
    """Coefficient of exp(-n(n+1) nu T) in sum_l (2l+1) C_l(T) / (3 C~_1), any n (residues).

    sum_l D_l(T)/D_1(0) = P(S > nu T) (the chain has not yet escaped to l = oo); its Laplace
    transform (1 - E[e^{-sS}])/s has simple poles at s = -n(n+1), i.e. r = n + 1/2, whose
    residues are returned ((-1)^(n+1) (2n+1)).
    """
    transform, r = first_passage_transform()
    survival = sp.together((1 - transform) / (sp.Rational(1, 4) - r**2))  # s = 1/4 - r^2
    num, den = sp.fraction(survival)
    # d/ds = (d/dr) / (ds/dr) with ds/dr = -2r
    residue = num / (sp.diff(den, r) / (-2 * r))
    return sp.simplify(residue.subs(r, index + sp.Rational(1, 2)))


def total_power_term(index: sp.Expr = n, time_nu: sp.Expr = tau) -> sp.Expr:
    """Term n of sum_l (2l+1) C_l / (3 C~_1) = sum_n (-1)^(n+1) (2n+1) e^{-n(n+1) nu T}.

    The sign (-1)^(n+1) is written as cos(pi (n+1)) so that the kernel is real and printable.
    """
    coefficient = total_power_residue(index)
    coefficient = coefficient.subs((-1) ** index, sp.cos(sp.pi * index))
    coefficient = coefficient.replace(lambda e: e.is_Pow and e.base == -1,
                                      lambda e: sp.cos(sp.pi * e.exp))
    return coefficient * sp.exp(-dimensionless_rate(index) * time_nu)


def flux_to_higher_multipoles(levels: int) -> sp.Expr:
    """d/dT sum_{l<=L} D_l for the chain truncated at L: equals -nu_L D_L (the outflow)."""
    Ds = sp.symbols(f"D_1:{levels + 1}")
    rate = [multipole_rate(j) for j in range(1, levels + 1)]
    rhs = [-rate[0] * Ds[0]] + [-rate[j] * Ds[j] + rate[j - 1] * Ds[j - 1] for j in range(1, levels)]
    return sp.simplify(sum(rhs))


@lru_cache(maxsize=None)
def theta_poisson_transform() -> tuple[sp.Expr, sp.Expr]:
    """Small-time form of the lost power, by Poisson summation (derived with sympy).

    The total power is 1 - e^{tau/4} Theta(tau) with
    Theta(tau) = sum_{n>=0} (-1)^n (2n+1) e^{-(n+1/2)^2 tau} (this alternating series converges
    slowly for small tau).  Poisson summation of f(x) = (-1)^x (2x+1) e^{-(x+1/2)^2 tau} over
    all integers needs the Fourier integral of 2y e^{-tau y^2} e^{i omega y}, done here; the
    result is Theta(tau) = pi^(3/2) tau^(-3/2) sum_{j>=0} (-1)^j (2j+1) e^{-pi^2 (2j+1)^2/(4 tau)}.

    Returns (the Fourier transform of f at integer k, the resulting term of the dual series
    for j = k - 1 >= 0 after pairing k with 1 - k).
    """
    y = sp.Symbol("y", real=True)
    w = sp.Symbol("omega", real=True)
    kk = sp.Symbol("k", integer=True)
    # completing the square: -tau y^2 + i w y = -tau (y - i w/(2 tau))^2 - w^2/(4 tau); the shifted
    # Gaussian integrates to the real one (Cauchy), and 2y = -2i d/dw under the integral
    shift = sp.expand(-tau * (y - sp.I * w / (2 * tau)) ** 2 - w**2 / (4 * tau) - (-tau * y**2 + sp.I * w * y))
    assert shift == 0
    gaussian = sp.integrate(sp.exp(-tau * y**2), (y, -sp.oo, sp.oo)) * sp.exp(-w**2 / (4 * tau))
    fourier = (-2 * sp.I * sp.diff(gaussian, w)).subs(w, sp.pi * (1 - 2 * kk))
    # f(x) e^{-2 pi i k x} with x = y - 1/2:  (-1)^x = e^{i pi x} = -i e^{i pi y}
    fhat = sp.simplify(-sp.I * sp.exp(sp.I * sp.pi * kk) * fourier)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    # the k and 1-k terms are equal; Theta = (1/2) sum_{all k} = sum_{k>=1}
    dual_term = sp.simplify(fhat.subs(kk, j + 1))
    dual_term = sp.simplify(sp.expand(dual_term).rewrite(sp.cos))
    return fhat, dual_term


@lru_cache(maxsize=None)
def escaped_power_term(index: sp.Expr = sp.Symbol("j", integer=True, nonnegative=True),
                       time_nu: sp.Expr = tau) -> sp.Expr:
    """Term j of P(S <= nu T) = e^{tau/4} Theta(tau), the power lost to l = oo (small tau).

    Real form of e^{tau/4} times the dual (Poisson-summed) series term of
    :func:`theta_poisson_transform`, so 1 - sum_l (2l+1) C_l/(3 C~_1) = sum_j term_j.
    """
    j = sp.Symbol("j", integer=True, nonnegative=True)
    _, dual = theta_poisson_transform()
    term = sp.exp(tau / 4) * dual
    term = sp.re(sp.expand_complex(term))
    return sp.simplify(term.subs({j: index, tau: time_nu}))


# --------------------------------------------------------------------------- Laplace form
