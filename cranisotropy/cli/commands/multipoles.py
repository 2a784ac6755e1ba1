"""Commands of the multipole topic: ``multipoles``, ``diffusion-tensor``, ``multipoles-figures``,
``validate multipoles``, ``validate bgk``, ``bench multipoles``, the tables artifact and the
figures document.  Each handler calls one function of :mod:`cranisotropy.numerics.multipoles`
and formats its result (``--json`` prints ``result.to_dict()``)."""
from __future__ import annotations

import argparse
import math
from fractions import Fraction
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir
from cranisotropy.cli.types import finite_float, int_range, nonnegative_float, positive_float

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
                        "Angular power spectrum ratios C_l/C_1, l = 1..lmax (Python: multipole_spectrum).\n"
                        "  --model hierarchy: consecutive multipole hierarchy (seed 003 eqs. 19-21) with\n"
                        "      nu_l = l(l+1) nu after a backtracking time T (--nu-t = nu T); without --nu-t\n"
                        "      the T -> infinity limit 18/((2l+1)(l+1)(l+2)).\n"
                        "  --model bgk: generalised BGK with nu_r ~ (1-x)^p (seed 002 eqs. 4.6-4.7, 004 eq. 77);\n"
                        "      --form consistent (default: the derived solution of eq. 4.6) or printed (the\n"
                        "      paper's eq. 4.7 as published, which misses the solvability term of eq. 4.6;\n"
                        "      see `cranisotropy verify --equation 4.7`)."))
    p.add_argument("--model", required=True, choices=("hierarchy", "bgk"), help="which model")
    p.add_argument("--p", type=_exponent, default=None, metavar="P",
                   help="exponent of nu_r ~ (1-x)^p, 0 < p < 1 (bgk only; default 1/2; fractions like 1/3 allowed)")
    p.add_argument("--form", choices=("consistent", "printed"), default=None,
                   help="bgk only: the derived solution of eq. 4.6 (consistent, default) or the paper's "
                        "eq. 4.7 as printed")
    p.add_argument("--nu-t", type=nonnegative_float, default=None, metavar="T",
                   help="hierarchy only: nu T >= 0 (default: the T -> infinity limit)")
    p.add_argument("--lmax", type=int_range(1, LMAX_CLI), default=20, metavar="L",
                   help=f"largest multipole, 1..{LMAX_CLI} (default 20)")

    p = cli.command("diffusion-tensor", "BGK diffusion tensor for relaxation rate nu and gyrofrequency Omega",
                    handler=_diffusion_tensor, description=(
                        "BGK diffusion tensor (seed 003 eq. 5, 004 eq. 53) for B0 along z and speed c = 1\n"
                        "(Python: diffusion_tensor): K = K_par BB + K_perp (I - BB) + K_A eps.B, with\n"
                        "nu_par = nu, nu_perp = nu + Omega^2/nu, nu_A = Omega + nu^2/Omega; eigenvalues\n"
                        "1/(3 nu), 1/(3 (nu -+ i Omega))."))
    p.add_argument("--nu", type=positive_float, required=True, help="relaxation rate nu > 0")
    p.add_argument("--omega", type=finite_float, required=True,
                   help="gyrofrequency Omega = e B0/p0 (its sign is the sign of the charge)")

    p = cli.command("multipoles-figures", "write the multipole figures (PNG) into --output-dir",
                    handler=_figures, description=(
                        "Writes multipoles_hierarchy.png (seed 003 Fig. 1 model curves and the sum rule),\n"
                        "multipoles_generalized_bgk.png (seed 002 Fig. 3 model curves, derived and as printed)\n"
                        "and multipoles_bgk_monte_carlo.png (BGK Monte Carlo vs the derived running tensor)\n"
                        "(Python: multipole_figures).  The committed copies in docs/figures/ are refreshed\n"
                        "by `cranisotropy regenerate --docs`."))
    add_output_dir(p, "figures")

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
    cli.document("multipoles-figures", _document_figures)


# --------------------------------------------------------------------------- handlers

def _multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import multipole_spectrum

    result = multipole_spectrum(args.model, args.lmax, nu_t=args.nu_t, p=args.p, form=args.form)
    if result.model == "hierarchy":
        header = "hierarchy, T -> infinity" if result.nu_t is None else f"hierarchy, nu T = {result.nu_t:g}"
    else:
        header = f"generalised BGK, nu_r ~ (1-x)^{result.p:g}, form {result.form}"
    lines = [f"# {header}: C_l/C_1", f"# {result.equation}", f"{'l':>6}  {'C_l/C_1':>22}"]
    lines += [f"{ell:>6}  {r:22.15e}" for ell, r in zip(result.ells, result.ratios)]
    if result.total_power_fraction is not None:
        lines.append(f"# sum_l (2l+1) C_l / (3 C~_1) = {result.total_power_fraction:.12g} "
                     "(eq. 13 would keep 1; the hierarchy leaks power to l -> infinity)")
    return CommandResult(result.to_dict(), "\n".join(lines))


def _diffusion_tensor(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import diffusion_tensor

    K = diffusion_tensor(args.nu, args.omega)
    rows = "\n".join("  [" + ", ".join(f"{v: .10e}" for v in row) + "]" for row in K.tensor)
    nu_a = "inf (Omega = 0)" if K.nu_antisymmetric is None else f"{K.nu_antisymmetric:.10g}"
    text = (f"BGK diffusion tensor, nu = {K.nu:g}, Omega = {K.omega:g}, B0 = e_z (c = 1):\n{rows}\n"
            f"K_par = {K.parallel:.10g}, K_perp = {K.perpendicular:.10g}, K_A = {K.antisymmetric:.10g}\n"
            f"nu_par = {K.nu_parallel:.10g}, nu_perp = {K.nu_perpendicular:.10g}, nu_A = {nu_a}\n"
            "eigenvalues: " + ", ".join(f"{z.real:.10g}{z.imag:+.10g}i" for z in K.eigenvalues))
    return CommandResult(K.to_dict(), text)


def _figures(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import multipole_figures

    result = multipole_figures(args.output_dir)
    return CommandResult(result.to_dict(), "\n".join(f"wrote {f}" for f in result.files))


def _ok(flag: bool) -> str:
    return f"{'ok' if flag else 'FAIL':4}"


def _validate_multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import validate_multipoles

    r = validate_multipoles()
    bgk = r.generalized_bgk
    lines = [f"{_ok(r.hierarchy_ode['ok'])} hierarchy vs LSODA (l <= 60): max rel error "
             f"{r.hierarchy_ode['max_rel_error']:.2e}",
             f"{_ok(r.hierarchy_mpmath['ok'])} hierarchy vs mpmath (l <= 1000, nu T 1e-6..10): "
             f"max rel error {r.hierarchy_mpmath['max_rel_error']:.2e}",
             f"{_ok(bgk['ok'])} generalised BGK closed forms vs quadrature: "
             f"{bgk['closed_form_vs_quadrature_max_rel_error']:.2e}; eq. 4.6 solved directly vs derived "
             f"{bgk['eq46_direct_vs_consistent_max_rel_error']:.1e}, vs the paper's eq. 4.7 "
             f"{bgk['eq46_direct_vs_printed_max_rel_error']:.2f}",
             f"{_ok(r.hierarchy_total_power['ok'])} total power, two series: "
             f"{r.hierarchy_total_power['max_rel_difference']:.1e}"]
    return CommandResult(r.to_dict(), "\n".join(lines), ok=r.ok)


def _validate_bgk(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import validate_bgk

    r = validate_bgk(tuple(args.ratios), n_particles=args.particles, seed=args.seed)
    lines = [f"BGK Monte Carlo, {r.n_particles} particles per case, nu t = {r.times}, |z| <= {r.z_max}"]
    for case in r.cases:
        m, e, a = case["measured_last"], case["error_last"], case["asymptotic"]
        lines.append(f"{_ok(case['ok'])} Omega/nu = {case['omega_over_nu']:<5g} max |z| = {case['max_abs_z']:.2f}; "
                     f"at nu t = {r.times[-1]:g}: " + ", ".join(
                         f"K_{short} {m[name]:.4f}+-{e[name]:.4f} (oo: {a[name]:.4f})"
                         for short, name in (("par", "parallel"), ("perp", "perpendicular"), ("A", "antisymmetric"))))
    return CommandResult(r.to_dict(), "\n".join(lines), ok=r.ok)


def _bench_multipoles(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.multipoles import bench_multipoles

    r = bench_multipoles(args.lmax, repeat=args.repeat)
    lines = [f"C_l(T), l = 1..{r.lmax}, best of {r.repeat}:"]
    lines += [f"  nu T = {row['nu_t']:<8g} {row['best_ms']:8.2f} ms" for row in r.timings]
    lines.append(f"slowest {r.slowest_ms:.2f} ms (target {r.target_ms:g} ms); "
                 f"spot max rel error vs mpmath {r.spot_max_rel_error:.1e} (target 1e-12)")
    return CommandResult(r.to_dict(), "\n".join(lines), ok=r.ok)


# --------------------------------------------------------------------------- regenerate

def _tables(root: Path) -> dict[str, str]:
    """docs/multipoles_tables.md: exact and decimal C_l/C_1 tables."""
    from cranisotropy.numerics.multipoles import multipole_tables

    return {"docs/multipoles_tables.md": multipole_tables()}


def _document_figures(docs: Path) -> list[Path]:
    """docs/figures/multipoles_*.png (``cranisotropy regenerate --docs``)."""
    from cranisotropy.numerics.multipoles import multipole_figures

    return [Path(f) for f in multipole_figures(docs / "figures").files]
