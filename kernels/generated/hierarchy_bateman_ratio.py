"""Generated kernel 'hierarchy_bateman_ratio': DO NOT EDIT (cranisotropy regenerate).

b_{l,n+1}/b_{l,n} of the spectral solution of seed 003 eq. 20.
"""
# content-sha256: 1583aca004088aadb7b0a84772ba8770dc881df8e8c6268c5bfcb1831d3753b3
# generator: cranisotropy.kernels.codegen v1
# source: cranisotropy.derivations.multipoles.bateman_coefficient_ratio
# inputs: l, n
# out[0] = -(l - n)*(n + 2)*(2*n + 3)/(n*(2*n + 1)*(l + n + 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '1583aca004088aadb7b0a84772ba8770dc881df8e8c6268c5bfcb1831d3753b3'
INPUTS = ('l', 'n')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_bateman_ratio(l, n):
    _t0 = n + 2
    _t1 = 2*n
    return -_t0*(_t1 + 3)*(l - n)/(n*(_t0 + l)*(_t1 + 1))


@njit(cache=True, error_model="numpy")
def hierarchy_bateman_ratio_loop(l, n, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_bateman_ratio(l[_i], n[_i])


def hierarchy_bateman_ratio_array(l, n):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = np.broadcast_arrays(l, n)
    _shape = _args[0].shape
    _flat = [np.ascontiguousarray(a, dtype=np.float64).ravel() for a in _args]
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_bateman_ratio_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
