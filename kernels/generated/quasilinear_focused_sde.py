"""Generated kernel 'quasilinear_focused_sde': DO NOT EDIT (cranisotropy regenerate).

Particle SDE of seed 000 eq. (6) for D = |mu|^(q-1): (a_mu, b_mu, v_z).
"""
# content-sha256: 6c9d31f8f8eb94259d8fdaba096e7617e8fbc053a9374553321f383119f7a355
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde
# inputs: mu, q, sigma, epsilon
# operations after cse: 24 (before: 32)
# out[0] = epsilon*sigma*(1 - mu**2)/2 - 2*mu*Abs(mu)**(q - 1) + (1 - mu**2)*(q - 1)*Abs(mu)**(q - 2)*sign(mu)
# out[1] = sqrt((2 - 2*mu**2)*Abs(mu)**(q - 1))
# out[2] = epsilon*mu
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '6c9d31f8f8eb94259d8fdaba096e7617e8fbc053a9374553321f383119f7a355'
INPUTS = ('mu', 'q', 'sigma', 'epsilon')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def quasilinear_focused_sde(mu, q, sigma, epsilon):
    _t0 = abs(mu)
    _t1 = q - 1
    _t2 = _t0**_t1
    _t3 = mu**2
    _t4 = 1 - _t3
    return (_t0**(q - 2)*_t1*_t4*(0.0 if mu == 0 else math.copysign(1.0, mu)) - 2*_t2*mu + ((1/2))*_t4*epsilon*sigma, math.sqrt(_t2*(2 - 2*_t3)), epsilon*mu,)


@njit(cache=True, error_model="numpy")
def quasilinear_focused_sde_loop(mu, q, sigma, epsilon, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = quasilinear_focused_sde(mu[_i], q[_i], sigma[_i], epsilon[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def quasilinear_focused_sde_array(mu, q, sigma, epsilon):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, q, sigma, epsilon)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    quasilinear_focused_sde_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
