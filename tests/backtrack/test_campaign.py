"""Campaign parameters, the results store and loading it back (numerics/backtrack/campaign.py)."""
import json
import pickle

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.campaign import (PRESETS, CampaignParameters, ResultsStore,
                                                      healpix_directions, load_results, trace_realisation)


def test_store_contents(serial_run, tiny):
    meta = json.loads((serial_run / "run.json").read_text())
    assert meta["parameters"]["nside"] == 2 and meta["n_pix"] == 48
    assert {"numpy", "numba", "healpy", "zarr", "distributed"} <= set(meta["versions"])
    assert {"backtrack_plane_wave", "backtrack_cayley_kick", "backtrack_uniform_field_flow",
            "drivers/backtrack.py"} <= set(meta["kernels"])
    assert "SeedSequence" in meta["seeding"]
    store = ResultsStore.open(serial_run)
    assert store.completed(verify=True) == [0, 1, 2]
    r, p = store.read_realisation(1)
    assert r.shape == (3, 48, 3) and np.array_equal(p[0], healpix_directions(2))
    assert np.array_equal(r[0], np.zeros((48, 3)))
    np.testing.assert_allclose(np.linalg.norm(p, axis=2), 1.0, atol=1e-14)
    # a realisation is a function of (parameters, index) only
    again = trace_realisation(tiny.to_json(), 1)
    assert np.array_equal(again["positions"], r) and np.array_equal(again["momenta"], p)


def test_load_results(serial_run, tiny):
    results = load_results(serial_run)
    assert results.parameters == tiny and results.realisations.tolist() == [0, 1, 2]
    assert results.positions.shape == results.momenta.shape == (3, 3, 48, 3)
    store = ResultsStore.open(serial_run)
    assert np.array_equal(results.positions[2], store.read_realisation(2)[0])
    np.testing.assert_allclose(results.omega_times, [0.0, 1.0, 5.0], rtol=1e-12)
    np.testing.assert_allclose(results.path_lengths, results.omega_times * tiny.gyroradius, rtol=1e-12)
    assert np.array_equal(results.directions, results.momenta[0, 0])  # p(0) = arrival direction
    one = load_results(serial_run, realisations=[1])
    assert np.array_equal(one.momenta[0], results.momenta[1])
    assert "3/3 realisations" in str(results)
    assert pickle.loads(pickle.dumps(results)).parameters == tiny
    assert json.dumps(results.to_dict())  # plain JSON data
    with pytest.raises(UsageError, match="realisation 5 .* is not finished"):
        load_results(serial_run, realisations=[5])


def test_presets():
    paper = CampaignParameters.preset("paper")
    # seed 002 Sec. 3: nside 32, 120 realisations, sigma^2 = 1, lambda in [0.01, 100] L_c, r_L = 0.1 L_c
    assert (paper.nside, paper.realisations, paper.sigma2, paper.lambda_min, paper.lambda_max,
            paper.gyroradius) == (32, 120, 1.0, 0.01, 100.0, 0.1)
    assert paper.gamma == pytest.approx(11 / 3, rel=1e-15)
    assert set(PRESETS) == {"quick", "paper"}
    with pytest.raises(UsageError, match="unknown preset 'fast'"):
        CampaignParameters.preset("fast")


def test_recording_grid(tiny):
    # the step resolves the gyroradius in the largest field met, B_max = |B0| + 3 sqrt(sigma2) = 4:
    # h = min(r_L / 4, lambda_min)/10 = 0.1/40
    assert tiny.path_step == pytest.approx(0.1 / 40, rel=1e-15)
    assert tiny.record_steps().tolist() == [0, 40, 200]  # T = Omega T r_L: 0.1 and 0.5 L_c
    assert tiny.n_pix == 48 and tiny.particle_steps() == 48 * 200 * 3


@pytest.mark.parametrize("change, message", [
    ({"nside": 3}, "power of 2"), ({"omega_times": (0.0, -1.0)}, ">= 0"),
    ({"step": 0.06}, "does not resolve"), ({"sigma2": 0.0}, "sigma"),
    ({"lambda_min": 20.0}, "smaller than lambda_max"), ({"realisations": 0}, "realisations"),
    ({"integrator": "euler"}, "integrator"), ({"omega_times": (1.0, 1.0)}, "same step")])
def test_bad_parameters(tiny, change, message):
    with pytest.raises(UsageError, match=message):
        tiny.replace(**change)


def test_healpix_directions():
    p0 = healpix_directions(4)
    assert p0.shape == (192, 3)
    np.testing.assert_allclose(np.linalg.norm(p0, axis=1), 1.0, rtol=1e-15)
    with pytest.raises(UsageError, match="power of 2"):
        healpix_directions(3)
