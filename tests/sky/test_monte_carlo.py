"""Monte Carlo skies (numerics/sky/monte_carlo.py): <pseudo C_l> = M C_l (+ N_l) and dipole recovery
(seed 004 eqs. 24-32, A.2)."""
from __future__ import annotations

import numpy as np
import pytest

from cranisotropy import (
    Band,
    UsageError,
    predicted_pseudo_spectrum,
    reconstruct_dipoles,
    simulate_pseudo_spectra,
    validate_sky,
)
from cranisotropy.numerics.sky import monte_carlo as mc

HAWC = Band(-26.0, 64.0)


@pytest.mark.parametrize("m0, filtered", [("ring", True), ("alm", True), ("none", False)])
def test_mean_pseudo_spectrum_matches_transfer_matrix(m0, filtered):
    cl = mc.campaign_spectrum(8)
    run = simulate_pseudo_spectra(cl, HAWC, 16, 8, 300, seed=11, m0=m0)
    result = mc.compare(run, predicted_pseudo_spectrum(cl, HAWC, 16, 8, filter_m0=filtered).pixel)
    assert result["max_abs_z"] < 4.0 and result["chi2_per_dof"] < 2.5
    if m0 != "none":
        # the unfiltered MASTER matrix is excluded at this precision: the m = 0 filter is visible
        wrong = predicted_pseudo_spectrum(cl, HAWC, 16, 8, filter_m0=False).pixel
        assert mc.compare(run, wrong)["chi2_per_dof"] > 5.0


def test_shot_noise_adds_the_filtered_noise_spectrum():
    cl = mc.campaign_spectrum(8)
    run = simulate_pseudo_spectra(cl, HAWC, 16, 8, 300, seed=12, events=2e7)
    assert mc.compare(run, predicted_pseudo_spectrum(cl, HAWC, 16, 8, events=2e7).pixel)["max_abs_z"] < 4.0
    without = predicted_pseudo_spectrum(cl, HAWC, 16, 8).pixel
    assert mc.compare(run, without)["chi2_per_dof"] > 5.0


def test_noisy_dipole_reconstruction_is_unbiased():
    dip = np.array([5e-4, -3e-4, 1e-3])
    rec = reconstruct_dipoles(dip, HAWC, 16, 200, events=1e8, seed=3).pixel
    pulls = (rec.mean(axis=0) - dip[:2]) / (rec.std(axis=0, ddof=1) / np.sqrt(len(rec)))
    assert np.all(np.abs(pulls) < 4.0) and rec.std(axis=0).min() > 0


def test_pure_dipole_is_recovered_exactly_with_the_pixel_k11():
    dip = np.array([2e-4, -7e-4, 5e-4])
    res = reconstruct_dipoles(dip, HAWC, 32, 1, m0="none")
    assert np.abs(res.pixel[0] - dip[:2]).max() < 1e-10 * np.abs(dip).max()
    assert np.abs(res.band[0] - dip[:2]).max() < 1e-2 * np.abs(dip).max()   # continuous K11: O(pixel)


def test_ring_means_vanish_for_a_sky_without_m0_modes():
    import healpy as hp

    alm = mc.synthetic_alm(np.r_[0.0, np.ones(6)], seed=2, zero_m0=True)
    means = mc.ring_means(hp.alm2map(alm, 16, lmax=6), 16)
    _, count = mc.ring_slices(16)
    resolved = np.repeat(count > 12, count)           # rings sampling e^{i m alpha}, |m| <= 6, without aliasing
    assert np.abs(means[resolved]).max() < 1e-14 * np.abs(alm).max()


def test_noise_pseudo_spectrum_of_uniform_poisson_maps_is_the_tophat_level():
    from cranisotropy import tophat_noise_power

    mask = mc.band_mask(16, HAWC)
    counts = 1e6 * mask / mask.sum()
    mean, error = mc.noise_pseudo_spectrum(mask, counts, 16, 100, seed=1)
    assert abs(mean - tophat_noise_power(mask.mean(), 1e6)) < 4 * error


def test_checkpoint_resume_gives_the_same_sums(tmp_path):
    cl = mc.campaign_spectrum(4)
    path = tmp_path / "run.npz"
    simulate_pseudo_spectra(cl, HAWC, 16, 4, 20, seed=1, checkpoint=path, every=5)
    resumed = simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=1, checkpoint=path, every=5)
    straight = simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=1)
    assert resumed.n == 40 and np.allclose(resumed.total, straight.total, rtol=1e-13)
    with pytest.raises(UsageError, match="different"):
        simulate_pseudo_spectra(cl, HAWC, 16, 4, 40, seed=2, checkpoint=path)


def test_validate_sky_writes_only_into_its_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = validate_sky(nside=16, lmax=6, realisations=40, plot=True)
    assert report.ok and set(report.spectra) == set(mc.CAMPAIGN_RUNS)
    out = tmp_path / "cranisotropy-output"
    assert sorted(p.name for p in out.iterdir()) == ["sky-validate", "sky_mc_pseudo_cl.png"]
    assert report.plot == str(out / "sky_mc_pseudo_cl.png") and "plot" in report.to_dict()
    assert "checkpoint_dir" not in report.to_dict()


@pytest.mark.parametrize("kwargs, message", [
    ({"nside": 6}, "nside must be a power of 2, got 6"),
    ({"nside": 8, "lmax": 12}, "aliasing"),
    ({"nside": 16, "lmax": 100}, "lmax must be <= 64, got 100"),
    ({"realisations": 1}, "realisations must be >= 2, got 1"),
    ({"band": Band(89.9, 90.0), "nside": 8}, "no HEALPix pixel centre"),
])
def test_validate_sky_refuses_bad_set_ups(kwargs, message, tmp_path):
    with pytest.raises(UsageError, match=message):
        validate_sky(output_dir=tmp_path, **kwargs)


@pytest.mark.slow
def test_full_validation_campaign(tmp_path):
    report = validate_sky(HAWC, nside=32, lmax=20, realisations=2000, output_dir=tmp_path)
    assert report.ok, {k: (v["max_abs_z"], v["chi2_per_dof"]) for k, v in report.spectra.items()}
