"""Figures for the beam topic (docs/figures/beam_*.png)."""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy.integrate import quad  # noqa: E402

from cranisotropy.kernels.generated.beam_bessel_peak import beam_bessel_peak  # noqa: E402
from cranisotropy.kernels.generated.beam_peak_diffusion import beam_peak_diffusion  # noqa: E402
from cranisotropy.kernels.generated.beam_scattering_frequency import beam_scattering_frequency  # noqa: E402
from cranisotropy.kernels.generated.beam_small_delta import beam_small_delta  # noqa: E402
from cranisotropy.numerics.beam import matched as nb  # noqa: E402
from cranisotropy.numerics.beam.full import solve_peaked  # noqa: E402

_STYLE = {"a=b": ("o", "C0"), "a=1e-3": ("^", "C1"), "a=b, u=0.05": ("D", "C2")}


def plot_convergence(studies: list[dict], path: Path) -> Path:
    """|full - matched| against b for each sequence, with b^(1/2) and b reference slopes."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), constrained_layout=True)
    panels = ((axes[0], "dlambda", r"$|\delta\lambda/b^2 - \mathrm{matched}|\,/\,(\delta\lambda/b^2)_0$"),
              (axes[1], "excess", r"$|\mathrm{excess}/b - \mathrm{matched}|\,/\,(\lambda_1(1+u)/2)$"))
    for ax, key, label in panels:
        for st in studies:
            marker, color = _STYLE.get(st["sequence"], ("s", "C3"))
            b = np.array([r["b"] for r in st["rows"]])
            res = st["relative_residuals"]
            limit = np.abs(res[f"{key}_vs_limit"])
            other = np.abs(res[f"{key}_vs_finite_a" if key == "dlambda" else f"{key}_vs_next_order"])
            ax.loglog(b, limit, marker=marker, color=color, ls="-", mfc="none",
                      label=f"{st['sequence']}: vs a,b$\\to$0 limit")
            ax.loglog(b, other, marker=marker, color=color, ls="--",
                      label=f"{st['sequence']}: vs " + ("finite-a matched" if key == "dlambda"
                                                          else "matched incl. $b^2\\ln b$"))
        bb = np.array([6e-5, 3e-2])
        ax.loglog(bb, 0.9 * np.sqrt(bb / bb[-1]), "k:", lw=1, label=r"$\propto b^{1/2}$")
        ax.loglog(bb, 8e-2 * bb / bb[-1], "k-.", lw=1, label=r"$\propto b$")
        ax.legend(fontsize=6, loc="lower right")
        ax.set_xlabel("b (beam width in 1 - mu)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_title("eigenvalue shift: full eigenproblem vs matched asymptotics", fontsize=9)
    axes[1].set_title("beam excess (flattening at mu = 1)", fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _inner_g(w: np.ndarray, a: float) -> np.ndarray:
    """g(w) = int_0^w dw'/D(w') (b = 1 in the kernel's variables)."""
    out = np.empty_like(w)
    for i, x in enumerate(w):
        top = min(x, 1.0)
        g = quad(lambda s: 1.0 / beam_peak_diffusion(1.0 - s, 1.0, a), 0.0, top, limit=200,
                 epsabs=1e-14, epsrel=1e-12)[0]
        out[i] = g + max(x - 1.0, 0.0)
    return out


def plot_fig2(path: Path, eps: float = 2.07e-3, va_over_c: float = 1e-4) -> Path:
    """Seed 001 Fig. 2: outer eigenfunction Phi (dashed) and the perturbed solution (solid), with
    an inset at the end point mu = 1 showing the logarithm of the outer solution."""
    mode = nb.outer_mode(0.0)
    j1 = nb.j1_zero()
    b = j1**2 * eps / 2
    a = float(beam_scattering_frequency(eps, va_over_c))
    sol = solve_peaked(b, a, 0.0, 16, mode)
    pred = nb.matched_prediction(mode, b, a)
    dlam = pred["dlambda_over_b2"] * b * b
    corr = nb.first_order_correction(mode)
    sign = -1.0  # physical orientation: mu = 1 is the minimum of the large-scale part
    mu = np.linspace(-1, 1, 801)
    fig, ax = plt.subplots(figsize=(6.4, 4.4), constrained_layout=True)
    ax.plot(mu, sign * mode(mu), "k--", lw=1.3, label=r"$\Phi(\mu)$, eq. (9) ($\lambda_1$ = %.4f)" % mode.eigenvalue)
    ax.plot(mu, sign * sol(mu), "C0-", lw=1.3,
            label=f"full eq. (8) with the peak, eps = {eps:g} (b = {b:.4f}, a = {a:.2e})")
    ax.set_xlabel(r"$\mu = \cos\vartheta$")
    ax.set_ylabel(r"$\Psi$ (normalised: $\Phi(1) = -1$)")
    ax.set_xlim(-1, 1)
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    ins = ax.inset_axes([0.52, 0.52, 0.45, 0.42])
    w = np.logspace(-4, math.log10(6.0), 241)
    mu_w = 1 - b * w
    outer_pert = mode(mu_w) + dlam * corr(np.minimum(mu_w, corr.mu_max))
    beta = mode.eigenvalue * b / 2
    w0 = 1 - pred["g1"]
    inner = (1 / (1 + beta * w0)) * (1 - beta * _inner_g(w, a))
    ins.semilogx(w, sign * mode(mu_w), "k--", lw=1, label=r"$\Phi$")
    ins.semilogx(w, sign * outer_pert, "C3:", lw=1.5, label=r"$\Phi + \delta\lambda\,\Psi^{(1)}$ (log)")
    ins.semilogx(w, sign * inner, "C2-.", lw=1.2, label="inner, 1st order")
    ins.semilogx(w, sign * sol(mu_w), "C0-", lw=1, label="full")
    ins.set_xlabel(r"$w = (1-\mu)/b$", fontsize=7)
    ins.tick_params(labelsize=6)
    ins.legend(fontsize=5.5, loc="upper left")
    ins.grid(alpha=0.3)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_scattering(path: Path, eps: float = 1e-3, delta: float = 1e-4, points: int = 36) -> Path:
    """D_mumu/(1-mu^2) in units of v/l against 1 - mu: the reconstructed eq. (2) by quadrature,
    the Bessel peak eq. (4), the derived small-delta form eq. (3) and nu_theta of eq. (5)."""
    x = np.logspace(-7, math.log10(0.95), points)
    mu = 1 - x
    general = np.array([nb.scattering_coefficient(m, eps, delta) for m in mu]) / (1 - mu**2)
    peak = np.array([beam_bessel_peak(m, eps) for m in mu]) / (1 - mu**2)
    small = np.array([beam_small_delta(m, eps, delta) for m in mu]) / (1 - mu**2)
    fig, ax = plt.subplots(figsize=(6.4, 4.2), constrained_layout=True)
    ax.loglog(x, general, "k-", lw=1.5, label="eq. (2) reconstructed (quadrature)")
    ax.loglog(x, peak, "C0--", label="eq. (4): (pi/2) J1(y)^2/y^2")
    ax.loglog(x, small, "C1-.", label="eq. (3) derived: (1/3) delta [ln(1/eps) - ...]")
    ax.axhline(float(beam_scattering_frequency(eps, delta)), color="C2", ls=":",
               label="eq. (5): nu_theta l/v")
    ax.axvline(nb.j1_zero() ** 2 * eps / 2, color="0.5", lw=0.8)
    ax.text(nb.j1_zero() ** 2 * eps / 2 * 1.1, peak.max() * 0.3, "b = j1^2 eps/2", fontsize=7, color="0.4")
    ax.set_ylim(general.min() / 3, 1)
    ax.set_xlabel("1 - mu")
    ax.set_ylabel(r"$D_{\mu\mu}/(1-\mu^2)$  [v/l]")
    ax.set_title(f"GS scattering, eps = {eps:g}, delta = V_A/v = {delta:g}", fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
