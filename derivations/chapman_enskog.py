"""Chapman–Enskog reduction of focused pitch-angle transport (seed 000, Sec. III, eqs. 6–12).

Equation (6), with ``L = d/dmu (1 - mu^2) D(mu) d/dmu`` and ``<.> = (1/2) int_{-1}^{1} . dmu``::

    df/dt - L f = -eps [ mu df/dz + (sigma/2) (1 - mu^2) df/dmu ].

Multi-time expansion (eq. 7) ``d/dt = sum_k eps^k d/dt_k`` and ``f = sum_n eps^n f_n`` give the
hierarchy (eq. 8), :func:`hierarchy_equations`.  Its *normal* solution keeps only the
isotropic part ``f0 = <f>`` as unknown: ``f_n = phi_n(mu; d_z, sigma) f0`` with ``<phi_n> = 0``
and ``d f0/dt_k = gamma_k(d_z, sigma) f0``.  Order ``n`` of the hierarchy then reads

    L phi_n = B phi_{n-1} + sum_{k=1}^{n} gamma_k phi_{n-k},   B = d_z mu + (sigma/2)(1-mu^2) d/dmu,

solvability (``<L phi> = 0``: no flux through mu = +-1) gives ``gamma_n = -<B phi_{n-1}>``, and
regularity at ``mu = -1`` fixes the flux ``G_n = (1-mu^2) D dphi_n/dmu = int_{-1}^{mu} (rhs)``;
solvability is exactly ``G_n(1) = 0``.  The isotropic equation is
``d f0/dt = sum_n eps^n gamma_n(d_z, sigma) f0`` (eq. 9): no higher time derivatives appear.

:func:`chapman_enskog` runs this recursion in any *function algebra* (a small duck-typed
interface); this module provides :class:`PolynomialAlgebra` (exact rationals whenever 1/D is a
polynomial in mu, e.g. D = 1), :mod:`.chapman_enskog_iterated` provides the algebra for a
*symbolic* D(mu), and :mod:`cranisotropy.numerics.chapman_enskog` a high-precision numerical one.

>>> gammas = isotropic_equation(sp.Integer(1), order=4)
>>> gammas[2], gammas[4]
(d_z**2/6, -11*d_z**4/1080)
"""
from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import sympy as sp
from sympy.polys.rings import ring

from cranisotropy.derivations.pitch_angle import mu, scattering_operator

z = sp.Symbol("z", real=True)
t = sp.Symbol("t", real=True)
eps = sp.Symbol("epsilon", positive=True)
sigma = sp.Symbol("sigma", real=True)
#: the operator d/dz acting on f0 (results are polynomials in d_z and sigma)
d_z = sp.Symbol("d_z")
#: slow time of eqs. (10)-(12): T = eps^2 t / 4
T_slow = sp.Symbol("T", positive=True)


# --------------------------------------------------------------------------- eqs. (6)-(8)

def kinetic_equation(f: sp.Expr, D: sp.Expr) -> sp.Expr:
    """Left minus right-hand side of eq. (6) for a given f(mu, z, t) (zero for a solution)."""
    return (sp.diff(f, t) - scattering_operator(f, D)
            + eps * (mu * sp.diff(f, z) + sigma / 2 * (1 - mu**2) * sp.diff(f, mu)))


def time_scales(order: int) -> tuple[sp.Symbol, ...]:
    """Formally independent times t_0, ..., t_order of eq. (7)."""
    return sp.symbols(f"t_0:{order + 1}", real=True)


def hierarchy_equations(order: int, D: sp.Expr | None = None) -> dict[int, sp.Eq]:
    """Eq. (8), derived: insert f = sum eps^n f_n and d/dt = sum eps^k d/dt_k (eq. 7) into
    eq. (6) and collect powers of eps.  Returns {n: Eq(df_n/dt_0 - L f_n, L_{n-1}[f])}.

    >>> eqs = hierarchy_equations(1)
    >>> eqs[1].rhs.has(sp.Derivative)
    True
    """
    D = sp.Function("D")(mu) if D is None else D
    ts = time_scales(order)
    fs = [sp.Function(f"f_{n}")(mu, z, *ts) for n in range(order + 1)]
    f = sum(eps**n * fn for n, fn in enumerate(fs))
    dt = sum(eps**k * sp.diff(f, tk) for k, tk in enumerate(ts))
    lhs = sp.expand(dt - scattering_operator(f, D)
                    + eps * (mu * sp.diff(f, z) + sigma / 2 * (1 - mu**2) * sp.diff(f, mu)))
    out = {}
    for n in range(order + 1):
        coeff = lhs.coeff(eps, n)
        left = sp.diff(fs[n], ts[0]) - scattering_operator(fs[n], D)
        out[n] = sp.Eq(left, sp.expand(left - coeff))
    return out


# --------------------------------------------------------------------------- the recursion

class FunctionAlgebra(Protocol):
    """What :func:`chapman_enskog` needs from a representation of functions of mu whose
    coefficients are polynomials in d_z (``p``) and sigma (``s``)."""

    p: object
    s: object

    def one(self): ...
    def scale(self, f, c): ...               # c: a coefficient (polynomial in p, s)
    def add(self, f, g): ...
    def mul(self, f, g): ...                 # pointwise product
    def mu(self, f): ...                     # mu * f
    def integrate(self, f): ...              # int_{-1}^{mu} f
    def r_integrate(self, f): ...            # int_{-1}^{mu} f / D
    def r_integrate_div(self, f): ...        # int_{-1}^{mu} f / ((1 - mu^2) D), f(+-1) = 0
    def average(self, f): ...                # <f> as a mu-independent function
    def at_one(self, f): ...                 # f(1) as a mu-independent function
    def is_zero(self, f) -> bool: ...


def chapman_enskog(alg: FunctionAlgebra, order: int, check: bool = True):
    """Solve the hierarchy (eq. 8) to ``order`` in the algebra ``alg``.

    Returns ``(gamma, phi, flux)``: dicts by order of the rates gamma_n (mu-independent
    functions of the algebra, polynomials in p = d_z and s = sigma), the anisotropic parts
    phi_n (f_n = phi_n f0, <phi_n> = 0) and the fluxes G_n = (1 - mu^2) D dphi_n/dmu.
    With ``check``, solvability G_n(1) = 0 is asserted at every order.
    """
    p, s = alg.p, alg.s
    half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
    phi, flux, gamma = {0: alg.one()}, {}, {}
    for n in range(1, order + 1):
        # gamma_n = -<B phi_{n-1}>;  <(s/2)(1-mu^2) phi'> = (s/4) int G r dmu
        g = alg.scale(alg.average(alg.mu(phi[n - 1])), -p)
        if n > 1:
            g = alg.add(g, alg.scale(alg.at_one(alg.r_integrate(flux[n - 1])), -s * quarter))
        gamma[n] = g
        # G_n = int_{-1}^{mu} [B phi_{n-1} + sum_k gamma_k phi_{n-k}]
        G = alg.scale(alg.integrate(alg.mu(phi[n - 1])), p)
        if n > 1:
            G = alg.add(G, alg.scale(alg.r_integrate(flux[n - 1]), s * half))
        for k in range(1, n + 1):
            G = alg.add(G, alg.mul(gamma[k], alg.integrate(phi[n - k])))
        if check and not alg.is_zero(alg.at_one(G)):
            raise ArithmeticError(f"solvability G_{n}(1) = 0 violated at order {n}")
        flux[n] = G
        raw = alg.r_integrate_div(G)
        phi[n] = alg.add(raw, alg.scale(alg.average(raw), -1))
    return gamma, phi, flux


# --------------------------------------------------------------------------- exact algebra

_COEFF_RING, _P, _S = ring("p,s", sp.QQ)


class PolynomialAlgebra:
    """Exact algebra when 1/D is a polynomial in mu: functions are polynomials in mu (lists of
    coefficients, lowest power first) over QQ[p, s].  Everything stays polynomial because
    G(+-1) = 0 makes G/(1 - mu^2) a polynomial (exact division, checked)."""

    p, s = _P, _S

    def __init__(self, inverse_D: sp.Expr):
        poly = sp.Poly(sp.expand(inverse_D), mu)
        if poly.domain not in (sp.ZZ, sp.QQ):
            raise ValueError(f"1/D must have rational coefficients, got {inverse_D}")
        self.r = [_COEFF_RING(sp.QQ.from_sympy(c)) for c in reversed(poly.all_coeffs())]

    # functions: list of ring elements, index = power of mu
    def one(self):
        return [_COEFF_RING(1)]

    @staticmethod
    def _trim(f):
        while len(f) > 1 and not f[-1]:
            f = f[:-1]
        return f

    def scale(self, f, c):
        c = _COEFF_RING(c) if not hasattr(c, "ring") else c
        return self._trim([a * c for a in f])

    def add(self, f, g):
        n = max(len(f), len(g))
        zero = _COEFF_RING(0)
        return self._trim([(f[i] if i < len(f) else zero) + (g[i] if i < len(g) else zero)
                           for i in range(n)])

    def mul(self, f, g):
        out = [_COEFF_RING(0)] * (len(f) + len(g) - 1)
        for i, a in enumerate(f):
            if a:
                for j, b in enumerate(g):
                    out[i + j] += a * b
        return self._trim(out)

    def mu(self, f):
        return self._trim([_COEFF_RING(0)] + list(f))

    def integrate(self, f):
        F = [_COEFF_RING(0)] + [a * sp.QQ(1, i + 1) for i, a in enumerate(f)]
        F[0] = -self._value(F, -1)
        return self._trim(F)

    def r_integrate(self, f):
        return self.integrate(self.mul(f, self.r))

    def r_integrate_div(self, f):
        return self.integrate(self._divide_1_minus_mu2(self.mul(f, self.r)))

    def _divide_1_minus_mu2(self, f):
        # f = (1 - mu^2) h  <=>  f_k = h_k - h_{k-2}: solve from the top, then verify exactly
        zero = _COEFF_RING(0)
        h = [zero] * max(len(f) - 2, 1)
        for k in range(len(f) - 1, 1, -1):
            h[k - 2] = (h[k] if k < len(h) else zero) - f[k]
        if self.add(self.mul(h, [_COEFF_RING(1), zero, _COEFF_RING(-1)]), self.scale(f, -1)) != [zero]:
            raise ArithmeticError("flux not divisible by 1 - mu^2 (solvability failed)")
        return self._trim(h)

    @staticmethod
    def _value(f, x):
        return sum((a * x**i for i, a in enumerate(f)), _COEFF_RING(0))

    def average(self, f):
        F = [_COEFF_RING(0)] + [a * sp.QQ(1, i + 1) for i, a in enumerate(f)]
        return [(self._value(F, 1) - self._value(F, -1)) * sp.QQ(1, 2)]

    def at_one(self, f):
        return [self._value(f, 1)]

    def is_zero(self, f):
        return not any(f)

    def as_expr(self, f):
        """A function of the algebra as a sympy expression in mu, d_z, sigma."""
        return sp.Add(*[a.as_expr(d_z, sigma) * mu**i for i, a in enumerate(f)])


def polynomial_inverse(D: sp.Expr) -> sp.Expr | None:
    """1/D as a polynomial in mu with rational coefficients, or None if it is not one.

    >>> polynomial_inverse(2 / (2 + mu))
    mu/2 + 1
    """
    inv = sp.cancel(sp.together(1 / sp.sympify(D)))
    if inv.free_symbols - {mu}:
        return None
    try:
        poly = sp.Poly(inv, mu)
    except sp.PolynomialError:
        return None
    if poly.domain not in (sp.ZZ, sp.QQ):
        return None
    return sp.expand(inv)


@lru_cache(maxsize=32)
def _exact_gammas(inverse_D: sp.Expr, order: int) -> tuple[sp.Expr, ...]:
    alg = PolynomialAlgebra(inverse_D)
    gamma, _, _ = chapman_enskog(alg, order)
    return tuple(alg.as_expr(gamma[n]) for n in range(1, order + 1))


def isotropic_equation(D: sp.Expr, order: int = 4, focusing: bool = False) -> dict[int, sp.Expr]:
    """Right-hand side of d f0/dt = sum_n eps^n gamma_n f0 (eq. 9), exact, by order:
    ``{n: gamma_n(d_z[, sigma])}`` for a D(mu) whose inverse is a polynomial with rational
    coefficients (raises ValueError otherwise; see :mod:`.chapman_enskog_iterated` for a
    symbolic D and :mod:`cranisotropy.numerics.chapman_enskog` for any D, numerically).

    >>> isotropic_equation(sp.Integer(1), 2, focusing=True)[2]
    d_z**2/6 + d_z*sigma/6
    """
    inv = polynomial_inverse(D)
    if inv is None:
        raise ValueError(f"1/D is not a polynomial in mu with rational coefficients: D = {D}")
    gam = _exact_gammas(inv, order)
    out = {n: sp.expand(g) for n, g in enumerate(gam, start=1)}
    if not focusing:
        out = {n: g.subs(sigma, 0) for n, g in out.items()}
    return out


def series_coefficients(gammas: dict[int, sp.Expr]) -> dict[int, sp.Expr]:
    """c_n of d f0/dt = sum_n c_n eps^n d^n f0/dz^n (sigma = 0) from gamma_n(d_z)."""
    return {n: sp.expand(g.subs(sigma, 0)).coeff(d_z, n) for n, g in gammas.items()}


# --------------------------------------------------------------------------- eqs. (10)-(12)

def transport_coefficients(c: dict[int, sp.Expr]) -> dict[str, sp.Expr]:
    """kappa, K and tau of eqs. (10)-(12) from the series coefficients c_n (sigma = 0).

    In the slow time T = eps^2 t/4, d f0/dT = (4/eps^2) sum c_n eps^n d_z^n f0, so
    kappa = 4 c_2 and -eps^2 K = 4 eps^2 c_4.  The telegraph form (12) replaces d_z^4 f0 by
    d_T^2 f0 / kappa^2 (valid to the same order), giving tau = eps^2 K / kappa^2 in units of T,
    i.e. tau_t = 4 K / kappa^2 in the time unit of eq. (6) (independent of eps).

    >>> transport_coefficients({2: sp.Rational(1, 6), 4: sp.Rational(-11, 1080)})["tau_slow"]
    11/120
    """
    kappa = 4 * c[2]
    K = -4 * c[4]
    return {"kappa": sp.nsimplify(kappa) if kappa.is_Rational else kappa,
            "hyperdiffusion": K,
            "tau_slow": sp.simplify(K / kappa**2),         # tau / eps^2, slow time T
            "tau_t": sp.simplify(4 * K / kappa**2)}        # telegraph time in units of eq. (6)


def slow_time_equation(c: dict[int, sp.Expr], order: int = 4) -> sp.Expr:
    """Eq. (10): d f0/dT as a polynomial in d_z (T = eps^2 t/4), from the c_n."""
    return sp.expand(sum(4 * eps**(n - 2) * c[n] * d_z**n for n in range(1, order + 1) if n in c))


def telegraph_dispersion(kappa: sp.Expr, tau: sp.Expr, k: sp.Expr) -> sp.Expr:
    """Slow root Gamma_T(k) of tau Gamma^2 + Gamma + kappa k^2 = 0 (eq. 12 for e^{ikz + Gamma T})."""
    return (-1 + sp.sqrt(1 - 4 * tau * kappa * k**2)) / (2 * tau)
