"""Markdown verification report (docs/verification.md) from `verify` results."""
from __future__ import annotations

from typing import Iterable

from cranisotropy.core.registry import SEEDS, Registry, Result, _eq_sort_key

_BADGE = {"reproduced": "reproduced", "differs": "**differs**", "failed": "**FAILED**"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def verification_markdown(results: Iterable[Result], registry: Registry, cover: dict) -> str:
    """One table per seed (equation, title, status, detail); `differs` rows carry the derived
    form; then what is out of scope, with reasons, and what is not covered yet."""
    results = list(results)
    lines = ["# Verification report", "",
             "Written by `cranisotropy verify` (do not edit). Each registered seed equation is",
             "re-derived and confirmed by an independent numerical method. Status `differs`",
             "means the printed equation disagrees with the derivation, which the numerical",
             "check confirms; the derived form and the evidence are given.", ""]
    counts = {s: sum(r.status == s for r in results) for s in _BADGE}
    lines += ["| status | count |", "|---|---|"] + [f"| {s} | {n} |" for s, n in counts.items()] + [""]
    for seed, title in SEEDS.items():
        c = cover[seed]
        lines += [f"## Seed {seed}: {title}", "",
                  f"Numbered equations: {c['total']}; checked {c['registered']}, out of scope "
                  f"{c['out_of_scope']}, not covered {len(c['missing'])}.", ""]
        rows = sorted((r for r in results if r.seed == seed), key=lambda r: _eq_sort_key(r.equation))
        if rows:
            lines += ["| eq. | what | status | detail |", "|---|---|---|---|"]
            for r in rows:
                detail = _cell(r.detail)
                if r.derived:
                    detail += f" Derived: `{_cell(r.derived)}`"
                lines.append(f"| {r.equation} | {_cell(r.title)} | {_BADGE[r.status]} | {detail} |")
            lines.append("")
        scoped = sorted((o for (s, _), o in registry.out_of_scope.items() if s == seed),
                        key=lambda o: _eq_sort_key(o.equation))
        if scoped:
            lines += ["Out of scope:", ""] + [f"- eq. {o.equation}: {_cell(o.reason)}" for o in scoped] + [""]
        if c["missing"]:
            lines += [f"Not covered yet: {', '.join(c['missing'])}.", ""]
    return "\n".join(lines)
