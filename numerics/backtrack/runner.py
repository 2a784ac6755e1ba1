"""Run a campaign: realisations distributed over a dask cluster, checkpointed, resumable.

Each realisation is one dask task (:func:`_task`) on a ``dask.distributed`` cluster: a
``LocalCluster`` with one single-threaded worker process per core by default, or an existing
scheduler (``scheduler="tcp://host:8786"``).  The client writes every finished realisation
to the :class:`ResultsStore` as it arrives, so an interrupted run loses at most the
realisations in flight.  Workers report particle-steps through the scheduler's event log
(topic :data:`PROGRESS_TOPIC`) for the time-step progress bar.

Before anything is computed the run locks its directory (one writer;
:mod:`cranisotropy.numerics.backtrack.store`), verifies what is stored, and computes its size and
CPU time (:func:`estimate_campaign`): above :data:`LIMITS` it starts only when confirmed.

Results are bitwise independent of the number of workers: a realisation's numbers depend only
on the parameters and its index.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack.campaign import (ARRAYS, CampaignParameters, ResultsStore,
                                                      realisation_field, trace_realisation)

PROGRESS_TOPIC = "cranisotropy-backtrack-steps"
#: above these a run starts only when confirmed (``yes=True``, ``--yes``)
LIMITS = {"cpu_hours": 24.0, "bytes_on_disk": 50e9}
log = logging.getLogger("cranisotropy.backtrack")


class _Throttle:
    """Accumulates particle-step counts and forwards them at most every ``interval`` seconds."""

    def __init__(self, send, interval: float = 0.5):
        self.send, self.interval = send, interval
        self.pending, self.last = 0, time.monotonic()

    def __call__(self, n: int) -> None:
        self.pending += n
        if time.monotonic() - self.last >= self.interval:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.send(self.pending)
        self.pending, self.last = 0, time.monotonic()


def _task(params_json: dict, index: int) -> dict:
    """A dask task: one realisation (progress goes to the scheduler's event log)."""
    try:
        from distributed import get_worker

        worker = get_worker()
        send = lambda n: worker.log_event(PROGRESS_TOPIC, {"steps": int(n)})  # noqa: E731
    except (ImportError, ValueError):
        send = lambda n: None  # noqa: E731
    throttle = _Throttle(send)
    result = trace_realisation(params_json, index, report=throttle)
    throttle.flush()
    return result


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, dashboard: bool = False):
    """A distributed Client: on ``scheduler`` if given, else on a fresh LocalCluster.

    The LocalCluster's web dashboard is off unless ``dashboard`` (then on dask's port 8787, or
    the next free one); its scheduler's HTTP endpoint listens on a free loopback port.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="5s")
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
            raise UsageError(f"cannot reach the dask scheduler at {scheduler!r} "
                             f"({type(exc).__name__}: {exc})") from None
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=":8787" if dashboard else "127.0.0.1:0",
                      scheduler_kwargs={"dashboard": bool(dashboard)},
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        if dashboard:
            log.warning("dask dashboard: %s", client.dashboard_link)
        yield client


def _distribute(client, params, todo, n_workers, finished, step_bar) -> None:
    """Submit realisations (at most 2 per worker in flight); hand each result to ``finished``."""
    from distributed import as_completed

    client.subscribe_topic(PROGRESS_TOPIC, lambda event: step_bar.update(event[1]["steps"]))
    pending = list(todo)
    futures = as_completed()
    for _ in range(min(2 * n_workers, len(pending))):
        futures.add(client.submit(_task, params.to_json(), pending.pop(0), pure=False))
    for future in futures:
        finished(future.result())
        future.release()
        if pending:
            futures.add(client.submit(_task, params.to_json(), pending.pop(0), pure=False))


@functools.lru_cache(maxsize=32)
def _measured_ns_per_particle_step(n_modes: int, integrator: str) -> float:
    """Thread CPU time of one particle-step of ``integrator`` with ``n_modes`` modes, measured
    here on 256 particles (memoised per process)."""
    from cranisotropy.numerics.backtrack.propagation import PROPAGATORS, ParticleState

    params = CampaignParameters(nside=4, realisations=1, n_modes=n_modes, integrator=integrator,
                                omega_times=(0.0,))
    field = realisation_field(params, 0)
    propagator = PROPAGATORS[integrator](params.path_step)
    directions = np.resize(np.eye(3), (256, 3))
    state = ParticleState.launch(np.zeros((256, 3)), directions)
    propagator.advance(state, field, 10.0, 1)  # compile or load the loops first
    steps, best = 8, math.inf
    while True:
        start = time.thread_time()
        propagator.advance(state, field, 10.0, steps)
        elapsed = time.thread_time() - start
        best = min(best, elapsed / (steps * 256))
        if elapsed > 0.02 or steps >= 1 << 20:
            return 1e9 * best
        steps *= 4


@dataclass(frozen=True)
class CampaignEstimate(Result):
    """The size and cost of a run before it starts (:func:`estimate_campaign`).

    ``over_limit`` lists what exceeds :data:`LIMITS` or the free disk space; such a run starts
    only when confirmed.
    """

    realisations: int
    realisations_to_compute: int
    particle_steps: int
    bytes_on_disk: int
    free_bytes: int | None
    ns_per_particle_step: float
    cpu_seconds: float
    workers: int | None
    wall_seconds: float | None
    limits: dict
    over_limit: list

    def __str__(self) -> str:
        text = (f"{self.realisations_to_compute} of {self.realisations} realisations to compute: "
                f"{self.particle_steps:.3g} particle-steps, {_size(self.bytes_on_disk)} on disk, "
                f"~{_duration(self.cpu_seconds)} CPU at {self.ns_per_particle_step:.0f} ns per "
                "particle-step (measured here)")
        if self.wall_seconds is not None:
            text += f", ~{_duration(self.wall_seconds)} on {self.workers} idle core(s)"
        return text


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.3g} {unit}"
        n /= 1000
    return f"{n:.3g} TB"  # pragma: no cover


def _duration(seconds: float) -> str:
    for unit, size in (("years", 3.15576e7), ("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.2g} s"


def _estimate(params: CampaignParameters, n_todo: int, workers: int | None, where) -> CampaignEstimate:
    import shutil

    steps = n_todo * params.n_pix * int(params.record_steps()[-1])
    size = params.realisations * len(params.omega_times) * params.n_pix * 3 * 8 * len(ARRAYS)
    ns = _measured_ns_per_particle_step(params.n_modes, params.integrator)
    cpu = steps * ns * 1e-9
    folder = Path(where).absolute()
    while not folder.exists():
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    over = []
    if cpu > LIMITS["cpu_hours"] * 3600:
        over.append(f"more than {LIMITS['cpu_hours']:g} h CPU")
    if size > LIMITS["bytes_on_disk"]:
        over.append(f"more than {_size(LIMITS['bytes_on_disk'])} on disk")
    if free is not None and size > free:
        over.append(f"more than the {_size(free)} free on disk")
    return CampaignEstimate(params.realisations, n_todo, steps, size, free, ns, cpu, workers,
                            cpu / workers if workers else None, dict(LIMITS), over)


def estimate_campaign(parameters: CampaignParameters | str, directory=None, *,
                      workers: int | None = None) -> CampaignEstimate:
    """The size and cost of a campaign before running it: particle-steps, bytes, CPU time.

    The CPU time is the campaign's particle-steps times the cost of one particle-step measured
    here (thread CPU time of the campaign's integrator and number of modes on 256 particles).
    :func:`run_campaign` computes the same estimate before it starts anything and refuses a run
    above :data:`LIMITS` (24 h CPU, 50 GB) or the free disk space unless confirmed.

    Parameters
    ----------
    parameters : CampaignParameters or {"quick", "paper"}
        The campaign, or the name of a preset.
    directory : str or path, optional
        Its results directory: realisations already verified there are not counted.
    workers : int, optional
        Idle cores to project the wall time on.

    Returns
    -------
    CampaignEstimate
        ``particle_steps`` and ``cpu_seconds`` of what remains to compute, ``bytes_on_disk`` of
        the whole store (uncompressed float64: an upper bound), ``free_bytes``, the measured
        ``ns_per_particle_step``, ``wall_seconds`` on ``workers`` cores, and ``over_limit``.

    Examples
    --------
    >>> from cranisotropy import estimate_campaign
    >>> estimate = estimate_campaign("paper", workers=2)
    >>> estimate.particle_steps, estimate.bytes_on_disk  # 120 x 12288 x 3300; 120 x 16 x 12288 x 48 B
    (4866048000, 1132462080)
    >>> estimate.cpu_seconds > 60, estimate.over_limit
    (True, [])
    """
    params = _parameters(parameters)
    if workers is not None and (not isinstance(workers, (int, np.integer)) or workers < 1):
        raise UsageError(f"workers must be >= 1, got {workers!r}")
    todo = params.realisations
    if directory is not None and (Path(directory) / "run.json").exists():
        store = ResultsStore.open(directory, need_arrays=False)
        store.check_compatible(params)
        store.params = store.params.replace(realisations=params.realisations)
        todo -= len(store.completed())
    return _estimate(params, todo, workers, directory if directory is not None else Path.cwd())


def _parameters(parameters) -> CampaignParameters:
    params = CampaignParameters.preset(parameters) if isinstance(parameters, str) else parameters
    if not isinstance(params, CampaignParameters):
        raise UsageError(f"parameters must be CampaignParameters or a preset name, got {parameters!r}")
    return params


@dataclass(frozen=True)
class CampaignReport(Result):
    """What a call of :func:`run_campaign` or :func:`resume` did (the CLI's ``--json``).

    The ``projected_*`` and per-step fields are None (and absent from :meth:`to_dict`) when
    nothing was computed.
    """

    directory: str
    realisations_total: int
    realisations_done: int
    computed_now: int
    resumed_from: int
    workers: int
    wall_seconds: float
    particle_steps_now: int
    ns_per_particle_step_cpu: float | None = None
    seconds_per_realisation_wall: float | None = None
    projected_wall_seconds_full_run: float | None = None
    projected_remaining_seconds: float | None = None
    projected_seconds_full_run_idle_cores: float | None = None
    estimate: dict | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in super().to_dict().items() if v is not None}

    def __str__(self) -> str:
        text = (f"{self.realisations_done}/{self.realisations_total} realisations in {self.directory} "
                f"({self.computed_now} computed now, {self.wall_seconds:.1f} s wall)")
        if self.projected_wall_seconds_full_run is not None:
            text += (f"; projected full run: {self.projected_wall_seconds_full_run / 3600:.2f} h wall "
                     f"as measured, {self.projected_seconds_full_run_idle_cores / 3600:.2f} h on idle cores")
        return text


def check_execution(workers: int | None = None, scheduler: str | None = None, serial: bool = False,
                    max_realisations: int | None = None) -> None:
    """Raise UsageError for contradictory or out-of-range execution options."""
    if workers is not None and (not isinstance(workers, (int, np.integer)) or workers < 1):
        raise UsageError(f"--workers must be >= 1, got {workers}")
    if max_realisations is not None and (not isinstance(max_realisations, (int, np.integer))
                                         or max_realisations < 1):
        raise UsageError(f"--max-realisations must be >= 1, got {max_realisations}")
    if serial and (scheduler or workers):
        raise UsageError("--serial runs without dask; do not combine it with --scheduler/--workers")
    if scheduler and workers:
        raise UsageError("--workers sizes a LocalCluster; with --scheduler the cluster has its own workers")


def run_campaign(parameters: CampaignParameters | str, directory, *, resume: bool = False,
                 workers: int | None = None, scheduler: str | None = None, serial: bool = False,
                 max_realisations: int | None = None, yes: bool = False,
                 confirm: Callable[[CampaignEstimate], bool] | None = None,
                 dashboard: bool = False) -> CampaignReport:
    """Trace a campaign's realisations into a results directory (dask, checkpointed, resumable).

    Each realisation traces the 12 nside^2 HEALPix arrival directions back through its own
    field realisation and records r(-T), p(-T) at the campaign's times; it is written to the
    zarr store with an atomic completion marker as soon as it is done.  One run at a time
    writes a directory (an OS lock on ``directory/.lock``, taken before anything is created);
    a kill at any moment leaves a directory that ``resume`` or a new run continues (guarantees:
    docs/backtrack.md, "What survives what").

    Parameters
    ----------
    parameters : CampaignParameters or {"quick", "paper"}
        The campaign, or the name of a preset.
    directory : str or path
        Results directory; must be new (or empty) unless ``resume``.  Its parent must exist.
    resume : bool
        Continue the run in ``directory`` (it must exist and hold the same parameters, compared
        by value): realisations that are not verified are computed.  More ``realisations``
        than stored extend the campaign (bitwise as if asked for at the start).
    workers : int, optional
        Worker processes of a ``LocalCluster`` (default: one per core).
    scheduler : str, optional
        Address of a running dask scheduler (``tcp://host:8786``) instead of a LocalCluster.
    serial : bool
        Run in this process without dask.
    max_realisations : int, optional
        Stop after this many new realisations (a partial run: resume later, or project the
        wall time of the full run from it).
    yes : bool
        Start even when the run's estimate (:func:`estimate_campaign`) is above the limits.
    confirm : callable, optional
        ``confirm(estimate) -> bool``, called with the estimate before anything is computed
        (to show it, or to ask); False stops the run.  Default: go on unless above the limits.
    dashboard : bool
        Serve dask's web dashboard (LocalCluster only; off by default).

    Returns
    -------
    CampaignReport
        Counts, timings, the estimate and, when something was computed, projected wall times.

    See Also
    --------
    resume : continue a run from its directory alone.
    estimate_campaign : the size and cost of a run, before running it.
    load_results : read the results back.

    Notes
    -----
    Realisation i draws its field from ``SeedSequence(seed, spawn_key=(i,))``: results are
    bitwise the same for any number of workers and across resumes (on one machine type).

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, run_campaign
    >>> params = CampaignParameters(nside=1, realisations=2, n_modes=8, omega_times=(0.0, 2.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = run_campaign(params, f"{tmp}/run", serial=True)
    >>> report.realisations_done, report.computed_now
    (2, 2)
    """
    params = _parameters(parameters)
    check_execution(workers, scheduler, serial, max_realisations)
    store = ResultsStore.claim(directory, params, resume)
    try:
        report = _run(store, workers, scheduler, serial, max_realisations, yes, confirm, dashboard)
    except BaseException:
        store.close(abandon=True)
        raise
    store.close()
    return report


def _verified(store: ResultsStore) -> set[int]:
    """Realisations whose markers vouch for their data; bad markers are removed (logged)."""
    if store.meta is None:
        return set()
    done = set()
    for index, problem in store.status().items():
        if problem is None:
            done.add(index)
        elif problem != "not finished":
            log.warning("warning: realisation %d of %s is recomputed: %s", index, store.path, problem)
            store._marker(index).unlink(missing_ok=True)
    return done


def _run(store: ResultsStore, workers, scheduler, serial, max_realisations, yes, confirm,
         dashboard) -> CampaignReport:
    params = store.params
    done = _verified(store)
    todo = [i for i in range(params.realisations) if i not in done]
    if max_realisations is not None:
        todo = todo[:max_realisations]
    cores = 1 if serial else (None if scheduler else (workers or os.cpu_count() or 1))
    estimate = _estimate(params, len(todo), cores, store.path) if todo else None
    if estimate is not None:
        log.info("%s: %s", store.path, estimate)
    if estimate is not None and not yes:
        go = confirm(estimate) if confirm is not None else not estimate.over_limit
        if not go:
            why = f" ({'; '.join(estimate.over_limit)})" if estimate.over_limit else ""
            raise UsageError(f"not started: {estimate}{why}; pass --yes (yes=True) to start it")
    steps_per_realisation = params.n_pix * int(params.record_steps()[-1])
    computed: list[dict] = []
    use_dask = not serial and bool(todo)
    n_workers = 1
    with (dask_client(scheduler, workers, dashboard) if use_dask else contextlib.nullcontext()) as client:
        if use_dask:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        if store.meta is None:  # only now: an unreachable scheduler leaves nothing behind
            store.create()
        elif params.realisations > store.stored_realisations:
            store.extend()
        start = time.perf_counter()
        real_bar = progress(total=params.realisations, desc="realisations", unit="real", initial=len(done))
        step_bar = progress(total=len(todo) * steps_per_realisation, desc="particle-steps", unit="step",
                            unit_scale=True)
        with real_bar, step_bar:
            def finished(result):
                store.write_realisation(result)
                computed.append({k: result[k] for k in ("index", "seconds", "cpu_seconds", "host",
                                                        "particle_steps")})
                real_bar.update(1)

            if not use_dask:
                for index in todo:
                    finished(trace_realisation(params.to_json(), index, report=step_bar.update))
            else:
                _distribute(client, params, todo, n_workers, finished, step_bar)
    wall = time.perf_counter() - start
    complete = store.completed()
    report = {"directory": str(store.path), "realisations_total": params.realisations,
              "realisations_done": len(complete), "computed_now": len(computed),
              "resumed_from": len(done), "workers": n_workers,
              "wall_seconds": wall, "particle_steps_now": len(computed) * steps_per_realisation,
              "estimate": estimate.to_dict() if estimate is not None else None}
    if computed:
        # wall-clock projection (includes whatever else runs on the machine) and CPU-time
        # projection (the same work on n_workers otherwise idle cores)
        per_realisation_wall = wall / len(computed)
        cpu = sum(c["cpu_seconds"] for c in computed) / len(computed)
        report.update({
            "ns_per_particle_step_cpu": 1e9 * cpu / steps_per_realisation,
            "seconds_per_realisation_wall": per_realisation_wall,
            "projected_wall_seconds_full_run": per_realisation_wall * params.realisations,
            "projected_remaining_seconds": per_realisation_wall * (params.realisations - len(complete)),
            "projected_seconds_full_run_idle_cores": cpu * params.realisations / n_workers,
        })
    return CampaignReport(**report)


def resume(directory, *, workers: int | None = None, scheduler: str | None = None,
           serial: bool = False, max_realisations: int | None = None, yes: bool = False,
           confirm: Callable[[CampaignEstimate], bool] | None = None,
           dashboard: bool = False) -> CampaignReport:
    """Continue the campaign in ``directory`` with the parameters stored there.

    Parameters
    ----------
    directory : str or path
        Results directory of an interrupted (or partial) :func:`run_campaign`.
    workers, scheduler, serial, max_realisations, yes, confirm, dashboard
        As for :func:`run_campaign`.

    Returns
    -------
    CampaignReport

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, resume, run_campaign
    >>> params = CampaignParameters(nside=1, realisations=3, n_modes=8, omega_times=(0.0, 2.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = run_campaign(params, f"{tmp}/run", serial=True, max_realisations=1)
    ...     report = resume(f"{tmp}/run", serial=True)
    >>> first.realisations_done, report.resumed_from, report.realisations_done
    (1, 1, 3)
    """
    if not Path(directory).exists():
        raise UsageError(f"nothing to resume: results directory {str(directory)!r} does not exist")
    params = ResultsStore.open(directory, need_arrays=False).params
    return run_campaign(params, directory, resume=True, workers=workers, scheduler=scheduler,
                        serial=serial, max_realisations=max_realisations, yes=yes, confirm=confirm,
                        dashboard=dashboard)
