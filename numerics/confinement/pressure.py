"""The CR partial pressure per unit ln p (seed 000 eq. 3), two ways.

:func:`pressure_quadrature` integrates the derived per-ln-p pressure
(:func:`cranisotropy.derivations.confinement.escape.pressure_per_log_momentum`,
(4 pi/3) v p^4 f) over ln p; :func:`pressure_monte_carlo` measures the momentum flux
<v_z p_z> = (1/3) int v p f d^3p directly over isotropic momenta.  Units m c = 1, so
v = p / sqrt(1 + p^2) (in units of c); the distribution is f = p^-slope on [p1, p2].

>>> q = pressure_quadrature(4.5, 1.0, 100.0)
>>> mc, err = pressure_monte_carlo(4.5, 1.0, 100.0, n_samples=100_000, seed=1)
>>> bool(abs(mc - q) < 5 * err)
True
"""
from __future__ import annotations

from functools import lru_cache
from math import log, pi, sqrt

import numpy as np
import sympy as sp
from scipy.integrate import quad

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.confinement import escape as cf


def _check(slope: float, p1: float, p2: float) -> None:
    if not (0 < p1 < p2 and np.isfinite(p2)):
        raise UsageError(f"need 0 < p1 < p2, got {p1!r}, {p2!r}")
    if slope == 3:
        raise UsageError("slope 3 makes the number density logarithmic; use another slope")


@lru_cache(maxsize=None)
def _per_log_momentum():
    """(p, speed, f value) -> derived pressure per ln p, as a float function."""
    f_value = sp.Symbol("f_p", positive=True)
    expr = cf.pressure_per_log_momentum().subs(cf.f_cr, f_value)
    return sp.lambdify((cf.p, cf.v_cr, f_value), expr, "math")


def _speed(p):
    return p / np.sqrt(1 + p**2)


def pressure_quadrature(slope: float, p1: float, p2: float) -> float:
    """int (4 pi/3) v p^4 f d ln p over [p1, p2] for f = p^-slope (eq. 3 without its units).

    For f = p^-4 the integrand is (4 pi/3) dp / sqrt(1 + p^2):

    >>> from math import asinh
    >>> round(pressure_quadrature(4.0, 1.0, 2.0) / (4 * pi / 3) - (asinh(2) - asinh(1)), 12)
    0.0
    """
    _check(slope, p1, p2)
    per_log = _per_log_momentum()
    return quad(lambda lq: per_log(np.exp(lq), _speed(np.exp(lq)), np.exp(lq) ** -slope),
                log(p1), log(p2))[0]


def pressure_monte_carlo(slope: float, p1: float, p2: float, *, n_samples: int = 400_000,
                         seed=20261122) -> tuple[float, float]:
    """(1/3) int v p f d^3p as the mean momentum flux v_z p_z over isotropic momenta.

    The momentum magnitude is drawn with density ~ p^2 f on [p1, p2] (inverse transform), mu = cos(angle to z)
    uniformly; returns the estimate and its standard error.

    >>> mc, err = pressure_monte_carlo(4.5, 1.0, 100.0, n_samples=10_000, seed=0)
    >>> bool(0 < err < 0.05 * mc)
    True
    """
    _check(slope, p1, p2)
    rng = np.random.default_rng(seed)
    a = 3 - slope
    q = (p1**a + rng.random(n_samples) * (p2**a - p1**a)) ** (1 / a)
    mu = rng.uniform(-1, 1, n_samples)
    number = 4 * pi * (p2**a - p1**a) / a  # int 4 pi p^2 f dp
    values = _speed(q) * q * mu**2 * number
    return float(values.mean()), float(values.std() / sqrt(n_samples))
