"""Generated kernel 'backtrack_cayley_kick': DO NOT EDIT (cranisotropy regenerate).

Boris rotation in increment form: u' - u = 2 [u x t + (u.t) t - (t.t) u]/(1 + t.t), the
implicit midpoint (Cayley transform) of du/ds = kappa u x b.
"""
# content-sha256: 05c1f93066c5b8a449e18e169a2d331134bf34d15693cb26e506ba896aa0480a
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.lorentz.cayley_increment
# inputs: u_x, u_y, u_z, t_x, t_y, t_z
# operations after cse: 42 (before: 84)
# out[0] = (2*t_x*(t_x*u_x + t_y*u_y + t_z*u_z) - 2*t_y*u_z + 2*t_z*u_y - 2*u_x*(t_x**2 + t_y**2 + t_z**2))/(t_x**2 + t_y**2 + t_z**2 + 1)
# out[1] = (2*t_x*u_z + 2*t_y*(t_x*u_x + t_y*u_y + t_z*u_z) - 2*t_z*u_x - 2*u_y*(t_x**2 + t_y**2 + t_z**2))/(t_x**2 + t_y**2 + t_z**2 + 1)
# out[2] = (-2*t_x*u_y + 2*t_y*u_x + 2*t_z*(t_x*u_x + t_y*u_y + t_z*u_z) - 2*u_z*(t_x**2 + t_y**2 + t_z**2))/(t_x**2 + t_y**2 + t_z**2 + 1)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '05c1f93066c5b8a449e18e169a2d331134bf34d15693cb26e506ba896aa0480a'
INPUTS = ('u_x', 'u_y', 'u_z', 't_x', 't_y', 't_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_cayley_kick(u_x, u_y, u_z, t_x, t_y, t_z):
    _t0 = t_x**2 + t_y**2 + t_z**2
    _t1 = 1/(_t0 + 1)
    _t2 = 2*u_z
    _t3 = 2*u_y
    _t4 = t_x*u_x + t_y*u_y + t_z*u_z
    _t5 = 2*_t4
    _t6 = 2*u_x
    return (_t1*(-_t0*_t6 - _t2*t_y + _t3*t_z + _t5*t_x), _t1*(-_t0*_t3 + _t2*t_x + _t5*t_y - _t6*t_z), _t1*(-_t0*_t2 - _t3*t_x + 2*_t4*t_z + 2*t_y*u_x),)


@njit(cache=True, error_model="numpy")
def backtrack_cayley_kick_loop(u_x, u_y, u_z, t_x, t_y, t_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_cayley_kick(u_x[_i], u_y[_i], u_z[_i], t_x[_i], t_y[_i], t_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_cayley_kick_array(u_x, u_y, u_z, t_x, t_y, t_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (u_x, u_y, u_z, t_x, t_y, t_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_cayley_kick_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
