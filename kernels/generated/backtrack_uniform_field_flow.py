"""Generated kernel 'backtrack_uniform_field_flow': DO NOT EDIT (cranisotropy regenerate).

Exact flow of d xi/ds = u, du/ds = kappa u x b in a uniform field b over a path length h:
returns M (9 entries, row-major) and D (9) with u' = u + M u, xi' = xi + D u.
"""
# content-sha256: 64826a9e80fa76451826cea5bc04e4b3ead6b02079b662c05ad56f5008cc9b40
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.lorentz.uniform_field_flow
# inputs: kappa, h, b_x, b_y, b_z
# operations after cse: 137 (before: 2037)
# out[0] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*(-b_y**2/(b_x**2 + b_y**2 + b_z**2) - b_z**2/(b_x**2 + b_y**2 + b_z**2))*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2, True))
# out[1] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*b_x*b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2) + b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2), True))
# out[2] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*b_x*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2) - b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2), True))
# out[3] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*b_x*b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2) - b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2), True))
# out[4] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*(-b_x**2/(b_x**2 + b_y**2 + b_z**2) - b_z**2/(b_x**2 + b_y**2 + b_z**2))*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2, True))
# out[5] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (b_x*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2) + 2*b_y*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2), True))
# out[6] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*b_x*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2) + b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2), True))
# out[7] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (-b_x*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2))/sqrt(b_x**2 + b_y**2 + b_z**2) + 2*b_y*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(b_x**2 + b_y**2 + b_z**2), True))
# out[8] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*(-b_x**2/(b_x**2 + b_y**2 + b_z**2) - b_y**2/(b_x**2 + b_y**2 + b_z**2))*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2, True))
# out[9] = Piecewise((h, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (h + (-b_y**2/(b_x**2 + b_y**2 + b_z**2) - b_z**2/(b_x**2 + b_y**2 + b_z**2))*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))
# out[10] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (b_x*b_y*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)) + 2*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)), True))
# out[11] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (b_x*b_z*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)) - 2*b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)), True))
# out[12] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (b_x*b_y*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)) - 2*b_z*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)), True))
# out[13] = Piecewise((h, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (h + (-b_x**2/(b_x**2 + b_y**2 + b_z**2) - b_z**2/(b_x**2 + b_y**2 + b_z**2))*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))
# out[14] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (2*b_x*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)) + b_y*b_z*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)), True))
# out[15] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (b_x*b_z*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)) + 2*b_y*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)), True))
# out[16] = Piecewise((0, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (-2*b_x*sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)/2)**2/(kappa*(b_x**2 + b_y**2 + b_z**2)) + b_y*b_z*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*(b_x**2 + b_y**2 + b_z**2)**(3/2)), True))
# out[17] = Piecewise((h, Eq(kappa*sqrt(b_x**2 + b_y**2 + b_z**2), 0)), (h + (-b_x**2/(b_x**2 + b_y**2 + b_z**2) - b_y**2/(b_x**2 + b_y**2 + b_z**2))*Piecewise((h**3*kappa**3*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(h**2*kappa**2*(b_x**2 + b_y**2 + b_z**2)/121645100408832000 - 1/355687428096000)*(b_x**2 + b_y**2 + b_z**2) + 1/1307674368000)*(b_x**2 + b_y**2 + b_z**2) - 1/6227020800)*(b_x**2 + b_y**2 + b_z**2) + 1/39916800)*(b_x**2 + b_y**2 + b_z**2) - 1/362880)*(b_x**2 + b_y**2 + b_z**2) + 1/5040)*(b_x**2 + b_y**2 + b_z**2) - 1/120)*(b_x**2 + b_y**2 + b_z**2) + 1/6)*(b_x**2 + b_y**2 + b_z**2)**(3/2), sqrt(b_x**2 + b_y**2 + b_z**2)*Abs(h*kappa) < 1/4), (h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2) - sin(h*kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))/(kappa*sqrt(b_x**2 + b_y**2 + b_z**2)), True))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '64826a9e80fa76451826cea5bc04e4b3ead6b02079b662c05ad56f5008cc9b40'
INPUTS = ('kappa', 'h', 'b_x', 'b_y', 'b_z')
N_OUTPUTS = 18


@njit(cache=True, error_model="numpy")
def backtrack_uniform_field_flow(kappa, h, b_x, b_y, b_z):
    _t0 = b_x**2
    _t1 = b_y**2
    _t2 = b_z**2
    _t3 = _t0 + _t1 + _t2
    _t4 = math.sqrt(_t3)
    _t5 = _t4*kappa
    _t6 = (_t5 == 0)
    _t7 = 1/_t3
    _t8 = _t1*_t7
    _t9 = _t2*_t7
    _t10 = -_t8 - _t9
    _t11 = _t5*h
    _t12 = math.sin(((1/2))*_t11)**2
    _t13 = 2*_t12
    _t14 = 1/_t4
    _t15 = math.sin(_t11)
    _t16 = _t14*_t15
    _t17 = _t16*b_z
    _t18 = _t13*_t7
    _t19 = b_x*b_y
    _t20 = _t18*_t19
    _t21 = _t16*b_y
    _t22 = _t18*b_z
    _t23 = _t22*b_x
    _t24 = _t0*_t7
    _t25 = -_t24 - _t9
    _t26 = _t16*b_x
    _t27 = -_t24 - _t8
    _t28 = 1/kappa
    _t29 = _t3**((3/2))
    _t30 = _t3*h**2*kappa**2
    _t31 = ((_t29*h**3*kappa**3*(_t30*(_t30*(_t30*(_t30*(_t30*(_t30*(_t30*((8.22063524662433e-18)*_t30 + (-1/355687428096000)) + (1/1307674368000)) + (-1/6227020800)) + (1/39916800)) + (-1/362880)) + (1/5040)) + (-1/120)) + (1/6))) if ((_t4*abs(h*kappa) < (1/4))) else (_t11 - _t15))
    _t32 = _t28*_t31
    _t33 = _t14*_t32
    _t34 = _t22*_t28
    _t35 = 1/_t29
    _t36 = _t32*_t35
    _t37 = _t19*_t36
    _t38 = _t18*_t28
    _t39 = _t38*b_y
    _t40 = _t36*b_z
    _t41 = _t40*b_x
    _t42 = _t38*b_x
    return (((0) if (_t6) else (_t10*_t13)), ((0) if (_t6) else (_t17 + _t20)), ((0) if (_t6) else (-_t21 + _t23)), ((0) if (_t6) else (-_t17 + _t20)), ((0) if (_t6) else (_t13*_t25)), ((0) if (_t6) else (_t22*b_y + _t26)), ((0) if (_t6) else (_t21 + _t23)), ((0) if (_t6) else (2*_t12*_t7*b_y*b_z - _t26)), ((0) if (_t6) else (_t13*_t27)), ((h) if (_t6) else (_t10*_t33 + h)), ((0) if (_t6) else (_t34 + _t37)), ((0) if (_t6) else (-_t39 + _t41)), ((0) if (_t6) else (-_t34 + _t37)), ((h) if (_t6) else (_t25*_t33 + h)), ((0) if (_t6) else (_t40*b_y + _t42)), ((0) if (_t6) else (_t39 + _t41)), ((0) if (_t6) else (_t28*_t31*_t35*b_y*b_z - _t42)), ((h) if (_t6) else (_t27*_t33 + h)),)


@njit(cache=True, error_model="numpy")
def backtrack_uniform_field_flow_loop(kappa, h, b_x, b_y, b_z, out0, out1, out2, out3, out4, out5, out6, out7, out8, out9, out10, out11, out12, out13, out14, out15, out16, out17):
    for _i in range(out0.shape[0]):
        _r = backtrack_uniform_field_flow(kappa[_i], h[_i], b_x[_i], b_y[_i], b_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]
        out6[_i] = _r[6]
        out7[_i] = _r[7]
        out8[_i] = _r[8]
        out9[_i] = _r[9]
        out10[_i] = _r[10]
        out11[_i] = _r[11]
        out12[_i] = _r[12]
        out13[_i] = _r[13]
        out14[_i] = _r[14]
        out15[_i] = _r[15]
        out16[_i] = _r[16]
        out17[_i] = _r[17]


def backtrack_uniform_field_flow_array(kappa, h, b_x, b_y, b_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (kappa, h, b_x, b_y, b_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(18)]
    backtrack_uniform_field_flow_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
