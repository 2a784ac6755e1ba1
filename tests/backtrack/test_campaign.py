"""Campaigns: parameters, results store, resume after a kill, worker independence, analysis."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.analysis import analyse, tensors
from cranisotropy.numerics.backtrack.campaign import (CampaignParameters, ResultsStore, healpix_directions,
                                                      trace_realisation)
from cranisotropy.numerics.backtrack.runner import run_campaign

TINY = CampaignParameters(nside=2, realisations=3, n_modes=16, lambda_min=0.05, lambda_max=10.0,
                          omega_times=(0.0, 1.0, 5.0), seed=7)
TINY_ARGS = ["--nside", "2", "--realisations", "3", "--modes", "16", "--lambda-min", "0.05",
             "--lambda-max", "10", "--omega-t", "0,1,5", "--seed", "7"]


def _arrays(path):
    store = ResultsStore.open(path)
    return [store.read_realisation(i) for i in range(store.params.realisations)]


def _same(a, b):
    return all(np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def serial_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("bt") / "serial"
    run_campaign(TINY, path, serial=True)
    return path


def test_store_contents(serial_run):
    meta = json.loads((serial_run / "run.json").read_text())
    assert meta["parameters"]["nside"] == 2 and meta["n_pix"] == 48
    assert {"numpy", "numba", "healpy", "zarr", "distributed"} <= set(meta["versions"])
    assert {"backtrack_plane_wave", "backtrack_cayley_kick", "backtrack_uniform_field_flow"} <= set(meta["kernels"])
    assert "SeedSequence" in meta["seeding"]
    store = ResultsStore.open(serial_run)
    assert store.completed(verify=True) == [0, 1, 2]
    r, p = store.read_realisation(1)
    assert r.shape == (3, 48, 3) and np.array_equal(p[0], healpix_directions(2))
    assert np.array_equal(r[0], np.zeros((48, 3)))
    np.testing.assert_allclose(np.linalg.norm(p, axis=2), 1.0, atol=1e-14)
    # a realisation is a function of (parameters, index) only
    again = trace_realisation(TINY.to_json(), 1)
    assert np.array_equal(again["positions"], r) and np.array_equal(again["momenta"], p)


def test_bitwise_independent_of_the_number_of_workers(serial_run, tmp_path):
    run_campaign(TINY, tmp_path / "two", workers=2)
    assert _same(_arrays(serial_run), _arrays(tmp_path / "two"))


def test_resume_recomputes_missing_and_corrupt_realisations(serial_run, tmp_path):
    path = tmp_path / "partial"
    report = run_campaign(TINY, path, serial=True, max_realisations=1)
    assert report.realisations_done == 1 and report.projected_wall_seconds_full_run > 0
    store = ResultsStore.open(path)
    # a chunk written without its marker (killed in between) and a corrupted finished chunk
    store.write_realisation(trace_realisation(TINY.to_json(), 1))
    os.remove(store.path / "done" / "r000001.json")
    import zarr
    zarr.open_group(str(path / "store.zarr"), mode="a")["positions"][0, 1, 0, 0] = 42.0
    with pytest.raises(UsageError, match="corrupt"):
        store.read_realisation(0)
    report = run_campaign(TINY, path, serial=True, resume=True)
    assert report.computed_now == 3 and report.realisations_done == 3
    assert _same(_arrays(serial_run), _arrays(path))


def test_resume_after_kill(tmp_path):
    """Kill a running campaign (SIGKILL), resume it: same bytes as an uninterrupted run."""
    params = TINY.replace(nside=8, realisations=6, n_modes=64, omega_times=(0.0, 20.0, 100.0))
    args = ["--nside", "8", "--realisations", "6", "--modes", "64", "--lambda-min", "0.05",
            "--lambda-max", "10", "--omega-t", "0,20,100", "--seed", "7"]
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


@pytest.mark.parametrize("change, message", [
    ({"nside": 3}, "power of 2"), ({"omega_times": (0.0, -1.0)}, ">= 0"),
    ({"step": 0.01}, "does not resolve"), ({"sigma2": 0.0}, "sigma"),
    ({"lambda_min": 20.0}, "smaller than lambda_max"), ({"realisations": 0}, "realisations"),
    ({"integrator": "euler"}, "integrator")])
def test_bad_parameters(change, message):
    with pytest.raises(UsageError, match=message):
        TINY.replace(**change)


def test_incompatible_or_existing_directory(serial_run):
    with pytest.raises(UsageError, match="already exists"):
        run_campaign(TINY, serial_run, serial=True)
    with pytest.raises(UsageError, match="incompatible run: seed"):
        run_campaign(TINY.replace(seed=8), serial_run, serial=True, resume=True)


@pytest.mark.parametrize("extra, message", [
    (["--nside", "3"], "not a power of 2"), (["--omega-t", "0,-2"], ">= 0"),
    (["--step", "0.01"], "does not resolve"), (["--sigma2", "-1"], "sigma"),
    (["--lambda-min", "5", "--lambda-max", "1"], "smaller than lambda_max"),
    (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the dask scheduler")])
def test_cli_bad_input_exit_2(run_cli, tmp_path, extra, message):
    args = [a for a in TINY_ARGS]
    for flag in extra[::2]:  # let the bad value override the tiny one
        if flag in args:
            i = args.index(flag)
            del args[i:i + 2]
    code, out, err = run_cli("backtrack", "run", tmp_path / "out", *args, *extra)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_incompatible_directory_exit_2(run_cli, serial_run):
    code, _, err = run_cli("backtrack", "run", serial_run, *TINY_ARGS[:-1], "8", "--resume", "--serial")
    assert code == 2 and "incompatible" in err


def test_analysis_estimators(serial_run):
    store = ResultsStore.open(serial_run)
    summary = analyse(store)
    json.dumps(summary, allow_nan=False)
    # the relative-diffusion tensor equals the explicit average over all pairs of directions
    r, _ = store.read_realisation(0)
    t = -1
    diff = r[t][:, None, :] - r[t][None, :, :]
    pair = np.einsum("abi,abj->ij", diff, diff) / diff.shape[0] ** 2 / (4 * store.params.path_lengths()[t])
    single = tensors(store, [0])
    np.testing.assert_allclose(single["K_rel"][t], pair, rtol=1e-12, atol=1e-15)
    # at T = 0 the map is deterministic: the standard (mean-map) spectrum equals <C_l>
    g = summary["gradients"]["parallel"]
    np.testing.assert_allclose(g["standard_C_l"][0], g["C_l"][0], rtol=1e-10, atol=1e-25)
    # the T = 0 map is a pure dipole: all its power is at l = 1 (Parseval, pixel mean vs C_1)
    d = summary["homogeneous_dipole"]["parallel"]
    assert 3 * d["C_l"][0][1] / (4 * np.pi) == pytest.approx(d["total_power"][0], rel=0.02)
    assert d["total_power"][0] == pytest.approx(1 / 3, rel=0.05)
