"""numerics/chapman_enskog/checks.py: the seed 000 Sec. III entries of ``verify``."""
from __future__ import annotations

from cranisotropy.core.registry import verify


def test_verify_statuses_for_seed_000_section_III():
    """Every equation of Sec. III is registered; (9) and (11) differ from the text (derived form
    attached): one finding, the hyperdiffusion numerator, printed in both; the others are
    reproduced as printed; none fails."""
    results = {r.equation: r for r in verify(seed="000", equation=[str(n) for n in range(6, 13)],
                                             show_progress=False)}
    statuses = {k: r.status for k, r in results.items()}
    assert statuses == {"6": "reproduced", "7": "reproduced", "8": "reproduced", "9": "differs",
                        "10": "reproduced", "11": "differs", "12": "reproduced"}, \
        {k: r.detail for k, r in results.items() if r.status == "failed"}
    assert "kappa(1+mu) - U" in results["11"].derived
    assert {(r.kind, r.impact) for k, r in results.items() if k in ("9", "11")} == {("paper-error", "invalid")}
    assert results["9"].effect == results["11"].effect                  # one finding, not two
    assert all(r.kind == "as-printed" for r in results.values() if r.status == "reproduced")
    # the printed average diverges: its partial integrals grow by ~2 kappa^2 ln(1e4) = 8.19 (D = 1)
    growth = (results["11"].evidence["printed_average_D=1_cut_1e-8"]
              - results["11"].evidence["printed_average_D=1_cut_1e-4"])
    assert growth > 8


def test_details_are_deterministic():
    """The report states bounds, not round-off digits: two runs give the same details."""
    first = [r.detail for r in verify(seed="000", equation=["7", "12"], show_progress=False)]
    assert first == [r.detail for r in verify(seed="000", equation=["7", "12"], show_progress=False)]
