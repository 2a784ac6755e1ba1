"""Generated kernel 'hierarchy_escaped_power_term': DO NOT EDIT (cranisotropy regenerate).

Term j of the power lost to l = oo by the consecutive hierarchy, 1 - sum_l (2l+1) C_l/(3
C~_1) (small nu T form, Poisson-summed).
"""
# content-sha256: e34bedbc82e8a6bd08bf3114ff6ce613f499809649ff44757789fa0500c25de7
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.hierarchy.escaped_power_term
# inputs: j, tau
# operations after cse: 24 (before: 24)
# out[0] = pi**(3/2)*(2*j + 1)*exp((tau**2 - pi**2*(4*j**2 + 4*j + 1))/(4*tau))*cos(pi*j)/tau**(3/2)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'e34bedbc82e8a6bd08bf3114ff6ce613f499809649ff44757789fa0500c25de7'
INPUTS = ('j', 'tau')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def hierarchy_escaped_power_term(j, tau):
    return math.pi**((3/2))*(2*j + 1)*math.exp(((1/4))*(tau**2 - math.pi**2*(4*j**2 + 4*j + 1))/tau)*math.cos(math.pi*j)/tau**((3/2))


@njit(cache=True, error_model="numpy")
def hierarchy_escaped_power_term_loop(j, tau, out):
    for _i in range(out.shape[0]):
        out[_i] = hierarchy_escaped_power_term(j[_i], tau[_i])


def hierarchy_escaped_power_term_array(j, tau):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (j, tau)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    hierarchy_escaped_power_term_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
