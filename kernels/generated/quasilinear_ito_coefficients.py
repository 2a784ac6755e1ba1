"""Generated kernel 'quasilinear_ito_coefficients': DO NOT EDIT (cranisotropy regenerate).

Itô SDE dmu = a dt + b dW equivalent to d/dmu[(1-mu^2)|mu|^(q-1) d/dmu] (seed 000 eq. 6,
scattering part): returns (a, b).
"""
# content-sha256: afefcb08d8ab771c5012bb0f85deecff055217d6d67c3ab7c553ab0a42171d88
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.chapman_enskog.pitch_angle.ito_coefficients
# inputs: mu, q
# operations after cse: 19 (before: 25)
# out[0] = -2*mu*Abs(mu)**(q - 1) + (1 - mu**2)*(q - 1)*Abs(mu)**(q - 2)*sign(mu)
# out[1] = sqrt((2 - 2*mu**2)*Abs(mu)**(q - 1))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'afefcb08d8ab771c5012bb0f85deecff055217d6d67c3ab7c553ab0a42171d88'
INPUTS = ('mu', 'q')
N_OUTPUTS = 2


@njit(cache=True, error_model="numpy")
def quasilinear_ito_coefficients(mu, q):
    _t0 = abs(mu)
    _t1 = q - 1
    _t2 = _t0**_t1
    _t3 = mu**2
    return (_t0**(q - 2)*_t1*(1 - _t3)*(0.0 if mu == 0 else math.copysign(1.0, mu)) - 2*_t2*mu, math.sqrt(_t2*(2 - 2*_t3)),)


@njit(cache=True, error_model="numpy")
def quasilinear_ito_coefficients_loop(mu, q, out0, out1):
    for _i in range(out0.shape[0]):
        _r = quasilinear_ito_coefficients(mu[_i], q[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]


def quasilinear_ito_coefficients_array(mu, q):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, q)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(2)]
    quasilinear_ito_coefficients_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
