"""The figures (numerics/confinement/plots.py)."""
from __future__ import annotations

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import confinement_figures
from cranisotropy.numerics.confinement.plots import FIGURES


def test_one_figure_into_a_folder(tmp_path):
    written = confinement_figures(tmp_path, which=["confinement_zones.png"])
    assert [p.name for p in written] == ["confinement_zones.png"] and written[0].stat().st_size > 10_000


@pytest.mark.slow
def test_all_figures(tmp_path):
    assert sorted(p.name for p in confinement_figures(tmp_path)) == sorted(FIGURES)


def test_unknown_figure():
    with pytest.raises(UsageError, match="nope"):
        confinement_figures(which=["nope.png"])
