"""Generated kernel 'beam_small_delta': DO NOT EDIT (cranisotropy regenerate).

Resonance-broadened part of D_mumu l/v away from the peak: (1/3) delta (1-mu^2) [ln(1/eps) -
ln(1-mu^2)/2 + 1/4 + ln 2 - gamma_E] (seed 001 eq. 3 prints 1/6, no constant).
"""
# content-sha256: 1cfa1f7ad1332bae14b64acbd200d2007ae4eceef998948114f56dbaed777449
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.small_delta_coefficient
# inputs: mu, eps, delta
# operations after cse: 15 (before: 17)
# out[0] = delta*(1 - mu**2)*(log(1/eps) - log(1 - mu**2)/2 - EulerGamma + 1/4 + log(2))/3
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '1cfa1f7ad1332bae14b64acbd200d2007ae4eceef998948114f56dbaed777449'
INPUTS = ('mu', 'eps', 'delta')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_small_delta(mu, eps, delta):
    _t0 = 1 - mu**2
    return ((1/3))*_t0*delta*(-(1/2)*math.log(_t0) + math.log(1/eps) - 0.5772156649015329 + (1/4) + math.log(2))


@njit(cache=True, error_model="numpy")
def beam_small_delta_loop(mu, eps, delta, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_small_delta(mu[_i], eps[_i], delta[_i])


def beam_small_delta_array(mu, eps, delta):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, eps, delta)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_small_delta_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
