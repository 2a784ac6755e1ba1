"""``cranisotropy beam``, ``validate beam``, ``bench beam`` (seed 001: the Milagro beam)."""
from __future__ import annotations

import argparse
import math
import time

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import finite_float, int_range, open_interval
from cranisotropy.core.errors import UsageError

_DESCRIPTION = """\
Beam characteristics of Malkov, Diamond, Drury & Sagdeev (2010) (seed 001) for given eps = r_g/l
(or the observed angular width), from the outer eigenproblem
  d/dmu[(1-mu^2) dPsi/dmu] + lambda (u + mu) Psi = 0   (regular at mu = +-1)
and the matched asymptotics of the Goldreich-Sridhar scattering peak.

JSON keys:
  lambda1            smallest positive non-diffusive eigenvalue (14.528... at u = 0)
  lambda             first positive non-diffusive eigenvalues; lambda_negative likewise
  lambda_diffusive   eigenvalue ~ -6u branching from 0 (0 at u = 0)
  b, b_over_eps      beam width in 1 - mu: b = j1^2 eps/2 (j1 = 3.8317)
  width_deg          arccos(1 - b) in degrees (width_small_angle_deg: j1 sqrt(eps))
  excess_over_eps    fractional excess (leading order) lambda1 (1+u) j1^2/4; excess = that * eps
  dlambda_over_b2    eigenvalue shift / b^2 for a, b -> 0: lambda1^2 (1+u)^2 Phi(1)^2/(4 U(1))
                     (independent of the normalisation of Phi); dlambda = that * b^2
  a                  nu_theta l/v = (delta ln(1/eps) + eps^(3/2))/6 (eq. 5, delta = V_A/c)
  finite_a           corrections at this a: g1, I_a, dlambda_over_b2 (1 - 2 I_a) and excess
  A                  8/(lambda1 j1^4 (qc - 2)) (eq. 14)
  p_max              eq. (15): eps_max = sqrt(delta A/alpha) (eps at p_max), p_max_over_mc
                     = eps_max/K with K = eps m_p c/p_ref, p_max_TeV, K, alpha, p_ref_TeV
Exit 2 for eps outside (0, 1) or with b >= 1, widths outside (0, 90) deg, qc <= 2."""


def _qc(text: str) -> float:
    value = finite_float(text)
    if not value > 2:
        raise argparse.ArgumentTypeError(f"{text!r} must be > 2 (the threshold A has 1/(qc - 2))")
    return value


def register(cli: CommandSet) -> None:
    p = cli.command("beam", "beam width, excess, eigenvalue shift and maximum momentum (seed 001)",
                    handler=_beam, description=_DESCRIPTION)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--eps", type=open_interval(0, 1), metavar="E",
                       help="eps = r_g(p)/l, in (0, 1)")
    which.add_argument("--width-deg", type=open_interval(0, 90), metavar="DEG",
                       help="observed angular width (deg) -> eps = 2(1 - cos)/j1^2 (default 10, Milagro A)")
    p.add_argument("--qc", type=_qc, default=4.65, metavar="Q",
                   help="index of the background F_C ~ p^-qc, > 2 (default 4.65)")
    p.add_argument("--va-over-c", type=open_interval(0, 1), default=1e-4, metavar="V",
                   help="Alfven speed / c (default 1e-4)")
    p.add_argument("--u", type=open_interval(-0.9, 0.9), default=0.0, metavar="U",
                   help="bulk flow along z in units of c, |u| < 0.9 (default 0)")
    p.add_argument("--alpha", type=open_interval(0, 1), default=1e-3,
                   help="F0/F_C, anisotropic part over background (eq. 15, default 1e-3)")
    p.add_argument("--p-ref-tev", type=open_interval(0, 1e9), default=1.0, metavar="P",
                   help="momentum (TeV/c) at which eps or the width is given (default 1)")
    p.add_argument("--count", type=int_range(1, 40), default=5, help="eigenvalues to list (default 5)")
    p.add_argument("--mp-digits", type=int_range(0, 200), default=0, metavar="N",
                   help="also give lambda1 to N digits (mpmath Frobenius method)")

    v = cli.validation("beam", "full peaked eigenproblem vs matched asymptotics (convergence study)",
                       handler=_validate, description=(
                           "Solve eq. (8) with the GS peak D = 1 + F((1-mu)/b)/a (spectral elements) for\n"
                           "sequences (b, a) -> 0; compare delta_lambda/b^2 and the beam excess with the\n"
                           "matched asymptotics (a, b -> 0 limit and finite-a form); report observed rates;\n"
                           "write docs/figures/beam_convergence.png, beam_fig2.png, beam_scattering.png."))
    v.add_argument("--quick", action="store_true", help="only the a = b sequence, 5 points")
    v.add_argument("--no-figures", action="store_true", help="do not write figures")
    v.add_argument("--degree", type=int_range(8, 40), default=16, help="element degree (default 16)")

    bch = cli.benchmark("beam", "time to lambda1 to 12 digits (double) and 25 digits (mpmath)",
                        handler=_bench)
    bch.add_argument("--repeat", type=int_range(1, 1000), default=20, help="repetitions (best is kept)")


# --------------------------------------------------------------------------- beam

def _beam(args) -> CommandResult:
    from cranisotropy.numerics.beam import matched as nb

    j1 = nb.j1_zero()
    if args.eps is not None:
        eps, source = args.eps, "eps"
    else:
        width = 10.0 if args.width_deg is None else args.width_deg
        eps = nb.eps_from_width(math.radians(width))
        source = f"width {width:g} deg"
    b = j1**2 * eps / 2
    if not b < 1:
        raise UsageError(f"--eps {eps:g} gives a beam width b = j1^2 eps/2 = {b:.3g} >= 1: "
                         f"the beam picture needs eps < {2 / j1**2:.4f} (b << 1)")
    data = nb.beam_characteristics(eps, qc=args.qc, va_over_c=args.va_over_c, u=args.u,
                                   alpha=args.alpha, p_ref_tev=args.p_ref_tev, count=args.count)
    data["eps_source"] = source
    if args.mp_digits:
        import mpmath as mp

        lam = nb.outer_eigenvalue_mp(data["lambda1"], str(args.u), args.mp_digits + 5)
        data["lambda1_mp"] = mp.nstr(lam, args.mp_digits)
    notes = []
    if b > 0.1:
        notes.append(f"b = {b:.3g} is not small: the matched asymptotics need b << 1")
    if data["a"] > 0.1:
        notes.append(f"a = {data['a']:.3g} is not small: the peak picture needs a << 1")
    if args.u < 0:
        notes.append("u < 0: the smallest positive eigenvalue is the diffusive one (lambda_diffusive)")
    data["notes"] = notes
    pm = data["p_max"]
    text = "\n".join([
        f"eps = {eps:.6g} ({source}), u = {args.u:g}",
        f"lambda1 = {data['lambda1']:.15g}" + (f"  (mpmath: {data['lambda1_mp']})" if args.mp_digits else ""),
        "lambda  = " + ", ".join(f"{x:.10g}" for x in data["lambda"]),
        f"width:  b = {b:.6g} = {data['b_over_eps']:.6f} eps,  Delta theta = {data['width_deg']:.4f} deg",
        f"excess: {data['excess']:.6g} = {data['excess_over_eps']:.4f} eps "
        f"(finite a = {data['a']:.3g}: {data['finite_a']['excess']:.6g})",
        f"shift:  dlambda/b^2 = {data['dlambda_over_b2']:.10g} (a -> 0), "
        f"{data['finite_a']['dlambda_over_b2']:.6g} (finite a); dlambda = {data['dlambda']:.6g}",
        f"A = {data['A']:.6g} (qc = {args.qc:g});  p_max = {pm['p_max_TeV']:.4g} TeV/c "
        f"(eps_max = {pm['eps_max']:.3g}, K = {pm['K']:.3g}, alpha = {pm['alpha']:g})",
        *[f"note: {n}" for n in notes]])
    return CommandResult(data, text)


# --------------------------------------------------------------------------- validate

#: pass criteria of the convergence study (observed rates: theory 1/2 and 1)
RATE_LIMIT = (0.3, 0.65)
RATE_MATCHED = 0.8


def judge(study: dict) -> list[str]:
    """Failures of one sequence against the criteria (empty: passed)."""
    bad = []
    rows, res, rates = study["rows"], study["relative_residuals"], study["rates"]
    name = study["sequence"]
    for row in rows:
        true_res = abs(row["dlambda_over_b2"] - row["finite_a_dlambda_over_b2"])
        if row["numerical_error"] > 1e-3 * true_res:
            bad.append(f"{name}: discretisation error {row['numerical_error']:.1e} not << residual at b={row['b']:g}")
    for key in ("dlambda_vs_finite_a", "excess_vs_next_order"):
        r = [abs(x) for x in res[key]][2:]
        if any(r1 > r0 for r0, r1 in zip(r, r[1:])):
            bad.append(f"{name}: {key} residual not decreasing")
        if rates[key]["fit"] < RATE_MATCHED:
            bad.append(f"{name}: {key} observed rate {rates[key]['fit']:.2f} < {RATE_MATCHED}")
    if study["rows"][0]["a"] == study["rows"][-1]["a"]:
        return bad  # fixed a: the a -> 0 limit is not approached
    for key in ("dlambda_vs_limit", "excess_vs_limit"):
        lo, hi = RATE_LIMIT
        if not lo <= rates[key]["fit"] <= hi:
            bad.append(f"{name}: {key} observed rate {rates[key]['fit']:.2f} outside [{lo}, {hi}] (theory 1/2)")
    return bad


def _validate(args) -> CommandResult:
    from cranisotropy.numerics.beam import full as bf
    from cranisotropy.core.paths import output_dir
    from cranisotropy.core.progress import progress

    names = ["a=b"] if args.quick else list(bf.SEQUENCES)
    studies = [bf.convergence_study(name, p=args.degree, p_check=args.degree + 8,
                                    stride=2 if args.quick else 1,
                                    progress=lambda it, n=name: progress(it, desc=n, unit="pt"))
               for name in names]
    failures = [f for st in studies for f in judge(st)]
    figures = []
    if not args.no_figures:
        from cranisotropy.numerics.beam import plots as bp

        out = output_dir()
        figures.append(str(bp.plot_convergence(studies, out / "beam_convergence.png")))
        figures.append(str(bp.plot_fig2(out / "beam_fig2.png")))
        figures.append(str(bp.plot_scattering(out / "beam_scattering.png")))
    lines = []
    for st in studies:
        lines.append(f"sequence {st['sequence']} (u = {st['u']:g}): limit dlambda/b^2 = "
                     f"{st['limit_dlambda_over_b2']:.10g}, excess/b = {st['limit_excess_over_b']:.10g}")
        lines.append(f"  {'b':>9} {'a':>9} {'dlambda/b^2':>14} {'vs limit':>10} {'vs fin.a':>10} "
                     f"{'excess/b':>10} {'vs limit':>10} {'vs next':>10} {'num.err':>8}")
        res = st["relative_residuals"]
        for i, row in enumerate(st["rows"]):
            lines.append(f"  {row['b']:9.3e} {row['a']:9.3e} {row['dlambda_over_b2']:14.8f} "
                         f"{res['dlambda_vs_limit'][i]:10.2e} {res['dlambda_vs_finite_a'][i]:10.2e} "
                         f"{row['excess_over_b']:10.6f} {res['excess_vs_limit'][i]:10.2e} "
                         f"{res['excess_vs_next_order'][i]:10.2e} {row['numerical_error']:8.1e}")
        lines.append("  observed rates (fit over the smaller half): " + ", ".join(
            f"{k} {v['fit']:.2f}" for k, v in st["rates"].items()))
    lines += [f"figure: {f}" for f in figures]
    lines.append("PASSED" if not failures else "FAILED:\n  " + "\n  ".join(failures))
    return CommandResult({"studies": studies, "failures": failures, "figures": figures,
                          "criteria": {"rate_vs_limit": list(RATE_LIMIT), "rate_vs_matched_min": RATE_MATCHED}},
                         "\n".join(lines), ok=not failures)


# --------------------------------------------------------------------------- bench

def _best(fn, repeat: int) -> tuple[float, object]:
    best, value = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def _bench(args) -> CommandResult:
    import mpmath as mp

    from cranisotropy.numerics.beam import matched as nb

    reference = nb.outer_eigenvalue_mp(14.5, 0, 60)  # 60 digits
    nb.outer_spectrum(0.0, 1)  # warm-up: derivation lambdified, LAPACK loaded
    nb.outer_eigenvalue_mp(14.5, 0, 25)
    t12, lam12 = _best(lambda: nb.outer_spectrum(0.0, 1).lambda1, args.repeat)
    t25, lam25 = _best(lambda: nb.outer_eigenvalue_mp(14.528, 0, 25), max(1, min(args.repeat, 5)))
    digits12 = -math.log10(max(abs(lam12 - float(reference)) / float(reference), 1e-17))
    digits25 = float(-mp.log10(max(abs(lam25 - reference) / reference, mp.mpf(10) ** -60)))
    data = {"lambda1_double": {"seconds": t12, "digits": digits12, "target_seconds": 0.05,
                               "target_digits": 12, "ok": t12 <= 0.05 and digits12 >= 12},
            "lambda1_mpmath": {"seconds": t25, "digits": digits25, "target_seconds": 2.0,
                               "target_digits": 25, "ok": t25 <= 2.0 and digits25 >= 25,
                               "value": mp.nstr(lam25, 27)},
            "repeat": args.repeat}
    text = (f"lambda1 to 12 digits (Legendre-Galerkin, double): {1e3 * t12:.3f} ms "
            f"({digits12:.1f} digits; target <= 50 ms)\n"
            f"lambda1 to 25 digits (Frobenius-Wronskian, mpmath): {1e3 * t25:.1f} ms "
            f"({digits25:.1f} digits; target <= 2000 ms)  = {mp.nstr(lam25, 27)}")
    return CommandResult(data, text, ok=data["lambda1_double"]["ok"] and data["lambda1_mpmath"]["ok"])
