"""Trajectory backtracker commands: ``backtrack run|analyse``, ``validate backtrack``, ``bench field``,
and ``validate transport`` (forward trajectories against the Chapman–Enskog transport).

Each handler parses its options, calls one function of :mod:`cranisotropy.numerics.backtrack`
and prints the result (``--json``: the result's ``to_dict()``).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir
from cranisotropy.cli.types import finite_float, int_range, positive_float, power_of_two

#: ``--integrator`` choices: the names of ``numerics.backtrack.propagation.PROPAGATORS``, default
#: first (kept here so that building the parser imports no numerics; a test compares them)
INTEGRATORS = ("boris", "boris-classic", "rk4")
#: ``--preset`` choices: the names of ``numerics.backtrack.campaign.PRESETS`` (tested likewise)
PRESETS = ("quick", "paper")

_RUN_HELP = """\
Trace cosmic rays observed at the origin from the HEALPix pixel centres back through a regular
field B0 (along z) plus plane-wave turbulence (seed 002 Sec. 3), for several field
realisations, recording r(-T) and p(-T) at the requested times.  Units: lengths in L_c,
fields in B_ref (= B0 unless --b0 0), Omega = c / r_L.

Results go to a new directory OUT (zarr store, parameters, seeds, package versions); each
finished realisation is checkpointed atomically.  --resume continues an interrupted run.
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
                   help="path length per step (L_c); must be <= min(r_L, lambda_min)/10")
    g.add_argument("--seed", type=int, help="master seed")
    g.add_argument("--integrator", choices=INTEGRATORS, help="propagator (default boris)")


def _add_execution(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("execution")
    g.add_argument("--workers", type=int_range(1, 4096), help="LocalCluster worker processes (default: cores)")
    g.add_argument("--scheduler", metavar="ADDRESS", help="use a running dask scheduler instead")
    g.add_argument("--serial", action="store_true", help="run in this process, without dask")
    g.add_argument("--max-realisations", type=int_range(1, 1_000_000),
                   help="stop after this many new realisations (partial run; resume later)")


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
    p.add_argument("out", help="results directory (must be new unless --resume)")
    p.add_argument("--resume", action="store_true", help="continue the run in OUT")
    _add_physics(p)
    _add_execution(p)

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
                          "range-reduced polynomial cosine) and the full Boris step; compare the field\n"
                          "with the same loop calling libm cos.  Best of --repeats, thread CPU time.\n"
                          "Targets: <= 1.2 ns per mode-evaluation, <= 1e-12 relative error.\n"
                          "Python: cranisotropy.bench_field.\n\n"
                          "example:\n  cranisotropy bench field --modes 256 --json"))
    p.add_argument("--modes", type=int_range(8, 100_000), default=256, help="modes (default 256)")
    p.add_argument("--points", type=int_range(8, 1_000_000), default=1024,
                   help="evaluation points per call (default 1024)")
    p.add_argument("--repeats", type=int_range(3, 10_000), default=30, help="repetitions (default 30)")
    cli.document("backtrack-figures", _figures)
    register_transport(cli)


def _run(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import CampaignParameters, run_campaign

    params = CampaignParameters.preset(args.preset).replace(
        nside=args.nside, realisations=args.realisations, n_modes=args.modes, sigma2=args.sigma2,
        lambda_min=args.lambda_min, lambda_max=args.lambda_max, gamma=args.gamma,
        gyroradius=args.gyroradius, regular_field=args.b0, omega_times=args.omega_t, step=args.step,
        seed=args.seed, integrator=args.integrator)
    report = run_campaign(params, Path(args.out), resume=args.resume, **_execution(args))
    return CommandResult(report.to_dict(), str(report))


def _analyse(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import analyse_campaign

    summary = analyse_campaign(Path(args.out), output_dir=args.output_dir)
    return CommandResult(summary.to_dict(), f"{summary}; summary in {Path(args.out) / 'summary.json'}")


def _validate(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import validate_backtrack

    result = validate_backtrack(args.preset, output_dir=args.output_dir, results_dir=args.out,
                                **_execution(args))
    return CommandResult(result.to_dict(), str(result), ok=result.ok)


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
