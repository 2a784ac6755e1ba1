"""SI gyroradius, momentum and rigidity (numerics/backtrack/gyration.py) against orbits and limits."""
import math

import pytest
from scipy import constants as const

from cranisotropy.numerics.backtrack import gyration


@pytest.mark.parametrize("energy_ev, field", [(1e13, 3e-10), (1e11, 1e-9), (1e15, 5e-10)])
def test_gyroradius_formula_against_the_integrated_orbit(energy_ev, field):
    momentum = gyration.momentum_from_energy(energy_ev * const.e)
    assert gyration.gyroradius_by_integration(momentum, field) == pytest.approx(
        gyration.gyroradius(momentum, field), rel=1e-7)


def test_momentum_limits():
    # ultra-relativistic: p = E / c; non-relativistic (1 keV kinetic): p = sqrt(2 m K)
    assert gyration.momentum_from_energy(1e20 * const.e) == pytest.approx(1e20 * const.e / const.c, rel=1e-15)
    rest = const.m_p * const.c**2
    kinetic = 1e3 * const.e
    assert gyration.momentum_from_energy(rest + kinetic) == pytest.approx(
        math.sqrt(2 * const.m_p * kinetic), rel=1e-6)


def test_momentum_for_gyroradius_inverts_the_gyroradius():
    p = gyration.momentum_for_gyroradius(10 * const.parsec, 3e-10)
    assert gyration.gyroradius(p, 3e-10) == pytest.approx(10 * const.parsec, rel=1e-15)
    assert gyration.gyroradius(p, 3e-10, charge=2 * const.e) == pytest.approx(5 * const.parsec, rel=1e-15)
