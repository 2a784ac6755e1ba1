"""Figures of the sky topic guide (numerics/sky/plots.py)."""
from __future__ import annotations

import pytest

from cranisotropy import UsageError, sky_figures

NAMES = ["sky_transfer_matrix.png", "sky_dipole_factors.png", "sky_solar_cg.png", "sky_mc_pseudo_cl.png"]


def test_sky_figures_writes_the_four_figures_into_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = sky_figures(realisations=10)
    out = tmp_path / "cranisotropy-output"
    assert [p.split("/")[-1] for p in result.figures] == NAMES
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)          # no checkpoints left behind
    assert all((out / name).stat().st_size > 10_000 for name in NAMES)
    assert result.to_dict() == {"figures": [str(out / name) for name in NAMES]}


def test_sky_figures_refuses_too_few_realisations(tmp_path):
    with pytest.raises(UsageError, match="realisations"):
        sky_figures(tmp_path, realisations=1)
