"""Relative-diffusion sum rules and shot noise (seed 002 eqs. 1.1, 2.4-2.7, 3.1)."""
import healpy as hp
import numpy as np
import pytest

from cranisotropy import (diffusion_tensor_from_displacements, multipole_power_sums, multipole_shot_noise,
                          multipole_sum_rules, relative_diffusion_tensor_from_displacements, standard_dipole_power,
                          sum_rule_residuals)
from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.multipoles.relative_diffusion import (synthetic_displacement_fields,
                                                                 two_point_source_monte_carlo)
from cranisotropy.numerics.multipoles.sphere import healpix_directions


def test_relative_tensor_equals_pair_average():
    r = np.random.default_rng(1).normal(size=(3, 40, 3)) + 2.0
    T = 1.7
    pairs = np.mean([np.einsum("abi,abj->ij", x[:, None] - x[None], x[:, None] - x[None]) / (4 * T * 40**2) for x in r],
                    axis=0)
    np.testing.assert_allclose(relative_diffusion_tensor_from_displacements(r, T), pairs, rtol=1e-12)
    np.testing.assert_allclose(diffusion_tensor_from_displacements(r, T), np.einsum("rdi,rdj->ij", r, r) / (120 * 2 * T),
                               rtol=1e-12)


def test_sum_rules_against_healpy_spectrum():
    nside, T, g = 64, 3.0, np.array([0.2, 0.5, -0.4])
    r = synthetic_displacement_fields(nside, realisations=1, seed=5)[0]
    cl = hp.anafast(r @ g, iter=3)
    K_s, K_rel = diffusion_tensor_from_displacements(r, T), relative_diffusion_tensor_from_displacements(r, T)
    measured, predicted = multipole_power_sums(cl), multipole_sum_rules(K_s, K_rel, g, T)
    for key in ("total", "monopole", "multipoles"):
        assert measured[key] == pytest.approx(predicted[key], rel=5e-4)   # HEALPix pixel-average quadrature
    residuals = sum_rule_residuals(cl, K_s, K_rel, g, T)
    assert all(abs(v) < 5e-4 for v in residuals.relative_residual.to_dict().values())
    assert set(residuals.to_dict()) == {"measured", "predicted", "relative_residual"}


def test_shot_noise_of_white_noise_map():
    rng = np.random.default_rng(4)
    nside, T = 16, 7.0
    npix = hp.nside2npix(nside)
    K, g = np.diag([0.2, 0.3, 0.5]), np.array([0.0, 0.6, 0.8])
    sigma2 = 2 * T * g @ K @ g
    cls = np.array([hp.anafast(rng.normal(scale=np.sqrt(sigma2), size=npix), iter=1)[2:] for _ in range(20)])
    assert cls.mean() == pytest.approx(multipole_shot_noise(K, g, T, npix), rel=0.02)


def test_standard_dipole_power():
    rng = np.random.default_rng(6)
    K, g = rng.normal(size=(3, 3)), rng.normal(size=3)
    cl = hp.anafast(-3 * healpix_directions(32) @ K @ g, lmax=3, iter=3)
    assert standard_dipole_power(K, g) == pytest.approx(cl[1], rel=1e-8)


def test_two_point_source_monte_carlo():
    rng = np.random.default_rng(8)
    K, grad = rng.normal(size=(3, 3)), rng.normal(size=3)
    value, error = two_point_source_monte_carlo(K, grad, n_samples=50_000, seed=2)
    assert abs(value - grad @ K @ grad / (6 * np.pi)) < 4.5 * error


def test_symmetric_parts_only_and_bad_input():
    K = np.array([[1.0, 0.5, 0], [-0.5, 1.0, 0], [0, 0, 2.0]])
    assert multipole_sum_rules(K, np.zeros((3, 3)), [1, 1, 0], 2.0).total == pytest.approx(
        multipole_sum_rules(np.diag([1.0, 1.0, 2.0]), np.zeros((3, 3)), [1, 1, 0], 2.0).total, rel=1e-15)
    with pytest.raises(UsageError, match="K_s"):
        multipole_sum_rules(np.eye(2), np.eye(3), [1, 0, 0], 1.0)
    with pytest.raises(UsageError, match="T"):
        multipole_sum_rules(np.eye(3), np.eye(3), [1, 0, 0], -1.0)
    with pytest.raises(UsageError, match="cl"):
        multipole_power_sums([1.0])
    with pytest.raises(UsageError, match="displacements"):
        relative_diffusion_tensor_from_displacements(np.zeros((1, 3)), 1.0)
    with pytest.raises(UsageError, match="n_pix"):
        multipole_shot_noise(np.eye(3), [1, 0, 0], 1.0, 0)
