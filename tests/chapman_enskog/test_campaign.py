"""numerics/chapman_enskog/campaign.py: the rows of ``validate chapman-enskog`` (series against
the spectral Taylor coefficients, double precision and mpmath)."""
from __future__ import annotations

import pytest

from cranisotropy.numerics.chapman_enskog import campaign as val


@pytest.mark.parametrize("label, D, digits", [c for c in val.SPECTRAL_CASES
                                              if c[0] in ("1", "|mu|^(2/3)  (q = 5/3)")])
def test_double_precision_digits(label, D, digits):
    report = val.spectral_agreement(label, D, digits)
    assert report["digits"] >= digits, report


def test_mpmath_digits_isotropic():
    label, D, coeffs, digits, size = val.MP_CASES[0]
    report = val.mp_agreement(label, D, coeffs, digits, size)
    assert report["digits"] >= digits and report["reference"] == "exact rationals", report


def test_series_digits_measures_vanishing_orders_against_the_series_size():
    digits, per = val.series_digits({1: 0.0, 2: 0.5, 3: 0.0, 4: -0.1}, [0, 0, 0.5, 5e-13, -0.1], 4)
    assert per[3] == pytest.approx(1e-12) and digits == pytest.approx(12)


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


@pytest.mark.slow
def test_quick_validation_passes_and_writes_the_figure_where_asked(tmp_path):
    report = val.validate_chapman_enskog(20_000, quick=True, figure_dir=tmp_path)
    assert report.ok and report.figure == str(tmp_path / "chapman_enskog_dispersion.png")
