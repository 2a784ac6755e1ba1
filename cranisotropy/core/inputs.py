"""Input checks of the public API, written once: each returns the normalised value or raises
:class:`~cranisotropy.core.errors.UsageError` (a ``ValueError``) naming the argument and the value
it got (the CLI turns it into one line and exit code 2).

>>> number("n_events", "1e9", positive=True)
1000000000.0
>>> integer("lmax", 4, 1)
4
>>> number("eps", 1.5, lo=0, hi=1)
Traceback (most recent call last):
...
cranisotropy.core.errors.UsageError: eps must be <= 1, got 1.5
"""
from __future__ import annotations

import math
import numbers

from cranisotropy.core.errors import UsageError

__all__ = ["number", "integer", "choice", "array"]


def number(name: str, value, *, positive: bool = False, nonnegative: bool = False,
           lo: float | None = None, hi: float | None = None, allow_inf: bool = False) -> float:
    """``value`` as a float: finite (unless ``allow_inf``), optionally > 0, >= 0, in [lo, hi]."""
    if isinstance(value, bool):
        raise UsageError(f"{name} must be a number, got {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(out) or (math.isinf(out) and not allow_inf):
        raise UsageError(f"{name} must be a finite number, got {value!r}")
    if positive and not out > 0:
        raise UsageError(f"{name} must be > 0, got {value!r}")
    if nonnegative and not out >= 0:
        raise UsageError(f"{name} must be >= 0, got {value!r}")
    if lo is not None and out < lo:
        raise UsageError(f"{name} must be >= {lo:g}, got {value!r}")
    if hi is not None and out > hi:
        raise UsageError(f"{name} must be <= {hi:g}, got {value!r}")
    return out


def integer(name: str, value, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an int in [lo, hi] (Python or numpy integers; floats and bools are refused)."""
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not isinstance(value, numbers.Integral):
        raise UsageError(f"{name} must be an integer, got {value!r}")
    out = int(value)
    if lo is not None and out < lo:
        raise UsageError(f"{name} must be >= {lo}, got {out}")
    if hi is not None and out > hi:
        raise UsageError(f"{name} must be <= {hi}, got {out}")
    return out


def choice(name: str, value, options) -> str:
    """``value`` if it is one of ``options``."""
    if value not in options:
        raise UsageError(f"{name} must be one of {', '.join(map(str, options))}, got {value!r}")
    return value


def array(name: str, value, *, shape: tuple | None = None, positive: bool = False,
          increasing: bool = False):
    """``value`` as a finite float64 numpy array, optionally of ``shape`` (``None`` entries are
    free), all > 0, strictly increasing (1-D, non-empty).

    >>> array("times", [1, 2, 4], positive=True, increasing=True)
    array([1., 2., 4.])
    """
    import numpy as np

    try:
        out = np.ascontiguousarray(value, dtype=float)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be an array of numbers, got {value!r}") from None
    if shape is not None and (out.ndim != len(shape) or any(
            want is not None and got != want for got, want in zip(out.shape, shape))):
        raise UsageError(f"{name} must have shape {shape}, got {out.shape}")
    if not np.all(np.isfinite(out)):
        raise UsageError(f"{name} must be finite, got {value!r}")
    if positive and np.any(out <= 0):
        raise UsageError(f"{name} must be > 0, got {value!r}")
    if increasing and (out.ndim != 1 or out.size == 0 or np.any(np.diff(out) <= 0)):
        raise UsageError(f"{name} must be a non-empty, strictly increasing list, got {value!r}")
    return out
