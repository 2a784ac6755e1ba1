"""Generated kernel 'bgk_running_coefficients': DO NOT EDIT (cranisotropy regenerate).

Running BGK tensors at time t: Green-Kubo <x(t) v(0)> (par, perp, antisym) and <x x>(t)/(2t)
(par, perp), exact for an isotropic start.
"""
# content-sha256: 95fcf4337731d4310aea18dc87035fc0621cddd9f86057206e436d71bc39f5c6
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.bgk.running_diffusion_tensor, running_msd_tensor
# inputs: nu, Omega, t
# operations after cse: 66 (before: 209)
# out[0] = 1/(3*nu) - exp(-nu*t)/(3*nu)
# out[1] = nu/(3*Omega**2 + 3*nu**2) + (Omega*sin(Omega*t)/(3*Omega**2 + 3*nu**2) - nu*cos(Omega*t)/(3*Omega**2 + 3*nu**2))*exp(-nu*t)
# out[2] = Omega/(3*Omega**2 + 3*nu**2) + (-Omega*cos(Omega*t)/(3*Omega**2 + 3*nu**2) - nu*sin(Omega*t)/(3*Omega**2 + 3*nu**2))*exp(-nu*t)
# out[3] = 1/(3*nu) - 1/(3*nu**2*t) + exp(-nu*t)/(3*nu**2*t)
# out[4] = Omega**2*nu*t/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) + Omega**2/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) + nu**3*t/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) - nu**2/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) + (-Omega**2*cos(Omega*t)/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) - 2*Omega*nu*sin(Omega*t)/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t) + nu**2*cos(Omega*t)/(3*Omega**4*t + 6*Omega**2*nu**2*t + 3*nu**4*t))*exp(-nu*t)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '95fcf4337731d4310aea18dc87035fc0621cddd9f86057206e436d71bc39f5c6'
INPUTS = ('nu', 'Omega', 't')
N_OUTPUTS = 5


@njit(cache=True, error_model="numpy")
def bgk_running_coefficients(nu, Omega, t):
    _t0 = ((1/3))/nu
    _t1 = nu*t
    _t2 = math.exp(-_t1)
    _t3 = Omega**2
    _t4 = nu**2
    _t5 = 1/(3*_t3 + 3*_t4)
    _t6 = _t5*nu
    _t7 = Omega*t
    _t8 = math.sin(_t7)
    _t9 = Omega*_t5
    _t10 = math.cos(_t7)
    _t11 = ((1/3))/(_t4*t)
    _t12 = 3*t
    _t13 = 1/(Omega**4*_t12 + _t12*nu**4 + 6*_t3*_t4*t)
    _t14 = _t13*_t3
    return (-_t0*_t2 + _t0, _t2*(-_t10*_t6 + _t8*_t9) + _t6, _t2*(-_t10*_t9 - _t6*_t8) + _t9, _t0 + _t11*_t2 - _t11, _t1*_t14 - _t13*_t4 + _t13*nu**3*t + _t14 + _t2*(-2*Omega*_t13*_t8*nu + _t10*_t13*_t4 - _t10*_t14),)


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
    _args = [np.asarray(a, dtype=np.float64) for a in (nu, Omega, t)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(5)]
    bgk_running_coefficients_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
