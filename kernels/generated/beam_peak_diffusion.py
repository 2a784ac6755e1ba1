"""Generated kernel 'beam_peak_diffusion': DO NOT EDIT (cranisotropy regenerate).

D(mu) = 1 + F((1-mu)/b)/a for 1-mu < b, else 1: the peaked scattering coefficient of seed
001 eqs. (8), (12).
"""
# content-sha256: 9d436c3fd1b8d0575fa4c37e27503fe58d71ce01526c3fb9818c1e43db113b08
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner.peak_diffusion
# inputs: mu, b, a
# operations after cse: 33 (before: 46)
# out[0] = Piecewise((1 + pi*Piecewise((1/4 - 0.917623165132743328576236110539*(1 - mu)/b + 1.4033871219803898860319037306*(1 - mu)**2/b**2 - 1.20192849725963159880680029767*(1 - mu)**3/b**3, 3.83170597020751231561443588631*sqrt(1 - mu)/sqrt(b) < 1/100), (0.0681107478263789827294844013989*b*besselj(1, 3.83170597020751231561443588631*sqrt(1 - mu)/sqrt(b))**2/(1 - mu), True))/(2*a), (1 - mu)/b < 1), (1, True))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '9d436c3fd1b8d0575fa4c37e27503fe58d71ce01526c3fb9818c1e43db113b08'
INPUTS = ('mu', 'b', 'a')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_peak_diffusion(mu, b, a):
    _t0 = 1 - mu
    _t1 = _t0/b
    _t2 = 3.8317059702075125*math.sqrt(_t0)/math.sqrt(b)
    return ((1 + ((1/2))*math.pi*((-1.2019284972596316*_t0**3/b**3 + 1.40338712198039*_t0**2/b**2 - 0.9176231651327433*_t1 + (1/4)) if ((_t2 < (1/100))) else (0.06811074782637898*b*_sp.j1(_t2)**2/_t0))/a) if ((_t1 < 1)) else (1))


@njit(cache=True, error_model="numpy")
def beam_peak_diffusion_loop(mu, b, a, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_peak_diffusion(mu[_i], b[_i], a[_i])


def beam_peak_diffusion_array(mu, b, a):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, b, a)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_peak_diffusion_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
