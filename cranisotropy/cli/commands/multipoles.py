"""Commands of the multipole topic: ``multipoles``, ``diffusion-tensor``, ``multipoles-figures``,
``validate multipoles``, ``validate bgk``, ``bench multipoles`` and the tables artifact."""
from __future__ import annotations

import argparse
import math
from fractions import Fraction
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import finite_float, int_range, nonnegative_float, positive_float
from cranisotropy.core.errors import UsageError

#: --lmax upper bound: l(l+1) grows fast and the spectral pass is O(lmax^2)
LMAX_CLI = 10_000


def _exponent(text: str) -> float:
    """p in (0, 1), as a decimal or a fraction such as 1/3."""
    try:
        value = float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number or fraction") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must lie strictly between 0 and 1")
    return value


def _ratio_list(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if not values or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"{text!r} must list finite numbers")
    return values


def register(cli: CommandSet) -> None:
    p = cli.command("multipoles", "multipole spectrum C_l/C_1: transition hierarchy or generalised BGK",
                    handler=_multipoles, description=(
                        "Angular power spectrum ratios C_l/C_1, l = 1..lmax.\n"
                        "  --model hierarchy: consecutive multipole hierarchy (seed 003 eqs. 19-21) with\n"
                        "      nu_l = l(l+1) nu after a backtracking time T (--nu-t = nu T); without --nu-t\n"
                        "      the T -> infinity limit 18/((2l+1)(l+1)(l+2)).\n"
                        "  --model bgk: generalised BGK with nu_r ~ (1-x)^p (seed 002 eq. 4.7, 004 eq. 77);\n"
                        "      --form printed (eq. 4.7 as published, default) or consistent (the solution\n"
                        "      of eq. 4.6, which eq. 4.7 is not; see `cranisotropy verify --equation 4.7`)."))
    p.add_argument("--model", required=True, choices=("hierarchy", "bgk"), help="which model")
    p.add_argument("--p", type=_exponent, default=None, metavar="P",
                   help="exponent of nu_r ~ (1-x)^p, 0 < p < 1 (bgk only; default 1/2; fractions like 1/3 allowed)")
    p.add_argument("--form", choices=("printed", "consistent"), default=None,
                   help="bgk only: eq. 4.7 as printed (default) or the consistent solution of eq. 4.6")
    p.add_argument("--nu-t", type=nonnegative_float, default=None, metavar="T",
                   help="hierarchy only: nu T >= 0 (default: the T -> infinity limit)")
    p.add_argument("--lmax", type=int_range(1, LMAX_CLI), default=20, metavar="L",
                   help=f"largest multipole, 1..{LMAX_CLI} (default 20)")

    p = cli.command("diffusion-tensor", "BGK diffusion tensor for relaxation rate nu and gyrofrequency Omega",
                    handler=_diffusion_tensor, description=(
                        "BGK diffusion tensor (seed 003 eq. 5, 004 eq. 53) for B0 along z and speed c = 1:\n"
                        "K = K_par BB + K_perp (I - BB) + K_A eps.B, with nu_par = nu, nu_perp = nu + Omega^2/nu,\n"
                        "nu_A = Omega + nu^2/Omega; eigenvalues 1/(3 nu), 1/(3 (nu -+ i Omega))."))
    p.add_argument("--nu", type=positive_float, required=True, help="relaxation rate nu > 0")
    p.add_argument("--omega", type=finite_float, required=True,
                   help="gyrofrequency Omega = e B0/p0 (its sign is the sign of the charge)")

    p = cli.command("multipoles-figures", "write the multipole figures into docs/figures/",
                    handler=_figures, description=(
                        "Writes multipoles_hierarchy.png (seed 003 Fig. 1 model curves and the sum rule),\n"
                        "multipoles_generalized_bgk.png (seed 002 Fig. 3 model curves) and\n"
                        "multipoles_bgk_monte_carlo.png (BGK Monte Carlo vs the derived running tensor)."))
    p.add_argument("--out", type=Path, default=None, help="output folder (default docs/figures)")

    cli.validation("multipoles", "hierarchy C_l(T) vs ODE and mpmath; generalised BGK vs quadrature",
                   handler=_validate_multipoles)
    p = cli.validation("bgk", "Monte Carlo of gyration + isotropisation vs the derived BGK diffusion tensor",
                       handler=_validate_bgk)
    p.add_argument("--particles", type=int_range(100, 100_000_000), default=200_000, help="particles per case")
    p.add_argument("--ratios", type=_ratio_list, default=[0.0, 0.5, 2.0, 10.0], help="Omega/nu values, comma-separated")
    p.add_argument("--seed", type=int, default=20261122, help="random seed")

    p = cli.benchmark("multipoles", "C_l(T) for l <= 1000 at several T (target 100 ms, accuracy 1e-12)",
                      handler=_bench_multipoles)
    p.add_argument("--repeat", type=int_range(1, 100), default=5, help="repetitions per T (best is reported)")
    p.add_argument("--lmax", type=int_range(1, LMAX_CLI), default=1000, help="largest multipole (default 1000)")

    cli.artifact("multipoles-tables", _tables)


# --------------------------------------------------------------------------- handlers

def _multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import hierarchy as M

    lmax = args.lmax
    ells = list(range(1, lmax + 1))
    if args.model == "hierarchy":
        if args.p is not None or args.form is not None:
            raise UsageError("--p and --form apply only to --model bgk")
        ratios = M.hierarchy_ratios(lmax, args.nu_t)
        data = {"model": "hierarchy", "nu_t": args.nu_t, "lmax": lmax,
                "limit": "T -> infinity (seed 003 eq. 21)" if args.nu_t is None else None,
                "equation": "seed 003 eq. 21" if args.nu_t is None else "seed 003 eq. 20 (Bateman solution, nu_l = l(l+1) nu)",
                "ells": ells, "ratios": ratios.tolist()}
        if args.nu_t is not None:
            data["c1_over_initial_dipole"] = math.exp(-2 * args.nu_t)
            data["total_power_fraction"] = M.hierarchy_total_power(args.nu_t)
        header = ("hierarchy, T -> infinity" if args.nu_t is None else f"hierarchy, nu T = {args.nu_t:g}")
    else:
        if args.nu_t is not None:
            raise UsageError("--nu-t applies only to --model hierarchy (the generalised BGK spectrum is stationary)")
        p = 0.5 if args.p is None else args.p
        form = args.form or "printed"
        ratios = M.generalized_bgk_ratios(p, lmax, form=form)
        data = {"model": "bgk", "p": p, "form": form, "lmax": lmax,
                "equation": "seed 002 eq. 4.7 / 004 eq. 77" if form == "printed" else "solution of seed 002 eq. 4.6 (l >= 1)",
                "large_l_slope": 2 * p - 4, "ells": ells, "ratios": ratios.tolist()}
        header = f"generalised BGK, nu_r ~ (1-x)^{p:g}, {form}"
    lines = [f"# {header}: C_l/C_1", f"{'l':>6}  {'C_l/C_1':>22}"]
    lines += [f"{ell:>6}  {r:22.15e}" for ell, r in zip(ells, ratios)]
    if "total_power_fraction" in data:
        lines.append(f"# sum_l (2l+1) C_l / (3 C~_1) = {data['total_power_fraction']:.12g} "
                     "(eq. 13 would keep 1; the hierarchy leaks power to l -> infinity)")
    return CommandResult(data, "\n".join(lines))


def _diffusion_tensor(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import bgk

    coeff = bgk.diffusion_coefficients(args.nu, args.omega)
    K = bgk.diffusion_tensor(args.nu, args.omega)
    eig = sorted(bgk.eigenvalues(args.nu, args.omega), key=lambda z: (z.imag, z.real))
    data = {"nu": args.nu, "omega": args.omega, "b_hat": [0.0, 0.0, 1.0], "units": "c = 1; K in c^2/nu",
            "tensor": K.tolist(), **coeff,
            "eigenvalues": [{"re": float(z.real), "im": float(z.imag)} for z in eig]}
    rows = "\n".join("  [" + ", ".join(f"{v: .10e}" for v in row) + "]" for row in K)
    nu_a = "inf (Omega = 0)" if coeff["nu_antisymmetric"] is None else f"{coeff['nu_antisymmetric']:.10g}"
    text = (f"BGK diffusion tensor, nu = {args.nu:g}, Omega = {args.omega:g}, B0 = e_z (c = 1):\n{rows}\n"
            f"K_par = {coeff['parallel']:.10g}, K_perp = {coeff['perpendicular']:.10g}, K_A = {coeff['antisymmetric']:.10g}\n"
            f"nu_par = {coeff['nu_parallel']:.10g}, nu_perp = {coeff['nu_perpendicular']:.10g}, nu_A = {nu_a}\n"
            "eigenvalues: " + ", ".join(f"{z.real:.10g}{z.imag:+.10g}i" for z in eig))
    return CommandResult(data, text)


def _figures(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles.plots import write_figures
    from cranisotropy.core.paths import output_dir

    out = args.out if args.out is not None else output_dir()
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out must be a folder, got the file {out}")
    files = write_figures(out)
    return CommandResult({"files": files}, "\n".join(f"wrote {f}" for f in files))


def _validate_multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles.campaign import validate

    report = validate()
    lines = [f"{'ok' if report['hierarchy_ode']['ok'] else 'FAIL':4} hierarchy vs LSODA (l <= 60): max rel error "
             f"{report['hierarchy_ode']['max_rel_error']:.2e}",
             f"{'ok' if report['hierarchy_mpmath']['ok'] else 'FAIL':4} hierarchy vs mpmath (l <= 1000, nu T 1e-6..10): "
             f"max rel error {report['hierarchy_mpmath']['max_rel_error']:.2e}",
             f"{'ok' if report['generalized_bgk']['ok'] else 'FAIL':4} generalised BGK closed forms vs quadrature: "
             f"{report['generalized_bgk']['closed_form_vs_quadrature_max_rel_error']:.2e}; eq. 4.6 solved directly vs "
             f"consistent {report['generalized_bgk']['eq46_direct_vs_consistent_max_rel_error']:.1e}, vs printed "
             f"eq. 4.7 {report['generalized_bgk']['eq46_direct_vs_printed_max_rel_error']:.2f}",
             f"{'ok' if report['hierarchy_total_power']['ok'] else 'FAIL':4} total power, two series: "
             f"{report['hierarchy_total_power']['max_rel_difference']:.1e}"]
    return CommandResult(report, "\n".join(lines), ok=report["ok"])


def _validate_bgk(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import bgk

    report = bgk.validate(ratios=tuple(args.ratios), n_particles=args.particles, seed=args.seed)
    lines = [f"BGK Monte Carlo, {args.particles} particles per case, nu t = {report['times']}, |z| <= {report['z_max']}"]
    for case in report["cases"]:
        m, e, a = case["measured_last"], case["error_last"], case["asymptotic"]
        lines.append(f"{'ok' if case['ok'] else 'FAIL':4} Omega/nu = {case['omega_over_nu']:<5g} max |z| = {case['max_abs_z']:.2f}; "
                     f"at nu t = {report['times'][-1]:g}: K_par {m['parallel']:.4f}+-{e['parallel']:.4f} "
                     f"(oo: {a['parallel']:.4f}), K_perp {m['perpendicular']:.4f}+-{e['perpendicular']:.4f} "
                     f"(oo: {a['perpendicular']:.4f}), K_A {m['antisymmetric']:.4f}+-{e['antisymmetric']:.4f} "
                     f"(oo: {a['antisymmetric']:.4f})")
    return CommandResult(report, "\n".join(lines), ok=report["ok"])


def _bench_multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles.campaign import benchmark

    report = benchmark(lmax=args.lmax, repeat=args.repeat)
    lines = [f"C_l(T), l = 1..{report['lmax']}, best of {report['repeat']}:"]
    lines += [f"  nu T = {r['nu_t']:<8g} {r['best_ms']:8.2f} ms" for r in report["timings"]]
    lines.append(f"slowest {report['slowest_ms']:.2f} ms (target {report['target_ms']:g} ms); "
                 f"spot max rel error vs mpmath {report['spot_max_rel_error']:.1e} (target 1e-12)")
    return CommandResult(report, "\n".join(lines), ok=report["ok"])


# --------------------------------------------------------------------------- artifact

def _tables(root: Path) -> dict[str, str]:
    """docs/multipoles_tables.md: exact and decimal C_l/C_1 tables."""
    import sympy as sp

    from cranisotropy.derivations.multipoles import hierarchy as dm
    from cranisotropy.derivations.multipoles import relative_diffusion as rd
    from cranisotropy.numerics.multipoles import hierarchy as M

    lines = ["# Multipole tables", "",
             "Generated by `cranisotropy regenerate` from the derivations; do not edit.", "",
             "## Generalised BGK, nu_r ~ (1-x)^p (seed 002 Fig. 3)", "",
             "`printed`: seed 002 eq. 4.7 / 004 eq. 77 as published; `consistent`: the solution of eq. 4.6",
             "for l >= 1 (eq. 4.7 misses its solvability term, see docs/multipoles.md).", ""]
    ps = (sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(2, 3))
    head = "| l | " + " | ".join(f"p = {p} printed | p = {p} consistent" for p in ps) + " |"
    lines += [head, "|" + "---|" * (1 + 2 * len(ps))]
    for order in range(1, 11):
        cells = []
        for p in ps:
            cells += [str(rd.generalized_bgk_ratio(order, p)), str(rd.generalized_bgk_ratio(order, p, consistent=True))]
        lines.append(f"| {order} | " + " | ".join(f"`{c}`" for c in cells) + " |")
    lines += ["", "Decimal values up to l = 30:", "", head, "|" + "---|" * (1 + 2 * len(ps))]
    cols = [(M.generalized_bgk_ratios(float(p), 30), M.generalized_bgk_ratios(float(p), 30, form="consistent")) for p in ps]
    for order in range(1, 31):
        cells = []
        for printed, consistent in cols:
            cells += [f"{printed[order - 1]:.10e}", f"{consistent[order - 1]:.10e}"]
        lines.append(f"| {order} | " + " | ".join(cells) + " |")
    lines += ["", "Large-l slope d ln C_l / d ln l = 2p - 4 (both forms).", "",
              "## Multipole hierarchy (seed 003 eqs. 20, 21)", "",
              "| l | T -> oo (eq. 21, exact) | nu T = 0.1 | nu T = 1 |", "|---|---|---|---|"]
    r01, r1 = M.hierarchy_ratios(30, 0.1), M.hierarchy_ratios(30, 1.0)
    for order in range(1, 31):
        exact = dm.asymptotic_ratio().subs(dm.l, order)
        lines.append(f"| {order} | `{exact}` | {r01[order - 1]:.10e} | {r1[order - 1]:.10e} |")
    lines += ["", "Total power sum_l (2l+1) C_l(T) / (3 C~_1) of the hierarchy (eq. 13 would keep 1):", "",
              "| nu T | total power |", "|---|---|"]
    for tau in (0.01, 0.1, 0.3, 1.0, 3.0, 10.0):
        lines.append(f"| {tau:g} | {M.hierarchy_total_power(tau):.12g} |")
    return {"docs/multipoles_tables.md": "\n".join(lines) + "\n"}
