"""Shot noise of pseudo power spectra (numerics/sky/noise.py; seed 004 eqs. 31-32)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy import Band, UsageError, filtered_noise_spectrum, pixel_noise_power, sky_noise, tophat_noise_power
from cranisotropy.numerics.sky import monte_carlo as mc

HAWC = Band(-26.0, 64.0)
ICECUBE = Band(-90.0, -25.0)


def test_pixel_sum_of_a_uniform_band_is_the_tophat_level():
    mask = mc.band_mask(32, HAWC)
    counts = 1e9 * mask / mask.sum()
    pixel = pixel_noise_power(mask, np.full(mask.size, 4 * math.pi / mask.size), counts)
    assert pixel == pytest.approx(tophat_noise_power(mask.mean(), 1e9), rel=1e-12)


def test_filtered_noise_on_the_full_sky_drops_one_mode_in_2l_plus_1():
    ells = np.arange(8)
    spectrum = filtered_noise_spectrum(Band(-90, 90), 1e9, 7)
    assert np.allclose(spectrum, 4 * math.pi / 1e9 * 2 * ells / (2 * ells + 1), rtol=1e-12, atol=1e-20)


def test_filtered_noise_tends_to_the_tophat_level_and_the_mask_route_matches_the_band_route():
    import healpy as hp

    band = filtered_noise_spectrum(HAWC, 1e9, 60)
    assert band[60] == pytest.approx(tophat_noise_power(HAWC.f_sky, 1e9), rel=2e-2)
    mask = mc.band_mask(64, HAWC)
    weight = hp.map2alm(mask, lmax=20, iter=0)[:21].real
    assert filtered_noise_spectrum(weight, 1e9, 10) == pytest.approx(band[:11], rel=2e-2)


def test_sky_noise_result():
    res = sky_noise(3.2e11, band=ICECUBE, lmax=5)
    assert set(res.to_dict()) == {"f_sky", "events", "noise_power", "filtered_noise_spectrum"}
    assert res.filtered_noise_spectrum[0] == 0.0 and res.filtered_noise_spectrum.shape == (6,)
    assert set(sky_noise(1e9, f_sky=0.3).to_dict()) == {"f_sky", "events", "noise_power"}
    assert "N = 4 pi f_sky^2/n_tot" in str(res)


@pytest.mark.parametrize("kwargs, message", [
    ({"n_events": 1e9}, "give the sky fraction"),
    ({"n_events": 1e9, "band": HAWC, "f_sky": 0.5}, "not both"),
    ({"n_events": 0.0, "f_sky": 0.5}, "n_events must be > 0, got 0"),
    ({"n_events": 1e9, "f_sky": 0.0}, "f_sky must be > 0, got 0"),
    ({"n_events": 1e9, "f_sky": 0.5, "lmax": 4}, "needs a band"),
    ({"n_events": 1e9, "band": HAWC, "lmax": 0}, "lmax must be >= 1, got 0"),
])
def test_sky_noise_refuses_bad_input(kwargs, message):
    with pytest.raises(UsageError, match=message):
        sky_noise(**kwargs)
