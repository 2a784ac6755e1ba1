"""Shot noise of pseudo power spectra (seed 004 eqs. 31-32, and the m = 0-filtered N_l).

Independent Poisson pixels and the addition theorem give the noise power of a weighted map,
N = (1/4pi) sum_i w_i^2 dOmega_i^2 / n_i (eq. 31), and for uniform exposure in a top hat
N = 4 pi f_sky^2 / n_tot (eq. 32).  When the reconstruction removes the m = 0 modes, |Y_l0|^2
drops out of the addition theorem: N_l = (4 pi f_sky / n_tot)(f_sky - I^0_ll/(2l+1)), which is
not in the seed (derived in :func:`cranisotropy.derivations.sky.observation.filtered_tophat_noise_power`).

>>> from cranisotropy.numerics.sky.geometry import Band
>>> f"{tophat_noise_power(Band(-90.0, -25.0).f_sky, 3.2e11):.3g}"       # IceCube (Sec. 2.4)
'3.27e-12'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.sky import observation as d
from cranisotropy.numerics.sky._derived import derived
from cranisotropy.numerics.sky._validate import integer, positive
from cranisotropy.numerics.sky.coupling import QUADRATURE_LMAX, coupling_blocks
from cranisotropy.numerics.sky.geometry import Band


def pixel_noise_power(weights, areas, counts) -> float:
    """Noise power N = (1/4pi) sum_i w_i^2 dOmega_i^2 / n_i of a weighted map (eq. 31).

    Parameters
    ----------
    weights, areas, counts : array_like
        Per pixel: the weight w_i, the solid angle dOmega_i (sr) and the expected number of
        events n_i; pixels with n_i = 0 are outside the field of view and left out.

    Returns
    -------
    float
        The level of <C~_l> that Poisson fluctuations of the relative intensity add.

    Examples
    --------
    >>> f"{pixel_noise_power([1.0] * 12, [math.pi / 3] * 12, [1e6] * 12):.6g}"   # full sky, 1.2e7 events
    '1.0472e-06'
    """
    weights, areas, counts = (np.asarray(a, dtype=float) for a in (weights, areas, counts))
    seen = counts > 0
    factor = float(d.addition_theorem_factor(0))
    return factor * float(np.sum(weights[seen] ** 2 * areas[seen] ** 2 / counts[seen]))


def tophat_noise_power(f_sky: float, n_events: float) -> float:
    """Noise level N = 4 pi f_sky^2 / n_tot for uniform exposure in a top-hat field of view (eq. 32).

    Parameters
    ----------
    f_sky : float
        Sky fraction of the field of view, in (0, 1].
    n_events : float
        Total number of events n_tot.

    Returns
    -------
    float

    Examples
    --------
    >>> f"{tophat_noise_power(0.67, 4.9e10):.3g}"           # HAWC (Sec. 2.4: ~1e-10)
    '1.15e-10'
    """
    f_sky = positive("f_sky", f_sky)
    if f_sky > 1:
        raise UsageError(f"f_sky must be <= 1, got {f_sky:g}")
    return float(derived("tophat_noise")(f_sky, positive("n_events", n_events)))


def filtered_noise_spectrum(weight, n_events: float, lmax: int) -> np.ndarray:
    """Noise bias N_l of the m = 0-filtered pseudo C~_l, uniform exposure in a 0/1 field of view.

    N_l = (4 pi f_sky / n_tot)(f_sky - I^0_ll/(2l+1)): eq. (32) without the m = 0 share of the
    addition theorem (not in the seed; confirmed by the Monte Carlo of ``validate sky``).

    Parameters
    ----------
    weight : Band or array_like
        The field of view: a Band, or a 0/1 mask given by its multipoles w_k (k <= 2 lmax).
    n_events : float
        Total number of events n_tot in the field of view.
    lmax : int
        Largest multipole (>= 0).

    Returns
    -------
    ndarray, shape (lmax + 1,)
        N_0 = 0 (the monopole is an m = 0 mode); N_l tends to eq. (32) at large l.

    Examples
    --------
    >>> n = filtered_noise_spectrum(Band(-90.0, 90.0), 4 * math.pi * 1e9, 3)   # full sky: 2l/(2l+1) 1e-9
    >>> np.round(n / 1e-9, 6)
    array([0.      , 0.666667, 0.8     , 0.857143])
    """
    lmax = integer("lmax", lmax, 0)
    n_events = positive("n_events", n_events)
    blocks = coupling_blocks(weight, lmax)
    if isinstance(weight, Band):
        f_sky = weight.f_sky
    else:
        f_sky = float(np.asarray(weight, dtype=float)[0]) / math.sqrt(4.0 * math.pi)   # w_0 = f_sky sqrt(4 pi)
    ells = np.arange(lmax + 1)
    values = derived("filtered_noise")(ells, np.diagonal(blocks[0]), f_sky, n_events)
    spectrum = np.broadcast_to(np.asarray(values, dtype=float), ells.shape).copy()
    spectrum[0] = 0.0                # no l = 0 mode survives the ring normalisation
    return spectrum


# --------------------------------------------------------------------------- the `sky noise` result

@dataclass(frozen=True)
class SkyNoise(Result):
    """Shot-noise level (and the filtered N_l): what ``sky noise`` prints."""

    f_sky: float
    events: float
    noise_power: float
    filtered_noise_spectrum: np.ndarray | None = None

    def to_dict(self) -> dict:
        out = {"f_sky": self.f_sky, "events": self.events, "noise_power": self.noise_power}
        if self.filtered_noise_spectrum is not None:
            out["filtered_noise_spectrum"] = self.filtered_noise_spectrum.tolist()
        return out

    def __str__(self) -> str:
        text = [f"f_sky = {self.f_sky:.6f}, n_tot = {self.events:.4g}: N = 4 pi f_sky^2/n_tot = "
                f"{self.noise_power:.4g} (eq. 32)"]
        if self.filtered_noise_spectrum is not None:
            text.append("m = 0-filtered N_l: " + ", ".join(
                f"{l}: {v:.4g}" for l, v in enumerate(self.filtered_noise_spectrum)))
        return "\n".join(text)


def sky_noise(n_events: float, *, band: Band | None = None, f_sky: float | None = None,
              lmax: int | None = None) -> SkyNoise:
    """Shot-noise power of a pseudo power spectrum for uniform exposure (eq. 32), and its N_l.

    Parameters
    ----------
    n_events : float
        Total number of events n_tot (> 0).
    band : Band, optional
        The field of view (or give ``f_sky``).
    f_sky : float, optional
        The sky fraction, in (0, 1] (instead of a band).
    lmax : int, optional
        Also the m = 0-filtered N_l for l = 0..lmax (1..400; needs a band).

    Returns
    -------
    SkyNoise
        ``.f_sky``, ``.events``, ``.noise_power``, ``.filtered_noise_spectrum`` (or None);
        ``to_dict()`` is ``cranisotropy sky noise --json``.

    Examples
    --------
    >>> res = sky_noise(3.2e11, band=Band(-90.0, -25.0), lmax=2)
    >>> f"{res.noise_power:.3g}", res.filtered_noise_spectrum.shape
    ('3.27e-12', (3,))
    """
    if (band is None) == (f_sky is None):
        raise UsageError("give the sky fraction: f_sky, or a band (not both)")
    if band is not None and not isinstance(band, Band):
        raise UsageError(f"band must be a Band, got {type(band).__name__}")
    n_events = positive("n_events", n_events)
    fraction = band.f_sky if band is not None else float(f_sky)
    level = tophat_noise_power(fraction, n_events)
    spectrum = None
    if lmax is not None:
        if band is None:
            raise UsageError("lmax (the m = 0-filtered N_l) needs a band, not f_sky")
        spectrum = filtered_noise_spectrum(band, n_events, integer("lmax", lmax, 1, QUADRATURE_LMAX))
    return SkyNoise(fraction, n_events, level, spectrum)
