"""Relative-diffusion sum rules and shot noise, as functions of measured tensors.

Seed 002 eqs. 1.1, 2.4-2.7, 3.1 and seed 004 eqs. 69-71.  Conventions: ``cl[l]`` is the
angular power spectrum of the relative intensity dI = (4 pi f - n)/n, ``grad_ln_n`` = grad(n)/n,
``T`` the backtracking time, ``K_s`` the symmetric diffusion tensor (<r r^T> = 2T K^s) and
``K_rel`` the symmetric relative-diffusion tensor K~^s of eq. 2.4.

Public functions (re-exported by :mod:`cranisotropy.numerics.multipoles`):

- :func:`multipole_sum_rules` -> ``total`` (1/4pi) sum_{l>=0} (2l+1) C_l = 2T g.K^s.g (eq. 2.5),
  ``monopole`` C_0/4pi = 2T g.(K^s - K~^s).g (eq. 2.6), ``multipoles`` (1/4pi) sum_{l>=1}
  (2l+1) C_l = 2T g.K~^s.g (eq. 2.7 / 004 eq. 69);
- :func:`multipole_shot_noise` -> 4pi/N_pix 2T g.K^s.g (eq. 3.1 / 004 eq. 71);
- :func:`multipole_power_sums` -> the same three sums measured from a spectrum ``cl``;
- :func:`sum_rule_residuals` -> measured against predicted;
- :func:`diffusion_tensor_from_displacements`, :func:`relative_diffusion_tensor_from_displacements`
  -> K^s and K~^s from backtracked displacements r(p) (eq. 2.4 reduced to one-point moments);
- :func:`standard_dipole_power` -> C_1 = 4pi |K g|^2 of standard diffusion (eq. 1.1).

Independent methods used by the seed-equation checks: :func:`two_point_source_monte_carlo`,
:func:`synthetic_displacement_fields`, :func:`backtracked_bgk_spectra`.

The formulas are the sympy expressions of
:mod:`cranisotropy.derivations.multipoles.relative_diffusion`, turned into numpy functions once
(``sympy.lambdify``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.numerics.multipoles import _inputs

__all__ = ["SumRules", "multipole_sum_rules", "multipole_shot_noise", "standard_dipole_power",
           "multipole_power_sums", "sum_rule_residuals", "diffusion_tensor_from_displacements",
           "relative_diffusion_tensor_from_displacements", "two_point_source_monte_carlo",
           "synthetic_displacement_fields", "backtracked_bgk_spectra"]


@dataclass(frozen=True)
class SumRules(Result):
    """The three power sums of seed 002 eqs. 2.5-2.7; ``rules["total"]`` also works."""

    total: float
    monopole: float
    multipoles: float

    def __getitem__(self, key: str) -> float:
        if key not in ("total", "monopole", "multipoles"):
            raise KeyError(key)
        return getattr(self, key)

    def keys(self):
        return ("total", "monopole", "multipoles")


@lru_cache(maxsize=None)
def _compiled():
    import sympy as sp

    from cranisotropy.derivations.multipoles import relative_diffusion as rd

    K = rd.symmetric_tensor("K")
    Kr = rd.symmetric_tensor("Kr")
    g = rd.vector("g")
    Kfull = sp.Matrix(3, 3, sp.symbols("K_0:9", real=True))
    args = (*_upper(K), *_upper(Kr), *g, rd.T)
    rules = rd.sum_rules(K, Kr, g)
    c1, _ = rd.standard_dipole_power(Kfull, g)
    return {
        "rules": {name: sp.lambdify(args, expr, "numpy") for name, expr in rules.items()},
        "noise": sp.lambdify((*_upper(K), *g, rd.T, rd.N_pix), rd.shot_noise(K, g), "numpy"),
        "dipole": sp.lambdify((*Kfull, *g), c1, "numpy"),
    }


def _upper(M):
    return (M[0, 0], M[0, 1], M[0, 2], M[1, 1], M[1, 2], M[2, 2])


def _sym(K: np.ndarray) -> np.ndarray:
    return 0.5 * (K + K.T)


def _time(T) -> float:
    return _inputs.number("T", T, positive=True)


def multipole_sum_rules(K_s, K_rel, grad_ln_n, T) -> SumRules:
    """Predicted power sums of a backtracked map from its diffusion tensors (seed 002 eqs. 2.5-2.7).

    Parameters
    ----------
    K_s : array_like, shape (3, 3)
        Diffusion tensor (only its symmetric part enters), units length^2/time.
    K_rel : array_like, shape (3, 3)
        Relative-diffusion tensor K~ of eq. 2.4 (symmetric part).
    grad_ln_n : array_like, shape (3,)
        grad(n)/n, units 1/length.
    T : float
        Backtracking time, > 0.

    Returns
    -------
    SumRules
        ``.total`` = (1/4pi) sum_{l>=0} (2l+1) C_l = 2T g.K^s.g; ``.monopole`` = C_0/4pi =
        2T g.(K^s - K~^s).g; ``.multipoles`` = (1/4pi) sum_{l>=1} (2l+1) C_l = 2T g.K~^s.g.

    See Also
    --------
    multipole_power_sums, sum_rule_residuals

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import multipole_sum_rules
    >>> multipole_sum_rules(np.eye(3) / 3, np.eye(3) / 4, [1, 0, 0], 10.0).multipoles
    5.0
    """
    K_s, K_rel = _sym(_inputs.tensor(K_s, "K_s")), _sym(_inputs.tensor(K_rel, "K_rel"))
    g, T = _inputs.vector(grad_ln_n, "grad_ln_n"), _time(T)
    args = (*_upper(K_s), *_upper(K_rel), *g, T)
    return SumRules(**{name: float(f(*args)) for name, f in _compiled()["rules"].items()})


def multipole_shot_noise(K_s, grad_ln_n, T, n_pix: int) -> float:
    """Pixel shot-noise level N = (4pi/N_pix) 2T g.K^s.g of a backtracked map (seed 002 eq. 3.1, 004 eq. 71).

    Parameters
    ----------
    K_s : array_like, shape (3, 3)
        Diffusion tensor (symmetric part enters).
    grad_ln_n : array_like, shape (3,)
        grad(n)/n.
    T : float
        Backtracking time, > 0.
    n_pix : int
        Number of pixels of independent trajectories (HEALPix: 12 nside^2).

    Returns
    -------
    float
        The expected white-noise level of every C_l.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import multipole_shot_noise
    >>> round(multipole_shot_noise(np.eye(3) / 3, [1, 0, 0], 3.0, 12288), 9)
    0.002045308
    """
    K_s = _sym(_inputs.tensor(K_s, "K_s"))
    g, T = _inputs.vector(grad_ln_n, "grad_ln_n"), _time(T)
    n_pix = _inputs.integer("n_pix", n_pix, 1, 10**15)
    return float(_compiled()["noise"](*_upper(K_s), *g, T, n_pix))


def standard_dipole_power(K, grad_ln_n) -> float:
    """Dipole power ``C_1 = 4 pi |K grad(n)/n|^2`` of quasi-stationary standard diffusion (seed 002 eq. 1.1).

    Parameters
    ----------
    K : array_like, shape (3, 3)
        Diffusion tensor (antisymmetric part included).
    grad_ln_n : array_like, shape (3,)
        grad(n)/n.

    Returns
    -------
    float
        C_1 of dI = -3 p.K.grad(n)/n.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import standard_dipole_power
    >>> round(standard_dipole_power(np.eye(3), [0, 0, 0.01]) / (4 * np.pi), 12)
    0.0001
    """
    K = _inputs.tensor(K, "K")
    return float(_compiled()["dipole"](*K.ravel(), *_inputs.vector(grad_ln_n, "grad_ln_n")))


def multipole_power_sums(cl) -> SumRules:
    """Measured power sums of a spectrum: total, monopole and l >= 1 parts (seed 002 eqs. 2.5-2.7).

    Parameters
    ----------
    cl : array_like
        C_0, C_1, ... up to the map's band limit (for the total to be complete).

    Returns
    -------
    SumRules
        ``.total`` = (1/4pi) sum_l (2l+1) C_l, ``.monopole`` = C_0/4pi, ``.multipoles`` the rest.

    Examples
    --------
    >>> from cranisotropy import multipole_power_sums
    >>> s = multipole_power_sums([4 * 3.141592653589793, 0.0, 0.0])
    >>> s.total, s.monopole, s.multipoles
    (1.0, 1.0, 0.0)
    """
    cl = np.asarray(cl, dtype=float)
    if cl.ndim != 1 or cl.size < 2 or not np.all(np.isfinite(cl)):
        raise UsageError(f"cl must be a finite 1-D spectrum starting at l = 0 (at least l = 0, 1), "
                         f"got shape {cl.shape}")
    weights = 2 * np.arange(cl.size) + 1
    total = float(np.sum(weights * cl) / (4 * np.pi))
    mono = float(cl[0] / (4 * np.pi))
    return SumRules(total, mono, total - mono)


@dataclass(frozen=True)
class SumRuleResiduals(Result):
    """Measured and predicted sum rules and (measured - predicted)/|predicted|."""

    measured: SumRules
    predicted: SumRules
    relative_residual: SumRules

    def to_dict(self) -> dict:
        return {name: getattr(self, name).to_dict() for name in ("measured", "predicted", "relative_residual")}


def sum_rule_residuals(cl, K_s, K_rel, grad_ln_n, T, *, noise: float = 0.0) -> SumRuleResiduals:
    """Compare the power sums of a measured spectrum with the sum rules of its tensors.

    Parameters
    ----------
    cl : array_like
        Measured C_0, C_1, ...
    K_s, K_rel : array_like, shape (3, 3)
        Diffusion and relative-diffusion tensors measured at the same T.
    grad_ln_n : array_like, shape (3,)
        grad(n)/n.
    T : float
        Backtracking time.
    noise : float
        Noise level subtracted from every C_l first (e.g. :func:`multipole_shot_noise` for a map
        of independent pixels whose noise is not part of the model).

    Returns
    -------
    SumRuleResiduals
        ``.measured``, ``.predicted`` and ``.relative_residual`` (each a ``SumRules``; the
        residual is nan where the prediction vanishes).

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import sum_rule_residuals
    >>> r = sum_rule_residuals([8 * np.pi, 0.0], np.eye(3), np.zeros((3, 3)), [1, 0, 0], 1.0)
    >>> r.relative_residual.total
    0.0
    """
    measured = multipole_power_sums(np.asarray(cl, dtype=float) - _inputs.number("noise", noise))
    predicted = multipole_sum_rules(K_s, K_rel, grad_ln_n, T)
    relative = SumRules(**{k: (measured[k] - predicted[k]) / abs(predicted[k]) if predicted[k] else math.nan
                           for k in predicted.keys()})
    return SumRuleResiduals(measured, predicted, relative)


def _displacements(r) -> np.ndarray:
    r = np.asarray(r, dtype=float)
    if r.ndim < 2 or r.shape[-1] != 3 or r.shape[-2] < 2 or not np.all(np.isfinite(r)):
        raise UsageError(f"displacements must have shape (..., n_directions >= 2, 3) and be finite, "
                         f"got shape {r.shape}")
    return r.reshape(-1, r.shape[-2], 3)


def diffusion_tensor_from_displacements(r, T) -> np.ndarray:
    """Diffusion tensor K^s = <r r^T>/(2T) of backtracked displacements.

    Parameters
    ----------
    r : array_like, shape (n_realisations, n_directions, 3) or (n_directions, 3)
        Positions at -T of the trajectories arriving at the observer from each direction.
    T : float
        Backtracking time, > 0.

    Returns
    -------
    ndarray, shape (3, 3)
        K^s averaged over directions and realisations.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import diffusion_tensor_from_displacements
    >>> float(diffusion_tensor_from_displacements(np.array([[2.0, 0, 0], [-2.0, 0, 0]]), 1.0)[0, 0])
    2.0
    """
    r, T = _displacements(r), _time(T)
    second = np.einsum("rdi,rdj->ij", r, r) / (r.shape[0] * r.shape[1])
    return _sym(second) / (2 * T)


def relative_diffusion_tensor_from_displacements(r, T) -> np.ndarray:
    """Relative-diffusion tensor K~^s of seed 002 eq. 2.4 from backtracked displacements.

    The pair average of (r1 - r2)(r1 - r2)^T/(4T) over directions p1, p2, reduced to
    (<r r^T>_p - rbar rbar^T)/(2T) per realisation (an exact identity, derived in
    :func:`cranisotropy.derivations.multipoles.relative_diffusion.pair_average_identity`), then
    averaged over realisations.

    Parameters
    ----------
    r : array_like, shape (n_realisations, n_directions, 3) or (n_directions, 3)
        Backtracked positions.
    T : float
        Backtracking time, > 0.

    Returns
    -------
    ndarray, shape (3, 3)
        K~^s.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import relative_diffusion_tensor_from_displacements
    >>> r = np.array([[2.0, 0, 0], [2.0, 0, 0]])       # a common drift is not relative diffusion
    >>> float(relative_diffusion_tensor_from_displacements(r, 1.0)[0, 0])
    0.0
    """
    r, T = _displacements(r), _time(T)
    second = np.einsum("rdi,rdj->rij", r, r) / r.shape[1]
    mean = r.mean(axis=1)
    return _sym((second - np.einsum("ri,rj->rij", mean, mean)).mean(axis=0)) / (2 * T)


# --------------------------------------------------------------------------- independent methods

def two_point_source_monte_carlo(K, grad, *, n_samples: int = 200_000, seed: int = 20261122) -> tuple[float, float]:
    """Monte Carlo of the dipole source of the two-point equation (seed 004 eq. 75, 002 eq. 4.6).

    The gradient source 3/(4pi)^2 [(p1.g)(p2.K.g) + (p2.g)(p1.K.g)] is projected on P_1(p1.p2)
    over independent isotropic p1, p2 (x = p1.p2 is then uniform on [-1, 1]): alpha_1 =
    (3/2) 2 <source x>, and <f1 f2> = sum_l alpha_l P_l has C_l = 4 pi alpha_l/(2l+1) (eq. 2.2).

    Returns
    -------
    value, error : float
        dC_1/dt from the source (the derivation says K^s_ij g_i g_j/(6 pi)) and its standard error.
    """
    rng = np.random.default_rng(seed)
    p1, p2 = (rng.normal(size=(n_samples, 3)) for _ in range(2))
    p1 /= np.linalg.norm(p1, axis=1, keepdims=True)
    p2 /= np.linalg.norm(p2, axis=1, keepdims=True)
    x = (p1 * p2).sum(1)
    Kg = np.asarray(K, dtype=float) @ np.asarray(grad, dtype=float)
    source = 3 / (4 * np.pi) ** 2 * ((p1 @ grad) * (p2 @ Kg) + (p2 @ grad) * (p1 @ Kg))
    scale = 4 * np.pi * 1.5 * 2 / 3
    return float(scale * np.mean(source * x)), float(scale * np.std(source * x) / np.sqrt(n_samples))


def synthetic_displacement_fields(nside: int, realisations: int = 4, lmax_field: int = 5, *,
                                  seed: int = 20261122) -> np.ndarray:
    """Correlated random displacement fields r(p) on HEALPix pixels, shape (realisations, n_pix, 3).

    Each component is a band-limited Gaussian field (``healpy.synfast`` with C_l = 1/(1+l)^2,
    l <= ``lmax_field``) plus a random common drift: a test bed for the sum rules, whose map
    moments and spectra are known exactly.
    """
    import healpy as hp

    rng = np.random.default_rng(seed)
    spectrum = 1.0 / (1.0 + np.arange(lmax_field + 1)) ** 2
    r = np.empty((realisations, hp.nside2npix(nside), 3))
    for k in range(realisations):
        for i in range(3):
            np.random.seed(int(rng.integers(2**31)))      # synfast draws from numpy's global generator
            r[k, :, i] = hp.synfast(spectrum, nside, lmax=lmax_field) + rng.normal()
    return r


def backtracked_bgk_spectra(T: float, grad_ln_n, *, nside: int = 8, realisations: int = 32, nu: float = 1.0,
                            omega: float = 1.0, seed: int = 20261122) -> dict[str, np.ndarray]:
    """Spectra of backtracked BGK maps: one independent particle per HEALPix pixel.

    For each realisation, the maps dI = r(-T).g (the displacement term of seed 002 eq. 2.1) and
    dI = r(-T).g - 3 p(-T).K.g (with the direction term) are analysed with ``healpy.map2alm``.

    Returns
    -------
    dict
        ``cl_displacement`` and ``cl_full`` (realisations x (3 nside) arrays of C_l), ``tensor``
        (the BGK K), ``n_pix``.
    """
    import healpy as hp

    from cranisotropy.numerics.multipoles.bgk import bgk_backtracked_displacements, diffusion_tensor
    from cranisotropy.numerics.multipoles.sphere import healpix_directions

    dirs = healpix_directions(nside)
    g = _inputs.vector(grad_ln_n, "grad_ln_n")
    K = diffusion_tensor(nu, omega).tensor
    maps_r, maps_full = [], []
    for s in np.random.SeedSequence(seed).generate_state(realisations):
        r, p = bgk_backtracked_displacements(nu, omega, T, dirs, seed=int(s))
        maps_r.append(r @ g)
        maps_full.append(r @ g - 3 * p @ K @ g)
    lmax = 3 * nside - 1
    spectra = {name: np.array([hp.alm2cl(a) for a in hp.map2alm(np.array(maps), lmax=lmax, iter=3, pol=False)])
               for name, maps in (("cl_displacement", maps_r), ("cl_full", maps_full))}
    return {**spectra, "tensor": K, "n_pix": dirs.shape[0]}
