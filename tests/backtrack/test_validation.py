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
