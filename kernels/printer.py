"""Printer from sympy to numba-compilable Python (nopython mode, float64).

Differences from sympy's ``PythonCodePrinter``:

- floats are printed with ``repr`` (17 significant digits, round-trip exact);
- ``besselj(0, x)`` / ``besselj(1, x)`` call the pure-numba :mod:`cranisotropy.kernels.special`
  (cacheable, unlike scipy's ctypes route);
- ``Piecewise`` becomes a nested conditional expression (numba cannot type ``numpy.select``);
- ``nearest_integer(x)`` (round half to even, e.g. for range reduction) becomes ``np.rint(x)``,
  which LLVM vectorises (``math.floor`` returns an int64 in numba and would not);
- anything that cannot be compiled (unevaluated integrals, unknown functions, other Bessel
  orders) is refused at generation time, naming the offending sub-expression.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter


class KernelPrintError(ValueError):
    """The expression contains something the kernel printer cannot compile."""


#: sympy functions a generated kernel can call: name -> printed callee
SPECIAL_CALLS = {"besselj0": "_sp.j0", "besselj1": "_sp.j1"}


class NumbaPrinter(PythonCodePrinter):
    """Print sympy expressions as Python source that numba compiles in nopython mode."""

    printmethod = "_numbacode"
    _default_settings = dict(PythonCodePrinter._default_settings, fully_qualified_modules=True,
                             strict=True)

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Rational(self, expr):
        if expr.q == 1:
            return self._print_Integer(expr)
        if abs(expr.p) > 2**53 or expr.q > 2**53:
            return repr(float(expr))  # correctly rounded by mpmath
        return f"({expr.p}/{expr.q})"

    def _print_Half(self, expr):
        return self._print_Rational(expr)

    def _print_Integer(self, expr):
        """Integers beyond int64 as (correctly rounded) floats: numba cannot type them."""
        if abs(expr.p) >= 2**63:
            return repr(float(expr))
        return str(expr.p)

    def _print_besselj(self, expr):
        order, arg = expr.args
        if order == 0:
            return f"{SPECIAL_CALLS['besselj0']}({self._print(arg)})"
        if order == 1:
            return f"{SPECIAL_CALLS['besselj1']}({self._print(arg)})"
        raise KernelPrintError(f"besselj of order {order} is not supported in kernels (only 0 and 1)")

    def _print_sign(self, expr):
        arg = self._print(expr.args[0])
        return f"(0.0 if {arg} == 0 else math.copysign(1.0, {arg}))"

    def _print_Heaviside(self, expr):
        arg = self._print(expr.args[0])
        half = expr.args[1] if len(expr.args) > 1 else sp.S.Half
        if half is sp.S.NaN or half is None:
            raise KernelPrintError("Heaviside(0) is undefined; give Heaviside(x, 1/2) explicitly")
        return f"(1.0 if {arg} > 0 else ({self._print(sp.Float(half))} if {arg} == 0 else 0.0))"

    def _print_Piecewise(self, expr):
        if expr.args[-1].cond != True:  # noqa: E712 - sympy true
            raise KernelPrintError(f"Piecewise without a final 'True' branch: {expr}")
        out = self._print(expr.args[-1].expr)
        for piece in reversed(expr.args[:-1]):
            out = f"(({self._print(piece.expr)}) if ({self._print(piece.cond)}) else ({out}))"
        return out

    def _print_nearest_integer(self, expr):
        return f"np.rint({self._print(expr.args[0])})"

    def _print_Integral(self, expr):
        raise KernelPrintError(f"unevaluated integral cannot be compiled: {expr}")

    def _print_Derivative(self, expr):
        raise KernelPrintError(f"unevaluated derivative cannot be compiled: {expr}")

    def _print_ImaginaryUnit(self, expr):
        raise KernelPrintError("complex values are not supported in float64 kernels")

    def _print_not_supported(self, expr):
        raise KernelPrintError(f"cannot compile {type(expr).__name__} in a kernel: {expr}")


def print_expression(expr: sp.Expr, printer: NumbaPrinter | None = None) -> str:
    """Numba-compilable source for ``expr``.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> print_expression(sp.Piecewise((x, x < 0), (sp.besselj(1, x), True)))
    '((x) if ((x < 0)) else (_sp.j1(x)))'
    """
    return (printer or NumbaPrinter()).doprint(expr)
