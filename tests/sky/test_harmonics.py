"""Spherical harmonics in numbers (numerics/sky/harmonics.py; seed 004 eqs. 14-15)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy.numerics.sky import harmonics


def test_normalized_legendre_matches_scipy():
    from scipy.special import sph_harm_y

    x = np.linspace(-0.99, 0.99, 7)
    for m in (0, 1, 3):
        ours = harmonics.normalized_legendre(8, m, x)
        for l in range(m, 9):
            assert np.allclose(ours[l], sph_harm_y(l, m, np.arccos(x), 0.0).real, atol=1e-13)
    assert not harmonics.normalized_legendre(2, 3, x).any()


def test_quadrature_multipoles_of_a_dipole_and_a_quadrupole():
    """cos(theta) = sqrt(4 pi/3) Y_10; sin^2(theta) cos(2 phi) = sqrt(32 pi/15) Re Y_22 (Condon-Shortley)."""
    alm = harmonics.alm_by_quadrature(lambda t, p: np.cos(t) + np.sin(t) ** 2 * np.cos(2 * p), 3, nodes=6)
    assert alm[(1, 0)] == pytest.approx(math.sqrt(4 * math.pi / 3), rel=1e-14)
    assert alm[(2, 2)] == pytest.approx(math.sqrt(32 * math.pi / 15) / 2, rel=1e-14)
    others = [abs(v) for k, v in alm.items() if k not in ((1, 0), (2, 2), (2, -2))]
    assert max(others) < 1e-14


def test_spherical_harmonic_of_the_derivation_keeps_the_sign_of_odd_m():
    """sympy's Ynm(l, m, pi/2 - delta, .) flips odd m once expanded; the derivation's must not."""
    from scipy.special import sph_harm_y

    from cranisotropy.derivations.sky import observation as d

    for l, m in ((1, 1), (2, 1), (3, -3)):
        value = complex(d.spherical_harmonic(l, m).subs({d.alpha: 0.5, d.delta: 0.3}).evalf())
        assert value == pytest.approx(complex(sph_harm_y(l, m, math.pi / 2 - 0.3, 0.5)), abs=1e-15)
