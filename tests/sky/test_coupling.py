"""Observation side (seed 004 Sec. 2, 3.2, App. A): coupling matrices, dipoles, noise, CG, CLI."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy as sp

from cranisotropy.derivations.sky import compton_getting as cg_derivation
from cranisotropy.derivations.sky import observation as d
from cranisotropy.derivations.sky import coupling as sky_coupling
from cranisotropy.numerics.sky import analysis as sky
from cranisotropy.numerics.sky import compton_getting as cg
from cranisotropy.numerics.sky import monte_carlo as sky_mc

HAWC = sky.Band(-26.0, 64.0)
ICECUBE = sky.Band(-90.0, -25.0)


# --------------------------------------------------------------------------- coupling matrices

@pytest.mark.parametrize("band", [HAWC, ICECUBE, sky.Band(10.0, 12.5)], ids=["hawc", "icecube", "narrow"])
def test_wigner_and_quadrature_coupling_agree_to_1e_12(band):
    exact = sky.coupling_blocks_wigner(band, 6, 8)          # rectangular: l <= 6, l' <= 8
    quad = sky.coupling_blocks(band, 6, 8)
    assert np.abs(exact - quad).max() < 1e-12
    assert np.abs(exact).max() > 0.5 * band.f_sky            # not trivially zero


def test_transfer_matrix_closed_form_agrees_with_block_sum():
    closed = sky.transfer_matrix_wigner(HAWC, 5)            # eq. A.2: 3j sum minus the m = 0 term
    blocks = sky.transfer_matrix(sky.coupling_blocks(HAWC, 5))
    assert np.abs(closed - blocks).max() < 1e-12


def test_exact_routes_agree_symbolically_for_a_rational_band():
    weight = sky_coupling.band_weight_multipoles(8, sp.Rational(-1, 3), sp.Rational(4, 5))
    for l, lp, m in [(1, 1, 1), (2, 3, 1), (4, 2, 2), (3, 1, 0)]:
        by_3j = sky_coupling.coupling_element(l, lp, m, weight)
        by_gaunt = sky_coupling.gaunt_coupling_element(l, lp, m, weight)
        direct = d.band_coupling_element(l, lp, m, sp.Rational(-1, 3), sp.Rational(4, 5))
        assert sp.simplify(by_3j - by_gaunt) == 0 and sp.simplify(by_3j - direct) == 0
    blocks = sky_coupling.coupling_blocks(3, weight)
    assert sp.simplify(sky_coupling.transfer_matrix(3, weight)
                       - sky_coupling.transfer_matrix_from_blocks(blocks)) == sp.zeros(4, 4)


def test_full_sky_is_the_identity_and_the_filter_removes_one_mode_in_2l_plus_1():
    full = sky.Band(-90.0, 90.0)
    blocks = sky.coupling_blocks(full, 6)
    ells = np.arange(7)
    for m in range(7):
        assert np.allclose(blocks[m], np.diag((ells >= m).astype(float)), atol=1e-14)
    assert np.allclose(sky.transfer_matrix(blocks, filter_m0=False), np.eye(7), atol=1e-14)
    assert np.allclose(sky.transfer_matrix(blocks), np.diag(2 * ells / (2 * ells + 1.0)), atol=1e-14)


def test_filtered_matrix_is_master_minus_the_m0_projection():
    blocks = sky.coupling_blocks(HAWC, 12)
    diff = sky.transfer_matrix(blocks, filter_m0=False) - sky.transfer_matrix(blocks)
    assert np.allclose(diff, blocks[0] ** 2 / (2 * np.arange(13) + 1.0)[:, None], atol=1e-15)


def test_blocks_are_symmetric_and_weight_multipole_route_matches_band_route():
    blocks = sky.coupling_blocks(HAWC, 10)
    assert np.allclose(blocks, np.transpose(blocks, (0, 2, 1)), atol=1e-15)
    via_multipoles = sky.coupling_blocks(weight_multipoles=sky.band_weight_multipoles(HAWC, 20), lmax=10)
    assert np.abs(via_multipoles - blocks).max() < 1e-13


def test_weight_multipoles_are_the_exact_band_integrals():
    exact = sky_coupling.band_weight_multipoles(6, sp.Float(HAWC.s_lower, 40), sp.Float(HAWC.s_upper, 40))
    assert np.allclose(sky.band_weight_multipoles(HAWC, 6), [float(w) for w in exact], atol=1e-15)
    assert sky.band_weight_multipoles(HAWC, 0)[0] == pytest.approx(HAWC.f_sky * math.sqrt(4 * math.pi))


def test_pseudo_multipoles_from_healpy_equal_the_coupling_of_the_pixel_mask():
    import healpy as hp

    nside, lmax, lsky = 32, 8, 10
    mask = sky_mc.band_mask(nside, HAWC)
    alm = sky_mc.synthetic_alm(np.r_[0.0, np.ones(lsky)], seed=5, zero_m0=False)
    pseudo = hp.map2alm(mask * hp.alm2map(alm, nside, lmax=lsky), lmax=lmax, iter=0)
    blocks = sky.coupling_blocks(weight_multipoles=sky_mc.mask_weight_multipoles(mask, lmax + lsky),
                                 lmax=lmax, lpmax=lsky)
    for m in range(lmax + 1):
        true_m = np.array([alm[hp.Alm.getidx(lsky, l, m)] if l >= m else 0 for l in range(lsky + 1)])
        got = np.array([pseudo[hp.Alm.getidx(lmax, l, m)] if l >= m else 0 for l in range(lmax + 1)])
        assert np.abs(got - blocks[m] @ true_m).max() < 1e-12


def test_normalized_legendre_matches_scipy():
    from scipy.special import sph_harm_y

    x = np.linspace(-0.99, 0.99, 7)
    for m in (0, 1, 3):
        ours = sky.normalized_legendre(8, m, x)
        for l in range(m, 9):
            assert np.allclose(ours[l], sph_harm_y(l, m, np.arccos(x), 0.0).real, atol=1e-13)


def test_spherical_harmonic_keeps_the_sign_of_odd_m():
    """sympy's Ynm(l, m, pi/2 - delta, .) flips odd m once expanded; ours must not."""
    from scipy.special import sph_harm_y

    value = complex(d.spherical_harmonic(1, 1).subs({d.alpha: 0.5, d.delta: 0.3}).evalf())
    assert value == pytest.approx(complex(sph_harm_y(1, 1, math.pi / 2 - 0.3, 0.5)), abs=1e-15)


def test_pymaster_master_matrix_matches_ours():
    pymaster = pytest.importorskip("pymaster", reason="NaMaster (optional) is not installed")
    import healpy as hp

    nside, lmax = 32, 20
    mask = sky_mc.band_mask(nside, HAWC)
    try:
        field = pymaster.NmtField(mask, None, spin=0)
    except TypeError:  # NaMaster < 2
        field = pymaster.NmtField(mask, [np.zeros_like(mask)])
    workspace = pymaster.NmtWorkspace()
    workspace.compute_coupling_matrix(field, field, pymaster.NmtBin.from_nside_linear(nside, 1))
    theirs = np.asarray(workspace.get_coupling_matrix())[: lmax + 1, : lmax + 1]
    weight = hp.map2alm(mask, lmax=2 * lmax, iter=3)[: 2 * lmax + 1].real   # NaMaster's n_iter_mask = 3
    ours = sky.transfer_matrix(sky.coupling_blocks(weight_multipoles=weight, lmax=lmax), filter_m0=False)
    assert np.abs(theirs - ours).max() < 1e-6 * np.abs(ours).max()


# --------------------------------------------------------------------------- dipole, noise, band

def test_band_validation_messages():
    with pytest.raises(ValueError, match="dec-min"):
        sky.Band(-91.0, 10.0)
    with pytest.raises(ValueError, match="below"):
        sky.Band(10.0, 10.0)
    assert sky.Band.from_zenith_cut(-90.0, 65.0).dec_max == pytest.approx(-25.0)
    assert sky.Band.from_zenith_cut(80.0, 45.0).dec_max == 90.0


def test_dipole_factors_against_direct_quadrature():
    from scipy.integrate import quad

    for band in (HAWC, ICECUBE):
        s1, s2 = band.s_lower, band.s_upper
        k11 = 2 * math.pi * quad(lambda s: 3 / (8 * math.pi) * (1 - s * s), s1, s2)[0]   # int |Y_11|^2
        ra = quad(lambda s: math.sqrt(1 - s * s), s1, s2)[0] / (s2 - s1)              # <cos delta>_s
        assert sky.dipole_transition_element(band) == pytest.approx(k11, rel=1e-13)
        assert sky.ra_projection_factor(band) == pytest.approx(ra, rel=1e-12)
    assert sky.ra_projection_factor(sky.Band(-90, 90)) == pytest.approx(math.pi / 4, rel=1e-14)


def test_east_west_step_closed_form_equals_adaptive_quadrature():
    for text, expr in (("1", sp.Integer(1)), ("cos(theta)", sp.cos(d.zenith)), ("cos(theta)**2", sp.cos(d.zenith) ** 2)):
        closed = d.east_west_step(expr)
        for deg in (20.0, 45.0, 70.0):
            assert float(closed.subs(d.theta_max, math.radians(deg))) == pytest.approx(
                sky.east_west_step(deg, text), rel=1e-12)


def test_pure_dipole_is_recovered_exactly_with_the_pixel_k11():
    dip = np.array([2e-4, -7e-4, 5e-4])
    res = sky_mc.reconstruct_dipoles(dip, HAWC, 32, 1, m0="none")
    assert np.abs(res["pixel"][0] - dip[:2]).max() < 1e-10 * np.abs(dip).max()
    assert np.abs(res["band"][0] - dip[:2]).max() < 1e-2 * np.abs(dip).max()   # continuous K11: O(pixel)


def test_noise_pixel_sum_and_filtered_spectrum():
    mask = sky_mc.band_mask(32, HAWC)
    counts = 1e9 * mask / mask.sum()
    pixel = sky.pixel_noise_power(mask, np.full(mask.size, 4 * math.pi / mask.size), counts)
    assert pixel == pytest.approx(sky.tophat_noise_power(mask.mean(), 1e9), rel=1e-12)
    full = sky.Band(-90, 90)
    ells = np.arange(8)
    spectrum = sky.filtered_noise_spectrum(1.0, 1e9, np.diagonal(sky.coupling_blocks(full, 7)[0]))
    assert np.allclose(spectrum, 4 * math.pi / 1e9 * 2 * ells / (2 * ells + 1), rtol=1e-12, atol=1e-20)


# --------------------------------------------------------------------------- Compton-Getting

def test_exact_boost_gives_the_compton_getting_factor():
    factor = float(cg_derivation.compton_getting_factor().subs(cg_derivation.gamma_index, 2.7))
    assert cg.boosted_dipole_numerical(1e-5, 2.7) / 1e-5 == pytest.approx(factor, rel=1e-4)


def test_solar_dipole_yearly_averages():
    res = cg.solar_compton_getting(2.7)
    track = cg.solar_dipole_track(2.7, samples=720)
    assert np.abs(track["sidereal"].mean(axis=1)).max() < 1e-18
    mean = track["solar"].mean(axis=1)
    assert np.allclose(mean, res["solar_frame_vector"], atol=1e-18)
    assert res["yearly_average_solar_frame"] == pytest.approx(res["amplitude"] * math.cos(math.radians(11.7)) ** 2)
    assert res["solar_time_of_maximum_h"] == pytest.approx(6.0)


def test_galactic_rotation_matrix_matches_healpy():
    import healpy as hp

    ours = np.array(cg_derivation.galactic_to_equatorial().evalf(20).tolist(), dtype=float)
    assert np.abs(ours - hp.rotator.Rotator(coord=["G", "C"]).mat).max() < 1e-6
    assert np.allclose(ours @ ours.T, np.eye(3), atol=1e-15)


# --------------------------------------------------------------------------- command line

def test_coupling_command_json(run_cli):
    code, out, _ = run_cli("sky", "coupling", "--dec-min", "-26", "--dec-max", "64", "--lmax", "4",
                           "--method", "both", "--json")
    data = json.loads(out)
    assert code == 0 and data["max_abs_difference_blocks"] < 1e-12
    assert np.allclose(data["transfer_matrix"], sky.transfer_matrix(sky.coupling_blocks(HAWC, 4)))
    code, out, _ = run_cli("sky", "coupling", "--latitude", "19", "--zenith-max", "45", "--lmax", "3",
                           "--no-filter", "--blocks", "--json")
    data = json.loads(out)
    assert code == 0 and data["band"]["dec_min"] == pytest.approx(-26) and "coupling_blocks" in data


@pytest.mark.parametrize("args, bad", [
    (["--dec-min", "-91", "--dec-max", "10", "--lmax", "3"], "-91"),
    (["--dec-min", "10", "--dec-max", "95", "--lmax", "3"], "95"),
    (["--dec-min", "30", "--dec-max", "10", "--lmax", "3"], "must be below"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "0"], "--lmax must be >= 1"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "-3"], "-3"),
    (["--dec-min", "0", "--dec-max", "10"], "--lmax"),
    (["--dec-min", "0", "--lmax", "3"], "--dec-max"),
    (["--dec-min", "nan", "--dec-max", "10", "--lmax", "3"], "nan"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "30", "--method", "wigner"], "<= 16"),
])
def test_coupling_bad_input_exits_2_with_one_line(args, bad, run_cli):
    code, out, err = run_cli("sky", "coupling", *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err


def test_dipole_noise_and_compton_getting_commands(run_cli):
    code, out, _ = run_cli("sky", "dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "cos(theta)",
                           "--projected-amplitude", "8e-4", "--pseudo-a11=-1e-4,2e-4", "--json")
    data = json.loads(out)
    assert code == 0 and data["corrected_amplitude"] == pytest.approx(8e-4 / data["ra_projection_factor"])
    assert data["dipole"]["amplitude"] > 0 and 0 < data["east_west_step_rad"] < 1
    code, out, _ = run_cli("sky", "noise", "--events", "3.2e11", "--dec-min", "-90", "--dec-max", "-25", "--json")
    assert code == 0 and json.loads(out)["noise_power"] == pytest.approx(sky.tophat_noise_power(ICECUBE.f_sky, 3.2e11))
    code, out, _ = run_cli("sky", "compton-getting", "--json")
    assert code == 0 and json.loads(out)["yearly_average_solar_frame"] == pytest.approx(4.48e-4, rel=1e-3)
    code, out, _ = run_cli("sky", "compton-getting", "--speed", "220", "--l", "90", "--b", "0", "--json")
    assert code == 0 and json.loads(out)["dec_deg"] == pytest.approx(48.33, abs=0.01)


@pytest.mark.parametrize("args, bad", [
    (["dipole", "--latitude", "19"], "--zenith-max"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "-1"], "--acceptance"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "open('x')"], "refused"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--pseudo-a11=1"], "RE,IM"),
    (["noise", "--events", "1e9"], "--f-sky"),
    (["noise", "--events", "0", "--f-sky", "0.5"], "0"),
    (["compton-getting", "--speed", "20"], "--l"),
    (["compton-getting", "--gamma", "-1"], "-1"),
])
def test_other_sky_commands_bad_input(args, bad, run_cli):
    code, out, err = run_cli("sky", *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err
