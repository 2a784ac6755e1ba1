"""Generated kernel 'hierarchy_total_power_term': DO NOT EDIT (cranisotropy regenerate).

Term n of sum_l (2l+1) C_l(T)/(3 C~_1) (large nu T form).
"""
# content-sha256: 0f703aa72cb53a0f29a191fab4f6e3aacd02703434c9dbfc63348de5a01b8a7d
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.total_power_term
# inputs: n, tau
# operations after cse: 13 (before: 13)
# out[0] = (-2*n - 1)*exp(tau*(-n**2 - n))*cos(pi*n)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '0f703aa72cb53a0f29a191fab4f6e3aacd02703434c9dbfc63348de5a01b8a7d'
INPUTS = ('n', 'tau')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_total_power_term(n, tau):
    return (-2*n - 1)*math.exp(tau*(-n**2 - n))*math.cos(math.pi*n)


@njit(cache=True, error_model="numpy")
def hierarchy_total_power_term_loop(n, tau, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_total_power_term(n[_i], tau[_i])


def hierarchy_total_power_term_array(n, tau):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (n, tau)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_total_power_term_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
