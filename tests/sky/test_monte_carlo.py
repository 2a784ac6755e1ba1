"""Monte Carlo skies (healpy): <pseudo C_l> = M C_l (+ N_l) and dipole recovery (seed 004 eqs. 27-32, A.2)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cranisotropy.numerics.sky import analysis as sky
from cranisotropy.numerics.sky import monte_carlo as sky_mc

HAWC = sky.Band(-26.0, 64.0)


@pytest.mark.parametrize("m0, filtered", [("ring", True), ("alm", True), ("none", False)])
def test_mean_pseudo_spectrum_matches_transfer_matrix(m0, filtered):
    cl = sky_mc.test_spectrum(8)
    run = sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 8, 300, seed=11, m0=m0)
    pred = sky_mc.predicted_pseudo_spectrum(cl, HAWC, 16, 8, filter_m0=filtered)
    result = sky_mc.compare(run, pred["pixel"])
    assert result["max_abs_z"] < 4.0 and result["chi2_per_dof"] < 2.5
    if m0 != "none":
        # the unfiltered MASTER matrix is excluded at this precision: the m = 0 filter is visible
        wrong = sky_mc.predicted_pseudo_spectrum(cl, HAWC, 16, 8, filter_m0=False)["pixel"]
        assert sky_mc.compare(run, wrong)["chi2_per_dof"] > 5.0


def test_shot_noise_adds_the_filtered_noise_spectrum():
    cl = sky_mc.test_spectrum(8)
    run = sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 8, 300, seed=12, events=2e7)
    pred = sky_mc.predicted_pseudo_spectrum(cl, HAWC, 16, 8, events=2e7)
    assert sky_mc.compare(run, pred["pixel"])["max_abs_z"] < 4.0
    without = sky_mc.predicted_pseudo_spectrum(cl, HAWC, 16, 8)["pixel"]
    assert sky_mc.compare(run, without)["chi2_per_dof"] > 5.0


def test_noisy_dipole_reconstruction_is_unbiased():
    dip = np.array([5e-4, -3e-4, 1e-3])
    res = sky_mc.reconstruct_dipoles(dip, HAWC, 16, 200, events=1e8, seed=3)
    rec = res["pixel"]
    pulls = (rec.mean(axis=0) - dip[:2]) / (rec.std(axis=0, ddof=1) / np.sqrt(len(rec)))
    assert np.all(np.abs(pulls) < 4.0) and rec.std(axis=0).min() > 0


def test_checkpoint_resume_gives_the_same_sums(tmp_path):
    cl = sky_mc.test_spectrum(4)
    path = tmp_path / "run.npz"
    sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 4, 20, seed=1, checkpoint=path, every=5)
    resumed = sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=1, checkpoint=path, every=5)
    straight = sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=1)
    assert resumed.n == 40 and np.allclose(resumed.total, straight.total, rtol=1e-13)
    with pytest.raises(ValueError, match="different"):
        sky_mc.simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=2, checkpoint=path)


def test_validate_sky_command(run_cli, tmp_path):
    code, out, _ = run_cli("validate", "sky", "--realisations", "40", "--nside", "16", "--lmax", "6",
                           "--output", tmp_path / "mc", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and set(data["spectra"]) == set(sky_mc.CAMPAIGN_RUNS)
    code, _, err = run_cli("validate", "sky", "--nside", "8", "--lmax", "12", "--output", tmp_path / "x")
    assert code == 2 and "aliasing" in err


@pytest.mark.slow
def test_full_validation_campaign(tmp_path):
    report = sky_mc.validation_campaign(HAWC, 32, 20, 2000, 1e8, 20171201, tmp_path)
    assert report["ok"], {k: (v["max_abs_z"], v["chi2_per_dof"]) for k, v in report["spectra"].items()}
