"""numerics/beam/campaign.py: convergence of the full peaked eigenproblem to the matched
asymptotics (validate_beam) and the lambda1 benchmark.

The expectations are the theory's: residuals against the finite-a matched values are O(b)
(observed rate >= 0.8), those against the a, b -> 0 limit O(sqrt a) (rate ~ 1/2).  The full study
(about 20 spectral-element solves at two degrees per sequence) is ``slow``.
"""
from __future__ import annotations

import pytest

import cranisotropy as c
from cranisotropy.numerics.beam.campaign import SEQUENCES, convergence_failures, convergence_study


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SEQUENCES))
def test_convergence_to_matched_asymptotics(name):
    study = convergence_study(name)
    assert convergence_failures(study) == []
    res = study.relative_residuals
    # smallest b: within 0.3 % of the finite-a matched shift and excess
    assert abs(res["dlambda_vs_finite_a"][-1]) < 3e-3
    assert abs(res["excess_vs_next_order"][-1]) < 5e-3
    assert study.rates["dlambda_vs_finite_a"]["fit"] > 0.8
    if name == "a=b":
        assert 0.3 < study.rates["dlambda_vs_limit"]["fit"] < 0.65
        assert abs(res["dlambda_vs_limit"][-1]) < 0.1  # -> 0 like sqrt(a)


def test_quick_validation_passes_and_its_dict_has_the_cli_keys():
    result = c.validate_beam(quick=True)
    assert result.ok and result.failures == () and result.figures == ()
    data = result.to_dict()
    assert list(data) == ["studies", "failures", "figures", "criteria"]
    study = data["studies"][0]
    assert list(study) == ["sequence", "u", "lambda1", "limit_dlambda_over_b2", "limit_excess_over_b",
                           "rows", "relative_residuals", "rates"]
    assert len(study["rows"]) == 5 and "PASSED" in str(result)


def test_a_failed_criterion_is_reported():
    study = convergence_study("a=b", stride=4)
    broken = type(study)(**{**study.__dict__, "rates": {k: {**v, "fit": 0.1} for k, v in study.rates.items()}})
    assert any("observed rate 0.10" in f for f in convergence_failures(broken))


def test_bench_reports_digits_and_targets():
    result = c.bench_beam(repeat=1)
    assert result.lambda1_double["digits"] >= 12 and result.lambda1_mpmath["digits"] >= 25
    assert set(result.to_dict()) == {"lambda1_double", "lambda1_mpmath", "repeat"}


@pytest.mark.parametrize("call, fragment", [
    (lambda: c.validate_beam(degree=4), "degree"), (lambda: c.bench_beam(repeat=0), "repeat"),
    (lambda: convergence_study("no such"), "sequence"),
])
def test_bad_input_is_a_usage_error_naming_the_value(call, fragment):
    with pytest.raises(c.UsageError, match=fragment):
        call()
