"""The seed-equation checks of this topic (numerics/confinement/checks.py) keep their verdicts."""
from __future__ import annotations

from cranisotropy.core.registry import verify

EXPECTED = {"1": "differs", "2": "reproduced", "3": "reproduced", "4": "reproduced", "5": "reproduced",
            "num:I_diffusion": "differs", "num:F_small_pi": "differs", "num:F_large_pi": "reproduced",
            "num:core_elevation": "reproduced", "num:D_NL": "reproduced", "num:pedestal": "reproduced",
            "num:tail": "reproduced", "num:break": "reproduced"}


def test_verify_entries():
    results = verify(seed="000", equation=list(EXPECTED), show_progress=False)
    assert {r.equation: r.status for r in results} == EXPECTED
    assert all(r.derived for r in results if r.status == "differs")
