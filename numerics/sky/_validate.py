"""Input checks of the sky API: each raises :class:`~cranisotropy.core.errors.UsageError` naming
the parameter and the value (the CLI turns it into one line and exit code 2).

>>> integer("lmax", 4.0, 1)
4
>>> positive("n_events", "1e9")
1000000000.0
"""
from __future__ import annotations

import math
import numbers

from cranisotropy.core.errors import UsageError


def finite(name: str, value) -> float:
    """``value`` as a finite float."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise UsageError(f"{name} must be a finite number, got {number}")
    return number


def positive(name: str, value) -> float:
    """``value`` as a finite float > 0."""
    number = finite(name, value)
    if number <= 0:
        raise UsageError(f"{name} must be > 0, got {number:g}")
    return number


def integer(name: str, value, lower: int | None = None, upper: int | None = None) -> int:
    """``value`` as an int in [``lower``, ``upper``] (floats with an integer value are accepted)."""
    whole = isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole:
        raise UsageError(f"{name} must be an integer, got {value!r}")
    number = int(value)
    if lower is not None and number < lower:
        raise UsageError(f"{name} must be >= {lower}, got {number}")
    if upper is not None and number > upper:
        raise UsageError(f"{name} must be <= {upper}, got {number}")
    return number
