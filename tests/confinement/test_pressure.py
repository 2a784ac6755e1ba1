"""The CR partial pressure of eq. (3) (numerics/confinement/pressure.py)."""
from __future__ import annotations

import math

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import pressure


def test_quadrature_against_closed_form():
    # f = p^-5 on [1, 3]: (4 pi/3) int v p^-1 d ln p = (4 pi/3) int dp / (p sqrt(1 + p^2))
    exact = 4 * math.pi / 3 * (math.asinh(1.0) - math.asinh(1 / 3))
    assert pressure.pressure_quadrature(5.0, 1.0, 3.0) == pytest.approx(exact, rel=1e-12)


def test_monte_carlo_is_seeded_and_agrees():
    a = pressure.pressure_monte_carlo(4.2, 0.5, 50.0, n_samples=50_000, seed=3)
    assert a == pressure.pressure_monte_carlo(4.2, 0.5, 50.0, n_samples=50_000, seed=3)
    mc, err = a
    assert abs(mc - pressure.pressure_quadrature(4.2, 0.5, 50.0)) < 5 * err


@pytest.mark.parametrize("args", [(4.0, 2.0, 1.0), (4.0, 0.0, 1.0), (3.0, 1.0, 2.0)])
def test_bad_input(args):
    with pytest.raises(UsageError):
        pressure.pressure_quadrature(*args)
