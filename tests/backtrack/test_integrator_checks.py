"""Accuracy of the integrators (numerics/backtrack/integrator_checks.py): exact helix, reversibility,
|p| conservation, convergence orders against an independent integrator, and the field benchmark."""
import numpy as np
import pytest

from cranisotropy.numerics.backtrack import integrator_checks as checks
from cranisotropy.numerics.backtrack.propagation import MagneticField
from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum


@pytest.fixture(scope="module")
def turbulent_field():
    waves = TurbulenceSpectrum(64, lambda_min=0.01, lambda_max=100.0).realise(np.random.default_rng(5))
    return MagneticField((0.0, 0.0, 1.0), waves)


@pytest.mark.parametrize("pitch_cosine", [0.3, -0.8, 0.0])
def test_uniform_field_helix_exact_to_round_off(pitch_cosine):
    r = checks.uniform_field_helix("boris", pitch_cosine=pitch_cosine, steps_per_period=157, periods=4)
    assert r["max_radius_error"] < 1e-15 * 10
    assert r["max_pitch_cosine_error"] < 1e-14
    assert r["direction_error_after_periods"] < 1e-13     # the period is exact
    assert r["max_trajectory_error"] < 1e-13              # the whole helix, not just its radius


def test_classic_boris_has_exact_radius_but_a_phase_error():
    """Textbook Boris: radius and pitch exact, gyro-phase rotated by 2 arctan(kappa h / 2) per step."""
    steps = 200
    r = checks.uniform_field_helix("boris-classic", steps_per_period=steps, periods=1)
    assert r["max_radius_error"] < 1e-14 and r["max_pitch_cosine_error"] < 1e-14
    theta = 2 * np.pi / steps
    phase_deficit = steps * (theta - 2 * np.arctan(theta / 2))
    sin_pitch = np.sqrt(1 - 0.3**2)
    assert r["direction_error_after_periods"] == pytest.approx(
        sin_pitch * np.hypot(1 - np.cos(phase_deficit), np.sin(phase_deficit)), rel=1e-6)


def test_forward_backward_uniform_field_1e5_steps():
    r = checks.reversibility("boris", steps=100_000, step=1e-3)
    assert r["max_return_distance"] <= 1e-9
    assert r["max_norm_drift"] <= 1e-12


def test_forward_backward_oblique_field_and_classic_scheme():
    field = MagneticField((0.3, -0.5, 0.8))
    for name in ("boris", "boris-classic"):
        r = checks.reversibility(name, steps=100_000, step=3.1e-3, field=field)
        assert r["max_return_distance"] <= 1e-9, name
        assert r["max_norm_drift"] <= 1e-12, name


def test_momentum_norm_in_turbulence(turbulent_field):
    r = checks.reversibility("boris", steps=100_000, step=1e-3, field=turbulent_field, n_particles=4)
    assert r["max_norm_drift"] <= 1e-12


def test_reversible_in_turbulence_before_chaos_amplifies_round_off(turbulent_field):
    r = checks.reversibility("boris", steps=1000, step=1e-3, field=turbulent_field)
    assert r["max_return_distance"] <= 1e-12


def test_convergence_orders_against_dop853():
    r = checks.convergence_orders(n_modes=16, steps=(40, 80, 160))
    assert r["boris"]["orders"][-1] == pytest.approx(2.0, abs=0.1)
    assert r["boris-classic"]["orders"][-1] == pytest.approx(2.0, abs=0.1)
    assert r["rk4"]["orders"][-1] == pytest.approx(4.0, abs=0.3)
    assert r["rk4"]["errors"][-1] < 1e-3 * r["boris"]["errors"][-1]
    assert r["boris4"]["orders"][-1] == pytest.approx(4.0, abs=0.3)  # the triple jump
    assert r["boris4"]["errors"][-1] < 1e-2 * r["boris"]["errors"][-1]


def test_triple_jump_keeps_the_boris_properties():
    """Exact helix in a uniform field, |p| conserved and reversible, as the step it is made of."""
    helix = checks.uniform_field_helix("boris4", steps_per_period=157, periods=4)
    assert helix["max_radius_error"] < 1e-14 and helix["direction_error_after_periods"] < 1e-13
    assert helix["max_trajectory_error"] < 1e-13
    back = checks.reversibility("boris4", steps=20_000, step=1e-3, field=MagneticField((0.3, -0.5, 0.8)))
    assert back["max_return_distance"] <= 1e-10 and back["max_norm_drift"] <= 1e-12


def test_bench_field_accuracy_and_result():
    """The benchmark's accuracy numbers hold at any size (its timings are not tested)."""
    r = checks.bench_field(16, points=64, repeats=3, steps=2)
    assert r.max_rel_error <= r.targets["max_rel_error"]
    assert r.baseline_max_rel_error <= r.targets["max_rel_error"]
    assert r.libm_loop_vs_numpy_max_error_over_rms <= 1e-12
    assert set(r.to_dict()) >= {"ns_per_mode_eval", "ns_per_step", "targets", "targets_met",
                                "ns_per_mode_eval_baseline", "ratio_to_baseline"}
    assert r.ratio_to_baseline_range[0] <= r.ratio_to_baseline <= r.ratio_to_baseline_range[1]


@pytest.mark.parametrize("kwargs, message", [({"n_modes": 4}, "--modes"), ({"points": 2}, "--points"),
                                             ({"repeats": 1}, "--repeats")])
def test_bench_field_rejects_bad_sizes(kwargs, message):
    from cranisotropy.core.errors import UsageError

    with pytest.raises(UsageError, match=message):
        checks.bench_field(**{"n_modes": 16, **kwargs})
