"""Generated kernel 'bgk_gyration_flight': DO NOT EDIT (cranisotropy regenerate).

Exact free flight of a particle (speed 1) gyrating about B0 = e_z, dv/dt = v x Omega, over
dt: returns (dx, dy, dz, vx', vy', vz').  The Monte Carlo loops that add BGK isotropisation
at rate nu are in cranisotropy.kernels.drivers.multipoles.
"""
# content-sha256: c4b0fc88190c017ad64233c0de6c9fb6b60353dca963d0fb881e5f2291700891
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.bgk.gyration_flight
# inputs: vx, vy, vz, Omega, dt
# operations after cse: 27 (before: 41)
# out[0] = Piecewise((dt*vx, Eq(Omega, 0)), ((vx*sin(Omega*dt) + 2*vy*sin(Omega*dt/2)**2)/Omega, True))
# out[1] = Piecewise((dt*vy, Eq(Omega, 0)), ((-2*vx*sin(Omega*dt/2)**2 + vy*sin(Omega*dt))/Omega, True))
# out[2] = dt*vz
# out[3] = vx*cos(Omega*dt) + vy*sin(Omega*dt)
# out[4] = -vx*sin(Omega*dt) + vy*cos(Omega*dt)
# out[5] = vz
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'c4b0fc88190c017ad64233c0de6c9fb6b60353dca963d0fb881e5f2291700891'
INPUTS = ('vx', 'vy', 'vz', 'Omega', 'dt')
N_OUTPUTS = 6


@njit(cache=True, error_model="numpy")
def bgk_gyration_flight(vx, vy, vz, Omega, dt):
    _t0 = (Omega == 0)
    _t1 = 1/Omega
    _t2 = Omega*dt
    _t3 = math.sin(_t2)
    _t4 = _t3*vx
    _t5 = 2*math.sin(((1/2))*_t2)**2
    _t6 = math.cos(_t2)
    return (((dt*vx) if (_t0) else (_t1*(_t4 + _t5*vy))), ((dt*vy) if (_t0) else (_t1*(_t3*vy - _t5*vx))), dt*vz, _t3*vy + _t6*vx, -_t4 + _t6*vy, vz,)


@njit(cache=True, error_model="numpy")
def bgk_gyration_flight_loop(vx, vy, vz, Omega, dt, out0, out1, out2, out3, out4, out5):
    for _i in range(out0.shape[0]):
        _r = bgk_gyration_flight(vx[_i], vy[_i], vz[_i], Omega[_i], dt[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]


def bgk_gyration_flight_array(vx, vy, vz, Omega, dt):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (vx, vy, vz, Omega, dt)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(6)]
    bgk_gyration_flight_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
