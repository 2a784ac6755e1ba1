"""Monte Carlo check of the Chapman–Enskog coefficients with the generated particle SDE.

Particles start isotropic at z = 0 and follow dmu = a_mu dt + b_mu dW, dz = v_z dt (the kernel
``*_focused_sde``, generated from :func:`cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde`).
For a density obeying d n/dt = sum_n c_n eps^n d_z^n n, the cumulants of z grow at the rates

    d kappa_j / dt = j! (-1)^j c_j eps^j          (kappa_2: 2 c_2 = kappa/2, kappa_4: 24 c_4 = -6 K)

exactly at long times (they are the Taylor coefficients of the slowest eigenvalue; the initial
anisotropic layer only adds constant offsets).  The rates are fitted over a late time window in
each batch; the batches give the statistical error (batch means).  The time-step bias is
removed by Richardson extrapolation with a coupled coarse path (2 fine - coarse), and the
remaining difference between the fine and extrapolated rates is reported as a bias estimate.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from cranisotropy.core.progress import progress


@dataclass
class CumulantRates:
    """Fitted growth rates of the cumulants of z (per unit t of eq. 6, eps as simulated)."""

    rates: dict[int, float]              # j -> mean rate (Richardson-extrapolated)
    errors: dict[int, float]             # j -> standard error of the mean over batches
    fine_only: dict[int, float]          # j -> rate of the fine path alone (bias estimate)
    particles: int
    dt: float
    window: tuple[float, float]
    seconds: float
    extra: dict = field(default_factory=dict)


def _sde_module(D: sp.Expr):
    """(module, name, extra params) of a focused-SDE kernel for D: a committed one or built."""
    from cranisotropy.derivations.chapman_enskog import pitch_angle as pa
    from cranisotropy.kernels import build
    from cranisotropy.kernels.specs.chapman_enskog import focused_sde_spec

    D = sp.sympify(D)
    if D == 1:
        from cranisotropy.kernels.generated import isotropic_focused_sde as mod
        return mod, "isotropic_focused_sde", ()
    q = sp.Wild("q")
    match = D.match(sp.Abs(pa.mu) ** q)
    if match and match[q].is_number:
        from cranisotropy.kernels.generated import quasilinear_focused_sde as mod
        return mod, "quasilinear_focused_sde", (float(match[q] + 1),)
    spec = focused_sde_spec("user_focused_sde", D)
    return build(spec), "user_focused_sde", ()


def cumulant_rates(D: sp.Expr, *, sigma: float = 0.0, eps: float = 1.0, particles: int = 200_000,
                   batches: int = 20, dt: float = 2e-3, t_end: float = 12.0,
                   window: tuple[float, float] = (4.0, 12.0), samples: int = 9,
                   seed: int = 20261122, chunk: int | None = None) -> CumulantRates:
    """Simulate and fit the growth rates of the cumulants kappa_1..kappa_4 of z.

    ``particles`` is rounded up to a multiple of ``batches``; work is done in chunks of batches
    (progress bar on stderr) so that an interruption loses at most one chunk.
    """
    if particles < batches or batches < 4:
        raise ValueError("need at least 4 batches and one particle per batch")
    mod, name, params = _sde_module(D)
    run = getattr(mod, f"{name}_run")
    per_batch = -(-particles // batches)
    times = np.linspace(window[0], window[1], samples)
    if t_end < window[1]:
        raise ValueError("t_end must cover the fit window")
    steps = np.unique(np.round(times / (2 * dt)).astype(np.int64))
    times = steps * 2 * dt
    sums = np.zeros((batches, len(steps), 2, 5))
    chunk = chunk or max(1, min(batches, 4))
    start = time.perf_counter()
    for first in progress(range(0, batches, chunk), desc="Monte Carlo", unit="chunk",
                          total=-(-batches // chunk)):
        part = np.zeros((min(chunk, batches - first), len(steps), 2, 5))
        run(*params, float(sigma), float(eps), per_batch, part.shape[0], float(dt), steps,
            int(seed) * 1_000_003 + first, part)
        sums[first:first + part.shape[0]] = part
    cum = _cumulants(sums)                       # (batch, sample, path, j)
    extrapolated = 2 * cum[:, :, 0, :] - cum[:, :, 1, :]
    slopes = _slopes(times, extrapolated)        # (batch, j)
    slopes_fine = _slopes(times, cum[:, :, 0, :])
    rates = {j: float(slopes[:, j - 1].mean()) for j in range(1, 5)}
    errors = {j: float(slopes[:, j - 1].std(ddof=1) / np.sqrt(batches)) for j in range(1, 5)}
    fine = {j: float(slopes_fine[:, j - 1].mean()) for j in range(1, 5)}
    return CumulantRates(rates, errors, fine, per_batch * batches, dt, (float(times[0]), float(times[-1])),
                         time.perf_counter() - start)


def _cumulants(sums: np.ndarray) -> np.ndarray:
    """kappa_1..kappa_4 from power sums (last axis: sum z^0..z^4)."""
    n = sums[..., 0]
    m1, m2, m3, m4 = (sums[..., k] / n for k in range(1, 5))
    c2 = m2 - m1**2
    c3 = m3 - 3 * m1 * m2 + 2 * m1**3
    c4 = m4 - 4 * m1 * m3 + 6 * m1**2 * m2 - 3 * m1**4
    k4 = c4 - 3 * c2**2
    return np.stack([m1, c2, c3, k4], axis=-1)


def _slopes(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of y(t) along axis 1 for every batch and cumulant."""
    tc = t - t.mean()
    return np.einsum("s,bsj->bj", tc, y - y.mean(axis=1, keepdims=True)) / (tc @ tc)


def predicted_rates(series: dict[int, float], eps: float = 1.0) -> dict[int, float]:
    """d kappa_j/dt = j! (-1)^j c_j eps^j from the series coefficients c_j (sigma = 0)."""
    from math import factorial

    return {j: factorial(j) * (-1) ** j * series.get(j, 0.0) * eps**j for j in range(1, 5)}
