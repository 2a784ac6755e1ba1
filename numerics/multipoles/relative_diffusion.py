"""Relative-diffusion sum rules and shot noise, as functions of measured tensors.

Seed 002 eqs. 1.1, 2.4-2.7, 3.1 and seed 004 eqs. 69-71.  Conventions: ``cl[l]`` is the
angular power spectrum of the relative intensity dI = (4 pi f - n)/n, ``grad_ln_n`` = grad(n)/n,
``T`` the backtracking time, ``K_s`` the symmetric diffusion tensor (<r r^T> = 2T K^s) and
``K_rel`` the symmetric relative-diffusion tensor K~^s of eq. 2.4.

Public API (stable; the trajectory backtracker is checked against it):

- :func:`sum_rules` -> dict ``total`` (1/4pi) sum_{l>=0} (2l+1) C_l = 2T g.K^s.g (eq. 2.5),
  ``monopole`` C_0/4pi = 2T g.(K^s - K~^s).g (eq. 2.6), ``multipoles`` (1/4pi) sum_{l>=1}
  (2l+1) C_l = 2T g.K~^s.g (eq. 2.7 / 004 eq. 69);
- :func:`shot_noise` -> 4pi/N_pix 2T g.K^s.g (eq. 3.1 / 004 eq. 71);
- :func:`power_sums` -> the same three sums measured from a spectrum ``cl``;
- :func:`sum_rule_residuals` -> measured minus predicted, relative;
- :func:`diffusion_tensor_from_displacements`, :func:`relative_diffusion_tensor_from_displacements`
  -> K^s and K~^s from backtracked displacements r(p) (eq. 2.4 reduced to one-point moments);
- :func:`standard_dipole_power` -> C_1 = 4pi |K g|^2 of standard diffusion (eq. 1.1).

The formulas are the sympy expressions of :mod:`cranisotropy.derivations.multipoles.relative_diffusion`,
turned into numpy functions once (``sympy.lambdify``).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError


@lru_cache(maxsize=None)
def _compiled():
    from cranisotropy.derivations.multipoles import relative_diffusion as rd

    K = rd.symmetric_tensor("K")
    Kr = rd.symmetric_tensor("Kr")
    g = rd.vector("g")
    Kfull = sp.Matrix(3, 3, sp.symbols("K_0:9", real=True))
    args = (*_upper(K), *_upper(Kr), *g, rd.T)
    rules = rd.sum_rules(K, Kr, g)
    noise = rd.shot_noise(K, g)
    c1, _ = rd.standard_dipole_power(Kfull, g)
    return {
        "rules": {name: sp.lambdify(args, expr, "numpy") for name, expr in rules.items()},
        "noise": sp.lambdify((*_upper(K), *g, rd.T, rd.N_pix), noise, "numpy"),
        "dipole": sp.lambdify((*Kfull, *g), c1, "numpy"),
    }


def _upper(M):
    return (M[0, 0], M[0, 1], M[0, 2], M[1, 1], M[1, 2], M[2, 2])


def _tensor(K, name: str) -> np.ndarray:
    K = np.asarray(K, dtype=float)
    if K.shape != (3, 3) or not np.all(np.isfinite(K)):
        raise UsageError(f"{name} must be a finite 3x3 tensor, got shape {K.shape}")
    return K


def _vector(g, name: str = "grad_ln_n") -> np.ndarray:
    g = np.asarray(g, dtype=float)
    if g.shape != (3,) or not np.all(np.isfinite(g)):
        raise UsageError(f"{name} must be a finite 3-vector, got shape {g.shape}")
    return g


def _time(T) -> float:
    T = float(T)
    if not (math.isfinite(T) and T > 0):
        raise UsageError(f"T must be positive and finite, got {T!r}")
    return T


def _sym(K: np.ndarray) -> np.ndarray:
    return 0.5 * (K + K.T)


def sum_rules(K_s, K_rel, grad_ln_n, T) -> dict[str, float]:
    """Predicted ``total``, ``monopole`` and ``multipoles`` power (eqs. 2.5-2.7), as defined in
    the module docstring.  Only symmetric parts of the tensors enter.

    >>> sum_rules(np.eye(3) / 3, np.eye(3) / 4, [1, 0, 0], 10.0)["multipoles"]
    5.0
    """
    K_s, K_rel = _sym(_tensor(K_s, "K_s")), _sym(_tensor(K_rel, "K_rel"))
    g, T = _vector(grad_ln_n), _time(T)
    args = (*_upper(K_s), *_upper(K_rel), *g, T)
    return {name: float(f(*args)) for name, f in _compiled()["rules"].items()}


def total_power(K_s, grad_ln_n, T) -> float:
    """(1/4pi) sum_{l>=0} (2l+1) <C_l> = 2T g.K^s.g (eq. 2.5)."""
    return sum_rules(K_s, np.zeros((3, 3)), grad_ln_n, T)["total"]


def monopole_power(K_s, K_rel, grad_ln_n, T) -> float:
    """<C_0>/4pi = 2T g.(K^s - K~^s).g (eq. 2.6)."""
    return sum_rules(K_s, K_rel, grad_ln_n, T)["monopole"]


def multipole_power(K_rel, grad_ln_n, T) -> float:
    """(1/4pi) sum_{l>=1} (2l+1) <C_l> = 2T g.K~^s.g (eq. 2.7, 004 eq. 69)."""
    return sum_rules(np.zeros((3, 3)), K_rel, grad_ln_n, T)["multipoles"]


def shot_noise(K_s, grad_ln_n, T, n_pix: int) -> float:
    """Pixel shot-noise level N = (4pi/N_pix) 2T g.K^s.g of a backtracked map (eq. 3.1, 004 eq. 71).

    >>> round(shot_noise(np.eye(3) / 3, [1, 0, 0], 3.0, 12288), 9)
    0.002045308
    """
    K_s = _sym(_tensor(K_s, "K_s"))
    g, T = _vector(grad_ln_n), _time(T)
    if int(n_pix) < 1:
        raise UsageError(f"n_pix must be >= 1, got {n_pix}")
    return float(_compiled()["noise"](*_upper(K_s), *g, T, int(n_pix)))


def standard_dipole_power(K, grad_ln_n) -> float:
    """C_1 = 4pi |K.grad(n)/n|^2 of the quasi-stationary diffusive dipole (eq. 1.1)."""
    K = _tensor(K, "K")
    return float(_compiled()["dipole"](*K.ravel(), *_vector(grad_ln_n)))


def power_sums(cl) -> dict[str, float]:
    """Measured ``total`` = (1/4pi) sum_l (2l+1) C_l, ``monopole`` = C_0/4pi, ``multipoles``.

    ``cl`` must start at l = 0 and extend to the map's band limit for the total to be complete.
    """
    cl = np.asarray(cl, dtype=float)
    if cl.ndim != 1 or cl.size < 2 or not np.all(np.isfinite(cl)):
        raise UsageError("cl must be a finite 1-D spectrum starting at l = 0 (at least l = 0, 1)")
    weights = 2 * np.arange(cl.size) + 1
    total = float(np.sum(weights * cl) / (4 * np.pi))
    mono = float(cl[0] / (4 * np.pi))
    return {"total": total, "monopole": mono, "multipoles": total - mono}


def sum_rule_residuals(cl, K_s, K_rel, grad_ln_n, T, noise: float = 0.0) -> dict[str, dict[str, float]]:
    """Measured (from ``cl``) versus predicted sums; ``noise`` (per multipole) is subtracted
    from C_l, l >= 0, first (pass :func:`shot_noise` for a map of independent pixels whose
    noise is not part of the model).  Returns per rule: measured, predicted, relative residual.
    """
    cl = np.asarray(cl, dtype=float) - float(noise)
    measured = power_sums(cl)
    predicted = sum_rules(K_s, K_rel, grad_ln_n, T)
    return {k: {"measured": measured[k], "predicted": predicted[k],
                "relative_residual": (measured[k] - predicted[k]) / abs(predicted[k]) if predicted[k] else math.nan}
            for k in predicted}


def sphere_quadrature(n: int):
    """Nodes (m, 3) and weights on the unit sphere, exact for polynomials of degree < 2n
    (Gauss-Legendre in cos(theta) times the trapezoid rule in phi)."""
    mu, w = np.polynomial.legendre.leggauss(n)
    phi = np.arange(2 * n) * np.pi / n
    Mu, Ph = np.meshgrid(mu, phi, indexing="ij")
    W = np.repeat(w[:, None], 2 * n, axis=1) * np.pi / n
    s = np.sqrt(1 - Mu**2)
    return np.stack([s * np.cos(Ph), s * np.sin(Ph), Mu], axis=-1).reshape(-1, 3), W.ravel()


def _displacements(r) -> np.ndarray:
    r = np.asarray(r, dtype=float)
    if r.ndim < 2 or r.shape[-1] != 3 or r.shape[-2] < 2 or not np.all(np.isfinite(r)):
        raise UsageError("displacements must have shape (..., n_directions >= 2, 3) and be finite")
    return r.reshape(-1, r.shape[-2], 3)


def diffusion_tensor_from_displacements(r, T) -> np.ndarray:
    """K^s = <r r^T>/(2T), averaged over directions and realisations.

    ``r`` has shape (n_realisations, n_directions, 3) (or (n_directions, 3)): the positions at
    -T of trajectories arriving at the observer from each direction.
    """
    r, T = _displacements(r), _time(T)
    second = np.einsum("rdi,rdj->ij", r, r) / (r.shape[0] * r.shape[1])
    return _sym(second) / (2 * T)


def relative_diffusion_tensor_from_displacements(r, T) -> np.ndarray:
    """K~^s of eq. 2.4: the pair average of (r1 - r2)(r1 - r2)^T/(4T) over directions p1, p2,
    reduced to (<r r^T>_p - rbar rbar^T)/(2T) per realisation (an exact identity, derived in
    :func:`cranisotropy.derivations.multipoles.relative_diffusion.pair_average_identity`), then averaged.
    """
    r, T = _displacements(r), _time(T)
    n_dir = r.shape[1]
    second = np.einsum("rdi,rdj->rij", r, r) / n_dir
    mean = r.mean(axis=1)
    per_realisation = second - np.einsum("ri,rj->rij", mean, mean)
    return _sym(per_realisation.mean(axis=0)) / (2 * T)
