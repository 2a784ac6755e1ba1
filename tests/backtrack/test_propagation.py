"""The pipeline pieces (numerics/backtrack/propagation.py): field, propagators, the observer."""
import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.propagation import (PROPAGATORS, Boris, MagneticField, ParticleState, trace,
                                                         backtrack, propagator)
from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum


@pytest.fixture(scope="module")
def turbulent_field():
    waves = TurbulenceSpectrum(64, lambda_min=0.01, lambda_max=100.0).realise(np.random.default_rng(5))
    return MagneticField((0.0, 0.0, 1.0), waves)


def test_backtrack_is_independent_of_batching(turbulent_field):
    d = np.random.default_rng(4).normal(size=(37, 3))
    d /= np.linalg.norm(d, axis=1)[:, None]
    a = backtrack(d, turbulent_field, Boris(1e-3), 0.1, [0, 7, 300])
    b = backtrack(d, turbulent_field, Boris(1e-3), 0.1, [0, 7, 300], batch=5, chunk_steps=13)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert np.array_equal(a[1][0], d)  # recorded p(0) is the arrival direction


def test_backtracking_retraces_a_forward_trajectory(turbulent_field):
    """Forward-propagate a proton, then backtrack from its end point: back to the start."""
    u0 = np.array([[0.48, 0.6, 0.64]])
    state = ParticleState.launch(np.zeros((1, 3)), u0)
    PROPAGATORS["boris"](1e-3).advance(state, turbulent_field, kappa=10.0, n_steps=500)
    end, arrival = state.positions()[0], state.directions()[0]
    # charge flipped, momentum reversed, started where the forward trajectory arrived
    state = ParticleState.launch(end[None], -arrival[None])
    PROPAGATORS["boris"](1e-3).advance(state, turbulent_field, kappa=-10.0, n_steps=500)
    assert np.max(np.abs(state.positions()[0])) < 1e-12
    assert np.max(np.abs(-state.directions()[0] - u0[0])) < 1e-12



def test_propagator_by_name():
    assert propagator("boris", 1e-3) == Boris(1e-3)
    assert propagator("rk4", 1e-3).field_evaluations_per_step == 4
    assert {propagator(name, 1e-3).name for name in PROPAGATORS} == set(PROPAGATORS)


@pytest.mark.parametrize("call, message", [
    (lambda: propagator("euler", 1e-3), "unknown integrator 'euler'"),
    (lambda: propagator("boris", 0.0), "step must be a number > 0"),
    (lambda: MagneticField((0.0, 1.0)), "3 finite numbers"),
    (lambda: MagneticField((0.0, float("nan"), 1.0)), "3 finite numbers"),
    (lambda: ParticleState.launch(np.zeros((2, 3)), np.zeros((3, 3))), "2 positions but 3 directions"),
    (lambda: backtrack([[0, 0, 1]], MagneticField(), Boris(1e-3), 0.0, [0]), "gyroradius"),
    (lambda: backtrack([[0, 0, 1]], MagneticField(), Boris(1e-3), 0.1, [5, 2]), "non-decreasing"),
    (lambda: backtrack([[0, 0, 1]], MagneticField(), Boris(1e-3), 0.1, [0], charge_sign=2), "charge_sign")])
def test_bad_input_is_a_usage_error(call, message):
    with pytest.raises(UsageError, match=message):
        call()


def test_trace_forward_is_backtracking_with_the_charge_and_momentum_reversed():
    """backtrack(p0, q) = trace from the origin with -p0 and -q, momenta reversed (time reversal)."""
    waves = TurbulenceSpectrum(n_modes=16, sigma2=0.5).realise(3)
    field = MagneticField((0.0, 0.0, 1.0), waves)
    p0 = np.array([[0.6, 0.0, 0.8], [0.0, -1.0, 0.0]])
    r_back, p_back = backtrack(p0, field, propagator("boris", 1e-3), 0.2, [0, 50, 400])
    r_fwd, p_fwd = trace(np.zeros((2, 3)), -p0, field, propagator("boris", 1e-3), 0.2, [0, 50, 400], charge_sign=-1)
    np.testing.assert_array_equal(r_back, r_fwd)
    np.testing.assert_array_equal(p_back, -p_fwd)
    seen = []
    assert trace(np.zeros((2, 3)), p0, field, propagator("boris", 1e-3), 0.2, [0, 10], batch=1,
                 observer=lambda k, rows, state: seen.append((k, rows.start, len(state)))) is None
    assert seen == [(0, 0, 1), (1, 0, 1), (0, 1, 1), (1, 1, 1)]
