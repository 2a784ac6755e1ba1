"""Generated kernel 'beam_max_momentum': DO NOT EDIT (cranisotropy regenerate).

p_max/(m c) = sqrt(delta A/alpha)/K, seed 001 eq. (15).
"""
# content-sha256: 9fe8432dbc7cf6ae7eefe268f33325a1e19d51fb8485b3ddb4559b8a676eb20f
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner.maximum_momentum
# inputs: A, delta, alpha, K
# operations after cse: 9 (before: 9)
# out[0] = sqrt(A)*sqrt(delta)/(K*sqrt(alpha))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '9fe8432dbc7cf6ae7eefe268f33325a1e19d51fb8485b3ddb4559b8a676eb20f'
INPUTS = ('A', 'delta', 'alpha', 'K')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_max_momentum(A, delta, alpha, K):
    return math.sqrt(A)*math.sqrt(delta)/(K*math.sqrt(alpha))


@njit(cache=True, error_model="numpy")
def beam_max_momentum_loop(A, delta, alpha, K, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_max_momentum(A[_i], delta[_i], alpha[_i], K[_i])


def beam_max_momentum_array(A, delta, alpha, K):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (A, delta, alpha, K)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_max_momentum_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
