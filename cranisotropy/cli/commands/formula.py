"""`cranisotropy formula`: parse a user formula safely, show it, evaluate it through a kernel."""
from __future__ import annotations

import argparse

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.core.errors import UsageError

#: variables a user formula may use (all real)
VARIABLES = ("mu", "x", "z", "k", "w", "t")


def register(cli: CommandSet) -> None:
    p = cli.command("formula", "check a formula: parse it safely, print it, evaluate it",
                    handler=_formula, description=(
                        "Parse FORMULA with the restricted parser (numbers, + - * / ** ^, the variables\n"
                        f"{', '.join(VARIABLES)}, pi, E and whitelisted functions such as sqrt, exp, log,\n"
                        "abs, sign, sin, cos, besselj(n, x), ifelse(cond, a, b)); nothing is evaluated\n"
                        "as Python.  With --at, the formula is compiled to a numba kernel and evaluated."))
    p.add_argument("formula", help='e.g. "abs(mu)**(2/3) * sign(mu)"')
    p.add_argument("--at", action="append", default=[], metavar="VAR=VALUE",
                   help="evaluate at this point (repeat for several variables)")


def _parse_point(items: list[str], variables: list[str]) -> dict[str, float]:
    point = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in VARIABLES:
            raise UsageError(f"--at {item!r}: expected VAR=VALUE with VAR one of {', '.join(VARIABLES)}")
        try:
            point[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--at {item!r}: {value!r} is not a number") from None
    missing = sorted(set(variables) - set(point))
    if missing:
        raise UsageError(f"--at is missing a value for {', '.join(missing)}")
    return point


def _formula(args: argparse.Namespace) -> CommandResult:
    import sympy as sp

    from cranisotropy.kernels import KernelSpec, build
    from cranisotropy.core.safe_expr import parse_expression

    symbols = {name: sp.Symbol(name, real=True) for name in VARIABLES}
    expr = parse_expression(args.formula, symbols, what="formula")
    variables = sorted(s.name for s in expr.free_symbols)
    data = {"formula": args.formula, "sympy": sp.sstr(expr), "latex": sp.latex(expr),
            "variables": variables}
    if args.at:
        point = _parse_point(args.at, variables)
        inputs = tuple(symbols[v] for v in variables) or (symbols["x"],)
        module = build(KernelSpec("user_formula", inputs, (expr,), doc=args.formula))
        value = module.user_formula(*(point.get(s.name, 0.0) for s in inputs))
        if value != value or value in (float("inf"), float("-inf")):
            raise UsageError(f"formula {args.formula!r} is not finite at {point} (value {value})")
        data.update(point=point, value=value)
    text = f"{data['sympy']}" + (f"\n= {data['value']!r} at {data['point']}" if args.at else "")
    return CommandResult(data, text)
