"""The generated multipole tables: exact entries, deterministic text, labelled forms."""
from cranisotropy import hierarchy_ratios, multipole_tables


def test_tables_are_deterministic_and_labelled():
    text = multipole_tables()
    assert text == multipole_tables()
    assert "eq. 4.7 printed" in text and "derived" in text
    row = next(line for line in text.splitlines() if line.startswith("| 2 | `3/10`"))   # eq. 21 at l = 2
    assert f"{hierarchy_ratios(2, 0.1)[1]:.10e}" in row
