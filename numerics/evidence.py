"""Shared shapes of numerical evidence for the seed-equation checks (written once, used by all).

A check compares a derived result with an independent numerical method; the comparisons
themselves are few and generic:

- symbolic identity: :func:`same_expression`;
- two numbers, arrays or functions: :func:`rel_error`, :func:`max_rel_error`, :func:`digits`;
- Monte Carlo against a prediction: :func:`pull`, :func:`within_sigma`;
- a rate of convergence: :func:`convergence_order`;
- a number quoted in a paper: :func:`rounds_to`, :func:`round_sig`.

The verdict itself (reproduced / failed / differs) is made with
:func:`cranisotropy.core.registry.within`, :func:`~cranisotropy.core.registry.confirm` and
:func:`~cranisotropy.core.registry.differs`.

>>> rel_error(1.0 + 1e-12, 1.0) < 2e-12
True
"""
from __future__ import annotations

import math
from typing import Callable, Iterable

import numpy as np

__all__ = ["same_expression", "rel_error", "max_rel_error", "digits", "pull", "within_sigma",
           "convergence_order", "round_sig", "rounds_to"]


def same_expression(a, b) -> bool:
    """Whether two sympy expressions (or matrices of them) are identical after simplification.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> same_expression(sp.sin(x)**2 + sp.cos(x)**2, 1), same_expression(x, -x)
    (True, False)
    """
    import sympy as sp

    diff = sp.simplify(sp.expand(sp.sympify(a) - sp.sympify(b)))  # safe-input-checked
    if isinstance(diff, sp.MatrixBase):
        return all(sp.simplify(entry) == 0 for entry in diff)
    return diff == 0


def rel_error(value, reference, floor: float = 1e-300) -> float:
    """Largest relative error ``|value - reference| / |reference|`` (elementwise for arrays).

    ``floor`` bounds the denominator; pass the scale of the quantity where the reference can
    vanish (an absolute error relative to that scale).

    >>> rel_error([1.0, 2.0], [1.0, 2.0 + 2e-15]) < 2e-15
    True
    """
    value = np.asarray(value, dtype=complex)
    reference = np.asarray(reference, dtype=complex)
    scale = np.maximum(np.abs(reference), floor)
    return float(np.max(np.abs(value - reference) / scale))


def max_rel_error(f: Callable, g: Callable, points: Iterable, floor: float = 1e-300) -> float:
    """Largest relative difference of two functions over ``points`` (``f`` measured against ``g``).

    >>> max_rel_error(math.sin, lambda x: math.cos(math.pi / 2 - x), [0.1, 0.5, 1.0]) < 1e-14
    True
    """
    points = list(points)
    return rel_error([f(x) for x in points], [g(x) for x in points], floor)


def digits(value, reference) -> float:
    """Significant digits of agreement, ``-log10`` of the relative error (inf when exact).

    >>> round(digits(3.14159, math.pi), 1)
    6.1
    """
    err = rel_error(value, reference)
    return math.inf if err == 0 else -math.log10(err)


def pull(measured: float, error: float, expected: float) -> float:
    """Deviation in standard errors, ``(measured - expected) / error``.

    >>> pull(1.02, 0.01, 1.0)
    2.0000000000000018
    """
    if not error > 0:
        raise ValueError(f"a statistical error must be > 0, got {error}")
    return (measured - expected) / error


def within_sigma(measured, error, expected, n_sigma: float = 3.0) -> bool:
    """Whether every measured value lies within ``n_sigma`` standard errors of the expectation.

    >>> within_sigma([1.02, 0.975], [0.01, 0.01], [1.0, 1.0], n_sigma=3)
    True
    """
    measured, error, expected = np.broadcast_arrays(np.asarray(measured, float),
                                                    np.asarray(error, float),
                                                    np.asarray(expected, float))
    if np.any(~(error > 0)):
        raise ValueError("statistical errors must be > 0")
    return bool(np.all(np.abs(measured - expected) <= n_sigma * error))


def convergence_order(steps, errors) -> float:
    """Observed order p of ``error ~ step^p``: least-squares slope in log-log.

    >>> round(convergence_order([0.1, 0.05, 0.025], [1e-2, 2.5e-3, 6.25e-4]), 6)
    2.0
    """
    steps, errors = np.asarray(steps, float), np.asarray(errors, float)
    if steps.size < 2 or np.any(steps <= 0) or np.any(errors <= 0):
        raise ValueError("need at least two positive steps and errors")
    return float(np.polyfit(np.log(steps), np.log(errors), 1)[0])


def round_sig(value: float, significant: int) -> float:
    """``value`` rounded to ``significant`` digits.

    >>> round_sig(14.52800340936144, 4)
    14.53
    """
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, significant - 1 - int(math.floor(math.log10(abs(value)))))


def rounds_to(value: float, quoted: str) -> bool:
    """Whether ``value`` rounds to a number as quoted in a paper, at the quoted precision.

    The precision is that of the quoted text: ``"14.54"`` has two decimals, ``"2.4e-3"`` two
    significant digits.

    >>> rounds_to(14.528, "14.53"), rounds_to(14.528, "14.54"), rounds_to(0.00229, "2.3e-3")
    (True, False, True)
    """
    text = quoted.strip().lower()
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = 10.0 ** int(exponent) if exponent else 1.0
    return round(value / scale, decimals) == round(float(mantissa), decimals)


def of_order(value: float, quoted: float) -> bool:
    """Whether ``value`` is of the order of a number quoted as "~ quoted": within a factor
    sqrt(10) either way (their ratio rounds to the power of ten 10^0).

    >>> of_order(1.7e16, 1e16), of_order(0.4e16, 1e16), of_order(4e16, 1e16)
    (True, True, False)
    """
    if not (value > 0 and quoted > 0):
        raise ValueError(f"order-of-magnitude comparison needs positive numbers, got {value}, {quoted}")
    return abs(math.log10(value / quoted)) < 0.5


def spans(values: Iterable[float], quoted: float) -> bool:
    """Whether a quoted number lies within the range of ``values`` computed over the parameter
    ranges the paper states (the claim holds for some parameters in those ranges).

    >>> spans([0.13, 0.52, 1.04], 1.0), spans([0.13, 0.52], 1.0)
    (True, False)
    """
    values = [float(v) for v in values]
    return min(values) <= quoted <= max(values)


__all__ += ["of_order", "spans"]
