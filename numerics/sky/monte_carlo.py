"""Monte Carlo skies with healpy: pseudo power spectra and dipole reconstruction (seed 004 eqs. 27-32).

Each realisation: ``healpy.synalm`` draws a statistically isotropic Gaussian sky with spectrum
C_l; ``alm2map`` evaluates it on HEALPix pixels; the m = 0 modes are removed the way a ground
array's data-driven reconstruction does it (subtracting the mean of every iso-latitude ring,
eq. 13) or, alternatively, by zeroing the true a_l0; optionally Poisson event counts are drawn
and normalised ring by ring; the map is multiplied by the field-of-view weight and
``map2alm(iter=0)`` gives the pseudo multipoles.

Why the comparison is exact up to statistics: ``map2alm(iter=0)`` is a sum over pixels, so for
an azimuthal mask the pseudo multipoles are ``I^m(w_pix) a`` with w_pix the mask's own
``map2alm`` multipoles (the pixelised mask; Gaunt expansion of Y_lm Y_l'm is exact), provided
no ring inside the mask has fewer than 2 lmax pixels (no azimuthal aliasing).  The continuous
band differs from w_pix by O(pixel size); both predictions are reported.

Realisation i uses seed ``SeedSequence(seed).spawn(n)[i]``, so results do not depend on how a
run was chunked or resumed.
"""
from __future__ import annotations

import contextlib
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cranisotropy.numerics.sky import analysis as sky
from cranisotropy.core.progress import progress


# --------------------------------------------------------------------------- pixel-level ingredients

def band_mask(nside: int, band: sky.Band) -> np.ndarray:
    """1 on pixels whose centre lies in the band, else 0 (RING ordering; whole rings)."""
    import healpy as hp

    theta, _ = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))
    dec = 90.0 - np.degrees(theta)
    return ((dec >= band.dec_min) & (dec <= band.dec_max)).astype(float)


def ring_slices(nside: int):
    """(first pixel, pixel count) of each of the 4 nside - 1 iso-latitude rings (RING order)."""
    import healpy as hp

    start, npix_ring, *_ = hp.ringinfo(nside, np.arange(1, 4 * nside))
    return np.asarray(start), np.asarray(npix_ring)


def ring_means(sky_map: np.ndarray, nside: int) -> np.ndarray:
    """Mean of the map on each iso-latitude ring, broadcast back to the pixels (RING order)."""
    start, count = ring_slices(nside)
    sums = np.add.reduceat(sky_map, start)
    return np.repeat(sums / count, count)


def mask_weight_multipoles(mask: np.ndarray, kmax: int) -> np.ndarray:
    """w_k = map2alm(mask, iter=0) at m = 0: the pixelised field of view seen by map2alm."""
    import healpy as hp

    alm = hp.map2alm(mask, lmax=kmax, iter=0)
    return alm[:kmax + 1].real.copy()            # healpy stores m = 0 first (l = 0..kmax)


def smallest_ring_in_mask(nside: int, mask: np.ndarray) -> int:
    start, count = ring_slices(nside)
    inside = mask[start] > 0
    return int(count[inside].min()) if inside.any() else 0


@contextlib.contextmanager
def _numpy_global_seed(seed: int):
    """healpy.synalm draws from numpy's global generator: seed it, then restore it."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def single_threaded():
    """Run healpy's transforms on one OpenMP thread: for the small maps of these Monte Carlos the
    thread start-up costs more than the transform (20x slower on a busy 2-core machine)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a declared dependency
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="openmp")


def on_one_thread(func):
    """Decorator: run ``func`` inside :func:`single_threaded`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with single_threaded():
            return func(*args, **kwargs)

    return wrapper


def _seeds(seed: int, n: int) -> list[int]:
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(n)]


# --------------------------------------------------------------------------- one observed sky

def observed_relative_intensity(sky_map: np.ndarray, nside: int, mask: np.ndarray,
                                mean_counts: float | None, rng: np.random.Generator | None,
                                m0: str = "ring") -> np.ndarray:
    """dI as a ground array reconstructs it from the true dI map (inside the mask).

    ``mean_counts``: expected events per pixel (uniform exposure); ``None`` = no shot noise.
    ``m0``: "ring" normalises every ring to its own mean (eq. 13); "none" keeps the m = 0 modes
    (for the standard MASTER comparison).  Zeroing the true a_l0 is done before, on the alm.
    """
    if mean_counts is None:
        intensity = 1.0 + sky_map
    else:
        counts = rng.poisson(mean_counts * np.clip(1.0 + sky_map, 0.0, None) * (mask > 0))
        intensity = counts / mean_counts
    if m0 == "ring":
        norm = ring_means(intensity * (mask > 0), nside)
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(mask > 0, intensity / norm - 1.0, 0.0)
        return rel
    return np.where(mask > 0, intensity - 1.0, 0.0)


def synthetic_alm(cl: np.ndarray, seed: int, zero_m0: bool) -> np.ndarray:
    import healpy as hp

    with _numpy_global_seed(seed):
        alm = hp.synalm(np.asarray(cl, dtype=float), lmax=len(cl) - 1, new=True)
    if zero_m0:
        alm[: len(cl)] = 0.0
    return alm


# --------------------------------------------------------------------------- pseudo power spectra

@dataclass
class SpectrumRun:
    """Running sums of pseudo C~_l over realisations (enough to resume and to summarise)."""

    lmax: int
    n: int = 0
    total: np.ndarray = field(default=None)
    total_sq: np.ndarray = field(default=None)

    def __post_init__(self):
        if self.total is None:
            self.total = np.zeros(self.lmax + 1)
            self.total_sq = np.zeros(self.lmax + 1)

    def add(self, spectrum: np.ndarray) -> None:
        self.n += 1
        self.total += spectrum
        self.total_sq += spectrum**2

    @property
    def mean(self) -> np.ndarray:
        return self.total / self.n

    @property
    def error(self) -> np.ndarray:
        """Standard error of the mean from the sample scatter."""
        var = np.clip(self.total_sq / self.n - self.mean**2, 0.0, None) * self.n / max(self.n - 1, 1)
        return np.sqrt(var / self.n)

    def save(self, path: Path, meta: dict) -> None:
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, n=self.n, total=self.total, total_sq=self.total_sq, **{f"meta_{k}": v for k, v in meta.items()})
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, meta: dict) -> "SpectrumRun":
        with np.load(path) as data:
            for k, v in meta.items():
                if not np.array_equal(data[f"meta_{k}"], np.asarray(v)):
                    raise ValueError(f"checkpoint {path} was made with different {k}; remove it or change --output")
            run = cls(len(data["total"]) - 1, int(data["n"]), data["total"].copy(), data["total_sq"].copy())
        return run


@on_one_thread
def simulate_pseudo_spectra(cl: np.ndarray, band: sky.Band, nside: int, lmax: int, realisations: int,
                            seed: int = 20171201, m0: str = "ring", events: float | None = None,
                            checkpoint: Path | None = None, every: int = 50) -> SpectrumRun:
    """Mean pseudo spectrum over ``realisations`` Monte Carlo skies (see module docstring).

    ``m0``: "ring" (ring-mean normalisation, eq. 13), "alm" (true a_l0 zeroed), "none".
    ``events``: total events in the field of view (Poisson noise), or None.  With
    ``checkpoint`` the running sums are saved every ``every`` realisations and a run resumes
    from an existing file with the same settings.
    """
    import healpy as hp

    mask = band_mask(nside, band)
    mean_counts = None if events is None else events / mask.sum()
    meta = {"cl": cl, "nside": nside, "lmax": lmax, "seed": seed, "m0": m0,
            "events": -1.0 if events is None else events, "band": [band.dec_min, band.dec_max]}
    run = SpectrumRun(lmax)
    if checkpoint is not None and Path(checkpoint).exists():
        run = SpectrumRun.load(Path(checkpoint), meta)
    seeds = _seeds(seed, realisations)
    for i in progress(range(run.n, realisations), desc="sky MC", total=realisations - run.n, unit="sky"):
        alm = synthetic_alm(cl, seeds[i], zero_m0=(m0 == "alm"))
        true_map = hp.alm2map(alm, nside, lmax=len(cl) - 1)
        rng = np.random.default_rng(seeds[i])
        observed = observed_relative_intensity(true_map, nside, mask, mean_counts, rng,
                                               m0="ring" if m0 == "ring" else "none")
        # no explicit m = 0 cut: ring normalisation (or zeroed a_l0) must leave a~_l0 = 0 by itself
        run.add(hp.alm2cl(hp.map2alm(mask * observed, lmax=lmax, iter=0)))
        if checkpoint is not None and (run.n % every == 0 or run.n == realisations):
            run.save(Path(checkpoint), meta)
    return run


def predicted_pseudo_spectrum(cl: np.ndarray, band: sky.Band, nside: int, lmax: int,
                              filter_m0: bool = True, events: float | None = None) -> dict:
    """<C~_l> = sum_l' M_ll' C_l' + N_l (eq. 30) for the pixelised mask and the continuous band."""
    lpmax = max(len(cl) - 1, lmax)
    cl_full = np.zeros(lpmax + 1)
    cl_full[: len(cl)] = cl
    mask = band_mask(nside, band)
    pixel_blocks = sky.coupling_blocks(weight_multipoles=mask_weight_multipoles(mask, lmax + lpmax),
                                       lmax=lmax, lpmax=lpmax)
    band_blocks = sky.coupling_blocks(band, lmax=lmax, lpmax=lpmax)
    out = {}
    for name, blocks, f_sky in (("pixel", pixel_blocks, mask.mean()), ("band", band_blocks, band.f_sky)):
        prediction = sky.transfer_matrix(blocks, filter_m0=filter_m0) @ cl_full
        if events is not None:
            diag = np.diagonal(blocks[0])[: lmax + 1] if filter_m0 else np.zeros(lmax + 1)
            prediction = prediction + sky.filtered_noise_spectrum(f_sky, events, diag)
        out[name] = prediction
    return out


def compare(run: SpectrumRun, prediction: np.ndarray, lmin: int = 1) -> dict:
    """z-scores of the MC mean against a prediction, and chi^2 per degree of freedom."""
    ells = np.arange(lmin, run.lmax + 1)
    err = run.error[ells]
    z = (run.mean[ells] - prediction[ells]) / np.where(err > 0, err, np.inf)
    return {"ells": ells.tolist(), "z": z.tolist(), "max_abs_z": float(np.max(np.abs(z))),
            "chi2_per_dof": float(np.mean(z**2)), "dof": int(ells.size)}


# --------------------------------------------------------------------------- dipole reconstruction

@on_one_thread
def reconstruct_dipoles(dipole: np.ndarray, band: sky.Band, nside: int, realisations: int,
                        events: float | None = None, seed: int = 20171202,
                        background_cl: np.ndarray | None = None, m0: str = "ring") -> dict:
    """Inject I = 1 + d.n (+ an optional Gaussian background with spectrum ``background_cl``),
    reconstruct (d_0h, d_6h) by eqs. (27)-(28) from the pseudo a~_11 of the observed map.
    ``m0`` as in :func:`observed_relative_intensity` ("none": no ring normalisation; a~_11 does
    not see the m = 0 modes anyway, so the reconstruction is then exact up to round-off).

    Returns the reconstructed components per realisation with K11 of the pixelised mask and
    of the continuous band (eq. 27).
    """
    import healpy as hp

    mask = band_mask(nside, band)
    k11_pixel = sky.coupling_blocks(weight_multipoles=mask_weight_multipoles(mask, 2), lmax=1)[1, 1, 1]
    k11_band = sky.dipole_transition_element(band)
    vec = np.array(hp.pix2vec(nside, np.arange(hp.nside2npix(nside))))
    dipole_map = np.asarray(dipole, dtype=float) @ vec
    mean_counts = None if events is None else events / mask.sum()
    seeds = _seeds(seed, realisations)
    pseudo = np.empty(realisations, dtype=complex)
    for i in progress(range(realisations), desc="dipole MC", unit="sky"):
        sky_map = dipole_map
        if background_cl is not None:
            sky_map = sky_map + hp.alm2map(synthetic_alm(background_cl, seeds[i], False), nside,
                                           lmax=len(background_cl) - 1)
        rng = np.random.default_rng(seeds[i])
        observed = observed_relative_intensity(sky_map, nside, mask, mean_counts, rng, m0=m0)
        pseudo[i] = hp.map2alm(mask * observed, lmax=1, iter=0)[hp.Alm.getidx(1, 1, 1)]
    return {"pixel": np.array([sky.dipole_from_pseudo_alm(a, k11_pixel) for a in pseudo]),
            "band": np.array([sky.dipole_from_pseudo_alm(a, k11_band) for a in pseudo]),
            "k11_pixel": float(k11_pixel), "k11_band": float(k11_band)}


# --------------------------------------------------------------------------- the validation campaign

def test_spectrum(lmax: int, extra: int = 4) -> np.ndarray:
    """C_l = 1e-6 / l for 1 <= l <= lmax + extra (C_0 = 0): a smooth spectrum of relative-intensity
    size (dipole amplitude ~1e-3) reaching a little beyond the analysed multipoles."""
    ells = np.arange(lmax + extra + 1, dtype=float)
    return np.where(ells > 0, 1e-6 / np.maximum(ells, 1.0), 0.0)


#: the runs of :func:`validation_campaign`: name -> (m = 0 treatment, with shot noise, M filtered)
CAMPAIGN_RUNS = {
    "m0 filtered (eq. A.2)": ("ring", False, True),
    "m0 filtered + noise (eq. 30)": ("ring", True, True),
    "no filter (MASTER)": ("none", False, False),
}


def validation_campaign(band: sky.Band, nside: int, lmax: int, realisations: int, events: float,
                        seed: int, output: Path, plot: Path | None = None,
                        z_limit: float = 4.5, chi2_limit: float = 2.5) -> dict:
    """Monte Carlo validation of eqs. 27-32 and A.2 (see `cranisotropy validate sky --help`).

    Each run passes when every |z_l| < ``z_limit`` and chi^2/dof < ``chi2_limit`` against the
    prediction for the pixelised mask; the continuous band's prediction is reported beside it.
    """
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    cl = test_spectrum(lmax)
    report = {"band": band.as_dict(), "nside": nside, "lmax": lmax, "realisations": realisations,
              "events": events, "seed": seed, "input_cl": cl.tolist(), "spectra": {}}
    curves = {}
    for k, (name, (m0, noisy, filt)) in enumerate(CAMPAIGN_RUNS.items()):
        n_events = events if noisy else None
        run = simulate_pseudo_spectra(cl, band, nside, lmax, realisations, seed + k, m0=m0, events=n_events,
                                      checkpoint=output / f"spectra_{k}.npz")
        pred = predicted_pseudo_spectrum(cl, band, nside, lmax, filter_m0=filt, events=n_events)
        c, cb = compare(run, pred["pixel"]), compare(run, pred["band"])
        report["spectra"][name] = {
            "mean": run.mean.tolist(), "error": run.error.tolist(), "prediction_pixel": pred["pixel"].tolist(),
            "prediction_band": pred["band"].tolist(), "max_abs_z": c["max_abs_z"], "chi2_per_dof": c["chi2_per_dof"],
            "band_max_abs_z": cb["max_abs_z"], "z": c["z"],
            "ok": c["max_abs_z"] < z_limit and c["chi2_per_dof"] < chi2_limit}
        curves[name] = (run, pred)
    dipole = np.array([3e-4, -5e-4, 8e-4])
    n_dip = min(realisations, 500)
    noisy = reconstruct_dipoles(dipole, band, nside, n_dip, events=events, seed=seed + 10)
    exact = reconstruct_dipoles(dipole, band, nside, 1, m0="none")
    mean, err = noisy["pixel"].mean(axis=0), noisy["pixel"].std(axis=0, ddof=1) / math.sqrt(n_dip)
    pulls = (mean - dipole[:2]) / err
    noiseless = float(np.abs(exact["pixel"][0] - dipole[:2]).max() / np.abs(dipole).max())
    report["dipole"] = {"injected": dipole.tolist(), "mean": mean.tolist(), "error_of_mean": err.tolist(),
                        "pulls": pulls.tolist(), "scatter": noisy["pixel"].std(axis=0, ddof=1).tolist(),
                        "noiseless_rel_error": noiseless, "k11_pixel": noisy["k11_pixel"],
                        "k11_band": noisy["k11_band"], "realisations": n_dip,
                        "ok": bool(np.all(np.abs(pulls) < z_limit) and noiseless < 1e-10)}
    report["ok"] = all(r["ok"] for r in report["spectra"].values()) and report["dipole"]["ok"]
    if plot is not None:
        from cranisotropy.numerics.sky import plots as sky_plots

        report["plot"] = str(sky_plots.monte_carlo_figure(report, plot))
    return report
