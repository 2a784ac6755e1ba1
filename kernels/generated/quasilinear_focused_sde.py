"""Generated kernel 'quasilinear_focused_sde': DO NOT EDIT (cranisotropy regenerate).

Particle SDE of seed 000 eq. (6) for D = |mu|^(q-1): (a_mu, b_mu, v_z); driver
quasilinear_focused_sde_run (Monte Carlo).
"""
# content-sha256: 285aa0baf7cde6cc2e5921ca8c0674186ea663f63c9a0ce37cc4088c0853bb55
# generator: cranisotropy.kernels.codegen v2
# source: cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde
# inputs: mu, q, sigma, epsilon
# out[0] = epsilon*sigma*(1 - mu**2)/2 - 2*mu*Abs(mu)**(q - 1) + (1 - mu**2)*(q - 1)*Abs(mu)**(q - 2)*sign(mu)
# out[1] = sqrt((2 - 2*mu**2)*Abs(mu)**(q - 1))
# out[2] = epsilon*mu
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '285aa0baf7cde6cc2e5921ca8c0674186ea663f63c9a0ce37cc4088c0853bb55'
INPUTS = ('mu', 'q', 'sigma', 'epsilon')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def quasilinear_focused_sde(mu, q, sigma, epsilon):
    _t0 = abs(mu)
    _t1 = q - 1
    _t2 = _t0**_t1
    _t3 = mu**2
    _t4 = 1 - _t3
    return (_t0**(q - 2)*_t1*_t4*(0.0 if mu == 0 else math.copysign(1.0, mu)) - 2*_t2*mu + ((1/2))*_t4*epsilon*sigma, math.sqrt(_t2*(2 - 2*_t3)), epsilon*mu,)


@njit(cache=True, error_model="numpy")
def quasilinear_focused_sde_loop(mu, q, sigma, epsilon, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = quasilinear_focused_sde(mu[_i], q[_i], sigma[_i], epsilon[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def quasilinear_focused_sde_array(mu, q, sigma, epsilon):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, q, sigma, epsilon)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    quasilinear_focused_sde_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)


# --- drivers (hand-written numba calling the kernel above) ---

from numba import prange


@njit(cache=True)
def _xorshift(state):
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return x * np.uint64(2685821657736338717)


@njit(cache=True)
def _uniform(state):
    return (_xorshift(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def _reflect(m):
    if m > 1.0:
        m = 2.0 - m
    elif m < -1.0:
        m = -2.0 - m
    return min(1.0, max(-1.0, m))


@njit(cache=True)
def _step(m, z, h, dw, q, sigma, epsilon):
    a, b, v = quasilinear_focused_sde(m, q, sigma, epsilon)
    if a != a:          # 0 * inf at an exact zero of D (measure zero): no drift there
        a = 0.0
    return _reflect(m + a * h + b * dw), z + v * h


@njit(cache=True, parallel=True)
def quasilinear_focused_sde_run(q, sigma, epsilon, particles_per_batch, n_batches, dt, sample_steps, seed, sums):
    """Power sums sum z^k (k = 0..4) at the sample steps, per batch, for the fine path (index 0,
    step dt) and the coupled coarse path (index 1, step 2 dt): sums[batch, sample, path, k].
    sample_steps count coarse steps (time = 2 dt * step); initial mu isotropic, z = 0."""
    n_samples = sample_steps.shape[0]
    last = sample_steps[n_samples - 1]
    root = np.sqrt(dt)
    for batch in prange(n_batches):
        state = np.empty(1, dtype=np.uint64)
        state[0] = np.uint64(seed) * np.uint64(6364136223846793005) + np.uint64(2 * batch + 1)
        for _ in range(8):
            _xorshift(state)
        for _p in range(particles_per_batch):
            mf = 2.0 * _uniform(state) - 1.0
            mc = mf
            zf = 0.0
            zc = 0.0
            k = 0
            bits = np.uint64(0)
            nbits = 0
            for step in range(1, last + 1):
                if nbits < 2:
                    bits = _xorshift(state)
                    nbits = 64
                w1 = root if (bits & np.uint64(1)) else -root
                w2 = root if (bits & np.uint64(2)) else -root
                bits >>= np.uint64(2)
                nbits -= 2
                mf, zf = _step(mf, zf, dt, w1, q, sigma, epsilon)
                mf, zf = _step(mf, zf, dt, w2, q, sigma, epsilon)
                mc, zc = _step(mc, zc, 2.0 * dt, w1 + w2, q, sigma, epsilon)
                if step == sample_steps[k]:
                    pf = 1.0
                    pc = 1.0
                    for j in range(5):
                        sums[batch, k, 0, j] += pf
                        sums[batch, k, 1, j] += pc
                        pf *= zf
                        pc *= zc
                    k += 1
    return sums
