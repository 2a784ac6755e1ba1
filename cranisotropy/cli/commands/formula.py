"""`cranisotropy formula`: parse a user formula safely, show it, evaluate it through a kernel."""
from __future__ import annotations

import argparse

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.core.errors import UsageError

#: variables a user formula may use (kept equal to cranisotropy.kernels.user.VARIABLES by a test;
#: repeated here so that building the parser imports nothing heavy)
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


def _parse_point(items: list[str]) -> dict[str, float]:
    point = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in VARIABLES:
            raise UsageError(f"--at {item!r}: expected VAR=VALUE with VAR one of {', '.join(VARIABLES)}")
        try:
            point[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--at {item!r}: {value!r} is not a number") from None
    return point


def _formula(args: argparse.Namespace) -> CommandResult:
    from cranisotropy import formula

    result = formula(args.formula, _parse_point(args.at) if args.at else None)
    return CommandResult(result.to_dict(), str(result))
