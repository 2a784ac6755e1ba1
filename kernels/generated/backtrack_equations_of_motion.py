"""Generated kernel 'backtrack_equations_of_motion': DO NOT EDIT (cranisotropy regenerate).

Right-hand side (d xi/ds, du/ds) = (u, kappa u x b) of the equations of motion in rigidity
units.
"""
# content-sha256: 724a576ffad02e9ab6bf94484b0651c7c78ec19f41a66cf090318d7dc33a94d1
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.lorentz.dimensionless_equations
# inputs: kappa, u_x, u_y, u_z, b_x, b_y, b_z
# operations after cse: 12 (before: 12)
# out[0] = u_x
# out[1] = u_y
# out[2] = u_z
# out[3] = kappa*(-b_y*u_z + b_z*u_y)
# out[4] = kappa*(b_x*u_z - b_z*u_x)
# out[5] = kappa*(-b_x*u_y + b_y*u_x)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '724a576ffad02e9ab6bf94484b0651c7c78ec19f41a66cf090318d7dc33a94d1'
INPUTS = ('kappa', 'u_x', 'u_y', 'u_z', 'b_x', 'b_y', 'b_z')
N_OUTPUTS = 6


@njit(cache=True, error_model="numpy")
def backtrack_equations_of_motion(kappa, u_x, u_y, u_z, b_x, b_y, b_z):
    return (u_x, u_y, u_z, kappa*(-b_y*u_z + b_z*u_y), kappa*(b_x*u_z - b_z*u_x), kappa*(-b_x*u_y + b_y*u_x),)


@njit(cache=True, error_model="numpy")
def backtrack_equations_of_motion_loop(kappa, u_x, u_y, u_z, b_x, b_y, b_z, out0, out1, out2, out3, out4, out5):
    for _i in range(out0.shape[0]):
        _r = backtrack_equations_of_motion(kappa[_i], u_x[_i], u_y[_i], u_z[_i], b_x[_i], b_y[_i], b_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]


def backtrack_equations_of_motion_array(kappa, u_x, u_y, u_z, b_x, b_y, b_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (kappa, u_x, u_y, u_z, b_x, b_y, b_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(6)]
    backtrack_equations_of_motion_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
