"""Generated kernel 'isotropic_focused_sde': DO NOT EDIT (cranisotropy regenerate).

Particle SDE of seed 000 eq. (6) for D = 1: (a_mu, b_mu, v_z) with dmu = a_mu dt + b_mu dW,
dz = v_z dt.
"""
# content-sha256: 5c1d853d2398dc94f9b37d8429922f11de254255d944e5aae2c6df030994588a
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde
# inputs: mu, q, sigma, epsilon
# operations after cse: 12 (before: 13)
# out[0] = epsilon*sigma*(1 - mu**2)/2 - 2*mu
# out[1] = sqrt(2 - 2*mu**2)
# out[2] = epsilon*mu
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '5c1d853d2398dc94f9b37d8429922f11de254255d944e5aae2c6df030994588a'
INPUTS = ('mu', 'q', 'sigma', 'epsilon')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def isotropic_focused_sde(mu, q, sigma, epsilon):
    _t0 = mu**2
    return (((1/2))*epsilon*sigma*(1 - _t0) - 2*mu, math.sqrt(2 - 2*_t0), epsilon*mu,)


@njit(cache=True, error_model="numpy")
def isotropic_focused_sde_loop(mu, q, sigma, epsilon, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = isotropic_focused_sde(mu[_i], q[_i], sigma[_i], epsilon[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def isotropic_focused_sde_array(mu, q, sigma, epsilon):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, q, sigma, epsilon)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    isotropic_focused_sde_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
