"""Generated kernel 'backtrack_quasilinear_slab': DO NOT EDIT (cranisotropy regenerate).

Quasi-linear pitch-angle diffusion coefficient D_mumu (1/L_c) of slab turbulence (Jokipii
1966): pi (1 - mu^2) G(k_r)/(8 r_L^2 |mu|) at the resonance k_r = 1/(r_L |mu|), G(k) = 2
sigma2 k^2/(1 + k^gamma)/N_k on [k_min, k_max], else 0.
"""
# content-sha256: 90ac4ec322a41bca4c16b118090348181a5b3815da94b9f4f4a66dd9f7ee45f7
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.quasilinear.slab_pitch_angle_diffusion
# inputs: mu, r_L, sigma2, gamma, k_min, k_max, N_k
# operations after cse: 21 (before: 27)
# out[0] = Piecewise((pi*sigma2*(1 - mu**2)/(4*N_k*mu**2*r_L**4*(1 + 1/(r_L**gamma*Abs(mu)**gamma))*Abs(mu)), (k_max >= 1/(r_L*Abs(mu))) & (k_min <= 1/(r_L*Abs(mu)))), (0, True))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '90ac4ec322a41bca4c16b118090348181a5b3815da94b9f4f4a66dd9f7ee45f7'
INPUTS = ('mu', 'r_L', 'sigma2', 'gamma', 'k_min', 'k_max', 'N_k')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def backtrack_quasilinear_slab(mu, r_L, sigma2, gamma, k_min, k_max, N_k):
    _t0 = mu**2
    _t1 = abs(mu)
    _t2 = 1/_t1
    _t3 = _t2/r_L
    return ((((1/4))*math.pi*_t2*sigma2*(1 - _t0)/(N_k*_t0*r_L**4*(1 + _t1**(-gamma)*r_L**(-gamma)))) if ((_t3 >= k_min) and (_t3 <= k_max)) else (0))


@njit(cache=True, error_model="numpy")
def backtrack_quasilinear_slab_loop(mu, r_L, sigma2, gamma, k_min, k_max, N_k, out):
    for _i in range(out.shape[0]):
        out[_i] = backtrack_quasilinear_slab(mu[_i], r_L[_i], sigma2[_i], gamma[_i], k_min[_i], k_max[_i], N_k[_i])


def backtrack_quasilinear_slab_array(mu, r_L, sigma2, gamma, k_min, k_max, N_k):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, r_L, sigma2, gamma, k_min, k_max, N_k)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    backtrack_quasilinear_slab_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
