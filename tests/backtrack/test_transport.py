"""Transport from trajectories (numerics/backtrack/transport.py): parameters, the estimators on a
process whose D_mumu is known exactly, the independence of the prediction, the campaign store
and the command line."""
import json
import math
import subprocess
import sys

import numpy as np
import pytest

import cranisotropy as c
from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack import transport as tr


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("change, message", [
    (dict(geometry="helical"), "geometry"), (dict(sigma2=0.0), "sigma"), (dict(realisations=1), "realisations"),
    (dict(bins=7), "bins"), (dict(lag_levels=1), "lag_levels"), (dict(duration=-1.0), "duration"),
    (dict(step_fraction=2.0), "step_fraction"), (dict(charge_sign=0), "charge_sign"), (dict(seed=-3), "seed"),
])
def test_bad_regimes_are_usage_errors_naming_the_value(change, message):
    with pytest.raises(UsageError, match=message):
        c.TransportRegime(**change)


def test_sampling_resolves_the_smallest_wavelength_and_whole_gyroperiods():
    r = c.TransportRegime("slab", 0.01, 0.03, duration=100.0)
    assert r.step <= 0.25 * r.lambda_min + 1e-15
    assert math.isclose(r.step * r.steps_per_gyroperiod, 2 * math.pi * 0.03)
    assert r.gyroperiods % r.cumulant_records == 0 and r.recorded_duration >= 100.0
    assert r.cumulant_times()[-1] == pytest.approx(r.recorded_duration)
    assert c.TransportRegime.from_json(json.loads(json.dumps(r.to_json()))) == r
    assert r.key != r.replace(seed=1).key
    with pytest.raises(UsageError, match="not planned"):
        _ = c.TransportRegime().gyroperiods


def test_the_grid_of_the_issue():
    grid = c.transport_grid("full")
    assert len(grid) == 24
    assert {(r.geometry, r.sigma2, r.gyroradius) for r in grid} == {
        (g, s, rl) for g in ("slab", "isotropic") for s in (0.01, 0.1, 1.0) for rl in (0.03, 0.1, 0.3, 1.0)}
    with pytest.raises(UsageError, match="preset"):
        c.transport_grid("huge")


# ----------------------------------------------------------------------------- quasi-linear theory

def test_quasilinear_bin_averages_and_the_inertial_range():
    spectrum = c.TurbulenceSpectrum(n_modes=256, sigma2=0.01, geometry="slab")
    edges = np.linspace(-1, 1, 41)
    averaged = c.quasilinear_pitch_angle_diffusion(None, spectrum, 0.1, edges=edges)
    fine = np.linspace(0.5, 0.55, 20001)
    pointwise = c.quasilinear_pitch_angle_diffusion(fine, spectrum, 0.1)
    assert averaged[30] == pytest.approx(pointwise.mean(), rel=1e-6)
    assert np.allclose(averaged, averaged[::-1])          # D(-mu) = D(mu)
    # r_L = 0.1: resonant k >= 10 / L_c, deep in the inertial range: (1 - mu^2)|mu|^(2/3)
    mu = np.array([0.2, 0.7])
    D = c.quasilinear_pitch_angle_diffusion(mu, spectrum, 0.1)
    shape = (1 - mu**2) * mu ** (2 / 3)
    assert D[0] / D[1] == pytest.approx(shape[0] / shape[1], rel=2e-3)
    gap = spectrum.lambda_min / (2 * math.pi * 0.1)          # 1/(r_L k_max)
    assert c.quasilinear_pitch_angle_diffusion([0.9 * gap], spectrum, 0.1)[0] == 0.0


# ----------------------------------------------------------------------------- a known diffusion

class _State:
    """Stands in for a ParticleState: pitch cosine mu along B0 = e_z, position z."""

    def __init__(self, z, mu):
        self.z_, self.mu = z, mu

    def directions(self):
        return np.stack([np.sqrt(1 - self.mu**2), np.zeros_like(self.mu), self.mu], axis=1)

    def positions(self):
        return np.stack([np.zeros_like(self.z_), np.zeros_like(self.z_), self.z_], axis=1)


def _uniform_field(points):
    return np.tile([0.0, 0.0, 1.0], (len(points), 1))


def _known_diffusion(regime, nu=1.0, substeps=4):
    """Pitch-angle diffusion with D_mumu = nu (1 - mu^2) (Euler, reflecting), z' = mu, recorded by
    the campaign's accumulator: everything the estimators see, with D known exactly."""
    results = []
    dt = regime.gyroperiod / substeps
    for index in range(regime.realisations):
        rng = regime.rng(index)
        n = regime.particles
        mu, z = rng.uniform(-1, 1, n), np.zeros(n)
        acc = tr._Accumulator(regime, _uniform_field, np.zeros((n, 3)))
        for record in range(regime.gyroperiods + 1):
            for _ in range(substeps if record else 0):
                z = z + mu * dt
                mu = mu - 2 * nu * mu * dt + np.sqrt(2 * nu * (1 - mu**2) * dt) * rng.normal(size=n)
                mu = np.where(mu > 1, 2 - mu, np.where(mu < -1, -2 - mu, mu))
            acc(record, slice(None), _State(z, mu))
        results.append({"index": index, "regime_key": regime.key, "count": acc.count, "sum1": acc.sum1,
                        "sum2": acc.sum2, "power": acc.power, "perpendicular": acc.perpendicular,
                        "cpu_seconds": 0.0})
    return tr.TransportStatistics.from_realisations(regime, results)


@pytest.fixture(scope="module")
def known():
    # nu = 1: kappa_par = v^2/(6 nu) = 1/6, lambda_par = 0.5; 12 mean free paths; T_g << 1/nu
    regime = c.TransportRegime("slab", 0.01, 0.002, realisations=8, particles=512, duration=6.0)
    return _known_diffusion(regime)


def test_measured_D_mumu_is_the_known_one(known):
    d = c.measure_pitch_angle_diffusion(known)
    lo, hi = d.edges[:-1], d.edges[1:]
    exact = 1 - (hi**3 - lo**3) / (3 * (hi - lo))            # bin average of 1 - mu^2
    pulls = (d.value - exact) / d.error
    assert np.mean(np.abs(pulls) < 3) >= 0.9 and np.max(np.abs(d.value / exact - 1)) < 0.1
    # the drift <Delta mu>/Delta t of this process is d D_mumu/dmu = -2 mu
    inside = np.abs(d.mu) < 0.9
    assert np.all(np.abs(d.drift - (-2 * d.mu))[inside] < 4 * d.drift_error[inside] + 0.02)


def test_the_chain_predicts_and_measures_kappa_for_the_known_process(known):
    comparison = c.compare_transport(known)
    p, m = comparison.prediction, comparison.measured
    assert p.kappa_parallel == pytest.approx(1 / 6, rel=0.03)
    assert abs(m.kappa_parallel - 1 / 6) < 3 * m.kappa_parallel_error
    assert comparison.checks["kappa_par"]["pull"] ** 2 < 9
    assert comparison.checks["hyperdiffusion"]["status"] in ("pass", "inconclusive")
    assert p.hyperdiffusion == pytest.approx(11 / 1080, rel=0.1)
    assert comparison.fit.parameters[3] > 0.9                # the floor model: D(mu) = const


def test_prediction_uses_nothing_of_the_measured_transport(known):
    """Scrambling the displacement sums changes the measured kappa, never the prediction."""
    scrambled = tr.TransportStatistics(known.regime, known.indices, known.count, known.sum1, known.sum2,
                                       known.power[:, ::-1] * 3.0, known.perpendicular * 7.0, known.cpu_seconds)
    first, second = c.predict_transport(known, n_groups=2), c.predict_transport(scrambled, n_groups=2)
    assert (first.kappa_parallel, first.hyperdiffusion) == (second.kappa_parallel, second.hyperdiffusion)
    assert c.measure_transport(scrambled).kappa_parallel != c.measure_transport(known).kappa_parallel


def test_predict_transport_of_a_formula():
    nu = 0.01
    p = c.predict_transport(lambda mu: nu * (1 - mu**2))
    assert p.kappa_parallel == pytest.approx(1 / (6 * nu), rel=1e-10)
    assert p.hyperdiffusion == pytest.approx(11 / (1080 * nu**3), rel=1e-10)
    assert p.telegraph_time == pytest.approx(11 / (30 * nu), rel=1e-10)
    with pytest.raises(UsageError):
        c.predict_transport(3.0)


# ----------------------------------------------------------------------------- trajectories

TINY = dict(n_modes=16, realisations=2, particles=32, duration=12.0, cumulant_records=4)


def test_simulation_is_reproducible_and_isotropic_at_the_start():
    r = c.TransportRegime("slab", 0.1, 0.3, **TINY)
    a, b = c.simulate_realisation(r, 1), c.simulate_realisation(r, 1)
    for name in ("count", "sum1", "sum2", "power", "perpendicular"):
        assert np.array_equal(a[name], b[name])
    assert a["power"][0, 1:].tolist() == [0.0, 0.0, 0.0, 0.0]     # Delta z = 0 at t = 0
    assert a["count"][0, 0].sum() == r.particles * r.gyroperiods   # every lag-1 increment binned


def test_campaign_resumes_and_refuses_a_foreign_directory(tmp_path):
    regimes = [c.TransportRegime("slab", 1.0, 0.3, **TINY), c.TransportRegime("isotropic", 1.0, 0.3, **TINY)]
    partial = c.validate_transport("quick", regimes=regimes, results_dir=tmp_path / "run",
                                   output_dir=tmp_path / "fig", serial=True, max_realisations=3)
    assert partial.run["computed_now"] == 3 and len(partial.run["pending"]) == 1
    assert len(partial.regimes) == 1
    first = c.validate_transport("quick", regimes=regimes, results_dir=tmp_path / "run",
                                 output_dir=tmp_path / "fig", serial=True)
    assert [r["label"] for r in first.to_dict()["regimes"]] == [r.label for r in regimes]
    assert first.run["computed_now"] == 1 and first.run["pending"] == []
    # lose one realisation: it is recomputed, and the numbers are the same bits
    victim = next((tmp_path / "run").glob("slab*/r0001.json"))
    victim.unlink()
    second = c.validate_transport("quick", regimes=regimes, results_dir=tmp_path / "run",
                                  output_dir=tmp_path / "fig", serial=True)
    assert second.run["computed_now"] == 1
    numbers = lambda v: json.dumps([{k: x for k, x in r.items() if k != "cpu_seconds"}  # noqa: E731
                                    for r in v.to_dict()["regimes"]])
    assert numbers(second) == numbers(first)
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    entry = summary["regimes"][0]
    assert set(entry["kappa_par"]) == {"measured", "error", "predicted", "predicted_error"}
    assert set(entry["D_mumu"]) >= {"mu", "value", "error"}
    with pytest.raises(UsageError, match="different transport campaign"):
        c.validate_transport("quick", regimes=regimes[:1], results_dir=tmp_path / "run",
                             output_dir=tmp_path / "fig", serial=True)


def test_cli_validate_transport_help_and_bad_input():
    from cranisotropy.cli.commands.backtrack import TRANSPORT_PRESETS

    assert TRANSPORT_PRESETS == tuple(tr.PRESETS)
    run = lambda *a: subprocess.run([sys.executable, "-m", "cranisotropy", *a], capture_output=True, text=True)  # noqa: E731
    assert run("validate", "transport", "--help").returncode == 0
    bad = run("validate", "transport", "--workers", "0", "--json")
    assert bad.returncode == 2 and json.loads(bad.stdout)["exit_code"] == 2
    assert run("validate", "transport", "--serial", "--workers", "2").returncode == 2


def test_finite_lag_quasilinear_theory_tends_to_the_closed_form():
    """A dense spectrum (resonances narrower than a bin, wider than the mode spacing) against the
    continuum closed form, both bin-averaged: the local frame converges at once, the regular frame
    carries the bounded tilt oscillation of the long modes, a 1/dt excess."""
    spectrum = c.TurbulenceSpectrum(n_modes=8192, sigma2=0.01, geometry="slab")
    edges = np.linspace(0.2, 0.8, 4)
    closed = c.quasilinear_pitch_angle_diffusion(None, spectrum, 0.1, edges=edges)
    local = c.quasilinear_lag_diffusion(None, spectrum, 0.1, 40.0, edges=edges)
    np.testing.assert_allclose(local, closed, rtol=1e-3)
    excess = [c.quasilinear_lag_diffusion(None, spectrum, 0.1, lag, frame="regular", edges=edges) / closed - 1
              for lag in (40.0, 160.0)]
    assert np.all(excess[0] > 0.01) and np.allclose(excess[0] / excess[1], 4.0, rtol=0.1)
    with pytest.raises(UsageError, match="frame"):
        c.quasilinear_lag_diffusion([0.5], spectrum, 0.1, 1.0, frame="adiabatic")
    with pytest.raises(UsageError, match="lag"):
        c.quasilinear_lag_diffusion([0.5], spectrum, 0.1, 0.0)


def test_weak_slab_D_mumu_against_finite_lag_quasilinear_theory():
    """sigma^2 = 0.001, r_L = 0.1, 64 modes, 8 x 512 particles over 12 L_c: the measured D_mumu
    (local frame, lag one gyroperiod) within 3 sigma of the finite-lag quasi-linear theory of the
    same discrete modes on >= 90 % of the bins 0.1 <= |mu| <= 0.9, mean deviation < 2 %."""
    regime = c.TransportRegime("slab", 0.001, 0.1, n_modes=64, realisations=8, particles=512,
                               duration=12.0, cumulant_records=4, lag_levels=3)
    d = c.measure_pitch_angle_diffusion(c.simulate_transport(regime, serial=True))
    _, _, check = tr._quasilinear_check(regime, d)
    assert check["fraction"] >= 0.9 and abs(check["mean_relative_deviation"]) < 0.02, check


def test_the_weak_preset_and_the_probe_enter_the_acceptance():
    weak = c.transport_grid("weak")
    assert [(r.geometry, r.sigma2) for r in weak] == [("slab", 0.01)] * 4 and weak[0].particles == 256
    assert tr.PROBE["sigma2"] <= 0.01 and tr.PROBE["geometry"] == "slab"
    probe = {"regime": "probe", "status": "fail"}
    item = tr._acceptance([], "weak", probe)["quasilinear_weak_slab"]
    assert item["status"] == "fail" and item["regimes"] == {"probe": "fail"}
    assert tr._acceptance([], "weak", {**probe, "status": "pass"})["quasilinear_weak_slab"]["status"] == "pass"


# ----------------------------------------------------------------------------- long runs

@pytest.mark.slow
def test_weak_slab_D_mumu_matches_quasilinear_theory():
    """sigma^2 = 0.001, r_L = 0.1 and 0.3, 256 modes, 32 x 1024 particles: >= 90 % of the bins
    0.1 <= |mu| <= 0.9 within 3 sigma of the finite-lag quasi-linear theory of the discrete modes
    (errors ~2.5 % per bin), and the mean deviation below 1 %."""
    for r_l in (0.1, 0.3):
        regime = c.TransportRegime("slab", 0.001, r_l, n_modes=256, realisations=32, particles=1024,
                                   duration=40 * r_l, cumulant_records=4, lag_levels=3)
        d = c.measure_pitch_angle_diffusion(c.simulate_transport(regime, serial=True))
        _, _, check = tr._quasilinear_check(regime, d)
        assert check["status"] == "pass" and abs(check["mean_relative_deviation"]) < 0.01, (r_l, check)


@pytest.mark.slow
def test_dask_and_serial_give_the_same_bits():
    r = c.TransportRegime("isotropic", 0.1, 0.3, **TINY)
    serial = c.simulate_transport(r, serial=True)
    parallel = c.simulate_transport(r, workers=2)
    assert np.array_equal(serial.sum2, parallel.sum2) and np.array_equal(serial.power, parallel.power)
