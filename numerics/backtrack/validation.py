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

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.errors import CheckFailed
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack import integrator_checks, plots
from cranisotropy.numerics.backtrack.analysis import LMAX_REPORT, analyse, json_array, json_number
from cranisotropy.numerics.backtrack.campaign import CampaignParameters, ResultsStore, atomic_write
from cranisotropy.numerics.backtrack.models import Predictions, default_predictions
from cranisotropy.numerics.backtrack.runner import check_execution, run_campaign

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


#: Omega T from which the sum-rule residuals are fitted by a + b/T: about two scattering times of
#: the paper preset (nu = 1/(3 K_par) = 0.6 c/L_c, so 1/nu is Omega T = 17 at r_L = 0.1 L_c)
DIFFUSIVE_OMEGA_T = 30.0
#: multipoles reported by the paper preset's summary (issue 19: l <= 20)
PAPER_LMAX = 20
#: the exponents p of the relative-scattering rate nu_r ∝ (1 - x)^p compared (seed 002 Sec. 4)
BGK_EXPONENTS = ("1/3", "1/2", "2/3")
#: the grid of p (0 < p < 1, the model's range) on which the best fit is searched, then refined
P_GRID = np.round(np.arange(0.01, 0.9901, 0.01), 2)


def best_fit_exponent(ratio, sigma, model, use) -> dict | None:
    """The p minimising chi^2 of the measured ratios against ``model(p)`` (ratios l = 1..L).

    chi^2(p) is scanned on :data:`P_GRID`, its minimum refined by a bounded scalar minimisation
    between the neighbouring grid points; the error is half the interval where chi^2 stays
    within 1 of its minimum (statistical errors only; None where the interval reaches the
    model's range 0 < p < 1).  ``chi2_per_dof`` has L' - 1 degrees of freedom (L' the ratios used).
    """
    from scipy.optimize import brentq, minimize_scalar

    if not np.all(np.isfinite(sigma[use])) or np.any(sigma[use] <= 0):
        return None

    def chi2(p):
        return float(np.sum(((ratio[use] - model(p)[use]) / sigma[use]) ** 2))

    scan = np.array([chi2(p) for p in P_GRID])
    i = int(np.argmin(scan))
    lo, hi = P_GRID[max(i - 1, 0)], P_GRID[min(i + 1, P_GRID.size - 1)]
    best = minimize_scalar(chi2, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7})
    p_best, chi2_min = float(best.x), float(best.fun)
    level = chi2_min + 1.0
    outside = scan > level
    left = P_GRID[outside & (P_GRID < p_best)]
    right = P_GRID[outside & (P_GRID > p_best)]
    error = None
    if left.size and right.size:
        below = brentq(lambda p: chi2(p) - level, left[-1], p_best)
        above = brentq(lambda p: chi2(p) - level, p_best, right[0])
        error = 0.5 * (above - below)
    return {"p": p_best, "error": error, "chi2_per_dof": chi2_min / max(int(use.sum()) - 1, 1)}


def bgk_comparison(summary: dict, predictions: Predictions, times=(10.0, 30.0, 100.0),
                   exponents=BGK_EXPONENTS, forms=("printed", "consistent")) -> dict | None:
    """Measured (<C_l> - N)/(<C_1> - N), l = 2..lmax, against the generalised-BGK ratios.

    chi^2 per point of the ratios (statistical errors only) for each p and for both forms of the
    model (eq. 4.7 as printed, and the multipoles topic's consistent solution of eq. 4.6), and
    the best-fit p of each form with its error (:func:`best_fit_exponent`); the paper (seed 002
    Sec. 4) finds p = 1/2 closest.  ``times=None``: every recorded Omega T > 0.
    """
    if predictions.bgk_ratios is None or summary["gradients"]["parallel"]["noise"] is None:
        return None
    lmax = len(summary["gradients"]["parallel"]["C_l"][0]) - 1  # lmax_reported, or 3 nside - 1
    model = {(form, p): np.asarray(predictions.bgk_ratios(p, lmax, form)) for form in forms for p in exponents}
    wt = np.array(summary["omega_times"])
    targets = [t for t in range(wt.size) if wt[t] > 0] if times is None else \
        [int(np.argmin(np.abs(wt - target))) for target in times]
    out = {"model_ratios": {form: {p: model[form, p].tolist() for p in exponents} for form in forms}}
    for orient, g in summary["gradients"].items():
        cl = np.array(g["C_l"], dtype=float)
        err = np.array(g["C_l_sem"], dtype=float)
        noise = np.array([np.nan if v is None else v for v in g["noise"]], dtype=float)
        rows = {}
        for t in targets:
            est = cl[t] - noise[t]
            ratio = est[1:] / est[1]
            sigma = np.abs(err[t, 1:] / est[1])
            use = np.arange(1, lmax + 1) >= 2
            # with one realisation there are no errors: chi^2 (and the best p) are None
            chi2 = {form: {p: json_number(np.mean(((ratio[use] - model[form, p][use]) / sigma[use]) ** 2))
                           for p in exponents} for form in forms}
            best = {form: min(((v, p) for p, v in chi2[form].items() if v is not None), default=(0, None))[1]
                    for form in forms}
            fit = {form: best_fit_exponent(ratio, sigma, lambda p, form=form: np.asarray(
                predictions.bgk_ratios(float(p), lmax, form)), use) for form in forms}
            rows[f"{wt[t]:g}"] = {"measured_ratios": json_array(ratio), "errors": json_array(sigma),
                                  "chi2_per_point": chi2, "best": best, "best_fit": fit}
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


def sum_rule_fits(summary: dict, omega_t_min: float = DIFFUSIVE_OMEGA_T) -> dict | None:
    """The sum-rule residuals (seed 002 eqs. 2.5-2.7) fitted by a + b/(Omega T), Omega T >= omega_t_min.

    The finite-T terms fall as 1/T once transport is diffusive (from a few scattering times on;
    earlier the residuals fall faster); ``a`` is what is left at T -> infinity, ``rms`` the
    scatter of the fitted residuals about the fit.
    """
    if summary["gradients"]["parallel"]["sum_rule_residuals"] is None:
        return None
    wt = np.array(summary["omega_times"])
    out = {}
    for orient, g in summary["gradients"].items():
        fits = {}
        for key, values in g["sum_rule_residuals"].items():
            r = np.array([np.nan if v is None else v for v in values], dtype=float)
            use = (wt >= max(omega_t_min, np.finfo(float).tiny)) & np.isfinite(r)
            if use.sum() < 2:
                fits[key] = None  # fewer than two times in the diffusive range: nothing to fit
                continue
            b, a = np.polyfit(1.0 / wt[use], r[use], 1)
            fits[key] = {"a": float(a), "b": float(b), "omega_t_range": [float(wt[use][0]), float(wt[use][-1])],
                         "rms": float(np.sqrt(np.mean((r[use] - a - b / wt[use]) ** 2))),
                         "max_abs_residual": float(np.max(np.abs(r[use])))}
        out[orient] = fits
    return out


def provenance(store: ResultsStore) -> dict:
    """Parameters, seeding, versions, kernel hashes, CPU and wall time and machine of a campaign
    (read from its store, so a re-analysis reports the run that made the data)."""
    import os
    import platform

    markers = store.markers()
    run_info = json.loads((store.path / "run.json").read_text())
    cpu_model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), platform.processor()) \
        if Path("/proc/cpuinfo").exists() else platform.processor()
    return {"parameters": store.params.to_json(),
            "seeding": run_info.get("seeding"), "versions": run_info.get("versions"),
            "kernels": run_info.get("kernels"),
            "realisations": len(markers),
            "cpu_seconds": float(sum(m.get("cpu_seconds", 0.0) for m in markers.values())),
            # each realisation's wall time in its worker: the campaign's wall time is about this
            # sum over the number of workers
            "realisation_wall_seconds": float(sum(m.get("seconds", 0.0) for m in markers.values())),
            "hosts": sorted({m.get("host") for m in markers.values()} - {None}),
            "machine": {"cpu": cpu_model, "cores": os.cpu_count(), "system": platform.platform(),
                        "python": platform.python_version()}}


def write_paper_tables(result: "BacktrackValidation", store: ResultsStore, figures: Path) -> list[Path]:
    """The paper campaign's committed summary (issue 19): ``backtrack_paper_C_l.csv`` (<C_l>(T),
    its error and the shot noise N for l <= lmax at every recorded Omega T, both gradients) and
    ``backtrack_paper_summary.json`` (diffusion tensors, sum-rule residuals with their 1/T fit,
    generalised-BGK fits, provenance)."""
    summary = result.summary
    wt = summary["omega_times"]
    rows = ["orientation,omega_T,l,C_l,C_l_error,noise"]
    for orient, g in summary["gradients"].items():
        noise = g["noise"] or [None] * len(wt)
        for t, omega_t in enumerate(wt):
            for ell, (c, e) in enumerate(zip(g["C_l"][t], g["C_l_sem"][t])):
                rows.append(",".join(str(v) for v in (orient, omega_t, ell, c, e, noise[t])))
    table = figures / "backtrack_paper_C_l.csv"
    atomic_write(table, "\n".join(rows) + "\n")
    d = summary["diffusion"]
    data = {
        "omega_times": wt, "realisations": summary["realisations_used"], "nside": summary["parameters"]["nside"],
        "diffusion": {k: d[k] for k in ("running_symmetric", "running_symmetric_sem", "green_kubo",
                                        "green_kubo_sem", "asymptotic")},
        "sum_rule_residuals": {o: g["sum_rule_residuals"] for o, g in summary["gradients"].items()},
        "sum_rule_fits": sum_rule_fits(summary),
        "bgk": {o: result.bgk[o] for o in summary["gradients"]} if result.bgk else None,
        "bgk_diffusion_tensor": result.bgk_diffusion_tensor,
        "checks": result.checks,
        "provenance": provenance(store),
    }
    path = figures / "backtrack_paper_summary.json"
    atomic_write(path, json.dumps(data, indent=1, allow_nan=False) + "\n")
    return [table, path]


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
    directory.parent.mkdir(parents=True, exist_ok=True)  # run_campaign creates only the last folder
    report = run_campaign(params, directory, resume=directory.exists(), **run_options)
    return report.to_dict(), ResultsStore.open(directory)


@dataclass(frozen=True)
class BacktrackValidation(Result):
    """Outcome of :func:`validate_backtrack`; ``to_dict()`` is its ``summary.json``.

    ``liouville`` is None (and absent from :meth:`to_dict`) for the paper preset.
    """

    preset: str
    directory: str
    run: dict
    summary: dict
    checks: dict
    bgk: dict | None
    bgk_diffusion_tensor: dict | None
    figures: list
    liouville: dict | None
    ok: bool

    def to_dict(self) -> dict:
        out = super().to_dict()
        if self.liouville is None:
            del out["liouville"]
        return out

    def __str__(self) -> str:
        checks, run = self.checks, self.run
        lines = [f"preset {self.preset}: {run['realisations_done']}/{run['realisations_total']} "
                 f"realisations in {self.directory}"]
        if "projected_wall_seconds_full_run" in run:
            lines.append(f"projected wall time of the full campaign: "
                         f"{run['projected_wall_seconds_full_run'] / 3600:.2f} h as measured now, "
                         f"{run['projected_seconds_full_run_idle_cores'] / 3600:.2f} h on {run['workers']} "
                         f"idle cores ({run['ns_per_particle_step_cpu']:.0f} ns CPU per particle-step)")
        lines.append(f"integrators ok: {checks['integrators']['ok']}; stationarity of the tensors ok: "
                     f"{checks['tensors']['ok']}")
        if "liouville" in checks:
            lines.append(f"Liouville (seed 003 eq. 13) ok: {checks['liouville']}")
        sum_rules = checks["sum_rules"]
        lines.append(f"sum rules: {'see summary' if isinstance(sum_rules, dict) else sum_rules}")
        lines += [f"figure: {f}" for f in self.figures]
        return "\n".join(lines)


def validate_backtrack(preset: str = "quick", *, output_dir=None, results_dir=None,
                       workers: int | None = None, scheduler: str | None = None, serial: bool = False,
                       max_realisations: int | None = None,
                       predictions: Predictions | None = None) -> BacktrackValidation:
    """Run (or resume) a preset campaign, analyse it, draw its figures and check it.

    Checks: integrators (exact helix, forward-backward return, momentum norm, convergence orders
    against an independent DOP853 integration), stationarity of the diffusion tensors, the Liouville
    check of seed 003 eq. 13 (quick preset: a second, pure-turbulence campaign), and the sum
    rules of seed 002 eqs. 2.5-2.7 when the analytic models are available.

    Parameters
    ----------
    preset : {"quick", "paper"}
        "quick": seed 002's set-up at reduced size (<= 10 min on 2 idle cores); "paper": seed
        002's parameters (hours; use ``max_realisations`` for a partial run and its projection).
    output_dir : str or path, optional
        Folder for the figures (default ``./cranisotropy-output``).  A complete run writes
        ``backtrack_<preset>_{spectrum,estimator,diffusion}.png``, a partial one
        ``backtrack_<preset>-partial_*.png``; the quick preset adds ``backtrack_liouville.png``.
    results_dir : str or path, optional
        Campaign results (resumed when present; default ``<output_dir>/backtrack-<preset>``);
        ``summary.json`` is written there.
    workers, scheduler, serial, max_realisations
        Execution, as for :func:`run_campaign`.
    predictions : Predictions, optional
        Analytic models (default: the multipoles topic's, when installed).

    Returns
    -------
    BacktrackValidation
        ``run`` (campaign report), ``summary`` (:func:`analyse_campaign`'s data), ``checks``,
        ``bgk`` (generalised-BGK ratio fits), ``bgk_diffusion_tensor``, ``liouville``,
        ``figures`` and ``ok``.

    Examples
    --------
    >>> from cranisotropy import validate_backtrack
    >>> result = validate_backtrack("quick", max_realisations=1)  # doctest: +SKIP
    >>> result.checks["integrators"]["ok"]  # doctest: +SKIP
    True
    """
    from cranisotropy.core.paths import output_dir as checked_dir

    params = CampaignParameters.preset(preset)
    check_execution(workers, scheduler, serial, max_realisations)
    figures = checked_dir(output_dir)
    out = Path(results_dir) if results_dir is not None else figures / f"backtrack-{preset}"
    predictions = predictions or default_predictions()
    options = dict(workers=workers, scheduler=scheduler, serial=serial)
    run_report, store = _campaign(params, out / "gradient", max_realisations=max_realisations, **options)
    paper = preset == "paper"
    summary = analyse(store, predictions, lmax=PAPER_LMAX if paper else LMAX_REPORT)
    checks = {"integrators": integrator_summary(), "tensors": tensor_consistency(summary)}
    complete = run_report["realisations_done"] == params.realisations
    tag = preset if complete else f"{preset}-partial"
    bgk = bgk_comparison(summary, predictions, times=None if paper else (10.0, 30.0, 100.0))
    paths = [plots.plot_spectrum_evolution(summary, figures / f"backtrack_{tag}_spectrum.png"),
             plots.plot_estimator(summary, figures / f"backtrack_{tag}_estimator.png",
                                  bgk=bgk["model_ratios"]["printed"] if bgk else None),
             plots.plot_diffusion(summary, figures / f"backtrack_{tag}_diffusion.png")]
    liouville = None
    if preset == "quick":
        liou_report, liou_store = _campaign(LIOUVILLE, out / "liouville", **options)
        liou_summary = analyse(liou_store, predictions)
        liouville = {"run": liou_report, "summary": liou_summary, "check": liouville_check(liou_summary)}
        checks["liouville"] = {o: v["ok"] for o, v in liouville["check"].items()}
        paths.append(plots.plot_liouville(liou_summary, figures / "backtrack_liouville.png"))
    sum_rules = summary["gradients"]["parallel"]["sum_rule_residuals"]
    checks["sum_rules"] = "pending (analytic models not available)" if sum_rules is None else {
        o: summary["gradients"][o]["sum_rule_residuals"] for o in ("parallel", "perpendicular")}
    ok = bool(checks["integrators"]["ok"] and checks["tensors"]["ok"] is not False
              and all(checks.get("liouville", {"-": True}).values()))
    result = BacktrackValidation(
        preset=preset, directory=str(out), run=run_report, summary=summary, checks=checks, bgk=bgk,
        bgk_diffusion_tensor=bgk_tensor_comparison(summary, predictions),
        figures=[str(p) for p in paths], liouville=liouville, ok=ok)
    atomic_write(out / "summary.json", json.dumps(result.to_dict(), indent=1, allow_nan=False))
    if paper and complete:
        result = dataclasses.replace(result, figures=result.figures + [
            str(p) for p in write_paper_tables(result, store, figures)])
    return result


def backtrack_figures(output_dir=None, *, results_dir=None, workers: int | None = None,
                      serial: bool = False) -> list[Path]:
    """Draw the backtracker's documentation figures from a complete quick-preset campaign.

    Runs :func:`validate_backtrack` with the "quick" preset (about 5 min of CPU time: 10 min
    wall on two shared cores) into a temporary results directory unless ``results_dir`` is
    given (then a finished campaign there is reused), and keeps its four figures.

    Parameters
    ----------
    output_dir : str or path, optional
        Folder for the figures (default ``./cranisotropy-output``; ``cranisotropy regenerate
        --docs`` passes ``docs/figures``).
    results_dir : str or path, optional
        Where the campaign is run or resumed (default: a temporary directory, removed after).
    workers, serial
        Execution, as for :func:`run_campaign`.

    Returns
    -------
    list of Path
        ``backtrack_quick_{spectrum,estimator,diffusion}.png`` and ``backtrack_liouville.png``.

    Examples
    --------
    >>> from cranisotropy import backtrack_figures
    >>> [p.name for p in backtrack_figures("figures")]  # doctest: +SKIP
    ['backtrack_quick_spectrum.png', 'backtrack_quick_estimator.png', 'backtrack_quick_diffusion.png', 'backtrack_liouville.png']
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="backtrack-quick-") as tmp:
        result = validate_backtrack("quick", output_dir=output_dir,
                                    results_dir=results_dir if results_dir is not None else tmp,
                                    workers=workers, serial=serial)
    if not result.ok:
        raise CheckFailed(f"the quick campaign's checks failed: {result.checks}")
    return [Path(p) for p in result.figures]
