"""Monte Carlo of the generated particle SDE vs the Chapman–Enskog cumulant rates."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cranisotropy.numerics.chapman_enskog import monte_carlo as mc
from cranisotropy.numerics.chapman_enskog import campaign as val

mu = sp.Symbol("mu", real=True)


def test_driver_is_reproducible_and_thread_independent():
    from cranisotropy.kernels.generated.isotropic_focused_sde import isotropic_focused_sde_run

    steps = np.array([5, 10], dtype=np.int64)
    a = isotropic_focused_sde_run(0.0, 1.0, 50, 4, 0.01, steps, 7, np.zeros((4, 2, 2, 5)))
    b = isotropic_focused_sde_run(0.0, 1.0, 50, 4, 0.01, steps, 7, np.zeros((4, 2, 2, 5)))
    c = isotropic_focused_sde_run(0.0, 1.0, 50, 4, 0.01, steps, 8, np.zeros((4, 2, 2, 5)))
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.all(a[:, :, :, 0] == 50)            # every particle sampled at every time


def test_diffusion_rate_short_run():
    """kappa_2 grows at 2 c_2 = 1/3 (D = 1, eps = 1): a short run, 4 standard errors."""
    report = val.mc_agreement("1", sp.Integer(1), particles=20_000, check=(2,), dt=1e-2)
    row = report["rows"][1]
    assert row["stat_error"] < 0.02 * row["predicted"]
    assert report["ok"], report


@pytest.mark.slow
def test_hyperdiffusion_rate():
    report = val.mc_agreement("1", sp.Integer(1), particles=400_000, check=(2, 4))
    assert report["ok"], report


@pytest.mark.slow
def test_asymmetric_third_cumulant_and_focusing_drift():
    asym = val.mc_agreement("2/(2+mu)", 2 / (2 + mu), particles=200_000, check=(2, 3))
    focused = val.mc_agreement("1", sp.Integer(1), particles=200_000, sigma=0.5, check=(1, 2))
    assert asym["ok"] and focused["ok"], (asym, focused)


def test_predicted_focused_rates_reduce_to_series_at_sigma_zero():
    from cranisotropy.numerics.chapman_enskog.series import transport_series

    c = {n: x.value for n, x in transport_series(sp.Integer(1), 4).series.items()}
    plain = mc.predicted_rates(c)
    focused = val.predicted_focused_rates(sp.Integer(1), 0.0)
    for j in (1, 2, 3, 4):
        assert focused[j] == pytest.approx(plain[j], abs=1e-15)
