"""Generated kernel 'beam_magnetostatic_integrand': DO NOT EDIT (cranisotropy regenerate).

Integrand z^(-13/3) J_1(z)^2 of G(y) = (4/3) y^(4/3) int_y^oo (...) dz, the delta -> 0 limit
of seed 001 eq. (2) (its mu -> 1 form is eq. 4).
"""
# content-sha256: f4e536d987c7f38a08fa17dcbe52f11fa02948c6e2bce9380b668be84d644e84
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.magnetostatic_peak_profile
# inputs: z
# operations after cse: 5 (before: 5)
# out[0] = besselj(1, z)**2/z**(13/3)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'f4e536d987c7f38a08fa17dcbe52f11fa02948c6e2bce9380b668be84d644e84'
INPUTS = ('z',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_magnetostatic_integrand(z):
    return _sp.j1(z)**2/z**((13/3))


@njit(cache=True, error_model="numpy")
def beam_magnetostatic_integrand_loop(z, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_magnetostatic_integrand(z[_i])


def beam_magnetostatic_integrand_array(z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (z,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_magnetostatic_integrand_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
