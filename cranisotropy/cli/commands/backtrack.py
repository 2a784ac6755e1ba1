"""Trajectory backtracker commands: ``backtrack run|analyse``, ``validate backtrack``, ``bench
field|accuracy|campaign`` and ``validate transport`` (forward trajectories against the
Chapman–Enskog transport).

Each handler parses its options, calls one function of :mod:`cranisotropy.numerics.backtrack`
and prints the result (``--json``: the result's ``to_dict()``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir
from cranisotropy.cli.types import finite_float, int_range, physical, positive_float, power_of_two

#: ``--integrator`` choices: the names of ``numerics.backtrack.propagation.PROPAGATORS``, default
#: first (kept here so that building the parser imports no numerics; a test compares them)
INTEGRATORS = ("boris", "boris-classic", "rk4", "boris4")
#: ``--preset`` choices: the names of ``numerics.backtrack.campaign.PRESETS`` (tested likewise)
PRESETS = ("quick", "paper")

_RUN_HELP = """\
Trace cosmic rays observed at the origin from the HEALPix pixel centres back through a regular
field B0 (along z) plus plane-wave turbulence (seed 002 Sec. 3), for several field
realisations, recording r(-T) and p(-T) at the requested times.  Units: lengths in L_c,
fields in B_ref (= B0 unless --b0 0), Omega = c / r_L.

Results go to a new directory OUT (zarr store, parameters, seeds, package versions); each
finished realisation is checkpointed atomically; one run at a time writes OUT (a second exits 2
naming the first).  --resume continues an interrupted run.  The run's size and projected CPU
time are printed before it starts; above 24 h CPU or 50 GB it needs --yes.
Realisations are distributed over a dask LocalCluster (one worker per core) or an existing
scheduler (--scheduler tcp://host:8786); results do not depend on the number of workers.
Python: cranisotropy.run_campaign / cranisotropy.resume.

example:
  cranisotropy backtrack run results/bt --preset quick --workers 2
"""


def _times(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if not values:
        raise argparse.ArgumentTypeError("give at least one time")
    return values


def _add_physics(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("physics (default: the chosen --preset)")
    g.add_argument("--preset", choices=PRESETS, default="quick",
                   help="parameter set to start from (default quick; paper = seed 002 Sec. 3)")
    g.add_argument("--nside", type=power_of_two, help="HEALPix nside (power of 2)")
    g.add_argument("--realisations", type=int_range(1, 1_000_000), help="field realisations")
    g.add_argument("--modes", type=int_range(1, 100_000), help="plane-wave modes per realisation")
    g.add_argument("--sigma2", type=finite_float, help="<dB^2>/B_ref^2 (> 0)")
    g.add_argument("--lambda-min", type=positive_float, help="smallest wavelength (L_c)")
    g.add_argument("--lambda-max", type=positive_float, help="largest wavelength (L_c)")
    g.add_argument("--gamma", type=positive_float, help="spectral index of E3 = 1/(1+(k L_c)^gamma)")
    g.add_argument("--gyroradius", type=positive_float, help="r_L / L_c in B_ref")
    g.add_argument("--b0", type=finite_float, help="regular field B0 / B_ref along z (0: pure turbulence)")
    g.add_argument("--omega-t", type=_times, help="recording times Omega T, comma-separated (>= 0)")
    g.add_argument("--step", type=positive_float,
                   help="path length per step (L_c); must be <= r_L/2")
    g.add_argument("--seed", type=int, help="master seed")
    g.add_argument("--integrator", choices=INTEGRATORS, help="propagator (default boris)")


#: the physical-unit options of ``backtrack run`` and the dimensionless ones they replace
_PHYSICAL = ("rigidity", "energy", "b_regular", "b_rms", "lc", "time")
_REPLACED = ("gyroradius", "b0", "sigma2", "omega_t")


def _add_physical_units(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "physical units (instead of --gyroradius, --b0, --sigma2, --omega-t; needs --lc, --time and "
        "--rigidity or --energy; unit strings or bare numbers in the unit shown)")
    g.add_argument("--rigidity", metavar="R", type=physical("rigidity", "PV", positive=True),
                   help="rigidity R = pc/(Ze), e.g. 10PV (bare: PV)")
    g.add_argument("--energy", metavar="E", type=physical("energy", "PeV", positive=True),
                   help="total energy, e.g. 1PeV (bare: PeV)")
    g.add_argument("--charge", type=int_range(1, 200), default=1, help="charge number Z (default 1)")
    g.add_argument("--b-regular", metavar="B0", type=physical("magnetic field", "uG", nonnegative=True),
                   help="regular field strength, e.g. 3uG (bare: uG)")
    g.add_argument("--b-rms", metavar="DB", type=physical("magnetic field", "uG", nonnegative=True),
                   help="turbulent rms field, e.g. 3uG (bare: uG)")
    g.add_argument("--lc", metavar="L", type=physical("length", "pc", positive=True),
                   help="correlation length L_c, e.g. 10pc (bare: pc)")
    g.add_argument("--time", metavar="T,...", type=_physical_times,
                   help="backtracking times, comma-separated, e.g. 0,1kyr,10kyr (bare: yr)")


def _physical_times(text: str) -> list[float]:
    """Comma-separated times with units, in yr."""
    convert = physical("time", "yr", nonnegative=True)
    times = [convert(v.strip()) for v in text.split(",") if v.strip()]
    if not times:
        raise argparse.ArgumentTypeError("give at least one time")
    return times


def _physical_parameters(args, changes: dict):
    """CampaignParameters from the physical-unit options (``physical_campaign``), or None."""
    given = [name for name in _PHYSICAL if getattr(args, name) is not None]
    if not given:
        return None
    from cranisotropy.core.errors import UsageError
    from cranisotropy.numerics.backtrack import physical_campaign

    clash = [name for name in _REPLACED if changes.get(name) is not None]
    if clash:
        raise UsageError(f"--{clash[0].replace('_', '-')} is dimensionless; with physical units "
                         f"(--{given[0].replace('_', '-')}) give --rigidity/--energy, --b-regular, --b-rms, "
                         f"--lc and --time instead")
    missing = [f"--{n}" for n in ("lc", "time") if getattr(args, n) is None]
    if args.rigidity is None and args.energy is None:
        missing.append("--rigidity or --energy")
    if missing:
        raise UsageError(f"physical units need {', '.join(missing)}")
    rest = {k: v for k, v in changes.items() if k not in _REPLACED and v is not None}
    run = physical_campaign(args.rigidity, energy=args.energy, charge=args.charge, b0=args.b_regular,
                            b_rms=args.b_rms, lc=args.lc, times=args.time, base=args.preset, **rest)
    print(f"cranisotropy: {run}", file=sys.stderr)
    return run.parameters


def _add_execution(p: argparse.ArgumentParser):
    g = p.add_argument_group("execution")
    g.add_argument("--workers", type=int_range(1, 4096), help="LocalCluster worker processes (default: cores)")
    g.add_argument("--scheduler", metavar="ADDRESS", help="use a running dask scheduler instead")
    g.add_argument("--serial", action="store_true", help="run in this process, without dask")
    g.add_argument("--max-realisations", type=int_range(1, 1_000_000),
                   help="stop after this many new realisations (partial run; resume later)")
    return g


def _add_campaign_options(p: argparse.ArgumentParser, presets, out_help: str) -> None:
    """--preset, --out, --output-dir and the execution options of a validation campaign."""
    p.add_argument("--preset", choices=presets, default="quick")
    p.add_argument("--out", metavar="DIR", help=out_help)
    add_output_dir(p, "figures")
    _add_execution(p)


def _execution(args) -> dict:
    return dict(workers=args.workers, scheduler=args.scheduler, serial=args.serial,
                max_realisations=args.max_realisations)


def register(cli: CommandSet) -> None:
    group = cli.group("backtrack", "trajectory backtracking campaigns (seed 002 Sec. 3)")
    p = group.command("run", "trace an ensemble of realisations into a results directory",
                      handler=_run, description=_RUN_HELP)
    p.add_argument("out", help="results directory (must be new unless --resume; its parent must exist)")
    p.add_argument("--resume", action="store_true",
                   help="continue the run in OUT (same parameters; more --realisations extend it)")
    _add_physics(p)
    _add_physical_units(p)
    g = _add_execution(p)
    g.add_argument("--yes", action="store_true",
                   help="start even when the run's estimate is above the limits (24 h CPU, 50 GB)")
    g.add_argument("--dashboard", action="store_true", help="serve dask's web dashboard (default off)")

    p = group.command("analyse", "diffusion tensors, C_l(T), noise and sum rules of a results directory",
                      handler=_analyse, description=(
                          "Analyse the finished realisations in a results directory: running,\n"
                          "relative and Green-Kubo diffusion tensors, <C_l>(T) of the relative\n"
                          "intensity for gradients parallel/perpendicular to B0 and for the\n"
                          "homogeneous dipole, the standard-diffusion dipole; writes OUT/summary.json\n"
                          "and three figures (into OUT unless --output-dir).\n"
                          "Python: cranisotropy.analyse_campaign.\n\n"
                          "example:\n  cranisotropy backtrack analyse results/bt"))
    p.add_argument("out", help="results directory")
    p.add_argument("--output-dir", "--figures", dest="output_dir", metavar="DIR",
                   help="folder for the figures (default: the results directory OUT)")

    p = cli.validation("backtrack", "backtracking campaign: C_l(T), tensors, Liouville, integrators",
                       handler=_validate, description=(
                           "Run (or resume) a preset campaign, analyse it, write its plots into\n"
                           "--output-dir (default ./cranisotropy-output) and a JSON summary (C_l(T),\n"
                           "diffusion tensors, sum-rule residuals, integrator and Liouville checks)\n"
                           "into the results directory (--out, default OUTPUT-DIR/backtrack-PRESET).\n"
                           "quick: <= 10 min on 2 cores; paper: seed 002's parameters (use\n"
                           "--max-realisations for a partial run and its projected wall time).\n"
                           "Python: cranisotropy.validate_backtrack.\n\n"
                           "example:\n  cranisotropy validate backtrack --preset quick"))
    _add_campaign_options(p, PRESETS, "results directory (default OUTPUT-DIR/backtrack-PRESET; resumed if present)")

    p = cli.benchmark("field", "plane-wave field kernel: ns per mode-evaluation, ns per step, error",
                      handler=_bench, description=(
                          "Time the turbulent-field loop (structure of arrays, particles innermost,\n"
                          "cosine reduced by pi) alternating with the baseline loop (the kernel before\n"
                          "issue 19) in this process, and the full Boris step; compare the field with the\n"
                          "same loop calling libm cos on the same phases (max_rel_error: the cosine\n"
                          "approximation's error).  Best of --repeats, thread CPU time; the ratio to the\n"
                          "baseline is the median of the paired repeats.  Targets: <= 0.55 ns per\n"
                          "mode-evaluation and <= 0.75 x baseline, <= 1e-12 relative error, <= 130 ns\n"
                          "per Boris particle-step (256 modes).\n"
                          "Python: cranisotropy.bench_field.\n\n"
                          "example:\n  cranisotropy bench field --modes 256 --json"))
    p.add_argument("--modes", type=int_range(8, 100_000), default=256, help="modes (default 256)")
    p.add_argument("--points", type=int_range(8, 1_000_000), default=1024,
                   help="evaluation points per call (default 1024)")
    p.add_argument("--repeats", type=int_range(3, 10_000), default=30, help="repetitions (default 30)")

    p = cli.benchmark("accuracy", "integrators against a converged reference: error per step and CPU time",
                      handler=_bench_accuracy, description=(
                          "Convergence study of the integrators on realisations of a preset's campaign:\n"
                          "errors of single trajectories, of <dx_i dx_j>(T) and of <C_l>(T) against a\n"
                          "converged reference (same fields and directions), over the preset campaign's\n"
                          "statistical error; measured per step and per CPU time.  The systematic error\n"
                          "is bounded by fitting c h^order to every step; the cheapest (scheme, step)\n"
                          "whose bound stays below 1/3 of the statistical error at every time is\n"
                          "reported.  The statistical error is measured by a separate run at the preset's\n"
                          "nside (--sigma-*).  The defaults take about 40 minutes of CPU.\n"
                          "Python: cranisotropy.bench_accuracy.\n\n"
                          "example:\n  cranisotropy bench accuracy --preset paper --json"))
    p.add_argument("--preset", choices=PRESETS, default="paper", help="campaign (default paper)")
    p.add_argument("--integrators", type=_names, metavar="A,B,...",
                   help=f"integrators, comma-separated (default all: {','.join(INTEGRATORS)})")
    p.add_argument("--steps", type=_times, metavar="H1,H2,...",
                   help="steps in L_c, comma-separated (default 0.001,0.0025,0.005,0.01,0.02,0.05)")
    p.add_argument("--reference", metavar="SCHEME:STEP", type=_reference,
                   help="converged reference (default rk4:0.001)")
    p.add_argument("--realisations", type=int_range(2, 10_000), default=8,
                   help="realisations of the comparison (default 8)")
    p.add_argument("--nside", type=power_of_two, default=16, help="HEALPix nside of the comparison (default 16)")
    p.add_argument("--sigma-run", metavar="SCHEME:STEP", type=_reference,
                   help="run measuring the campaign's scatter (default boris4:0.005)")
    p.add_argument("--sigma-realisations", type=int_range(2, 10_000), default=16,
                   help="its realisations (default 16)")
    p.add_argument("--sigma-nside", type=power_of_two, help="its nside (default: the preset's)")
    p.add_argument("--modes", type=int_range(1, 100_000), help="plane-wave modes (default: the preset's)")
    p.add_argument("--lmax", type=int_range(1, 10_000), default=20, help="highest multipole (default 20)")

    p = cli.benchmark("campaign", "projected CPU and wall time of a preset's campaign from a measured sample",
                      handler=_bench_campaign, description=(
                          "Each of --workers processes traces a sample of the preset's directions with its\n"
                          "integrator and step, all at once as the campaign's workers would; their CPU and\n"
                          "wall time per particle-step project the whole campaign's CPU and wall time.\n"
                          "Target for the paper preset: projected_wall_s <= 1200 on 2 cores.\n"
                          "Python: cranisotropy.bench_campaign.\n\n"
                          "example:\n  cranisotropy bench campaign --preset paper --workers 2 --json"))
    p.add_argument("--preset", choices=PRESETS, default="paper", help="campaign (default paper)")
    p.add_argument("--workers", type=int_range(1, 4096), help="worker processes (default: cores)")
    p.add_argument("--particles", type=int_range(1, 10_000_000), default=2048,
                   help="particles per worker in the sample (default 2048)")
    p.add_argument("--steps", type=int_range(1, 10**9), help="steps per particle (default: 2.5e7 particle-steps)")
    cli.document("backtrack-figures", _figures)
    register_transport(cli)


def _run(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import CampaignParameters, run_campaign

    changes = dict(nside=args.nside, realisations=args.realisations, n_modes=args.modes, sigma2=args.sigma2,
                   lambda_min=args.lambda_min, lambda_max=args.lambda_max, gamma=args.gamma,
                   gyroradius=args.gyroradius, b0=args.b0, omega_t=args.omega_t, step=args.step,
                   seed=args.seed, integrator=args.integrator)
    params = _physical_parameters(args, changes)
    if params is None:
        changes.update(regular_field=changes.pop("b0"), omega_times=changes.pop("omega_t"))
        params = CampaignParameters.preset(args.preset).replace(**changes)
    report = run_campaign(params, Path(args.out), resume=args.resume, yes=args.yes,
                          confirm=_show_and_ask(ask=not getattr(args, "json", False)),
                          dashboard=args.dashboard, **_execution(args))
    return CommandResult(report.to_dict(), str(report))


def _show_and_ask(ask: bool):
    """``confirm`` for run_campaign: print the estimate on stderr; above the limits, ask on a
    terminal (not under --json), else refuse (exit 2 with the figures)."""
    def confirm(estimate) -> bool:
        print(f"cranisotropy: {estimate}", file=sys.stderr)
        if not estimate.over_limit:
            return True
        if not (ask and sys.stdin.isatty() and sys.stderr.isatty()):
            return False
        print(f"cranisotropy: above the limits ({'; '.join(estimate.over_limit)}); start it? [y/N] ",
              end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().strip().lower() in ("y", "yes")

    return confirm


def _analyse(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import analyse_campaign

    summary = analyse_campaign(Path(args.out), output_dir=args.output_dir)
    return CommandResult(summary.to_dict(), f"{summary}; summary in {Path(args.out) / 'summary.json'}")


def _validate(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import validate_backtrack

    result = validate_backtrack(args.preset, output_dir=args.output_dir, results_dir=args.out,
                                **_execution(args))
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _names(text: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in text.split(",") if v.strip())
    unknown = [n for n in names if n not in INTEGRATORS]
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"{text!r}: choose integrators from {', '.join(INTEGRATORS)}")
    return names


def _reference(text: str) -> tuple[str, float]:
    scheme, _, step = text.partition(":")
    if scheme not in INTEGRATORS:
        raise argparse.ArgumentTypeError(f"{text!r}: the scheme must be one of {', '.join(INTEGRATORS)}")
    return scheme, positive_float(step)


def _bench_accuracy(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import bench_accuracy

    options = {k: v for k, v in (("schemes", args.integrators), ("steps", args.steps),
                                 ("reference", args.reference), ("sigma_run", args.sigma_run)) if v is not None}
    result = bench_accuracy(args.preset, realisations=args.realisations, nside=args.nside,
                            sigma_realisations=args.sigma_realisations, sigma_nside=args.sigma_nside,
                            n_modes=args.modes, lmax=args.lmax, **options)
    return CommandResult(result.to_dict(), str(result))


def _bench_campaign(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import bench_campaign

    result = bench_campaign(args.preset, workers=args.workers, particles=args.particles, steps=args.steps)
    return CommandResult(result.to_dict(), str(result))


def _bench(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import bench_field

    result = bench_field(args.modes, points=args.points, repeats=args.repeats)
    return CommandResult(result.to_dict(), str(result))


def _figures(docs: Path) -> list[Path]:
    from cranisotropy.numerics.backtrack import backtrack_figures

    return backtrack_figures(docs / "figures")


# ----------------------------------------------------------------------------- validate transport
# (issue 16: forward trajectories test the Chapman–Enskog transport; kept apart from run/analyse)

#: ``validate transport --preset`` choices: the names of ``numerics.backtrack.transport.PRESETS``
TRANSPORT_PRESETS = ("quick", "weak", "full")


def register_transport(cli: CommandSet) -> None:
    p = cli.validation("transport", "trajectories test the transport theory: D_mumu -> Chapman-Enskog -> kappa, K",
                       handler=_validate_transport, description=(
                           "Integrate particles forward through slab and isotropic plane-wave turbulence\n"
                           "for a grid of (geometry, sigma^2, r_L/L_c); measure the pitch-angle diffusion\n"
                           "coefficient D_mumu(mu) from the trajectories (checked against quasi-linear\n"
                           "theory in weak slab turbulence), feed it to the Chapman-Enskog reduction of\n"
                           "seed 000 Sec. III to predict kappa_par, the hyperdiffusion K_par and the\n"
                           "telegraph time, and compare with the late-time slopes of the 2nd and 4th\n"
                           "cumulants of Delta z measured from the same trajectories (kappa_perp against\n"
                           "the BGK tensor, 003 eq. 5).  Every regime is reported, passing or not.\n"
                           "quick: every regime at reduced size (<= 10 min on 2 cores); weak: the slab\n"
                           "sigma^2 = 0.01 regimes powered for K (16 x 256 particles, 64 modes; ~20 min of\n"
                           "CPU); full: 16 x 256 particles and 256 modes per regime (hours of CPU; dask,\n"
                           "resumable: rerun the same command, or use --max-realisations for a partial run).\n"
                           "Figures go to --output-dir, the campaign and summary.json to --out.\n"
                           "Python: cranisotropy.validate_transport.\n\n"
                           "example:\n  cranisotropy validate transport --preset quick --json"))
    _add_campaign_options(p, TRANSPORT_PRESETS,
                          "campaign directory (default OUTPUT-DIR/transport-PRESET; resumed if present)")
    cli.document("backtrack-transport-figures", _transport_figures)


def _validate_transport(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import validate_transport

    result = validate_transport(args.preset, output_dir=args.output_dir, results_dir=args.out, **_execution(args))
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


def _transport_figures(docs: Path) -> list[Path]:
    from cranisotropy.numerics.backtrack import transport_figures

    return transport_figures(docs / "figures")
