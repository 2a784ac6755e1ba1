"""``cranisotropy confinement``: self-regulated CR escape from a source (seed 000, Sec. II).

Also ``validate confinement`` (time-dependent runs over a Pi scan), the regenerated table of
the interpolation formula's accuracy in docs/confinement.md (``confinement-tables``) and the
topic's committed figures (``confinement-figures``, ``regenerate --docs``).  Each handler calls
one function of :mod:`cranisotropy.numerics.confinement`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir, page_with_block
from cranisotropy.cli.types import finite_float, physical, positive_float
from cranisotropy.core.errors import UsageError

_DESCRIPTION = """\
Escape of cosmic rays from a source that excites its own confining waves (seed 000, Sec. II,
eqs. 1-5): CR partial pressure P_CR(z, t) diffusing with kappa_B / I along the field, wave
energy I(z, t) driven by -C_A dP_CR/dz.  For a given normalised source strength

    Pi = (C_A / kappa_B) int_0^inf P_CR dz

it reports the suppressed diffusivity D_NL = F(Pi) D_ISM e^-Pi (F exact), the core / pedestal /
tail zones at time t, and P_CR at the requested distances from the exact late-time
(self-similar) solution and from the interpolation formula (5).  --pde also integrates the full
time-dependent system from the initial cloud; --spectrum finds the spectral break z^2/t = D_NL(p)
for power-law momentum dependences.  Python: cranisotropy.confinement(pi, distance, ...).

Units: lengths in pc, time in yr, C_A in km/s, kappa_B in cm^2/s, Gamma in 1/yr; each of these
options also takes a unit string (--cloud-size 10pc, --time 100kyr, --alfven-speed 1e6cm/s,
--damping 1e-12/s).  P_CR and I are per unit ln p (ln k) in units of B0^2/8pi (eq. 3); the JSON
document's "units" names the unit of every physical number in it."""


def register(cli: CommandSet) -> None:
    p = cli.command("confinement", "self-regulated CR escape from a source (seed 000 Sec. II)",
                    handler=_confinement, description=_DESCRIPTION)
    p.add_argument("--pi", type=positive_float, required=True, metavar="PI",
                   help="normalised integrated CR pressure Pi = (C_A/kappa_B) int_0^inf P_CR dz, "
                        "in [1e-6, 100]")
    p.add_argument("--cloud-size", type=physical("length", "pc", positive=True), default=10.0, metavar="PC",
                   help="size a of the initial CR cloud [pc, or a unit string: 10pc] (default 10)")
    p.add_argument("--alfven-speed", type=physical("speed", "km/s", positive=True,
                                                   below_constant=("c", "the speed of light")),
                   default=10.0, metavar="KM_S", help="Alfven speed C_A [km/s, or a unit string] (default 10)")
    p.add_argument("--kappa-bohm", type=physical("diffusion coefficient", "cm2/s", positive=True), default=1e25,
                   metavar="CM2_S",
                   help="Bohm diffusion coefficient kappa_B = c r_g/3 at this momentum [cm^2/s, or a unit "
                        "string] (default 1e25)")
    p.add_argument("--i-ism", type=positive_float, default=1e-3, metavar="I",
                   help="background wave energy I_ISM per ln k [B0^2/8pi] (default 1e-3)")
    p.add_argument("--time", type=physical("time", "yr", positive=True), default=1e5, metavar="YR",
                   help="time since release t [yr, or a unit string: 100kyr] (default 1e5)")
    p.add_argument("--distance", type=physical("length", "pc", positive=True), nargs="+", metavar="PC",
                   help="distances z from the source [pc, or unit strings] (default: 9 points across the zones)")
    p.add_argument("--pde", action="store_true",
                   help="also integrate the time-dependent system (1)-(2) from the initial cloud")
    p.add_argument("--cloud", choices=("tophat", "gaussian"), default="tophat",
                   help="shape of the initial cloud for --pde (default tophat)")
    p.add_argument("--damping", type=physical("rate", "1/yr", nonnegative=True), default=0.0, metavar="PER_YR",
                   help="wave damping rate Gamma [1/yr] (default 0; exact: the undamped solution at "
                        "(e^(Gamma t) - 1)/Gamma)")
    p.add_argument("--spectrum", action="store_true",
                   help="spectral break at the first --distance for the power laws below "
                        "(momenta p/p0; --pi, --kappa-bohm, --i-ism refer to p0)")
    p.add_argument("--pi-index", type=finite_float, default=1.2, metavar="S",
                   help="Pi ~ (p/p0)^-S (default 1.2: a p^-4.2 source over Bohm kappa_B ~ p)")
    p.add_argument("--kappa-index", type=finite_float, default=1.0, metavar="S",
                   help="kappa_B ~ (p/p0)^S (default 1, Bohm, relativistic)")
    p.add_argument("--i-ism-index", type=finite_float, default=2 / 3, metavar="S",
                   help="I_ISM ~ (p/p0)^S (default 2/3: Kolmogorov I(k) ~ k^-2/3, k r_g = 1)")

    v = cli.validation("confinement", "time-dependent escape vs exact similarity solution, Pi scan",
                       handler=_validate, description=(
                           "Integrate (1)-(2) by the method of lines for a scan of Pi (weak to strong\n"
                           "source) to the self-similar stage; check CR content conservation, the\n"
                           "quasilinear integral (4), convergence to the exact similarity solution,\n"
                           "and measure the interpolation formula (5).  Each Pi is saved as it\n"
                           "finishes (DIR/confinement_validation/pi_<Pi>.json); --resume reuses\n"
                           "finished ones.  Python: cranisotropy.validate_confinement(...)."))
    v.add_argument("--pis", type=_pi_list, default=None, metavar="PI,PI,...",
                   help="comma-separated Pi values (default 0.1,0.3,1,3,5,8,12)")
    v.add_argument("--factor", type=positive_float, default=1e4,
                   help="run to factor / min(D_NL, D_ISM) in units a/C_A (default 1e4)")
    add_output_dir(v, "per-Pi results and figures")
    v.add_argument("--resume", action="store_true", help="reuse results already in the output folder")
    v.add_argument("--grid-convergence", action="store_true",
                   help="also refine the grid at Pi = 3 (expects second order)")
    v.add_argument("--figures", action="store_true",
                   help="also draw confinement_*.png into the output folder")

    cli.artifact("confinement-tables", _tables_artifact)
    cli.document("confinement-figures", _figures_document)


def _pi_list(text: str) -> tuple[float, ...]:
    values = tuple(positive_float(part.strip()) for part in text.split(",") if part.strip())
    if not values:
        raise argparse.ArgumentTypeError("give at least one Pi")
    return values


def _confinement(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.numerics.confinement import confinement

    result = confinement(args.pi, args.distance, time=args.time, cloud_size=args.cloud_size,
                         alfven_speed=args.alfven_speed, kappa_bohm=args.kappa_bohm, i_ism=args.i_ism,
                         damping=args.damping, pde=args.pde, cloud=args.cloud, spectrum=args.spectrum,
                         pi_index=args.pi_index, kappa_index=args.kappa_index, i_ism_index=args.i_ism_index)
    return CommandResult(result.to_dict(), str(result))


def _validate(args: argparse.Namespace) -> CommandResult:
    from cranisotropy.core.paths import output_dir
    from cranisotropy.numerics.confinement import validate_confinement
    from cranisotropy.numerics.confinement.campaign import DEFAULT_CAMPAIGN_PIS

    result = validate_confinement(args.pis or DEFAULT_CAMPAIGN_PIS, factor=args.factor,
                                  output_dir=output_dir(args.output_dir), resume=args.resume,
                                  grid_convergence=args.grid_convergence, figures=args.figures,
                                  show_progress=True)
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _tables_artifact(root: Path) -> dict[str, str]:
    from cranisotropy.numerics.confinement import pi_scan

    return page_with_block(root, "confinement.md", "confinement-pi-scan", pi_scan().to_markdown())


def _figures_document(docs: Path) -> list[Path]:
    from cranisotropy.numerics.confinement import confinement_figures

    return confinement_figures(docs / "figures")
