"""argparse ``type=`` converters whose errors name the bad value (exit 2 through the CLI).

>>> open_interval(0, 1)("0.5")
0.5
"""
from __future__ import annotations

import argparse
import math


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def finite_float(text: str) -> float:
    return _number(text)


def positive_float(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be > 0")
    return value


def nonnegative_float(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be >= 0")
    return value


def _interval(lo: float, hi: float, closed: bool):
    brackets = "[]" if closed else "()"
    inside = (lambda v: lo <= v <= hi) if closed else (lambda v: lo < v < hi)

    def convert(text: str) -> float:
        value = _number(text)
        if not inside(value):
            raise argparse.ArgumentTypeError(
                f"{text!r} must lie in {brackets[0]}{lo:g}, {hi:g}{brackets[1]}")
        return value

    convert.__name__ = f"number in {brackets[0]}{lo:g}, {hi:g}{brackets[1]}"
    return convert


def open_interval(lo: float, hi: float):
    """Converter for a number strictly between ``lo`` and ``hi``."""
    return _interval(lo, hi, closed=False)


def closed_interval(lo: float, hi: float):
    """Converter for a number in ``[lo, hi]``."""
    return _interval(lo, hi, closed=True)


def physical(dimension: str, unit: str, *, positive: bool = False, nonnegative: bool = False,
             below_constant: tuple[str, str] | None = None):
    """Converter for a physical value: a unit string (``10pc``, ``3uG``, ``220km/s``) or a bare
    number in ``unit``; returns a float in ``unit`` (:func:`cranisotropy.core.units.in_unit`).

    ``below_constant`` = (constant name, description): refuse values not below it, e.g.
    ``("c", "the speed of light")``.  astropy is imported on first use, not by ``--help``.
    """

    def convert(text: str) -> float:
        from cranisotropy.core.errors import UsageError
        from cranisotropy.core.units import constant, in_unit

        below = None if below_constant is None else (constant(below_constant[0], unit), below_constant[1])
        try:
            return in_unit(None, text, dimension, unit, positive=positive, nonnegative=nonnegative, below=below)
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = f"{dimension} (unit string or number in {unit})"
    return convert


def int_range(lo: int, hi: int):
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text!r} must be an integer in [{lo}, {hi}]")
        return value

    convert.__name__ = f"integer in [{lo}, {hi}]"
    return convert


def power_of_two(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1 or value & (value - 1):
        raise argparse.ArgumentTypeError(f"{text!r} is not a power of 2")
    return value


def expression(symbols: dict, what: str = "expression"):
    """Converter parsing user formulas with the restricted parser (never evaluated)."""

    def convert(text: str):
        from cranisotropy.core.safe_expr import ExpressionError, parse_expression  # sympy: lazily

        try:
            return parse_expression(text, symbols, what=what)
        except ExpressionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = what
    return convert
