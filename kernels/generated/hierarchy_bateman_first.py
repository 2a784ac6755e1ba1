"""Generated kernel 'hierarchy_bateman_first': DO NOT EDIT (cranisotropy regenerate).

b_{l,1}: weight of exp(-2 nu T) in D_l(T)/D_1(0) (seed 003 eq. 20).
"""
# content-sha256: 6afe99fd57cf4b98c8b5c86c73981cedfd076d19f34d0b5f534e27cc3f870a1f
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.bateman_coefficient_first
# inputs: l
# operations after cse: 4 (before: 4)
# out[0] = 6/((l + 1)*(l + 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '6afe99fd57cf4b98c8b5c86c73981cedfd076d19f34d0b5f534e27cc3f870a1f'
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
    _args = [np.asarray(a, dtype=np.float64) for a in (l,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_bateman_first_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
