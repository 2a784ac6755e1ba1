"""From recorded trajectories to diffusion tensors, sky maps and angular power spectra.

Estimators (ensemble = realisations, each averaged over its N_pix HEALPix directions p0):

- running diffusion tensor K^s(T) = <r_i r_j> / (2T) (seed 002, after eq. 2.5);
- relative-diffusion tensor: the pair average (1/4T) <(r1 - r2)_i (r1 - r2)_j> over all pairs of
  directions (seed 002 eq. 2.4) equals (<r_i r_j> - <rbar_i rbar_j>)/(2T), rbar the direction mean
  of one realisation — computed that way, exactly;
- Green–Kubo tensor K_ij(T) = int_0^T <v_i(t) v_j(0)> dt = -<r_j(-T) p0_i> (because
  r(-T) = -int_0^T v(-t) dt and the ensemble is stationary): the full tensor, antisymmetric part
  included; its value at the last time is the K of the diffusive state at -T;
- instantaneous coefficient d<r_i r_j>/dT / 2 = -sym <r_i(-T) p_j(-T)> (exact per trajectory);
  by stationarity it equals sym K(T): the difference per realisation is a consistency check.

Maps (:mod:`derivations.backtrack`): the gradient set-up dI = r.g - 3 p(-T).(K g) for gradients
parallel (z) and perpendicular (x) to B0, and the homogeneous dipole dI = a.p(-T) (seed 003).
C_l by ``healpy.anafast``; <C_l> and its standard error over realisations; the standard-diffusion
C_l from the ensemble-mean map (<r1><r2> instead of <r1 r2>).
"""
from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.derivations.backtrack import maps as maps_derivation
from cranisotropy.numerics.backtrack.campaign import ResultsStore, atomic_write, healpix_directions
from cranisotropy.numerics.backtrack.models import Predictions, default_predictions

#: gradient / dipole directions relative to B0 (along z)
ORIENTATIONS = {"parallel": np.array([0.0, 0.0, 1.0]), "perpendicular": np.array([1.0, 0.0, 0.0])}
LMAX_REPORT = 9


@lru_cache(maxsize=None)
def _intensity_functions():
    d = maps_derivation
    gradient = sp.lambdify((list(d.r), list(d.q), list(d.g), [list(row) for row in d.K.tolist()]),
                           d.gradient_intensity(), "numpy")
    dipole = sp.lambdify((list(d.q), list(d.a)), d.homogeneous_dipole_intensity(), "numpy")
    return gradient, dipole


def gradient_map(r: np.ndarray, q: np.ndarray, gradient, K) -> np.ndarray:
    """dI per pixel for positions ``r`` (n, 3), directions ``q`` = p(-T) (n, 3)."""
    f, _ = _intensity_functions()
    return f(r.T, q.T, list(gradient), [list(row) for row in np.asarray(K)])


def dipole_map(q: np.ndarray, dipole) -> np.ndarray:
    """dI = a . p(-T) per pixel for directions ``q`` = p(-T) (n, 3)."""
    _, f = _intensity_functions()
    return f(q.T, list(dipole))


def intensity_map(kind: str, vector, r: np.ndarray, q: np.ndarray, K=None) -> np.ndarray:
    """The relative-intensity map of ``kind`` "gradient" (:func:`gradient_map`, gradient
    ``vector``, tensor ``K``) or "dipole" (:func:`dipole_map`, dipole ``vector``)."""
    return gradient_map(r, q, vector, K) if kind == "gradient" else dipole_map(q, vector)


def green_kubo(r: np.ndarray, p0: np.ndarray) -> np.ndarray:
    """K_ij(T) = -<r_j(-T) p0_i> over the directions of one realisation: r (time, pixel, 3)."""
    return -np.einsum("tpj,pi->tij", r, p0) / r.shape[1]


def anafast(sky_map: np.ndarray, lmax: int) -> np.ndarray:
    """healpy's C_l of a RING-ordered map (call it inside :func:`one_thread`)."""
    import healpy as hp

    return hp.anafast(np.ascontiguousarray(sky_map, dtype=np.float64), lmax=lmax)


@contextlib.contextmanager
def one_thread():
    """healpy's transforms single-threaded: its OpenMP threads cost ~100x on small maps when the
    cores are shared (0.4 s instead of 3 ms per nside-16 ``anafast`` measured here)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="openmp"):
        yield


def _mean_sem(samples: np.ndarray):
    samples = np.asarray(samples, dtype=float)
    mean = samples.mean(axis=0)
    sem = samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0]) if samples.shape[0] > 1 \
        else np.full_like(mean, np.nan)
    return mean, sem


def tensors(store: ResultsStore, indices) -> dict:
    """Running diffusion, relative-diffusion and Green–Kubo tensors per recorded time.

    K^s and K~^s per realisation come from the relative-diffusion topic's estimators
    (``diffusion_tensor_from_displacements``, ``relative_diffusion_tensor_from_displacements``);
    their mean and standard error over realisations are returned.
    """
    from cranisotropy.numerics.multipoles import (diffusion_tensor_from_displacements,
                                                  relative_diffusion_tensor_from_displacements)

    p0 = healpix_directions(store.params.nside)
    T = store.params.path_lengths()
    nan = np.full((3, 3), np.nan)
    ks, kr, gk, rq = [], [], [], []
    for i in progress(indices, desc="tensors", unit="real"):
        r, q = store.read_realisation(i)
        ks.append([diffusion_tensor_from_displacements(r[t], T[t]) if T[t] > 0 else nan
                   for t in range(T.size)])
        kr.append([relative_diffusion_tensor_from_displacements(r[t], T[t]) if T[t] > 0 else nan
                   for t in range(T.size)])
        gk.append(green_kubo(r, p0))
        rq.append(np.einsum("tpi,tpj->tij", r, q) / r.shape[1])
    gk, rq = np.array(gk), np.array(rq)
    ksym, ksym_err = _mean_sem(np.array(ks))
    krel, krel_err = _mean_sem(np.array(kr))
    kgk, kgk_err = _mean_sem(gk)
    slope = -0.5 * (rq + np.swapaxes(rq, -1, -2))
    kslope, kslope_err = _mean_sem(slope)
    diff, diff_err = _mean_sem(slope - 0.5 * (gk + np.swapaxes(gk, -1, -2)))
    with np.errstate(invalid="ignore", divide="ignore"):
        pulls = diff / diff_err
    return {"K_sym": ksym, "K_sym_sem": ksym_err, "K_rel": krel, "K_rel_sem": krel_err,
            "K_green_kubo": kgk, "K_green_kubo_sem": kgk_err, "K_slope": kslope,
            "K_slope_sem": kslope_err, "stationarity_pulls": pulls}


def spectra(store: ResultsStore, indices, K) -> dict:
    """<C_l>(T) for the gradient and homogeneous-dipole maps, with standard errors."""
    with one_thread():
        return _spectra(store, indices, K)


def _spectra(store: ResultsStore, indices, K) -> dict:
    p = store.params
    lmax = 3 * p.nside - 1
    nt = len(p.omega_times)
    names = [("gradient", o) for o in ORIENTATIONS] + [("dipole", o) for o in ORIENTATIONS]
    cl = {name: np.empty((len(indices), nt, lmax + 1)) for name in names}
    parseval = {name: np.empty((len(indices), nt)) for name in names}
    mean_maps = {name: np.zeros((nt, p.n_pix)) for name in names}
    for n, i in enumerate(progress(indices, desc="C_l", unit="real")):
        r, q = store.read_realisation(i)
        for t in range(nt):
            for name in names:
                kind, orient = name
                m = intensity_map(kind, ORIENTATIONS[orient], r[t], q[t], K)
                cl[name][n, t] = anafast(m, lmax)
                parseval[name][n, t] = np.mean(m * m)
                mean_maps[name][t] += m / len(indices)
    ell = np.arange(lmax + 1)
    out = {}
    for name in names:
        mean, sem = _mean_sem(cl[name])
        # (1/4pi) sum over *all* l of (2l+1) C_l = pixel mean of dI^2 (Parseval, equal-area
        # pixels); anafast's sum stops at 3 nside - 1 and misses the power of rough late maps
        monopole = cl[name][..., 0] / (4 * np.pi)
        standard = np.array([anafast(mean_maps[name][t], lmax) for t in range(nt)])
        out[name] = {"C_l": mean, "C_l_sem": sem, "total": _mean_sem(parseval[name]),
                     "total_anafast": _mean_sem(cl[name] @ (2 * ell + 1) / (4 * np.pi)),
                     "monopole": _mean_sem(monopole), "multipoles": _mean_sem(parseval[name] - monopole),
                     "standard_C_l": standard}
    return out


def json_array(a):
    """Nested lists with None for NaN (JSON has no NaN)."""
    a = np.asarray(a, dtype=float)
    return np.where(np.isfinite(a), a.astype(object), None).tolist()


def json_number(x):
    """``float(x)``, or None for NaN and infinities."""
    x = float(x)
    return x if np.isfinite(x) else None


def analyse(store: ResultsStore, predictions: Predictions | None = None, lmax: int = LMAX_REPORT) -> dict:
    """The summary of a (possibly partial) campaign: tensors, spectra, noise and sum rules."""
    predictions = predictions or default_predictions()
    indices = store.completed()
    if len(indices) == 0:
        raise UsageError(f"{store.path} holds no finished realisation yet")
    p = store.params
    T = p.path_lengths()
    tens = tensors(store, indices)
    K_asymptotic = tens["K_green_kubo"][-1]
    spec = spectra(store, indices, K_asymptotic)
    summary = {
        "parameters": p.to_json(), "realisations_used": len(indices),
        "omega_times": p.recorded_omega_times().tolist(), "path_lengths": T.tolist(),
        "n_pix": p.n_pix, "lmax_reported": lmax,
        "diffusion": {
            "running_symmetric": json_array(tens["K_sym"]),
            "running_symmetric_sem": json_array(tens["K_sym_sem"]),
            "relative_symmetric": json_array(tens["K_rel"]),
            "relative_symmetric_sem": json_array(tens["K_rel_sem"]),
            "green_kubo": json_array(tens["K_green_kubo"]),
            "green_kubo_sem": json_array(tens["K_green_kubo_sem"]),
            "instantaneous_symmetric": json_array(tens["K_slope"]),
            "instantaneous_symmetric_sem": json_array(tens["K_slope_sem"]),
            "stationarity_pulls": json_array(tens["stationarity_pulls"]),
            "asymptotic": {
                "K": json_array(K_asymptotic),
                "parallel": json_number(K_asymptotic[2, 2]),
                "perpendicular": json_number(0.5 * (K_asymptotic[0, 0] + K_asymptotic[1, 1])),
                "antisymmetric_xy": json_number(0.5 * (K_asymptotic[0, 1] - K_asymptotic[1, 0])),
                "omega_T": float(p.recorded_omega_times()[-1]),
            },
        },
        "models": {"source": predictions.source, **predictions.available},
    }
    for kind, key in (("gradient", "gradients"), ("dipole", "homogeneous_dipole")):
        block = {}
        for orient, vec in ORIENTATIONS.items():
            s = spec[(kind, orient)]
            entry = {"C_l": json_array(s["C_l"][:, :lmax + 1]), "C_l_sem": json_array(s["C_l_sem"][:, :lmax + 1]),
                     "total_power": json_array(s["total"][0]), "total_power_sem": json_array(s["total"][1]),
                     "total_power_anafast": json_array(s["total_anafast"][0]),
                     "monopole_power": json_array(s["monopole"][0]),
                     "monopole_power_sem": json_array(s["monopole"][1]),
                     "multipole_power": json_array(s["multipoles"][0]),
                     "multipole_power_sem": json_array(s["multipoles"][1]),
                     "standard_C_l": json_array(s["standard_C_l"][:, :lmax + 1])}
            if kind == "gradient":
                entry.update(_model_comparison(predictions, tens, s, vec, T, p.n_pix, lmax, K_asymptotic))
            block[orient] = entry
        summary[key] = block
    return summary


def _model_comparison(predictions: Predictions, tens, s, g, T, n_pix, lmax, K) -> dict:
    """Sum-rule residuals, the noise-subtracted estimator and the eq.-1.1 dipole, where available.

    Sum rules (seed 002 eqs. 2.5-2.7) with the measured running tensors at the same T; the
    measured total is the pixel mean of dI^2 (all l), the monopole C_0/4pi, multipoles the rest.
    """
    out = {}
    nt = len(T)
    if predictions.sum_rules is not None:
        keys = ("total", "monopole", "multipoles")
        residuals = {k: [] for k in keys}
        predicted = {k: [] for k in keys}
        for t in range(nt):
            pred = predictions.sum_rules(tens["K_sym"][t], tens["K_rel"][t], g, T[t]) if T[t] > 0 else None
            measured = {"total": s["total"][0][t], "monopole": s["monopole"][0][t],
                        "multipoles": s["multipoles"][0][t]}
            for key in keys:
                predicted[key].append(json_number(pred[key]) if pred else None)
                residuals[key].append(json_number(measured[key] / pred[key] - 1) if pred and pred[key] else None)
        out["sum_rules_predicted"] = predicted
        out["sum_rule_residuals"] = residuals
    else:
        out["sum_rules_predicted"] = out["sum_rule_residuals"] = None
    out["standard_dipole_eq_1_1"] = (json_number(predictions.standard_dipole(K, g))
                                     if predictions.standard_dipole is not None else None)
    if predictions.shot_noise is not None:
        noise = np.array([predictions.shot_noise(tens["K_sym"][t], g, T[t], n_pix) if T[t] > 0 else np.nan
                          for t in range(nt)])
        out["noise"] = json_array(noise)
        out["C_l_minus_noise"] = json_array(s["C_l"][:, :lmax + 1] - noise[:, None])
    else:
        out["noise"] = None
        out["C_l_minus_noise"] = None
    return out


# ---------------------------------------------------------------------------- public API

@dataclass(frozen=True)
class CampaignAnalysis(Result):
    """Summary of a campaign (:func:`analyse_campaign`); ``to_dict()`` is ``summary.json``.

    Nested values are plain lists and dicts; times along the first axis of every per-time list.
    """

    parameters: dict
    realisations_used: int
    omega_times: list
    path_lengths: list
    n_pix: int
    lmax_reported: int
    diffusion: dict
    models: dict
    gradients: dict
    homogeneous_dipole: dict
    figures: list

    def __str__(self) -> str:
        asym = self.diffusion["asymptotic"]
        return (f"{self.realisations_used} realisations; K_par = {asym['parallel']:.4g}, "
                f"K_perp = {asym['perpendicular']:.4g}, K_A = {asym['antisymmetric_xy']:.4g} L_c "
                f"(Omega T = {asym['omega_T']:g})")


def analyse_campaign(directory, *, output_dir=None, predictions: Predictions | None = None,
                     lmax: int = LMAX_REPORT) -> CampaignAnalysis:
    """Diffusion tensors, <C_l>(T), noise and sum rules of the finished realisations of a campaign.

    Writes ``summary.json`` (= :meth:`CampaignAnalysis.to_dict`) into the results directory and
    three figures (``backtrack_spectrum.png``: <C_l>(Omega T) as seed 002 Fig. 2;
    ``backtrack_estimator.png``: (<C_l> - N)/(<C_1> - N) as Fig. 3; ``backtrack_liouville.png``:
    the homogeneous-dipole power) into ``output_dir``.

    Parameters
    ----------
    directory : str or path
        Results directory of :func:`run_campaign` (a partial run is analysed as it is).
    output_dir : str or path, optional
        Folder for the figures (default: the results directory).
    predictions : Predictions, optional
        Analytic models to compare with (default: the multipoles topic's, when installed).
    lmax : int
        Highest multipole reported (default 9, as seed 002 Fig. 2).

    Returns
    -------
    CampaignAnalysis
        ``diffusion`` (running, relative and Green–Kubo tensors per time, the asymptotic K),
        ``gradients`` and ``homogeneous_dipole`` (per orientation "parallel"/"perpendicular":
        <C_l>(T), errors, total/monopole/multipole power, noise, sum rules), ``figures``.

    See Also
    --------
    angular_power_spectrum : C_l of one map kind at chosen times, from loaded results.

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, analyse_campaign, run_campaign
    >>> params = CampaignParameters(nside=1, realisations=2, n_modes=8, omega_times=(0.0, 2.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = run_campaign(params, f"{tmp}/run", serial=True)
    ...     summary = analyse_campaign(f"{tmp}/run")
    >>> summary.realisations_used, len(summary.figures)
    (2, 3)
    """
    from cranisotropy.core.paths import output_dir as checked_dir
    from cranisotropy.numerics.backtrack import plots

    store = ResultsStore.open(directory)
    summary = analyse(store, predictions, lmax)
    figures = checked_dir(output_dir if output_dir is not None else store.path)
    summary["figures"] = [str(plots.plot_spectrum_evolution(summary, figures / "backtrack_spectrum.png")),
                          str(plots.plot_estimator(summary, figures / "backtrack_estimator.png")),
                          str(plots.plot_liouville(summary, figures / "backtrack_liouville.png"))]
    atomic_write(store.path / "summary.json", json.dumps(summary, indent=1, allow_nan=False))
    return CampaignAnalysis(**summary)


@dataclass(frozen=True)
class AngularPowerSpectrum(Result):
    """C_l of backtracked sky maps (:func:`angular_power_spectrum`).

    ``C_l``, ``C_l_sem``: mean over realisations and its standard error, shape (lmax + 1,) for
    one time or (times, lmax + 1); ``C_l_realisations``: per realisation (first axis).
    """

    ell: np.ndarray
    C_l: np.ndarray
    C_l_sem: np.ndarray
    C_l_realisations: np.ndarray
    omega_t: np.ndarray
    kind: str
    vector: np.ndarray
    K: np.ndarray | None
    realisations: int


def _time_indices(recorded: np.ndarray, omega_t) -> list[int]:
    out = []
    for t in np.atleast_1d(np.asarray(omega_t, dtype=float)):
        hits = np.flatnonzero(np.isclose(recorded, t, rtol=1e-9, atol=1e-12))
        if hits.size == 0:
            raise UsageError(f"Omega T = {t:g} was not recorded; recorded: "
                             f"{', '.join(f'{v:g}' for v in recorded)}")
        out.append(int(hits[0]))
    return out


def angular_power_spectrum(results, omega_t, *, kind: str = "gradient", orientation="parallel",
                           K=None, lmax: int | None = None) -> AngularPowerSpectrum:
    """C_l of the relative-intensity sky maps of backtracked cosmic rays at time(s) Omega T.

    Liouville's theorem maps the state at -T onto today's sky (seed 004 eq. 63): for the
    ``"gradient"`` kind the quasi-stationary diffusive state with a density gradient g gives
    dI = r(-T).g - 3 p(-T).(K g) (seed 002 Sec. 2, :func:`derivations.backtrack.maps.gradient_intensity`);
    for ``"dipole"`` a homogeneous dipole a gives dI = a.p(-T) (seed 003).  C_l by
    ``healpy.anafast`` per realisation, then averaged.

    Parameters
    ----------
    results : BacktrackResults
        From :func:`load_results`.
    omega_t : float or sequence of float
        Backtracking time(s) Omega T = c T / r_L, among the recorded ones.
    kind : {"gradient", "dipole"}
        The state at -T (see above).
    orientation : {"parallel", "perpendicular"} or 3 floats
        The gradient g (in 1/L_c) or dipole a: along B0 (z), perpendicular to it (x), or a vector.
    K : array_like (3, 3), optional
        Diffusion tensor of the gradient state (L_c units, c = 1); default: the Green–Kubo
        estimate -<r_j(-T) p0_i> at the last recorded time, as :func:`analyse_campaign` uses.
    lmax : int, optional
        Highest multipole (default 3 nside - 1).

    Returns
    -------
    AngularPowerSpectrum
        ``ell``, ``C_l``, ``C_l_sem``, ``C_l_realisations``, the recorded ``omega_t`` used,
        ``kind``, ``vector``, ``K`` (None for the dipole) and the number of ``realisations``.

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, angular_power_spectrum, load_results, run_campaign
    >>> params = CampaignParameters(nside=2, realisations=2, n_modes=8, omega_times=(0.0, 5.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = run_campaign(params, f"{tmp}/run", serial=True)
    ...     results = load_results(f"{tmp}/run")
    >>> spectrum = angular_power_spectrum(results, 0.0, kind="dipole")
    >>> spectrum.C_l.shape, round(float(spectrum.C_l[1] / spectrum.C_l.sum()), 2)  # all dipole at T = 0
    ((6,), 1.0)
    """
    if kind not in ("gradient", "dipole"):
        raise UsageError(f"kind must be 'gradient' or 'dipole', got {kind!r}")
    if isinstance(orientation, str):
        if orientation not in ORIENTATIONS:
            raise UsageError(f"orientation must be one of {', '.join(ORIENTATIONS)} or 3 numbers, "
                             f"got {orientation!r}")
        vector = ORIENTATIONS[orientation]
    else:
        vector = np.asarray(orientation, dtype=float).ravel()
        if vector.size != 3 or not np.all(np.isfinite(vector)):
            raise UsageError(f"orientation must be 3 finite numbers, got {orientation!r}")
    p = results.parameters
    lmax = 3 * p.nside - 1 if lmax is None else lmax
    if not isinstance(lmax, (int, np.integer)) or lmax < 0:
        raise UsageError(f"lmax must be an integer >= 0, got {lmax!r}")
    times = _time_indices(results.omega_times, omega_t)
    if kind == "gradient":
        if K is None:
            K = np.mean([green_kubo(r[-1:], results.directions)[0] for r in results.positions], axis=0)
        K = np.asarray(K, dtype=float)
        if K.shape != (3, 3) or not np.all(np.isfinite(K)):
            raise UsageError(f"K must be a finite 3x3 tensor, got shape {K.shape}")
    else:
        K = None
    with one_thread():
        cl = np.array([[anafast(intensity_map(kind, vector, r[t], q[t], K), lmax) for t in times]
                       for r, q in zip(results.positions, results.momenta)])
    mean, sem = _mean_sem(cl)
    scalar = np.ndim(omega_t) == 0
    pick = (lambda a: a[:, 0]) if scalar else (lambda a: a)
    return AngularPowerSpectrum(
        ell=np.arange(lmax + 1), C_l=mean[0] if scalar else mean, C_l_sem=sem[0] if scalar else sem,
        C_l_realisations=pick(cl), omega_t=results.omega_times[times[0]] if scalar else results.omega_times[times],
        kind=kind, vector=vector, K=K, realisations=len(results.positions))
