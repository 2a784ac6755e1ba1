"""Generated kernel 'confinement_interpolation': DO NOT EDIT (cranisotropy regenerate).

Seed 000 eq. (5) as g5(xi) = P C_A sqrt(t)/kappa_B = 2 [xi^(5/3) + kappa_NL^(5/6)]^(-3/5)
exp(-xi^2/(4 kappa_ISM)), xi = z/sqrt(t).
"""
# content-sha256: 5105919f1030511ab98eeda341f221f0a8540a66c03d4b02986a290aba5dde27
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.confinement.escape.interpolation_shape
# inputs: xi, kappa_NL, kappa_ISM
# operations after cse: 13 (before: 13)
# out[0] = 2*exp(-xi**2/(4*kappa_ISM))/(kappa_NL**(5/6) + xi**(5/3))**(3/5)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '5105919f1030511ab98eeda341f221f0a8540a66c03d4b02986a290aba5dde27'
INPUTS = ('xi', 'kappa_NL', 'kappa_ISM')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def confinement_interpolation(xi, kappa_NL, kappa_ISM):
    return 2*math.exp(-(1/4)*xi**2/kappa_ISM)/(kappa_NL**((5/6)) + xi**((5/3)))**((3/5))


@njit(cache=True, error_model="numpy")
def confinement_interpolation_loop(xi, kappa_NL, kappa_ISM, out):
    for _i in range(out.shape[0]):
        out[_i] = confinement_interpolation(xi[_i], kappa_NL[_i], kappa_ISM[_i])


def confinement_interpolation_array(xi, kappa_NL, kappa_ISM):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (xi, kappa_NL, kappa_ISM)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    confinement_interpolation_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
