"""Generated kernel 'backtrack_plane_wave_baseline': DO NOT EDIT (cranisotropy regenerate).

One plane-wave mode a cos(k . x + beta) at the point x; cos by a Cody–Waite reduction by 2
pi and a degree-9 polynomial in r^2 (max error 6e-15): the field kernel before
backtrack_plane_wave, kept as its speed and accuracy baseline.
"""
# content-sha256: a036c2e1a32c94c7218122a8766b24c46266735b1f51be0645f18ece1c8aa4a1
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.turbulence.plane_wave
# inputs: x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z
# operations after cse: 41 (before: 1272)
# out[0] = a_x*(((((((((4.740264277700914668916601502976197571293e-14 - 1.371071374997626124036174527373587787454e-16*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.00000000001146623829452846804991957301539445739428)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 + 0.000000002087644258356413278707379070621591114369)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.0000002755730562160416508599650219070549855809)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + [...]
# out[1] = a_y*(((((((((4.740264277700914668916601502976197571293e-14 - 1.371071374997626124036174527373587787454e-16*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.00000000001146623829452846804991957301539445739428)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 + 0.000000002087644258356413278707379070621591114369)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.0000002755730562160416508599650219070549855809)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + [...]
# out[2] = a_z*(((((((((4.740264277700914668916601502976197571293e-14 - 1.371071374997626124036174527373587787454e-16*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.00000000001146623829452846804991957301539445739428)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 + 0.000000002087644258356413278707379070621591114369)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + ordered(6151831*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/35184372088832 + ordered(-13176795*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z))/2097152 + ordered(beta + k_x*x + k_y*y + k_z*z))))**2 - 0.0000002755730562160416508599650219070549855809)*(6.8604979977715316e-15*nearest_integer(0.159154943091895335768883763373*ordered(beta + k_x*x + k_y*y + k_z*z)) + [...]
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'a036c2e1a32c94c7218122a8766b24c46266735b1f51be0645f18ece1c8aa4a1'
INPUTS = ('x', 'y', 'z', 'k_x', 'k_y', 'k_z', 'beta', 'a_x', 'a_y', 'a_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave_baseline(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    _t0 = (beta + k_x*x + k_y*y + k_z*z)
    _t1 = np.rint(0.15915494309189535*_t0)
    _t2 = (6.8604979977715316e-15*_t1 + (((6151831/35184372088832))*_t1 + (_t0 - (13176795/2097152)*_t1)))**2
    _t3 = _t2*(_t2*(_t2*(_t2*(_t2*(_t2*(_t2*(_t2*(4.7402642777009144e-14 - 1.3710713749976262e-16*_t2) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
    return (_t3*a_x, _t3*a_y, _t3*a_z,)


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave_baseline_loop(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_plane_wave_baseline(x[_i], y[_i], z[_i], k_x[_i], k_y[_i], k_z[_i], beta[_i], a_x[_i], a_y[_i], a_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_plane_wave_baseline_array(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_plane_wave_baseline_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
