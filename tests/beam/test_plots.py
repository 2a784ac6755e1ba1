"""numerics/beam/plots.py: the figures are written where asked, and Fig. 2's inset hides no data."""
from __future__ import annotations

import numpy as np
import pytest

import cranisotropy as c
from cranisotropy.numerics.beam import plots


@pytest.fixture(scope="module")
def fig2():
    return plots.plot_fig2()


def test_fig2_inset_and_legend_hide_no_data(fig2):
    """No point of the main curves falls behind the inset (its labels included) or the legend."""
    fig2.canvas.draw()
    ax = fig2.axes[0]
    inset = ax.child_axes[0]
    covered = [inset.get_tightbbox(), ax.get_legend().get_window_extent()]
    for line in ax.get_lines():
        points = ax.transData.transform(line.get_xydata())
        for box in covered:
            inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                      & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
            assert not inside.any(), f"{line.get_label()}: {inside.sum()} points hidden"


def test_fig2_curves_are_the_outer_and_full_solutions(fig2):
    main, full = fig2.axes[0].get_lines()[:2]
    mu, minus_phi = main.get_xydata().T
    assert np.allclose(-minus_phi, c.outer_mode()(mu), rtol=1e-12, atol=0)
    assert full.get_ydata()[-1] == pytest.approx(-(1 - c.beam(eps=plots.FIG2_EPS).finite_a.excess), rel=0.02)


def test_beam_figures_writes_three_pngs_into_the_given_folder(tmp_path):
    studies = c.validate_beam(quick=True).studies
    paths = c.beam_figures(tmp_path / "out", studies=studies)
    assert [p.name for p in paths] == ["beam_convergence.png", "beam_fig2.png", "beam_scattering.png"]
    assert all(p.parent == tmp_path / "out" and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)
