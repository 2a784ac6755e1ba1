"""Chapman–Enskog transport coefficients (seed 000, Sec. III): ``coefficients``,
``validate ce``, ``bench ce`` and the generated table in docs/chapman_enskog.md."""
from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import expression
from cranisotropy.core.errors import UsageError

MAX_ORDER = 16
_UNITS = ("d f0/dt = sum_n c_n eps^n d^n f0/dz^n with t in units of 1/nu and z in units of l "
          "(eq. 6); kappa, hyperdiffusion K and tau_slow refer to the slow time T = eps^2 t/4 "
          "(eqs. 10-12): df0/dT = kappa f0'' - eps^2 K f0'''', tau = eps^2 K/kappa^2; "
          "tau_t = 4 K/kappa^2 is the telegraph time in units of 1/nu")


def register(cli: CommandSet) -> None:
    p = cli.command(
        "coefficients", "Chapman–Enskog transport coefficients for a scattering function D(mu)",
        handler=_coefficients, description=(
            "Isotropic transport of focused pitch-angle scattering (seed 000, eqs. 6-12) for a\n"
            "scattering function D(mu): the series d f0/dt = sum_n c_n eps^n d^n f0/dz^n (sigma = 0),\n"
            "kappa, the hyperdiffusion coefficient K and the telegraph time tau.  Exact where a closed\n"
            "form is derived (1/D polynomial: every order; power laws c|mu|^a: orders <= 4), otherwise\n"
            "from the hierarchy solved numerically to 40 digits (an error estimate is reported).\n\n"
            "examples:\n"
            "  cranisotropy coefficients --D 1 --order 8\n"
            "  cranisotropy coefficients --D 'abs(mu)^(2/3)' --json\n"
            "  cranisotropy coefficients --D '2/(2 + mu)' --sigma 1/2 --order 4\n"
            "  cranisotropy coefficients --symbolic"))
    p.add_argument("--D", type=expression(_Mu(), "D(mu)"),
                   metavar="EXPR", help="scattering function of mu, e.g. '1', '1 + mu^2', 'abs(mu)^(2/3)'")
    p.add_argument("--sigma", type=expression({}, "sigma"), metavar="EXPR",
                   help="focusing: sigma = -d ln B/dz (a number); adds the focused series")
    p.add_argument("--order", type=_order, default=4, metavar="N",
                   help=f"highest order N of the series, 2 <= N <= {MAX_ORDER} (default 4)")
    p.add_argument("--symbolic", action="store_true",
                   help="the result for a symbolic D(mu): eq. (9) through its integral functionals")

    p = cli.validation("ce", "Chapman–Enskog series vs spectral eigenvalue and Monte Carlo",
                       handler=_validate, description=(
                           "Compare the Chapman–Enskog coefficients with (1) the Taylor coefficients of\n"
                           "the slowest eigenvalue (double precision: >= 12 digits for smooth D, >= 10\n"
                           "for |mu|^(q-1); mpmath: >= 25 digits for D = 1 and D = 1 + mu^2) and (2) the\n"
                           "cumulant growth rates of z in a Monte Carlo of the generated particle SDE\n"
                           "(agreement within 4 standard errors).  Writes docs/figures/chapman_enskog_*.png."))
    p.add_argument("--particles", type=int, default=1_000_000, help="Monte Carlo particles (default 1e6)")
    p.add_argument("--quick", action="store_true", help="fewer particles and cases (about a minute)")
    p.add_argument("--no-plot", action="store_true", help="do not write the figure")
    p.add_argument("--seed", type=int, default=20261122, help="Monte Carlo seed (default 20261122)")

    p = cli.benchmark("ce", "seconds to derive the Chapman–Enskog series (targets 5 s / 60 s)",
                      handler=_bench)
    p.add_argument("--repeat", type=int, default=2, help="repetitions; the best is reported (default 2)")

    cli.artifact("ce-tables", _tables)


class _Mu(Mapping):
    """{"mu": mu}, with sympy imported only when a formula is parsed (fast start-up)."""

    def __getitem__(self, key):
        if key != "mu":
            raise KeyError(key)
        from cranisotropy.derivations.chapman_enskog.pitch_angle import mu

        return mu

    def __iter__(self):
        return iter(("mu",))

    def __len__(self):
        return 1


def _order(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--order must be an integer, got {text!r}") from None
    if value < 2:
        raise argparse.ArgumentTypeError(
            f"--order must be >= 2 (the diffusion term is of order eps^2), got {value}")
    if value > MAX_ORDER:
        raise argparse.ArgumentTypeError(f"--order must be <= {MAX_ORDER}, got {value}")
    return value


def _coefficients(args: argparse.Namespace) -> CommandResult:
    if args.symbolic:
        if args.D is not None or args.sigma is not None:
            raise UsageError("--symbolic takes no --D or --sigma (D(mu) and sigma stay symbols)")
        return _symbolic(min(args.order, 4))
    if args.D is None:
        raise UsageError("--D is required (a formula in mu, e.g. --D 1 or --D 'abs(mu)^(2/3)'), "
                         "or use --symbolic")
    import sympy as sp

    from cranisotropy.numerics.chapman_enskog.series import transport_series

    sigma = args.sigma
    if sigma is not None:
        value = complex(sp.N(sigma))
        if value.imag != 0 or not math.isfinite(value.real):
            raise UsageError(f"--sigma must be a finite real number, got {sigma}")
    res = transport_series(args.D, args.order, sigma)
    data = {
        "D": str(res.D), "order": res.order, "sigma": None if sigma is None else str(sigma),
        "kappa": res.kappa.value, "hyperdiffusion": res.hyperdiffusion.value,
        "tau_slow": res.tau_slow.value, "tau_t": res.tau_t.value,
        "series": [{"n": n, "exact": None if c.exact is None else str(c.exact), "value": c.value}
                   for n, c in res.series.items()],
        "series_errors": [c.error for c in res.series.values()],
        "exact": {k: None if c.exact is None else str(c.exact) for k, c in (
            ("kappa", res.kappa), ("hyperdiffusion", res.hyperdiffusion),
            ("tau_slow", res.tau_slow), ("tau_t", res.tau_t))},
        "method": res.method, "symmetric": res.symmetric, "notes": list(res.notes), "units": _UNITS,
    }
    if res.focused is not None:
        data["focused_series"] = [
            {"n": n, "terms": [{"power": j, "exact": None if c.exact is None else str(c.exact),
                                "value": c.value} for j, c in terms.items()]}
            for n, terms in res.focused.items()]
    return CommandResult(data, _text(res))


def _fmt(c) -> str:
    value = f"{c.value:.15g}"
    if c.exact is not None and not (c.exact.is_Number and str(c.exact) == value):
        return f"{c.exact}  = {value}" if not c.exact.is_Integer else str(c.exact)
    return value if c.error == 0 else f"{value}  (+- {c.error:.1e})"


def _text(res) -> str:
    lines = [f"D(mu) = {res.D}    [{res.method}]",
             f"kappa            = {_fmt(res.kappa)}",
             f"K (eq. 11)       = {_fmt(res.hyperdiffusion)}",
             f"tau / eps^2      = {_fmt(res.tau_slow)}   (slow time T = eps^2 t/4)",
             f"4 K / kappa^2    = {_fmt(res.tau_t)}   (telegraph time, units of 1/nu)",
             "series d f0/dt = sum c_n eps^n d^n f0/dz^n:"]
    lines += [f"  c_{n:<2} = {_fmt(c)}" for n, c in res.series.items()]
    if res.focused is not None:
        lines.append(f"with focusing sigma = {res.sigma}: gamma_n = sum_j a_nj d_z^j")
        for n, terms in res.focused.items():
            lines.append(f"  n = {n}: " + ", ".join(f"a_{n}{j} = {t.value:.12g}" for j, t in terms.items()))
    lines += [f"note: {note}" for note in res.notes]
    return "\n".join(lines)


def _symbolic(order: int) -> CommandResult:
    import sympy as sp

    from cranisotropy.derivations.chapman_enskog import iterated as it

    gammas, defs = it.compact_isotropic_equation(order)
    ops = {n: str(sp.factor(it.to_operators(g))) for n, g in gammas.items()}
    data = {"symbolic": True, "order": order,
            "gamma": {str(n): str(sp.factor(g)) for n, g in gammas.items()},
            "gamma_in_d_z_sigma": {str(n): s for n, s in ops.items()},
            "variables": {"P": "d_z + sigma/2", "S": "sigma^2/16"},
            "functionals": defs}
    lines = ["d f0/dt = sum_n eps^n gamma_n f0 for a symbolic D(mu)  (P = d_z + sigma/2, S = sigma^2/16)"]
    lines += [f"  gamma_{n} = {sp.factor(g)}" for n, g in gammas.items()]
    lines += ["where"] + [f"  {text}" for text in defs.values()]
    return CommandResult(data, "\n".join(lines))


def _validate(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.chapman_enskog.campaign import run_campaign

    if args.particles < 20_000:
        raise UsageError(f"--particles must be >= 20000 for meaningful errors, got {args.particles}")
    report = run_campaign(args.particles, quick=args.quick, plot=not args.no_plot, seed=args.seed)
    lines = ["spectral (double precision): digits of agreement, c_2..c_8"]
    for r in report["spectral_double"]:
        lines.append(f"  {'ok' if r['ok'] else 'FAIL':4} D = {r['D']:24} {r['digits']:6.2f} digits "
                     f"(required {r['required']})")
    lines.append("spectral (mpmath, Legendre + Rayleigh-quotient iteration)")
    for r in report["spectral_mpmath"]:
        lines.append(f"  {'ok' if r['ok'] else 'FAIL':4} D = {r['D']:24} {r['digits']:6.2f} digits "
                     f"(required {r['required']}; reference: {r['reference']})")
    lines.append("Monte Carlo: growth rates of the cumulants of z (eps = 1)")
    for m in report["monte_carlo"]:
        lines.append(f"  D = {m['D']}, {m['particles']} particles, dt = {m['dt']}, window {m['window']}, "
                     f"{m['seconds']} s")
        for row in m["rows"]:
            mark = ("ok" if row["ok"] else "FAIL") if row["checked"] else "  "
            lines.append(f"    {mark:4} kappa_{row['cumulant']}: predicted {row['predicted']:+.5f}  "
                         f"measured {row['measured']:+.5f} +- {row['stat_error']:.5f}  "
                         f"(z = {row['z']:+.2f}, dt bias ~ {row['dt_bias_estimate']:.1e})")
    if report["figure"]:
        lines.append(f"figure: {report['figure']}")
    lines.append(f"seed {report['seed']}, {report['seconds']} s")
    return CommandResult(report, "\n".join(lines), ok=report["ok"])


def _bench(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.chapman_enskog.campaign import benchmark

    if args.repeat < 1:
        raise UsageError(f"--repeat must be >= 1, got {args.repeat}")
    rows = benchmark(args.repeat)
    lines = [f"{'ok' if r['ok'] else 'SLOW':4} {r['task']:34} {r['seconds']:8.3f} s  "
             f"(first call {r['first_call_seconds']:.3f} s; target {r['target_seconds']:g} s)" for r in rows]
    return CommandResult({"benchmarks": rows}, "\n".join(lines), ok=all(r["ok"] for r in rows))


# --------------------------------------------------------------------------- docs table

BEGIN, END = "<!-- ce-tables:begin (generated by `cranisotropy regenerate`) -->", "<!-- ce-tables:end -->"


def _tables(root: Path) -> dict[str, str]:
    from cranisotropy.numerics.chapman_enskog.campaign import coefficient_tables

    path = root / "docs" / "chapman_enskog.md"
    text = path.read_text() if path.exists() else f"# Chapman–Enskog\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        raise UsageError(f"{path} lacks the ce-tables markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return {"docs/chapman_enskog.md": head + BEGIN + "\n" + coefficient_tables() + END + tail}
