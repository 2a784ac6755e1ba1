"""Compton–Getting dipoles (numerics/sky/compton_getting.py; seed 004 eqs. 57-62)."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from cranisotropy import (
    UsageError,
    compton_getting_amplitude,
    compton_getting_dipole,
    galactic_direction,
    solar_compton_getting,
    solar_dipole_track,
)
from cranisotropy.derivations.sky import compton_getting as cgd
from cranisotropy.numerics.sky import compton_getting as cg


def test_exact_boost_gives_the_compton_getting_factor():
    factor = float(cgd.compton_getting_factor().subs(cgd.gamma_index, 2.7))
    assert cg.boosted_dipole_numerical(1e-5, 2.7) / 1e-5 == pytest.approx(factor, rel=1e-4)
    assert compton_getting_amplitude(1e-5 * cg.SPEED_OF_LIGHT_KM_S, 2.7) == pytest.approx(
        cg.boosted_dipole_numerical(1e-5, 2.7), rel=1e-4)


def test_solar_dipole_yearly_averages_against_a_numerical_orbit():
    """Yearly means of the track (eqs. 61-62) vs the Earth's velocity by finite differences (healpy)."""
    res = solar_compton_getting(2.7)
    track = solar_dipole_track(2.7, samples=720)
    assert np.abs(track.sidereal.mean(axis=1)).max() < 1e-18 and res.yearly_average_sidereal_frame < 1e-18
    assert np.allclose(track.solar.mean(axis=1), res.solar_frame_vector, rtol=0, atol=1e-18)
    numeric = cg.solar_frame_numerical(cg.earth_velocity_numerical(track.orbital_phase), track.orbital_phase)
    assert res.yearly_average_solar_frame == pytest.approx(
        np.linalg.norm(numeric.mean(axis=1)) * res.amplitude, rel=1e-3)        # healpy's obliquity is 23.44
    assert res.solar_time_of_maximum_h == pytest.approx(6.0)


def test_galactic_directions_match_healpy():
    import healpy as hp

    rotator = hp.rotator.Rotator(coord=["G", "C"])
    for l, b in ((0.0, 0.0), (90.0, 0.0), (123.0, -40.0)):
        expected = rotator(hp.ang2vec(math.radians(90 - b), math.radians(l)))
        assert np.allclose(galactic_direction(l, b), expected, atol=1e-6)


def test_galactic_rotation_points_to_dec_48_deg():
    res = compton_getting_dipole(220.0, 90.0, 0.0)
    assert res.dec_deg == pytest.approx(48.33, abs=0.01)
    assert res.equatorial_projection == pytest.approx(res.amplitude * math.cos(math.radians(res.dec_deg)), rel=1e-12)
    assert pickle.loads(pickle.dumps(res)).to_dict() == res.to_dict()
    assert res.to_dict()["mode"] == "motion" and solar_compton_getting().to_dict()["mode"] == "solar"


@pytest.mark.parametrize("call, message", [
    (lambda: compton_getting_amplitude(4e5), "not below the speed of light"),
    (lambda: compton_getting_dipole(cg.SPEED_OF_LIGHT_KM_S, 0, 0), "not below the speed of light"),
    (lambda: compton_getting_dipole(-5.0, 0, 0), "speed_km_s must be > 0 km/s, got -5"),
    (lambda: solar_compton_getting(orbital_speed_km_s=3e5), "orbital_speed_km_s"),
    (lambda: solar_compton_getting(obliquity_deg=100.0), "obliquity_deg must be in \\[0, 90\\]"),
    (lambda: compton_getting_dipole(20.0, 0, 95.0), "b_deg must be in \\[-90, 90\\]"),
    (lambda: solar_dipole_track(samples=0), "samples must be >= 1, got 0"),
])
def test_impossible_input_is_refused(call, message):
    with pytest.raises(UsageError, match=message):
        call()


def test_speeds_accept_unit_strings_and_quantities_and_json_carries_units():
    import astropy.units as u

    base = compton_getting_dipole(220.0, 90.0, 0.0)
    for speed in ("220km/s", "2.2e7 cm/s", 2.2e5 * u.m / u.s):
        assert compton_getting_dipole(speed, 90.0, 0.0).amplitude == pytest.approx(base.amplitude, rel=1e-14)
    with pytest.raises(UsageError, match="expected a speed"):
        compton_getting_dipole("10kg", 90.0, 0.0)
    assert base.to_dict()["units"]["speed_km_s"] == "km/s"
    assert solar_compton_getting(2.7, orbital_speed_km_s="29.8km/s").to_dict()["units"]["obliquity_deg"] == "deg"
