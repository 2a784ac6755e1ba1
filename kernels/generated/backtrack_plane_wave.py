"""Generated kernel 'backtrack_plane_wave': DO NOT EDIT (cranisotropy regenerate).

One plane-wave mode a cos(k . x + beta) at the point x; cos(x) = (-1)^m P((x - m pi)^2) with
m = rint(x/pi) by a shifted addition, a two-part Cody–Waite reduction, a degree-7 polynomial
in r^2 (max error 1.9e-15) and the sign from the parity of m.
"""
# content-sha256: d1a48a4d6912006637ad42ce3b80d46e1e44894e781f223590a1b4d6f2365e46
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.turbulence.plane_wave
# inputs: x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z
# operations after cse: 37 (before: 852)
# out[0] = a_x*flip_sign_if_odd(((((((0.000000002085831802290141239303224637814769179534 - 0.00000000001100795657303451918510104138018420459798*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.0000002755693543158211441135208511442365445256)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 + 0.00002480158287037298581647459221939761923629)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.001388888886108718300190532759532514302344)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - [...]
# out[1] = a_y*flip_sign_if_odd(((((((0.000000002085831802290141239303224637814769179534 - 0.00000000001100795657303451918510104138018420459798*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.0000002755693543158211441135208511442365445256)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 + 0.00002480158287037298581647459221939761923629)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.001388888886108718300190532759532514302344)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - [...]
# out[2] = a_z*flip_sign_if_odd(((((((0.000000002085831802290141239303224637814769179534 - 0.00000000001100795657303451918510104138018420459798*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.0000002755693543158211441135208511442365445256)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 + 0.00002480158287037298581647459221939761923629)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - 4797470175798835*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/2417851639229258349412352)**2 - 0.001388888886108718300190532759532514302344)*(ordered(-105414357*ordered(shifted_nearest_integer(0.318309886183790671537767526745*ordered(beta + k_x*x + k_y*y + k_z*z)) - 6755399441055744)/33554432 + ordered(beta + k_x*x + k_y*y + k_z*z)) - [...]
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'd1a48a4d6912006637ad42ce3b80d46e1e44894e781f223590a1b4d6f2365e46'
INPUTS = ('x', 'y', 'z', 'k_x', 'k_y', 'k_z', 'beta', 'a_x', 'a_y', 'a_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    _t0 = (beta + k_x*x + k_y*y + k_z*z)
    _t1 = (0.3183098861837907*_t0 + 6755399441055744.0)
    _t2 = (_t1 - 6755399441055744)
    _t3 = (-1.984187159361081e-09*_t2 + (_t0 - (105414357/33554432)*_t2))**2
    _t4 = np.int64(np.float64(_t3*(_t3*(_t3*(_t3*(_t3*(_t3*(2.085831802290141e-09 - 1.1007956573034519e-11*_t3) - 2.7556935431582117e-07) + 2.4801582870372985e-05) - 0.0013888888861087183) + 0.04166666666580973) - 0.49999999999989936) + 0.9999999999999981).view(np.int64) ^ (np.float64(_t1).view(np.int64) << 63)).view(np.float64)
    return (_t4*a_x, _t4*a_y, _t4*a_z,)


@njit(cache=True, error_model="numpy")
def backtrack_plane_wave_loop(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_plane_wave(x[_i], y[_i], z[_i], k_x[_i], k_y[_i], k_z[_i], beta[_i], a_x[_i], a_y[_i], a_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_plane_wave_array(x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (x, y, z, k_x, k_y, k_z, beta, a_x, a_y, a_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_plane_wave_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
