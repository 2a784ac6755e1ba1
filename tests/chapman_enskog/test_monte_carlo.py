"""numerics/chapman_enskog/monte_carlo.py: Monte Carlo of the generated particle SDE against the
cumulant rates the Chapman–Enskog series predicts."""
from __future__ import annotations

import math

import pytest
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.chapman_enskog import (cumulant_rates, predicted_cumulant_rates,
                                                  transport_coefficients)


def test_predicted_rates_for_D_equal_1_by_hand():
    """A density with d n/dt = sum_n c_n d^n n/dz^n has the cumulant generating function
    log M(lambda, t) = t sum_n c_n (-lambda)^n + const, so d kappa_j/dt = j! (-1)^j c_j:
    with c_2 = 1/6 and c_4 = -11/1080 (D = 1), 1/3 and -11/45; odd rates vanish."""
    rates = predicted_cumulant_rates(transport_coefficients("1"))
    assert rates == pytest.approx({1: 0.0, 2: 1 / 3, 3: 0.0, 4: -11 / 45}, rel=1e-15, abs=1e-300)


def test_focused_prediction_conserves_particles():
    """At lambda = -sigma the moment generating function is that of f0 at zero wavenumber,
    int f0 dz, which is constant (gamma_n(0) = 0): sum_j rate_j (-sigma)^j / j! = 0 when all
    orders are kept."""
    r = transport_coefficients("2/(2 + mu)", 8, sigma=0.5)
    rates = predicted_cumulant_rates(r, orders=range(1, 9))
    total = sum(rate * (-0.5) ** j / math.factorial(j) for j, rate in rates.items())
    assert abs(total) < 1e-15


def test_diffusion_rate_short_run():
    """kappa_2 grows at 2 c_2 = 1/3 (D = 1, eps = 1): a short run, within 4 standard errors."""
    r = cumulant_rates("1", particles=20_000, dt=1e-2, seed=11)
    assert r.errors[2] < 0.02 / 3
    assert abs(r.rates[2] - 1 / 3) < 4 * r.errors[2]


def test_same_seed_same_result():
    a = cumulant_rates("2/(2 + mu)", particles=400, batches=4, t_end=4.0, window=(2.0, 4.0), seed=3)
    b = cumulant_rates("2/(2 + mu)", particles=400, batches=4, t_end=4.0, window=(2.0, 4.0), seed=3)
    assert a.rates == b.rates and a.errors == b.errors


@pytest.mark.parametrize("D, kwargs, fragment", [
    ("abs(mu)^(2/3)", {}, "inside \\(-1, 1\\)"),
    (lambda m: 1.0, {}, "formula"),
    ("1", {"batches": 2}, "batches >= 4"),
    ("1", {"window": (4.0, 20.0)}, "window"),
    ("1", {"seed": -1}, "seed must be >= 0"),
])
def test_bad_arguments_are_refused(D, kwargs, fragment):
    with pytest.raises(UsageError, match=fragment):
        cumulant_rates(D, particles=400, **kwargs)


@pytest.mark.slow
def test_hyperdiffusion_rate():
    from cranisotropy.numerics.chapman_enskog.campaign import mc_agreement

    report = mc_agreement("1", sp.Integer(1), particles=400_000, check=(2, 4))
    assert report["ok"], report


@pytest.mark.slow
def test_asymmetric_third_cumulant_and_focusing_drift():
    from cranisotropy.numerics.chapman_enskog.campaign import mc_agreement

    asym = mc_agreement("2/(2+mu)", "2/(2 + mu)", particles=200_000, check=(2, 3))
    focused = mc_agreement("1", "1", particles=200_000, sigma=0.5, check=(1, 2))
    assert asym["ok"] and focused["ok"], (asym, focused)
