"""Event counts and their reconstruction (numerics/sky/reconstruction.py; seed 004 eqs. 3-4, 8-12)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy.numerics.sky import reconstruction as rec


def test_on_off_estimator_is_unbiased_and_seeded():
    est = rec.on_off_estimates(1.002, 0.1, 1e8, 5000, seed=3)
    assert abs(est.mean() - 1.002) < 4 * est.std() / math.sqrt(est.size)
    assert np.array_equal(est, rec.on_off_estimates(1.002, 0.1, 1e8, 5000, seed=3))


def test_monte_carlo_significance_follows_li_ma_for_small_excesses():
    """Li & Ma's S ~ sqrt(N_on/(1 + alpha)) dI, from their eq. 17 expanded by hand (not by our derivation)."""
    for n_on, ratio, excess in ((1e6, 0.25, 3e-3), (4e6, 1.0, 1e-3)):
        expected = math.sqrt(n_on / (1 + ratio)) * excess
        assert rec.significance_monte_carlo(n_on, ratio, excess, 40000, seed=4) == pytest.approx(expected, abs=0.05)


def test_declination_rescaling_is_invisible_and_a_right_ascension_one_is_not():
    assert rec.reconstruction_residual(lambda n: 1 + 0.3 * n[2] - 0.2 * n[2] ** 2) < 1e-13
    assert rec.reconstruction_residual(lambda n: 1 + 0.3 * n[0]) > 1e-2
    assert rec.reconstruction_residual(lambda n: np.exp(n[2]), latitude=-60.0, b=0.5, c=3.0) < 1e-13
