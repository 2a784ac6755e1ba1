"""Generated kernel 'backtrack_plane_wave_libm': DO NOT EDIT (cranisotropy regenerate).

One plane-wave mode a cos(k . x + beta) at the point x with libm cos (the reference of
backtrack_plane_wave).
"""
# content-sha256: e54bd767d4101c01b25d5e7fd345c84ee6eacd41f4c56a88ef785c013879c638
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.turbulence.plane_wave
# inputs: x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z
# operations after cse: 10 (before: 24)
# out[0] = a_x*cos(beta + k_x*x + k_y*y + k_z*z)
# out[1] = a_y*cos(beta + k_x*x + k_y*y + k_z*z)
# out[2] = a_z*cos(beta + k_x*x + k_y*y + k_z*z)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'e54bd767d4101c01b25d5e7fd345c84ee6eacd41f4c56a88ef785c013879c638'
INPUTS = ('x', 'y', 'z', 'k_x', 'k_y', 'k_z', 'beta', 'a_x', 'a_y', 'a_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave_libm(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    _t0 = math.cos(beta + k_x*x + k_y*y + k_z*z)
    return (_t0*a_x, _t0*a_y, _t0*a_z,)


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave_libm_loop(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_plane_wave_libm(x[_i], y[_i], z[_i], k_x[_i], k_y[_i], k_z[_i], beta[_i], a_x[_i], a_y[_i], a_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_plane_wave_libm_array(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_plane_wave_libm_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
