"""Self-similar CR escape from a source and the accuracy of the interpolation formula (5).

Seed 000, Sec. II.  At late times outside the source, the coupled system (1)-(2) (Gamma = 0) has
the similarity solution ``P = (kappa_B / C_A) t^(-1/2) g(xi)``, ``I = kappa_B h(xi)``,
``xi = z / sqrt(t)``.  :mod:`cranisotropy.derivations.confinement.escape` reduces it to
quadratures with a Lambert-W integrand; this module evaluates them:

- :func:`similarity_solution` -- the exact profile for a given Pi (any kappa_ISM by scaling);
- :func:`factor_F` -- F(Pi) = kappa_NL / (kappa_ISM e^-Pi) with kappa_NL from the exact core
  height, or the F that makes (5) carry the right CR content Pi;
- :func:`shoot_similarity` -- the same solution by another algorithm (ODE shooting);
- :func:`interpolation_profile`, :func:`interpolation_accuracy`, :func:`pi_scan` -- formula (5)
  and its errors against the exact profile.

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
from scipy.integrate import cumulative_simpson, quad, simpson, solve_ivp
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.kernels.generated.confinement_interpolation import (
    confinement_interpolation,
    confinement_interpolation_array,
)

#: range of Pi handled: below it the source is a test-particle one (F = 4 pi/Pi^2 to 1e-6);
#: above it e^Pi approaches the float range
PI_MIN, PI_MAX = 1e-6, 100.0
_V_LO, _V_HI = -70.0, 5.0


def check_pi(pi: float) -> float:
    """``pi`` as a float, or ``UsageError`` naming it when outside [PI_MIN, PI_MAX].

    >>> check_pi(3)
    3.0
    """
    try:
        value = float(pi)
    except (TypeError, ValueError):
        raise UsageError(f"Pi must be a number, got {pi!r}") from None
    if not (PI_MIN <= value <= PI_MAX):
        raise UsageError(f"Pi must lie in [{PI_MIN:g}, {PI_MAX:g}] (below: test-particle limit; "
                         f"above: e^Pi out of range), got {pi!r}")
    return value


@lru_cache(maxsize=None)
def _lambdified():
    """The derivation's closed forms as numpy functions (evaluated, never re-typed)."""
    prof = cf.profile_in_core_units()
    Y = sp.Symbol("Y", real=True)
    args = (cf.v, Y, cf.w)
    F, kappa_ism = sp.Symbol("F", positive=True), sp.Symbol("kappa_ISM", positive=True)
    return {
        "F": sp.lambdify(cf.delta, cf.factor_F(), "math"),
        "xi": sp.lambdify(args, prof["xi"], "numpy"),
        "g": sp.lambdify(args, prof["g"], "numpy"),
        "h": sp.lambdify(args, prof["h"], "numpy"),
        "dxi_dv": sp.lambdify(args, prof["dxi_dv"], "numpy"),
        "integrand": sp.lambdify(cf.w, cf.pi_integrand(), "numpy"),
        "branch": sp.lambdify((cf.w, cf.v, cf.delta), cf.branch_equation(), "numpy"),
        "tail": sp.lambdify((F, kappa_ism), cf.tail_amplitude(), "math"),
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
    """Root w in (0, 1] of ln w - w + 1 + kappa = 0 and its distance 1 - w to the branch point.

    ``w = -W_0(-e^(-1-kappa))`` for ``kappa >= 0``, both outputs to full relative precision:
    Newton in ``t = 1 - w`` from the branch-point series when w >= 1/2, Newton in ln w otherwise.

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
    return u, sigma * np.sinh(u), sigma * np.cosh(u)


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


def _pi_of_delta(delta: float, step: float = ROOT_STEP, derivative: bool = False):
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


@lru_cache(maxsize=256)
def _delta_of_pi(pi: float, step: float = ROOT_STEP) -> float:
    """Invert :func:`_pi_of_delta` (monotone decreasing): safeguarded Newton in y = ln delta on
    ln Pi(y), started from the small- and large-Pi asymptotes and kept inside a bracket."""
    lo, hi = log(1e-300), log(60.0)          # Pi(lo) > pi > Pi(hi)
    guess = (_LARGE_PI_OFFSET - pi) / sqrt(2) if pi > 2 else log(max(2 * log(sqrt(2 * np.pi) / pi) - 1, 1e-3))
    y = min(max(guess, lo + 1), hi - 1)
    for _ in range(100):
        value, slope = _pi_of_delta(exp(y), step, derivative=True)
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


#: the two definitions of F in :func:`factor_F`
F_CHOICES = ("exact", "normalised")


def factor_F(pi: float, kind: str = "exact") -> float:
    """The factor F(Pi) of the suppressed diffusivity D_NL = F(Pi) D_ISM e^-Pi.

    Parameters
    ----------
    pi : float
        Normalised source strength Pi = (C_A / kappa_B) int_0^inf P_CR dz, in [1e-6, 100].
    kind : {"exact", "normalised"}
        ``"exact"``: F from the exact core height of the similarity solution, g(0) =
        2/sqrt(kappa_NL) (then F = 8 e^-C = 2e e^delta in the first-integral constant C);
        ``"normalised"``: the F for which the interpolation formula (5) carries exactly the CR
        content Pi.

    Returns
    -------
    float
        F = kappa_NL e^Pi / kappa_ISM: 2e for Pi >> 1, 4 pi / Pi^2 for Pi << 1 (``"exact"``).

    See Also
    --------
    similarity_solution : the profile whose core height defines the exact F.

    Examples
    --------
    >>> round(factor_F(30.0), 6), round(factor_F(3.0, "normalised"), 3)
    (5.436564, 9.296)
    """
    pi = check_pi(pi)
    if kind == "exact":
        return float(_lambdified()["F"](_delta_of_pi(pi)))
    if kind == "normalised":
        return _factor_F_normalised(pi)
    raise UsageError(f"F kind must be one of {', '.join(F_CHOICES)}, got {kind!r}")


# --------------------------------------------------------------------------- the exact profile

@dataclass(frozen=True)
class SimilaritySolution(Result):
    """Exact self-similar profile for one Pi, tabulated in tail units (kappa_ISM = 1).

    Parameters
    ----------
    pi : float
        Source strength Pi.
    delta : float
        Distance delta = C* - C of the first-integral constant from the separatrix.
    F : float
        F(Pi) from the core height.
    x : ndarray
        xi / sqrt(kappa_ISM), increasing.
    g : ndarray
        P C_A sqrt(t) / kappa_B times sqrt(kappa_ISM) at ``x``.
    h : ndarray
        I / kappa_B times kappa_ISM at ``x``.
    weight : ndarray
        Quadrature weights for integrals over x (Simpson in the grid variable).

    Examples
    --------
    >>> sol = similarity_solution(8.0)
    >>> round(sol.kappa_nl, 6), round(sol.core_height / sol.tail_amplitude / exp(4.0), 9)
    (0.001838, 1.0)
    """

    pi: float
    delta: float
    F: float
    x: np.ndarray
    g: np.ndarray
    h: np.ndarray
    weight: np.ndarray

    def __str__(self) -> str:
        return (f"similarity solution, Pi = {self.pi:g}: F = {self.F:.6g}, kappa_NL/kappa_ISM = "
                f"{self.kappa_nl:.4g}, core height {self.core_height:.4g}, tail amplitude "
                f"{self.tail_amplitude:.4g} ({self.x.size} points, x = {self.x[0]:.2g} .. {self.x[-1]:.3g})")

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
        """g(0) = 2/sqrt(kappa_NL) (tail units)."""
        return 2 / sqrt(self.kappa_nl)

    def _spline(self, which: str) -> CubicSpline:
        cache = self.__dict__.setdefault("_splines", {})
        if which not in cache:
            keep = np.concatenate(([True], np.diff(self.x) > 0))
            values = self.g if which == "g" else self.h
            cache[which] = CubicSpline(np.log(self.x[keep]), np.log(values[keep]))
        return cache[which]

    def log_shape(self, x, kappa_ism: float = 1.0) -> np.ndarray:
        """ln g(xi) at xi = x (same units as kappa_ism); finite far into the tail."""
        xs = np.asarray(x, dtype=float) / sqrt(kappa_ism)
        out = np.empty_like(xs)
        lo, hi = xs <= self.x[0], xs >= self.x[-1]
        mid = ~(lo | hi)
        out[lo] = log(self.core_height)
        out[hi] = log(self.tail_amplitude) - xs[hi] ** 2 / 4
        out[mid] = self._spline("g")(np.log(xs[mid]))
        return out - 0.5 * log(kappa_ism)

    def shape(self, x, kappa_ism: float = 1.0) -> np.ndarray:
        """g(xi) = P C_A sqrt(t)/kappa_B at xi = x (same units as kappa_ism)."""
        return np.exp(self.log_shape(x, kappa_ism))

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

    def content(self) -> float:
        """int_0^inf g dx, which is Pi for the exact profile (a check of the quadrature)."""
        return float(np.sum(self.g * self.weight))

    def slope(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, d ln g / d ln x) along the table: 0 in the core, -1 on the pedestal."""
        keep = np.concatenate(([True], np.diff(self.x) > 0))
        lx, lg = np.log(self.x[keep]), np.log(self.g[keep])
        return self.x[keep], np.gradient(lg, lx)

    def pedestal_plateau(self, points: int = 400) -> float:
        """max of g xi / 2 between the core edge sqrt(kappa_NL) and the tail, xi = 1.

        The pedestal P = 2 kappa_B / (C_A z) has the value 1; it is approached as Pi grows.
        """
        x = np.geomspace(sqrt(self.kappa_nl), 1.0, points)
        return float(np.max(self.shape(x) * x / 2))


def similarity_solution(pi: float, *, step: float = PROFILE_STEP) -> SimilaritySolution:
    """The exact self-similar CR and wave profiles for one source strength Pi.

    From the Lambert-W quadrature (seed 000 Sec. II; Ref. 34's "implicit form" made explicit):
    w(v) on the core branch of the first integral, Y = int w/(1-w) dv, then xi, g and h in
    closed form (:func:`cranisotropy.derivations.confinement.escape.profile_in_core_units`).

    Parameters
    ----------
    pi : float
        Normalised source strength Pi = (C_A / kappa_B) int_0^inf P_CR dz, in [1e-6, 100].
    step : float, keyword-only
        Grid spacing of the quadrature variable (Simpson; error ~ step^4).

    Returns
    -------
    SimilaritySolution
        The table in tail units (kappa_ISM = 1), with ``F``, ``kappa_nl``, ``core_height``,
        ``tail_amplitude`` and the interpolating ``shape(xi, kappa_ism)`` (P C_A sqrt(t) /
        kappa_B) and ``wave(xi, kappa_ism)`` (I / kappa_B), xi = z / sqrt(t).

    See Also
    --------
    shoot_similarity : the same solution by ODE shooting.
    interpolation_profile : the interpolation formula (5).

    Examples
    --------
    >>> sol = similarity_solution(3.0)
    >>> round(sol.content(), 9), round(float(sol.wave(0.0)[()]) / exp(3.0), 9)
    (3.0, 1.0)
    """
    return _similarity_solution(check_pi(pi), float(step))


@lru_cache(maxsize=64)
def _similarity_solution(pi: float, step: float) -> SimilaritySolution:
    delta = _delta_of_pi(pi)
    lam = _lambdified()
    u, v, dv_du, w, tdist, integrand = _branch_on_grid(delta, step)
    Y = _lower_tail(delta) + cumulative_simpson(integrand * dv_du, x=u, initial=0.0)
    # core units (h0 = 1, kappa_ISM = e^Pi) -> tail units (kappa_ISM = 1): x = xi e^(-Pi/2)
    scale = exp(-pi / 2)
    x = lam["xi"](v, Y, w) * scale
    g = lam["g"](v, Y, w) / scale
    h = lam["h"](v, Y, w) / scale**2
    with np.errstate(divide="ignore"):
        dx_dv = x / (2 * tdist)  # = dxi_dv in core units times scale, stable form
    simpson_w = np.ones(u.size)
    simpson_w[1:-1:2], simpson_w[2:-1:2] = 4.0, 2.0
    weight = simpson_w * (u[1] - u[0]) / 3 * dv_du * np.where(np.isfinite(dx_dv), dx_dv, 0.0)
    return SimilaritySolution(pi=pi, delta=float(delta), F=float(lam["F"](delta)),
                              x=x, g=g, h=h, weight=weight)


@dataclass(frozen=True)
class ShootingSolution(Result):
    """Similarity solution found by shooting: core value ``g0`` (core units), ``F`` = 4/g0^2,
    and the tail amplitude in tail units."""

    pi: float
    g0: float
    F: float
    tail_amplitude: float


def shoot_similarity(pi: float, *, rtol: float = 1e-12) -> ShootingSolution:
    """The similarity solution by a different algorithm: ODE shooting from the core.

    Integrates the similarity system g' = -(xi/2) g h, h' = -g h
    (:func:`cranisotropy.derivations.confinement.escape.similarity_system`) outward from the core
    (h0 = 1, g0 unknown) with an explicit Runge-Kutta method (DOP853), and bisects on g0 until
    ln(h0/h_inf) = Pi.  Practical for Pi <~ 15: the core value must approach the separatrix
    value sqrt(2/e) to ~e^(-Pi/sqrt 2).

    Parameters
    ----------
    pi : float
        Normalised source strength, in [1e-6, 100] (accurate below ~15).
    rtol : float, keyword-only
        Relative tolerance of the ODE integration.

    Returns
    -------
    ShootingSolution
        ``g0``, ``F`` = 4/g0^2 (the core-height F) and ``tail_amplitude`` (tail units).

    See Also
    --------
    similarity_solution : the Lambert-W quadrature this confirms.

    Examples
    --------
    >>> round(shoot_similarity(3.0).F / factor_F(3.0), 9)
    1.0
    """
    pi = check_pi(pi)
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
    i = int(np.searchsorted(sol.t, 8.0 * exp(pi / 2)))
    # tail amplitude in tail units: g e^(x^2/4) at x = xi e^(-Pi/2), g scaled by e^(Pi/2)
    xs = sol.t[i] * exp(-pi / 2)
    return ShootingSolution(pi=pi, g0=float(g0), F=float(4 / g0**2),
                            tail_amplitude=float(exp(sol.y[0, i] + pi / 2 + xs**2 / 4)))


# --------------------------------------------------------------------------- interpolation (5)

def interpolation_profile(xi, kappa_nl: float, kappa_ism: float = 1.0) -> np.ndarray:
    """The interpolation formula (5) for the escaping CR profile, in similarity variables.

    g5(xi) = P C_A sqrt(t) / kappa_B = 2 [xi^(5/3) + kappa_NL^(5/6)]^(-3/5) exp(-xi^2/(4 kappa_ISM)),
    evaluated by the kernel generated from
    :func:`cranisotropy.derivations.confinement.escape.interpolation_shape` (the seed's cloud size
    a drops out in these variables).

    Parameters
    ----------
    xi : array_like
        z / sqrt(t) (>= 0), in the length and time units of the diffusivities.
    kappa_nl : float
        Suppressed diffusivity D_NL = F(Pi) kappa_ISM e^-Pi (> 0).
    kappa_ism : float
        Background diffusivity kappa_B / I_ISM (> 0); 1 for tail units.

    Returns
    -------
    ndarray
        g5 at each ``xi``.

    Examples
    --------
    >>> [round(float(v), 6) for v in interpolation_profile([0.0, 1.0], 0.25)]
    [4.0, 1.321615]
    """
    if not (kappa_nl > 0 and kappa_ism > 0):
        raise UsageError(f"kappa_nl and kappa_ism must be > 0, got {kappa_nl!r}, {kappa_ism!r}")
    xi = np.asarray(xi, dtype=float)
    if np.any(xi < 0):
        raise UsageError(f"xi must be >= 0, got {xi.min()!r}")
    # full arrays: a broadcast size-1 view would reach numba as a warn-on-write array
    return confinement_interpolation_array(xi, np.full_like(xi, kappa_nl), np.full_like(xi, kappa_ism))


def interpolation_content(kappa_nl: float, kappa_ism: float = 1.0) -> float:
    """int_0^inf g5 dxi: the Pi that formula (5) carries for given kappa_NL, kappa_ISM (quadrature
    in ln xi across the pedestal, where g5 ~ 2/xi spans many decades).

    With kappa_NL >> kappa_ISM (a weak source) g5 is the Gaussian 2 kappa_NL^(-1/2) e^(-xi^2/4):

    >>> round(interpolation_content(1e8) / (2e-4 * sqrt(np.pi)), 6)
    1.0
    """
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
def _factor_F_normalised(pi: float) -> float:
    """The F for which formula (5) carries exactly the CR content Pi (kappa_ISM = 1)."""
    return exp(brentq(lambda lf: interpolation_content(exp(lf - pi)) - pi, -30.0, 60.0,
                      xtol=1e-13, rtol=1e-15))


@dataclass(frozen=True)
class InterpolationAccuracy(Result):
    """Errors of formula (5) against the exact profile for one Pi (see
    :func:`interpolation_accuracy`)."""

    pi: float
    F_choice: str
    F: float
    kappa_nl: float
    l1: float
    max_rel_bulk: float
    max_rel_2: float
    rel_at_3: float
    core: float
    content: float


def interpolation_accuracy(pi: float, F: str = "exact") -> InterpolationAccuracy:
    """Errors of the interpolation formula (5) against the exact similarity profile.

    Parameters
    ----------
    pi : float
        Normalised source strength, in [1e-6, 100].
    F : {"exact", "normalised"}
        Which F(Pi) formula (5) uses (see :func:`factor_F`).

    Returns
    -------
    InterpolationAccuracy
        ``l1``: int abs(g5 - g) dxi / Pi (fraction of the CR content misplaced); ``max_rel_bulk``:
        max abs(g5/g - 1) for xi <= sqrt(kappa_ISM) (core and pedestal); ``max_rel_2``: the same up
        to 2 sqrt(kappa_ISM); ``rel_at_3``: g5/g - 1 at xi = 3 sqrt(kappa_ISM) (tail); ``core``:
        g5/g - 1 at xi = 0; ``content``: int g5 dxi / Pi - 1; and the ``F``, ``kappa_nl`` used.

    Examples
    --------
    >>> acc = interpolation_accuracy(3.0)
    >>> round(acc.l1, 3), round(acc.max_rel_bulk, 3), abs(acc.core) < 1e-12
    (0.086, 0.149, True)
    """
    sol = similarity_solution(pi)
    Fv = factor_F(sol.pi, F)
    knl = Fv * exp(-sol.pi)
    g5 = interpolation_profile(sol.x, knl)
    rel = g5 / sol.g - 1
    bulk, two = sol.x <= 1.0, sol.x <= 2.0
    at3 = float(interpolation_profile(3.0, knl) / sol.shape(3.0)[()] - 1)
    return InterpolationAccuracy(
        pi=sol.pi, F_choice=F, F=Fv, kappa_nl=knl,
        l1=float(np.sum(np.abs(g5 - sol.g) * sol.weight) / sol.pi),
        max_rel_bulk=float(np.max(np.abs(rel[bulk]))), max_rel_2=float(np.max(np.abs(rel[two]))),
        rel_at_3=at3, core=float(2 / sqrt(knl) / sol.core_height - 1),
        content=float(interpolation_content(knl) / sol.pi - 1))


DEFAULT_PI_SCAN = (0.01, 0.1, 0.3, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0)


@dataclass(frozen=True)
class PiScan(Result):
    """:func:`interpolation_accuracy` with both F choices over a scan of Pi, plus the content
    error and tail amplitude of the exact profile (one entry per Pi in each field)."""

    pi: np.ndarray
    F_exact: np.ndarray
    F_normalised: np.ndarray
    profile_content_error: np.ndarray
    tail_amplitude: np.ndarray
    exact: tuple[InterpolationAccuracy, ...]
    normalised: tuple[InterpolationAccuracy, ...]

    def to_markdown(self) -> str:
        """The accuracy table of formula (5) (3 significant digits), as in docs/confinement.md."""
        lines = ["| Pi | F exact | F normalising (5) | L1 / Pi | max rel. z <= sqrt(kappa_ISM t) | "
                 "max rel. z <= 2 sqrt(kappa_ISM t) | rel. at 3 sqrt(kappa_ISM t) | L1 / Pi | "
                 "max rel. z <= sqrt(kappa_ISM t) | content of (5) |",
                 "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for k, (e, m) in enumerate(zip(self.exact, self.normalised)):
            lines.append(f"| {self.pi[k]:g} | {self.F_exact[k]:.4g} | {self.F_normalised[k]:.4g} | "
                         f"{e.l1:.3f} | {e.max_rel_bulk:.3f} | {e.max_rel_2:.3f} | {e.rel_at_3:+.3f} | "
                         f"{m.l1:.3f} | {m.max_rel_bulk:.3f} | {e.content:+.3f} |")
        return "\n".join(lines)


def pi_scan(pis=DEFAULT_PI_SCAN, *, show_progress: bool = False) -> PiScan:
    """Accuracy of the interpolation formula (5) over a scan of source strengths.

    Parameters
    ----------
    pis : sequence of float
        Source strengths Pi, each in [1e-6, 100].
    show_progress : bool, keyword-only
        A progress bar on stderr.

    Returns
    -------
    PiScan
        Per Pi: exact and normalising F, the :func:`interpolation_accuracy` for both, the content
        error of the exact profile and its tail amplitude; ``to_markdown()`` gives the table of
        docs/confinement.md.

    Examples
    --------
    >>> scan = pi_scan([0.1, 10.0])
    >>> [round(e.l1, 3) for e in scan.exact], scan.F_normalised.round(2).tolist()
    ([0.016, 0.038], [1381.87, 7.15])
    """
    from cranisotropy.core.progress import progress

    pis = [check_pi(p) for p in pis]
    sols = [similarity_solution(p) for p in (progress(pis, desc="Pi scan", unit="Pi") if show_progress else pis)]
    exact = tuple(interpolation_accuracy(s.pi, "exact") for s in sols)
    norm = tuple(interpolation_accuracy(s.pi, "normalised") for s in sols)
    return PiScan(pi=np.array(pis), F_exact=np.array([s.F for s in sols]),
                  F_normalised=np.array([m.F for m in norm]),
                  profile_content_error=np.array([s.content() / s.pi - 1 for s in sols]),
                  tail_amplitude=np.array([s.tail_amplitude for s in sols]), exact=exact, normalised=norm)
