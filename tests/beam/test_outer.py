"""numerics/beam/outer.py: the outer eigenproblem (seed 001 eqs. 8-11) by independent methods."""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

import cranisotropy as c
from cranisotropy.numerics.beam.outer import (outer_constants_mp, outer_correction_by_differentiation,
                                              outer_correction_quadrature, outer_eigenvalue_mp)


@pytest.fixture(scope="module")
def lambda1_mp():
    return c.outer_eigenvalue(digits=40)


@pytest.fixture(scope="module")
def mode():
    return c.outer_mode(0.0)


def _galerkin_mp(size: int, guess: float, dps: int = 45) -> mp.mpf:
    """lambda of eq. (9) (u = 0) by Legendre-Galerkin in mpmath: an independent high-precision route.

    Orthonormal Legendre p_n (n >= 2: the lambda = 0 mode and the u = 0 constraint remove p_0, p_1)
    diagonalise the stiffness n(n+1); mu p_n couples n and n+1 with (n+1)/sqrt((2n+1)(2n+3))
    (Bonnet's recurrence).  The eigenvalue is the root of the continuant of T - sigma, sigma = 1/lambda.
    """
    with mp.workdps(dps):
        n = range(2, size + 1)
        scale = [1 / mp.sqrt(k * (k + 1)) for k in n]
        off = [(k + 1) / mp.sqrt((2 * k + 1) * (2 * k + 3)) * scale[i] * scale[i + 1]
               for i, k in enumerate(list(n)[:-1])]

        def continuant(s):
            p0, p1 = mp.mpf(1), -s
            for e in off:
                p0, p1 = p1, -s * p1 - e**2 * p0
            return p1

        return 1 / mp.findroot(continuant, 1 / mp.mpf(guess))


def test_lambda1_to_30_digits_by_two_methods(lambda1_mp):
    galerkin = _galerkin_mp(48, 14.528)
    assert abs(galerkin - _galerkin_mp(40, 14.528)) < mp.mpf(10) ** -33  # converged in the basis
    assert abs(lambda1_mp - galerkin) / galerkin < mp.mpf(10) ** -31
    assert abs(outer_eigenvalue_mp(14.53, 0, 32) - lambda1_mp) < mp.mpf(10) ** -31  # another start


def test_lambda1_double_vs_mpmath(lambda1_mp):
    spec = c.outer_spectrum(0.0, 5)
    assert spec.lambda1 == pytest.approx(float(lambda1_mp), rel=1e-14)
    np.testing.assert_allclose(spec.positive, -spec.negative, rtol=1e-13)
    assert spec.positive[1] == pytest.approx(float(c.outer_eigenvalue(2, digits=20)), rel=1e-13)


@pytest.mark.parametrize("u", [0.05, -0.05, 0.2])
def test_drift_spectrum_double_vs_mpmath(u):
    spec = c.outer_spectrum(u, 3)
    assert spec.lambda1 == pytest.approx(float(c.outer_eigenvalue(1, u, digits=25)), rel=1e-13)
    assert spec.diffusive * u < 0  # on the side of -u


def test_diffusive_eigenvalue_is_minus_u_over_kappa():
    """Diffusion limit of eq. (6): u f' = kappa f'' with the standard (Hasselmann-Wibberenz)
    kappa = (1/8) int (1-mu^2)^2/D_mumu dmu, here D_mumu = 1 - mu^2; so lambda = -u/kappa."""
    x, w = np.polynomial.legendre.leggauss(8)
    kappa = np.sum(w * (1 - x**2) ** 2 / (1 - x**2)) / 8
    assert c.outer_spectrum(1e-6, 1).diffusive / 1e-6 == pytest.approx(-1 / kappa, rel=1e-5)


def test_U1_and_normalisation(mode, lambda1_mp):
    consts = outer_constants_mp(lambda1_mp, 0, 30)
    assert mode(1.0) == pytest.approx(1.0, abs=1e-14)
    assert mode.U1 == pytest.approx(float(consts["U1"]), rel=1e-13)
    assert mode(-1.0) == pytest.approx(float(consts["Phi_minus1"]), rel=1e-11)
    assert mode.dlambda_over_b2 == pytest.approx(float(consts["dlambda_over_b2"]), rel=1e-13)
    # U(1) = (1/lambda) int (1-mu^2) Phi'^2 > 0 (weighted-norm identity), by Gauss quadrature
    x, w = np.polynomial.legendre.leggauss(80)
    assert mode.U1 == pytest.approx(np.sum(w * (1 - x**2) * mode.derivative(x) ** 2) / mode.eigenvalue, rel=1e-12)


def test_first_order_correction_three_ways(mode):
    corr = c.outer_correction(mode)
    for m in (-0.7, 0.0, 0.5):
        assert float(corr(m)) == pytest.approx(outer_correction_quadrature(mode, m), rel=1e-8)
        assert float(corr(m)) == pytest.approx(outer_correction_by_differentiation(mode, m), rel=1e-6)
    x1, x2 = 1e-8, 1e-6
    slope = float(corr(1 - x1) - corr(1 - x2)) / math.log(x1 / x2)
    assert slope == pytest.approx(mode.U1 / 2, rel=1e-3)  # U(1)/(2 Phi(1)), Phi(1) = 1


def test_higher_modes_have_more_zeros():
    """Sturm-Liouville: the k-th positive mode has k zeros in (-1, 1)."""
    mu = np.linspace(-1, 1, 4001)
    for k in (1, 2, 3):
        phi = c.outer_mode(index=k)(mu)
        assert np.count_nonzero(np.diff(np.sign(phi))) == k


@pytest.mark.parametrize("call, fragment", [
    (lambda: c.outer_spectrum(u=1.0), "u"), (lambda: c.outer_spectrum(count=0), "count"),
    (lambda: c.outer_mode(index=0), "index"), (lambda: c.outer_eigenvalue(digits=0), "digits"),
    (lambda: c.outer_correction(c.outer_mode(), mu_max=1.0), "mu_max"),
])
def test_bad_input_is_a_usage_error_naming_the_value(call, fragment):
    with pytest.raises(c.UsageError, match=fragment):
        call()
