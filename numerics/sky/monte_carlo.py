"""Monte Carlo skies with healpy: pseudo power spectra and dipole reconstruction (seed 004 eqs. 24-32).

Each realisation: ``healpy.synalm`` draws a statistically isotropic Gaussian sky with spectrum
C_l; ``alm2map`` evaluates it on HEALPix pixels; the m = 0 modes are removed the way a ground
array's data-driven reconstruction does it (dividing every iso-latitude ring by its mean,
eq. 13) or, alternatively, by zeroing the true a_l0; optionally Poisson event counts are drawn;
the map is multiplied by the field-of-view mask and ``map2alm(iter=0)`` gives the pseudo
multipoles.

Why the comparison is exact up to statistics: ``map2alm(iter=0)`` is a sum over pixels, so for
an azimuthal mask the pseudo multipoles are ``I^m(w_pix) a`` with w_pix the mask's own
``map2alm`` multipoles (the Gaunt expansion of Y_lm Y_l'm is finite), provided no ring inside
the mask has fewer than lmax + l_sky pixels (no azimuthal aliasing).  The continuous band
differs from w_pix by O(pixel size); both predictions are reported.

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

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.numerics.sky._validate import integer, positive
from cranisotropy.numerics.sky.coupling import coupling_blocks, transfer_matrix
from cranisotropy.numerics.sky.dipole import dipole_from_pseudo_alm, dipole_transition_element
from cranisotropy.numerics.sky.geometry import DEG, Band
from cranisotropy.numerics.sky.noise import filtered_noise_spectrum, tophat_noise_power

#: HAWC's time-integrated field of view (latitude 19 deg N, zenith cut 45 deg; seed 004 Sec. 2)
HAWC = Band(-26.0, 64.0)


# --------------------------------------------------------------------------- pixel-level ingredients

def _check_nside(nside) -> int:
    value = integer("nside", nside, 1)
    if value & (value - 1):
        raise UsageError(f"nside must be a power of 2, got {value}")
    return value


def band_mask(nside: int, band: Band) -> np.ndarray:
    """1 on HEALPix pixels (RING order) whose centre lies in the band, else 0 (whole rings).

    >>> int(band_mask(1, Band(-90.0, 90.0)).sum())
    12
    """
    import healpy as hp

    nside = _check_nside(nside)
    theta, _ = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))
    dec = 90.0 - np.degrees(theta)
    return ((dec >= band.dec_min) & (dec <= band.dec_max)).astype(float)


def ring_slices(nside: int):
    """(first pixel, pixel count) of each of the 4 nside - 1 iso-latitude rings (RING order)."""
    import healpy as hp

    start, npix_ring, *_ = hp.ringinfo(_check_nside(nside), np.arange(1, 4 * nside))
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
    """Fewest pixels of a ring inside the mask (0 when the mask is empty)."""
    start, count = ring_slices(nside)
    inside = mask[start] > 0
    return int(count[inside].min()) if inside.any() else 0


def alm_at_m(alm: np.ndarray, lmax: int, m: int) -> np.ndarray:
    """a_lm for l = 0..lmax at fixed m >= 0 from a healpy alm array (zero for l < m)."""
    import healpy as hp

    return np.array([alm[hp.Alm.getidx(lmax, l, m)] if l >= m else 0.0 for l in range(lmax + 1)])


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


def synthetic_alm(cl, seed: int, zero_m0: bool = False) -> np.ndarray:
    """A Gaussian sky's a_lm (healpy layout, lmax = len(cl) - 1) drawn with ``healpy.synalm``."""
    import healpy as hp

    with _numpy_global_seed(seed):
        alm = hp.synalm(np.asarray(cl, dtype=float), lmax=len(cl) - 1, new=True)
    if zero_m0:
        alm[: len(cl)] = 0.0
    return alm


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
            return np.where(mask > 0, intensity / norm - 1.0, 0.0)
    return np.where(mask > 0, intensity - 1.0, 0.0)


def ra_projection_of_map(sky_map: np.ndarray, band: Band) -> complex:
    """A~1 exp(i alpha~1) of eq. (24) as a pixel sum over the band (equal-area HEALPix pixels).

    (1/pi) int d alpha e^{i alpha} <I>_s becomes twice the band mean of e^{i alpha} I.
    """
    import healpy as hp

    nside = hp.npix2nside(len(sky_map))
    theta, phi = hp.pix2ang(nside, np.arange(len(sky_map)))
    dec = math.pi / 2 - theta
    inside = (dec >= band.dec_min * DEG) & (dec <= band.dec_max * DEG)
    return complex(2.0 * np.mean(np.exp(1j * phi[inside]) * sky_map[inside]))


@on_one_thread
def noise_pseudo_spectrum(weight: np.ndarray, mean_counts: np.ndarray, lmax: int, realisations: int,
                          *, seed: int = 31) -> tuple[float, float]:
    """Mean pseudo C~_l (over 1 <= l <= lmax) of Poisson noise maps, and its standard error.

    Each realisation draws counts n_i ~ Poisson(``mean_counts``_i) (pixels with mean 0 are
    outside the field of view), forms dI_i = n_i/mean_i - 1 and the pseudo spectrum of
    ``weight`` x dI (map2alm, iter=0): the Monte Carlo counterpart of eq. (31).
    """
    import healpy as hp

    rng = np.random.default_rng(seed)
    seen = mean_counts > 0
    spectra = []
    for _ in range(realisations):
        counts = rng.poisson(mean_counts)
        rel = np.where(seen, counts / np.where(seen, mean_counts, 1.0) - 1.0, 0.0)
        spectra.append(hp.alm2cl(hp.map2alm(weight * rel, lmax=lmax, iter=0))[1:].mean())
    return float(np.mean(spectra)), float(np.std(spectra) / math.sqrt(realisations))


# --------------------------------------------------------------------------- pseudo power spectra

@dataclass
class SpectrumRun:
    """Running sums of pseudo C~_l over realisations (enough to resume and to summarise).

    ``mean`` and ``error`` (standard error of the mean) are arrays over l = 0..lmax.
    """

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
                    raise UsageError(f"checkpoint {path} was made with different {k}; remove it or "
                                     "choose another output folder")
            run = cls(len(data["total"]) - 1, int(data["n"]), data["total"].copy(), data["total_sq"].copy())
        return run


M0_TREATMENTS = ("ring", "alm", "none")


@on_one_thread
def simulate_pseudo_spectra(cl, band: Band, nside: int, lmax: int, realisations: int, *,
                            seed: int = 20171201, m0: str = "ring", events: float | None = None,
                            checkpoint=None, every: int = 50) -> SpectrumRun:
    """Mean pseudo spectrum <C~_l> of Monte Carlo skies observed in a band (seed 004 eq. 30).

    Parameters
    ----------
    cl : array_like
        True angular power spectrum C_l, l = 0..len(cl) - 1, of the relative intensity.
    band : Band
        The field of view.
    nside : int
        HEALPix resolution (a power of 2; rings in the band need more than lmax + len(cl) pixels).
    lmax : int
        Largest pseudo multipole.
    realisations : int
        Number of skies.
    seed : int
        Realisation i uses ``SeedSequence(seed).spawn(realisations)[i]``.
    m0 : {"ring", "alm", "none"}
        Remove the m = 0 modes by ring normalisation (eq. 13) or by zeroing the true a_l0, or keep
        them (standard MASTER).
    events : float, optional
        Total events in the field of view (Poisson noise), or None (no shot noise).
    checkpoint : path-like, optional
        ``.npz`` file of running sums, saved every ``every`` skies; an existing file with the same
        settings is resumed.

    Returns
    -------
    SpectrumRun
        ``.mean``, ``.error`` (standard error of the mean) over l = 0..lmax, ``.n`` skies.

    See Also
    --------
    predicted_pseudo_spectrum : the prediction sum_l' M_ll' C_l' (+ N_l).

    Examples
    --------
    >>> run = simulate_pseudo_spectra(campaign_spectrum(4), HAWC, 16, 4, 5, seed=1)
    >>> run.n, run.mean.shape
    (5, (5,))
    """
    import healpy as hp

    if m0 not in M0_TREATMENTS:
        raise UsageError(f"m0 must be one of {', '.join(M0_TREATMENTS)}, got {m0!r}")
    nside = _check_nside(nside)
    mask = band_mask(nside, band)
    mean_counts = None if events is None else events / mask.sum()
    meta = {"cl": np.asarray(cl, dtype=float), "nside": nside, "lmax": lmax, "seed": seed, "m0": m0,
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


@dataclass(frozen=True)
class PseudoSpectrumPrediction(Result):
    """<C~_l> predicted for the pixelised mask (``pixel``) and for the continuous band (``band``)."""

    pixel: np.ndarray
    band: np.ndarray


def predicted_pseudo_spectrum(cl, band: Band, nside: int, lmax: int, *, filter_m0: bool = True,
                              events: float | None = None) -> PseudoSpectrumPrediction:
    """Predicted pseudo spectrum <C~_l> = sum_l' M_ll' C_l' + N_l (eqs. 30, A.2) of a band.

    Parameters
    ----------
    cl : array_like
        True C_l, l = 0..len(cl) - 1.
    band : Band
        The field of view.
    nside : int
        HEALPix resolution of the pixelised mask.
    lmax : int
        Largest pseudo multipole.
    filter_m0 : bool
        m = 0 modes removed (eq. A.2 and the filtered N_l) or kept (MASTER and eq. 32).
    events : float, optional
        Total events in the field of view for the noise term N_l (None: no noise).

    Returns
    -------
    PseudoSpectrumPrediction
        ``.pixel`` (the HEALPix mask's own multipoles, what map2alm sees) and ``.band`` (the
        continuous band), each over l = 0..lmax.

    Examples
    --------
    >>> pred = predicted_pseudo_spectrum(campaign_spectrum(4), HAWC, 16, 4)
    >>> bool(np.all(np.abs(pred.pixel[1:] / pred.band[1:] - 1) < 0.05))
    True
    """
    lpmax = max(len(cl) - 1, lmax)
    cl_full = np.zeros(lpmax + 1)
    cl_full[: len(cl)] = cl
    mask = band_mask(nside, band)
    pixel_weight = mask_weight_multipoles(mask, lmax + lpmax)
    out = {}
    for name, weight, f_sky in (("pixel", pixel_weight, mask.mean()), ("band", band, band.f_sky)):
        prediction = transfer_matrix(coupling_blocks(weight, lmax, lpmax), filter_m0=filter_m0) @ cl_full
        if events is not None:
            prediction = prediction + (filtered_noise_spectrum(weight, events, lmax) if filter_m0
                                       else np.full(lmax + 1, tophat_noise_power(f_sky, events)))
        out[name] = prediction
    return PseudoSpectrumPrediction(**out)


def compare(run: SpectrumRun, prediction: np.ndarray, lmin: int = 1) -> dict:
    """z-scores of the MC mean against a prediction, and chi^2 per degree of freedom."""
    ells = np.arange(lmin, run.lmax + 1)
    err = run.error[ells]
    z = (run.mean[ells] - prediction[ells]) / np.where(err > 0, err, np.inf)
    return {"ells": ells.tolist(), "z": z.tolist(), "max_abs_z": float(np.max(np.abs(z))),
            "chi2_per_dof": float(np.mean(z**2)), "dof": int(ells.size)}


# --------------------------------------------------------------------------- dipole reconstruction

@dataclass(frozen=True)
class DipoleReconstruction(Result):
    """Reconstructed (d_0h, d_6h) per realisation, shape (n, 2), with K11 of the pixelised mask
    (``pixel``) and of the continuous band (``band``, eq. 27)."""

    pixel: np.ndarray
    band: np.ndarray
    k11_pixel: float
    k11_band: float


@on_one_thread
def reconstruct_dipoles(dipole, band: Band, nside: int, realisations: int, *, events: float | None = None,
                        seed: int = 20171202, background_cl=None, m0: str = "ring") -> DipoleReconstruction:
    """Inject a dipole into Monte Carlo skies and reconstruct it from the pseudo a~_11 (eqs. 27-28).

    Parameters
    ----------
    dipole : array_like, shape (3,)
        The injected d (equatorial components) of I = 1 + d.n.
    band : Band
        The field of view.
    nside : int
        HEALPix resolution (a power of 2).
    realisations : int
        Number of skies.
    events : float, optional
        Total events in the field of view (Poisson noise), or None.
    seed : int
        Seed of the realisations.
    background_cl : array_like, optional
        Spectrum of an added Gaussian background, or None.
    m0 : {"ring", "none"}
        Ring normalisation (eq. 13) or none (a~_11 does not see the m = 0 modes, so the
        reconstruction is then exact up to round-off).

    Returns
    -------
    DipoleReconstruction
        ``.pixel`` and ``.band`` (realisations, 2): (d_0h, d_6h) with K11 of the pixelised mask
        and of the band; ``.k11_pixel``, ``.k11_band``.

    Examples
    --------
    >>> res = reconstruct_dipoles([3e-4, -5e-4, 8e-4], HAWC, 16, 1, m0="none")
    >>> np.round(res.pixel[0] / 1e-4, 9)                       # the injected (d_0h, d_6h)
    array([ 3., -5.])
    """
    import healpy as hp

    if m0 not in ("ring", "none"):
        raise UsageError(f"m0 must be 'ring' or 'none', got {m0!r}")
    nside = _check_nside(nside)
    mask = band_mask(nside, band)
    k11_pixel = coupling_blocks(mask_weight_multipoles(mask, 2), 1)[1, 1, 1]
    k11_band = dipole_transition_element(band)
    vec = np.array(hp.pix2vec(nside, np.arange(hp.nside2npix(nside))))
    dipole_map = np.asarray(dipole, dtype=float) @ vec
    mean_counts = None if events is None else events / mask.sum()
    seeds = _seeds(seed, realisations)
    pseudo = np.empty(realisations, dtype=complex)
    for i in progress(range(realisations), desc="dipole MC", unit="sky"):
        sky_map = dipole_map
        if background_cl is not None:
            sky_map = sky_map + hp.alm2map(synthetic_alm(background_cl, seeds[i]), nside,
                                           lmax=len(background_cl) - 1)
        rng = np.random.default_rng(seeds[i])
        observed = observed_relative_intensity(sky_map, nside, mask, mean_counts, rng, m0=m0)
        pseudo[i] = hp.map2alm(mask * observed, lmax=1, iter=0)[hp.Alm.getidx(1, 1, 1)]
    return DipoleReconstruction(np.array([dipole_from_pseudo_alm(a, k11_pixel) for a in pseudo]),
                                np.array([dipole_from_pseudo_alm(a, k11_band) for a in pseudo]),
                                float(k11_pixel), float(k11_band))


# --------------------------------------------------------------------------- the validation campaign

def campaign_spectrum(lmax: int, extra: int = 4) -> np.ndarray:
    """C_l = 1e-6 / l for 1 <= l <= lmax + extra (C_0 = 0): a smooth spectrum of relative-intensity
    size (dipole amplitude ~1e-3) reaching a little beyond the analysed multipoles.

    >>> campaign_spectrum(1, extra=1).tolist()
    [0.0, 1e-06, 5e-07]
    """
    ells = np.arange(lmax + extra + 1, dtype=float)
    return np.where(ells > 0, 1e-6 / np.maximum(ells, 1.0), 0.0)


#: the runs of :func:`validate_sky`: name -> (m = 0 treatment, with shot noise, M filtered)
CAMPAIGN_RUNS = {
    "m0 filtered (eq. A.2)": ("ring", False, True),
    "m0 filtered + noise (eq. 30)": ("ring", True, True),
    "no filter (MASTER)": ("none", False, False),
}
#: the dipole injected in the campaign's reconstruction runs
CAMPAIGN_DIPOLE = (3e-4, -5e-4, 8e-4)


@dataclass(frozen=True)
class SkyValidation(Result):
    """Report of :func:`validate_sky`: what ``cranisotropy validate sky --json`` prints."""

    band: Band
    nside: int
    lmax: int
    realisations: int
    events: float
    seed: int
    input_cl: np.ndarray
    spectra: dict
    dipole: dict
    ok: bool
    plot: str | None = None
    checkpoint_dir: str | None = None

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["band"] = self.band.to_dict()
        out.pop("checkpoint_dir")
        if self.plot is None:
            out.pop("plot")
        return out

    def __str__(self) -> str:
        lines = [f"band {self.band.dec_min:g}..{self.band.dec_max:g} deg, nside {self.nside}, lmax {self.lmax}, "
                 f"{self.realisations} skies per run (checkpoints in {self.checkpoint_dir})"]
        for name, r in self.spectra.items():
            lines.append(f"{'ok  ' if r['ok'] else 'FAIL'} {name:28} max|z| = {r['max_abs_z']:.2f}, "
                         f"chi2/dof = {r['chi2_per_dof']:.2f} (pixel mask); continuous band: max|z| = "
                         f"{r['band_max_abs_z']:.2f}")
        dip = self.dipole
        lines.append(f"{'ok  ' if dip['ok'] else 'FAIL'} dipole reconstruction (eq. 28)  pulls "
                     f"{dip['pulls'][0]:+.2f}, {dip['pulls'][1]:+.2f}; noiseless error "
                     f"{dip['noiseless_rel_error']:.1e}")
        if self.plot is not None:
            lines.append(f"wrote {self.plot}")
        return "\n".join(lines)


def validate_sky(band: Band | None = None, *, nside: int = 32, lmax: int = 20, realisations: int = 2000,
                 events: float = 1e8, seed: int = 20171201, output_dir=None, plot: bool = False,
                 z_limit: float = 4.5, chi2_limit: float = 2.5) -> SkyValidation:
    """Monte Carlo validation of eqs. 27-32 and A.2 with healpy skies observed in a band.

    Three runs of ``realisations`` skies each compare the mean pseudo C~_l with the prediction
    (:func:`predicted_pseudo_spectrum`): m = 0 filtered by ring normalisation (eq. A.2), the same
    with shot noise (eq. 30 with the filtered N_l), and no filter (MASTER); then injected dipoles
    are reconstructed by eq. 28, with noise (pulls) and without (exact to round-off).

    Parameters
    ----------
    band : Band, optional
        The field of view (default HAWC's, -26 < dec < 64 deg).
    nside : int
        HEALPix resolution, a power of 2 from 4 to 1024.
    lmax : int
        Largest multipole, 1..4 nside (the band's rings must be fine enough: no aliasing).
    realisations : int
        Skies per run (>= 2); the dipole runs use at most 500.
    events : float
        Events in the field of view for the shot-noise run.
    seed : int
        Seed of run k is ``seed + k``.
    output_dir : path-like, optional
        Folder (default ``./cranisotropy-output``): running sums in ``sky-validate/`` every 50
        skies (a rerun resumes), and the figure ``sky_mc_pseudo_cl.png`` with ``plot``.
    plot : bool
        Draw the Monte Carlo figure.
    z_limit, chi2_limit : float
        A run passes when every ``abs(z_l) < z_limit`` and ``chi2/dof < chi2_limit`` against the
        prediction for the pixelised mask (the continuous band's is reported beside it).

    Returns
    -------
    SkyValidation
        ``.spectra`` (per run: mean, error, predictions, max_abs_z, chi2_per_dof, z, ok),
        ``.dipole`` (injected, mean, pulls, noiseless_rel_error, ok), ``.ok``; ``to_dict()`` is
        ``cranisotropy validate sky --json``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = validate_sky(nside=16, lmax=4, realisations=20, output_dir=tmp)
    >>> report.ok, sorted(report.spectra) == sorted(CAMPAIGN_RUNS)
    (True, True)
    """
    from cranisotropy.core.paths import output_dir as _output_dir

    band = HAWC if band is None else band
    if not isinstance(band, Band):
        raise UsageError(f"band must be a Band, got {type(band).__name__}")
    nside = _check_nside(nside)
    if not 4 <= nside <= 1024:
        raise UsageError(f"nside must be a power of 2 from 4 to 1024, got {nside}")
    lmax = integer("lmax", lmax, 1, 4 * nside)
    realisations = integer("realisations", realisations, 2)
    events = positive("events", events)
    cl = campaign_spectrum(lmax)
    mask = band_mask(nside, band)
    if not mask.any():
        raise UsageError(f"no HEALPix pixel centre at nside {nside} lies in the band "
                         f"{band.dec_min:g}..{band.dec_max:g} deg; raise nside or widen the band")
    if lmax + len(cl) - 1 >= smallest_ring_in_mask(nside, mask):
        raise UsageError(f"nside {nside} is too coarse for lmax {lmax} in this band: a ring in the field "
                         f"of view has <= {lmax + len(cl) - 1} pixels (azimuthal aliasing); raise nside "
                         "or lower lmax")
    out = _output_dir(output_dir)
    checkpoints = out / "sky-validate"
    checkpoints.mkdir(exist_ok=True)
    spectra = {}
    for k, (name, (m0, noisy, filt)) in enumerate(CAMPAIGN_RUNS.items()):
        n_events = events if noisy else None
        run = simulate_pseudo_spectra(cl, band, nside, lmax, realisations, seed=seed + k, m0=m0, events=n_events,
                                      checkpoint=checkpoints / f"spectra_{k}.npz")
        pred = predicted_pseudo_spectrum(cl, band, nside, lmax, filter_m0=filt, events=n_events)
        c, cb = compare(run, pred.pixel), compare(run, pred.band)
        spectra[name] = {
            "mean": run.mean.tolist(), "error": run.error.tolist(), "prediction_pixel": pred.pixel.tolist(),
            "prediction_band": pred.band.tolist(), "max_abs_z": c["max_abs_z"], "chi2_per_dof": c["chi2_per_dof"],
            "band_max_abs_z": cb["max_abs_z"], "z": c["z"],
            "ok": c["max_abs_z"] < z_limit and c["chi2_per_dof"] < chi2_limit}
    dipole = np.array(CAMPAIGN_DIPOLE)
    n_dip = min(realisations, 500)
    noisy = reconstruct_dipoles(dipole, band, nside, n_dip, events=events, seed=seed + 10)
    exact = reconstruct_dipoles(dipole, band, nside, 1, m0="none")
    mean, err = noisy.pixel.mean(axis=0), noisy.pixel.std(axis=0, ddof=1) / math.sqrt(n_dip)
    pulls = (mean - dipole[:2]) / err
    noiseless = float(np.abs(exact.pixel[0] - dipole[:2]).max() / np.abs(dipole).max())
    dipole_report = {"injected": dipole.tolist(), "mean": mean.tolist(), "error_of_mean": err.tolist(),
                     "pulls": pulls.tolist(), "scatter": noisy.pixel.std(axis=0, ddof=1).tolist(),
                     "noiseless_rel_error": noiseless, "k11_pixel": noisy.k11_pixel,
                     "k11_band": noisy.k11_band, "realisations": n_dip,
                     "ok": bool(np.all(np.abs(pulls) < z_limit) and noiseless < 1e-10)}
    ok = all(r["ok"] for r in spectra.values()) and dipole_report["ok"]
    report = SkyValidation(band, nside, int(lmax), int(realisations), events, int(seed), cl, spectra,
                           dipole_report, bool(ok), None, str(checkpoints))
    if plot:
        from dataclasses import replace

        from cranisotropy.numerics.sky.plots import monte_carlo_figure

        report = replace(report, plot=str(monte_carlo_figure(report, out / "sky_mc_pseudo_cl.png")))
    return report
