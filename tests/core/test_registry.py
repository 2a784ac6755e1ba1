"""The verify registry: outcomes, failures, coverage."""
import pytest

from cranisotropy.core.registry import (SEED_EQUATIONS, Outcome, Registry, coverage, differs, failed,
                                   register_equation, register_out_of_scope, reproduced, run_check)


def _registry_with(check, equation="2"):
    reg = Registry()
    register_equation(seed="003", equation=equation, title="t", claim="c", derivation="d",
                      numerical_check="n", registry=reg)(check)
    return reg


def test_outcomes_are_validated():
    with pytest.raises(ValueError):
        Outcome("maybe", "no such status")
    with pytest.raises(ValueError, match="derived form"):
        Outcome("differs", "a differs outcome without the derived form")
    assert differs("sign", derived="-x").derived == "-x"


def test_a_crashing_check_is_reported_as_failed():
    def boom():
        raise ZeroDivisionError("division by zero in the check")

    reg = _registry_with(boom)
    result = run_check(reg.equations[("003", "2")])
    assert result.status == "failed" and "ZeroDivisionError" in result.detail


def test_a_check_returning_garbage_fails():
    reg = _registry_with(lambda: 42)
    assert run_check(reg.equations[("003", "2")]).status == "failed"


def test_results_serialise_numbers():
    import numpy as np

    reg = _registry_with(lambda: reproduced("fine", rel_error=np.float64(1e-16), digits=np.int64(15)))
    data = run_check(reg.equations[("003", "2")]).to_dict()
    assert data["evidence"] == {"rel_error": 1e-16, "digits": 15} and data["status"] == "reproduced"
    assert failed("x").status == "failed"


def test_duplicate_and_unknown_seed_registrations_are_refused():
    reg = _registry_with(lambda: reproduced("ok"))
    with pytest.raises(ValueError, match="twice"):
        register_equation(seed="003", equation="2", title="t", claim="c", derivation="d",
                          numerical_check="n", registry=reg)(lambda: None)
    with pytest.raises(ValueError, match="unknown seed"):
        register_equation(seed="042", equation="1", title="t", claim="c", derivation="d",
                          numerical_check="n", registry=reg)(lambda: None)


def test_coverage_counts_checked_reasoned_and_missing():
    reg = _registry_with(lambda: reproduced("ok"), equation="2")
    register_out_of_scope("003", "1", "a definition", registry=reg)
    register_equation(seed="003", equation="num:ratio", title="t", claim="c", derivation="d",
                      numerical_check="n", registry=reg)(lambda: reproduced("ok"))
    cov = coverage(reg)["003"]
    assert cov["registered"] == 1 and cov["out_of_scope"] == 1
    assert cov["total"] == len(SEED_EQUATIONS["003"]) and "3" in cov["missing"]
    assert cov["quoted_numbers_and_extras"] == ["num:ratio"]
