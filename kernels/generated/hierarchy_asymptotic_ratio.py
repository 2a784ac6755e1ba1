"""Generated kernel 'hierarchy_asymptotic_ratio': DO NOT EDIT (cranisotropy regenerate).

lim_{T->oo} C_l/C_1 derived from the hierarchy (seed 003 eq. 21).
"""
# content-sha256: a2f375842bf30f1302cfa9f29d5817630e41ccb385ee75fe2c0a98904de92585
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.asymptotic_ratio
# inputs: l
# operations after cse: 7 (before: 7)
# out[0] = 18/((l + 1)*(l + 2)*(2*l + 1))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'a2f375842bf30f1302cfa9f29d5817630e41ccb385ee75fe2c0a98904de92585'
INPUTS = ('l',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_asymptotic_ratio(l):
    return 18/((l + 1)*(l + 2)*(2*l + 1))


@njit(cache=True, error_model="numpy")
def hierarchy_asymptotic_ratio_loop(l, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_asymptotic_ratio(l[_i])


def hierarchy_asymptotic_ratio_array(l):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (l,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_asymptotic_ratio_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
