"""Generated kernel 'beam_scattering_envelope': DO NOT EDIT (cranisotropy regenerate).

Envelope of beam_scattering_integrand for z = kappa eps sqrt(1-mu^2) >> 1: (J_1(z)/z)^2 ->
1/(pi z^3) (period average); used for the far tail of the kappa quadrature.
"""
# content-sha256: fb43e1fb3d281e47e803e8e32f520257fbb4bbb18a335881feaddbd270ca9ba7
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.general_integrand_mean
# inputs: kappa, mu, eps, delta
# operations after cse: 30 (before: 35)
# out[0] = -2*(mu**2 - 1)*atan2(2*delta*kappa**(4/3)*mu, (eps**2*kappa**(4/3)*(delta**2 - mu**2) + 1)/eps**2)/(3*pi*eps**5*kappa**(16/3)*mu*(1 - mu**2)**(3/2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'fb43e1fb3d281e47e803e8e32f520257fbb4bbb18a335881feaddbd270ca9ba7'
INPUTS = ('kappa', 'mu', 'eps', 'delta')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_scattering_envelope(kappa, mu, eps, delta):
    _t0 = mu**2
    _t1 = _t0 - 1
    _t2 = kappa**((4/3))
    _t3 = eps**2
    return -(2/3)*_t1*math.atan2(2*_t2*delta*mu, (_t2*_t3*(-_t0 + delta**2) + 1)/_t3)/(math.pi*eps**5*kappa**((16/3))*mu*(-_t1)**((3/2)))


@njit(cache=True, error_model="numpy")
def beam_scattering_envelope_loop(kappa, mu, eps, delta, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_scattering_envelope(kappa[_i], mu[_i], eps[_i], delta[_i])


def beam_scattering_envelope_array(kappa, mu, eps, delta):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (kappa, mu, eps, delta)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_scattering_envelope_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
