"""``cranisotropy beam``, ``validate beam``, ``bench beam`` (seed 001: the Milagro beam).

Thin wrappers of :func:`cranisotropy.beam`, :func:`cranisotropy.validate_beam` and
:func:`cranisotropy.bench_beam`; ``regenerate --docs`` refreshes docs/figures/beam_*.png through
:func:`cranisotropy.beam_figures`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir
from cranisotropy.cli.types import finite_float, int_range, open_interval, physical

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
                     = eps_max/K with K = eps m_p c/p_ref, p_max_TeV, K, alpha, p_ref_TeV;
                     its "units" names the unit of p_max_TeV and p_ref_TeV (TeV/c)
  units              the units of the angles (deg)
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
    p.add_argument("--p-ref-tev", type=physical("momentum", "TeV/c", positive=True), default=1.0, metavar="P",
                   help="momentum at which eps or the width is given: TeV/c, or a unit string "
                        "(500GeV/c; an energy is read as p c) (default 1)")
    p.add_argument("--count", type=int_range(1, 40), default=5, help="eigenvalues to list (default 5)")
    p.add_argument("--mp-digits", type=int_range(0, 200), default=0, metavar="N",
                   help="also give lambda1 to N digits (mpmath Frobenius method)")

    v = cli.validation("beam", "full peaked eigenproblem vs matched asymptotics (convergence study)",
                       handler=_validate, description=(
                           "Solve eq. (8) with the GS peak D = 1 + F((1-mu)/b)/a (spectral elements) for\n"
                           "sequences (b, a) -> 0; compare delta_lambda/b^2 and the beam excess with the\n"
                           "matched asymptotics (a, b -> 0 limit and finite-a form); report observed rates;\n"
                           "write beam_convergence.png, beam_fig2.png, beam_scattering.png into --output-dir."))
    v.add_argument("--quick", action="store_true", help="only the a = b sequence, 5 points")
    v.add_argument("--no-figures", action="store_true", help="do not write figures")
    v.add_argument("--degree", type=int_range(8, 40), default=16, help="element degree (default 16)")
    add_output_dir(v, "figures")

    bch = cli.benchmark("beam", "time to lambda1 to 12 digits (double) and 25 digits (mpmath)",
                        handler=_bench)
    bch.add_argument("--repeat", type=int_range(1, 1000), default=20, help="repetitions (best is kept)")

    cli.document("beam-figures", _figures)


def _beam(args) -> CommandResult:
    from cranisotropy.numerics.beam import beam

    which = {"eps": args.eps} if args.eps is not None else {"width_deg": args.width_deg or 10.0}
    result = beam(**which, qc=args.qc, va_over_c=args.va_over_c, u=args.u, alpha=args.alpha,
                  p_ref_tev=args.p_ref_tev, count=args.count, mp_digits=args.mp_digits)
    return CommandResult(result.to_dict(), str(result))


def _validate(args) -> CommandResult:
    from cranisotropy.numerics.beam import validate_beam

    result = validate_beam(quick=args.quick, degree=args.degree, figures=not args.no_figures,
                           output_dir=args.output_dir)
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _bench(args) -> CommandResult:
    from cranisotropy.numerics.beam import bench_beam

    result = bench_beam(repeat=args.repeat)
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _figures(docs: Path) -> list[Path]:
    """docs/figures/beam_*.png (the full validation: about a minute)."""
    from cranisotropy.numerics.beam import beam_figures

    return beam_figures(docs / "figures")
