"""Running campaigns (numerics/backtrack/runner.py): workers, resume after a kill, options."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.campaign import ResultsStore, trace_realisation
from cranisotropy.numerics.backtrack.runner import estimate_campaign, resume, run_campaign


def _arrays(path):
    store = ResultsStore.open(path)
    return [store.read_realisation(i) for i in range(store.params.realisations)]


def _same(a, b):
    return all(np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def local_cluster_run(tiny, tmp_path_factory):
    """TINY on a LocalCluster of 2 workers: (directory, report)."""
    path = tmp_path_factory.mktemp("cluster") / "two"
    return path, run_campaign(tiny, path, workers=2)


def _store_files(path) -> dict[str, bytes]:
    root = path / "store.zarr"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_bitwise_independent_of_the_number_of_workers(serial_run, local_cluster_run):
    path, report = local_cluster_run
    assert report.workers == 2 and report.computed_now == 3
    assert _same(_arrays(serial_run), _arrays(path))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_separate_dask_scheduler_gives_the_same_store(local_cluster_run, run_cli, tiny_args, tmp_path):
    """`dask scheduler` and `dask worker` started as their own processes on localhost, the run
    pointed at them with --scheduler: the store is bitwise the LocalCluster's."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = [sys.executable, "-m", "dask"]
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scheduler = subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], **quiet)
    worker = subprocess.Popen([*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                               "--host", "127.0.0.1"], **quiet)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", int(address.rsplit(":", 1)[1]))) == 0:
                    break
            time.sleep(0.1)
        code, out, err = run_cli("backtrack", "run", tmp_path / "external", *tiny_args, "--scheduler", address,
                                 "--json")
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert code == 0, err
    assert json.loads(out)["workers"] == 1 and json.loads(out)["computed_now"] == 3
    assert _store_files(tmp_path / "external") == _store_files(local_cluster_run[0])


def test_resume_recomputes_missing_and_corrupt_realisations(serial_run, tiny, tmp_path):
    path = tmp_path / "partial"
    report = run_campaign(tiny, path, serial=True, max_realisations=1)
    assert report.realisations_done == 1 and report.projected_wall_seconds_full_run > 0
    store = ResultsStore.open(path)
    # a chunk written without its marker (killed in between) and a corrupted finished chunk
    store.write_realisation(trace_realisation(tiny.to_json(), 1))
    os.remove(store.path / "done" / "r000001.json")
    import zarr
    zarr.open_group(str(path / "store.zarr"), mode="a")["positions"][0, 1, 0, 0] = 42.0
    with pytest.raises(UsageError, match="corrupt"):
        store.read_realisation(0)
    report = resume(path, serial=True)
    assert report.computed_now == 3 and report.realisations_done == 3
    assert _same(_arrays(serial_run), _arrays(path))


def test_resume_after_kill(tiny, tmp_path):
    """Kill a running campaign (SIGKILL), resume it: same bytes as an uninterrupted run."""
    params = tiny.replace(nside=8, realisations=6, n_modes=64, omega_times=(0.0, 10.0, 50.0))
    args = ["--nside", "8", "--realisations", "6", "--modes", "64", "--lambda-min", "0.05",
            "--lambda-max", "10", "--omega-t", "0,10,50", "--seed", "7"]
    path = tmp_path / "killed"
    cmd = [sys.executable, "-m", "cranisotropy", "backtrack", "run", str(path), *args, "--serial"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            if len(list((path / "done").glob("r*.json"))) if (path / "done").exists() else 0:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    finished = ResultsStore.open(path).completed(verify=True)
    assert 1 <= len(finished) < 6
    report = run_campaign(params, path, serial=True, resume=True)
    assert report.resumed_from == len(finished) and report.realisations_done == 6
    run_campaign(params, tmp_path / "straight", serial=True)
    assert _same(_arrays(path), _arrays(tmp_path / "straight"))


def test_incompatible_or_existing_directory(serial_run, tiny):
    with pytest.raises(UsageError, match="already exists"):
        run_campaign(tiny, serial_run, serial=True)
    with pytest.raises(UsageError, match="incompatible run: seed"):
        run_campaign(tiny.replace(seed=8), serial_run, serial=True, resume=True)
    with pytest.raises(UsageError, match="no run.json"):
        resume(serial_run / "done", serial=True)


def test_report_of_a_run_with_nothing_to_do(serial_run):
    report = resume(serial_run, serial=True)
    assert (report.computed_now, report.resumed_from, report.realisations_done) == (0, 3, 3)
    assert report.projected_wall_seconds_full_run is None
    assert "projected_wall_seconds_full_run" not in report.to_dict()


@pytest.mark.parametrize("options, message", [
    ({"serial": True, "workers": 2}, "--serial"), ({"scheduler": "tcp://h:1", "workers": 2}, "--workers"),
    ({"workers": 0}, "--workers must be >= 1"), ({"max_realisations": 0}, "--max-realisations")])
def test_contradictory_execution_options(tiny, tmp_path, options, message):
    with pytest.raises(UsageError, match=message):
        run_campaign(tiny, tmp_path / "x", **options)
    assert not (tmp_path / "x").exists()


def test_preset_by_name_and_bad_parameters(tmp_path):
    with pytest.raises(UsageError, match="unknown preset"):
        run_campaign("fastest", tmp_path / "x", serial=True)
    with pytest.raises(UsageError, match="CampaignParameters or a preset name"):
        run_campaign({"nside": 2}, tmp_path / "x", serial=True)


def test_the_estimate_before_a_run(serial_run, tiny, tmp_path):
    estimate = estimate_campaign(tiny, workers=2)
    # 3 realisations x 48 directions x 200 steps; 3 x 3 times x 48 x 3 doubles, twice
    assert (estimate.particle_steps, estimate.bytes_on_disk) == (3 * 48 * 200, 3 * 3 * 48 * 3 * 8 * 2)
    assert estimate.cpu_seconds == pytest.approx(estimate.particle_steps * estimate.ns_per_particle_step * 1e-9)
    assert estimate.wall_seconds == pytest.approx(estimate.cpu_seconds / 2) and estimate.over_limit == []
    assert estimate_campaign(tiny.replace(realisations=5), serial_run).realisations_to_compute == 2
    with pytest.raises(UsageError, match="incompatible run: seed"):
        estimate_campaign(tiny.replace(seed=8), serial_run)


def test_a_run_above_the_limits_needs_a_yes(tiny, tmp_path, monkeypatch):
    from cranisotropy.numerics.backtrack import runner

    monkeypatch.setitem(runner.LIMITS, "cpu_hours", 0.0)
    seen = []
    with pytest.raises(UsageError, match=r"not started: 3 of 3 realisations .*more than 0 h CPU.*--yes"):
        run_campaign(tiny, tmp_path / "big", serial=True)
    with pytest.raises(UsageError, match="not started"):
        run_campaign(tiny, tmp_path / "big", serial=True, confirm=lambda e: seen.append(e) or False)
    assert not (tmp_path / "big").exists() and seen[0].over_limit == ["more than 0 h CPU"]
    report = run_campaign(tiny, tmp_path / "big", serial=True, confirm=lambda e: True)
    assert report.computed_now == 3 and report.estimate["particle_steps"] == 3 * 48 * 200
    assert run_campaign(tiny, tmp_path / "yes", serial=True, yes=True).computed_now == 3
