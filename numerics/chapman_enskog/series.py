"""Numerics for the Chapman–Enskog hierarchy: admissible D(mu), mapped elements, and the
hierarchy solved in high precision for any D (values where no closed form exists).

- :func:`scattering_profile` checks a user D(mu) (real, finite, non-negative, 1/D and
  (1-mu^2)/D integrable) and locates its zeros with their local exponents alpha (D ~ |mu-mu0|^alpha).
- :func:`elements` splits [-1, 1] at 0 and at the zeros; next to a zero of exponent alpha the
  element is mapped by mu - mu0 ~ s^a with a = 1/(1 - alpha), which makes dmu/D smooth in s
  (for D = |mu|^(q-1) the mapped problem is analytic, so spectral accuracy returns).
- :class:`ChebyshevAlgebra` runs :func:`cranisotropy.derivations.chapman_enskog.hierarchy.chapman_enskog`
  on values at Chebyshev points of every element (mpmath, any precision); :func:`numeric_series`
  returns the series coefficients with an error estimate from two resolutions.

>>> import sympy as sp
>>> prof = scattering_profile(sp.Integer(1))
>>> prof.zeros, prof.symmetric
((), True)
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Callable

import mpmath
import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.chapman_enskog.hierarchy import chapman_enskog
from cranisotropy.derivations.chapman_enskog.pitch_angle import mu

# --------------------------------------------------------------------------- admissible D


@dataclass(frozen=True)
class Zero:
    """A zero of D at ``at`` with D ~ c |mu - at|^alpha on each side (left, right)."""

    at: float
    alpha_left: float | Fraction
    alpha_right: float | Fraction


@dataclass(frozen=True)
class ScatteringProfile(Result):
    """An admissible scattering function D(mu) and what the numerics need to know about it.

    ``expr`` is the sympy formula (None for a Python callable, see ``label``); ``zeros`` the
    isolated zeros with their local exponents; ``symmetric`` whether D(-mu) = D(mu);
    ``maximum`` max D on [-1, 1].
    """

    expr: sp.Expr | None
    zeros: tuple[Zero, ...]
    symmetric: bool
    maximum: float
    label: str = ""
    function: Callable | None = field(default=None, repr=False, compare=False)

    def numpy(self) -> Callable:
        """D as a function of a float array (double precision)."""
        return _lambdify_numpy(self.expr) if self.expr is not None else _callable_numpy(self.function)

    def mp(self) -> Callable:
        """D as a function of an mpmath number (full precision for formulas)."""
        return _lambdify_mp(self.expr) if self.expr is not None else _callable_mp(self.function)

    def to_dict(self) -> dict:
        """D, its zeros (location, exponents left and right), symmetry and maximum."""
        return {"D": self.label, "zeros": [[z.at, float(z.alpha_left), float(z.alpha_right)]
                                           for z in self.zeros],
                "symmetric": self.symmetric, "maximum": self.maximum}


def as_scattering_function(D):
    """D(mu) as the package handles it: a sympy expression in the package's ``mu``, or a callable.

    ``D`` may be a formula string (parsed by the restricted parser, never evaluated), a number,
    a sympy expression in any symbol named ``mu`` (whatever its assumptions), or a Python
    callable of one float (returned as it is).

    >>> import sympy as sp
    >>> as_scattering_function(sp.Abs(sp.Symbol("mu")) ** 2 + 1) == mu**2 + 1
    True
    """
    if isinstance(D, str):
        from cranisotropy.core.safe_expr import parse_expression

        return parse_expression(D, {"mu": mu}, what="D(mu)")
    if isinstance(D, (bool, np.bool_)):
        raise UsageError(f"D must be a formula, a sympy expression or a callable, got {D!r}")
    if isinstance(D, (numbers.Rational, float, np.floating)):
        if not math.isfinite(float(D)):
            raise UsageError(f"D = {D} is not a finite real number")
        return sp.Rational(str(D)) if isinstance(D, (float, np.floating)) else sp.Rational(D)
    if isinstance(D, sp.Basic):
        D = D.subs({s: mu for s in D.free_symbols if isinstance(s, sp.Symbol) and s.name == "mu"})
        extra = D.free_symbols - {mu}
        if extra:
            raise UsageError(f"D(mu) may depend on mu only; found {', '.join(sorted(map(str, extra)))}")
        return D
    if callable(D):
        return D
    raise UsageError(f"D must be a formula (str), a sympy expression in mu or a callable, "
                     f"got {type(D).__name__}")


def _label(D) -> str:
    if isinstance(D, sp.Basic):
        return str(D)
    return f"<callable {getattr(D, '__name__', type(D).__name__)}>"


@lru_cache(maxsize=64)
def _lambdify_numpy(expr):
    f = sp.lambdify(mu, expr, modules="numpy")
    return lambda x: np.broadcast_to(np.asarray(f(x), dtype=complex if expr.has(sp.I) else float),
                                     np.shape(x)).astype(float)


@lru_cache(maxsize=64)
def _lambdify_mp(expr):
    return sp.lambdify(mu, expr, modules="mpmath")


def _callable_numpy(f: Callable) -> Callable:
    """A user's D(mu) on arrays: called with the array, or point by point if that fails."""
    def on_array(x):
        x = np.asarray(x, dtype=float)
        try:
            with np.errstate(all="ignore"):
                y = np.asarray(f(x))
            if y.shape == x.shape and y.dtype.kind in "fiu":
                return y.astype(float)
        except Exception:  # noqa: BLE001 - a scalar-only callable: evaluate point by point
            pass
        return np.array([_real(f(float(v))) for v in x.ravel()]).reshape(x.shape)
    return on_array


def _real(value) -> float:
    value = complex(value)
    return value.real if value.imag == 0 else math.nan


def _callable_mp(f: Callable) -> Callable:
    """A user's D(mu) at an mpmath number: with the mpf itself when the callable accepts it
    (full precision), else in double precision."""
    def at(x):
        try:
            y = f(x)
            if isinstance(y, (mpmath.mpf, mpmath.mpc)):
                return y
        except Exception:  # noqa: BLE001 - not mpmath-aware: double precision
            pass
        return mpmath.mpf(_real(f(float(x))))
    return at


def _sample_grid() -> np.ndarray:
    n = 4000
    cheb = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    near = np.array([1e-14, 1e-10, 1e-7, 1e-4])
    extra = np.concatenate([near, -near, 1 - near, -1 + near, np.linspace(-1, 1, 2001)])
    return np.unique(np.clip(np.concatenate([cheb, extra]), -1, 1))


def _exponent(f, x0: mpmath.mpf, direction: int) -> float:
    """Local exponent alpha of f(x0 + direction h) ~ h^alpha from h = 1e-10, 1e-14."""
    with mpmath.workdps(50):
        h1, h2 = mpmath.mpf("1e-10"), mpmath.mpf("1e-14")
        v1, v2 = f(x0 + direction * h1), f(x0 + direction * h2)
        v1, v2 = mpmath.re(v1), mpmath.re(v2)
        if v1 <= 0 or v2 <= 0:
            return math.inf if v2 == 0 else 0.0
        return _snap(float(mpmath.log(v1 / v2) / mpmath.log(h1 / h2)))


def _snap(alpha: float):
    """A local exponent as an exact fraction when it is one to 1e-7 (1/2, 2/3, ...)."""
    frac = Fraction(alpha).limit_denominator(64)
    return frac if abs(float(frac) - alpha) < 1e-7 else alpha


def scattering_profile(D) -> ScatteringProfile:
    """Check that a scattering function D(mu) is admissible and locate its zeros.

    Admissible: real and finite on [-1, 1], non-negative, zeros isolated with a local exponent
    alpha < 0.98 (``D ~ |mu - mu0|^alpha``), so that 1/D, hence (1 - mu^2)/D, is integrable.

    Parameters
    ----------
    D : str, sympy.Expr, number or callable
        The pitch-angle scattering function of seed 000 eq. (6), mu = cosine of the pitch
        angle, in units of the scattering rate nu: a formula in ``mu`` (``"abs(mu)^(2/3)"``), a
        sympy expression in any symbol named ``mu``, or a Python callable of one float.

    Returns
    -------
    ScatteringProfile
        ``zeros`` (location and local exponents alpha on each side, exact fractions when
        recognised), ``symmetric`` (D(-mu) = D(mu)) and ``maximum``.

    Raises
    ------
    UsageError
        For an inadmissible D, naming the fault and where it occurs.

    Examples
    --------
    >>> prof = scattering_profile("abs(mu)^(2/3)")
    >>> [(z.at, z.alpha_left, z.alpha_right) for z in prof.zeros], prof.symmetric
    ([(0.0, Fraction(2, 3), Fraction(2, 3))], True)
    """
    D = as_scattering_function(D)
    label = _label(D)
    if isinstance(D, sp.Basic) and D.is_number:
        value = complex(D.evalf())
        if value.imag != 0 or not math.isfinite(value.real):
            raise UsageError(f"D = {D} is not a finite real number")
        if value.real <= 0:
            raise UsageError(f"D = {D} must be positive (pitch-angle scattering rate)")
        return ScatteringProfile(D, (), True, value.real, label)
    expr = D if isinstance(D, sp.Basic) else None
    function = None if expr is not None else D
    fnum = sp.lambdify(mu, expr, modules="numpy") if expr is not None else _callable_numpy(D)
    fmp = _lambdify_mp(expr) if expr is not None else _callable_mp(D)
    x = _sample_grid()
    with np.errstate(all="ignore"):
        try:
            raw = np.asarray(fnum(x), dtype=complex) * np.ones_like(x)
        except Exception as exc:  # noqa: BLE001 - any evaluation failure is a user input problem
            raise UsageError(f"cannot evaluate D(mu) = {label} on [-1, 1]: {exc}") from None
    bad = ~np.isfinite(raw) | (np.abs(raw.imag) > 1e-12 * np.maximum(1, np.abs(raw.real)))
    if bad.any():
        where = x[np.argmax(bad)]
        raise UsageError(f"D(mu) = {label} is not real and finite on [-1, 1] (e.g. at mu = {where:.6g})")
    values = raw.real
    top = float(values.max())
    if top <= 0:
        raise UsageError(f"D(mu) = {label} is not positive anywhere on [-1, 1]")
    if values.min() < -1e-13 * top:
        where = x[np.argmin(values)]
        raise UsageError(f"D(mu) = {label} is negative at mu = {where:.6g} (D = {values.min():.3g}); "
                         "a scattering rate must be >= 0")
    zeros = []
    small = values <= 1e-9 * top
    if small.mean() > 0.01:
        raise UsageError(f"D(mu) = {label} vanishes on an interval: 1/D is not integrable on (-1, 1)")
    # candidate zeros: grid points that are local minima and small (a zero between two grid
    # points of a cusp |mu - mu0|^alpha can look as large as 1e-1 max D on the grid)
    idx = [i for i in range(len(x)) if values[i] <= 0.3 * top
           and (i == 0 or values[i] <= values[i - 1]) and (i == len(x) - 1 or values[i] <= values[i + 1])]
    for i in idx:
        exact_x0 = _refine_zero(fmp, x, i, top)       # mpf: 3/10 stays 3/10 to 40 digits
        if exact_x0 is None:
            continue
        x0 = float(exact_x0)
        if any(abs(x0 - z.at) < 1e-6 for z in zeros):
            continue
        aleft = _exponent(fmp, exact_x0, -1) if x0 > -1 else 0.0
        aright = _exponent(fmp, exact_x0, +1) if x0 < 1 else 0.0
        for side, alpha in (("left", aleft), ("right", aright)):
            if 0.98 <= alpha < 1 - 1e-6:
                raise UsageError(
                    f"D(mu) = {label} vanishes at mu = {x0:.6g} with exponent {float(alpha):.4g} (from "
                    f"the {side}): 1/D is barely integrable (kappa ~ 1/(1 - exponent)); exponents up "
                    "to 0.98 are supported")
            if alpha >= 1 - 1e-6:
                where = f"mu {'-' if x0 >= 0 else '+'} {abs(x0):.6g}"
                raise UsageError(
                    f"D(mu) = {label} vanishes at mu = {x0:.6g} like |{where}|^{float(alpha):.3g} "
                    f"(from the {side}): 1/D is not integrable there (need an exponent < 1)")
        zeros.append(Zero(x0, max(aleft, 0), max(aright, 0)))
    symmetric = _is_symmetric(expr, fnum, x, values)
    return ScatteringProfile(expr, tuple(sorted(zeros, key=lambda z: z.at)), symmetric, top, label,
                             function)


def _refine_zero(fmp, x, i, top):
    """Location (an mpf) of a zero of D near grid point i, or None: minimise |D| (golden section at
    40 digits), accept a minimum below 1e-12 max D, and snap it to a nearby short fraction
    where D vanishes exactly (0, +-1, 3/10, ...)."""
    lo, hi = float(x[max(i - 1, 0)]), float(x[min(i + 1, len(x) - 1)])
    with mpmath.workdps(40):
        f = lambda t: abs(mpmath.re(fmp(t)))  # noqa: E731
        golden = mpmath.mpf("0.6180339887498948482045868")
        a, b = mpmath.mpf(lo), mpmath.mpf(hi)
        for _ in range(240):
            c, d = b - (b - a) * golden, a + (b - a) * golden
            if f(c) < f(d):
                b = d
            else:
                a = c
        xm = (a + b) / 2
        candidates = [xm] + [mpmath.mpf(Fraction(float(xm)).limit_denominator(q).numerator)
                             / Fraction(float(xm)).limit_denominator(q).denominator
                             for q in (1, 10, 100, 1000)]
        for cand in reversed(candidates):
            if -1 <= cand <= 1 and f(cand) < mpmath.mpf("1e-35") * top:
                return cand
        if f(xm) < mpmath.mpf("1e-12") * top:
            return xm
    return None


def _is_symmetric(expr, fnum, x, values) -> bool:
    """D(-mu) = D(mu): exactly (sympy) or to rounding on the sample grid."""
    if expr is not None and sp.expand(expr.subs(mu, -mu) - expr) == 0:
        return True
    with np.errstate(all="ignore"):
        mirrored = np.real(np.asarray(fnum(-x), dtype=complex)) * np.ones_like(x)
    return bool(np.max(np.abs(mirrored - values)) <= 1e-14 * np.max(np.abs(values)))


# --------------------------------------------------------------------------- elements


@dataclass(frozen=True)
class Element:
    """[lo, hi] mapped from s in [-1, 1]; ``power_at``: -1/+1 = clustered at lo/hi, 0 = linear."""

    lo: float
    hi: float
    power: float | Fraction = 1
    power_at: int = 0

    def _params(self, mp: bool):
        if mp:
            return mpmath.mpf(self.lo), mpmath.mpf(self.hi), _mpf(self.power)
        return self.lo, self.hi, float(self.power)

    def mu_of_s(self, s, mp: bool = False):
        """mu at s (numpy arrays, or mpf with ``mp``)."""
        lo, hi, a = self._params(mp)
        if self.power_at == 0:
            return (lo + hi) / 2 + (hi - lo) / 2 * s
        if self.power_at < 0:
            return lo + (hi - lo) * ((1 + s) / 2) ** a
        return hi - (hi - lo) * ((1 - s) / 2) ** a

    def dmu_ds(self, s, mp: bool = False):
        lo, hi, a = self._params(mp)
        if self.power_at == 0:
            return (hi - lo) / 2 + 0 * s
        if self.power_at < 0:
            return (hi - lo) * a / 2 * ((1 + s) / 2) ** (a - 1)
        return (hi - lo) * a / 2 * ((1 - s) / 2) ** (a - 1)


def elements(profile: ScatteringProfile, split_at_zero: bool = True,
             endpoint_cap: float | None = 2) -> list[Element]:
    """Elements of [-1, 1]: breakpoints at the zeros of D (and at 0); power maps at zeros.

    At mu = +-1, where the hierarchy divides by 1 - mu^2, the map exponent is capped at 2: a
    steeper map would amplify interpolation errors of the flux by u^(1-a) next to the end.
    """
    cuts = sorted({-1.0, 1.0, *([0.0] if split_at_zero else []), *[z.at for z in profile.zeros]})
    zero_alpha = {z.at: z for z in profile.zeros}

    def power(at, alpha):
        a = _power(alpha)
        return min(a, endpoint_cap) if abs(at) == 1 and endpoint_cap else a

    out = []
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        left = zero_alpha[lo].alpha_right if lo in zero_alpha else 0
        right = zero_alpha[hi].alpha_left if hi in zero_alpha else 0
        if left > 0 and right > 0:
            mid = (lo + hi) / 2
            out.append(Element(lo, mid, power(lo, left), -1))
            out.append(Element(mid, hi, power(hi, right), +1))
        elif left > 0:
            out.append(Element(lo, hi, power(lo, left), -1))
        elif right > 0:
            out.append(Element(lo, hi, power(hi, right), +1))
        else:
            out.append(Element(lo, hi))
    return out


def _power(alpha):
    """Map exponent a = 1/(1 - alpha): dmu/D = a u^(a-1) du / (c u^(a alpha)) is constant."""
    return 1 / (1 - alpha) if isinstance(alpha, Fraction) else 1.0 / (1.0 - float(alpha))


def _mpf(x):
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


# --------------------------------------------------------------------------- Chebyshev algebra


def _bits(dps: int) -> int:
    return int(dps * 3.33) + 40


def _fix(x, bits: int) -> int:
    """mpf -> integer x 2^bits (rounded)."""
    with mpmath.workprec(bits + 64):
        return int(mpmath.nint(mpmath.ldexp(mpmath.mpmathify(x), bits)))


def _unfix(i: int, bits: int):
    return mpmath.ldexp(mpmath.mpf(i), -bits)


@lru_cache(maxsize=16)
def _chebyshev_rules(n: int, bits: int):
    """First-kind Chebyshev nodes s_j, the cumulative-integration matrix Q (Q f = values of
    int_{-1}^{s} f at the nodes, for the degree n-1 interpolant of f) and the weights of
    int_{-1}^{1} (Fejer's first rule), in fixed point (integers x 2^bits)."""
    with mpmath.workprec(bits + 64):
        th = [mpmath.pi * (j + mpmath.mpf(1) / 2) / n for j in range(n)]
        cos_kj = [[mpmath.cos(k * t) for t in th] for k in range(n + 1)]
        # coefficients of f in T_0..T_{n-1}: c_k = (2 - delta_k0)/n sum_j f_j cos(k th_j)
        C = [[(1 if k == 0 else 2) * cos_kj[k][j] / n for j in range(n)] for k in range(n)]
        # int_{-1}^{s} T_k = sum_m I[m][k] T_m(s)
        I = [[mpmath.mpf(0)] * n for _ in range(n + 1)]
        for k in range(n):
            if k == 0:
                I[1][0] += 1
                I[0][0] += 1
            elif k == 1:
                I[2][1] += mpmath.mpf(1) / 4
                I[0][1] -= mpmath.mpf(1) / 4
            else:
                I[k + 1][k] += mpmath.mpf(1) / (2 * (k + 1))
                I[k - 1][k] -= mpmath.mpf(1) / (2 * (k - 1))
                I[0][k] -= (mpmath.mpf((-1) ** (k + 1)) / (2 * (k + 1))
                            - mpmath.mpf((-1) ** (k - 1)) / (2 * (k - 1)))
        IC = [[mpmath.mpf(0)] * n for _ in range(n + 1)]
        for k in range(n):
            for m in range(n + 1):
                if I[m][k]:
                    IC[m] = [a + I[m][k] * c for a, c in zip(IC[m], C[k])]
        to = lambda x: _fix(x, bits)  # noqa: E731
        E = np.array([[to(cos_kj[m][i]) for m in range(n + 1)] for i in range(n)], dtype=object)
        ICf = np.array([[to(v) for v in row] for row in IC], dtype=object)
        Q = E.dot(ICf) >> bits
        w = np.array([to(mpmath.fsum(IC[m][j] for m in range(n + 1))) for j in range(n)], dtype=object)
        nodes = [mpmath.cos(t) for t in th]
    return nodes, Q, w


class ChebyshevAlgebra:
    """Function algebra of :func:`chapman_enskog` on Chebyshev points of mapped elements.

    A function is a dict {(a, b): values} for the coefficient of p^a s^b (p = d_z, s = sigma);
    ``values`` is one object array of fixed-point integers (x 2^bits) per element, at
    first-kind Chebyshev points (never the element ends, so D = 0 at an end is harmless),
    followed by the value at mu = 1.  ``sigma=False`` drops every term with s (faster).
    """

    def __init__(self, profile: ScatteringProfile, n: int = 40, dps: int = 40, sigma: bool = False):
        from cranisotropy.derivations.chapman_enskog.hierarchy import PolynomialAlgebra

        self.p, self.s = PolynomialAlgebra.p, PolynomialAlgebra.s
        self.keep_sigma = sigma
        self.bits = B = _bits(dps)
        s, self.Q, self.w = _chebyshev_rules(n, B)
        fmp = profile.mp()
        self.els = elements(profile)
        self.mu_v, self.jac, self.rjac, self.omm = [], [], [], []
        with mpmath.workprec(B + 64):
            for el in self.els:
                muv = [el.mu_of_s(si, mp=True) for si in s]
                jac = [el.dmu_ds(si, mp=True) for si in s]
                Dv = [mpmath.re(fmp(m)) for m in muv]
                fx = lambda xs: np.array([_fix(x, B) for x in xs], dtype=object)  # noqa: E731
                self.mu_v.append(fx(muv))
                self.jac.append(fx(jac))
                self.rjac.append(fx([j / d for j, d in zip(jac, Dv)]))
                self.omm.append(fx([1 - m * m for m in muv]))
        self.one_fix = 1 << B

    # -- coefficient bookkeeping
    def _coeffs(self, c):
        if hasattr(c, "ring"):
            return {e: sp.QQ.to_sympy(v) for e, v in c.items()}
        return {(0, 0): sp.Rational(c)}

    def _accumulate(self, out, key, vals):
        if key[1] and not self.keep_sigma:
            return
        out[key] = [a + b for a, b in zip(out[key], vals)] if key in out else vals

    def _const(self, c: int):
        return [np.array([c] * len(m), dtype=object) for m in self.mu_v] + [c]

    def _times(self, x, y):
        return (x * y) >> self.bits

    # -- interface
    def one(self):
        return {(0, 0): self._const(self.one_fix)}

    def scale(self, f, c):
        out = {}
        for e, v in self._coeffs(c).items():
            num, den = int(v.p), int(v.q)
            for key, vals in f.items():
                self._accumulate(out, (key[0] + e[0], key[1] + e[1]), [(x * num) // den for x in vals])
        return out

    def add(self, f, g):
        out = dict(f)
        for key, vals in g.items():
            self._accumulate(out, key, vals)
        return out

    def mul(self, f, g):
        out = {}
        for k1, v1 in f.items():
            for k2, v2 in g.items():
                self._accumulate(out, (k1[0] + k2[0], k1[1] + k2[1]),
                                 [self._times(a, b) for a, b in zip(v1, v2)])
        return out

    def mu(self, f):
        return {k: [self._times(a, m) for a, m in zip(v, self.mu_v)] + [v[-1]] for k, v in f.items()}

    def _cumulative(self, vals, weight):
        out, acc = [], 0
        for v, wt in zip(vals, weight):
            integrand = self._times(v, wt)
            out.append((self.Q.dot(integrand) >> self.bits) + acc)
            acc += int(self.w.dot(integrand)) >> self.bits
        return out + [acc]

    def integrate(self, f):
        return {k: self._cumulative(v[:-1], self.jac) for k, v in f.items()}

    def r_integrate(self, f):
        return {k: self._cumulative(v[:-1], self.rjac) for k, v in f.items()}

    def r_integrate_div(self, f):
        return {k: self._cumulative([(a << self.bits) // b for a, b in zip(v[:-1], self.omm)], self.rjac)
                for k, v in f.items()}

    def average(self, f):
        return {k: self._const(self._cumulative(v[:-1], self.jac)[-1] // 2) for k, v in f.items()}

    def at_one(self, f):
        return {k: self._const(v[-1]) for k, v in f.items()}

    def is_zero(self, f):
        return all(abs(v[-1]) < (1 << (self.bits // 2)) for v in f.values())


def numeric_series(profile: ScatteringProfile, order: int, n: int = 40, dps: int = 40,
                   sigma: bool = False) -> dict[tuple[int, int], mpmath.mpf]:
    """Coefficients of the gamma_n (keys (a, b) for d_z^a sigma^b) from the hierarchy solved on
    mapped Chebyshev elements (mpmath at ``dps`` digits, ``n`` points per element)."""
    alg = ChebyshevAlgebra(profile, n=n, dps=dps, sigma=sigma)
    gamma, _, _ = chapman_enskog(alg, order, check=False)
    with mpmath.workdps(dps):
        return {key: +_unfix(vals[-1], alg.bits) for g in gamma.values() for key, vals in g.items()}


def series_with_error(profile: ScatteringProfile, order: int, dps: int = 40, sigma: bool = False,
                      n: int | None = None):
    """(coefficients, error estimates) from resolutions n, 3n/2 (and 9n/4 when these differ
    visibly: then the error is extrapolated geometrically, for the slowly converging cases such
    as D vanishing at mu = +-1 faster than sqrt)."""
    n = n or (40 if not profile.zeros else 56)
    a = numeric_series(profile, order, n=n, dps=dps, sigma=sigma)
    b = numeric_series(profile, order, n=n * 3 // 2, dps=dps, sigma=sigma)
    floor = mpmath.mpf(10) ** (-dps + 6)
    scale = max(abs(v) for v in b.values())
    d1 = {k: abs(b[k] - a.get(k, 0)) for k in b}
    if max(d1.values()) <= mpmath.mpf(10) ** (-dps // 2) * scale:
        return b, {k: max(d1[k], floor * abs(b[k])) for k in b}
    c = numeric_series(profile, order, n=n * 9 // 4, dps=dps, sigma=sigma)
    err = {}
    for k in c:
        d2 = abs(c[k] - b[k])
        ratio = d2 / d1[k] if d1[k] else mpmath.mpf(0)
        err[k] = d2 * ratio / (1 - ratio) if ratio < mpmath.mpf("0.9") else 10 * max(d1[k], d2)
        err[k] = max(err[k], d2, floor * abs(c[k]))
    return c, err
