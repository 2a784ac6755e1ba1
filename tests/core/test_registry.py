"""The verify registry: outcomes, failures, coverage."""
import pytest

from cranisotropy.core.registry import (IMPACTS, SEED_EQUATIONS, Outcome, Registry, Result, coverage, differs,
                                        failed, findings, kind_counts, register_equation, register_out_of_scope,
                                        reproduced, run_check)


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
    assert differs("sign", derived="-x", effect="sign flip", impact="factor").derived == "-x"


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


# --------------------------------------------------------------------------- verdict kinds (issue 18)

def _run(check, **declared):
    reg = Registry()
    register_equation(seed="003", equation="2", title="t", claim="c", derivation="d", numerical_check="n",
                      registry=reg, **declared)(check)
    return run_check(reg.equations[("003", "2")])


def test_a_reproduced_verdict_is_as_printed_unless_the_declaration_restores_the_text():
    plain = _run(lambda: reproduced("fine"))
    assert (plain.status, plain.kind, plain.restored) == ("reproduced", "as-printed", None)
    restored = _run(lambda: reproduced("fine"), restored="a lost fraction bar; forced by a conservation law")
    assert (restored.status, restored.kind) == ("reproduced", "restored")
    data = restored.to_dict()
    assert data["kind"] == "restored" and data["restored"].startswith("a lost fraction bar")


def test_a_restored_declaration_does_not_turn_a_failure_or_a_finding_into_a_reproduction():
    assert _run(lambda: failed("broken"), restored="x").kind == "failed"
    finding = _run(lambda: differs("1/3, not 1/6", derived="1/3", effect="factor 2", impact="factor"),
                   restored="x")
    assert (finding.status, finding.kind) == ("differs", "paper-error")


def test_a_finding_states_its_kind_effect_and_impact():
    with pytest.raises(TypeError):
        differs("sign", derived="-x")                      # effect and impact are required
    with pytest.raises(ValueError, match="impact"):
        differs("sign", derived="-x", effect="sign flip", impact="huge")
    with pytest.raises(ValueError, match="kind"):
        differs("sign", derived="-x", effect="sign flip", impact="factor", kind="as-printed")
    result = _run(lambda: differs("two statements disagree", derived="-x", effect="5 deg", impact="quoted number",
                                  kind="inconsistent"), rests_on="eq. 2 reconstructed as ...")
    data = result.to_dict()
    assert (data["kind"], data["effect"], data["impact"]) == ("inconsistent", "5 deg", "quoted number")
    assert data["rests_on"] == "eq. 2 reconstructed as ..."


def test_findings_are_ordered_by_impact_and_one_effect_is_one_finding():
    def result(seed, equation, impact, effect):
        return Result(seed, equation, "t", "differs", "d", 0.0, {}, "x", "paper-error", effect=effect, impact=impact)

    results = [result("000", "num:lambda", "rounding", "0.08 %"),
               result("001", "3", "factor", "factor 2"),
               result("000", "11", "invalid", "K infinite"),
               result("000", "9", "invalid", "K infinite"),
               Result("000", "1", "t", "reproduced", "d", 0.0, {}, None, "restored", restored="x")]
    groups = findings(results)
    assert [[r.equation for r in g] for g in groups] == [["11", "9"], ["3"], ["num:lambda"]]
    assert list(IMPACTS)[0] == "invalid" and list(IMPACTS)[-1] == "rounding"


def test_coverage_counts_restored_equations_separately():
    reg = Registry()
    results = [Result("003", "1", "t", "reproduced", "d", 0.0, {}, None, "as-printed"),
               Result("003", "2", "t", "reproduced", "d", 0.0, {}, None, "restored", restored="x"),
               Result("003", "6", "t", "differs", "d", 0.0, {}, "x", "paper-error", effect="e", impact="factor"),
               Result("003", "num:q", "t", "reproduced", "d", 0.0, {}, None, "restored", restored="x")]
    by_kind = coverage(reg, results)["003"]["by_kind"]
    assert by_kind == {"as-printed": 1, "restored": 1, "paper-error": 1, "inconsistent": 0, "failed": 0}
    assert kind_counts(results)["restored"] == 2            # quoted numbers count in the totals


@pytest.mark.slow
def test_every_verdict_of_verify_has_a_kind_and_the_findings_are_few():
    """The acceptance of issue 18 on the full run: kinds everywhere, no failure, at most 12 findings."""
    from cranisotropy.core.registry import KINDS, verify

    results = verify(show_progress=False)
    assert all(r.kind in KINDS[r.status] for r in results)
    assert sum(r.status == "failed" for r in results) == 0
    assert sum(r.status == "differs" for r in results) <= 12
    assert all(r.effect and r.impact for r in results if r.status == "differs")
    assert all(r.restored for r in results if r.kind == "restored")


def test_declared_restorations_and_reconstructions():
    """Which entries read a garbled extraction (restored) and which rest on a reconstruction of an
    unreadable equation: the re-examination of issue 18, pinned on the declarations (no check runs).
    Shared checks are restored only where that seed's text is garbled (004 eq. 67, not 002 eq. 2.3)."""
    from cranisotropy.core.registry import load_checks

    registry = load_checks()
    restored = {key for key, eq in registry.equations.items() if eq.restored}
    assert {k for k in restored if k[0] != "004"} == {
        ("000", "1"), ("000", "num:I_diffusion"), ("001", "2"), ("001", "12"), ("001", "num:eps_milagro"),
        ("001", "num:inner_first_order"), ("003", "20")}
    assert {e for s, e in restored if s == "004"} == {
        "3", "4", "15", "16", "18", "22", "25", "27", "28", "31", "32", "40", "41", "42", "48", "49", "52", "54",
        "55", "59", "65", "67", "69", "70", "71", "75", "A.1", "A.2", "num:fov_icecube", "num:hawc_sensitivity"}
    assert ("002", "2.3") not in restored and ("004", "67") in restored
    assert {key for key, eq in registry.equations.items() if eq.rests_on} == {
        ("001", "2"), ("001", "3"), ("001", "4"), ("001", "5"), ("001", "num:r"), ("004", "4"),
        ("004", "num:hawc_sensitivity")}
    assert all("Forced" in eq.restored or "Not forced" in eq.restored
               for eq in registry.equations.values() if eq.restored)
