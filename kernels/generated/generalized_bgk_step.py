"""Generated kernel 'generalized_bgk_step': DO NOT EDIT (cranisotropy regenerate).

R_{n+1}/R_n with R_n = Gamma(n+p)/Gamma(n+2-p) (seed 002 eq. 4.7).
"""
# content-sha256: 677be279450c5b8bdbe3640b44cc35160e15b993fb878e13653f6c00186d018e
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_ratio_step
# inputs: n, p
# operations after cse: 5 (before: 5)
# out[0] = -(n + p)/(-n + p - 2)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '677be279450c5b8bdbe3640b44cc35160e15b993fb878e13653f6c00186d018e'
INPUTS = ('n', 'p')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def generalized_bgk_step(n, p):
    return -(n + p)/(-n + p - 2)


@njit(cache=True, error_model="numpy")
def generalized_bgk_step_loop(n, p, out):
    for _i in range(out.shape[0]):
        out[_i] = generalized_bgk_step(n[_i], p[_i])


def generalized_bgk_step_array(n, p):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (n, p)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    generalized_bgk_step_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
