"""Generated kernel 'backtrack_flow_increments': DO NOT EDIT (cranisotropy regenerate).

Increments (D u, M u) of position and direction under the flow (M, D) of
backtrack_uniform_field_flow (M, D row-major): xi' = xi + D u, u' = u + M u.
"""
# content-sha256: 9ef5466138bf1492b62f75ebab14ac7801eabdba48c9452efa73a11bee560cf7
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.lorentz.uniform_field_flow
# inputs: u_x, u_y, u_z, M00, M01, M02, M10, M11, M12, M20, M21, M22, D00, D01, D02, D10, D11, D12, D20, D21, D22
# operations after cse: 30 (before: 30)
# out[0] = D00*u_x + D01*u_y + D02*u_z
# out[1] = D10*u_x + D11*u_y + D12*u_z
# out[2] = D20*u_x + D21*u_y + D22*u_z
# out[3] = M00*u_x + M01*u_y + M02*u_z
# out[4] = M10*u_x + M11*u_y + M12*u_z
# out[5] = M20*u_x + M21*u_y + M22*u_z
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '9ef5466138bf1492b62f75ebab14ac7801eabdba48c9452efa73a11bee560cf7'
INPUTS = ('u_x', 'u_y', 'u_z', 'M00', 'M01', 'M02', 'M10', 'M11', 'M12', 'M20', 'M21', 'M22', 'D00', 'D01', 'D02', 'D10', 'D11', 'D12', 'D20', 'D21', 'D22')
N_OUTPUTS = 6


@njit(cache=True, error_model="numpy")
def backtrack_flow_increments(u_x, u_y, u_z, M00, M01, M02, M10, M11, M12, M20, M21, M22, D00, D01, D02, D10, D11, D12, D20, D21, D22):
    return (D00*u_x + D01*u_y + D02*u_z, D10*u_x + D11*u_y + D12*u_z, D20*u_x + D21*u_y + D22*u_z, M00*u_x + M01*u_y + M02*u_z, M10*u_x + M11*u_y + M12*u_z, M20*u_x + M21*u_y + M22*u_z,)


@njit(cache=True, error_model="numpy")
def backtrack_flow_increments_loop(u_x, u_y, u_z, M00, M01, M02, M10, M11, M12, M20, M21, M22, D00, D01, D02, D10, D11, D12, D20, D21, D22, out0, out1, out2, out3, out4, out5):
    for _i in range(out0.shape[0]):
        _r = backtrack_flow_increments(u_x[_i], u_y[_i], u_z[_i], M00[_i], M01[_i], M02[_i], M10[_i], M11[_i], M12[_i], M20[_i], M21[_i], M22[_i], D00[_i], D01[_i], D02[_i], D10[_i], D11[_i], D12[_i], D20[_i], D21[_i], D22[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]


def backtrack_flow_increments_array(u_x, u_y, u_z, M00, M01, M02, M10, M11, M12, M20, M21, M22, D00, D01, D02, D10, D11, D12, D20, D21, D22):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (u_x, u_y, u_z, M00, M01, M02, M10, M11, M12, M20, M21, M22, D00, D01, D02, D10, D11, D12, D20, D21, D22)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(6)]
    backtrack_flow_increments_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
