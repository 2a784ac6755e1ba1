"""Run a campaign: realisations distributed over a dask cluster, checkpointed, resumable.

Each realisation is one dask task (:func:`_task`) on a ``dask.distributed`` cluster: a
``LocalCluster`` with one single-threaded worker process per core by default, or an existing
scheduler (``scheduler="tcp://host:8786"``).  The client writes every finished realisation
to the :class:`ResultsStore` as it arrives, so an interrupted run loses at most the
realisations in flight.  Workers report particle-steps through the scheduler's event log
(topic :data:`PROGRESS_TOPIC`) for the time-step progress bar.

Results are bitwise independent of the number of workers: a realisation's numbers depend only
on the parameters and its index.
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack.campaign import CampaignParameters, ResultsStore, trace_realisation

PROGRESS_TOPIC = "cranisotropy-backtrack-steps"


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
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A distributed Client: on ``scheduler`` if given, else on a fresh LocalCluster."""
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
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
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
                 max_realisations: int | None = None) -> CampaignReport:
    """Trace a campaign's realisations into a results directory (dask, checkpointed, resumable).

    Each realisation traces the 12 nside^2 HEALPix arrival directions back through its own
    field realisation and records r(-T), p(-T) at the campaign's times; it is written to the
    zarr store with an atomic completion marker as soon as it is done.

    Parameters
    ----------
    parameters : CampaignParameters or {"quick", "paper"}
        The campaign, or the name of a preset.
    directory : str or path
        Results directory; must be new (or empty) unless ``resume``.
    resume : bool
        Continue the run in ``directory`` (it must hold the same parameters): realisations
        without a valid marker are computed.
    workers : int, optional
        Worker processes of a ``LocalCluster`` (default: one per core).
    scheduler : str, optional
        Address of a running dask scheduler (``tcp://host:8786``) instead of a LocalCluster.
    serial : bool
        Run in this process without dask.
    max_realisations : int, optional
        Stop after this many new realisations (a partial run: resume later, or project the
        wall time of the full run from it).

    Returns
    -------
    CampaignReport
        Counts, timings and, when something was computed, projected wall times.

    See Also
    --------
    resume : continue a run from its directory alone.
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
    params = CampaignParameters.preset(parameters) if isinstance(parameters, str) else parameters
    if not isinstance(params, CampaignParameters):
        raise UsageError(f"parameters must be CampaignParameters or a preset name, got {parameters!r}")
    check_execution(workers, scheduler, serial, max_realisations)
    previous = ResultsStore.check_target(directory, params, resume)  # fail fast, create nothing
    done = set(previous.completed(verify=True)) if previous is not None else set()
    todo = [i for i in range(params.realisations) if i not in done]
    if max_realisations is not None:
        todo = todo[:max_realisations]
    steps_per_realisation = params.n_pix * int(params.record_steps()[-1])
    computed: list[dict] = []
    use_dask = not serial and bool(todo)
    with (dask_client(scheduler, workers) if use_dask else contextlib.nullcontext()) as client:
        store = ResultsStore.create(directory, params, resume=resume)
        n_workers = max(1, len(client.scheduler_info().get("workers", {}))) if use_dask else 1
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
              "wall_seconds": wall, "particle_steps_now": len(computed) * steps_per_realisation}
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
           serial: bool = False, max_realisations: int | None = None) -> CampaignReport:
    """Continue the campaign in ``directory`` with the parameters stored there.

    Parameters
    ----------
    directory : str or path
        Results directory of an interrupted (or partial) :func:`run_campaign`.
    workers, scheduler, serial, max_realisations
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
    params = ResultsStore.open(directory).params
    return run_campaign(params, directory, resume=True, workers=workers, scheduler=scheduler,
                        serial=serial, max_realisations=max_realisations)
