"""Generated kernel 'hierarchy_rate': DO NOT EDIT (cranisotropy regenerate).

nu_m / nu = m(m+1): decay rate of C_m (seed 003 eq. 18).
"""
# content-sha256: 3289ee945b1ef54dacd755191ff83dbffd3028e4404e0e5b68c22364ed1260b4
# generator: cranisotropy.kernels.codegen v1
# source: cranisotropy.derivations.multipoles.dimensionless_rate
# inputs: m
# out[0] = m**2 + m
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '3289ee945b1ef54dacd755191ff83dbffd3028e4404e0e5b68c22364ed1260b4'
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
    _args = np.broadcast_arrays(m,)
    _shape = _args[0].shape
    _flat = [np.ascontiguousarray(a, dtype=np.float64).ravel() for a in _args]
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_rate_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
