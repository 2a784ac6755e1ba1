"""numerics/chapman_enskog/tables.py: the generated tables of docs/chapman_enskog.md."""
from __future__ import annotations

from cranisotropy.numerics.chapman_enskog import chapman_enskog_tables


def test_tables_hold_the_hand_derived_D_equal_1_row_and_are_deterministic():
    """kappa = 2/3, K = 11/270, tau/eps^2 = 11/120 for D = 1 (derived by hand in
    test_hierarchy.py); the text is the same on a second run."""
    text = chapman_enskog_tables(order=4)
    assert "| 1 | `2/3` | `11/270` | `11/120` |" in text
    assert "| \\|mu\\|^(2/3) | `18/7` |" in text
    assert chapman_enskog_tables(order=4) == text
