"""numerics/beam/scattering.py: quadratures of the Goldreich–Sridhar D_mumu (seed 001 eqs. 1-5)."""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import cranisotropy as c
from cranisotropy.numerics.beam.scattering import gs_spectrum_integral


def test_atan2_integrand_equals_the_two_arctangents_of_the_resonances():
    """The kernel's atan2 form against the plain sum of arctangents of the n = +-1 resonances,
    written out here and evaluated in 30-digit arithmetic (where their cancellation costs nothing)."""
    from cranisotropy.kernels.generated.beam_scattering_integrand import beam_scattering_integrand

    rng = np.random.default_rng(3)
    for _ in range(50):
        kappa, mu = 10 ** rng.uniform(0, 3), rng.uniform(0.05, 0.95)
        eps, delta = 10 ** rng.uniform(-3, -1), 10 ** rng.uniform(-2, 0)
        with mp.workdps(30):
            k, m, e, d = map(mp.mpf, (kappa, mu, eps, delta))
            A = k ** (-mp.mpf(2) / 3) / e
            bracket = mp.atan((m + A) / d) + mp.atan((m - A) / d)
            z = k * e * mp.sqrt(1 - m * m)
            expected = float(2 * (1 - m * m) / (3 * e**2 * m) * k ** (-mp.mpf(7) / 3)
                             * (mp.besselj(1, z) / z) ** 2 * bracket)
        assert beam_scattering_integrand(kappa, mu, eps, delta) == pytest.approx(expected, rel=1e-11)


def test_gs_spectrum_integrates_to_one():
    assert gs_spectrum_integral(1.7, 0.3) == pytest.approx(1.0, abs=1e-8)
    assert gs_spectrum_integral(0.6, 0.9) == pytest.approx(1.0, abs=1e-8)


def _peak_profile_dlmf(y: float) -> float:
    """G(y) = (4/3) y^(4/3) [M(13/3) - sum_k a_k y^(2k+3-13/3)/(2k+3-13/3)]: the power series of
    J_1^2 (DLMF 10.8.3) integrated term by term, and M the continued Mellin transform of J_1^2
    (DLMF 10.22.57); entire in y, summed in 30-digit arithmetic."""
    with mp.workdps(30):
        y, s = mp.mpf(y), mp.mpf(13) / 3
        M = mp.gamma(s) * mp.gamma((3 - s) / 2) / (2**s * mp.gamma((1 + s) / 2) ** 2 * mp.gamma((3 + s) / 2))
        f = mp.factorial
        tail = mp.nsum(lambda k: (-1) ** k * f(2 * k + 2) / (f(k) * f(k + 2) * f(k + 1) ** 2 * 2 ** (2 * k + 2))
                       * y ** (2 * k + 3 - s) / (2 * k + 3 - s), [0, mp.inf])
        return float(mp.mpf(4) / 3 * y ** (mp.mpf(4) / 3) * (M - tail))


@pytest.mark.parametrize("y", [0.3, 2.0, 8.0])
def test_peak_profile_quadrature_against_the_dlmf_series(y):
    assert c.gs_peak_profile(y) == pytest.approx(_peak_profile_dlmf(y), rel=1e-11)


def test_peak_profile_against_its_small_y_expansion():
    from cranisotropy.derivations.beam import scattering as bs

    y = 1e-3
    series = sum(float(coef) * y ** float(p) for p, coef in bs.peak_profile_expansion().items())
    assert c.gs_peak_profile(y) == pytest.approx(series, rel=1e-12)


def test_small_delta_part_of_the_quadrature_is_the_derived_eq3():
    mu, eps, delta = 0.5, 1e-8, 1e-8
    d = c.gs_scattering_coefficient(mu, eps, delta) - c.gs_scattering_coefficient(mu, eps, 0.0)
    assert d / float(c.gs_scattering_forms(mu, eps, delta).small_delta) == pytest.approx(1.0, abs=1e-6)


def test_arrays_keep_their_shape_and_d_is_even_in_mu():
    mu = np.array([[0.3, -0.3], [0.7, -0.7]])
    d = c.gs_scattering_coefficient(mu, 1e-3, 1e-4)
    assert d.shape == (2, 2) and np.allclose(d[:, 0], d[:, 1], rtol=1e-15, atol=0)
    forms = c.gs_scattering_forms(mu, 1e-3, 1e-4)
    assert forms.bessel_peak.shape == forms.small_delta.shape == (2, 2)


@pytest.mark.parametrize("call, fragment", [
    (lambda: c.gs_scattering_coefficient(1.0, 1e-3, 1e-4), "mu"),
    (lambda: c.gs_scattering_coefficient(0.0, 1e-3, 1e-4), "mu"),
    (lambda: c.gs_scattering_coefficient(0.5, 0.0, 1e-4), "eps"),
    (lambda: c.gs_scattering_coefficient(0.5, 1e-3, -1.0), "delta"),
    (lambda: c.gs_peak_profile(0.0), "y"),
    (lambda: c.gs_scattering_forms(1.5, 1e-3, 1e-4), "mu"),
])
def test_bad_input_is_a_usage_error_naming_the_value(call, fragment):
    with pytest.raises(c.UsageError, match=fragment):
        call()
