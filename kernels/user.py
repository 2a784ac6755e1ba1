"""Kernels for user formulas: parse safely, show, compile and evaluate (``cranisotropy formula``).

A formula typed by a user goes through the restricted parser
(:func:`cranisotropy.core.safe_expr.parse_expression`: numbers, arithmetic, the variables and
whitelisted functions; nothing is evaluated as Python), then through the same code generator as
the package's own kernels, into the kernel cache (:func:`cranisotropy.kernels.build`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from cranisotropy.core.errors import UsageError
from cranisotropy.kernels.codegen import discard
from cranisotropy.core.results import Result

#: variables a user formula may use (all real)
VARIABLES = ("mu", "x", "z", "k", "w", "t")

__all__ = ["formula", "FormulaResult", "VARIABLES"]


@dataclass(frozen=True)
class FormulaResult(Result):
    """A parsed user formula: its sympy and LaTeX forms, variables, and an optional value."""

    formula: str
    sympy: str
    latex: str
    variables: list[str]
    point: dict[str, float] | None = None
    value: float | None = None

    def to_dict(self) -> dict:
        data = {"formula": self.formula, "sympy": self.sympy, "latex": self.latex,
                "variables": list(self.variables)}
        if self.point is not None:
            data.update(point=dict(self.point), value=self.value)
        return data

    def __str__(self) -> str:
        return self.sympy + (f"\n= {self.value!r} at {self.point}" if self.point is not None else "")


def formula(text: str, at: dict[str, float] | None = None) -> FormulaResult:
    """Parse a formula with the restricted parser and, optionally, evaluate it through a kernel.

    Parameters
    ----------
    text : str
        The formula: numbers, ``+ - * / ** ^``, the variables ``mu, x, z, k, w, t``, ``pi``,
        ``E`` and whitelisted functions (``sqrt, exp, log, abs, sign, sin, cos, besselj(n, x),
        ifelse(cond, a, b)``, ...).  Nothing is evaluated as Python.
    at : dict of str to float, optional
        A value for every variable of the formula: the formula is then compiled to a numba
        kernel (cached on disk under ``$CRANISOTROPY_CACHE``) and evaluated there.

    Returns
    -------
    FormulaResult
        ``.sympy`` and ``.latex`` forms, ``.variables``, and ``.value`` at ``.point``.

    Raises
    ------
    UsageError
        The formula does not parse, uses something not whitelisted, a value is missing or not a
        finite number, or the result is not finite at the point.

    Examples
    --------
    >>> from cranisotropy import formula
    >>> formula("sign(mu)*abs(mu)^(1/3)", at={"mu": -8.0}).value
    -2.0
    >>> formula("1e20*mu", at={"mu": 1}).value
    1e+20
    """
    import sympy as sp

    from cranisotropy.core.safe_expr import parse_expression
    from cranisotropy.kernels import KernelPrintError, KernelSpec, build

    symbols = {name: sp.Symbol(name, real=True) for name in VARIABLES}
    expr = parse_expression(text, symbols, what="formula")
    variables = sorted(s.name for s in expr.free_symbols)
    if at is None:
        return FormulaResult(text, sp.sstr(expr), sp.latex(expr), variables)
    point = {}
    for name, value in at.items():
        if name not in VARIABLES:
            raise UsageError(f"unknown variable {name!r} in the point; expected one of "
                             f"{', '.join(VARIABLES)}")
        try:
            point[name] = float(value)
        except (TypeError, ValueError):
            raise UsageError(f"{name} = {value!r} is not a number") from None
        if not math.isfinite(point[name]):
            raise UsageError(f"{name} = {value!r} is not a finite number")
    missing = sorted(set(variables) - set(point))
    if missing:
        raise UsageError(f"no value given for {', '.join(missing)}")
    inputs = tuple(symbols[v] for v in variables) or (symbols["x"],)
    try:
        module = build(KernelSpec("user_formula", inputs, (expr,), doc=text))
    except KernelPrintError as exc:  # e.g. log(-1): complex; nothing was written
        raise UsageError(f"formula {text!r} cannot be compiled to a kernel: {exc}") from None
    try:
        value = float(module.user_formula(*(point.get(s.name, 0.0) for s in inputs)))
    except Exception as exc:  # numba cannot compile it: refuse the formula, keep no kernel
        discard(module)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"formula {text!r} cannot be compiled to a kernel: {first}") from None
    if not math.isfinite(value):
        raise UsageError(f"formula {text!r} is not finite at {point} (value {value})")
    return FormulaResult(text, sp.sstr(expr), sp.latex(expr), variables, point, value)
