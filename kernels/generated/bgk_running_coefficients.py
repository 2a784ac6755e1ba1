"""Generated kernel 'bgk_running_coefficients': DO NOT EDIT (cranisotropy regenerate).

Running BGK tensors at time t: Green-Kubo <x(t) v(0)> (par, perp, antisym) and <x x>(t)/(2t)
(par, perp), exact for an isotropic start.
"""
# content-sha256: 760f21ebb8725eb456978d6939b679d77ef0794aabcced3f488656683e15846f
# generator: cranisotropy.kernels.codegen v1
# source: cranisotropy.derivations.bgk.running_diffusion_tensor, running_msd_tensor
# inputs: nu, Omega, t
# out[0] = 1/(3*nu) - exp(-nu*t)/(3*nu)
# out[1] = Omega*sin(Omega*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t)) + nu*exp(nu*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t)) - nu*cos(Omega*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t))
# out[2] = Omega*exp(nu*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t)) - Omega*cos(Omega*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t)) - nu*sin(Omega*t)/(3*Omega**2*exp(nu*t) + 3*nu**2*exp(nu*t))
# out[3] = 1/(3*nu) - 1/(3*nu**2*t) + exp(-nu*t)/(3*nu**2*t)
# out[4] = Omega**2*nu*t*exp(nu*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) + Omega**2*exp(nu*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) - Omega**2*cos(Omega*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) - 2*Omega*nu*sin(Omega*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) + nu**3*t*exp(nu*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) - nu**2*exp(nu*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t)) + nu**2*cos(Omega*t)/(3*Omega**4*t*exp(nu*t) + 6*Omega**2*nu**2*t*exp(nu*t) + 3*nu**4*t*exp(nu*t))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '760f21ebb8725eb456978d6939b679d77ef0794aabcced3f488656683e15846f'
INPUTS = ('nu', 'Omega', 't')
N_OUTPUTS = 5


@njit(cache=True, error_model="numpy")
def bgk_running_coefficients(nu, Omega, t):
    _t0 = ((1/3))/nu
    _t1 = nu*t
    _t2 = math.exp(-_t1)
    _t3 = Omega*t
    _t4 = math.sin(_t3)
    _t5 = Omega**2
    _t6 = math.exp(_t1)
    _t7 = 3*_t6
    _t8 = nu**2
    _t9 = 1/(_t5*_t7 + _t7*_t8)
    _t10 = Omega*_t9
    _t11 = _t9*nu
    _t12 = math.cos(_t3)
    _t13 = ((1/3))/(_t8*t)
    _t14 = _t7*t
    _t15 = _t6*t
    _t16 = 1/(Omega**4*_t14 + _t14*nu**4 + 6*_t15*_t5*_t8)
    _t17 = _t16*_t5
    _t18 = _t17*_t6
    _t19 = _t16*_t8
    return (-_t0*_t2 + _t0, _t10*_t4 - _t11*_t12 + _t11*_t6, Omega*_t6*_t9 - _t10*_t12 - _t11*_t4, _t0 + _t13*_t2 - _t13, -2*Omega*_t16*_t4*nu + _t1*_t18 - _t12*_t17 + _t12*_t19 + _t15*_t16*nu**3 + _t18 - _t19*_t6,)


@njit(cache=True, error_model="numpy")
def bgk_running_coefficients_loop(nu, Omega, t, out0, out1, out2, out3, out4):
    for _i in range(out0.shape[0]):
        _r = bgk_running_coefficients(nu[_i], Omega[_i], t[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]


def bgk_running_coefficients_array(nu, Omega, t):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = np.broadcast_arrays(nu, Omega, t)
    _shape = _args[0].shape
    _flat = [np.ascontiguousarray(a, dtype=np.float64).ravel() for a in _args]
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(5)]
    bgk_running_coefficients_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
