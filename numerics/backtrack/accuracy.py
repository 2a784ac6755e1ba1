"""Accuracy per cost of the integrators: the convergence study behind the paper preset's step.

For each integrator and step h, cosmic rays of a few realisations of a preset's campaign are
traced back with that (scheme, h) and with a converged reference (same fields, same arrival
directions), and three kinds of error are measured against the reference:

- single trajectories: |r_h(-T) - r_ref(-T)| (median over the directions and realisations);
- the displacement tensor <dx_i dx_j>(T) of each realisation (mean over its directions;
  perpendicular (xx + yy)/2 and parallel zz);
- C_l(T) of the gradient maps parallel and perpendicular to B0 (l <= lmax; the map
  dI = r.g - 3 p.(K g) with the reference's Green–Kubo K at the last time).

*Statistical error of the campaign.*  A quantity Q averaged over the preset's N realisations at
its nside has the standard error sigma_N = std_i(Q_i) / sqrt(N).  The standard deviation is
measured on a separate run at the preset's nside (``sigma_run``, ``sigma_realisations``
realisations): it depends on the number of directions (pixel noise), hardly on the integrator.

*Systematic error.*  The bias of Q is the mean paired difference D = <Q_h - Q_ref>_i over the
study's realisations, with standard error s (shared fields cancel the field-to-field scatter).
Once trajectories decorrelate (chaos: beyond Omega T ~ 30 every scheme's trajectories differ
from the reference's by ~ L_c) s is ~ sqrt(2) std_i, far above sigma_N / 3 for any affordable
number of realisations, so a small bias cannot be *shown* by direct comparison at late times.
The integrator is, however, the exact flow of a modified equation of motion that differs from
the true one by O(h^p) (p the order of the scheme), so every ensemble statistic is biased by
c_Q h^p.  For each quantity c_Q and its error are fitted to D over the scheme's steps, weighted
by 1/s^2 (the large steps, where the bias is significant, dominate), and the bound

    B(h) = max_Q (|c_Q| + 2 err(c_Q)) h^p / sigma_N,Q      (Q: every recorded 0 < Omega T,
                                                             l <= lmax, both tensor components)

is compared with 1/3.  Where D is pure noise (late times) the bound is the noise of the largest
steps scaled by (h / h_max)^p: conservative.  A study at a smaller nside than the preset's
overstates the bias of the pixel-noise part of C_l (proportional to 1/N_pix): conservative too.
Per scheme the largest step r_L/n with B(h) < 1/3 follows from the fit (B grows as h^p); the
default (scheme, h) is the cheapest of these (projected CPU time of the campaign).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack.analysis import ORIENTATIONS, anafast, green_kubo, intensity_map, one_thread
from cranisotropy.numerics.backtrack.campaign import CampaignParameters, healpix_directions, realisation_field
from cranisotropy.numerics.backtrack.propagation import PROPAGATORS, backtrack

#: integrators of the study (``propagation.PROPAGATORS`` names)
STUDY_SCHEMES = ("boris", "boris-classic", "rk4", "boris4")
#: steps of the study (L_c): each divides r_L = 0.1 L_c, so every Omega T of the presets' grid is
#: reached exactly (1e-3 is the step of the presets before this study; 5e-2 = r_L / 2 gives the
#: fit of the bias its lever arm)
STUDY_STEPS = (1e-3, 2.5e-3, 5e-3, 1e-2, 2e-2, 5e-2)
#: the converged reference (scheme, step): fourth order, ~1e3 steps per gyration
REFERENCE = ("rk4", 1e-3)
#: the run that measures the campaign's realisation-to-realisation scatter
SIGMA_RUN = ("boris4", 5e-3)
#: the criterion: systematic error below this fraction of the campaign's statistical error
SYSTEMATIC_FRACTION = 1.0 / 3.0
#: Omega T at which single-trajectory errors are reported
TRAJECTORY_TIMES = (1.0, 10.0, 100.0)


def _record_steps(params: CampaignParameters, step: float) -> np.ndarray:
    """Step counts of the preset's times for ``step``; the step must divide every one of them."""
    lengths = np.sort(np.asarray(params.omega_times)) * params.gyroradius
    counts = np.rint(lengths / step)
    if np.any(np.abs(counts * step - lengths) > 1e-9 * np.maximum(lengths, 1.0)):
        raise UsageError(f"the step {step:g} L_c does not divide the recorded path lengths "
                         f"(Omega T * r_L = {', '.join(f'{v:g}' for v in lengths)} L_c)")
    return counts.astype(np.int64)


@dataclass(frozen=True)
class _Run:
    """One realisation traced with one (scheme, step)."""

    positions: np.ndarray      # (time, direction, 3)
    momenta: np.ndarray
    cpu_seconds: float
    particle_steps: int


def trace(params: CampaignParameters, index: int, directions: np.ndarray, scheme: str,
          step: float) -> _Run:
    """Realisation ``index`` of ``params`` traced with (``scheme``, ``step``), thread CPU timed."""
    field = realisation_field(params, index)
    counts = _record_steps(params, step)
    start = time.thread_time()
    positions, momenta = backtrack(directions, field, PROPAGATORS[scheme](step), params.gyroradius,
                                   counts, params.charge_sign)
    return _Run(positions, momenta, time.thread_time() - start, int(directions.shape[0] * counts[-1]))


def _compile(schemes) -> None:
    """Compile (or load) the loops of ``schemes`` before anything is timed."""
    from cranisotropy.numerics.backtrack.propagation import MagneticField, ParticleState
    from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum

    field = MagneticField((0.0, 0.0, 1.0), TurbulenceSpectrum(8).realise(0))
    for scheme in schemes:
        PROPAGATORS[scheme](1e-3).advance(ParticleState.launch(np.zeros((1, 3)), [[1.0, 0.0, 0.0]]),
                                          field, 10.0, 1)


def ensemble_quantities(run: _Run, K: np.ndarray, lmax: int) -> dict[str, np.ndarray]:
    """Per recorded time: <dx dx> perpendicular and parallel (mean over directions), and C_l of
    the gradient maps parallel and perpendicular to B0 (l <= lmax)."""
    r = run.positions
    rr = np.einsum("tpi,tpj->tij", r, r) / r.shape[1]
    tensor = np.stack([0.5 * (rr[:, 0, 0] + rr[:, 1, 1]), rr[:, 2, 2]], axis=1)
    with one_thread():
        cl = np.array([[anafast(intensity_map("gradient", g, r[t], run.momenta[t], K), lmax)
                        for g in ORIENTATIONS.values()] for t in range(r.shape[0])])
    return {"tensor": tensor, "C_l": cl}   # (time, component), (time, orientation, l)


def _label(quantity: str, index, omega_times) -> str:
    """Readable name of one compared number (time first, as in :func:`ensemble_quantities`)."""
    t = f"Omega T = {omega_times[index[0]]:g}"
    if quantity == "tensor":
        return f"<dx dx> {('perpendicular', 'parallel')[index[1]]} at {t}"
    return f"C_{index[2]} (gradient {tuple(ORIENTATIONS)[index[1]]}) at {t}"


def fit_power(differences: np.ndarray, errors: np.ndarray, steps: np.ndarray, order: int):
    """Weighted least squares of D(h) = c h^order per quantity: (c, err(c)).

    ``differences`` and ``errors`` have the steps along the first axis; a step whose error
    vanishes for a quantity (identical runs) is left out of that quantity's fit.
    """
    x = (np.asarray(steps, dtype=float) ** order).reshape((-1,) + (1,) * (differences.ndim - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(errors > 0, 1.0 / errors**2, 0.0)
        norm = np.sum(w * x * x, axis=0)
        c = np.sum(w * x * differences, axis=0) / norm
        err = 1.0 / np.sqrt(norm)
    return c, err


def largest_passing_steps(rows: list[dict], gyroradius: float) -> list[dict]:
    """Per scheme, the largest step r_L/n (n integer: every Omega T of the grid is reached
    exactly) whose bound B(h) = B(h_j) (h / h_j)^order stays below :data:`SYSTEMATIC_FRACTION`,
    with its projected campaign cost at the scheme's median measured CPU time per step.

    B(h) is exactly proportional to h^order (the fitted bias c h^order), so any studied step
    h_j with B(h_j) > 0 fixes it.
    """
    out = []
    for scheme in dict.fromkeys(r["scheme"] for r in rows):
        mine = [r for r in rows if r["scheme"] == scheme and r["bound_over_sigma"] > 0]
        if not mine:
            continue
        ref = max(mine, key=lambda r: r["step"])
        order = ref["order"]
        h_max = ref["step"] * (SYSTEMATIC_FRACTION / ref["bound_over_sigma"]) ** (1.0 / order)
        n = max(2, math.ceil(gyroradius / h_max * (1 - 1e-12)))
        step = gyroradius / n
        # CPU time per particle-step and per unit step length of the studied rows
        ns = float(np.median([r["ns_per_particle_step"] for r in mine]))
        cpu = float(np.median([r["campaign_cpu_seconds"] * r["step"] / r["ns_per_particle_step"] for r in mine]))
        out.append({"scheme": scheme, "step": step, "steps_per_gyroradius": n, "order": order,
                    "bound_over_sigma": ref["bound_over_sigma"] * (step / ref["step"]) ** order,
                    "field_evaluations_per_gyroradius": ref["field_evaluations_per_step"] * n,
                    "ns_per_particle_step": ns, "campaign_cpu_seconds": cpu * ns / step})
    return out


@dataclass(frozen=True)
class AccuracyBenchmark(Result):
    """The convergence study of :func:`bench_accuracy` (its ``to_dict()`` is ``--json``).

    ``rows``: one dict per (scheme, step) with its cost (``ns_per_particle_step``,
    ``campaign_cpu_seconds`` of the preset), ``trajectory_error`` (median |dr| in L_c at
    ``trajectory_times``), ``measured_over_sigma`` (max |D| / sigma_N over every quantity and time,
    ``worst``: where), ``noise_over_sigma`` (the largest s / sigma_N), ``bound_over_sigma`` (the
    bound B(h) of the fitted c h^order, ``binding``: where) and ``passes`` (B(h) < 1/3).
    ``largest_steps``: per scheme, the largest step r_L/n whose bound stays below 1/3
    (:func:`largest_passing_steps`); ``choice``: the cheapest of them, or None.
    """

    preset: str
    nside: int
    realisations: int
    n_modes: int
    campaign_realisations: int
    campaign_nside: int
    reference: dict
    sigma_run: dict
    omega_times: list
    lmax: int
    trajectory_times: list
    criterion: str
    rows: list
    largest_steps: list
    choice: dict | None

    def __str__(self) -> str:
        head = (f"accuracy per cost, preset {self.preset}: errors over the statistical error sigma_N of its "
                f"{self.campaign_realisations} realisations at nside {self.campaign_nside} (scatter from "
                f"{self.sigma_run['realisations']} realisations); study: {self.realisations} realisations at "
                f"nside {self.nside}, reference {self.reference['scheme']} h = {self.reference['step']:g}")
        cols = (f"{'scheme':14} {'h':>7} {'ns/step':>8} {'CPU [h]':>8} "
                + " ".join(f"{'dr@' + format(t, 'g'):>9}" for t in self.trajectory_times)
                + f" {'|D|/sN':>8} {'noise':>7} {'bound':>8}  ok")
        lines = [head, cols]
        for r in self.rows:
            lines.append(
                f"{r['scheme']:14} {r['step']:7.2g} {r['ns_per_particle_step']:8.1f} "
                f"{r['campaign_cpu_seconds'] / 3600:8.2f} "
                + " ".join(f"{e:9.1e}" for e in r["trajectory_error"])
                + f" {r['measured_over_sigma']:8.2f} {r['noise_over_sigma']:7.2f} "
                  f"{r['bound_over_sigma']:8.3f}  {'yes' if r['passes'] else 'no'}")
        lines.append("largest passing step per scheme (r_L/n; bound scaled as h^order):")
        for r in self.largest_steps:
            lines.append(f"  {r['scheme']:14} h = r_L/{r['steps_per_gyroradius']} = {r['step']:.5f}  bound "
                         f"{r['bound_over_sigma']:.3f}  {r['field_evaluations_per_gyroradius']} field evaluations "
                         f"per r_L  {r['campaign_cpu_seconds'] / 3600:.2f} h CPU")
        if self.choice:
            c = self.choice
            lines.append(f"cheapest: {c['scheme']} h = r_L/{c['steps_per_gyroradius']} = {c['step']:.5g} L_c "
                         f"({c['campaign_cpu_seconds'] / 3600:.2f} h CPU for the campaign; bound "
                         f"{c['bound_over_sigma']:.3f} < 1/3)")
        else:
            lines.append("no scheme of the study has a measurable bound")
        return "\n".join(lines)


def _check_inputs(schemes, steps, reference, sigma_run, realisations, sigma_realisations, nside, lmax):
    for name in (*schemes, reference[0], sigma_run[0]):
        if name not in PROPAGATORS:
            raise UsageError(f"unknown integrator {name!r}; choose from {', '.join(PROPAGATORS)}")
    if not schemes:
        raise UsageError("give at least one integrator")
    if len(steps) < 2 or any(not (math.isfinite(h) and h > 0) for h in steps):
        raise UsageError(f"give at least two steps > 0, got {list(steps)}")
    for name, value in (("--realisations", realisations), ("--sigma-realisations", sigma_realisations)):
        if not (isinstance(value, (int, np.integer)) and value >= 2):
            raise UsageError(f"{name} must be >= 2 (standard deviations), got {value!r}")
    if not (isinstance(nside, (int, np.integer)) and nside >= 1 and nside & (nside - 1) == 0):
        raise UsageError(f"--nside must be a power of 2, got {nside!r}")
    if not (isinstance(lmax, (int, np.integer)) and 1 <= lmax <= 3 * nside - 1):
        raise UsageError(f"--lmax must be in [1, 3 nside - 1 = {3 * nside - 1}], got {lmax!r}")


def bench_accuracy(preset: str = "paper", *, schemes=STUDY_SCHEMES, steps=STUDY_STEPS,
                   reference=REFERENCE, realisations: int = 8, nside: int = 16,
                   sigma_run=SIGMA_RUN, sigma_realisations: int = 16, sigma_nside: int | None = None,
                   n_modes: int | None = None, lmax: int = 20,
                   omega_max: float | None = None) -> AccuracyBenchmark:
    """Errors of the integrators against a converged reference as a function of step and CPU time.

    Realisations 0, 1, ... of the preset's campaign (same fields, same arrival directions) are
    traced with every (scheme, step) and with the reference; the errors of single trajectories,
    of <dx_i dx_j>(T) and of C_l(T) (gradient maps, l <= lmax) are compared with the statistical
    error of the preset's full campaign, measured by a separate run at its nside (module
    docstring: the measured bias, and the bound from the scheme's order fitted to its steps).

    Parameters
    ----------
    preset : {"paper", "quick"}
        The campaign whose physics, times and statistical error are used.
    schemes : sequence of str
        Integrators (``propagator`` names).
    steps : sequence of float
        Path lengths per step (L_c, >= 2); each must divide every r_L Omega T of the preset.
    reference : (str, float)
        The converged reference (scheme, step).
    realisations : int
        Field realisations of the comparison (>= 2).
    nside : int
        HEALPix nside of the comparison's arrival directions.
    sigma_run : (str, float)
        (scheme, step) of the run that measures the campaign's scatter.
    sigma_realisations : int
        Realisations of that run (>= 2).
    sigma_nside : int, optional
        Its nside (default: the preset's).
    n_modes : int, optional
        Plane waves per realisation (default: the preset's).
    lmax : int
        Highest multipole compared (<= 3 nside - 1).
    omega_max : float, optional
        Compare only Omega T <= omega_max (default: all the preset's times).

    Returns
    -------
    AccuracyBenchmark
        One row per (scheme, step): cost, errors, bound, pass; per scheme its largest passing
        step r_L/n; and ``choice``, the cheapest of those (the paper preset's default).

    Examples
    --------
    >>> from cranisotropy import bench_accuracy
    >>> study = bench_accuracy("quick", schemes=("boris",), steps=(5e-3, 1e-2),
    ...                        reference=("rk4", 2.5e-3), realisations=2, nside=1, n_modes=8,
    ...                        sigma_realisations=2, sigma_nside=1, lmax=2, omega_max=2.0)
    >>> [row["step"] for row in study.rows], study.rows[0]["trajectory_error"][0] < 1e-3
    ([0.005, 0.01], True)
    """
    base = CampaignParameters.preset(preset)
    sigma_nside = base.nside if sigma_nside is None else sigma_nside
    schemes, steps = tuple(schemes), tuple(float(h) for h in steps)
    reference, sigma_run = (str(reference[0]), float(reference[1])), (str(sigma_run[0]), float(sigma_run[1]))
    _check_inputs(schemes, steps, reference, sigma_run, realisations, sigma_realisations, nside, lmax)
    _check_inputs(schemes, steps, reference, sigma_run, realisations, sigma_realisations, sigma_nside, lmax)
    times = tuple(t for t in base.omega_times if omega_max is None or t <= omega_max)
    if not any(t > 0 for t in times):
        raise UsageError(f"no recorded Omega T in (0, {omega_max:g}]")
    params = base.replace(nside=nside, n_modes=n_modes, omega_times=times)
    for h in (*steps, reference[1], sigma_run[1]):
        _record_steps(params, h)  # refuse a step that misses the recording times, before any work
    directions = healpix_directions(nside)
    t_index = [int(np.argmin(np.abs(params.recorded_omega_times() - t))) for t in TRAJECTORY_TIMES
               if t <= times[-1]]
    runs = [(s, h) for s in schemes for h in steps]
    _compile(set(schemes) | {reference[0], sigma_run[0]})
    bar = progress(total=realisations * (len(runs) + 1) + sigma_realisations, desc="accuracy runs", unit="run")
    with bar:
        sigma = _campaign_scatter(params.replace(nside=sigma_nside), sigma_run, sigma_realisations, lmax, bar)
        sigma = {k: v / math.sqrt(base.realisations) for k, v in sigma.items()}
        refs = _trace_realisations(params, directions, reference, realisations, bar)
        # one K for every map of the comparison: the reference's
        K, ref_q = _with_green_kubo_maps(refs, directions, lmax)
        results = {}
        for scheme, h in runs:
            cpu = steps_done = 0
            diffs = {k: [] for k in ref_q[0]}
            traj = []
            for i in range(realisations):
                # the reference's own (scheme, step) is the reference run itself (bitwise)
                run = refs[i] if (scheme, h) == reference else trace(params, i, directions, scheme, h)
                bar.update(1)
                cpu += run.cpu_seconds
                steps_done += run.particle_steps
                q = ensemble_quantities(run, K, lmax)
                for k in diffs:
                    diffs[k].append(q[k] - ref_q[i][k])
                traj.append(np.linalg.norm(run.positions - refs[i].positions, axis=-1))
            results[scheme, h] = {"cpu": cpu, "particle_steps": steps_done,
                                  "diffs": {k: np.array(v) for k, v in diffs.items()},
                                  "trajectory": np.concatenate(traj, axis=1)}
    rows = _rows(params, base, results, sigma, schemes, steps, t_index)
    largest = largest_passing_steps(rows, base.gyroradius)
    choice = min(largest, key=lambda r: r["campaign_cpu_seconds"]) if largest else None
    return AccuracyBenchmark(
        preset=preset, nside=nside, realisations=realisations, n_modes=params.n_modes,
        campaign_realisations=base.realisations, campaign_nside=base.nside,
        reference={"scheme": reference[0], "step": reference[1]},
        sigma_run={"scheme": sigma_run[0], "step": sigma_run[1], "realisations": sigma_realisations,
                   "nside": sigma_nside},
        omega_times=params.recorded_omega_times().tolist(), lmax=lmax,
        trajectory_times=[float(params.recorded_omega_times()[t]) for t in t_index],
        criterion=(f"bound B(h): max over 0 < Omega T <= {times[-1]:g}, l <= {lmax} and both tensor "
                   f"components of (|c| + 2 err(c)) h^order / sigma_N, c fitted to the paired "
                   f"differences over the scheme's steps; passes when B(h) < "
                   f"{SYSTEMATIC_FRACTION:.3g} (sigma_N: the statistical error of the "
                   f"{base.realisations}-realisation campaign at nside {sigma_nside})"),
        rows=rows, largest_steps=largest, choice=choice)


def _campaign_scatter(params: CampaignParameters, run: tuple[str, float], realisations: int, lmax: int,
                      bar) -> dict[str, np.ndarray]:
    """std over ``realisations`` of every compared quantity, at ``params``' nside (maps with the
    run's own Green–Kubo K, as a campaign's analysis makes them)."""
    directions = healpix_directions(params.nside)
    _, q = _with_green_kubo_maps(_trace_realisations(params, directions, run, realisations, bar),
                                 directions, lmax)
    return {k: np.std(np.array([x[k] for x in q]), axis=0, ddof=1) for k in q[0]}


def _trace_realisations(params, directions, run: tuple[str, float], realisations: int, bar) -> list[_Run]:
    """Realisations 0 .. realisations - 1 traced with ``run`` = (scheme, step)."""
    out = []
    for i in range(realisations):
        out.append(trace(params, i, directions, *run))
        bar.update(1)
    return out


def _with_green_kubo_maps(runs: list[_Run], directions, lmax: int):
    """(K, per-run quantities): K the runs' mean Green–Kubo tensor at the last time, used in the
    gradient maps of every run (as a campaign's analysis does)."""
    K = np.mean([green_kubo(r.positions[-1:], directions)[0] for r in runs], axis=0)
    return K, [ensemble_quantities(r, K, lmax) for r in runs]


def _rows(params, base, results, sigma, schemes, steps, t_index) -> list[dict]:
    later = np.asarray(params.recorded_omega_times()) > 0   # T = 0 is identical everywhere
    times = params.recorded_omega_times()
    T_max_steps = {h: int(_record_steps(base, h)[-1]) for h in steps}
    rows = []
    for scheme in schemes:
        order = PROPAGATORS[scheme](1.0).order
        fits = {}
        for k in sigma:
            diffs = [results[scheme, h]["diffs"][k] for h in steps]
            d = np.array([x.mean(axis=0) for x in diffs])
            s = np.array([x.std(axis=0, ddof=1) / math.sqrt(x.shape[0]) for x in diffs])
            fits[k] = (d, s, *fit_power(d, s, np.array(steps), order))
        for j, h in enumerate(steps):
            res = results[scheme, h]
            worst = binding = None
            measured = noise = bound = 0.0
            for k, (d, s, c, err) in fits.items():
                sig = sigma[k][later]
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = np.where(sig > 0, np.abs(d[j][later]) / sig, 0.0)
                    floor = np.where(sig > 0, s[j][later] / sig, 0.0)
                    model = np.where(sig > 0, (np.abs(np.nan_to_num(c[later])) + 2 * np.nan_to_num(
                        err[later], posinf=0.0)) * h**order / sig, 0.0)
                noise = max(noise, float(np.max(floor)))
                for value, array in ((measured, ratio), (bound, model)):
                    at = np.unravel_index(int(np.argmax(array)), array.shape)
                    if array[at] > value:
                        index = (int(np.flatnonzero(later)[at[0]]),) + tuple(int(v) for v in at[1:])
                        if array is ratio:
                            measured, worst = float(array[at]), _label(k, index, times)
                        else:
                            bound, binding = float(array[at]), _label(k, index, times)
            ns = 1e9 * res["cpu"] / res["particle_steps"]
            trajectory = np.median(res["trajectory"], axis=1)
            rows.append({
                "scheme": scheme, "step": h, "order": order,
                "field_evaluations_per_step": PROPAGATORS[scheme](h).field_evaluations_per_step,
                "ns_per_particle_step": ns,
                "campaign_cpu_seconds": ns * 1e-9 * base.n_pix * base.realisations * T_max_steps[h],
                "trajectory_error": [float(trajectory[t]) for t in t_index],
                "measured_over_sigma": measured, "worst": worst, "noise_over_sigma": noise,
                "bound_over_sigma": bound, "binding": binding,
                "passes": bool(bound < SYSTEMATIC_FRACTION),
            })
    return rows
