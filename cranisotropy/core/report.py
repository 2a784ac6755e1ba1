"""Markdown verification report (docs/verification.md) from `verify` results."""
from __future__ import annotations

from typing import Iterable

from cranisotropy.core.registry import (IMPACTS, KINDS, SEEDS, Registry, Result, _eq_sort_key,
                                        findings, kind_counts)

_BADGE = {"reproduced": "reproduced", "differs": "**differs**", "failed": "**FAILED**"}

#: what each verdict kind means, in the report's words
KIND_MEANING = {
    "as-printed": "the text is right as printed",
    "restored": "the extracted text is garbled; the entry says what was restored and why that "
                "reading is forced",
    "paper-error": "the paper's statement is wrong; the entry gives the derived form, the evidence "
                   "and the size of the effect",
    "inconsistent": "two statements of the paper disagree; the entry gives both readings",
    "failed": "our own check failed",
}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _label(kind: str) -> str:
    return kind.replace("-", " ")


def entry_name(r: Result) -> str:
    """'000 eq. 9' for a numbered equation, '001 num:lambda1' for a quoted number."""
    return f"{r.seed} {r.equation}" if r.equation.startswith("num:") else f"{r.seed} eq. {r.equation}"


def entry_names(group: list[Result]) -> str:
    """'000 eq. 9 / 000 eq. 11' (one finding printed in several equations or seeds)."""
    return " / ".join(entry_name(r) for r in group)


def findings_markdown(results: Iterable[Result]) -> list[str]:
    """The findings (paper errors and inconsistencies), most important first, each with its
    effect: the report's summary."""
    groups = findings(results)
    lines = ["## Findings", "",
             "The entries that differ from the papers, most important first (impact: "
             + "; ".join(f"*{name}*: {meaning}" for name, meaning in IMPACTS.items())
             + "). Everything else is reproduced, as printed or restored.", ""]
    if not groups:
        return lines + ["None.", ""]
    for n, group in enumerate(groups, 1):
        first = group[0]
        lines.append(f"{n}. **{entry_names(group)}** ({_label(first.kind)}; {first.impact}), "
                     f"{_cell(first.title)}: {_cell(first.effect)}")
    return lines + [""]


def _detail(r: Result) -> str:
    parts = []
    if r.restored:
        parts.append(f"Restored: {_cell(r.restored)}.")
    parts.append(_cell(r.detail))
    if r.effect:
        parts.append(f"Effect: {_cell(r.effect)}.")
    if r.rests_on:
        parts.append(f"Rests on: {_cell(r.rests_on)}.")
    if r.derived:
        parts.append(f"Derived: `{_cell(r.derived)}`")
    return " ".join(parts)


def _verdict(r: Result) -> str:
    return _BADGE[r.status] if r.status == "failed" else f"{_BADGE[r.status]} ({_label(r.kind)})"


def verification_markdown(results: Iterable[Result], registry: Registry, cover: dict) -> str:
    """The findings, then one table per seed (equation, title, verdict, detail): restored entries
    say what was restored, `differs` rows carry the effect and the derived form; then what is
    out of scope, with reasons, and what is not covered yet.  ``cover`` is
    :func:`~cranisotropy.core.registry.coverage` with the results (``by_kind``)."""
    results = list(results)
    lines = ["# Verification report", "",
             "Written by `cranisotropy verify` (do not edit). Each registered seed equation is",
             "re-derived and confirmed by an independent numerical method. Every entry says what",
             "kind of verdict it is:", ""]
    lines += [f"- {status} / {_label(kind)}: {KIND_MEANING[kind]};" for status, kinds in KINDS.items()
              for kind in kinds if status != "failed"]
    lines += ["", "A *rests on* note names the reconstruction of an unreadable equation that a "
                  "verdict depends on.", ""]
    counts = kind_counts(results)
    lines += ["| status | kind | count |", "|---|---|---|"]
    lines += [f"| {status} | {_label(kind) if status != 'failed' else ''} | {counts[kind]} |"
              for status, kinds in KINDS.items() for kind in kinds]
    lines += [""] + findings_markdown(results)
    for seed, title in SEEDS.items():
        c = cover[seed]
        by_kind = c.get("by_kind") or kind_counts(())
        verdicts = ", ".join(f"{_label(k)} {n}" for k, n in by_kind.items() if n)
        lines += [f"## Seed {seed}: {title}", "",
                  f"Numbered equations: {c['total']}; checked {c['registered']}"
                  + (f" ({verdicts})" if verdicts else "")
                  + f", out of scope {c['out_of_scope']}, not covered {len(c['missing'])}.", ""]
        rows = sorted((r for r in results if r.seed == seed), key=lambda r: _eq_sort_key(r.equation))
        if rows:
            lines += ["| eq. | what | verdict | detail |", "|---|---|---|---|"]
            lines += [f"| {r.equation} | {_cell(r.title)} | {_verdict(r)} | {_detail(r)} |" for r in rows]
            lines.append("")
        scoped = sorted((o for (s, _), o in registry.out_of_scope.items() if s == seed),
                        key=lambda o: _eq_sort_key(o.equation))
        if scoped:
            lines += ["Out of scope:", ""] + [f"- eq. {o.equation}: {_cell(o.reason)}" for o in scoped] + [""]
        if c["missing"]:
            lines += [f"Not covered yet: {', '.join(c['missing'])}.", ""]
    return "\n".join(lines)
