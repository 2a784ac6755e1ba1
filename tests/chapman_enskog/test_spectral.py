"""numerics/chapman_enskog/spectral.py: the exact decay rate (slowest eigenvalue) and its Taylor
coefficients, against the Chapman–Enskog series and an independent Legendre discretisation."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.numerics.chapman_enskog import dispersion_relation, eigenvalue_series

mu = ce.mu


def _legendre_operator(k: float, size: int = 40) -> np.ndarray:
    """L - i k mu for D = 1 in the orthonormal Legendre basis, by hand: L p_l = -l(l+1) p_l and
    mu p_l = a_{l+1} p_{l+1} + a_l p_{l-1} with a_l = l / sqrt(4 l^2 - 1)."""
    l = np.arange(size)
    a = l[1:] / np.sqrt(4.0 * l[1:] ** 2 - 1)
    return np.diag(-l * (l + 1.0)).astype(complex) - 1j * k * (np.diag(a, 1) + np.diag(a, -1))


def _two_slowest(k: float) -> np.ndarray:
    w = scipy.linalg.eigvals(_legendre_operator(k))
    return w[np.argsort(-w.real)][:2]


def test_focused_spectrum_matches_focused_series():
    D = 2 / (2 + mu)
    gam = ce.isotropic_equation(D, 6, focusing=True)
    s = eigenvalue_series(D, 6, direction=(1.0, -0.7))
    for n in range(2, 7):
        ref = float(gam[n].subs({ce.d_z: 1.0, ce.sigma: -0.7}))
        assert s.coefficients[n].real == pytest.approx(ref, rel=1e-11)
        assert s.errors[n] < 1e-9 * abs(ref)


def test_dispersion_relation_agrees_with_a_legendre_discretisation_for_D_equal_1():
    k = np.array([0.3, 1.0, 1.8, 2.2])
    d = dispersion_relation("1", k)
    reference = np.array([_two_slowest(kk) for kk in k])
    assert np.allclose(d.exact.real, reference[:, 0].real, rtol=1e-11, atol=0)
    assert np.allclose(d.second.real, reference[:, 1].real, rtol=1e-11, atol=0)


def test_branch_point_where_the_two_slowest_rates_meet():
    """Below the branch point the two slowest eigenvalues are real and distinct, beyond it a
    complex-conjugate pair; located independently on the hand-built Legendre matrix."""
    gap = lambda kk: float(np.real(np.diff(_two_slowest(kk))[0] ** 2))  # noqa: E731
    reference = scipy.optimize.brentq(gap, 1.5, 2.2, xtol=1e-12)
    d = dispersion_relation("1", np.linspace(0, 2.4, 25))
    assert d.branch_point == pytest.approx(reference, rel=1e-9)
    before, after = d.k < d.branch_point, d.k > d.branch_point
    assert np.all(np.abs(d.exact.imag[before]) < 1e-12)
    assert np.all(d.exact.imag[after] > 0) and np.allclose(d.second[after], d.exact[after].conj())


def test_series_and_telegraph_approximate_the_exact_rate_at_small_k():
    """Partial sums to eps^N err by O(k^(N+2)); the telegraph root by O(k^6) (it matches
    the series to eps^4)."""
    d = dispersion_relation("abs(mu)^(1/2)", [0.05, 0.1], orders=(2, 4))
    for N, approx in ((2, d.series[2]), (4, d.series[4]), (4, d.telegraph)):
        err = np.abs(approx - d.exact)
        assert np.log2(err[1] / err[0]) == pytest.approx(N + 2, abs=0.3)
    assert d.branch_point is None                    # beyond the largest k
    assert d.telegraph_branch_point > 0


def test_bad_wavenumbers_are_refused():
    with pytest.raises(UsageError, match="k must be"):
        dispersion_relation("1", [-1.0])
    with pytest.raises(UsageError, match="order >= 1"):
        eigenvalue_series("1", 0)
