"""The spectral break of escaping CRs at fixed (z, t) (seed 000, end of Sec. II).

For momentum-dependent Pi(p), kappa_B(p) and I_ISM(p) a point at fixed z/sqrt(t) lies on the
pedestal (P = 2 kappa_B/(C_A z), Pi-independent) for p below the break and in the core above it.
The text puts the break where z^2/t = D_NL(p)
(:func:`cranisotropy.derivations.confinement.escape.break_condition`); :func:`spectral_break`
evaluates that criterion and measures the break of the exact spectrum (built from
:func:`~cranisotropy.numerics.confinement.similarity.similarity_solution` at each momentum).

>>> source = PowerLawSource(pi0=6.0, kappa_ism0=2.0, pi_index=0.8)
>>> xi = sqrt(factor_F(6.0) * 2.0 * exp(-6.0))        # z^2/t = kappa_NL(p0)
>>> round(break_momentum(xi, source), 8)
1.0
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import exp, log, sqrt

import numpy as np
import sympy as sp
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement.similarity import PI_MAX, PI_MIN, factor_F, similarity_solution


@lru_cache(maxsize=None)
def _forms():
    """The derivation's break condition and core height, as float functions."""
    F = sp.Symbol("F", positive=True)
    zz, tt = sp.symbols("z t", positive=True)
    return {"condition": sp.lambdify((zz, tt, F, cf.kappa_ism, cf.Pi), cf.break_condition(), "math"),
            "core": sp.lambdify(cf.kappa_nl, cf.interpolation_limits()["core"], "math"),
            "pedestal": sp.lambdify(cf.xi, cf.interpolation_limits()["pedestal"], "math")}


@dataclass(frozen=True)
class PowerLawSource:
    """Momentum dependence of a source at fixed (z, t): power laws in p/p0.

    ``Pi = pi0 (p/p0)^-pi_index``, ``kappa_B = kappa_B0 (p/p0)^kappa_index`` and
    ``I_ISM = I_ISM0 (p/p0)^i_ism_index``, so ``kappa_ISM = kappa_ism0 (p/p0)^(kappa_index -
    i_ism_index)``.

    Parameters
    ----------
    pi0 : float
        Pi at p0 (> 0).
    kappa_ism0 : float
        kappa_ISM = kappa_B / I_ISM at p0 (> 0), in the units of xi^2 = z^2/t used with it.
    pi_index : float
        Pi ~ (p/p0)^-pi_index.
    kappa_index : float
        kappa_B ~ (p/p0)^kappa_index (1: Bohm, relativistic).
    i_ism_index : float
        I_ISM ~ (p/p0)^i_ism_index (2/3: Kolmogorov I(k) ~ k^-2/3 at k r_g = 1).

    Examples
    --------
    >>> src = PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    >>> float(src.pi(4.0)), round(float(src.kappa_ism(8.0)), 12)
    (4.0, 2.0)
    """

    pi0: float
    kappa_ism0: float
    pi_index: float = 0.5
    kappa_index: float = 1.0
    i_ism_index: float = 2.0 / 3.0

    def __post_init__(self):
        for name in ("pi0", "kappa_ism0"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise UsageError(f"{name} must be > 0, got {value!r}")
        for name in ("pi_index", "kappa_index", "i_ism_index"):
            if not np.isfinite(getattr(self, name)):
                raise UsageError(f"{name} must be finite, got {getattr(self, name)!r}")

    def pi(self, p):
        """Pi(p), clipped to the range the similarity solution handles."""
        return np.clip(self.pi0 * np.power(p, -self.pi_index), PI_MIN, PI_MAX)

    def kappa_ism(self, p):
        """kappa_B(p) / I_ISM(p)."""
        return self.kappa_ism0 * np.power(p, self.kappa_index - self.i_ism_index)


def _kappa_nl(source: PowerLawSource, p: float) -> float:
    pi = float(source.pi(p))
    return factor_F(pi) * float(source.kappa_ism(p)) * exp(-pi)


def break_momentum(xi: float, source: PowerLawSource, p_range=(1e-4, 1e4)) -> float | None:
    """The momentum where z^2/t = D_NL(p) = F(Pi(p)) kappa_ISM(p) e^(-Pi(p)) (the text's break).

    Parameters
    ----------
    xi : float
        z / sqrt(t) (> 0), in the units of ``source.kappa_ism0``.
    source : PowerLawSource
        Momentum dependence of Pi, kappa_B and I_ISM.
    p_range : (float, float)
        Momenta p/p0 searched (a log-spaced scan, then Brent's method).

    Returns
    -------
    float or None
        p/p0 at the crossing nearest the low end of ``p_range``, or None when none lies in it.

    Examples
    --------
    >>> src = PowerLawSource(pi0=8.0, kappa_ism0=1.0)
    >>> break_momentum(1e6, src) is None
    True
    """
    if not (np.isfinite(xi) and xi > 0):
        raise UsageError(f"xi must be > 0, got {xi!r}")
    condition = _forms()["condition"]

    def mismatch(lp):   # sign of z^2/t - D_NL(p), scaled to stay O(1) near the crossing
        p = exp(lp)
        pi = float(source.pi(p))
        return condition(xi, 1.0, factor_F(pi), float(source.kappa_ism(p)), pi) / xi**2

    grid = np.linspace(log(p_range[0]), log(p_range[1]), 41)
    values = [mismatch(lp) for lp in grid]
    for a, b, fa, fb in zip(grid, grid[1:], values, values[1:]):
        if fa == 0:
            return exp(a)
        if fa * fb < 0:
            return exp(brentq(mismatch, a, b, xtol=1e-10))
    return None


def momentum_spectrum(xi: float, source: PowerLawSource, momenta, *, log: bool = False) -> np.ndarray:
    """P C_A sqrt(t) / kappa_B(p0) at fixed xi for each momentum p/p0 (exact similarity profiles).

    With ``log=True`` the natural logarithm, finite far into the Gaussian tail.

    >>> src = PowerLawSource(pi0=8.0, kappa_ism0=1.0)
    >>> momentum_spectrum(1e3, src, [1.0]) == 0, np.isfinite(momentum_spectrum(1e3, src, [1.0], log=True))
    (array([ True]), array([ True]))
    """
    out = []
    for p in np.asarray(momenta, dtype=float):
        sol = similarity_solution(round(float(source.pi(p)), 12))
        out.append(source.kappa_index * np.log(p) + sol.log_shape(xi, float(source.kappa_ism(p)))[()])
    out = np.array(out)
    return out if log else np.exp(out)


def core_spectrum(source: PowerLawSource, p) -> float:
    """The core asymptote of the spectrum: (p/p0)^kappa_index 2/sqrt(kappa_NL(p))."""
    return p ** source.kappa_index * _forms()["core"](_kappa_nl(source, p))


def pedestal_spectrum(xi: float, source: PowerLawSource, p) -> np.ndarray:
    """The pedestal asymptote 2 kappa_B(p) / (C_A z) in the units of :func:`momentum_spectrum`."""
    return np.power(p, source.kappa_index) * _forms()["pedestal"](xi)


@dataclass(frozen=True)
class SpectralBreak(Result):
    """The break of the spectrum at fixed xi (see :func:`spectral_break`)."""

    xi: float
    criterion: float | None
    measured: float | None
    pedestal_slope: float | None
    core_slope: float | None


def _measured_break(xi: float, source: PowerLawSource, p_guess: float, span: float = 4.0,
                    points: int = 13):
    """Mid-slope break of the exact spectrum near ``p_guess`` (see :func:`spectral_break`)."""
    lp = np.linspace(log(p_guess / span), log(p_guess * span), points)
    spline = CubicSpline(lp, momentum_spectrum(xi, source, np.exp(lp), log=True))
    eps = 1e-3
    core_slope = (log(core_spectrum(source, p_guess * exp(eps)))
                  - log(core_spectrum(source, p_guess * exp(-eps)))) / (2 * eps)
    mid = (source.kappa_index + core_slope) / 2
    fine = np.linspace(lp[0], lp[-1], 2001)
    slope = spline(fine, 1) - mid
    crossings = np.nonzero(np.sign(slope[1:]) != np.sign(slope[:-1]))[0]
    if crossings.size == 0:
        return None, float(core_slope)
    j = crossings[np.argmin(np.abs(fine[crossings] - log(p_guess)))]
    return float(exp(brentq(lambda x: spline(x, 1) - mid, fine[j], fine[j + 1]))), float(core_slope)


def spectral_break(xi: float, source: PowerLawSource, p_range=(1e-4, 1e4)) -> SpectralBreak:
    """The spectral break at fixed z/sqrt(t): the text's criterion and the exact spectrum's.

    The criterion is :func:`break_momentum` (z^2/t = D_NL(p)).  The measured break is the
    momentum where the local slope d ln P / d ln p of the exact spectrum is midway between the
    pedestal slope (``kappa_index``: P = 2 kappa_B / (C_A z)) and the slope of the core
    asymptote 2 kappa_B / (C_A sqrt(D_NL t)) at the criterion (exact profiles on 13 momenta
    within a factor 4 of it, slope from a cubic spline).

    Parameters
    ----------
    xi, source, p_range
        As in :func:`break_momentum`.

    Returns
    -------
    SpectralBreak
        ``criterion`` and ``measured`` (p/p0, None when not found), ``pedestal_slope`` and
        ``core_slope`` (None without a criterion).

    Examples
    --------
    >>> src = PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    >>> b = spectral_break(2 * sqrt(factor_F(8.0) * exp(-8.0)), src)
    >>> round(b.criterion, 3), round(b.measured, 3)
    (1.409, 1.458)
    """
    criterion = break_momentum(xi, source, p_range)
    if criterion is None:
        return SpectralBreak(float(xi), None, None, None, None)
    measured, core_slope = _measured_break(xi, source, criterion)
    return SpectralBreak(float(xi), criterion, measured, float(source.kappa_index), core_slope)
