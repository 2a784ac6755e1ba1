"""Monte Carlo of the focused-transport particle SDE (seed 000 eq. 6), around the generated
coefficient kernels ``*_focused_sde(mu, q, sigma, epsilon) -> (a_mu, b_mu, v_z)``
(:mod:`cranisotropy.kernels.specs.chapman_enskog`).

The kernel is a first-class function argument of the explicit type :data:`KERNEL`, so one
compiled and cached :func:`run` serves the package's kernels and the kernels built at run time
for user formulas (``cranisotropy.kernels.build``); numba calls it through a pointer.

Scheme: weak Euler with two-point increments +-sqrt(dt), reflection at mu = +-1, and a coupled
coarse path (step 2 dt, increment dW1 + dW2), so that the Richardson extrapolation
2 fine - coarse removes the O(dt) bias with little extra variance.  Every batch has its own
xorshift64* stream, seeded from (seed, batch): results do not depend on the number of threads.

>>> import numpy as np
>>> from cranisotropy.kernels.generated.isotropic_focused_sde import isotropic_focused_sde
>>> sums = np.zeros((2, 1, 2, 5))
>>> run(isotropic_focused_sde, 0.0, 0.0, 1.0, 10, 2, 0.01, np.array([5]), 7, sums)
>>> sums[:, 0, :, 0].tolist()        # every particle sampled once, on both paths
[[10.0, 10.0], [10.0, 10.0]]
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange, types

#: the signature every focused-SDE kernel has: (mu, q, sigma, epsilon) -> (a_mu, b_mu, v_z)
KERNEL_SIGNATURE = types.UniTuple(types.float64, 3)(types.float64, types.float64, types.float64,
                                                    types.float64)
#: the type of the kernel argument of :func:`run` (a first-class function)
KERNEL = types.FunctionType(KERNEL_SIGNATURE)


@njit(cache=True)
def xorshift(state):
    """Next output of the xorshift64* generator whose state is ``state[0]`` (uint64)."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return x * np.uint64(2685821657736338717)


@njit(cache=True)
def uniform(state):
    """A double uniform in [0, 1) from the top 53 bits of :func:`xorshift`."""
    return (xorshift(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def reflect(m):
    """Fold mu back into [-1, 1] (reflection at the ends)."""
    if m > 1.0:
        m = 2.0 - m
    elif m < -1.0:
        m = -2.0 - m
    return min(1.0, max(-1.0, m))


@njit(cache=True)
def step(kernel, m, z, h, dw, q, sigma, eps):
    """One Euler step of length ``h`` with increment ``dw``: the new (mu, z)."""
    a, b, v = kernel(m, q, sigma, eps)
    if a != a:          # 0 * inf at an exact zero of D (measure zero): no drift there
        a = 0.0
    return reflect(m + a * h + b * dw), z + v * h


@njit(types.void(KERNEL, types.float64, types.float64, types.float64, types.int64, types.int64,
                 types.float64, types.int64[::1], types.uint64, types.float64[:, :, :, ::1]),
      cache=True, parallel=True)
def run(kernel, q, sigma, eps, particles_per_batch, n_batches, dt, sample_steps, seed, sums):
    """Add the power sums sum z^k (k = 0..4) at the sample steps to ``sums[batch, sample, path,
    k]`` for the fine path (index 0, step dt) and the coupled coarse path (index 1, step 2 dt).

    ``sample_steps`` (increasing) count coarse steps (time = 2 dt * step); particles start at
    z = 0 with an isotropic mu; ``kernel(mu, q, sigma, eps)`` gives the SDE coefficients.
    """
    n_samples = sample_steps.shape[0]
    last = sample_steps[n_samples - 1]
    root = np.sqrt(dt)
    for batch in prange(n_batches):
        state = np.empty(1, dtype=np.uint64)
        state[0] = seed * np.uint64(6364136223846793005) + np.uint64(2 * batch + 1)
        for _ in range(8):
            xorshift(state)
        for _p in range(particles_per_batch):
            mf = 2.0 * uniform(state) - 1.0
            mc = mf
            zf = 0.0
            zc = 0.0
            k = 0
            bits = np.uint64(0)
            nbits = 0
            for s in range(1, last + 1):
                if nbits < 2:
                    bits = xorshift(state)
                    nbits = 64
                w1 = root if (bits & np.uint64(1)) else -root
                w2 = root if (bits & np.uint64(2)) else -root
                bits >>= np.uint64(2)
                nbits -= 2
                mf, zf = step(kernel, mf, zf, dt, w1, q, sigma, eps)
                mf, zf = step(kernel, mf, zf, dt, w2, q, sigma, eps)
                mc, zc = step(kernel, mc, zc, 2.0 * dt, w1 + w2, q, sigma, eps)
                if s == sample_steps[k]:
                    pf = 1.0
                    pc = 1.0
                    for j in range(5):
                        sums[batch, k, 0, j] += pf
                        sums[batch, k, 1, j] += pc
                        pf *= zf
                        pc *= zc
                    k += 1
