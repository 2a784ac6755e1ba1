"""Generated kernel 'hierarchy_bateman_first': DO NOT EDIT (cranisotropy regenerate).

b_{l,1}: weight of exp(-2 nu T) in D_l(T)/D_1(0) (seed 003 eq. 20).
"""
# content-sha256: c0194661d6cda96bffef1ac20707f1e6048ba72630f08514cb535d0c96f45a24
# generator: cranisotropy.kernels.codegen v1
# source: cranisotropy.derivations.multipoles.bateman_coefficient_first
# inputs: l
# out[0] = 6/((l + 1)*(l + 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'c0194661d6cda96bffef1ac20707f1e6048ba72630f08514cb535d0c96f45a24'
INPUTS = ('l',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_bateman_first(l):
    return 6/((l + 1)*(l + 2))


@njit(cache=True, error_model="numpy")
def hierarchy_bateman_first_loop(l, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_bateman_first(l[_i])


def hierarchy_bateman_first_array(l):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = np.broadcast_arrays(l,)
    _shape = _args[0].shape
    _flat = [np.ascontiguousarray(a, dtype=np.float64).ravel() for a in _args]
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_bateman_first_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
