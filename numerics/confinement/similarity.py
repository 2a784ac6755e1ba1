"""Self-similar CR escape from a source and the accuracy of the interpolation formula (5).

Seed 000, Sec. II.  At late times outside the source, the coupled system (1)-(2) (Gamma = 0) has
the similarity solution ``P = (kappa_B / C_A) t^(-1/2) g(xi)``, ``I = kappa_B h(xi)``,
``xi = z / sqrt(t)``.  :mod:`cranisotropy.derivations.confinement.escape` reduces it to quadratures with a
Lambert-W integrand; this module evaluates them:

- :func:`similarity_solution` -- the exact profile for a given Pi (and any kappa_ISM by scaling);
- :func:`factor_F` -- F(Pi) = kappa_NL / (kappa_ISM e^-Pi) with kappa_NL from the exact core height,
  and :func:`factor_F_normalised`, the F that makes (5) carry the right CR content Pi;
- :func:`interpolation_accuracy` / :func:`pi_scan` -- errors of (5) against the exact profile;
- :func:`break_momentum` -- the spectral break z^2/t = kappa_NL(p) for power-law Pi(p), kappa(p).

All profiles are in "tail units" (kappa_ISM = 1) unless a ``kappa_ism`` is passed: with
``x = xi / sqrt(kappa_ISM)``, ``g = G(x) / sqrt(kappa_ISM)``, ``h = H(x) / kappa_ISM``.

>>> sol = similarity_solution(5.0)
>>> round(sol.F, 4), round(float(sol.shape(0.0) * sqrt(sol.kappa_nl)), 6)
(5.8108, 2.0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from math import exp, log, sqrt

import numpy as np
import sympy as sp
from numba import njit
from scipy.integrate import cumulative_simpson, quad, simpson
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.kernels.generated.confinement_interpolation import (
    confinement_interpolation,
    confinement_interpolation_array,
)

#: range of Pi handled: below it the source is a test-particle one (F = 4 pi/Pi^2 to 1e-6);
#: above it e^Pi approaches the float range)
PI_MIN, PI_MAX = 1e-6, 100.0
_V_LO, _V_HI = -70.0, 5.0


@lru_cache(maxsize=None)
def _lambdified():
    """The derivation's closed forms as numpy functions (evaluated, never re-typed)."""
    prof = cf.profile_in_core_units()
    Y = sp.Symbol("Y", real=True)
    args = (cf.v, Y, cf.w)
    return {
        "F": sp.lambdify(cf.delta, cf.factor_F(), "math"),
        "xi": sp.lambdify(args, prof["xi"], "numpy"),
        "g": sp.lambdify(args, prof["g"], "numpy"),
        "h": sp.lambdify(args, prof["h"], "numpy"),
        "dxi_dv": sp.lambdify(args, prof["dxi_dv"], "numpy"),
        "integrand": sp.lambdify(cf.w, cf.pi_integrand(), "numpy"),
        "branch": sp.lambdify((cf.w, cf.v, cf.delta), cf.branch_equation(), "numpy"),
        "tail": sp.lambdify((sp.Symbol("F", positive=True), sp.Symbol("kappa_ISM", positive=True)),
                            cf.tail_amplitude(), "math"),
    }


# --------------------------------------------------------------------------- the Lambert-W branch

@njit(cache=True)
def _expm1_minus_x_scalar(v: float) -> float:
    """E(v) = e^v - 1 - v without cancellation near v = 0."""
    if abs(v) >= 0.5:
        return math.expm1(v) - v
    term = v * v / 2
    total = term
    for k in range(3, 24):
        term = term * v / k
        total += term
        if abs(term) < 1e-17 * abs(total):
            break
    return total


@njit(cache=True)
def _log1p_plus(x: float) -> float:
    """ln(1 + x) - x without cancellation for small |x| (x > -1)."""
    if abs(x) >= 0.1:
        return math.log1p(x) - x
    total = 0.0
    power = x  # (-1)^(k+1) x^k
    for k in range(2, 20):
        power = -power * x
        total += power / k
        if abs(power) < 1e-17 * abs(total):
            break
    return total


#: ln w - w + 1 + kappa = 0 has w = 1/2 at this kappa; below it the root is found in t = 1 - w
_KAPPA_HALF = log(2.0) - 0.5


@njit(cache=True)
def _branch_root_scalar(kappa: float):
    if kappa > _KAPPA_HALF:
        # far: lam = ln w solves lam - e^lam + 1 + kappa = 0 (f' = 1 - w >= 1/2)
        lam = -1.0 - kappa + math.exp(-1.0 - kappa)
        for _ in range(8):
            e = math.exp(lam)
            step = (lam - e + 1 + kappa) / (1 - e)
            lam -= step
            if abs(step) < 1e-16 * (1.0 + abs(lam)):
                break
        return math.exp(lam), -math.expm1(lam)
    # near: t solves ln(1 - t) + t + kappa = 0; start from 1 + W_0 about -1/e, p = sqrt(2(1 + e z))
    pp = math.sqrt(-2 * math.expm1(-kappa))
    tt = pp - pp**2 / 3 + 11 * pp**3 / 72 - 43 * pp**4 / 540
    for _ in range(8):
        if tt <= 0.0:
            return 1.0, 0.0
        step = (_log1p_plus(-tt) + kappa) * (1 - tt) / -tt
        tt -= step
        if abs(step) < 1e-16 * tt:
            break
    return 1 - tt, tt


@njit(cache=True)
def _branch_root_loop(kappa, w, t):
    for i in range(kappa.shape[0]):
        w[i], t[i] = _branch_root_scalar(kappa[i])


@njit(cache=True)
def _expm1_minus_x(v):
    """E(v) elementwise over a 1-D array."""
    out = np.empty_like(v)
    for i in range(v.shape[0]):
        out[i] = _expm1_minus_x_scalar(v[i])
    return out


def branch_root(kappa) -> tuple[np.ndarray, np.ndarray]:
    """Root w in (0, 1] of ln w - w + 1 + kappa = 0 (kappa >= 0), i.e. w = -W_0(-e^(-1-kappa)),
    and its distance t = 1 - w to the branch point, both to full relative precision: Newton in
    t from the branch-point series when w >= 1/2, Newton in ln w otherwise.

    >>> w, t = branch_root(np.array([0.0, 1e-12, 5.0]))
    >>> [float(x) for x in np.round(t, 8)]
    [0.0, 1.41e-06, 0.99751508]
    """
    kappa = np.ascontiguousarray(np.atleast_1d(np.asarray(kappa, dtype=float)))
    w, t = np.empty_like(kappa), np.empty_like(kappa)
    _branch_root_loop(kappa, w, t)
    return w, t


def _quadrature_grid(delta: float, step: float):
    """u-grid for v = sigma sinh(u): removes the 1/sqrt(v^2 + 2 delta) peak of the Pi integrand.
    An odd number of points with spacing <= ``step`` (Simpson)."""
    sigma = min(1.0, sqrt(2 * delta))
    lo, hi = np.arcsinh(_V_LO / sigma), np.arcsinh(_V_HI / sigma)
    n = 2 * int(np.ceil((hi - lo) / step / 2)) + 1
    u = np.linspace(lo, hi, n)
    v = sigma * np.sinh(u)
    dv_du = sigma * np.cosh(u)
    return u, v, dv_du


def _branch_on_grid(delta: float, step: float):
    u, v, dv_du = _quadrature_grid(delta, step)
    w, tdist = branch_root((_expm1_minus_x(v) + delta) / 2)
    integrand = w / np.where(tdist > 0, tdist, np.inf)  # = cf.pi_integrand(), stable form
    return u, v, dv_du, w, tdist, integrand


def _lower_tail(delta: float) -> float:
    """int_{-inf}^{V_LO} w/(1-w) dv with w ~ e^(-(1+delta)/2 + v/2)."""
    return 2 * exp(-(1 + delta) / 2 + _V_LO / 2)


#: grid spacing in u: root finding / tabulated profiles (Simpson error ~ step^4)
ROOT_STEP, PROFILE_STEP = 1e-3, 5e-4


def pi_of_delta(delta: float, step: float = ROOT_STEP, derivative: bool = False):
    """Pi = int w/(1-w) dv for C = C_separatrix - delta (and dPi/ddelta = -int w/(2(1-w)^3) dv,
    from dw/ddelta = -w/(2(1-w)), when ``derivative``)."""
    u, _, dv_du, w, tdist, integrand = _branch_on_grid(delta, step)
    pi = float(simpson(integrand * dv_du, x=u)) + _lower_tail(delta)
    if not derivative:
        return pi
    with np.errstate(divide="ignore", invalid="ignore"):
        d_integrand = np.where(tdist > 0, -w / (2 * tdist**3), 0.0)
    return pi, float(simpson(d_integrand * dv_du, x=u)) - _lower_tail(delta) / 2


#: Pi ~ sqrt(2) ln(1/delta) + c for Pi >> 1 (the 1/sqrt(v^2/2 + delta) peak); c fitted, only a guess
_LARGE_PI_OFFSET = 1.17


def delta_of_pi(pi: float, step: float = ROOT_STEP) -> float:
    """Invert :func:`pi_of_delta` (monotone decreasing): safeguarded Newton in y = ln delta on
    ln Pi(y), started from the small- and large-Pi asymptotes and kept inside a bracket."""
    _check_pi(pi)
    lo, hi = log(1e-300), log(60.0)          # Pi(lo) > pi > Pi(hi)
    guess = (_LARGE_PI_OFFSET - pi) / sqrt(2) if pi > 2 else log(max(2 * log(sqrt(2 * np.pi) / pi) - 1, 1e-3))
    y = min(max(guess, lo + 1), hi - 1)
    for _ in range(100):
        value, slope = pi_of_delta(exp(y), step, derivative=True)
        f = log(value / pi)
        if f > 0:
            lo = y
        else:
            lo, hi = (lo, y) if f < 0 else (y, y)
        if abs(f) < 1e-14 or hi - lo < 1e-13:
            return exp(y)
        newton = y - f / (slope * exp(y) / value)
        y = newton if lo < newton < hi else 0.5 * (lo + hi)
    raise RuntimeError(f"delta_of_pi did not converge for Pi = {pi}")


def _check_pi(pi: float) -> None:
    if not (PI_MIN <= pi <= PI_MAX):
        raise ValueError(f"Pi must lie in [{PI_MIN:g}, {PI_MAX:g}], got {pi!r}")


def factor_F(pi: float) -> float:
    """F(Pi) = kappa_NL e^Pi / kappa_ISM, kappa_NL = 4/g(0)^2 from the exact core height (= 2e e^delta)."""
    return float(_lambdified()["F"](delta_of_pi(pi)))


# --------------------------------------------------------------------------- the exact profile

@dataclass(frozen=True)
class SimilaritySolution:
    """Exact self-similar profile for one Pi, tabulated in tail units (kappa_ISM = 1).

    ``x``: xi / sqrt(kappa_ISM) (increasing); ``g``: P C_A sqrt(t) / kappa_B times
    sqrt(kappa_ISM); ``h``: I / kappa_B times kappa_ISM; ``weight``: quadrature weights for
    integrals over x (Simpson in the grid variable).
    """

    pi: float
    delta: float
    F: float
    x: np.ndarray
    g: np.ndarray
    h: np.ndarray
    weight: np.ndarray

    @property
    def kappa_nl(self) -> float:
        """kappa_NL / kappa_ISM = F e^-Pi."""
        return self.F * exp(-self.pi)

    @property
    def tail_amplitude(self) -> float:
        """A in g -> A exp(-x^2/4) (x -> infinity): 2/sqrt(F)."""
        return float(_lambdified()["tail"](self.F, 1.0))

    @property
    def core_height(self) -> float:
        return 2 / sqrt(self.kappa_nl)

    def _spline(self, which: str) -> CubicSpline:
        cache = self.__dict__.setdefault("_splines", {})
        if which not in cache:
            keep = np.concatenate(([True], np.diff(self.x) > 0))
            values = self.g if which == "g" else self.h
            cache[which] = CubicSpline(np.log(self.x[keep]), np.log(values[keep]))
        return cache[which]

    def shape(self, x, kappa_ism: float = 1.0) -> np.ndarray:
        """g(xi) = P C_A sqrt(t)/kappa_B at xi = x (same units as kappa_ism)."""
        xs = np.asarray(x, dtype=float) / sqrt(kappa_ism)
        out = np.empty_like(xs)
        lo, hi = xs <= self.x[0], xs >= self.x[-1]
        mid = ~(lo | hi)
        out[lo] = self.core_height
        out[hi] = self.tail_amplitude * np.exp(-xs[hi] ** 2 / 4)
        out[mid] = np.exp(self._spline("g")(np.log(xs[mid])))
        return out / sqrt(kappa_ism)

    def wave(self, x, kappa_ism: float = 1.0) -> np.ndarray:
        """h(xi) = I / kappa_B at xi = x (I_ISM / kappa_B = 1/kappa_ism far out)."""
        xs = np.asarray(x, dtype=float) / sqrt(kappa_ism)
        out = np.empty_like(xs)
        lo, hi = xs <= self.x[0], xs >= self.x[-1]
        mid = ~(lo | hi)
        out[lo] = self.h[0]
        out[hi] = 1.0
        out[mid] = np.exp(self._spline("h")(np.log(xs[mid])))
        return out / kappa_ism


@lru_cache(maxsize=64)
def similarity_solution(pi: float, step: float = PROFILE_STEP) -> SimilaritySolution:
    """The exact profile for ``pi`` from the Lambert-W quadrature (seed 000 Sec. II, Ref. 34's
    "implicit form"): w(v) on the core branch, Y = int w/(1-w) dv, then xi, g, h in closed form."""
    _check_pi(pi)
    delta = delta_of_pi(pi)
    lam = _lambdified()
    u, v, dv_du, w, tdist, integrand = _branch_on_grid(delta, step)
    n = u.size
    Y = _lower_tail(delta) + cumulative_simpson(integrand * dv_du, x=u, initial=0.0)
    # core units (h0 = 1, kappa_ISM = e^Pi) -> tail units (kappa_ISM = 1): x = xi e^(-Pi/2)
    scale = exp(-pi / 2)
    x = lam["xi"](v, Y, w) * scale
    g = lam["g"](v, Y, w) / scale
    h = lam["h"](v, Y, w) / scale**2
    with np.errstate(divide="ignore"):
        dx_dv = x / (2 * tdist)  # = dxi_dv in core units times scale, stable form
    simpson_w = np.ones(n)
    simpson_w[1:-1:2], simpson_w[2:-1:2] = 4.0, 2.0
    du = u[1] - u[0]
    weight = simpson_w * du / 3 * dv_du * np.where(np.isfinite(dx_dv), dx_dv, 0.0)
    return SimilaritySolution(pi=float(pi), delta=float(delta), F=float(lam["F"](delta)),
                              x=x, g=g, h=h, weight=weight)


# --------------------------------------------------------------------------- interpolation (5)

def interpolation_shape(x, kappa_nl: float, kappa_ism: float = 1.0) -> np.ndarray:
    """Eq. (5) as g5(xi) (generated kernel)."""
    x = np.asarray(x, dtype=float)
    # full arrays: a broadcast size-1 view would reach numba as a warn-on-write array
    return confinement_interpolation_array(x, np.full_like(x, kappa_nl), np.full_like(x, kappa_ism))


def interpolation_content(kappa_nl: float, kappa_ism: float = 1.0) -> float:
    """int_0^inf g5 dxi: the Pi that formula (5) carries for given kappa_NL, kappa_ISM (quadrature
    in ln xi across the pedestal, where g5 ~ 2/xi spans many decades)."""
    f = lambda x: confinement_interpolation(x, kappa_nl, kappa_ism)  # noqa: E731
    knee, tail = sqrt(kappa_nl), sqrt(kappa_ism)
    x_lo, x_hi = 1e-3 * min(knee, tail), 40 * tail
    breaks = sorted({log(min(knee, tail)), log(max(knee, tail))})
    edges = [log(x_lo)] + breaks + [log(x_hi)]
    total = quad(f, 0.0, x_lo, epsabs=0, epsrel=1e-13)[0]
    for a, b in zip(edges, edges[1:]):
        total += quad(lambda u: f(exp(u)) * exp(u), a, b, limit=200, epsabs=0, epsrel=1e-12)[0]
    return total + quad(f, x_hi, np.inf, limit=200)[0]


@lru_cache(maxsize=256)
def factor_F_normalised(pi: float) -> float:
    """The F for which formula (5) carries exactly the CR content Pi (kappa_ISM = 1)."""
    _check_pi(pi)
    return exp(brentq(lambda lf: interpolation_content(exp(lf - pi)) - pi, -30.0, 60.0,
                      xtol=1e-13, rtol=1e-15))


F_CHOICES = ("exact", "normalised")


def _F_for(sol: SimilaritySolution, choice: str) -> float:
    if choice == "exact":
        return sol.F
    if choice == "normalised":
        return factor_F_normalised(sol.pi)
    raise ValueError(f"F choice must be one of {F_CHOICES}, got {choice!r}")


def interpolation_accuracy(pi: float, F: str = "exact") -> dict[str, float]:
    """Errors of formula (5) against the exact similarity profile for one Pi.

    ``l1``: int |g5 - g| dxi / Pi (fraction of the CR content misplaced); ``max_rel_bulk``:
    max |g5/g - 1| for xi <= sqrt(kappa_ISM) (core and pedestal); ``max_rel_2``: the same up to
    2 sqrt(kappa_ISM); ``rel_at_3``: g5/g - 1 at xi = 3 sqrt(kappa_ISM) (tail); ``core``: g5/g - 1
    at xi = 0; ``content``: int g5 dxi / Pi - 1.
    """
    sol = similarity_solution(pi)
    Fv = _F_for(sol, F)
    knl = Fv * exp(-pi)
    g5 = interpolation_shape(sol.x, knl)
    rel = g5 / sol.g - 1
    bulk, two = sol.x <= 1.0, sol.x <= 2.0
    at3 = float(interpolation_shape(3.0, knl) / sol.shape(3.0)[()] - 1)
    return {"pi": float(pi), "F_choice": F, "F": Fv, "kappa_nl": knl,
            "l1": float(np.sum(np.abs(g5 - sol.g) * sol.weight) / pi),
            "max_rel_bulk": float(np.max(np.abs(rel[bulk]))),
            "max_rel_2": float(np.max(np.abs(rel[two]))),
            "rel_at_3": at3,
            "core": float(2 / sqrt(knl) / sol.core_height - 1),
            "content": float(interpolation_content(knl) / pi - 1)}


DEFAULT_PI_SCAN = (0.01, 0.1, 0.3, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0)


def pi_scan(pis=DEFAULT_PI_SCAN, progress=None) -> list[dict]:
    """:func:`interpolation_accuracy` for both F choices over a scan of Pi (plus exact F, the
    content check of the exact profile and the tail amplitude)."""
    rows = []
    for pi in (progress(pis) if progress else pis):
        sol = similarity_solution(float(pi))
        exact = interpolation_accuracy(pi, "exact")
        norm = interpolation_accuracy(pi, "normalised")
        rows.append({"pi": float(pi), "F_exact": sol.F, "F_normalised": norm["F"],
                     "profile_content_error": float(np.sum(sol.g * sol.weight) / pi - 1),
                     "tail_amplitude": sol.tail_amplitude, "exact": exact, "normalised": norm})
    return rows


# --------------------------------------------------------------------------- zones and the break

def zones(pi: float, kappa_ism: float = 1.0) -> dict[str, float]:
    """Zone boundaries in xi = z/sqrt(t): core xi < sqrt(kappa_NL), pedestal up to sqrt(kappa_ISM)
    (only when kappa_NL < kappa_ISM, i.e. a strong source), tail beyond."""
    sol = similarity_solution(pi)
    knl = sol.kappa_nl * kappa_ism
    return {"xi_core": sqrt(knl), "xi_tail": sqrt(kappa_ism), "has_pedestal": bool(knl < kappa_ism),
            "kappa_nl": knl, "kappa_core": kappa_ism * exp(-pi)}


def local_slope(sol: SimilaritySolution) -> tuple[np.ndarray, np.ndarray]:
    """d ln g / d ln xi along the tabulated profile (0 in the core, -1 on the pedestal)."""
    keep = np.concatenate(([True], np.diff(sol.x) > 0))
    lx, lg = np.log(sol.x[keep]), np.log(sol.g[keep])
    return sol.x[keep], np.gradient(lg, lx)


@dataclass(frozen=True)
class PowerLawSource:
    """Momentum dependence at fixed (z, t): Pi = pi0 (p/p0)^-pi_index,
    kappa_B = kappa_b0 (p/p0)^kappa_index, I_ISM = i_ism0 (p/p0)^i_ism_index (so
    kappa_ISM = kappa_B / I_ISM); xi = z/sqrt(t) in the units of kappa."""

    pi0: float
    kappa_ism0: float
    pi_index: float = 0.5
    kappa_index: float = 1.0
    i_ism_index: float = 2.0 / 3.0

    def pi(self, p):
        return self.pi0 * np.power(p, -self.pi_index)

    def kappa_ism(self, p):
        return self.kappa_ism0 * np.power(p, self.kappa_index - self.i_ism_index)


def break_momentum(xi: float, source: PowerLawSource, p_range=(1e-4, 1e4)) -> float | None:
    """Momentum p/p0 where xi^2 = kappa_NL(p) = F(Pi(p)) kappa_ISM(p) e^(-Pi(p)) (text, end of
    Sec. II), or None when no crossing lies in ``p_range``."""
    def mismatch(lp):
        p = exp(lp)
        pi = float(np.clip(source.pi(p), PI_MIN, PI_MAX))
        return log(factor_F(pi) * float(source.kappa_ism(p)) * exp(-pi)) - 2 * log(xi)

    grid = np.linspace(log(p_range[0]), log(p_range[1]), 41)
    values = [mismatch(lp) for lp in grid]
    for a, b, fa, fb in zip(grid, grid[1:], values, values[1:]):
        if fa == 0:
            return exp(a)
        if fa * fb < 0:
            return exp(brentq(mismatch, a, b, xtol=1e-10))
    return None


def spectrum(xi: float, source: PowerLawSource, momenta) -> np.ndarray:
    """P C_A sqrt(t) / kappa_B0 at xi for each momentum p/p0 (exact similarity profiles)."""
    out = []
    for p in momenta:
        pi = float(np.clip(source.pi(p), PI_MIN, PI_MAX))
        sol = similarity_solution(round(pi, 12))
        out.append(float(p) ** source.kappa_index * sol.shape(xi, float(source.kappa_ism(p)))[()])
    return np.array(out)


def core_spectrum(source: PowerLawSource, p):
    """The core asymptote of the spectrum: (p/p0)^kappa_index * 2/sqrt(kappa_NL(p))."""
    pi = float(np.clip(source.pi(p), PI_MIN, PI_MAX))
    return p ** source.kappa_index * 2 / sqrt(factor_F(pi) * float(source.kappa_ism(p)) * exp(-pi))


def measured_break(xi: float, source: PowerLawSource, p_guess: float, span: float = 4.0,
                   points: int = 13) -> dict[str, float]:
    """Break of the exact spectrum near ``p_guess``: the momentum where its local slope
    d ln P / d ln p is midway between the pedestal slope (kappa_index: P = 2 kappa_B/(C_A z)) and
    the slope of the core asymptote at ``p_guess``.  Exact profiles on ``points`` momenta in
    [p_guess/span, p_guess*span], slope by a cubic spline."""
    lp = np.linspace(log(p_guess / span), log(p_guess * span), points)
    momenta = np.exp(lp)
    spline = CubicSpline(lp, np.log(spectrum(xi, source, momenta)))
    eps = 1e-3
    core_slope = (log(core_spectrum(source, p_guess * exp(eps)))
                  - log(core_spectrum(source, p_guess * exp(-eps)))) / (2 * eps)
    mid = (source.kappa_index + core_slope) / 2
    fine = np.linspace(lp[0], lp[-1], 2001)
    slope = spline(fine, 1) - mid
    crossings = np.nonzero(np.sign(slope[1:]) != np.sign(slope[:-1]))[0]
    if crossings.size == 0:
        return {"p_break": None, "pedestal_slope": float(source.kappa_index), "core_slope": float(core_slope)}
    j = crossings[np.argmin(np.abs(fine[crossings] - log(p_guess)))]
    root = brentq(lambda x: spline(x, 1) - mid, fine[j], fine[j + 1])
    return {"p_break": float(exp(root)), "pedestal_slope": float(source.kappa_index),
            "core_slope": float(core_slope)}


# --------------------------------------------------------------------------- independent route

def shoot_similarity(pi: float, rtol: float = 1e-12) -> dict[str, float]:
    """The similarity solution by a different algorithm: integrate the ODE system
    (derivations.confinement.similarity_system) outward from the core (h0 = 1, g0 unknown) with
    an explicit Runge-Kutta method, and bisect on g0 until ln(h0/h_inf) = Pi.  Practical for
    Pi <~ 15 (the core value must approach the separatrix sqrt(2/e) to ~e^(-Pi/sqrt 2))."""
    from scipy.integrate import solve_ivp

    _check_pi(pi)
    gs, hs = sp.symbols("g h", positive=True)
    system = cf.similarity_system()
    # d ln g/dxi and d ln h/dxi as functions of (xi, g, h): no division by an underflowed g
    rate_g, rate_h = (sp.lambdify((cf.xi, gs, hs), sp.simplify(system[sp.Derivative(fn, cf.xi)].subs(
        {cf.g: gs, cf.h: hs}) / sym), "math") for fn, sym in ((cf.g, gs), (cf.h, hs)))
    xi_max = 12.0 * exp(pi / 2)  # 12 tail widths (kappa_ISM = e^Pi in core units): h_inf to e^-36

    def run(g0):
        def f(x, y):  # y = (ln g, ln h)
            g, h = exp(min(y[0], 700.0)), exp(min(y[1], 700.0))
            return [rate_g(x, g, h), rate_h(x, g, h)]

        def past_separatrix(x, y):  # h collapsing: this g0 carries far more than Pi
            return y[1] + pi + 40.0

        past_separatrix.terminal = True
        sol = solve_ivp(f, (0.0, xi_max), [log(g0), 0.0], method="DOP853", rtol=rtol, atol=1e-14,
                        events=past_separatrix)
        return -sol.y[1, -1], sol

    g_sep = sqrt(2 / np.e)
    g0 = brentq(lambda g0: run(g0)[0] - pi, 1e-12 * g_sep, g_sep * (1 - 1e-15), xtol=1e-16, rtol=1e-15)
    _, sol = run(g0)
    x_tail = 8.0 * exp(pi / 2)
    i = int(np.searchsorted(sol.t, x_tail))
    # tail amplitude in tail units: g e^(x^2/4) at x = xi e^(-Pi/2), g scaled by e^(Pi/2)
    xs = sol.t[i] * exp(-pi / 2)
    amp = exp(sol.y[0, i] + pi / 2 + xs**2 / 4)
    return {"pi": pi, "g0": g0, "F": 4 / g0**2, "tail_amplitude": amp}
