"""Generated kernel 'beam_eps_from_width': DO NOT EDIT (cranisotropy regenerate).

eps = 2 (1 - cos Delta_theta)/j1^2.
"""
# content-sha256: 6531ba82f95d309d52ca8111f1d91969df65183119c226956602b6311bdc87a9
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner.eps_from_width
# inputs: Delta_theta
# operations after cse: 3 (before: 3)
# out[0] = 0.136221495652757965458968802798 - 0.136221495652757965458968802798*cos(Delta_theta)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '6531ba82f95d309d52ca8111f1d91969df65183119c226956602b6311bdc87a9'
INPUTS = ('Delta_theta',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_eps_from_width(Delta_theta):
    return 0.13622149565275796 - 0.13622149565275796*math.cos(Delta_theta)


@njit(cache=True, error_model="numpy")
def beam_eps_from_width_loop(Delta_theta, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_eps_from_width(Delta_theta[_i])


def beam_eps_from_width_array(Delta_theta):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (Delta_theta,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_eps_from_width_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
