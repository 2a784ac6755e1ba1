"""Independent check: Taylor coefficients of the slowest eigenvalue (spectral, Cauchy) equal the
Chapman–Enskog coefficients."""
from __future__ import annotations

import pytest
import sympy as sp

from cranisotropy.numerics.chapman_enskog import campaign as val

mu = sp.Symbol("mu", real=True)


@pytest.mark.parametrize("label, D, digits", [c for c in val.SPECTRAL_CASES
                                              if c[0] in ("1", "|mu|^(2/3)  (q = 5/3)")])
def test_double_precision_digits(label, D, digits):
    report = val.spectral_agreement(label, D, digits)
    assert report["digits"] >= digits, report


def test_focused_spectrum_matches_focused_series():
    from cranisotropy.derivations.chapman_enskog import hierarchy as ce
    from cranisotropy.numerics.chapman_enskog.series import scattering_profile
    from cranisotropy.numerics.chapman_enskog.spectral import spectral_series

    D = 2 / (2 + mu)
    gam = ce.isotropic_equation(D, 6, focusing=True)
    coeffs, _ = spectral_series(scattering_profile(D), 6, direction=(1.0, -0.7))
    for n in range(2, 7):
        ref = float(gam[n].subs({ce.d_z: 1.0, ce.sigma: -0.7}))
        assert abs(coeffs[n].real - ref) <= 1e-11 * abs(ref)


def test_mpmath_digits_isotropic():
    label, D, coeffs, digits, size = val.MP_CASES[0]
    report = val.mp_agreement(label, D, coeffs, digits, size)
    assert report["digits"] >= digits, report


@pytest.mark.slow
def test_mpmath_digits_polynomial_D():
    label, D, coeffs, digits, size = val.MP_CASES[1]
    report = val.mp_agreement(label, D, coeffs, digits, size)
    assert report["digits"] >= digits, report


@pytest.mark.slow
@pytest.mark.parametrize("label, D, digits", val.SPECTRAL_CASES)
def test_double_precision_digits_all(label, D, digits):
    report = val.spectral_agreement(label, D, digits)
    assert report["digits"] >= digits, report
