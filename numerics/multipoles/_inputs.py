"""Input checks of the multipoles API: each returns the normalised value or raises ``UsageError``
(a ``ValueError``) naming the argument and the value it got."""
from __future__ import annotations

import math

import numpy as np

from cranisotropy.core.errors import UsageError

#: largest multipole accepted by the public functions (memory/time stay small)
LMAX_LIMIT = 100_000


def integer(name: str, value, lo: int, hi: int) -> int:
    """An integer in [lo, hi] (booleans and floats are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise UsageError(f"{name} must be an integer, got {value!r}")
    if not lo <= value <= hi:
        raise UsageError(f"{name} must be in [{lo}, {hi}], got {value}")
    return int(value)


def lmax(value, name: str = "lmax") -> int:
    return integer(name, value, 1, LMAX_LIMIT)


def number(name: str, value, *, positive: bool = False, nonnegative: bool = False,
           allow_inf: bool = False) -> float:
    """A real number (finite unless ``allow_inf``), optionally > 0 or >= 0."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(out) or (math.isinf(out) and not allow_inf):
        raise UsageError(f"{name} must be finite, got {value!r}")
    if positive and not out > 0:
        raise UsageError(f"{name} must be > 0, got {value!r}")
    if nonnegative and not out >= 0:
        raise UsageError(f"{name} must be >= 0, got {value!r}")
    return out


def nu_t(value) -> float:
    """nu T >= 0 (``math.inf`` allowed: the T -> oo limit)."""
    return number("nu T", value, nonnegative=True, allow_inf=True)


def exponent(value) -> float:
    """The exponent p of nu_r ~ (1-x)^p, strictly between 0 and 1."""
    p = number("p", value)
    if not 0.0 < p < 1.0:
        raise UsageError(f"p must lie strictly between 0 and 1, got {value!r}")
    return p


def choice(name: str, value, options: tuple[str, ...]) -> str:
    if value not in options:
        raise UsageError(f"{name} must be one of {', '.join(options)}, got {value!r}")
    return value


def tensor(value, name: str) -> np.ndarray:
    """A finite 3x3 tensor."""
    out = np.asarray(value, dtype=float)
    if out.shape != (3, 3) or not np.all(np.isfinite(out)):
        raise UsageError(f"{name} must be a finite 3x3 tensor, got shape {out.shape}")
    return out


def vector(value, name: str) -> np.ndarray:
    """A finite 3-vector."""
    out = np.asarray(value, dtype=float)
    if out.shape != (3,) or not np.all(np.isfinite(out)):
        raise UsageError(f"{name} must be a finite 3-vector, got shape {out.shape}")
    return out


def times(value, name: str = "times") -> np.ndarray:
    """A non-empty, strictly increasing 1-D array of positive, finite times."""
    out = np.ascontiguousarray(value, dtype=float)
    if out.ndim != 1 or out.size == 0 or np.any(~np.isfinite(out)) or np.any(out <= 0) \
            or np.any(np.diff(out) <= 0):
        raise UsageError(f"{name} must be a non-empty, strictly increasing list of positive numbers, "
                         f"got {value!r}")
    return out
