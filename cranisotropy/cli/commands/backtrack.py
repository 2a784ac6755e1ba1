"""Trajectory backtracker commands: ``backtrack run|analyse``, ``validate backtrack``, ``bench field``."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import finite_float, int_range, positive_float, power_of_two
from cranisotropy.core.errors import UsageError

_RUN_HELP = """\
Trace cosmic rays observed at the origin from the HEALPix pixel centres back through a regular
field B0 (along z) plus plane-wave turbulence (seed 002 Sec. 3), for several field
realisations, recording r(-T) and p(-T) at the requested times.  Units: lengths in L_c,
fields in B_ref (= B0 unless --b0 0), Omega = c / r_L.

Results go to a new directory OUT (zarr store, parameters, seeds, package versions); each
finished realisation is checkpointed atomically.  --resume continues an interrupted run.
Realisations are distributed over a dask LocalCluster (one worker per core) or an existing
scheduler (--scheduler tcp://host:8786); results do not depend on the number of workers.

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
    from cranisotropy.numerics.backtrack import INTEGRATORS

    g = p.add_argument_group("physics (default: the chosen --preset)")
    g.add_argument("--preset", choices=("quick", "paper"), default="quick",
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


def _parameters(args):
    from cranisotropy.numerics.backtrack.campaign import PRESETS

    return PRESETS[args.preset].replace(
        nside=args.nside, realisations=args.realisations, n_modes=args.modes, sigma2=args.sigma2,
        lambda_min=args.lambda_min, lambda_max=args.lambda_max, gamma=args.gamma,
        gyroradius=args.gyroradius, regular_field=args.b0, omega_times=args.omega_t, step=args.step,
        seed=args.seed, integrator=args.integrator)


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
                          "homogeneous dipole, the standard-diffusion dipole; writes summary.json\n"
                          "and the figures.\n\nexample:\n  cranisotropy backtrack analyse results/bt"))
    p.add_argument("out", help="results directory")
    p.add_argument("--figures", help="folder for the figures (default: OUT)")

    p = cli.validation("backtrack", "backtracking campaign: C_l(T), tensors, Liouville, integrators",
                       handler=_validate, description=(
                           "Run (or resume) a preset campaign, analyse it, write the plots into\n"
                           "docs/figures and a JSON summary (C_l(T), diffusion tensors, sum-rule\n"
                           "residuals, integrator and Liouville checks) into OUT/summary.json.\n"
                           "quick: <= 10 min on 2 cores; paper: seed 002's parameters (use\n"
                           "--max-realisations for a partial run and its projected wall time; the\n"
                           "figures of a partial run go to OUT, not docs/figures).\n\n"
                           "example:\n  cranisotropy validate backtrack --preset quick"))
    p.add_argument("--preset", choices=("quick", "paper"), default="quick")
    p.add_argument("--out", help="results directory (default results/backtrack-PRESET; resumed if present)")
    _add_execution(p)

    p = cli.benchmark("field", "plane-wave field kernel: ns per mode-evaluation, ns per step, error",
                      handler=_bench, description=(
                          "Time the generated turbulent-field kernel (structure of arrays, particles\n"
                          "innermost, range-reduced polynomial cosine) and the full Boris step; compare\n"
                          "the field with the same loop calling libm cos.  Best of --repeats, thread\n"
                          "CPU time.  Targets: <= 1.2 ns per mode-evaluation, <= 1e-12 relative error.\n\n"
                          "example:\n  cranisotropy bench field --modes 256 --json"))
    p.add_argument("--modes", type=int_range(8, 100_000), default=256, help="modes (default 256)")
    p.add_argument("--points", type=int_range(8, 1_000_000), default=1024,
                   help="evaluation points per call (default 1024)")
    p.add_argument("--repeats", type=int_range(3, 10_000), default=30, help="repetitions (default 30)")


def _run(args) -> CommandResult:
    from cranisotropy.numerics.backtrack.runner import run_campaign

    _check_execution(args)
    params = _parameters(args)
    report = run_campaign(params, Path(args.out), resume=args.resume, workers=args.workers,
                          scheduler=args.scheduler, serial=args.serial,
                          max_realisations=args.max_realisations)
    text = (f"{report['realisations_done']}/{report['realisations_total']} realisations in {args.out} "
            f"({report['computed_now']} computed now, {report['wall_seconds']:.1f} s wall)")
    if "projected_wall_seconds_full_run" in report:
        text += (f"; projected full run: {report['projected_wall_seconds_full_run'] / 3600:.2f} h wall "
                 f"as measured, {report['projected_seconds_full_run_idle_cores'] / 3600:.2f} h on idle cores")
    return CommandResult(report, text)


def _check_execution(args) -> None:
    if args.serial and (args.scheduler or args.workers):
        raise UsageError("--serial runs without dask; do not combine it with --scheduler/--workers")
    if args.scheduler and args.workers:
        raise UsageError("--workers sizes a LocalCluster; with --scheduler the cluster has its own workers")


def _analyse(args) -> CommandResult:
    from cranisotropy.numerics.backtrack import plots
    from cranisotropy.numerics.backtrack.analysis import analyse
    from cranisotropy.numerics.backtrack.campaign import ResultsStore, _atomic_write

    store = ResultsStore.open(Path(args.out))
    summary = analyse(store)
    figures = Path(args.figures) if args.figures else store.path
    figures.mkdir(parents=True, exist_ok=True)
    summary["figures"] = [str(plots.plot_spectrum_evolution(summary, figures / "backtrack_spectrum.png")),
                          str(plots.plot_estimator(summary, figures / "backtrack_estimator.png")),
                          str(plots.plot_liouville(summary, figures / "backtrack_liouville.png"))]
    _atomic_write(store.path / "summary.json", json.dumps(summary, indent=1, allow_nan=False))
    asym = summary["diffusion"]["asymptotic"]
    text = (f"{summary['realisations_used']} realisations; K_par = {asym['parallel']:.4g}, "
            f"K_perp = {asym['perpendicular']:.4g}, K_A = {asym['antisymmetric_xy']:.4g} L_c "
            f"(Omega T = {asym['omega_T']:g}); summary in {store.path / 'summary.json'}")
    return CommandResult(summary, text)


def _validate(args) -> CommandResult:
    from cranisotropy.numerics.backtrack.validation import run_validation

    _check_execution(args)
    result = run_validation(args.preset, args.out, workers=args.workers, scheduler=args.scheduler,
                            serial=args.serial, max_realisations=args.max_realisations)
    checks = result["checks"]
    lines = [f"preset {args.preset}: {result['run']['realisations_done']}/"
             f"{result['run']['realisations_total']} realisations in {result['directory']}"]
    run = result["run"]
    if "projected_wall_seconds_full_run" in run:
        lines.append(f"projected wall time of the full campaign: "
                     f"{run['projected_wall_seconds_full_run'] / 3600:.2f} h as measured now, "
                     f"{run['projected_seconds_full_run_idle_cores'] / 3600:.2f} h on {run['workers']} "
                     f"idle cores ({run['ns_per_particle_step_cpu']:.0f} ns CPU per particle-step)")
    lines.append(f"integrators ok: {checks['integrators']['ok']}; stationarity of the tensors ok: "
                 f"{checks['tensors']['ok']}")
    if "liouville" in checks:
        lines.append(f"Liouville (seed 003 eq. 13) ok: {checks['liouville']}")
    lines.append(f"sum rules: {'see summary' if isinstance(checks['sum_rules'], dict) else checks['sum_rules']}")
    lines += [f"figure: {f}" for f in result["figures"]]
    return CommandResult(result, "\n".join(lines), ok=result["ok"])


def _bench(args) -> CommandResult:
    from cranisotropy.numerics.backtrack.integrator_checks import bench_field

    r = bench_field(n_modes=args.modes, points=args.points, repeats=args.repeats)
    ok = r["ns_per_mode_eval"] <= r["targets"]["ns_per_mode_eval"] and \
        r["max_rel_error"] <= r["targets"]["max_rel_error"]
    r["targets_met"] = bool(ok)
    text = (f"field kernel: {r['ns_per_mode_eval']:.3f} ns per mode-evaluation "
            f"(libm loop {r['ns_per_mode_eval_libm']:.1f} ns), max rel. error {r['max_rel_error']:.1e}\n"
            f"Boris step: {r['ns_per_step']:.1f} ns per particle-step ({args.modes} modes)\n"
            f"targets: <= 1.2 ns, <= 1e-12: {'met' if ok else 'NOT met'}")
    return CommandResult(r, text)
