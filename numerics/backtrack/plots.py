"""Figures of a backtracking campaign, drawn from its summary (no trajectory data needed).

- :func:`plot_spectrum_evolution`: seed 002 Fig. 2 / seed 004 Fig. 14 — <C_l>(Omega T) for
  l = 0..9, each labelled, with the noise level and the standard-diffusion dipole; gradient
  parallel (left) and perpendicular (right) to B0;
- :func:`plot_estimator`: seed 002 Fig. 3 / seed 004 Fig. 15 — (<C_l> - N)/(<C_1> - N) at three
  times with its statistical error, and the generalised-BGK curves when available;
- :func:`plot_diffusion`: running diffusion, Green–Kubo and relative-diffusion tensors;
- :func:`plot_liouville`: the homogeneous-dipole check (seed 003 eq. 13): total power
  sum_l (2l+1)<C_l>/(4 pi) (all l: pixel mean of dI^2) against Omega T, with the dipole part,
  the l >= 2 part and anafast's truncated sum.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

_STYLE = {"parallel": "-", "perpendicular": ":"}


def _figure(*args, **kwargs):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(*args, **kwargs)


def _save(fig, path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def _arr(x):
    return np.array([[np.nan if v is None else v for v in row] for row in x], dtype=float) \
        if x and isinstance(x[0], list) else np.array([np.nan if v is None else v for v in x], dtype=float)


def plot_spectrum_evolution(summary: dict, path: Path) -> Path:
    """<C_l>(Omega T) for the gradient parallel (left) and perpendicular (right) to B0.

    Every multipole l <= lmax has its own colour and legend entry (l >= 2 along the viridis
    scale, purple to green); the shot noise (seed 002 eq. 3.1) and the standard-diffusion
    dipole are dashed.
    """
    import matplotlib.pyplot as plt

    lmax = summary["lmax_reported"]
    fig, axes = _figure(1, 2, figsize=(10.0 if lmax <= 12 else 12.0, 4.4 if lmax <= 12 else 5.0), sharey=True)
    wt = np.array(summary["omega_times"])
    keep = wt > 0
    colours = {0: "tab:orange", 1: "black"}
    colours.update(zip(range(2, lmax + 1), plt.cm.viridis(np.linspace(0.15, 0.85, max(lmax - 1, 1)))))
    for ax, orient in zip(axes, _STYLE):
        g = summary["gradients"][orient]
        cl = _arr(g["C_l"])
        for ell in range(cl.shape[1]):
            ax.plot(wt[keep], cl[keep, ell], color=colours[ell], lw=1.8 if ell < 2 else 1.1,
                    label=fr"$\ell = {ell}$")
        ax.plot(wt[keep], _arr(g["standard_C_l"])[keep, 1], "--", color="magenta", lw=1.4,
                label=r"standard diffusion, $\ell = 1$")
        if g.get("noise"):
            ax.plot(wt[keep], _arr(g["noise"])[keep], "--", color="red", lw=1.4,
                    label="shot noise (seed 002 eq. 3.1)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\Omega T$")
        ax.set_title(f"gradient {orient} to $B_0$", fontsize=10)
    axes[0].set_ylabel(r"$\langle C_\ell\rangle\ [(L_c\,|\nabla n|/n)^2]$")
    axes[1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), ncol=1 if lmax <= 12 else 2)
    p = summary["parameters"]
    fig.suptitle(f"nside {p['nside']}, {summary['realisations_used']} realisations, "
                 f"$r_L$ = {p['gyroradius']:g} $L_c$, $\\sigma^2$ = {p['sigma2']:g}", fontsize=10)
    return _save(fig, path)


def plot_estimator(summary: dict, path: Path, times=(10.0, 30.0, 100.0), bgk=None) -> Path:
    """``bgk``: optional {p: ratios for l = 1..L} (generalised-BGK predictions)."""
    fig, axes = _figure(1, 2, figsize=(9.0, 4.0), sharey=True)
    wt = np.array(summary["omega_times"])
    for ax, orient in zip(axes, _STYLE):
        g = summary["gradients"][orient]
        cl, err = _arr(g["C_l"]), _arr(g["C_l_sem"])
        noise = _arr(g["noise"]) if g.get("noise") else None
        for colour, target in zip(("tab:orange", "tab:red", "tab:purple"), times):
            t = int(np.argmin(np.abs(wt - target)))
            est = cl[t] - (noise[t] if noise is not None else 0.0)
            ell = np.arange(1, est.size)
            ax.errorbar(ell, est[1:] / est[1], yerr=err[t, 1:] / abs(est[1]), fmt="o", ms=3,
                        color=colour, label=fr"$\Omega T$ = {wt[t]:g}")
        if bgk:
            for (pexp, ratios), dash in zip(bgk.items(), ("-", "--", ":")):
                ratios = np.asarray(ratios)
                ax.plot(np.arange(1, ratios.size + 1), ratios, dash, color="gray", lw=1.2,
                        label=rf"generalised BGK, $\nu_r \propto (1-x)^{{{pexp}}}$")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\ell$")
        ax.set_title(f"gradient {orient} to $B_0$" + ("" if noise is not None else " (noise not subtracted: pending)"),
                     fontsize=9)
        ax.legend(fontsize=7)
    axes[0].set_ylabel(r"$(\langle C_\ell\rangle - N)/(\langle C_1\rangle - N)$")
    return _save(fig, path)


def plot_liouville(summary: dict, path: Path) -> Path:
    fig, ax = _figure(figsize=(6.0, 4.2))
    wt = np.array(summary["omega_times"])
    for orient, style in _STYLE.items():
        d = summary["homogeneous_dipole"][orient]
        total, err = _arr(d["total_power"]), _arr(d["total_power_sem"])
        cl = _arr(d["C_l"])
        ax.errorbar(wt, total, yerr=err, fmt=style, color="black", lw=1.4,
                    label=r"$\sum_\ell(2\ell+1)\langle C_\ell\rangle/4\pi$" if orient == "parallel" else None)
        ax.plot(wt, 3 * cl[:, 1] / (4 * np.pi), style, color="tab:blue",
                label=r"$\ell = 1$ part" if orient == "parallel" else None)
        ax.plot(wt, _arr(d["multipole_power"]) - 3 * cl[:, 1] / (4 * np.pi), style, color="tab:green",
                label=r"$\ell \geq 2$ part" if orient == "parallel" else None)
        ax.plot(wt, _arr(d["total_power_anafast"]), style, color="gray", lw=1,
                label=r"anafast sum, $\ell \leq 3 n_{side}-1$" if orient == "parallel" else None)
    ax.plot([], [], "k-", label=r"dipole $\parallel z$")
    ax.plot([], [], "k:", label=r"dipole $\parallel x$")
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlabel(r"$\Omega T$")
    ax.set_ylabel("power of the relative intensity")
    p = summary["parameters"]
    ax.set_title(f"homogeneous dipole (seed 003 eq. 13); $B_0$ = {p['regular_field']:g}, "
                 f"{summary['realisations_used']} realisations", fontsize=9)
    ax.legend(fontsize=8)
    return _save(fig, path)


def plot_diffusion(summary: dict, path: Path) -> Path:
    """Running tensors: <r r>/2T, Green–Kubo K(T) and relative K~(T), parallel and perpendicular."""
    fig, ax = _figure(figsize=(8.0, 4.2))
    wt = np.array(summary["omega_times"])
    keep = wt > 0
    d = summary["diffusion"]

    def comp(name, which):
        k = np.array([[[np.nan if v is None else v for v in row] for row in m] for m in d[name]], dtype=float)
        return k[:, 2, 2] if which == "parallel" else 0.5 * (k[:, 0, 0] + k[:, 1, 1])

    for which, colour in (("parallel", "tab:blue"), ("perpendicular", "tab:red")):
        ax.plot(wt[keep], comp("running_symmetric", which)[keep], "-", color=colour,
                label=rf"$\langle r r\rangle/2T$, {which}")
        ax.plot(wt[keep], comp("green_kubo", which)[keep], "--", color=colour,
                label=rf"Green–Kubo $K(T)$, {which}")
        ax.plot(wt[keep], comp("relative_symmetric", which)[keep], ":", color=colour,
                label=rf"relative $\tilde K(T)$, {which}")
    anti = np.array([0.5 * ((m[0][1] or 0) - (m[1][0] or 0)) for m in d["green_kubo"]], dtype=float)
    ax.plot(wt[keep], anti[keep], "-.", color="tab:green", label=r"Green–Kubo $K_A(T)$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\Omega T$")
    ax.set_ylabel(r"diffusion coefficient [$c L_c$]")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(fig, path)
