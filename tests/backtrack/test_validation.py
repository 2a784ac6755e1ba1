"""Validation campaign (numerics/backtrack/validation.py): the Liouville check of seed 003 eq. 13 (a
homogeneous dipole in pure turbulence keeps its total angular power sum_l (2l+1)<C_l>(T) while the
power moves from l = 1 to higher l), summaries of partial runs, the validate_backtrack entry."""
import pytest

from cranisotropy.numerics.backtrack.analysis import analyse
from cranisotropy.numerics.backtrack.campaign import ResultsStore
from cranisotropy.numerics.backtrack.runner import run_campaign
from cranisotropy.numerics.backtrack.validation import LIOUVILLE, liouville_check


def _check(params, path):
    run_campaign(params, path, serial=True)
    return liouville_check(analyse(ResultsStore.open(path)))


def test_liouville_small(tmp_path):
    params = LIOUVILLE.replace(nside=4, realisations=64, n_modes=32, omega_times=(0.0, 5.0, 20.0, 50.0),
                               seed=31)
    for orient, result in _check(params, tmp_path / "small").items():
        assert result["ok"], (orient, result)
        assert result["l_ge_2_fraction_final"] > 0.5


@pytest.mark.slow
def test_liouville_full(tmp_path):
    """The validation campaign's set-up with a fresh seed and twice the realisations."""
    params = LIOUVILLE.replace(realisations=96, seed=4242)
    for orient, result in _check(params, tmp_path / "full").items():
        assert result["ok"], (orient, result)
        assert result["dipole_fraction_final"] < 0.05 and result["l_ge_2_fraction_final"] > 0.9


def test_one_realisation_gives_a_json_summary_without_errors(tiny, tmp_path):
    """With one realisation there are no standard errors: chi^2 and pulls are None, not NaN."""
    import json

    from cranisotropy.numerics.backtrack.models import default_predictions
    from cranisotropy.numerics.backtrack.validation import bgk_comparison, tensor_consistency

    run_campaign(tiny, tmp_path / "one", serial=True, max_realisations=1)
    summary = analyse(ResultsStore.open(tmp_path / "one"))
    bgk = bgk_comparison(summary, default_predictions())
    json.dumps([summary, bgk, tensor_consistency(summary)], allow_nan=False)
    if bgk is not None:
        row = bgk["parallel"][next(iter(bgk["parallel"]))]
        assert row["best"] == {"printed": None, "consistent": None}


@pytest.mark.slow
def test_validate_backtrack_partial_quick_run(tmp_path):
    """One realisation of the quick preset: figures in output_dir, summary.json in the results."""
    import json

    from cranisotropy.numerics.backtrack.validation import validate_backtrack

    result = validate_backtrack("quick", output_dir=tmp_path / "figs", max_realisations=1, serial=True)
    assert result.checks["integrators"]["ok"] and all(result.checks["liouville"].values())
    assert sorted(p.name for p in (tmp_path / "figs").glob("*.png")) == [
        "backtrack_liouville.png", "backtrack_quick-partial_diffusion.png",
        "backtrack_quick-partial_estimator.png", "backtrack_quick-partial_spectrum.png"]
    saved = json.loads((tmp_path / "figs" / "backtrack-quick" / "summary.json").read_text())
    assert saved == result.to_dict()


def test_bgk_tensor_comparison_fixes_nu_by_the_parallel_coefficient(serial_run):
    """nu from K_par = 1/(3 nu) reproduces K_par through the multipoles topic's BGK tensor."""
    from cranisotropy.numerics.backtrack.models import default_predictions
    from cranisotropy.numerics.backtrack.validation import bgk_tensor_comparison

    result = bgk_tensor_comparison(analyse(ResultsStore.open(serial_run)), default_predictions())
    assert result["bgk"]["parallel"] == pytest.approx(result["measured"]["parallel"], rel=1e-12)
    assert result["omega"] == 10.0  # charge * B0 / r_L with r_L = 0.1 L_c


def test_best_fit_exponent_recovers_a_known_p_with_unit_pulls():
    """Ratios drawn around the model at p = 1/2 with known errors: the fitted p scatters about
    1/2 with pulls (p - 1/2)/error of unit width, for both forms of the model."""
    import numpy as np

    from cranisotropy.numerics.backtrack.validation import best_fit_exponent
    from cranisotropy.numerics.multipoles import generalized_bgk_ratios

    rng = np.random.default_rng(19)
    use = np.arange(1, 13) >= 2
    for form in ("printed", "consistent"):
        true = generalized_bgk_ratios(0.5, 12, form=form)
        sigma = 0.1 * np.abs(true)
        pulls = []
        for _ in range(60):
            fit = best_fit_exponent(true + sigma * rng.normal(size=true.size), sigma,
                                    lambda p: generalized_bgk_ratios(p, 12, form=form), use)
            pulls.append((fit["p"] - 0.5) / fit["error"])
        assert abs(np.mean(pulls)) < 0.4 and 0.7 < np.std(pulls) < 1.3, (form, np.mean(pulls), np.std(pulls))


def test_sum_rule_fits_recover_a_plus_b_over_T():
    from cranisotropy.numerics.backtrack.validation import sum_rule_fits

    wt = [0.0, 1.0, 2.0, 5.0, 20.0]
    residual = {k: [None] + [a + b / t for t in wt[1:]] for k, a, b in
                (("total", 0.01, -0.3), ("monopole", -0.02, 0.1), ("multipoles", 0.0, 0.5))}
    fits = sum_rule_fits({"omega_times": wt, "gradients": {"parallel": {"sum_rule_residuals": residual}}},
                         omega_t_min=1.0)
    for key, a, b in (("total", 0.01, -0.3), ("monopole", -0.02, 0.1), ("multipoles", 0.0, 0.5)):
        assert fits["parallel"][key]["a"] == pytest.approx(a, abs=1e-12)
        assert fits["parallel"][key]["b"] == pytest.approx(b, rel=1e-10)
        assert fits["parallel"][key]["rms"] < 1e-12


def test_the_paper_preset_writes_its_tables(tiny, tmp_path, monkeypatch):
    """A complete run of the paper preset (here made tiny) leaves <C_l>(T) for every time and
    l <= 20 with errors and noise, and a summary with fits and provenance."""
    import csv
    import json

    from cranisotropy.numerics.backtrack import campaign
    from cranisotropy.numerics.backtrack.validation import PAPER_LMAX, validate_backtrack

    params = tiny.replace(nside=8, realisations=3, omega_times=(0.0, 5.0, 30.0, 40.0))
    monkeypatch.setitem(campaign.PRESETS, "paper", params)
    result = validate_backtrack("paper", output_dir=tmp_path / "fig", results_dir=tmp_path / "run", serial=True)
    names = sorted(p.rsplit("/", 1)[-1] for p in result.figures)
    assert "backtrack_paper_C_l.csv" in names and "backtrack_paper_spectrum.png" in names
    rows = list(csv.DictReader(open(tmp_path / "fig" / "backtrack_paper_C_l.csv")))
    assert len(rows) == 2 * len(params.omega_times) * (PAPER_LMAX + 1)
    data = json.loads((tmp_path / "fig" / "backtrack_paper_summary.json").read_text())
    assert data["provenance"]["realisations"] == 3 and data["provenance"]["parameters"]["nside"] == 8
    assert data["provenance"]["cpu_seconds"] > 0
    assert set(data["sum_rule_fits"]["parallel"]) == {"total", "monopole", "multipoles"}
    assert data["sum_rule_fits"]["parallel"]["total"]["omega_t_range"] == [30.0, 40.0]
    fit = data["bgk"]["parallel"]["5"]["best_fit"]["consistent"]
    assert 0 < fit["p"] < 1
