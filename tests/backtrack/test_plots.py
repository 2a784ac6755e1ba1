"""Figures of a campaign (numerics/backtrack/plots.py), drawn from an analysis summary."""
import pytest

from cranisotropy.numerics.backtrack import plots
from cranisotropy.numerics.backtrack.analysis import analyse
from cranisotropy.numerics.backtrack.campaign import ResultsStore


@pytest.fixture(scope="module")
def summary(serial_run):
    return analyse(ResultsStore.open(serial_run))


@pytest.fixture
def drawn(monkeypatch):
    """The figures the plot functions save (kept open for inspection)."""
    figures = []
    monkeypatch.setattr(plots, "_save", lambda fig, path: figures.append(fig) or path)
    yield figures
    import matplotlib.pyplot as plt

    plt.close("all")


def test_every_multipole_of_the_spectrum_figure_is_labelled(summary, drawn):
    plots.plot_spectrum_evolution(summary, "spectrum.png")
    (fig,) = drawn
    lmax = len(summary["gradients"]["parallel"]["C_l"][0]) - 1
    for ax in fig.axes:
        curves = [line for line in ax.get_lines() if len(line.get_xdata())]
        assert len(curves) == lmax + 1 + 1 + 1  # each l, the standard dipole, the noise
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels[:lmax + 1] == [rf"$\ell = {ell}$" for ell in range(lmax + 1)]
    colours = [line.get_color() for line in fig.axes[0].get_lines()[:lmax + 1]]
    assert len({str(c) for c in colours}) == lmax + 1  # every l its own colour


def test_all_figures_are_written(summary, tmp_path):
    paths = [plots.plot_spectrum_evolution(summary, tmp_path / "a" / "s.png"),
             plots.plot_estimator(summary, tmp_path / "e.png"), plots.plot_diffusion(summary, tmp_path / "d.png"),
             plots.plot_liouville(summary, tmp_path / "l.png")]
    assert all(p.stat().st_size > 10_000 for p in paths)
