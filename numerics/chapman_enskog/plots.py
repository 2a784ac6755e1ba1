"""Figures of the Chapman–Enskog topic (docs/figures/chapman_enskog_*.png).

Drawn with matplotlib's object API (no pyplot state, no backend switch), from the public
results only: :func:`~cranisotropy.numerics.chapman_enskog.spectral.dispersion_relation`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

#: the panels of the dispersion figure: (title, D, largest eps k)
DISPERSION_PANELS = (("D = 1", "1", 2.4),
                     ("D = |mu|^(2/3)  (quasi-linear, q = 5/3)", "abs(mu)^(2/3)", 0.56))
DISPERSION_FILE = "chapman_enskog_dispersion.png"


def dispersion_figure(directory=None, *, points: int = 241) -> Path:
    """Exact decay rate against the Chapman–Enskog partial sums and the telegraph root.

    Two panels (D = 1 and ``D = |mu|^(2/3)``): -Re Gamma(eps k) of the slowest eigenvalue and of
    the next one, the partial sums to eps^2 (diffusion), eps^4, eps^8 and the slow telegraph
    root, in units of the scattering rate nu.  The kink of the exact curve is the branch point
    where the two slowest eigenvalues meet; beyond it they are a complex pair (a damped
    oscillation, ``|Im Gamma|`` dotted), so the series stops converging there.

    Parameters
    ----------
    directory : str or path, optional
        Output folder (default ``./cranisotropy-output``; created).
    points : int, keyword-only
        Wavenumbers per panel.

    Returns
    -------
    pathlib.Path
        The PNG written (``chapman_enskog_dispersion.png``).

    Examples
    --------
    >>> import tempfile
    >>> dispersion_figure(tempfile.mkdtemp(), points=12).name
    'chapman_enskog_dispersion.png'
    """
    from matplotlib.figure import Figure

    from cranisotropy.core.paths import output_dir
    from cranisotropy.numerics.chapman_enskog.spectral import dispersion_relation

    path = output_dir(directory) / DISPERSION_FILE
    fig = Figure(figsize=(10, 5.0), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, (title, D, kmax) in zip(axes, DISPERSION_PANELS):
        d = dispersion_relation(D, np.linspace(0, kmax, points), orders=(2, 4, 8))
        ax.plot(d.k, -d.exact.real, "k", lw=2.2, label="exact: slowest eigenvalue")
        ax.plot(d.k, -d.second.real, color="0.55", lw=1.2, label="next eigenvalue (anisotropic mode)")
        beyond = np.abs(d.exact.imag) > 1e-6 * np.abs(d.exact.real)
        ax.plot(d.k, np.where(beyond, np.abs(d.exact.imag), np.nan), "k:", lw=1,
                label="|Im Gamma| (oscillation frequency) beyond the branch point")
        for N, style in ((2, ":"), (4, "--"), (8, "-.")):
            name = "diffusion (eps^2)" if N == 2 else f"Chapman–Enskog to eps^{N}"
            ax.plot(d.k, -d.series[N].real, style, lw=1.4, label=name)
        ax.plot(d.k, -d.telegraph.real, color="tab:red", lw=1, label="telegraph (12): slow root (Re)")
        top = 1.15 * float(-d.second.real.min())
        if d.branch_point is not None:
            ax.axvline(d.branch_point, color="0.3", ls=(0, (1, 3)), lw=1)
            ax.annotate(f"branch point\neps k = {d.branch_point:.3f}:\nthe two slowest rates merge,\n"
                        "beyond: a complex pair\n(damped oscillation)",
                        xy=(d.branch_point, float(np.interp(d.branch_point, d.k, -d.exact.real))),
                        xytext=(0.04, 0.62), textcoords="axes fraction", fontsize=8,
                        arrowprops={"arrowstyle": "->", "color": "0.3", "lw": 0.8})
        ax.set_xlim(0, kmax)
        ax.set_ylim(0, top)
        ax.set_xlabel("eps k   (wavenumber in units of 1/l, eps = v/(l nu))")
        ax.set_ylabel("decay rate  -Re Gamma   (units of nu)")
        ax.set_title(title, fontsize=10)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3, fontsize=8)
    fig.savefig(path, dpi=110)
    return path


def chapman_enskog_figures(directory) -> list[Path]:
    """Write the figures of the Chapman–Enskog topic guide (docs/chapman_enskog.md).

    Parameters
    ----------
    directory : str or path
        Output folder (``cranisotropy regenerate --docs`` passes ``docs/figures``).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in chapman_enskog_figures(tempfile.mkdtemp())]   # doctest: +SKIP
    ['chapman_enskog_dispersion.png']
    """
    return [dispersion_figure(directory)]
