"""Functions on the sphere behind the multipole checks: quadrature, maps, rotations."""
import numpy as np
import pytest

from cranisotropy.numerics.multipoles import sphere


def test_quadrature_is_exact_for_low_degree():
    nodes, w = sphere.sphere_quadrature(6)
    assert w.sum() == pytest.approx(4 * np.pi, rel=1e-14)
    assert w @ nodes[:, 0] ** 4 == pytest.approx(4 * np.pi / 5, rel=1e-13)   # <x^4> = 1/5


def test_ring_correlation_at_zero_lag_is_the_mean_square():
    f = sphere.random_polynomial_map(np.random.default_rng(1), degree=3)
    nodes, w = sphere.sphere_quadrature(12)
    assert sphere.ring_correlation(f, 1e-8) == pytest.approx(w @ f(nodes) ** 2 / (4 * np.pi), rel=1e-8)


def test_double_integral_spectrum_of_a_dipole():
    cl = sphere.double_integral_spectrum(lambda p: p[:, 2], 2)
    np.testing.assert_allclose(cl, [0.0, 4 * np.pi / 9, 0.0], atol=1e-14)


def test_twist_map_preserves_area():
    twist = sphere.twist_map(np.random.default_rng(2))
    nodes, w = sphere.sphere_quadrature(80)
    # the pushed-forward uniform measure stays uniform: the mean of a smooth function is unchanged
    g = lambda p: np.exp(p[:, 0]) + p[:, 1] ** 2  # noqa: E731
    assert w @ g(twist(nodes)) == pytest.approx(w @ g(nodes), rel=1e-6)


def test_rotational_diffusion_relaxes_the_dipole_at_nu():
    p = sphere.rotational_diffusion(np.tile([0.0, 0.0, 1.0], (20000, 1)), 1.0, 0.5, 100, np.random.default_rng(3))
    mean, err = sphere.legendre_moments(p[:, 2], [1])[1]
    assert abs(mean - np.exp(-0.5)) < 4.5 * err


def test_legendre_operator_spectrum():
    vals = sphere.legendre_operator_eigenvalues(30)
    for order in range(1, 8):
        assert np.min(np.abs(vals - order * (order + 1))) < 1e-9


def test_white_noise_spectra_have_the_white_noise_level():
    cls = sphere.white_noise_spectra(8, 40, 6, seed=1)
    dof = 40 * sum(2 * ell + 1 for ell in range(2, 7))   # chi^2 degrees of freedom of the average
    weights = (2 * np.arange(2, 7) + 1) / (dof / 40)
    assert abs((cls[:, 2:] @ weights).mean() / (4 * np.pi / 768) - 1) < 4.5 * np.sqrt(2 / dof)
