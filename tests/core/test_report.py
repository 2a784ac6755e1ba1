"""The verification report (cranisotropy/core/report.py) and the findings it shares with docs/index.md."""
import re
from pathlib import Path

from cranisotropy.core.registry import Registry, Result, coverage, register_equation, reproduced
from cranisotropy.core.report import verification_markdown

ROOT = Path(__file__).resolve().parents[2]
_FINDING = re.compile(r"^\d+\. \*\*(.+?)\*\*", re.M)


def _results():
    return [Result("003", "1", "Liouville", "reproduced", "holds", 0.1, {}, None, "as-printed"),
            Result("003", "2", "Boltzmann", "reproduced", "holds", 0.1, {}, None, "restored",
                   restored="a lost sign; forced by eq. 1"),
            Result("003", "20", "hierarchy", "differs", "exponent misplaced", 0.1, {}, "e^-T", "paper-error",
                   effect="0.33 at l = 3", impact="factor"),
            Result("003", "6", "kernel", "differs", "K^s needed", 0.1, {}, "K^s", "paper-error",
                   effect="a factor sqrt(1 + Omega^2/nu^2)", impact="invalid", rests_on="eq. 5 reconstructed")]


def _registry(results):
    reg = Registry()
    for r in results:
        register_equation(seed=r.seed, equation=r.equation, title=r.title, claim="c", derivation="d",
                          numerical_check="n", registry=reg)(lambda: reproduced("unused"))
    return reg


def _report(results):
    reg = _registry(results)
    return verification_markdown(results, reg, coverage(reg, results))


def test_the_report_summarises_only_findings_most_important_first():
    text = _report(_results())
    summary = text.split("## Findings", 1)[1].split("## Seed", 1)[0]
    assert _FINDING.findall(summary) == ["003 eq. 6", "003 eq. 20"]          # invalid before factor
    assert "a factor sqrt(1 + Omega^2/nu^2)" in summary and "Liouville" not in summary


def test_the_report_says_what_was_restored_and_counts_it_separately():
    text = _report(_results())
    assert "checked 4 (as printed 1, restored 1, paper error 2)" in text
    row = next(line for line in text.splitlines() if line.startswith("| 2 |"))
    assert "reproduced (restored)" in row and "Restored: a lost sign; forced by eq. 1." in row
    row = next(line for line in text.splitlines() if line.startswith("| 6 |"))
    assert "Effect: a factor" in row and "Rests on: eq. 5 reconstructed." in row


def test_the_documented_findings_are_the_reports_findings_in_the_same_order():
    """docs/index.md lists exactly the paper errors and inconsistencies of docs/verification.md, in the
    report's order (by impact), each with a number for the size of its effect."""
    report = (ROOT / "docs" / "verification.md").read_text()
    summary = report.split("## Findings", 1)[1].split("## Seed", 1)[0]
    index = (ROOT / "docs" / "index.md").read_text()
    section = index.split("## Findings", 1)[1].split("\n## ", 1)[0]
    assert _FINDING.findall(section) == _FINDING.findall(summary)
    differing = {f"{seed} {'' if eq.startswith('num:') else 'eq. '}{eq}"
                 for seed, body in re.findall(r"## Seed (\d{3}):(.*?)(?=\n## |\Z)", report, re.S)
                 for eq in re.findall(r"^\| (\S+) \|[^|]*\| \*\*differs\*\*", body, re.M)}
    assert {name for group in _FINDING.findall(summary) for name in group.split(" / ")} == differing
    for item in re.split(r"\n(?=\d+\. )", section.strip())[1:]:
        assert re.search(r"\d", item.split("**", 2)[2]), item
