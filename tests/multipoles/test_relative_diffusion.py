"""Relative-diffusion sum rules and shot noise (seed 002 eqs. 1.1, 2.4-2.7, 3.1)."""
import healpy as hp
import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.multipoles import relative_diffusion as rd


def _pixels(nside):
    return np.array(hp.pix2vec(nside, np.arange(hp.nside2npix(nside)))).T


def test_relative_tensor_equals_pair_average():
    rng = np.random.default_rng(1)
    r = rng.normal(size=(3, 40, 3)) + 2.0
    T = 1.7
    pairs = np.mean([np.einsum("abi,abj->ij", x[:, None] - x[None], x[:, None] - x[None]) / (4 * T * 40**2) for x in r], axis=0)
    np.testing.assert_allclose(rd.relative_diffusion_tensor_from_displacements(r, T), pairs, rtol=1e-12)
    np.testing.assert_allclose(rd.diffusion_tensor_from_displacements(r, T),
                               np.einsum("rdi,rdj->ij", r, r) / (120 * 2 * T), rtol=1e-12)


def test_sum_rules_against_healpy_spectrum():
    rng = np.random.default_rng(2)
    nside, T = 64, 3.0
    g = np.array([0.2, 0.5, -0.4])
    ell = np.arange(6)
    np.random.seed(5)
    r = np.stack([hp.synfast(1 / (1 + ell) ** 2, nside, lmax=5) + rng.normal() for _ in range(3)], axis=1)
    cl = hp.anafast(r @ g, iter=3)
    measured = rd.power_sums(cl)
    predicted = rd.sum_rules(rd.diffusion_tensor_from_displacements(r, T),
                             rd.relative_diffusion_tensor_from_displacements(r, T), g, T)
    for key in predicted:
        assert measured[key] == pytest.approx(predicted[key], rel=5e-4)   # HEALPix pixel-average quadrature
    residuals = rd.sum_rule_residuals(cl, rd.diffusion_tensor_from_displacements(r, T),
                                      rd.relative_diffusion_tensor_from_displacements(r, T), g, T)
    assert all(abs(v["relative_residual"]) < 5e-4 for v in residuals.values())


def test_shot_noise_of_white_noise_map():
    rng = np.random.default_rng(4)
    nside = 16
    npix = hp.nside2npix(nside)
    K = np.diag([0.2, 0.3, 0.5])
    g = np.array([0.0, 0.6, 0.8])
    T = 7.0
    sigma2 = 2 * T * g @ K @ g
    cls = np.array([hp.anafast(rng.normal(scale=np.sqrt(sigma2), size=npix), iter=1)[2:] for _ in range(20)])
    assert cls.mean() == pytest.approx(rd.shot_noise(K, g, T, npix), rel=0.02)


def test_standard_dipole_power():
    rng = np.random.default_rng(6)
    K, g = rng.normal(size=(3, 3)), rng.normal(size=3)
    cl = hp.anafast(-3 * _pixels(32) @ K @ g, lmax=3, iter=3)
    assert rd.standard_dipole_power(K, g) == pytest.approx(cl[1], rel=1e-8)


def test_symmetric_parts_only_and_bad_input():
    K = np.array([[1.0, 0.5, 0], [-0.5, 1.0, 0], [0, 0, 2.0]])
    assert rd.total_power(K, [1, 1, 0], 2.0) == pytest.approx(rd.total_power(np.diag([1.0, 1.0, 2.0]), [1, 1, 0], 2.0))
    with pytest.raises(UsageError):
        rd.sum_rules(np.eye(2), np.eye(3), [1, 0, 0], 1.0)
    with pytest.raises(UsageError):
        rd.total_power(np.eye(3), [1, 0, 0], -1.0)
    with pytest.raises(UsageError):
        rd.power_sums([1.0])
    with pytest.raises(UsageError):
        rd.relative_diffusion_tensor_from_displacements(np.zeros((1, 3)), 1.0)
