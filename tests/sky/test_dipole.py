"""Dipole rescalings and reconstruction (numerics/sky/dipole.py; seed 004 eqs. 18-28)."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
import sympy as sp

import cranisotropy as c
from cranisotropy import Band, UsageError
from cranisotropy.derivations.sky import observation as d
from cranisotropy.numerics.sky import monte_carlo as mc

HAWC = Band(-26.0, 64.0)
ICECUBE = Band(-90.0, -25.0)


def test_dipole_factors_against_direct_quadrature():
    from scipy.integrate import quad

    for band in (HAWC, ICECUBE):
        s1, s2 = band.s_lower, band.s_upper
        k11 = 2 * math.pi * quad(lambda s: 3 / (8 * math.pi) * (1 - s * s), s1, s2)[0]   # int |Y_11|^2
        ra = quad(lambda s: math.sqrt(1 - s * s), s1, s2)[0] / (s2 - s1)              # <cos delta>_s
        assert c.dipole_transition_element(band) == pytest.approx(k11, rel=1e-13)
        assert c.ra_projection_factor(band) == pytest.approx(ra, rel=1e-12)
    assert c.ra_projection_factor(Band(-90, 90)) == pytest.approx(math.pi / 4, rel=1e-14)


def test_east_west_step_closed_form_equals_adaptive_quadrature():
    for text, expr in (("1", sp.Integer(1)), ("cos(theta)", sp.cos(d.zenith)), ("cos(theta)**2", sp.cos(d.zenith) ** 2)):
        closed = d.east_west_step(expr)
        for deg in (20.0, 45.0, 70.0):
            assert float(closed.subs(d.theta_max, math.radians(deg))) == pytest.approx(
                c.east_west_step(deg, text), rel=1e-12)


def test_east_west_step_takes_a_sympy_acceptance_in_any_symbol_named_theta():
    theta = sp.Symbol("theta")                       # not the derivation's own symbol
    assert c.east_west_step(45.0, sp.cos(theta)) == pytest.approx(c.east_west_step(45.0, "cos(theta)"), rel=1e-15)
    with pytest.raises(UsageError, match="theta only; found phi"):
        c.east_west_step(45.0, sp.cos(theta) * sp.Symbol("phi"))


def test_dipole_from_alm_inverts_the_multipoles_of_a_dipole_map():
    from cranisotropy.numerics.sky.harmonics import alm_by_quadrature

    dip = np.array([2e-4, -3e-4, 5e-4])
    alm = alm_by_quadrature(lambda t, p: 1 + dip @ np.array([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)]),
                            1, nodes=4)
    assert np.allclose(c.dipole_from_alm(alm[(1, 0)].real, alm[(1, 1)]), dip, rtol=0, atol=1e-15)   # round-off of the unit monopole
    k11 = 0.8
    assert np.allclose(c.dipole_from_pseudo_alm(k11 * alm[(1, 1)], k11), dip[:2], rtol=0, atol=1e-15)


def test_amplitude_and_phase():
    assert c.dipole_amplitude_phase(3.0, 4.0)[0] == 5.0
    assert c.dipole_amplitude_phase(-1.0, 0.0)[1] == 180.0


def test_projected_amplitude_of_a_healpix_dipole_is_corrected_to_the_true_one():
    """Eq. 24 as a pixel sum over a dipole map, then eq. 25's correction: the true equatorial amplitude."""
    import healpy as hp

    dip = np.array([4e-4, 7e-4, 9e-4])
    sky_map = 1 + dip @ np.array(hp.pix2vec(64, np.arange(hp.nside2npix(64))))
    for band in (HAWC, ICECUBE):
        projected = abs(mc.ra_projection_of_map(sky_map, band))
        corrected = c.sky_dipole(band, projected_amplitude=projected).corrected_amplitude
        assert corrected == pytest.approx(math.hypot(*dip[:2]), rel=2e-3)      # pixel accuracy at nside 64


def test_sky_dipole_result():
    res = c.sky_dipole(Band.from_zenith_cut(19.0, 45.0), zenith_max=45.0, acceptance="cos(theta)",
                     projected_amplitude=8e-4, pseudo_a11=-1e-4 + 2e-4j)
    data = res.to_dict()
    assert set(data) == {"band", "k11", "ra_projection_factor", "east_west_step_rad", "east_west_step_deg",
                         "acceptance", "corrected_amplitude", "dipole", "units"}
    assert data["units"] == {"east_west_step_rad": "rad", "east_west_step_deg": "deg"}
    assert set(data["dipole"]) == {"d_0h", "d_6h", "amplitude", "phase_deg"}
    assert data["east_west_step_deg"] == pytest.approx(math.degrees(data["east_west_step_rad"]), rel=1e-15)
    assert pickle.loads(pickle.dumps(res)) == res
    assert set(c.sky_dipole(HAWC).to_dict()) == {"band", "k11", "ra_projection_factor"}


@pytest.mark.parametrize("kwargs, message", [
    ({"acceptance": "cos(theta)"}, "acceptance needs zenith_max"),
    ({"zenith_max": 45.0, "acceptance": "-1"}, "acceptance '-1' must be finite, >= 0"),
    ({"zenith_max": 45.0, "acceptance": "open('x')"}, "refused|not allowed|unknown"),
    ({"zenith_max": 95.0}, "zenith_max must be in \\(0, 90\\] degrees, got 95"),
    ({"projected_amplitude": -1.0}, "projected_amplitude must be > 0, got -1"),
    ({"pseudo_a11": complex("nan")}, "pseudo_a11 must be finite"),
])
def test_sky_dipole_refuses_bad_input(kwargs, message):
    with pytest.raises(UsageError, match=message):
        c.sky_dipole(HAWC, **kwargs)
