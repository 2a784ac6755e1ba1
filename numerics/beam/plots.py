"""Figures of the beam topic (the committed ones are docs/figures/beam_*.png).

Each ``plot_*`` function returns a :class:`matplotlib.figure.Figure` (no pyplot state, no backend
switch, so it also works in notebooks); :func:`beam_figures` writes the three PNGs.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from cranisotropy.numerics.beam.full import peaked_eigenproblem
from cranisotropy.numerics.beam.matched import beam, inner_solution, matched_expansion
from cranisotropy.numerics.beam.outer import outer_correction, outer_mode
from cranisotropy.numerics.beam.scattering import gs_scattering_coefficient, gs_scattering_forms

_STYLE = {"a=b": ("o", "C0"), "a=1e-3": ("^", "C1"), "a=b, u=0.05": ("D", "C2")}
#: the Milagro case of seed 001 Fig. 2: eps of a 10 degree beam, V_A/c = 1e-4
FIG2_EPS = 2.07e-3


def _figure(**kw):
    from matplotlib.figure import Figure

    return Figure(layout="constrained", **kw)


def plot_convergence(studies) -> "Figure":  # noqa: F821
    """|full - matched| against b for each :class:`~cranisotropy.numerics.beam.campaign.ConvergenceStudy`,
    with b^(1/2) and b reference slopes."""
    fig = _figure(figsize=(10, 4.8))
    axes = fig.subplots(1, 2)
    panels = ((axes[0], "dlambda", r"$|\delta\lambda/b^2 - \mathrm{matched}|\,/\,(\delta\lambda/b^2)_0$"),
              (axes[1], "excess", r"$|\mathrm{excess}/b - \mathrm{matched}|\,/\,(\lambda_1(1+u)/2)$"))
    for ax, key, label in panels:
        for st in studies:
            marker, color = _STYLE.get(st.sequence, ("s", "C3"))
            b = np.array([r["b"] for r in st.rows])
            res = st.relative_residuals
            limit = np.abs(res[f"{key}_vs_limit"])
            other = np.abs(res[f"{key}_vs_finite_a" if key == "dlambda" else f"{key}_vs_next_order"])
            ax.loglog(b, limit, marker=marker, color=color, ls="-", mfc="none",
                      label=f"{st.sequence}: vs a,b$\\to$0 limit")
            ax.loglog(b, other, marker=marker, color=color, ls="--",
                      label=f"{st.sequence}: vs " + ("finite-a matched" if key == "dlambda"
                                                      else "matched incl. $b^2\\ln b$"))
        bb = np.array([6e-5, 3e-2])
        ax.loglog(bb, 0.9 * np.sqrt(bb / bb[-1]), "k:", lw=1, label=r"$\propto b^{1/2}$")
        ax.loglog(bb, 8e-2 * bb / bb[-1], "k-.", lw=1, label=r"$\propto b$")
        ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
        ax.set_xlabel("b (beam width in 1 - mu)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_title("eigenvalue shift: full eigenproblem vs matched asymptotics", fontsize=9)
    axes[1].set_title("beam excess (flattening at mu = 1)", fontsize=9)
    return fig


def plot_fig2(eps: float = FIG2_EPS, va_over_c: float = 1e-4) -> "Figure":  # noqa: F821
    """Seed 001 Fig. 2: outer eigenfunction Phi (dashed) and the solution with the peak (solid),
    with an inset at the end point mu = 1 (in w = (1-mu)/b) showing the logarithm of the outer
    solution Phi + delta_lambda Psi^(1) and the first-order inner solution.

    The inset sits in the lower left, below the main curves, and the legend above the axes, so
    that neither hides data."""
    characteristics = beam(eps=eps, va_over_c=va_over_c, count=1)
    b, a = characteristics.b, characteristics.a
    mode = outer_mode(0.0)
    sol = peaked_eigenproblem(b, a, mode=mode)
    dlam = matched_expansion(b, a, mode=mode).dlambda_over_b2 * b * b
    corr = outer_correction(mode)
    sign = -1.0  # physical orientation: mu = 1 is the minimum of the large-scale part
    mu = np.linspace(-1, 1, 801)
    fig = _figure(figsize=(6.4, 5.0))
    ax = fig.subplots()
    ax.plot(mu, sign * mode(mu), "k--", lw=1.3,
            label=r"$\Phi(\mu)$, eq. (9) ($\lambda_1$ = %.4f)" % mode.eigenvalue)
    ax.plot(mu, sign * sol(mu), "C0-", lw=1.3,
            label=f"full eq. (8) with the peak, eps = {eps:g} (b = {b:.4f}, a = {a:.2e})")
    ax.set_xlabel(r"$\mu = \cos\vartheta$")
    ax.set_ylabel(r"$\Psi$ (normalised: $\Phi(1) = -1$)")
    ax.set_xlim(-1, 1)
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.01), frameon=False)
    ax.grid(alpha=0.3)
    # lower left: below Psi >= 0 (mu < 0.3) and left of the steep drop near mu = 1
    ins = ax.inset_axes([0.1, 0.1, 0.5, 0.4])
    w = np.logspace(-4, math.log10(6.0), 241)
    mu_w = 1 - b * w
    outer_pert = mode(mu_w) + dlam * corr(np.minimum(mu_w, corr.mu_max))
    ins.semilogx(w, sign * mode(mu_w), "k--", lw=1, label=r"$\Phi$")
    ins.semilogx(w, sign * outer_pert, "C3:", lw=1.5, label=r"$\Phi + \delta\lambda\,\Psi^{(1)}$ (log)")
    ins.semilogx(w, sign * inner_solution(w, b, a, mode=mode), "C2-.", lw=1.2, label="inner, 1st order")
    ins.semilogx(w, sign * sol(mu_w), "C0-", lw=1, label="full")
    ins.set_xlabel(r"$w = (1-\mu)/b$", fontsize=7)
    ins.tick_params(labelsize=6)
    ins.legend(fontsize=5.5, loc="upper left")
    ins.grid(alpha=0.3)
    return fig


def plot_scattering(eps: float = 1e-3, delta: float = 1e-4, points: int = 36) -> "Figure":  # noqa: F821
    """D_mumu/(1-mu^2) in units of v/l against 1 - mu: the reconstructed eq. (2) by quadrature
    (``points`` values), the Bessel peak eq. (4), the derived small-delta form eq. (3) and
    nu_theta of eq. (5)."""
    x = np.logspace(-7, math.log10(0.95), points)
    general = gs_scattering_coefficient(1 - x, eps, delta) / (1 - (1 - x) ** 2)
    dense = np.logspace(-7, math.log10(0.95), 600)
    forms = gs_scattering_forms(1 - dense, eps, delta)
    weight = 1 - (1 - dense) ** 2
    b = beam(eps=eps, count=1).b
    fig = _figure(figsize=(6.4, 4.2))
    ax = fig.subplots()
    ax.loglog(x, general, "k-", lw=1.5, label="eq. (2) reconstructed (quadrature)")
    ax.loglog(dense, forms.bessel_peak / weight, "C0--", label="eq. (4): (pi/2) J1(y)^2/y^2")
    ax.loglog(dense, forms.small_delta / weight, "C1-.", label="eq. (3) derived: (1/3) delta [ln(1/eps) - ...]")
    ax.axhline(forms.frequency, color="C2", ls=":", label="eq. (5): nu_theta l/v")
    ax.axvline(b, color="0.5", lw=0.8)
    ax.text(b * 1.1, 0.3 * float(np.max(forms.bessel_peak / weight)), "b = j1^2 eps/2", fontsize=7, color="0.4")
    ax.set_ylim(general.min() / 3, 1)
    ax.set_xlabel("1 - mu")
    ax.set_ylabel(r"$D_{\mu\mu}/(1-\mu^2)$  [v/l]")
    ax.set_title(f"GS scattering, eps = {eps:g}, delta = V_A/v = {delta:g}", fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    return fig


def beam_figures(output_dir: str | os.PathLike | None = None, *, studies=None) -> list[Path]:
    """Write the beam figures: beam_convergence.png, beam_fig2.png, beam_scattering.png.

    Parameters
    ----------
    output_dir : path-like, optional
        Folder to write into (default ``./cranisotropy-output``; created).
    studies : sequence of ConvergenceStudy, optional, keyword-only
        The convergence studies to plot (``validate_beam().studies``); default: run the full
        validation (about a minute).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> from cranisotropy import beam_figures, validate_beam
    >>> paths = beam_figures("out", studies=validate_beam(quick=True).studies)  # doctest: +SKIP
    >>> [p.name for p in paths]                                                 # doctest: +SKIP
    ['beam_convergence.png', 'beam_fig2.png', 'beam_scattering.png']
    """
    from cranisotropy.core.paths import output_dir as resolve

    folder = resolve(output_dir)
    if studies is None:
        from cranisotropy.numerics.beam.campaign import validate_beam

        studies = validate_beam().studies
    out = []
    for name, fig in (("beam_convergence.png", plot_convergence(studies)),
                      ("beam_fig2.png", plot_fig2()), ("beam_scattering.png", plot_scattering())):
        fig.savefig(folder / name, dpi=110)
        out.append(folder / name)
    return out
