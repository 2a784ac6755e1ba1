"""Projected cost of a campaign from a measured sample (``cranisotropy bench campaign``).

Each of ``workers`` processes traces a sample of the preset's arrival directions through its
own field realisation with the preset's integrator and step, all at the same time (they start
together after compiling), as the campaign's workers would.  Per worker the thread CPU time and
the wall time of the sample give ns per particle-step; the campaign's particle-steps times the
CPU figure is its CPU time, and divided among the workers at the *wall* rate measured while all
of them ran is its wall time (this includes what the machine's cores deliver when they are all
busy, shared or not).
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import time
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack.campaign import CampaignParameters

#: target of ``bench campaign --preset paper`` on 2 cores (issue 19): 20 minutes wall
WALL_TARGET_SECONDS = 1200.0


def _sample(params_json: dict, index: int, particles: int, steps: int, barrier, results) -> None:
    """One worker: compile, wait for the others, then trace the sample and report its timings."""
    import numpy as np

    from cranisotropy.numerics.backtrack.campaign import (CampaignParameters, healpix_directions,
                                                          realisation_field)
    from cranisotropy.numerics.backtrack.propagation import PROPAGATORS, backtrack

    params = CampaignParameters.from_json(params_json)
    directions = healpix_directions(params.nside)
    directions = directions[np.arange(particles) % directions.shape[0]]
    field = realisation_field(params, index)
    propagator = PROPAGATORS[params.integrator](params.path_step)
    backtrack(directions[:1], field, propagator, params.gyroradius, [0, 1], params.charge_sign)
    barrier.wait()
    wall, cpu = time.perf_counter(), time.thread_time()
    backtrack(directions, field, propagator, params.gyroradius, [0, steps], params.charge_sign)
    results.put({"index": index, "cpu_seconds": time.thread_time() - cpu,
                 "wall_seconds": time.perf_counter() - wall, "particle_steps": particles * steps})


def _run_workers(params: CampaignParameters, workers: int, particles: int, steps: int) -> list[dict]:
    """Start the sample processes together and collect their timings (stop them all on failure)."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(workers), context.Queue()
    procs = [context.Process(target=_sample, args=(params.to_json(), i, particles, steps, barrier, results))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    samples = []
    try:
        while len(samples) < workers:
            try:
                samples.append(results.get(timeout=1.0))
            except queue.Empty:
                failed = [proc.exitcode for proc in procs if proc.exitcode not in (None, 0)]
                if failed:
                    raise RuntimeError(f"a sample process failed (exit code {failed[0]})") from None
    finally:
        for proc in procs:
            if proc.is_alive() and len(samples) < workers:
                proc.terminate()
            proc.join()
    return samples


@dataclass(frozen=True)
class CampaignCost(Result):
    """The projected cost of a campaign (:func:`bench_campaign`; ``to_dict()`` is ``--json``).

    ``ns_per_particle_step`` is thread CPU time per particle-step (median over the workers),
    ``ns_per_particle_step_wall`` the wall time per particle-step of one worker while all ran;
    ``particle_steps`` the campaign's total; ``projected_cpu_s`` and ``projected_wall_s`` (on
    ``workers`` processes) follow from them.
    """

    preset: str
    integrator: str
    step: float
    n_modes: int
    n_pix: int
    realisations: int
    workers: int
    sample_particle_steps: int
    ns_per_particle_step: float
    ns_per_particle_step_wall: float
    particle_steps: int
    projected_cpu_s: float
    projected_wall_s: float
    wall_target_s: float
    target_met: bool

    def __str__(self) -> str:
        return (f"preset {self.preset}: {self.integrator} h = {self.step:g} L_c, {self.n_modes} modes, "
                f"{self.n_pix} directions x {self.realisations} realisations = {self.particle_steps:.3g} "
                f"particle-steps\n{self.ns_per_particle_step:.1f} ns CPU per particle-step "
                f"({self.ns_per_particle_step_wall:.1f} ns wall per worker with {self.workers} running)\n"
                f"projected: {self.projected_cpu_s:.0f} s CPU, {self.projected_wall_s:.0f} s wall on "
                f"{self.workers} workers (target <= {self.wall_target_s:g} s: "
                f"{'met' if self.target_met else 'NOT met'})")


def bench_campaign(preset: str = "paper", *, workers: int | None = None, particles: int = 2048,
                   steps: int | None = None) -> CampaignCost:
    """Measure a sample of a preset's campaign and project its CPU and wall time.

    ``workers`` processes each trace ``particles`` of the preset's arrival directions (in the
    campaign's batches) through their own field realisation for ``steps`` steps of the preset's
    integrator, started together; their CPU and wall time per particle-step scale to the whole
    campaign (module docstring).

    Parameters
    ----------
    preset : {"paper", "quick"}
        The campaign.
    workers : int, optional
        Worker processes, as the campaign would run (default: the number of cores).
    particles : int
        Particles per worker in the sample (>= 1).
    steps : int, optional
        Steps per particle in the sample (default: about 2.5e7 particle-steps per worker).

    Returns
    -------
    CampaignCost
        ``ns_per_particle_step`` (CPU), ``ns_per_particle_step_wall``, ``particle_steps``,
        ``projected_cpu_s``, ``projected_wall_s`` for ``workers`` and whether the paper's target
        (:data:`WALL_TARGET_SECONDS`) is met.

    Examples
    --------
    >>> from cranisotropy import bench_campaign
    >>> cost = bench_campaign("quick", workers=1, particles=16, steps=10)
    >>> cost.particle_steps, cost.sample_particle_steps, cost.projected_wall_s > 0
    (1474560000, 160, True)
    """
    params = CampaignParameters.preset(preset)
    workers = (os.cpu_count() or 1) if workers is None else workers
    if not (isinstance(workers, (int, np.integer)) and workers >= 1):
        raise UsageError(f"--workers must be >= 1, got {workers!r}")
    if not (isinstance(particles, (int, np.integer)) and particles >= 1):
        raise UsageError(f"--particles must be >= 1, got {particles!r}")
    steps = max(1, int(2.5e7 // particles)) if steps is None else steps
    if not (isinstance(steps, (int, np.integer)) and steps >= 1):
        raise UsageError(f"--steps must be >= 1, got {steps!r}")
    samples = _run_workers(params, workers, particles, steps)
    cpu = float(np.median([s["cpu_seconds"] / s["particle_steps"] for s in samples]))
    wall = float(max(s["wall_seconds"] / s["particle_steps"] for s in samples))
    total = params.particle_steps()
    projected_wall = wall * total / workers
    return CampaignCost(
        preset=preset, integrator=params.integrator, step=params.path_step, n_modes=params.n_modes,
        n_pix=params.n_pix, realisations=params.realisations, workers=workers,
        sample_particle_steps=particles * steps, ns_per_particle_step=1e9 * cpu,
        ns_per_particle_step_wall=1e9 * wall, particle_steps=total, projected_cpu_s=cpu * total,
        projected_wall_s=projected_wall, wall_target_s=WALL_TARGET_SECONDS,
        target_met=bool(projected_wall <= WALL_TARGET_SECONDS))
