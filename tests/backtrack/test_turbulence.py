"""Plane-wave turbulence (numerics/backtrack/turbulence.py, seed 002 Sec. 3): mean, variance, div B,
isotropy, spectrum, seeding."""
import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.turbulence import (MODE_BLOCK, PlaneWaves, TurbulenceSpectrum,
                                                       structure_function_slope)

SPECTRUM = TurbulenceSpectrum(n_modes=64, lambda_min=0.01, lambda_max=100.0, sigma2=1.7)


@pytest.fixture(scope="module")
def samples():
    """dB at 200 random points in each of 200 realisations."""
    rng = np.random.default_rng(12)
    out = []
    for _ in range(200):
        waves = SPECTRUM.realise(rng)
        out.append(waves.field(rng.uniform(-50, 50, (200, 3))))
    return np.array(out)  # (realisation, point, component)


def test_mean_zero_and_variance_sigma2(samples):
    per_real = samples.mean(axis=1)
    mean, sem = per_real.mean(axis=0), per_real.std(axis=0, ddof=1) / np.sqrt(len(per_real))
    assert np.all(np.abs(mean) < 4 * sem)
    b2 = np.sum(samples**2, axis=2).mean(axis=1)  # per realisation
    assert abs(b2.mean() - SPECTRUM.sigma2) < 4 * b2.std(ddof=1) / np.sqrt(len(b2))
    # the spatial mean square of one realisation is sum A_n^2 / 2 = sigma2 exactly (a real cosine
    # has mean square 1/2): check it with many points in one realisation
    waves = SPECTRUM.realise(np.random.default_rng(1))
    pts = np.random.default_rng(2).uniform(-2000, 2000, (200_000, 3))
    assert np.mean(np.sum(waves.field(pts) ** 2, axis=1)) == pytest.approx(SPECTRUM.sigma2, rel=0.02)


def test_isotropy(samples):
    cov = np.einsum("rpi,rpj->ij", samples, samples) / (samples.shape[0] * samples.shape[1])
    expected = SPECTRUM.sigma2 / 3 * np.eye(3)
    assert np.max(np.abs(cov - expected)) < 0.08 * SPECTRUM.sigma2


def test_divergence_free():
    waves = SPECTRUM.realise(np.random.default_rng(3))
    pts = np.random.default_rng(4).uniform(-5, 5, (500, 3))
    # analytic: k_n . a_n = 0 per mode (to round-off)
    k_dot_a = waves.kx * waves.ax + waves.ky * waves.ay + waves.kz * waves.az
    assert np.max(np.abs(k_dot_a)) < 1e-12 * np.max(np.abs(waves.kx))
    # numerically: central differences of the kernel field (h^2 error), relative to |grad B|
    h = 1e-5
    div = sum((waves.field(pts + h * e)[:, i] - waves.field(pts - h * e)[:, i]) / (2 * h)
              for i, e in enumerate(np.eye(3)))
    grad_scale = np.sqrt(np.sum(waves.kx**2 * (waves.ax**2 + waves.ay**2 + waves.az**2)))
    assert np.max(np.abs(div)) < 1e-4 * grad_scale
    assert np.max(np.abs(waves.divergence_reference(pts))) < 1e-11 * grad_scale


def test_spectrum_and_normalisation():
    k = SPECTRUM.wavenumbers()
    assert k[0] == pytest.approx(2 * np.pi / 100) and k[-1] == pytest.approx(2 * np.pi / 0.01)
    assert np.allclose(np.diff(np.log(k)), np.log(k[1] / k[0]))
    a2 = SPECTRUM.amplitudes() ** 2
    assert a2.sum() == pytest.approx(2 * SPECTRUM.sigma2, rel=1e-14)
    ratio = a2 / (k**3 / (1 + k ** SPECTRUM.gamma))
    assert np.allclose(ratio, ratio[0], rtol=1e-12)
    # the realised modes carry exactly these amplitudes and |k|
    waves = SPECTRUM.realise(np.random.default_rng(0))
    n = SPECTRUM.n_modes
    assert np.allclose(np.sqrt(waves.ax[:n]**2 + waves.ay[:n]**2 + waves.az[:n]**2), np.sqrt(a2), rtol=1e-13)
    assert np.allclose(np.sqrt(waves.kx[:n]**2 + waves.ky[:n]**2 + waves.kz[:n]**2), k, rtol=1e-13)


def test_structure_function_is_kolmogorov():
    """<|dB(x+r) - dB(x)|^2> propto r^(gamma-3) = r^(2/3) in the inertial range (independent of the weights)."""
    slope = structure_function_slope(TurbulenceSpectrum(256, lambda_min=1e-4, lambda_max=1e3),
                                     [1e-2, 3e-2, 1e-1], 40, np.random.default_rng(8))
    assert slope == pytest.approx(2 / 3, abs=0.06)


def test_seed_determines_the_field_and_padding_adds_nothing():
    a = SPECTRUM.realise(np.random.default_rng(9))
    b = SPECTRUM.realise(9)  # a seed or a generator
    assert all(np.array_equal(x, y) for x, y in zip(a.arrays(), b.arrays()))
    odd = TurbulenceSpectrum(n_modes=13).realise(np.random.default_rng(1))
    assert odd.kx.shape[0] % MODE_BLOCK == 0 and odd.n_modes == 13
    pts = np.random.default_rng(2).uniform(-1, 1, (50, 3))
    assert np.allclose(odd.field(pts), odd.field_reference(pts), rtol=0, atol=1e-12)
    assert all(a.ctypes.data % 64 == 0 for a in odd.arrays())
    assert np.array_equal(PlaneWaves.none().field(pts), np.zeros((50, 3)))


@pytest.mark.parametrize("kwargs, message", [
    ({"sigma2": 0.0}, "sigma"), ({"sigma2": -1.0}, "sigma"),
    ({"lambda_min": 2.0, "lambda_max": 1.0}, "smaller than lambda_max"),
    ({"n_modes": 0}, "modes"), ({"lambda_min": 0.0}, "lambda_min")])
def test_bad_spectrum_parameters(kwargs, message):
    with pytest.raises(UsageError, match=message):
        TurbulenceSpectrum(**kwargs)


def test_slab_geometry_wave_vectors_along_b0_and_the_same_spectrum():
    """Slab: k = +-k_n e_z exactly, amplitudes in the x-y plane, the field depends on z alone,
    <db^2> = sigma^2 and the same mode amplitudes as the isotropic geometry."""
    slab = TurbulenceSpectrum(n_modes=32, sigma2=0.3, geometry="slab")
    iso = TurbulenceSpectrum(n_modes=32, sigma2=0.3)
    np.testing.assert_array_equal(slab.amplitudes(), iso.amplitudes())
    waves = slab.realise(5)
    n = waves.n_modes
    assert not np.any(waves.kx[:n]) and not np.any(waves.ky[:n]) and not np.any(waves.az[:n])
    np.testing.assert_allclose(np.abs(waves.kz[:n]), slab.wavenumbers(), rtol=1e-15)
    assert 0 < np.sum(waves.kz[:n] > 0) < n                       # both signs occur
    rng = np.random.default_rng(2)
    x = rng.uniform(-50, 50, (64, 3))
    shifted = x + np.column_stack([rng.uniform(-9, 9, (64, 2)), np.zeros(64)])
    np.testing.assert_array_equal(waves.field(x), waves.field(shifted))
    z = np.column_stack([np.zeros((4000, 2)), rng.uniform(-1e4, 1e4, 4000)])
    mean_square = np.mean([np.sum(slab.realise(i).field(z) ** 2, axis=1).mean() for i in range(20)])
    assert abs(mean_square / 0.3 - 1) < 0.05
    with pytest.raises(UsageError, match="geometry"):
        TurbulenceSpectrum(geometry="helical")
