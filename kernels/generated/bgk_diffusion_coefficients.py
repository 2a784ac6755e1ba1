"""Generated kernel 'bgk_diffusion_coefficients': DO NOT EDIT (cranisotropy regenerate).

BGK diffusion tensor about B0 (c = 1): (K_par, K_perp, K_A) of seed 003 eq. 5 / 004 eq. 53,
K = K_par BB + K_perp (I - BB) + K_A eps.B.
"""
# content-sha256: 7858816be5713ef9639130d54cf2a72926cf79291776c3c059ed9b184dcf2285
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.bgk.anisotropic_coefficients
# inputs: nu, Omega
# operations after cse: 10 (before: 14)
# out[0] = 1/(3*nu)
# out[1] = nu/(3*(Omega**2 + nu**2))
# out[2] = Omega/(3*(Omega**2 + nu**2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '7858816be5713ef9639130d54cf2a72926cf79291776c3c059ed9b184dcf2285'
INPUTS = ('nu', 'Omega')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def bgk_diffusion_coefficients(nu, Omega):
    _t0 = ((1/3))/(Omega**2 + nu**2)
    return (((1/3))/nu, _t0*nu, Omega*_t0,)


@njit(cache=True, error_model="numpy")
def bgk_diffusion_coefficients_loop(nu, Omega, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = bgk_diffusion_coefficients(nu[_i], Omega[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def bgk_diffusion_coefficients_array(nu, Omega):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (nu, Omega)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    bgk_diffusion_coefficients_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
