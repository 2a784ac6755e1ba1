"""Generated kernel 'confinement_log_rates': DO NOT EDIT (cranisotropy regenerate).

Seed 000 eqs. (1)-(2), reconstructed, with I = e^L: CR flux -(kappa_B/I) dP/dz, dL/dt = -C_A
dP/dz / I - Gamma, and d(flux, dL/dt)/d(dP/dz, L): returns (flux, dL_dt, dflux_dgrad,
dflux_dL, drate_dgrad, drate_dL).
"""
# content-sha256: 45c78642fa9b51b4cb95076685115440e85c30db53c8062f6687e0a0706f501b
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.confinement.escape.log_rates
# inputs: grad_P, L, kappa_B, C_A, Gamma
# operations after cse: 11 (before: 21)
# out[0] = -grad_P*kappa_B*exp(-L)
# out[1] = -C_A*grad_P*exp(-L) - Gamma
# out[2] = -kappa_B*exp(-L)
# out[3] = grad_P*kappa_B*exp(-L)
# out[4] = -C_A*exp(-L)
# out[5] = C_A*grad_P*exp(-L)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '45c78642fa9b51b4cb95076685115440e85c30db53c8062f6687e0a0706f501b'
INPUTS = ('grad_P', 'L', 'kappa_B', 'C_A', 'Gamma')
N_OUTPUTS = 6


@njit(cache=True, error_model="numpy")
def confinement_log_rates(grad_P, L, kappa_B, C_A, Gamma):
    _t0 = math.exp(-L)
    _t1 = _t0*kappa_B
    _t2 = _t1*grad_P
    _t3 = C_A*_t0
    _t4 = _t3*grad_P
    return (-_t2, -Gamma - _t4, -_t1, _t2, -_t3, _t4,)


@njit(cache=True, error_model="numpy")
def confinement_log_rates_loop(grad_P, L, kappa_B, C_A, Gamma, out0, out1, out2, out3, out4, out5):
    for _i in range(out0.shape[0]):
        _r = confinement_log_rates(grad_P[_i], L[_i], kappa_B[_i], C_A[_i], Gamma[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]


def confinement_log_rates_array(grad_P, L, kappa_B, C_A, Gamma):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (grad_P, L, kappa_B, C_A, Gamma)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(6)]
    confinement_log_rates_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
