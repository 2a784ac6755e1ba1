"""``cranisotropy validate backtrack``: run a preset campaign, analyse it, plot, and check.

The *quick* preset (<= 10 min on 2 cores) runs the seed-002 set-up at reduced size plus a small
pure-turbulence campaign for the Liouville check of seed 003 eq. 13; the *paper* preset uses
seed 002's parameters (``max_realisations`` runs part of it and projects the full wall time).
Checks (each pass/fail with its numbers):

- integrators: exact helix in a uniform field, forward-backward return after 1e5 steps, |p|
  drift, convergence orders against an independent DOP853 + libm-field trajectory;
- diffusion: stationarity, d<r r>/dT / 2 = sym K_GreenKubo(T) within the statistical errors;
- Liouville: sum_l (2l+1)<C_l>(T) stays at its initial value within 3 standard errors, while the
  dipole power decays and l >= 2 power appears;
- sum rules (seed 002 eqs. 2.5–2.7): residuals, when the analytic models are available.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from cranisotropy.numerics.backtrack import integrator_checks, plots
from cranisotropy.numerics.backtrack.analysis import analyse
from cranisotropy.numerics.backtrack.campaign import PRESETS, CampaignParameters, ResultsStore, _atomic_write
from cranisotropy.numerics.backtrack.models import Predictions, default_predictions
from cranisotropy.numerics.backtrack.runner import run_campaign

#: the pure-turbulence homogeneous-dipole campaign of the Liouville check (seed 003 set-up)
LIOUVILLE = CampaignParameters(nside=8, realisations=48, n_modes=64, regular_field=0.0,
                               omega_times=(0.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0), seed=20140101)


def liouville_check(summary: dict, n_sigma: float = 3.5) -> dict:
    """Total power constant (within ``n_sigma``), dipole power decayed, l >= 2 power generated.

    Total power = (1/4pi) sum over all l of (2l+1)<C_l> = pixel mean of dI^2 (Parseval).  The
    allowance adds the pixelisation error of the initial map, |initial - 1/3| (a sampled
    dipole's mean square differs from the continuous 1/3 by that much; mixing removes it).
    """
    out = {}
    for orient, d in summary["homogeneous_dipole"].items():
        total = np.array(d["total_power"], dtype=float)
        err = np.array([np.nan if v is None else v for v in d["total_power_sem"]], dtype=float)
        cl1 = np.array(d["C_l"], dtype=float)[:, 1]
        dipole = 3 * cl1 / (4 * np.pi)
        higher_l2 = np.array(d["multipole_power"], dtype=float) - dipole
        pixelisation = abs(total[0] - 1.0 / 3.0)
        pulls = (total - total[0]) / np.sqrt(err**2 + pixelisation**2)
        pulls = np.where(np.isfinite(pulls), pulls, 0.0)
        out[orient] = {
            "initial_total": float(total[0]), "totals": total.tolist(),
            "max_pull": float(np.max(np.abs(pulls))),
            "dipole_fraction_final": float(dipole[-1] / total[0]),
            "l_ge_2_fraction_final": float(higher_l2[-1] / total[0]),
            "pixelisation_allowance": pixelisation,
            "ok": bool(np.max(np.abs(pulls)) <= n_sigma and dipole[-1] < 0.8 * dipole[0]
                       and higher_l2[-1] > 0.05 * total[0]),
        }
    return out


def tensor_consistency(summary: dict, n_sigma: float = 3.5, min_realisations: int = 8) -> dict:
    """Stationarity: -sym <r(-T) p(-T)> (= d<r r>/dT / 2) against sym K_GK(T), per realisation.

    The two use different data (momenta at -T versus arrival directions) and agree only in the
    ensemble average; ``n_sigma`` bounds the pulls of the diagonal at every T > 0.  With fewer
    than ``min_realisations`` the standard errors are not trustworthy: the check is skipped
    (``ok`` None).
    """
    if summary["realisations_used"] < min_realisations:
        return {"skipped": f"needs >= {min_realisations} realisations, have {summary['realisations_used']}",
                "ok": None}
    pulls = np.array([[np.nan if v is None else v for v in np.ravel(m)] for m in
                      summary["diffusion"]["stationarity_pulls"]], dtype=float).reshape(-1, 3, 3)
    diag = np.abs(np.diagonal(pulls, axis1=1, axis2=2))
    finite = diag[np.isfinite(diag)]
    worst = float(finite.max()) if finite.size else float("nan")
    return {"max_pull_diagonal": worst, "n_sigma": n_sigma,
            "ok": bool(finite.size and worst <= n_sigma)}


def bgk_comparison(summary: dict, predictions: Predictions, times=(10.0, 30.0, 100.0),
                   exponents=("1/3", "1/2", "2/3"), forms=("printed", "consistent")) -> dict | None:
    """Measured (<C_l> - N)/(<C_1> - N), l = 2..lmax, against the generalised-BGK ratios.

    chi^2 per point of the ratios (statistical errors only) for each p and for both forms of the
    model (eq. 4.7 as printed, and the multipoles topic's consistent solution of eq. 4.6); the
    paper (seed 002 Sec. 4) finds p = 1/2 closest.
    """
    if predictions.bgk_ratios is None or summary["gradients"]["parallel"]["noise"] is None:
        return None
    lmax = summary["lmax_reported"]
    model = {(form, p): np.asarray(predictions.bgk_ratios(p, lmax, form)) for form in forms for p in exponents}
    wt = np.array(summary["omega_times"])
    out = {"model_ratios": {form: {p: model[form, p].tolist() for p in exponents} for form in forms}}
    for orient, g in summary["gradients"].items():
        cl = np.array(g["C_l"], dtype=float)
        err = np.array(g["C_l_sem"], dtype=float)
        noise = np.array([np.nan if v is None else v for v in g["noise"]], dtype=float)
        rows = {}
        for target in times:
            t = int(np.argmin(np.abs(wt - target)))
            est = cl[t] - noise[t]
            ratio = est[1:] / est[1]
            sigma = np.abs(err[t, 1:] / est[1])
            use = np.arange(1, lmax + 1) >= 2
            chi2 = {form: {p: float(np.mean(((ratio[use] - model[form, p][use]) / sigma[use]) ** 2))
                           for p in exponents} for form in forms}
            rows[f"{wt[t]:g}"] = {"measured_ratios": ratio.tolist(), "errors": sigma.tolist(),
                                  "chi2_per_point": chi2,
                                  "best": {form: min((v, p) for p, v in chi2[form].items())[1] for form in forms}}
        out[orient] = rows
    return out


def bgk_tensor_comparison(summary: dict, predictions: Predictions) -> dict | None:
    """Measured asymptotic K against seed 003 eq. 5 with nu fixed by K_par = 1/(3 nu).

    Omega = charge * B0 / r_L (c = 1); positive Omega with B0 along +z.  BGK has one rate for all
    directions, so K_perp and K_A are predictions; the sign of K_A tests the sign convention of
    the antisymmetric term.
    """
    if predictions.bgk_coefficients is None:
        return None
    p = summary["parameters"]
    asym = summary["diffusion"]["asymptotic"]
    omega = p["charge_sign"] * p["regular_field"] / p["gyroradius"]
    nu = 1.0 / (3.0 * asym["parallel"])
    model = predictions.bgk_coefficients(nu, omega)
    return {"nu_from_K_parallel": nu, "omega": omega,
            "measured": {k: asym[k] for k in ("parallel", "perpendicular", "antisymmetric_xy")},
            "bgk": {"parallel": model["parallel"], "perpendicular": model["perpendicular"],
                    "antisymmetric_xy": model["antisymmetric"]},
            "antisymmetric_sign_agrees": bool(np.sign(model["antisymmetric"]) == np.sign(asym["antisymmetric_xy"]))}


def integrator_summary() -> dict:
    helix = integrator_checks.uniform_field_helix("boris")
    back = integrator_checks.reversibility("boris")
    orders = integrator_checks.convergence_orders()
    ok = (helix["max_radius_error"] < 1e-12 and helix["max_pitch_cosine_error"] < 1e-12
          and helix["direction_error_after_periods"] < 1e-12 and back["max_return_distance"] <= 1e-9
          and back["max_norm_drift"] <= 1e-12
          and abs(orders["boris"]["orders"][-1] - 2) < 0.2 and abs(orders["rk4"]["orders"][-1] - 4) < 0.4)
    return {"uniform_field_helix": helix, "reversibility": back, "convergence": orders, "ok": bool(ok)}


def _campaign(params, directory, **run_options) -> tuple[dict, ResultsStore]:
    directory = Path(directory)
    report = run_campaign(params, directory, resume=True, **run_options)
    return report, ResultsStore.open(directory)


def run_validation(preset: str = "quick", out: str | Path | None = None, figures_dir: Path | None = None,
                   predictions: Predictions | None = None, workers: int | None = None,
                   scheduler: str | None = None, serial: bool = False,
                   max_realisations: int | None = None) -> dict:
    """Run (or resume) the preset, analyse, plot and check; writes ``summary.json`` in ``out``."""
    from cranisotropy.core.paths import output_dir as default_figures

    params = PRESETS[preset]
    out = Path(out or Path("results") / f"backtrack-{preset}")
    figures = Path(figures_dir) if figures_dir is not None else default_figures()
    predictions = predictions or default_predictions()
    options = dict(workers=workers, scheduler=scheduler, serial=serial)
    run_report, store = _campaign(params, out / "gradient", max_realisations=max_realisations, **options)
    summary = analyse(store, predictions)
    result = {"preset": preset, "directory": str(out), "run": run_report, "summary": summary,
              "checks": {"integrators": integrator_summary(), "tensors": tensor_consistency(summary)}}
    complete = run_report["realisations_done"] == params.realisations
    tag = preset if complete else f"{preset}-partial"
    if not complete and figures_dir is None:
        figures = out  # a partial campaign's figures stay with its results, not in docs/
    result["bgk"] = bgk_comparison(summary, predictions)
    result["bgk_diffusion_tensor"] = bgk_tensor_comparison(summary, predictions)
    bgk = result["bgk"]["model_ratios"]["printed"] if result["bgk"] else None
    result["figures"] = [
        str(plots.plot_spectrum_evolution(summary, figures / f"backtrack_{tag}_spectrum.png")),
        str(plots.plot_estimator(summary, figures / f"backtrack_{tag}_estimator.png", bgk=bgk)),
        str(plots.plot_diffusion(summary, figures / f"backtrack_{tag}_diffusion.png")),
    ]
    if preset == "quick":
        liou_report, liou_store = _campaign(LIOUVILLE, out / "liouville", **options)
        liou_summary = analyse(liou_store, predictions)
        result["liouville"] = {"run": liou_report, "summary": liou_summary,
                               "check": liouville_check(liou_summary)}
        result["checks"]["liouville"] = {o: v["ok"] for o, v in result["liouville"]["check"].items()}
        result["figures"].append(str(plots.plot_liouville(liou_summary, figures / "backtrack_liouville.png")))
    sum_rules = summary["gradients"]["parallel"]["sum_rule_residuals"]
    result["checks"]["sum_rules"] = "pending (analytic models not available)" if sum_rules is None else {
        o: summary["gradients"][o]["sum_rule_residuals"] for o in ("parallel", "perpendicular")}
    result["ok"] = bool(result["checks"]["integrators"]["ok"]
                        and result["checks"]["tensors"]["ok"] is not False
                        and all(result["checks"].get("liouville", {"-": True}).values()))
    _atomic_write(out / "summary.json", json.dumps(result, indent=1, allow_nan=False))
    return result
