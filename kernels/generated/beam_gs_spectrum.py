"""Generated kernel 'beam_gs_spectrum': DO NOT EDIT (cranisotropy regenerate).

Goldreich-Sridhar spectral density I(k_perp, k_par; l, tau, V_A), seed 001 eq. (1); int I
d^3k = 1 over k_perp >= 1/l at tau = 0.
"""
# content-sha256: 73bd621470ed7683379d8bdcf36657ead8af44714ddcc28e9ed08df1da8e569b
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.gs_spectrum
# inputs: k_perp, k_par, l, tau, V_A
# operations after cse: 22 (before: 29)
# out[0] = exp(-V_A*tau*Abs(k_perp)**(2/3)/l**(1/3))*Heaviside(-l**(1/3)*Abs(k_par)/Abs(k_perp)**(2/3) + 1, 1)/(6*pi*l**(1/3)*Abs(k_perp)**(10/3))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '73bd621470ed7683379d8bdcf36657ead8af44714ddcc28e9ed08df1da8e569b'
INPUTS = ('k_perp', 'k_par', 'l', 'tau', 'V_A')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_gs_spectrum(k_perp, k_par, l, tau, V_A):
    _t0 = l**((1/3))
    _t1 = 1/_t0
    _t2 = abs(k_perp)
    _t3 = _t2**((2/3))
    return ((1/6))*_t1*math.exp(-V_A*_t1*_t3*tau)*(1.0 if -_t0*abs(k_par)/_t3 + 1 > 0 else (1.0 if -_t0*abs(k_par)/_t3 + 1 == 0 else 0.0))/(math.pi*_t2**((10/3)))


@njit(cache=True, error_model="numpy")
def beam_gs_spectrum_loop(k_perp, k_par, l, tau, V_A, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_gs_spectrum(k_perp[_i], k_par[_i], l[_i], tau[_i], V_A[_i])


def beam_gs_spectrum_array(k_perp, k_par, l, tau, V_A):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (k_perp, k_par, l, tau, V_A)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_gs_spectrum_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
