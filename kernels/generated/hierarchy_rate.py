"""Generated kernel 'hierarchy_rate': DO NOT EDIT (cranisotropy regenerate).

nu_m / nu = m(m+1): decay rate of C_m (seed 003 eq. 18).
"""
# content-sha256: 695d41391ffc5a469a5f7db4edd2fec0373583d771cb84ec346b5108e9bd83cb
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.dimensionless_rate
# inputs: m
# operations after cse: 2 (before: 2)
# out[0] = m**2 + m
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '695d41391ffc5a469a5f7db4edd2fec0373583d771cb84ec346b5108e9bd83cb'
INPUTS = ('m',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_rate(m):
    return m**2 + m


@njit(cache=True, error_model="numpy")
def hierarchy_rate_loop(m, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_rate(m[_i])


def hierarchy_rate_array(m):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (m,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_rate_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
