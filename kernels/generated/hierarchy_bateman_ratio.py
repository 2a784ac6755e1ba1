"""Generated kernel 'hierarchy_bateman_ratio': DO NOT EDIT (cranisotropy regenerate).

b_{l,n+1}/b_{l,n} of the spectral solution of seed 003 eq. 20.
"""
# content-sha256: d9bf08caff6d72d07d1578fdfadb5b6e2bade2d31dab09f02573e739636c0090
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.bateman_coefficient_ratio
# inputs: l, n
# operations after cse: 12 (before: 14)
# out[0] = -(l - n)*(n + 2)*(2*n + 3)/(n*(2*n + 1)*(l + n + 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'd9bf08caff6d72d07d1578fdfadb5b6e2bade2d31dab09f02573e739636c0090'
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
    _args = [np.asarray(a, dtype=np.float64) for a in (l, n)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_bateman_ratio_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
