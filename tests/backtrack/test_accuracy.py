"""The convergence study (numerics/backtrack/accuracy.py): errors per step against a reference."""
import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.accuracy import bench_accuracy, fit_power


def test_fit_power_recovers_a_known_bias():
    """D(h) = c h^p plus noise of known size: c within its stated error, the error as expected."""
    rng = np.random.default_rng(3)
    steps = np.array([1e-3, 2e-3, 4e-3, 8e-3])
    c_true = np.array([3.0e4, -1.0e5, 0.0])
    errors = np.full((steps.size, 3), 0.05)
    pulls = []
    for _ in range(400):
        d = c_true * steps[:, None] ** 2 + errors * rng.normal(size=errors.shape)
        c, err = fit_power(d, errors, steps, 2)
        pulls.append((c - c_true) / err)
    pulls = np.array(pulls)
    assert np.all(np.abs(pulls.mean(axis=0)) < 0.2) and np.all(np.abs(pulls.std(axis=0) - 1) < 0.1)
    np.testing.assert_allclose(err, 0.05 / np.sqrt(np.sum(steps**4)), rtol=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": (3e-3, 6e-3)}, "does not divide"), ({"schemes": ("euler",)}, "unknown integrator"),
    ({"realisations": 1}, "--realisations"), ({"steps": (1e-3,)}, "at least two steps"),
    ({"nside": 3}, "power of 2"), ({"lmax": 99, "nside": 2}, "--lmax"),
    ({"sigma_realisations": 1}, "--sigma-realisations")])
def test_bad_study_input(kwargs, message):
    options = {"schemes": ("boris",), "steps": (5e-3, 1e-2), "realisations": 2, "nside": 1,
               "sigma_realisations": 2, "sigma_nside": 1, "n_modes": 8, "lmax": 2, "omega_max": 2.0,
               **kwargs}
    with pytest.raises(UsageError, match=message):
        bench_accuracy("quick", **options)


@pytest.mark.slow
def test_study_core_orders_reference_and_choice():
    """A small study: single-trajectory errors fall with the schemes' orders, the reference's own
    (scheme, step) has no error at all (same fields, same directions), the bound grows with h,
    and the choice is the cheapest passing row."""
    steps = (1e-3, 2.5e-3, 5e-3, 1e-2)
    study = bench_accuracy("quick", schemes=("boris", "boris4", "rk4"), steps=steps,
                           reference=("rk4", 1e-3), realisations=3, nside=2, sigma_realisations=4,
                           sigma_nside=2, n_modes=32, lmax=5, omega_max=30.0)
    rows = {(r["scheme"], r["step"]): r for r in study.rows}
    assert study.trajectory_times[0] == 1.0
    # the median error at Omega T = 1 (before chaos): order 2 for boris, higher for the triple jump
    e = [rows["boris", h]["trajectory_error"][0] for h in steps]
    orders = np.diff(np.log(e)) / np.diff(np.log(steps))
    assert np.all(np.abs(orders[:2] - 2) < 0.3) and orders[2] > 1.7, orders  # 1e-2: pre-asymptotic
    e4 = [rows["boris4", h]["trajectory_error"][0] for h in steps[1:]]
    assert np.all(np.diff(np.log(e4)) / np.diff(np.log(steps[1:])) > 3.3) and e4[0] < 1e-2 * e[1]
    same = rows["rk4", 1e-3]
    assert same["trajectory_error"] == [0.0] * len(study.trajectory_times)
    assert same["measured_over_sigma"] == 0.0
    for scheme in ("boris", "boris4"):
        bounds = [rows[scheme, h]["bound_over_sigma"] for h in steps]
        assert bounds == sorted(bounds) and bounds[0] > 0
    for largest in study.largest_steps:
        # r_L/n passes, r_L/(n - 1) would not: the bound scales as h^order from the studied rows
        n, order = largest["steps_per_gyroradius"], largest["order"]
        row = rows[largest["scheme"], steps[-1]]
        assert largest["bound_over_sigma"] < 1 / 3
        assert row["bound_over_sigma"] * (0.1 / (n - 1) / steps[-1]) ** order >= 1 / 3 or n == 2
    assert study.choice["campaign_cpu_seconds"] == min(r["campaign_cpu_seconds"] for r in study.largest_steps)
