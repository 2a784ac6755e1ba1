"""Generated kernel 'beam_peak_profile': DO NOT EDIT (cranisotropy regenerate).

F(w) = (pi/2)(J_1(j1 sqrt w)/(j1 sqrt w))^2, the GS peak in w = (1-mu)/b (zero at w = 1).
"""
# content-sha256: 058bcc87597c58b5540450239142d4e8d534bd922b3e8ecc4f7f7b250c504810
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner.peak_profile
# inputs: w
# operations after cse: 20 (before: 23)
# out[0] = pi*Piecewise((-1.20192849725963159880680029767*w**3 + 1.4033871219803898860319037306*w**2 - 0.917623165132743328576236110539*w + 1/4, 3.83170597020751231561443588631*sqrt(w) < 1/100), (0.0681107478263789827294844013989*besselj(1, 3.83170597020751231561443588631*sqrt(w))**2/w, True))/2
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '058bcc87597c58b5540450239142d4e8d534bd922b3e8ecc4f7f7b250c504810'
INPUTS = ('w',)
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_peak_profile(w):
    _t0 = 3.8317059702075125*math.sqrt(w)
    return ((1/2))*math.pi*((-1.2019284972596316*w**3 + 1.40338712198039*w**2 - 0.9176231651327433*w + (1/4)) if ((_t0 < (1/100))) else (0.06811074782637898*_sp.j1(_t0)**2/w))


@njit(cache=True, error_model="numpy")
def beam_peak_profile_loop(w, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_peak_profile(w[_i])


def beam_peak_profile_array(w):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (w,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_peak_profile_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
