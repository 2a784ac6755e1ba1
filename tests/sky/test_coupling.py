"""Coupling and transfer matrices (numerics/sky/coupling.py; seed 004 eqs. 26, 30, A.1-A.2)."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
import sympy as sp

from cranisotropy import Band, UsageError, band_weight_multipoles, coupling_blocks, sky_coupling, transfer_matrix
from cranisotropy.derivations.sky import coupling as exact
from cranisotropy.derivations.sky import observation as d
from cranisotropy.numerics.sky import monte_carlo as mc
from cranisotropy.numerics.sky.coupling import transfer_matrix_exact

HAWC = Band(-26.0, 64.0)
ICECUBE = Band(-90.0, -25.0)
#: sin(delta) = -1/3 .. 4/5: exact rational edges
RATIONAL = (sp.Rational(-1, 3), sp.Rational(4, 5))
RATIONAL_BAND = Band(math.degrees(math.asin(-1 / 3)), math.degrees(math.asin(0.8)))


@pytest.mark.parametrize("band", [HAWC, ICECUBE, Band(10.0, 12.5)], ids=["hawc", "icecube", "narrow"])
def test_wigner_and_quadrature_coupling_agree_to_1e_12(band):
    wigner = coupling_blocks(band, 6, 8, method="wigner")          # rectangular: l <= 6, l' <= 8
    quad = coupling_blocks(band, 6, 8)
    assert np.abs(wigner - quad).max() < 1e-12
    assert np.abs(wigner).max() > 0.5 * band.f_sky                 # not trivially zero


def test_closed_form_a2_agrees_with_the_quadrature_block_sum():
    assert np.abs(transfer_matrix_exact(HAWC, 5) - transfer_matrix(coupling_blocks(HAWC, 5))).max() < 1e-12


def test_exact_routes_agree_symbolically_for_a_rational_band():
    weight = exact.band_weight_multipoles(8, *RATIONAL)
    for l, lp, m in [(1, 1, 1), (2, 3, 1), (4, 2, 2), (3, 1, 0)]:
        by_3j = exact.coupling_element(l, lp, m, weight)
        assert sp.simplify(by_3j - exact.gaunt_coupling_element(l, lp, m, weight)) == 0
        assert sp.simplify(by_3j - d.band_coupling_element(l, lp, m, *RATIONAL)) == 0
    blocks = exact.coupling_blocks(3, weight)
    assert sp.simplify(exact.transfer_matrix(3, weight) - exact.transfer_matrix_from_blocks(blocks)) == sp.zeros(4, 4)


def test_unfiltered_quadrature_matrix_is_the_exact_master_matrix():
    """No m = 0 filter: the quadrature m-sum equals Hivon et al.'s 3j formula (a different route)."""
    weight = exact.band_weight_multipoles(8, *RATIONAL)
    master = np.array(exact.master_transfer_matrix(4, weight).evalf(30).tolist(), dtype=float)
    ours = transfer_matrix(coupling_blocks(RATIONAL_BAND, 4), filter_m0=False)
    assert np.abs(master - ours).max() < 1e-13


def test_full_sky_is_the_identity_and_the_filter_removes_one_mode_in_2l_plus_1():
    full = Band(-90.0, 90.0)
    blocks = coupling_blocks(full, 6)
    ells = np.arange(7)
    for m in range(7):
        assert np.allclose(blocks[m], np.diag((ells >= m).astype(float)), atol=1e-14)
    assert np.allclose(transfer_matrix(blocks, filter_m0=False), np.eye(7), atol=1e-14)
    assert np.allclose(transfer_matrix(blocks), np.diag(2 * ells / (2 * ells + 1.0)), atol=1e-14)


def test_blocks_are_symmetric_and_the_weight_multipole_route_matches_the_band_route():
    blocks = coupling_blocks(HAWC, 10)
    assert np.allclose(blocks, np.transpose(blocks, (0, 2, 1)), atol=1e-15)
    assert np.abs(coupling_blocks(band_weight_multipoles(HAWC, 20), 10) - blocks).max() < 1e-13


def test_weight_multipoles_are_the_exact_band_integrals():
    edges = (sp.Float(HAWC.s_lower, 40), sp.Float(HAWC.s_upper, 40))
    exact_w = [float(w) for w in exact.band_weight_multipoles(6, *edges)]
    assert np.allclose(band_weight_multipoles(HAWC, 6), exact_w, atol=1e-15)
    assert band_weight_multipoles(HAWC, 0)[0] == pytest.approx(HAWC.f_sky * math.sqrt(4 * math.pi), rel=1e-14)


def test_pseudo_multipoles_from_healpy_equal_the_coupling_of_the_pixel_mask():
    import healpy as hp

    nside, lmax, lsky = 32, 8, 10
    mask = mc.band_mask(nside, HAWC)
    alm = mc.synthetic_alm(np.r_[0.0, np.ones(lsky)], seed=5)
    pseudo = hp.map2alm(mask * hp.alm2map(alm, nside, lmax=lsky), lmax=lmax, iter=0)
    blocks = coupling_blocks(mc.mask_weight_multipoles(mask, lmax + lsky), lmax, lsky)
    for m in range(lmax + 1):
        assert np.abs(mc.alm_at_m(pseudo, lmax, m) - blocks[m] @ mc.alm_at_m(alm, lsky, m)).max() < 1e-12


def test_pymaster_master_matrix_matches_ours():
    pymaster = pytest.importorskip("pymaster", reason="NaMaster (optional) is not installed")
    import healpy as hp

    nside, lmax = 32, 20
    mask = mc.band_mask(nside, HAWC)
    try:
        field = pymaster.NmtField(mask, None, spin=0)
    except TypeError:  # NaMaster < 2
        field = pymaster.NmtField(mask, [np.zeros_like(mask)])
    workspace = pymaster.NmtWorkspace()
    workspace.compute_coupling_matrix(field, field, pymaster.NmtBin.from_nside_linear(nside, 1))
    theirs = np.asarray(workspace.get_coupling_matrix())[: lmax + 1, : lmax + 1]
    weight = hp.map2alm(mask, lmax=2 * lmax, iter=3)[: 2 * lmax + 1].real   # NaMaster's n_iter_mask = 3
    ours = transfer_matrix(coupling_blocks(weight, lmax), filter_m0=False)
    assert np.abs(theirs - ours).max() < 1e-6 * np.abs(ours).max()


def test_sky_coupling_result():
    res = sky_coupling(HAWC, 3, lpmax=5, method="both", blocks=True)
    assert res.ok and res.max_abs_difference_blocks < 1e-12
    assert res.transfer_matrix.shape == (4, 6) and res.coupling_blocks.shape == (4, 4, 6)
    assert pickle.loads(pickle.dumps(res)).to_dict() == res.to_dict()
    assert set(res.to_dict()) == {"band", "lmax", "lpmax", "filter_m0", "method", "max_abs_difference_blocks",
                                  "max_abs_difference_transfer", "transfer_matrix", "coupling_blocks"}
    assert "transfer matrix M_ll' (m = 0 filtered, eq. A.2)" in str(res)


def test_sky_coupling_plot_goes_to_the_output_folder(tmp_path):
    res = sky_coupling(HAWC, 4, plot=True, output_dir=tmp_path / "figs")
    assert res.plot == str(tmp_path / "figs" / "sky_transfer_matrix.png") and (tmp_path / "figs").is_dir()


@pytest.mark.parametrize("kwargs, message", [
    ({"lmax": 0}, "lmax must be >= 1, got 0"),
    ({"lmax": 401}, "lmax must be <= 400, got 401"),
    ({"lmax": 2.5}, "lmax must be an integer"),
    ({"lmax": 4, "lpmax": 3}, "lpmax \\(3\\) must be >= lmax \\(4\\)"),
    ({"lmax": 20, "method": "wigner"}, "<= 16, got 20"),
    ({"lmax": 2, "method": "exact"}, "method must be one of"),
])
def test_sky_coupling_refuses_bad_input(kwargs, message):
    with pytest.raises(UsageError, match=message):
        sky_coupling(HAWC, **kwargs)


def test_coupling_blocks_refuse_short_weight_multipoles_and_wigner_without_a_band():
    with pytest.raises(UsageError, match="k = 0..8"):
        coupling_blocks(np.ones(5), 4)
    with pytest.raises(UsageError, match="needs a Band"):
        coupling_blocks(np.ones(9), 4, method="wigner")
