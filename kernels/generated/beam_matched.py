"""Generated kernel 'beam_matched': DO NOT EDIT (cranisotropy regenerate).

(delta_lambda/b^2, fractional excess beta w0/(1 + beta w0), the excess with the O(b^2 ln b)
term) for Phi(1) = 1, U(1) = U_1, g1 = int_0^1 dw/D, I_a = int_0^1 w dw/D.
"""
# content-sha256: 4ce923fe9892970186de039004e5ebfdd10cb799ffa2f0ef99a00b7049223550
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner.eigenvalue_shift, fractional_excess
# inputs: lam, u, U_1, b, g_1, I_a
# operations after cse: 28 (before: 51)
# out[0] = lam**2*(1 - 2*I_a)*(u + 1)**2/(4*U_1)
# out[1] = b*lam*(1 - g_1)*(u + 1)/(b*lam*(1 - g_1)*(u + 1) + 2)
# out[2] = b*lam*(u + 1)*(-b*lam*(1/2 - I_a)*(u + 1)*(b*lam*(1 - g_1)*(u + 1) + 2)*log(b) - 4*g_1 + 4)/(4*(b*lam*(1 - g_1)*(u + 1) + 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '4ce923fe9892970186de039004e5ebfdd10cb799ffa2f0ef99a00b7049223550'
INPUTS = ('lam', 'u', 'U_1', 'b', 'g_1', 'I_a')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def beam_matched(lam, u, U_1, b, g_1, I_a):
    _t0 = u + 1
    _t1 = _t0*b*lam
    _t2 = _t1*(1 - g_1)
    _t3 = _t2 + 2
    _t4 = 1/_t3
    return (((1/4))*_t0**2*lam**2*(1 - 2*I_a)/U_1, _t2*_t4, ((1/4))*_t1*_t4*(-_t1*_t3*((1/2) - I_a)*math.log(b) - 4*g_1 + 4),)


@njit(cache=True, error_model="numpy")
def beam_matched_loop(lam, u, U_1, b, g_1, I_a, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = beam_matched(lam[_i], u[_i], U_1[_i], b[_i], g_1[_i], I_a[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def beam_matched_array(lam, u, U_1, b, g_1, I_a):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (lam, u, U_1, b, g_1, I_a)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    beam_matched_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
