"""Generated kernel 'beam_scattering_frequency': DO NOT EDIT (cranisotropy regenerate).

a = nu_theta l/v = (delta ln(1/eps) + eps^(3/2))/6, seed 001 eq. (5).
"""
# content-sha256: 9d4f7789fb67179c50c219b6d0776d3b340f106db247b9f1331ff14a59705117
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.scattering_frequency
# inputs: eps, delta
# operations after cse: 8 (before: 8)
# out[0] = delta*log(1/eps)/6 + eps**(3/2)/6
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '9d4f7789fb67179c50c219b6d0776d3b340f106db247b9f1331ff14a59705117'
INPUTS = ('eps', 'delta')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_scattering_frequency(eps, delta):
    return ((1/6))*delta*math.log(1/eps) + ((1/6))*eps**((3/2))


@njit(cache=True, error_model="numpy")
def beam_scattering_frequency_loop(eps, delta, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_scattering_frequency(eps[_i], delta[_i])


def beam_scattering_frequency_array(eps, delta):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (eps, delta)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_scattering_frequency_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
