"""From trajectories to tensors and C_l (numerics/backtrack/analysis.py)."""
import json

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.analysis import (analyse, analyse_campaign, angular_power_spectrum,
                                                      tensors)
from cranisotropy.numerics.backtrack.campaign import ResultsStore, load_results


@pytest.fixture(scope="module")
def results(serial_run):
    return load_results(serial_run)


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


def test_analyse_campaign_writes_summary_and_figures(serial_run, tmp_path):
    summary = analyse_campaign(serial_run, output_dir=tmp_path / "figs")
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == [
        "backtrack_estimator.png", "backtrack_liouville.png", "backtrack_spectrum.png"]
    assert json.loads((serial_run / "summary.json").read_text()) == summary.to_dict()
    assert summary.realisations_used == 3 and "K_par" in str(summary)


def test_dipole_spectrum_at_arrival_is_the_sampled_dipole(results):
    """T = 0: p(-T) = p0, the map is a.p0 on the HEALPix grid; C_l of a.n is 4 pi |a|^2/9 at l = 1
    (the continuous dipole; pixelisation moves a little power to l = 3 at nside 2)."""
    spectrum = angular_power_spectrum(results, 0.0, kind="dipole", orientation="perpendicular")
    assert spectrum.C_l.shape == (6,) and spectrum.realisations == 3
    assert spectrum.C_l[1] == pytest.approx(4 * np.pi / 9, rel=0.05)
    assert spectrum.C_l[1] / spectrum.C_l.sum() > 0.99
    assert np.all(spectrum.C_l_sem == 0)  # the same map in every realisation
    assert spectrum.K is None and spectrum.vector.tolist() == [1.0, 0.0, 0.0]


def test_gradient_spectrum_matches_the_campaign_analysis(results, serial_run):
    """Same default K (Green–Kubo at the last time), same maps: the same <C_l> as analyse()."""
    summary = analyse(ResultsStore.open(serial_run))
    spectrum = angular_power_spectrum(results, [1.0, 5.0], orientation="parallel")
    assert spectrum.C_l.shape == (2, 6) and spectrum.C_l_realisations.shape == (3, 2, 6)
    np.testing.assert_allclose(spectrum.C_l, np.array(summary["gradients"]["parallel"]["C_l"])[1:], rtol=1e-12)
    np.testing.assert_allclose(spectrum.K, summary["diffusion"]["asymptotic"]["K"], rtol=1e-12)


def test_gradient_spectrum_scales_with_the_gradient(results):
    """dI is linear in g: C_l scales as |g|^2, and a given K is used as given."""
    K = np.diag([0.1, 0.1, 0.5])
    one = angular_power_spectrum(results, 5.0, orientation=(0.0, 0.0, 1.0), K=K)
    three = angular_power_spectrum(results, 5.0, orientation=(0.0, 0.0, 3.0), K=K)
    np.testing.assert_allclose(three.C_l, 9 * one.C_l, rtol=1e-10)


@pytest.mark.parametrize("kwargs, message", [
    ({"omega_t": 2.0}, "Omega T = 2 was not recorded; recorded: 0, 1, 5"),
    ({"kind": "quadrupole"}, "kind must be"), ({"orientation": "oblique"}, "orientation must be"),
    ({"orientation": (1.0, 0.0)}, "3 finite numbers"), ({"K": np.eye(2)}, "3x3"),
    ({"lmax": -1}, "lmax")])
def test_bad_spectrum_requests(results, kwargs, message):
    with pytest.raises(UsageError, match=message):
        angular_power_spectrum(results, **{"omega_t": 1.0, **kwargs})
