"""``cranisotropy confinement``: self-regulated CR escape from a source (seed 000, Sec. II).

Also ``validate confinement`` (time-dependent runs over a Pi scan) and the regenerated table of
the interpolation formula's accuracy in docs/confinement.md.
"""
from __future__ import annotations

import argparse
import math
import re
from math import exp, sqrt
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import nonnegative_float, positive_float
from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress

PC_CM = 3.0856775814913673e18
YR_S = 3.15576e7
KM_S = 1e5

_DESCRIPTION = """\
Escape of cosmic rays from a source that excites its own confining waves (seed 000, Sec. II,
eqs. 1-5): CR partial pressure P_CR(z, t) diffusing with kappa_B / I along the field, wave
energy I(z, t) driven by -C_A dP_CR/dz.  For a given normalised source strength

    Pi = (C_A / kappa_B) int_0^inf P_CR dz

it reports the suppressed diffusivity D_NL = F(Pi) D_ISM e^-Pi (F exact), the core / pedestal /
tail zones at time t, and P_CR at the requested distances from the exact late-time
(self-similar) solution and from the interpolation formula (5).  --pde also integrates the full
time-dependent system from the initial cloud; --spectrum finds the spectral break z^2/t = D_NL(p)
for power-law momentum dependences.

Units: lengths in pc, time in yr, C_A in km/s, kappa_B in cm^2/s, Gamma in 1/yr; P_CR and I are
per unit ln p (ln k) in units of B0^2/8pi (eq. 3)."""


def register(cli: CommandSet) -> None:
    p = cli.command("confinement", "self-regulated CR escape from a source (seed 000 Sec. II)",
                    handler=_confinement, description=_DESCRIPTION)
    p.add_argument("--pi", type=_pi_value, required=True, metavar="PI",
                   help="normalised integrated CR pressure Pi = (C_A/kappa_B) int_0^inf P_CR dz (> 0)")
    p.add_argument("--cloud-size", type=positive_float, default=10.0, metavar="PC",
                   help="size a of the initial CR cloud [pc] (default 10)")
    p.add_argument("--alfven-speed", type=positive_float, default=10.0, metavar="KM_S",
                   help="Alfven speed C_A [km/s] (default 10)")
    p.add_argument("--kappa-bohm", type=positive_float, default=1e25, metavar="CM2_S",
                   help="Bohm diffusion coefficient kappa_B = c r_g/3 at this momentum [cm^2/s] (default 1e25)")
    p.add_argument("--i-ism", type=positive_float, default=1e-3, metavar="I",
                   help="background wave energy I_ISM per ln k [B0^2/8pi] (default 1e-3)")
    p.add_argument("--time", type=positive_float, default=1e5, metavar="YR",
                   help="time since release t [yr] (default 1e5)")
    p.add_argument("--distance", type=positive_float, nargs="+", metavar="PC",
                   help="distances z from the source [pc] (default: 9 points across the zones)")
    p.add_argument("--pde", action="store_true",
                   help="also integrate the time-dependent system (1)-(2) from the initial cloud")
    p.add_argument("--cloud", choices=("tophat", "gaussian"), default="tophat",
                   help="shape of the initial cloud for --pde (default tophat)")
    p.add_argument("--damping", type=nonnegative_float, default=0.0, metavar="PER_YR",
                   help="wave damping rate Gamma [1/yr] (default 0; exact: the undamped solution at "
                        "(e^(Gamma t) - 1)/Gamma)")
    p.add_argument("--spectrum", action="store_true",
                   help="spectral break at the first --distance for the power laws below "
                        "(momenta p/p0; --pi, --kappa-bohm, --i-ism refer to p0)")
    p.add_argument("--pi-index", type=float, default=1.2, metavar="S",
                   help="Pi ~ (p/p0)^-S (default 1.2: a p^-4.2 source over Bohm kappa_B ~ p)")
    p.add_argument("--kappa-index", type=float, default=1.0, metavar="S",
                   help="kappa_B ~ (p/p0)^S (default 1, Bohm, relativistic)")
    p.add_argument("--i-ism-index", type=float, default=2 / 3, metavar="S",
                   help="I_ISM ~ (p/p0)^S (default 2/3: Kolmogorov I(k) ~ k^-2/3, k r_g = 1)")

    v = cli.validation("confinement", "time-dependent escape vs exact similarity solution, Pi scan",
                       handler=_validate, description=(
                           "Integrate (1)-(2) by the method of lines for a scan of Pi (weak to strong\n"
                           "source) to the self-similar stage; check CR content conservation, the\n"
                           "quasilinear integral (4), convergence to the exact similarity solution,\n"
                           "and measure the interpolation formula (5).  Each Pi is saved as it\n"
                           "finishes (--out); --resume reuses finished ones."))
    v.add_argument("--pis", type=_pi_list, default=None, metavar="PI,PI,...",
                   help="comma-separated Pi values (default 0.1,0.3,1,3,5,8,12)")
    v.add_argument("--factor", type=positive_float, default=1e4,
                   help="run to factor / min(D_NL, D_ISM) in units a/C_A (default 1e4)")
    v.add_argument("--out", type=Path, default=Path("results/confinement"),
                   help="folder for per-Pi results (default results/confinement)")
    v.add_argument("--resume", action="store_true", help="reuse results already in --out")
    v.add_argument("--grid-convergence", action="store_true",
                   help="also refine the grid at Pi = 3 (expects second order)")
    v.add_argument("--figures", action="store_true",
                   help="write docs/figures/confinement_*.png")

    cli.artifact("confinement-tables", _tables_artifact)


# --------------------------------------------------------------------------- argument types

def _pi_value(text: str) -> float:
    from cranisotropy.numerics.confinement.similarity import PI_MAX, PI_MIN

    value = positive_float(text)
    if not PI_MIN <= value <= PI_MAX:
        raise argparse.ArgumentTypeError(
            f"{text!r} must lie in [{PI_MIN:g}, {PI_MAX:g}] (below: test-particle limit; above: "
            f"e^Pi out of range)")
    return value


def _pi_list(text: str) -> tuple[float, ...]:
    values = tuple(_pi_value(part.strip()) for part in text.split(",") if part.strip())
    if not values:
        raise argparse.ArgumentTypeError("give at least one Pi")
    return values


# --------------------------------------------------------------------------- the command

def _zone(xi: float, knl: float, kism: float) -> str:
    if xi < sqrt(knl):
        return "core"
    return "pedestal" if xi < sqrt(kism) else "tail"


def _confinement(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.confinement import similarity as nc

    a = args.cloud_size * PC_CM
    c_a = args.alfven_speed * KM_S
    kappa_b = args.kappa_bohm
    t = args.time * YR_S
    gamma = args.damping / YR_S
    # eq. (2)'s damping is a change of clock (exact): the undamped solution at s = (e^(Gamma t) - 1)/Gamma,
    # with I multiplied by e^(-Gamma t)
    if gamma * t > 600:
        raise UsageError(f"--damping {args.damping:g} /yr over --time {args.time:g} yr damps the waves by "
                         f"e^-{gamma * t:.3g}: out of range")
    t_eff = math.expm1(gamma * t) / gamma if gamma > 0 else t
    wave_factor = exp(-gamma * t)
    kappa_ism = kappa_b / args.i_ism
    sol = nc.similarity_solution(args.pi)
    f_norm = nc.factor_F_normalised(args.pi)
    kappa_nl = sol.kappa_nl * kappa_ism
    z_core, z_tail = sqrt(kappa_nl * t_eff), sqrt(kappa_ism * t_eff)
    d_ism = kappa_ism / (a * c_a)
    tau = c_a * t / a
    # the similarity solution holds once the core is much wider than the initial cloud
    spread = sqrt(min(kappa_nl, kappa_ism) * t_eff) / a
    if args.distance:
        distances = [z * PC_CM for z in args.distance]
    else:
        lo, hi = 0.1 * min(z_core, z_tail), 3 * z_tail
        distances = [lo * (hi / lo) ** (k / 8) for k in range(9)]
    amplitude = kappa_b / (c_a * sqrt(t_eff))
    xis = [z / sqrt(t_eff) for z in distances]
    exact = sol.shape(xis, kappa_ism) * amplitude
    interp = nc.interpolation_shape(xis, kappa_nl, kappa_ism) * amplitude
    waves = sol.wave(xis, kappa_ism) * kappa_b * wave_factor
    rows = [{"z_pc": z / PC_CM, "zone": _zone(xi, kappa_nl, kappa_ism), "P_CR": float(pe),
             "P_CR_formula5": float(pi5), "formula5_rel_error": float(pi5 / pe - 1) if pe > 0 else 0.0,
             "I": float(w)}
             for z, xi, pe, pi5, w in zip(distances, xis, exact, interp, waves)]
    data = {
        "inputs": {"pi": args.pi, "cloud_size_pc": args.cloud_size, "alfven_speed_km_s": args.alfven_speed,
                   "kappa_bohm_cm2_s": kappa_b, "i_ism": args.i_ism, "time_yr": args.time,
                   "damping_per_yr": args.damping},
        "effective_time_yr": t_eff / YR_S,
        "normalised": {"D_ISM": d_ism, "tau": tau, "core_spread_in_cloud_sizes": spread},
        "F_exact": sol.F, "F_normalising_formula5": f_norm,
        "kappa_ism_cm2_s": kappa_ism, "kappa_nl_cm2_s": kappa_nl, "kappa_core_cm2_s": kappa_ism * exp(-args.pi),
        "zones_pc": {"core_edge": z_core / PC_CM, "tail_start": z_tail / PC_CM,
                     "has_pedestal": bool(kappa_nl < kappa_ism)},
        "core_height": float(sol.core_height / sqrt(kappa_ism) * amplitude),
        "self_similar": bool(spread > 3),
        "profile": rows,
    }
    if args.pde:
        data["pde"] = _pde_section(args, a, c_a, kappa_b, d_ism, tau, distances, spread)
    if args.spectrum:
        data["spectrum"] = _spectrum_section(args, distances[0], t_eff, kappa_ism)
    return CommandResult(data, _text(data))


#: beyond this core spread (in cloud sizes) the grid would span > 1e12 source cells; the
#: self-similar profile is then exact to the solver's own accuracy anyway
_PDE_MAX_SPREAD = 1e4


def _pde_section(args, a, c_a, kappa_b, d_ism, tau, distances, spread) -> dict:
    import numpy as np

    from cranisotropy.numerics.confinement import pde

    if spread > _PDE_MAX_SPREAD:
        return {"skipped": f"the core has spread {spread:.3g} cloud sizes (> {_PDE_MAX_SPREAD:g}): the "
                           "self-similar profile above is the solution"}

    problem = pde.EscapeProblem(pi=args.pi, d_ism=d_ism, gamma=args.damping / YR_S * a / c_a, cloud=args.cloud)
    # strong damping: use the exact substitution of eq. (2) rather than integrating e^(-Gamma t)
    solver = pde.solve_via_time_map if problem.gamma * tau > 20 else pde.solve_escape
    try:
        sol = solver(problem, [tau])
    except RuntimeError as exc:
        raise UsageError(f"the time-dependent solution failed for these parameters: {exc}") from None
    eps = kappa_b / (a * c_a)
    x = [z / a for z in distances]
    p = np.interp(x, sol.centres, sol.p[-1], right=0.0) * eps
    out = {"P_CR": [float(v) for v in p], "content_error": float(abs(sol.content()[-1] / args.pi - 1)),
           "quasilinear_residual": float(sol.quasilinear_residual()[-1]), "cells": sol.stats["cells"],
           "damping_normalised": problem.gamma, "cloud": args.cloud,
           "time_map": bool(sol.stats.get("time_map", False))}
    if args.damping == 0:
        cmp = sol.compare_similarity(-1)
        out["l1_vs_similarity"] = cmp["l1_similarity"]
    return out


def _spectrum_section(args, z, t, kappa_ism) -> dict:
    from cranisotropy.numerics.confinement import similarity as nc

    source = nc.PowerLawSource(pi0=args.pi, kappa_ism0=kappa_ism, pi_index=args.pi_index,
                               kappa_index=args.kappa_index, i_ism_index=args.i_ism_index)
    xi = z / sqrt(t)
    criterion = nc.break_momentum(xi, source)
    out = {"distance_pc": z / PC_CM, "p_break_criterion": criterion}
    if criterion is not None:
        measured = nc.measured_break(xi, source, criterion)
        out.update({"p_break_measured": measured["p_break"], "slope_below": measured["pedestal_slope"],
                    "slope_above": measured["core_slope"]})
    return out


def _text(d: dict) -> str:
    n = d["normalised"]
    lines = [
        f"Pi = {d['inputs']['pi']:g}   D_ISM = kappa_B/(a C_A I_ISM) = {n['D_ISM']:.4g}   C_A t/a = {n['tau']:.4g}",
        f"F(Pi) = {d['F_exact']:.6g} (exact core height; {d['F_normalising_formula5']:.6g} normalises (5))",
        f"kappa_ISM = {d['kappa_ism_cm2_s']:.4g} cm^2/s   D_NL -> kappa_NL = {d['kappa_nl_cm2_s']:.4g} cm^2/s"
        f"   (core kappa_B/I = {d['kappa_core_cm2_s']:.4g})",
        f"zones: core z < {d['zones_pc']['core_edge']:.4g} pc, "
        + (f"pedestal (P ~ 1/z) to {d['zones_pc']['tail_start']:.4g} pc, " if d["zones_pc"]["has_pedestal"] else "")
        + f"tail beyond {max(d['zones_pc']['tail_start'], d['zones_pc']['core_edge']):.4g} pc",
        f"core height P_CR(0) = {d['core_height']:.4g}",
    ]
    if not d["self_similar"]:
        lines.append(f"note: the core has spread only {n['core_spread_in_cloud_sizes']:.3g} cloud sizes; "
                     "the self-similar profile below is not yet reached (use --pde)")
    header = f"{'z [pc]':>11} {'zone':>9} {'P_CR selfsim':>12} {'formula (5)':>12} {'rel.err':>8} {'I selfsim':>11}"
    if d["inputs"]["damping_per_yr"] > 0:
        lines.append(f"damping: the undamped solution at t_eff = (e^(Gamma t) - 1)/Gamma = "
                     f"{d['effective_time_yr']:.4g} yr, I times e^(-Gamma t) (exact substitution, eq. 2)")
    pde_rows = "pde" in d and "P_CR" in d["pde"]
    if pde_rows:
        header += f" {'P_CR (PDE)':>12}"
    lines.append(header)
    for k, r in enumerate(d["profile"]):
        line = (f"{r['z_pc']:11.4g} {r['zone']:>9} {r['P_CR']:12.4e} {r['P_CR_formula5']:12.4e} "
                f"{r['formula5_rel_error']:8.3f} {r['I']:11.4e}")
        if pde_rows:
            line += f" {d['pde']['P_CR'][k]:12.4e}"
        lines.append(line)
    if "pde" in d and not pde_rows:
        lines.append(f"PDE skipped: {d['pde']['skipped']}")
    if pde_rows:
        p = d["pde"]
        lines.append(f"PDE: {p['cells']} cells, CR content error {p['content_error']:.1e}, "
                     f"quasilinear-integral residual {p['quasilinear_residual']:.1e}"
                     + (f", L1 distance from the similarity profile {p['l1_vs_similarity']:.2e}"
                        if "l1_vs_similarity" in p else ""))
    if "spectrum" in d:
        s = d["spectrum"]
        if s["p_break_criterion"] is None:
            lines.append("spectrum: no break (z^2/t = D_NL(p)) for p/p0 in [1e-4, 1e4]")
        else:
            lines.append(f"spectral break at z = {s['distance_pc']:.4g} pc: p/p0 = {s['p_break_criterion']:.4g} "
                         "(z^2/t = D_NL(p)); exact spectrum's mid-slope break "
                         + (f"{s['p_break_measured']:.4g}; " if s["p_break_measured"] is not None else "not found; ")
                         + f"slope d ln P/d ln p {s['slope_below']:.3g} below, {s['slope_above']:.3g} above")
    return "\n".join(lines)


# --------------------------------------------------------------------------- validate

def _validate(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.confinement import campaign as camp
    from cranisotropy.core.paths import output_dir

    pis = args.pis or camp.DEFAULT_CAMPAIGN_PIS
    rows = camp.run_pi_scan(pis, out_dir=args.out, resume=args.resume, factor=args.factor,
                            progress=lambda it: progress(it, desc="Pi scan", unit="Pi"))
    data = {"rows": rows, "tolerances": camp.TOLERANCES}
    lines = [f"{'Pi':>6} {'cells':>5} {'content':>8} {'QL(4)':>8} {'L1 sim':>8} {'L1 sim t/10':>11}"
             f" {'(5) L1':>7} {'(5) max':>7} {'ok':>3}"]
    for r in rows:
        lines.append(f"{r['pi']:6g} {r['cells']:5d} {r['content_error']:8.1e} {r['quasilinear_discrete']:8.1e} "
                     f"{r['similarity_l1'][-1]:8.1e} {r['similarity_l1'][-2]:11.1e} "
                     f"{r['interpolation_l1_pde']:7.3f} {r['interpolation_max_rel_pde']:7.3f} "
                     f"{'yes' if r['ok'] else 'NO':>3}")
    ok = all(r["ok"] for r in rows)
    if args.grid_convergence:
        conv = camp.grid_convergence()
        data["grid_convergence"] = conv
        lines.append("grid convergence at Pi = 3 (late-time L1 distance from the similarity solution):")
        lines += [f"  growth {c['growth']:.2f}: {c['cells']} cells, {c['similarity_l1']:.2e}" for c in conv]
    if args.figures:
        data["figures"] = camp.make_figures(output_dir())
        lines += [f"wrote {f}" for f in data["figures"]]
    lines.append("all checks passed" if ok else "SOME CHECKS FAILED")
    return CommandResult(data, "\n".join(lines), ok=ok)


# --------------------------------------------------------------------------- regenerated table

_BEGIN, _END = "<!-- BEGIN confinement-pi-scan (cranisotropy regenerate) -->", "<!-- END confinement-pi-scan -->"


def pi_scan_markdown() -> str:
    """The accuracy table of formula (5) against the exact similarity solution (3 significant digits)."""
    from cranisotropy.numerics.confinement import similarity as nc

    head = ("| Pi | F exact | F normalising (5) | L1 / Pi | max rel. z <= sqrt(kappa_ISM t) | "
            "max rel. z <= 2 sqrt(kappa_ISM t) | rel. at 3 sqrt(kappa_ISM t) | L1 / Pi | max rel. z <= sqrt(kappa_ISM t) | content of (5) |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for r in nc.pi_scan():
        e, m = r["exact"], r["normalised"]
        lines.append(f"| {r['pi']:g} | {r['F_exact']:.4g} | {r['F_normalised']:.4g} | {e['l1']:.3f} | "
                     f"{e['max_rel_bulk']:.3f} | {e['max_rel_2']:.3f} | {e['rel_at_3']:+.3f} | {m['l1']:.3f} | "
                     f"{m['max_rel_bulk']:.3f} | {e['content']:+.3f} |")
    return "\n".join(lines)


def _tables_artifact(root: Path) -> dict[str, str]:
    path = root / "docs" / "confinement.md"
    text = path.read_text() if path.exists() else f"# Self-confinement\n\n{_BEGIN}\n{_END}\n"
    if _BEGIN not in text or _END not in text:
        raise UsageError(f"{path} lacks the table markers {_BEGIN!r} ... {_END!r}")
    block = f"{_BEGIN}\n{pi_scan_markdown()}\n{_END}"
    new = re.sub(re.escape(_BEGIN) + r".*?" + re.escape(_END), lambda _m: block, text, flags=re.S)
    return {"docs/confinement.md": new}
