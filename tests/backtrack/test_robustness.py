"""Regressions of issue 15: a campaign's results are never mixed, never lost, never silently wrong.

Each test runs the real command line in its own process (``python -m cranisotropy``) and, where
the failure needs it, stops or kills that process at a named point of the run through
``CRANISOTROPY_TEST_POINT`` (numerics/backtrack/store.py).  "Bitwise identical" compares every
file of ``store.zarr`` (array metadata and chunks) with an uninterrupted run.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.campaign import ResultsStore, trace_realisation
from cranisotropy.numerics.backtrack.runner import run_campaign



def _command(path, *extra, args=None) -> list[str]:
    return [sys.executable, "-m", "cranisotropy", "backtrack", "run", str(path),
            *(args if args is not None else _tiny_args()), *map(str, extra)]


def _tiny_args(**changes) -> list[str]:
    values = {"--nside": 2, "--realisations": 3, "--modes": 16, "--lambda-min": 0.05,
              "--lambda-max": 10, "--omega-t": "0,1,5", "--seed": 7}
    values.update({f"--{k.replace('_', '-')}": v for k, v in changes.items()})
    return [str(x) for kv in values.items() for x in kv]


def _env(point: str | None = None) -> dict:
    env = dict(os.environ, CRANISOTROPY_PROGRESS="0")
    env.pop("CRANISOTROPY_TEST_POINT", None)
    if point:
        env["CRANISOTROPY_TEST_POINT"] = point
    return env


def _run(path, *extra, point=None, args=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(_command(path, *extra, args=args), capture_output=True, text=True,
                          env=_env(point), timeout=300, **kw)


def _store_files(path) -> dict[str, bytes]:
    """Every file of the zarr store (metadata and chunks), by relative path."""
    root = Path(path) / "store.zarr"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 2, proc.stderr  # the estimate line, the error line


@pytest.fixture(scope="module")
def seed_runs(tmp_path_factory, tiny):
    """Uninterrupted runs of the tiny campaign with seeds 11 and 12 (in this process)."""
    base = tmp_path_factory.mktemp("seeds")
    for seed in (11, 12):
        run_campaign(tiny.replace(seed=seed), base / str(seed), serial=True)
    return {seed: _store_files(base / str(seed)) for seed in (11, 12)}


# ------------------------------------------------------------------ 1. concurrent starts

def test_a_second_run_on_a_running_directory_exits_2_naming_the_first(tmp_path, seed_runs, tiny):
    path = tmp_path / "race"
    first = subprocess.Popen(_command(path, "--serial", args=_tiny_args(seed=11)), env=_env("locked:stop"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, status = os.waitpid(first.pid, os.WUNTRACED)  # stopped, holding the lock
        assert os.WIFSTOPPED(status)
        with pytest.raises(UsageError, match=f"in use by another run \\(pid {first.pid} on .* started"):
            run_campaign(tiny.replace(seed=12), path, serial=True)
        os.kill(first.pid, signal.SIGCONT)
        out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert _store_files(path) == seed_runs[11]  # only the first seed's data
    markers = ResultsStore.open(path).markers()
    assert sorted(markers) == [0, 1, 2] and {m["seed"][0] for m in markers.values()} == {11}


def test_two_runs_started_0_3_s_apart(tmp_path, seed_runs):
    path = tmp_path / "race"
    first = subprocess.Popen(_command(path, "--serial", args=_tiny_args(seed=11)), env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.Popen(_command(path, "--serial", args=_tiny_args(seed=12)), env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = {11: first.communicate(timeout=300), 12: second.communicate(timeout=300)}
    codes = {11: first.returncode, 12: second.returncode}
    assert sorted(codes.values()) == [0, 2], results
    winner = min(codes, key=codes.get)
    loser_err = results[23 - winner][1]
    assert "in use by another run" in loser_err or "already exists" in loser_err
    assert _store_files(path) == seed_runs[winner]


# ------------------------------------------------------------------ 2. kill during creation

@pytest.mark.parametrize("point", ["locked", "staged"])
def test_a_kill_during_creation_leaves_a_usable_directory(tmp_path, serial_run, tiny, point):
    path = tmp_path / "killed"
    killed = _run(path, "--serial", point=f"{point}:kill")
    assert killed.returncode == -signal.SIGKILL
    assert not (path / "run.json").exists()
    # --resume (the parameters are on the command line) and a fresh run both take it
    report = run_campaign(tiny, path, serial=True, resume=point == "staged")
    assert report.computed_now == 3
    assert _store_files(path) == _store_files(serial_run)
    assert not list(path.glob(".creating*"))


def test_a_kill_between_a_chunk_and_its_marker(tmp_path, serial_run, tiny):
    path = tmp_path / "killed"
    killed = _run(path, "--serial", point="chunk-written:kill")
    assert killed.returncode == -signal.SIGKILL
    assert ResultsStore.open(path).status()[0] == "not finished"  # the chunk is there, unvouched
    assert run_campaign(tiny, path, serial=True, resume=True).computed_now == 3
    assert _store_files(path) == _store_files(serial_run)


# ------------------------------------------------------------------ 3. truncated chunks

def test_truncated_chunks_are_recomputed_and_never_crash_analyse(tmp_path, serial_run, run_cli, caplog):
    path = tmp_path / "cut"
    shutil.copytree(serial_run, path)
    chunk = path / "store.zarr" / "{}" / "c" / "{}" / "0" / "0" / "0"  # zarr v3 chunk keys
    Path(str(chunk).format("positions", 0)).write_bytes(b"")  # cut to 0 bytes, marker intact
    code, out, err = run_cli("backtrack", "analyse", path, "--output-dir", tmp_path / "figs", "--json")
    assert code == 0 and json.loads(out)["realisations_used"] == 2
    assert "realisation 0" in caplog.text and "is left out" in caplog.text  # on stderr in a terminal
    half = Path(str(chunk).format("momenta", 2))  # cut in half, marker intact
    half.write_bytes(half.read_bytes()[: half.stat().st_size // 2])
    resumed = _run(path, "--serial", "--resume", "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["computed_now"] == 2
    assert _store_files(path) == _store_files(serial_run)


def test_a_foreign_seed_is_recomputed(tmp_path, serial_run, run_cli, tiny_args, caplog):
    """What the race of issue 15 left: a marker of seed 12 in a seed-7 run."""
    path = tmp_path / "foreign"
    shutil.copytree(serial_run, path)
    marker = path / "done" / "r000001.json"
    data = json.loads(marker.read_text())
    marker.write_text(json.dumps({**data, "seed": [12, 1]}))
    assert ResultsStore.open(path).completed() == [0, 2]
    code, out, err = run_cli("backtrack", "run", path, *tiny_args, "--serial", "--resume", "--json")
    assert code == 0 and json.loads(out)["computed_now"] == 1 and "holds seed [12, 1]" in caplog.text
    assert ResultsStore.open(path).markers()[1]["seed"] == [7, 1]
    assert _store_files(path) == _store_files(serial_run)


# ------------------------------------------------------------------ 4. silently wrong results

def test_a_field_the_step_cannot_resolve_is_refused(tmp_path):
    huge = _run(tmp_path / "huge", "--serial", "--b0", "1e200")
    assert huge.returncode == 2 and "B_max" in huge.stderr
    _no_traceback(huge)
    assert not (tmp_path / "huge").exists()


def test_the_step_must_resolve_the_gyroradius_in_the_largest_field(tiny):
    with pytest.raises(UsageError, match=r"must be <= r_L / .2 B_max. = 0.000485437 L_c .B_max = \|B0\| \+ 3 sqrt.sigma2. = 103 B_ref"):
        tiny.replace(regular_field=100.0, step=0.005)  # B_max = 100 + 3: r_L / (2 B_max) = 0.1/206
    assert tiny.replace(regular_field=100.0).path_step == pytest.approx(0.1 / 1030, rel=1e-15)


def test_a_non_finite_realisation_is_refused_without_a_marker(tmp_path, tiny):
    store = ResultsStore.claim(tmp_path / "nan", tiny)
    store.create()
    result = trace_realisation(tiny.to_json(), 1)
    result["positions"][2, 5, 0] = float("nan")
    with pytest.raises(UsageError, match="realisation 1 produced non-finite .* from Omega T = 5 on"):
        store.write_realisation(result)
    store.close()
    assert not (tmp_path / "nan" / "done" / "r000001.json").exists()
    assert ResultsStore.open(tmp_path / "nan").completed() == []


# ------------------------------------------------------------------ 5. unbounded or tracebacking input

@pytest.mark.parametrize("changes, extra, message", [
    ({"omega_t": "0,1e17"}, [], "more than 9.01e+15 (2^53)"),
    ({"omega_t": "0,1e30"}, [], "more than 9.01e+15 (2^53)"),
    ({"omega_t": "0,1e10"}, ["--json"], "more than 24 h CPU); pass --yes"),
    ({"seed": -1}, [], "seed must be an integer >= 0")])
def test_unbounded_or_bad_values_exit_2(tmp_path, run_cli, changes, extra, message):
    code, out, err = run_cli("backtrack", "run", tmp_path / "x", *_tiny_args(**changes), "--serial", *extra)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
    if extra:
        assert json.loads(out)["exit_code"] == 2 and message in json.loads(out)["error"]


def test_broken_directories_exit_2_in_one_line(tmp_path, serial_run, run_cli, tiny_args):
    (tmp_path / "a-file").write_text("")
    no_parameters = tmp_path / "no-parameters"
    shutil.copytree(serial_run, no_parameters)
    meta = json.loads((no_parameters / "run.json").read_text())
    del meta["parameters"]
    (no_parameters / "run.json").write_text(json.dumps(meta))
    no_store = tmp_path / "no-store"
    shutil.copytree(serial_run, no_store)
    shutil.rmtree(no_store / "store.zarr")
    for args, message in [(["run", tmp_path / "a-file" / "x"], "is not a folder"),
                          (["run", no_parameters, "--resume"], "holds no parameters"),
                          (["analyse", no_parameters], "holds no parameters"),
                          (["run", no_store], "already exists"),
                          (["analyse", no_store], "store.zarr is missing")]:
        run_args = [*tiny_args, "--serial"] if args[0] == "run" else []
        code, _, err = run_cli("backtrack", *args, *run_args)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
    code, _, err = run_cli("backtrack", "run", no_store, *tiny_args, "--serial", "--resume")
    assert code == 0, err  # the deleted store is recomputed
    assert _store_files(no_store) == _store_files(serial_run)


def _read_only(folder: Path) -> list[str]:
    """A command prefix that runs its command with ``folder`` mounted read-only (a private mount
    namespace: the mount ends with the command); skips the test where that is not allowed."""
    prefix = ["unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]
    try:
        probe = subprocess.run([*prefix, "touch", str(folder / ".probe")], capture_output=True, text=True,
                               timeout=30)
    except OSError:
        pytest.skip("no unshare(1) here")
    if "Read-only file system" not in probe.stderr:
        pytest.skip(f"cannot mount read-only here: {probe.stderr.strip()}")
    return prefix


def test_a_read_only_file_system_is_refused_before_any_compute(tmp_path, serial_run):
    resumable = tmp_path / "partial"
    shutil.copytree(serial_run, resumable)
    (resumable / "done" / "r000002.json").unlink()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    prefix = _read_only(tmp_path)
    for path, extra in [(tmp_path / "x", []), (resumable, ["--resume"])]:
        proc = subprocess.run([*prefix, *_command(path, "--serial", *extra)], capture_output=True, text=True,
                              env=_env(), timeout=300)
        assert proc.returncode == 2 and "Read-only file system" in proc.stderr, proc.stderr
        assert "to compute" not in proc.stderr  # refused before the estimate, before any work
        _no_traceback(proc)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


# ------------------------------------------------------------------ 6. surprising paths

def test_paths_that_do_not_exist(tmp_path, run_cli, tiny_args):
    code, _, err = run_cli("backtrack", "run", tmp_path / "no" / "such" / "x", *tiny_args, "--serial")
    assert code == 2 and "does not exist; create it first" in err
    code, _, err = run_cli("backtrack", "run", tmp_path / "missing", *tiny_args, "--serial", "--resume")
    assert code == 2 and "nothing to resume" in err
    assert list(tmp_path.iterdir()) == []


def test_resume_compares_parameters_by_value_and_extends(tmp_path, serial_run, tiny, run_cli):
    path = tmp_path / "grow"
    shutil.copytree(serial_run, path)
    code, out, err = run_cli("backtrack", "run", path, "--serial", "--resume", "--json",
                             *_tiny_args(omega_t="5,0,1", step=repr(tiny.path_step)))
    assert code == 0 and json.loads(out)["computed_now"] == 0, err
    code, out, err = run_cli("backtrack", "run", path, "--serial", "--resume", "--json",
                             *_tiny_args(realisations=5))
    assert code == 0 and json.loads(out)["computed_now"] == 2, err
    run_campaign(tiny.replace(realisations=5), tmp_path / "five", serial=True)
    assert _store_files(path) == _store_files(tmp_path / "five")
    code, _, err = run_cli("backtrack", "run", path, "--serial", "--resume", *_tiny_args(realisations=4))
    assert code == 2 and "holds 5 realisations" in err


def test_stale_temporary_files_are_removed(tmp_path, serial_run, run_cli, tiny_args):
    path = tmp_path / "stale"
    shutil.copytree(serial_run, path)
    leftovers = [path / ".run.json.123.tmp", path / "done" / ".r000001.json.123.tmp",
                 path / "store.zarr" / "positions" / "c" / "0" / "0" / "0" / "0.ab12.partial",
                 path / ".creating.123" / "run.json"]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_text("")
    code, _, err = run_cli("backtrack", "run", path, *tiny_args, "--serial", "--resume")
    assert code == 0, err
    assert not any(p.exists() for p in leftovers) and not (path / ".creating.123").exists()
    assert _store_files(path) == _store_files(serial_run)


def test_no_dashboard_unless_asked():
    """The LocalCluster serves no web dashboard and does not try dask's port 8787, so a second
    run (here: a socket holding 8787) warns of no "port in use"."""
    import socket
    import urllib.error
    import urllib.request
    import warnings

    from cranisotropy.numerics.backtrack.runner import dask_client

    with socket.socket() as busy:
        try:
            busy.bind(("", 8787))
            busy.listen()
        except OSError:
            pass  # another program holds 8787: just as good
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with dask_client(workers=1) as client:
                port = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.http_server.port)
                with pytest.raises(urllib.error.HTTPError, match="404"):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=10)
    assert not [w for w in caught if "already in use" in str(w.message)]


# ------------------------------------------------------------------ 7. kill -9 at random moments

def _start_and_time(path, args) -> tuple[subprocess.Popen, float]:
    """Start a run; return it and when (s after its start) its results directory appeared."""
    proc = subprocess.Popen(_command(path, "--serial", args=args), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    while not path.exists() and proc.poll() is None:
        time.sleep(0.01)
    return proc, time.perf_counter() - start


@pytest.mark.slow
def test_kill_at_20_random_moments_then_resume(tmp_path):
    """kill -9 at 20 random moments of a small campaign, then --resume: bitwise identical.

    A moment is drawn uniformly over the run's life as measured on an uninterrupted run: before
    the results directory appears (start-up) or after it (creation, realisations, markers), the
    second part timed from the directory's appearance so that a loaded machine does not push
    every kill into the start-up.
    """
    # ~1 s of tracing per realisation, so that kills also fall between realisations and markers
    args = _tiny_args(nside=8, realisations=6, modes=128, omega_t="0,50,400", seed=5)
    reference = tmp_path / "reference"
    begin = time.perf_counter()
    proc, appeared = _start_and_time(reference, args)
    assert proc.wait(timeout=600) == 0
    duration = time.perf_counter() - begin
    expected = _store_files(reference)
    rng, outcomes = random.Random(20261205), []
    while len(outcomes) < 20:
        k = len(outcomes)
        path = tmp_path / f"k{k}"
        moment = rng.uniform(0.0, duration)
        begin = time.perf_counter()
        if moment < appeared:
            proc = subprocess.Popen(_command(path, "--serial", args=args), env=_env(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(moment)
        else:
            proc, _ = _start_and_time(path, args)
            time.sleep(moment - appeared)
        proc.send_signal(signal.SIGKILL)
        if proc.wait() == 0:  # it finished first (the machine got faster): a shorter life, draw again
            duration = min(duration, time.perf_counter() - begin)
            shutil.rmtree(path)
            continue
        state = ("run.json" if (path / "run.json").exists() else
                 "a directory without run.json" if path.exists() else "nothing")
        markers = len(list((path / "done").glob("r*.json"))) if (path / "done").exists() else 0
        then = ["--resume"] if path.exists() else []  # nothing there: a new run
        resumed = _run(path, "--serial", *then, args=args)
        assert resumed.returncode == 0, resumed.stderr
        identical = _store_files(path) == expected
        outcomes.append(f"{k:2d}: kill -9 at {moment:5.2f} s (life {duration:.2f} s): {state}, "
                        f"{markers} markers -> {then[0] if then else 'run'}: identical={identical}")
        shutil.rmtree(path)
    print("\n".join(outcomes))
    assert all(o.endswith("identical=True") for o in outcomes), outcomes
