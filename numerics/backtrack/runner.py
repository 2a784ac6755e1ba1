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

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.campaign import CampaignParameters, ResultsStore, trace_realisation
from cranisotropy.core.progress import progress

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


def run_campaign(params: CampaignParameters, directory, resume: bool = False,
                 workers: int | None = None, scheduler: str | None = None, serial: bool = False,
                 max_realisations: int | None = None) -> dict:
    """Trace the missing realisations of a campaign into ``directory``; returns a run report.

    ``serial`` runs in this process without dask (debugging); ``max_realisations`` stops after
    that many new realisations (a partial run: resume later, or project the full wall time).
    """
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be >= 1, got {workers}")
    if max_realisations is not None and max_realisations < 1:
        raise UsageError(f"--max-realisations must be >= 1, got {max_realisations}")
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
    return report
