"""Sky maps from backtracked trajectories: Liouville's theorem applied to two initial states.

A cosmic ray observed at the origin with direction p0 at t = 0 was at r(-T) with direction
q = p(-T) at t = -T; Liouville's theorem (seed 004 eq. 63) gives f(0, 0, p0) = f(-T, r(-T), q).

1. *Quasi-stationary diffusive state with a density gradient* (seed 002 Sec. 2, the set-up of
   Figs. 2-3): 4 pi <f>(x, q) = n(x) - 3 q . K grad n(x) (isotropic part plus the Fick dipole),
   with n(x) = n0 (1 + g . x) to first order in the gradient g = grad n / n.  The relative
   intensity dI = (4 pi f - n0) / n0 to first order in g is :func:`gradient_intensity`.
2. *Homogeneous dipole* (seed 003, the set-up of its eq. 13): f(-T, x, q) = n0 (1 + a . q) / (4 pi)
   everywhere, so dI = a . q (:func:`homogeneous_dipole_intensity`).

>>> gradient_intensity()
-3*K_xx*g_x*q_x - 3*K_xy*g_y*q_x - 3*K_xz*g_z*q_x - 3*K_yx*g_x*q_y - 3*K_yy*g_y*q_y - 3*K_yz*g_z*q_y - 3*K_zx*g_x*q_z - 3*K_zy*g_y*q_z - 3*K_zz*g_z*q_z + g_x*r_x + g_y*r_y + g_z*r_z
"""
from __future__ import annotations

import sympy as sp

r = sp.Matrix(sp.symbols("r_x r_y r_z", real=True))      # r(-T) in L_c
q = sp.Matrix(sp.symbols("q_x q_y q_z", real=True))      # p(-T)/|p|
g = sp.Matrix(sp.symbols("g_x g_y g_z", real=True))      # grad n / n in 1/L_c
a = sp.Matrix(sp.symbols("a_x a_y a_z", real=True))      # homogeneous dipole vector
K = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"K_{'xyz'[i]}{'xyz'[j]}", real=True))


def gradient_intensity() -> sp.Expr:
    """dI = r . g - 3 q . (K g), first order in g (seed 002 eq. 2.1 without the dF(-T) term).

    Derived: substitute n(x) = n0 (1 + eps g . x) into 4 pi f = n(r) - 3 q . K grad n(r), form
    (4 pi f - n0)/n0 and keep the O(eps) term.
    """
    eps, n0 = sp.Symbol("epsilon"), sp.Symbol("n_0", positive=True)
    x = sp.Matrix(sp.symbols("X Y Z", real=True))
    density = n0 * (1 + eps * (g.T * x)[0])
    grad = sp.Matrix([sp.diff(density, xi) for xi in x])
    four_pi_f = (density - 3 * (q.T * K * grad)[0]).subs(dict(zip(x, r)))
    relative = sp.expand((four_pi_f - n0) / n0)
    return sp.expand(relative.coeff(eps, 1))


def homogeneous_dipole_intensity() -> sp.Expr:
    """dI = a . q for f(-T) = n0 (1 + a . q)/(4 pi) (seed 003 set-up).

    >>> homogeneous_dipole_intensity()
    a_x*q_x + a_y*q_y + a_z*q_z
    """
    n0 = sp.Symbol("n_0", positive=True)
    four_pi_f = n0 * (1 + (a.T * q)[0])
    return sp.expand((four_pi_f - n0) / n0)
