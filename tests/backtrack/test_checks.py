"""numerics/backtrack/checks.py: the quoted numbers of the backtracking set-up."""
from __future__ import annotations

from cranisotropy.core.registry import verify


def test_the_galactic_gyroradius_ratio_is_a_quoted_number_finding():
    (result,) = verify(seed="002", equation="num:rL_Lc_galaxy", show_progress=False)
    assert (result.status, result.kind, result.impact) == ("differs", "paper-error", "quoted number")
    ratio = result.evidence["r_L_over_L_c"]
    assert 1e-4 < ratio < 1.5e-4 and abs(result.evidence["integration"] / ratio - 1) < 1e-6
    assert "r_L << L_c" in result.effect
