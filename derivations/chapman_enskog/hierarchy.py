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
polynomial in mu, e.g. D = 1), :mod:`.iterated` provides the algebra for a
*symbolic* D(mu), and :mod:`cranisotropy.numerics.chapman_enskog.series` a high-precision numerical one.

>>> gammas = isotropic_equation(sp.Integer(1), order=4)
>>> gammas[2], gammas[4]
(d_z**2/6, -11*d_z**4/1080)
"""
from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import sympy as sp
from sympy.polys.rings import ring

from cranisotropy.derivations.chapman_enskog.pitch_angle import eps, mu, scattering_operator, sigma, z

t = sp.Symbol("t", real=True)
#: the operator d/dz acting on f0 (results are polynomials in d_z and sigma)
d_z = sp.Symbol("d_z")


# --------------------------------------------------------------------------- eqs. (6)-(8)

def kinetic_equation(f: sp.Expr, D: sp.Expr, time_derivative: sp.Expr | None = None) -> sp.Expr:
    """Left minus right-hand side of eq. (6) for f(mu, z, ...) (zero for a solution);
    ``time_derivative`` replaces df/dt (default: the derivative in t)."""
    dt = sp.diff(f, t) if time_derivative is None else time_derivative
    # seed 000 eq. (6)
    return (dt - scattering_operator(f, D)
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
    ts = time_scales(order)  # seed 000 eq. (7)
    fs = [sp.Function(f"f_{n}")(mu, z, *ts) for n in range(order + 1)]
    f = sum(eps**n * fn for n, fn in enumerate(fs))
    lhs = sp.expand(kinetic_equation(f, D, sum(eps**k * sp.diff(f, tk) for k, tk in enumerate(ts))))
    out = {}
    for n in range(order + 1):
        coeff = lhs.coeff(eps, n)  # seed 000 eq. (8)
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
    inv = sp.cancel(sp.together(1 / sp.sympify(D)))  # safe-input-checked: D is a sympy object
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
    coefficients (raises ValueError otherwise; see :mod:`.iterated` for a
    symbolic D and :mod:`cranisotropy.numerics.chapman_enskog.series` for any D, numerically).

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


# --------------------------------------------------------------------------- functionals of eq. (9)

#: primitives of the integral forms: W' = r, <W> = 0; U' = (1 - mu^2) r, U(-1) = 0; r = 1/D
W, U, r = sp.symbols("W U r")
kappa = sp.Symbol("kappa")
#: the functionals through which eqs. (9) and (11) are written: name -> integrand of <.>
#: (kappa = U(1)/2 is the one primitive constant).  B's numerator vanishes at mu = -1 and +1.
FUNCTIONALS: dict[str, sp.Expr] = {  # seed 000 eqs. (9), (11)
    "M": mu * W**2,                                          # <mu W^2>
    "A": W**2 * (kappa - (1 - mu**2) * r),                   # <W^2 (kappa - U')>
    "B": (kappa * (1 + mu) - U)**2 * r / (1 - mu**2),        # <[kappa(1+mu) - U]^2/(D(1-mu^2))>
}
FUNCTIONAL_TEXT = {
    "kappa": "kappa = U(1)/2,  U' = (1 - mu^2)/D,  U(-1) = 0",
    "M": "M = <mu W^2>,  W' = 1/D,  <W> = 0",
    "A": "A = <W^2 (kappa - U')>",
    "B": "B = <[kappa (1 + mu) - U]^2 / (D (1 - mu^2))>",
}


def split_integrand(integrand: sp.Expr) -> list[tuple[int, int, sp.Expr]]:
    """Terms (e, d, rest) of an integrand = sum rest * r^e / (1 - mu^2)^d, rest polynomial in
    W, U, kappa, mu (the three kinds of average an algebra can take: e, d in {0, 1})."""
    out = []
    for term in sp.Add.make_args(sp.expand(integrand)):
        powers = term.as_powers_dict()
        e = int(powers.pop(r, 0))
        d = 0
        for base in list(powers):
            if sp.expand(base - (1 - mu**2)) == 0 or sp.expand(base + (1 - mu**2)) == 0:
                d = -int(powers.pop(base))
                if sp.expand(base + (1 - mu**2)) == 0:
                    powers[sp.Integer(-1)] = powers.get(sp.Integer(-1), 0) + d
        rest = sp.Mul(*[b**x for b, x in powers.items()])
        if e not in (0, 1) or d not in (0, 1) or (d and not e):
            raise ValueError(f"unsupported integrand term {term}")
        out.append((e, d, rest))
    return out


def group_integrand(integrand: sp.Expr) -> dict[tuple[int, int], sp.Expr]:
    """{(e, d): rest} collecting :func:`split_integrand` by kind (a divergent-looking piece,
    e.g. of B, is only integrable together with the others of its kind)."""
    out: dict = {}
    for e, d, rest in split_integrand(integrand):
        out[(e, d)] = out.get((e, d), 0) + rest
    return out


t_half = sp.Symbol("t", positive=True)


class _Halves:
    """Closed-form algebra for a power-law D(+-t) = c_+- t^alpha (t > 0, 0 <= alpha < 1):
    a function of mu is a pair of generalized polynomials {exponent: coefficient} in t for
    mu = +t and mu = -t; averages with 1/(1 - mu^2) give digamma values (Gauss' theorem)."""

    def __init__(self, alpha, c_plus, c_minus):
        self.alpha, self.c = alpha, (c_plus, c_minus)

    @staticmethod
    def _mul(f, g):
        out: dict = {}
        for a, x in f.items():
            for b, y in g.items():
                out[a + b] = out.get(a + b, 0) + x * y
        return out

    @staticmethod
    def _add(f, g, scale=1):
        out = dict(f)
        for a, x in g.items():
            out[a] = out.get(a, 0) + scale * x
        return out

    @staticmethod
    def _int0(f):   # int_0^t
        return {a + 1: x / (a + 1) for a, x in f.items()}

    @staticmethod
    def _at1(f):
        return sum(f.values())

    def const(self, c):
        return ({0: c}, {0: c})

    def mu(self):
        return ({1: sp.Integer(1)}, {1: sp.Integer(-1)})

    def r(self):
        return tuple({-self.alpha: 1 / c} for c in self.c)

    def mul(self, f, g):
        return (self._mul(f[0], g[0]), self._mul(f[1], g[1]))

    def add(self, f, g, scale=1):
        return (self._add(f[0], g[0], scale), self._add(f[1], g[1], scale))

    def running(self, f):
        """F(mu) = int_{-1}^{mu} f:  F(-t) = I_-(1) - I_-(t),  F(t) = I_-(1) + I_+(t)."""
        ip, im = self._int0(f[0]), self._int0(f[1])
        base = self._at1(im)
        return (self._add({0: base}, ip), self._add({0: base}, im, -1))

    def average(self, f):
        return (self._at1(self._int0(f[0])) + self._at1(self._int0(f[1]))) / 2

    def average_div(self, f):
        """<f / (1 - mu^2)> for f vanishing at mu = +-1: -(1/4) sum c_a psi((a+1)/2) per half."""
        total = 0
        for half in f:
            if tidy(sum(half.values())) != 0:
                raise ArithmeticError("integrand does not vanish at mu = +-1: <f/(1-mu^2)> diverges")
            total += -sum(c * sp.digamma((a + 1) / 2) for a, c in half.items()) / 2
        return sp.expand_func(total) / 2

    def primitives(self):
        one, r = self.const(sp.Integer(1)), self.r()
        Wraw = self.running(r)
        Wf = self.add(Wraw, self.const(self.average(Wraw)), -1)
        Uf = self.running(self.mul(self.add(one, self.mul(self.mu(), self.mu()), -1), r))
        kap = self._at1(Uf[0]) / 2
        return Wf, Uf, kap

    def functional(self, integrand, prims):
        Wf, Uf, kap = prims
        total = 0
        for (e, d), rest in group_integrand(integrand).items():
            poly = sp.Poly(rest.subs(kappa, kap), W, U, mu)
            f = self.const(sp.Integer(0))
            for (a, b, c), coeff in zip(poly.monoms(), poly.coeffs()):
                term = self.const(coeff)
                for base, power in ((Wf, a), (Uf, b), (self.mu(), c)):
                    for _ in range(power):
                        term = self.mul(term, base)
                f = self.add(f, term)
            if e:
                f = self.mul(f, self.r())
            total += self.average_div(f) if d else self.average(f)
        return total


def power_law_exponent(D: sp.Expr):
    """(alpha, c_+, c_-) when D(+-t) = c_+- t^alpha for t > 0 with rational 0 <= alpha < 1."""
    parts = []
    for sgn in (1, -1):
        # D is a sympy object: user text is parsed by core.safe_expr before it gets here
        e = sp.powsimp(sp.expand_power_base(sp.sympify(D).subs(mu, sgn * t_half), force=True))  # safe-input-checked
        c, a = e.as_coeff_exponent(t_half)
        if c.has(t_half) or not (c.is_positive and c.is_number) or not a.is_Rational:
            return None
        parts.append((a, c))
    (a1, c1), (a2, c2) = parts
    if a1 != a2 or not 0 <= a1 < 1 or a1.q > 12:  # (Gauss' digamma sums grow with the denominator)
        return None
    return a1, c1, c2


def closed_form_functionals(D: sp.Expr) -> dict[str, sp.Expr] | None:
    """kappa, M, A, B in closed form for a power law D(+-t) = c_+- |t|^alpha (else None;
    a functional whose closed form is longer than MAX_CLOSED_FORM_OPS is left out).

    >>> closed_form_functionals(sp.Abs(mu) ** sp.Rational(1, 2))["kappa"]
    8/5
    """
    law = power_law_exponent(D)
    if law is None:
        return None
    h = _Halves(*law)
    prims = h.primitives()
    out = {"kappa": tidy(prims[2])}
    for name, integrand in FUNCTIONALS.items():
        value = tidy(h.functional(integrand, prims))
        # (long Gauss sums of cos * log sin are exact but unreadable: numbers instead)
        if sp.count_ops(value) <= MAX_CLOSED_FORM_OPS:
            out[name] = value
    return out


#: closed forms longer than this (sympy count_ops) are not offered
MAX_CLOSED_FORM_OPS = 60


def tidy(expr: sp.Expr) -> sp.Expr:
    """Cheap canonical form of an exact constant: logarithms of integers split into logs of
    primes, then expanded (no ``simplify``: too slow on long digamma sums)."""
    expr = sp.expand_log(sp.sympify(expr), force=True)  # safe-input-checked: sympy object
    expr = expr.replace(
        lambda e: isinstance(e, sp.log) and e.args[0].is_Integer and e.args[0] > 1,
        lambda e: sp.Add(*[k * sp.log(p) for p, k in sp.factorint(e.args[0]).items()]))
    return sp.expand(expr)


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
    kappa = 4 * c[2]   # seed 000 eq. (10)
    K = -4 * c[4]      # seed 000 eq. (11)
    return {"kappa": kappa, "hyperdiffusion": K,
            "tau_slow": tidy(K / kappa**2),                # seed 000 eq. (12): tau/eps^2, time T
            "tau_t": tidy(4 * K / kappa**2)}               # telegraph time in units of eq. (6)


def diffusion_integral(D: sp.Expr) -> sp.Expr:
    """kappa as the integral that defines it: kappa = U(1)/2 = (1/2) int_{-1}^{1} (1 - mu^2)/D dmu
    (unevaluated; ``.doit()`` evaluates it).  That kappa = 4 c_2 is derived, not assumed: the
    symbolic-D hierarchy gives gamma_2 = kappa d_z (d_z + sigma)/4 as an identity for every D
    (:func:`cranisotropy.derivations.chapman_enskog.iterated.compact_isotropic_equation`).

    >>> diffusion_integral(sp.Integer(1)).doit()
    2/3
    """
    return sp.Integral((1 - mu**2) / D, (mu, -1, 1)) / 2  # U(1)/2, U' = (1 - mu^2)/D, U(-1) = 0


def slow_time_equation(c: dict[int, sp.Expr], order: int = 4) -> sp.Expr:
    """Eq. (10): d f0/dT as a polynomial in d_z (T = eps^2 t/4), from the c_n."""
    return sp.expand(sum(4 * eps**(n - 2) * c[n] * d_z**n for n in range(1, order + 1) if n in c))


def telegraph_polynomial(kappa: sp.Expr, tau: sp.Expr, k: sp.Expr, G: sp.Expr) -> sp.Expr:
    """Eq. (12) for f0 ~ e^{ikz + G T}: ``tau G^2 + G + kappa k^2`` (zero on the dispersion
    relation of the telegraph equation)."""
    return tau * G**2 + G + kappa * k**2  # seed 000 eq. (12)


@lru_cache(maxsize=1)
def _telegraph_roots():
    kap, tau, k = sp.symbols("kappa tau k", positive=True)
    G = sp.Symbol("G")
    poly = telegraph_polynomial(kap, tau, k, G)
    (slow,) = [r for r in sp.solve(poly, G) if sp.simplify(r.subs(k, 0)) == 0]
    (branch,) = sp.solve(sp.discriminant(poly, G), k)
    return (kap, tau, k), slow, branch


def telegraph_dispersion(kappa: sp.Expr, tau: sp.Expr, k: sp.Expr) -> sp.Expr:
    """Slow root Gamma_T(k) of :func:`telegraph_polynomial` (eq. 12 for e^{ikz + Gamma T}): the
    root that vanishes at k = 0.

    The same relation holds in the time unit of eq. (6) with c_2 = kappa/4 and tau_t in place
    of kappa and tau (eq. 12 times eps^2/4, k -> eps k).  Beyond :func:`telegraph_branch_point`
    the two roots are a complex pair.

    >>> k = sp.Symbol("k", positive=True)
    >>> sp.series(telegraph_dispersion(sp.Rational(2, 3), sp.Rational(11, 120), k), k, 0, 5)
    -2*k**2/3 - 11*k**4/270 + O(k**5)
    """
    symbols, slow, _ = _telegraph_roots()
    return slow.subs(dict(zip(symbols, (kappa, tau, k))), simultaneous=True)


def telegraph_branch_point(kappa: sp.Expr, tau: sp.Expr) -> sp.Expr:
    """The wavenumber k > 0 at which the two roots of :func:`telegraph_polynomial` coincide
    (its discriminant vanishes).

    >>> telegraph_branch_point(sp.Rational(2, 3), sp.Rational(11, 120))
    3*sqrt(55)/11
    """
    symbols, _, branch = _telegraph_roots()
    return branch.subs(dict(zip(symbols[:2], (kappa, tau))), simultaneous=True)
