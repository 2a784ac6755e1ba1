"""Restricted parser for formulas typed by users (``--D "1 + 0.3*mu**2"``).

The text is parsed by :func:`ast.parse` and the syntax tree is *translated* node by node into
sympy objects; nothing is ever evaluated as Python (no ``eval``, ``sympify`` or ``parse_expr``).
Only numbers, the arithmetic operators, whitelisted symbols and whitelisted functions are
accepted; everything else (attributes, subscripts, strings, lambdas, keywords, unknown names)
is refused with :class:`ExpressionError` naming the offending piece.

>>> from sympy import Symbol
>>> mu = Symbol("mu", real=True)
>>> parse_expression("1 + 0.3*mu^2", {"mu": mu})
3*mu**2/10 + 1
"""
from __future__ import annotations

import ast
import math
from typing import Callable, Mapping

import sympy as sp

from cranisotropy.core.errors import UsageError

MAX_LENGTH = 1000
MAX_NODES = 2000
MAX_DEPTH = 60
MAX_LITERAL_DIGITS = 40
MAX_SYMBOLIC_EXPONENT = 1000
MAX_NUMERIC_LOG10 = 300


class ExpressionError(UsageError):
    """A user formula was refused (it is never evaluated)."""


def _ifelse(cond, a, b):
    return sp.Piecewise((a, cond), (b, True))


def _besselj(order, arg):
    if not (order.is_Integer and order >= 0):
        raise ExpressionError(f"besselj order must be a non-negative integer, got {order}")
    return sp.besselj(order, arg)


#: function name -> (number of arguments, builder); the builder receives sympy arguments.
FUNCTIONS: dict[str, tuple[int, Callable]] = {
    "sqrt": (1, sp.sqrt),
    "exp": (1, sp.exp),
    "log": (1, sp.log),
    "abs": (1, sp.Abs),
    "Abs": (1, sp.Abs),
    "sign": (1, sp.sign),
    "sin": (1, sp.sin),
    "cos": (1, sp.cos),
    "tan": (1, sp.tan),
    "sinh": (1, sp.sinh),
    "cosh": (1, sp.cosh),
    "tanh": (1, sp.tanh),
    "atan": (1, sp.atan),
    "asin": (1, sp.asin),
    "acos": (1, sp.acos),
    "erf": (1, sp.erf),
    "gamma": (1, sp.gamma),
    "heaviside": (1, lambda x: sp.Heaviside(x, sp.Rational(1, 2))),
    "besselj": (2, _besselj),
    "min": (2, sp.Min),
    "max": (2, sp.Max),
    "ifelse": (3, _ifelse),
}

CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E}

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: None,  # handled with a size guard
}
_COMPARE = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}


def _describe(node: ast.AST, text: str) -> str:
    segment = ast.get_source_segment(text, node)
    return repr(segment) if segment else type(node).__name__


class _Translator:
    def __init__(self, text: str, symbols: Mapping[str, sp.Symbol], functions, constants):
        self.text = text
        self.symbols = dict(symbols)
        self.functions = functions
        self.constants = constants

    def refuse(self, node: ast.AST, why: str):
        raise ExpressionError(f"refused expression {self.text!r}: {why} at {_describe(node, self.text)}")

    def __call__(self, node: ast.AST, depth: int = 0) -> sp.Basic:
        if depth > MAX_DEPTH:
            self.refuse(node, f"nesting deeper than {MAX_DEPTH}")
        if isinstance(node, ast.Expression):
            return self(node.body, depth + 1)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self(node.operand, depth + 1)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = self(node.left, depth + 1), self(node.right, depth + 1)
            if isinstance(node.op, ast.Pow):
                return self.power(node, left, right)
            if isinstance(node.op, ast.Div) and right == 0:
                self.refuse(node, "division by zero")
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        self.refuse(node, f"{type(node).__name__} is not allowed")

    def number(self, node: ast.Constant) -> sp.Expr:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.refuse(node, "only numeric literals are allowed")
        literal = ast.get_source_segment(self.text, node) or repr(node.value)
        if sum(c.isdigit() for c in literal) > MAX_LITERAL_DIGITS:
            self.refuse(node, f"numeric literal longer than {MAX_LITERAL_DIGITS} digits")
        if isinstance(node.value, float) and not math.isfinite(node.value):
            self.refuse(node, "non-finite number")
        # Exact rational from the literal's text: 0.3 -> 3/10.
        return sp.Rational(literal.replace("_", ""))

    def name(self, node: ast.Name) -> sp.Expr:
        if node.id.startswith("_"):
            self.refuse(node, "names starting with '_' are not allowed")
        if node.id in self.symbols:
            return self.symbols[node.id]
        if node.id in self.constants:
            return self.constants[node.id]
        allowed = sorted(self.symbols) + sorted(self.constants)
        self.refuse(node, f"unknown name {node.id!r} (allowed: {', '.join(allowed)})")

    def power(self, node, base, exponent):
        if exponent.is_number and base.is_number:
            if base == 0 and exponent.is_negative:
                self.refuse(node, "zero to a negative power")
            size = abs(float(exponent)) * math.log10(max(abs(complex(base)), 1e-300))
            if abs(size) > MAX_NUMERIC_LOG10:
                self.refuse(node, "number too large")
        elif exponent.is_number and abs(float(exponent)) > MAX_SYMBOLIC_EXPONENT:
            self.refuse(node, f"exponent larger than {MAX_SYMBOLIC_EXPONENT}")
        return sp.Pow(base, exponent)

    def compare(self, node: ast.Compare, depth: int):
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARE:
            self.refuse(node, "only single comparisons <, <=, >, >= are allowed")
        left, right = self(node.left, depth + 1), self(node.comparators[0], depth + 1)
        return _COMPARE[type(node.ops[0])](left, right)

    def call(self, node: ast.Call, depth: int):
        if not isinstance(node.func, ast.Name):
            self.refuse(node, "only calls of whitelisted functions are allowed")
        name = node.func.id
        if name not in self.functions:
            self.refuse(node, f"function {name!r} is not allowed (allowed: {', '.join(sorted(self.functions))})")
        if node.keywords:
            self.refuse(node, "keyword arguments are not allowed")
        nargs, build = self.functions[name]
        if len(node.args) != nargs or any(isinstance(a, ast.Starred) for a in node.args):
            self.refuse(node, f"{name} takes {nargs} argument(s)")
        args = [self(a, depth + 1) for a in node.args]
        return build(*args)


def parse_expression(
    text: str,
    symbols: Mapping[str, sp.Symbol],
    *,
    functions: Mapping[str, tuple[int, Callable]] = FUNCTIONS,
    constants: Mapping[str, sp.Expr] = CONSTANTS,
    what: str = "expression",
) -> sp.Expr:
    """Translate user ``text`` into a sympy expression over ``symbols``; never evaluate it.

    Raises :class:`ExpressionError` (a :class:`~cranisotropy.core.errors.UsageError`, exit code 2).

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> parse_expression("ifelse(x < 0, -x, x)", {"x": x})
    Piecewise((-x, x < 0), (x, True))
    """
    if not isinstance(text, str):
        raise ExpressionError(f"{what} must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"{what} is {len(text)} characters long; the limit is {MAX_LENGTH}")
    if not text.strip():
        raise ExpressionError(f"{what} is empty")
    # '^' means power, as physicists write it; Python's '^' would bind looser than '+' and '*'
    text = text.strip().replace("^", "**")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse {what} {text!r}: {exc.msg}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExpressionError(f"{what} has more than {MAX_NODES} syntax nodes")
    translator = _Translator(text, symbols, functions, constants)
    result = translator(tree)
    if not isinstance(result, sp.Expr):  # a comparison or logical value (Symbol is also Boolean)
        raise ExpressionError(f"{what} {text!r} is a condition, not a formula")
    if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError(f"{what} {text!r} is infinite or undefined")
    return result
