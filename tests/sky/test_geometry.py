"""Field of view and local frame (numerics/sky/geometry.py; seed 004 eqs. 2, 5-7, 20-23)."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from cranisotropy import Band, UsageError
from cranisotropy.numerics.sky import geometry


def test_band_refuses_bad_edges_naming_the_value():
    with pytest.raises(UsageError, match="dec_min must be a declination in \\[-90, 90\\] degrees, got -91"):
        Band(-91.0, 10.0)
    with pytest.raises(UsageError, match="got nan"):
        Band(float("nan"), 10.0)
    with pytest.raises(UsageError, match="must be below"):
        Band(10.0, 10.0)
    with pytest.raises(UsageError, match="zenith_max must be in \\(0, 90\\] degrees, got 0"):
        Band.from_zenith_cut(19.0, 0.0)
    with pytest.raises(UsageError, match="latitude"):
        Band.from_zenith_cut(95.0, 45.0)


def test_zenith_cut_bands_are_clipped_at_the_poles():
    assert Band.from_zenith_cut(-90.0, 65.0) == Band(-90.0, -25.0)
    assert Band.from_zenith_cut(80.0, 45.0).dec_max == 90.0


@pytest.mark.parametrize("latitude, zenith", [(19.0, 45.0), (-90.0, 65.0), (30.0, 45.0), (-40.0, 60.0)])
def test_zenith_cut_band_equals_the_rotated_local_cap(latitude, zenith):
    """delta_1,2 = Phi -/+ theta_max against rotating a grid of the local cap with eq. 7."""
    band = Band.from_zenith_cut(latitude, zenith)
    lo, hi = geometry.field_of_view_by_rotation(latitude, zenith)
    assert (lo, hi) == pytest.approx((band.dec_min, band.dec_max), abs=1e-3)


def test_f_sky_of_the_full_sky_and_a_hemisphere():
    assert Band(-90.0, 90.0).f_sky == pytest.approx(1.0, rel=1e-15)
    assert Band(0.0, 90.0).f_sky == pytest.approx(0.5, rel=1e-15)


def test_band_is_a_printable_picklable_result():
    band = Band(-26.0, 64.0)
    assert pickle.loads(pickle.dumps(band)) == band
    assert set(band.to_dict()) == {"dec_min", "dec_max", "f_sky", "units"}
    assert band.to_dict()["units"] == {"dec_min": "deg", "dec_max": "deg"}
    assert "f_sky = 0.668583" in str(band)


def test_hour_angle_formulas_give_the_pole_at_the_latitude_and_stars_on_the_meridian():
    lat = np.radians(35.0)
    zenith, azimuth = geometry.horizontal_coordinates(0.3, math.pi / 2 - 1e-12, np.linspace(0, 6, 7), lat)
    assert np.allclose(zenith, math.pi / 2 - lat, atol=1e-9) and np.allclose(azimuth, 0.0, atol=1e-9)
    zenith, azimuth = geometry.horizontal_coordinates(1.0, np.radians(10.0), 1.0, lat)   # on the meridian, south
    assert zenith == pytest.approx(np.radians(25.0), rel=1e-14) and abs(azimuth) == pytest.approx(math.pi)


def test_eq7_maps_stars_to_the_hour_angle_coordinates():
    rng = np.random.default_rng(1)
    ra, dec = rng.uniform(0, 2 * np.pi, 20), rng.uniform(-1.5, 1.5, 20)
    tau, lat = rng.uniform(0, 2 * np.pi, 20), rng.uniform(-1.5, 1.5, 20)
    zenith, azimuth = geometry.horizontal_coordinates(ra, dec, tau, lat)
    for i in range(20):
        seen = geometry.local_rotation_matrix(tau[i], lat[i]) @ geometry.equatorial_unit_vectors(ra[i], dec[i])
        assert np.allclose(seen, geometry.local_unit_vectors(azimuth[i], zenith[i]), atol=1e-13)


def test_sidereal_day_is_the_iau_mean_sidereal_day():
    assert geometry.sidereal_day_seconds() == pytest.approx(86164.0905, abs=0.01)


def test_east_west_asymmetry_vanishes_for_a_symmetric_sky_and_is_linear_in_the_dipole():
    assert abs(geometry.east_west_asymmetry_numerical([0.0, 0.0, 1e-3], 1.0, 0.4, 0.7)) < 1e-16
    small = geometry.east_west_asymmetry_numerical([1e-6, 2e-6, 0.0], 1.0, 0.4, 0.7)
    double = geometry.east_west_asymmetry_numerical([2e-6, 4e-6, 0.0], 1.0, 0.4, 0.7)
    assert small != 0 and double == pytest.approx(2 * small, rel=1e-5)
