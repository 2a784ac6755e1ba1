"""Generated kernel 'backtrack_rotation_vector': DO NOT EDIT (cranisotropy regenerate).

t = kappa h b / 2: the implicit-midpoint step of du/ds = kappa u x b is u' - u = (u' + u) x
t.
"""
# content-sha256: 8508707a63045edff1e0992f1a0f8c7ceeb58de3056c6d627f0aa5b5ff206bc1
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.lorentz.midpoint_rotation_vector
# inputs: kappa, h, b_x, b_y, b_z
# operations after cse: 5 (before: 9)
# out[0] = b_x*h*kappa/2
# out[1] = b_y*h*kappa/2
# out[2] = b_z*h*kappa/2
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '8508707a63045edff1e0992f1a0f8c7ceeb58de3056c6d627f0aa5b5ff206bc1'
INPUTS = ('kappa', 'h', 'b_x', 'b_y', 'b_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_rotation_vector(kappa, h, b_x, b_y, b_z):
    _t0 = ((1/2))*h*kappa
    return (_t0*b_x, _t0*b_y, _t0*b_z,)


@njit(cache=True, error_model="numpy")
def backtrack_rotation_vector_loop(kappa, h, b_x, b_y, b_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_rotation_vector(kappa[_i], h[_i], b_x[_i], b_y[_i], b_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_rotation_vector_array(kappa, h, b_x, b_y, b_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (kappa, h, b_x, b_y, b_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_rotation_vector_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
