"""The seed-equation checks of this topic (numerics/confinement/checks.py) keep their verdicts."""
from __future__ import annotations

from cranisotropy.core.registry import verify

EXPECTED = {"1": ("reproduced", "restored"), "2": ("reproduced", "as-printed"), "3": ("reproduced", "as-printed"),
            "4": ("reproduced", "as-printed"), "5": ("reproduced", "as-printed"),
            "num:I_diffusion": ("reproduced", "restored"), "num:F_small_pi": ("differs", "paper-error"),
            "num:F_large_pi": ("reproduced", "as-printed"), "num:core_elevation": ("reproduced", "as-printed"),
            "num:D_NL": ("reproduced", "as-printed"), "num:pedestal": ("reproduced", "as-printed"),
            "num:tail": ("reproduced", "as-printed"), "num:break": ("reproduced", "as-printed")}


def test_verify_entries():
    """Statuses and kinds; the two extraction-restored equations are decided by the property that
    forces the restoration (the quasilinear integral (4)), which the extracted forms break."""
    results = {r.equation: r for r in verify(seed="000", equation=list(EXPECTED), show_progress=False)}
    assert {k: (r.status, r.kind) for k, r in results.items()} == EXPECTED
    assert all(r.derived and r.effect for r in results.values() if r.status == "differs")
    # eq. 1: with kappa_B/I the discrete (4) holds to round-off; with the extracted kappa_B it fails by O(1)
    eq1 = results["1"].evidence
    assert eq1["invariant_residual_reconstructed"] < 1e-9 < 0.1 < eq1["invariant_residual_extracted"]
    # the I-equation: (2) with P from (4) reproduces the coupled system; a linear diffusion of I does not
    i_eq = results["num:I_diffusion"].evidence
    assert i_eq["l1_derived"] < 2e-3 and i_eq["l1_extracted"] > 0.1
    assert "kappa_B/I" in results["1"].restored and "(4)" in results["1"].restored
    # F(Pi) for Pi << 1: F Pi^2/pi -> 4 (exact solution and ODE shooting), the text's 2 pi would give 2
    small = results["num:F_small_pi"].evidence
    assert abs(small["F_pi2_over_pi_exact"] - 4) < 0.01 and abs(small["F_pi2_over_pi_shooting"] - 4) < 0.01
