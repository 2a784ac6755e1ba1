"""Pure-numba J0/J1 (kernels/special.py) against mpmath."""
import mpmath as mp
import numpy as np
import pytest

from cranisotropy.kernels.special import j0, j1


def _points():
    rng = np.random.default_rng(7)
    return np.concatenate([
        np.linspace(-60.0, 60.0, 1201),
        10.0 ** rng.uniform(-12, 4, 600) * rng.choice([-1.0, 1.0], 600),
        [0.0, 1.5, np.nextafter(1.5, 2), 25.0, np.nextafter(25.0, 0), 1e-300],
    ])


@pytest.mark.parametrize("order, fn", [(0, j0), (1, j1)])
def test_bessel_absolute_accuracy(order, fn):
    """|J - J_mpmath| <= 3e-15 times the envelope max(|J|, sqrt(2/(pi x)) for x > 1)."""
    worst = 0.0
    for x in _points():
        ref = float(mp.besselj(order, mp.mpf(float(x))))
        envelope = max(abs(ref), float(np.sqrt(2.0 / (np.pi * abs(x)))) if abs(x) > 1 else 1e-300)
        worst = max(worst, abs(fn(float(x)) - ref) / envelope)
    assert worst <= 3e-15


@pytest.mark.parametrize("order, fn", [(0, j0), (1, j1)])
def test_bessel_relative_accuracy_away_from_zeros(order, fn):
    """Relative error <= 1e-14 where |J| is not small (series and small-argument region too)."""
    for x in np.concatenate([np.linspace(1e-8, 2.0, 200), 10.0 ** np.linspace(-300, -1, 50)]):
        ref = mp.besselj(order, mp.mpf(float(x)))
        assert abs(fn(float(x)) - float(ref)) <= 1e-14 * abs(float(ref))


def test_bessel_parity_and_limits():
    assert j0(0.0) == 1.0 and j1(0.0) == 0.0
    assert j1(-3.3) == -j1(3.3) and j0(-3.3) == j0(3.3)
    assert j0(np.inf) == 0.0 and j1(-np.inf) == 0.0
