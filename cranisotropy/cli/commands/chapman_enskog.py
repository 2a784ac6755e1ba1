"""Chapman–Enskog transport coefficients (seed 000, Sec. III): ``chapman-enskog`` (alias
``coefficients``), ``validate chapman-enskog`` / ``bench chapman-enskog`` (alias ``ce``), the
generated table in docs/chapman_enskog.md and the topic's figures.

Each handler parses, calls one function of :mod:`cranisotropy.numerics.chapman_enskog` and
prints its result (``--json``: ``result.to_dict()``)."""
from __future__ import annotations

import argparse
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir, page_with_block
from cranisotropy.cli.types import int_range
from cranisotropy.core.errors import UsageError

MAX_ORDER = 16


def register(cli: CommandSet) -> None:
    p = cli.command(
        "chapman-enskog", "Chapman–Enskog transport coefficients for a scattering function D(mu)",
        handler=_coefficients, aliases=("coefficients",), description=(
            "Isotropic transport of focused pitch-angle scattering (seed 000, eqs. 6-12) for a\n"
            "scattering function D(mu): the series d f0/dt = sum_n c_n eps^n d^n f0/dz^n (sigma = 0),\n"
            "kappa, the hyperdiffusion coefficient K and the telegraph time tau.  Exact where a closed\n"
            "form is derived (1/D polynomial: every order; power laws c|mu|^a: orders <= 4), otherwise\n"
            "from the hierarchy solved numerically to 40 digits (an error estimate is reported).\n"
            "Python: cranisotropy.transport_coefficients(D, order, sigma).\n\n"
            "examples:\n"
            "  cranisotropy chapman-enskog --D 1 --order 8\n"
            "  cranisotropy chapman-enskog --D 'abs(mu)^(2/3)' --json\n"
            "  cranisotropy chapman-enskog --D '2/(2 + mu)' --sigma 1/2 --order 4\n"
            "  cranisotropy chapman-enskog --symbolic"))
    p.add_argument("--D", metavar="EXPR",
                   help="scattering function of mu, e.g. '1', '1 + mu^2', 'abs(mu)^(2/3)'")
    p.add_argument("--sigma", metavar="EXPR",
                   help="focusing: sigma = -d ln B/dz (a number); adds the focused series")
    p.add_argument("--order", type=int_range(2, MAX_ORDER), default=4, metavar="N",
                   help=f"highest order N of the series, 2 <= N <= {MAX_ORDER} (default 4)")
    p.add_argument("--symbolic", action="store_true",
                   help="the result for a symbolic D(mu): eq. (9) through its integral functionals")

    p = cli.validation("chapman-enskog", "Chapman–Enskog series vs spectral eigenvalue and Monte Carlo",
                       handler=_validate, aliases=("ce",), description=(
                           "Compare the Chapman–Enskog coefficients with (1) the Taylor coefficients of\n"
                           "the slowest eigenvalue (double precision: >= 12 digits for smooth D, >= 10\n"
                           "for |mu|^(q-1); mpmath: >= 25 digits for D = 1 and D = 1 + mu^2) and (2) the\n"
                           "cumulant growth rates of z in a Monte Carlo of the generated particle SDE\n"
                           "(agreement within 4 standard errors).  Writes chapman_enskog_dispersion.png\n"
                           "into --output-dir.  Python: cranisotropy.validate_chapman_enskog()."))
    p.add_argument("--particles", type=int, default=1_000_000, help="Monte Carlo particles (default 1e6)")
    p.add_argument("--quick", action="store_true", help="fewer particles and cases (about a minute)")
    p.add_argument("--no-plot", action="store_true", help="do not write the figure")
    p.add_argument("--seed", type=int, default=20261122, help="Monte Carlo seed (default 20261122)")
    add_output_dir(p, "dispersion figure")

    p = cli.benchmark("chapman-enskog", "seconds to derive the Chapman–Enskog series and to run the "
                      "Monte Carlo (targets 5 s / 60 s / 30 s)", handler=_bench, aliases=("ce",))
    p.add_argument("--repeat", type=int, default=2, help="repetitions; the best is reported (default 2)")

    cli.artifact("ce-tables", _tables)
    cli.document("chapman-enskog-figures", _figures)


def _coefficients(args: argparse.Namespace) -> CommandResult:
    if args.symbolic:
        if args.D is not None or args.sigma is not None:
            raise UsageError("--symbolic takes no --D or --sigma (D(mu) and sigma stay symbols)")
        from cranisotropy.numerics.chapman_enskog import symbolic_transport_equation

        result = symbolic_transport_equation(min(args.order, 4))
    elif args.D is None:
        raise UsageError("--D is required (a formula in mu, e.g. --D 1 or --D 'abs(mu)^(2/3)'), "
                         "or use --symbolic")
    else:
        from cranisotropy.numerics.chapman_enskog import transport_coefficients

        result = transport_coefficients(args.D, args.order, args.sigma)
    return CommandResult(result.to_dict(), str(result))


def _validate(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.core.paths import output_dir
    from cranisotropy.numerics.chapman_enskog import validate_chapman_enskog

    figure_dir = None if args.no_plot else output_dir(args.output_dir)
    report = validate_chapman_enskog(args.particles, quick=args.quick, seed=args.seed,
                                     figure_dir=figure_dir)
    return CommandResult(report.to_dict(), str(report), ok=report.ok)


def _bench(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.chapman_enskog import bench_chapman_enskog

    result = bench_chapman_enskog(args.repeat)
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _figures(docs: Path) -> list[Path]:
    from cranisotropy.numerics.chapman_enskog import chapman_enskog_figures

    return chapman_enskog_figures(docs / "figures")


# --------------------------------------------------------------------------- docs table

def _tables(root: Path) -> dict[str, str]:
    from cranisotropy.numerics.chapman_enskog import chapman_enskog_tables

    return page_with_block(root, "chapman_enskog.md", "ce-tables", chapman_enskog_tables())
