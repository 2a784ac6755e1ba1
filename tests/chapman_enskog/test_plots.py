"""numerics/chapman_enskog/plots.py: figures go where they are asked, never into the tree."""
from __future__ import annotations

from cranisotropy.numerics.chapman_enskog.plots import dispersion_figure


def test_dispersion_figure_is_written_into_the_given_folder(tmp_path):
    path = dispersion_figure(tmp_path / "figs", points=12)
    assert path == tmp_path / "figs" / "chapman_enskog_dispersion.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
