"""The Chapman–Enskog series as late-time growth rates of the cumulants of the displacement.

Seed 000 Sec. III gives the isotropic part f0 a closed equation (eq. 9),
``d f0/dt = sum_n eps^n gamma_n(d_z, sigma) f0``, with ``gamma_n = c_n d_z^n`` for sigma = 0.
A trajectory simulation measures instead the cumulants kappa_j(t) of the displacement
``Delta z = z(t) - z(0)`` of particles released at one point.  This module derives the link.

*Sign convention.*  kappa_j are the cumulants of Delta z along +z (the direction of B_0 and of
d_z); the cumulant generating function is ``K(lambda, t) = log <exp(lambda Delta z)>``, so
``kappa_j = j! [lambda^j] K``.  The hyperdiffusion coefficient K of eqs. (10)-(11) enters with a
minus sign (``d f0/dT = kappa f0'' - eps^2 K f0''''``): K > 0 makes the fourth cumulant *fall*.

1. Integration by parts (:func:`by_parts_step`): ``int e^{a z} d_z^j n dz = (-a)^j int e^{a z} n dz``
   for a density that decays faster than e^{-|a| |z|} (the boundary terms vanish).
2. Focusing: the particles per unit length of the flux tube are ``n = f e^{sigma z}`` (see
   :func:`.pitch_angle.focused_transport_sde`), so ``M(lambda) = int e^{lambda z} n dz =
   int e^{(lambda + sigma) z} f0 dz`` and eq. (9) gives
   ``d log M/dt = sum_n eps^n gamma_n(d_z -> -(lambda + sigma), sigma)``
   (:func:`generating_function_rate`): a function of lambda alone, independent of t.
3. Hence every cumulant grows linearly, ``d kappa_j/dt = j! [lambda^j] d log M/dt``
   (:func:`cumulant_rates`); at sigma = 0, ``d kappa_j/dt = j! (-1)^j c_j eps^j``:
   ``d kappa_2/dt = 2 c_2 eps^2`` and ``d kappa_4/dt = 24 c_4 eps^4``.
4. *Late times.*  The exact <exp(lambda Delta z)> of the kinetic equation (6) is a sum over the
   eigenvalues Gamma_m(lambda) of the pitch-angle operator with streaming, weighted by overlaps
   a_m(lambda) with the initial state.  The slowest branch Gamma_0 is analytic at lambda = 0
   with Gamma_0(0) = 0 (particle number is conserved), and its Taylor series *is* the
   Chapman–Enskog series (the spectral check of the chapman_enskog topic).  So
   ``K(lambda, t) = Gamma_0(lambda) t + log a_0(lambda) + O(e^{-g t})`` with g the gap to the next
   branch: the rates of step 3 are the exact late-time slopes; the initial anisotropic layer only
   shifts each kappa_j by a constant (j! [lambda^j] log a_0).
5. *Physical units* (:func:`physical_transport`): with t in 1/nu and z in l (eq. 6,
   eps = v/(l nu)), ``eps^n c_n d_z^n`` becomes ``nu (v/nu)^n c_n d_z^n`` in physical z and t.
   The parallel diffusion coefficient ``kappa_par`` (``d kappa_2/dt = 2 kappa_par``) is
   ``c_2 v^2/nu``, the hyperdiffusion coefficient ``K_par`` (``d kappa_4/dt = -24 K_par``) is
   ``-c_4 v^4/nu^3``, and the telegraph time ``K_par/kappa_par^2`` (= tau_t/nu of
   :func:`.hierarchy.transport_coefficients`).  :func:`transport_from_cumulant_rates` inverts
   the two rate relations (what a trajectory measurement uses).

>>> rates = cumulant_rates({2: sp.Rational(1, 6), 4: sp.Rational(-11, 1080)}, orders=(2, 4))
>>> rates[2], rates[4]
(epsilon**2/3, -11*epsilon**4/45)
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.chapman_enskog.hierarchy import d_z, sigma
from cranisotropy.derivations.chapman_enskog.pitch_angle import eps, z

lam = sp.Symbol("lambda", real=True)            # conjugate to Delta z
nu = sp.Symbol("nu", positive=True)             # scattering rate (1/time)
speed = sp.Symbol("v", positive=True)           # particle speed
kappa_parallel = sp.Symbol("kappa_par", positive=True)
hyperdiffusion = sp.Symbol("K_par", real=True)


def by_parts_step(order: int = 1) -> sp.Expr:
    """Residual of the pointwise identity behind one integration by parts:
    ``e^{a z} d^j n = d/dz[e^{a z} d^(j-1) n] - a e^{a z} d^(j-1) n``, for a generic n(z).

    Zero means ``int e^{a z} d^j n dz = -a int e^{a z} d^(j-1) n dz`` whenever the boundary term
    ``[e^{a z} d^(j-1) n]`` vanishes at +-infinity; applied j times: ``(-a)^j int e^{a z} n dz``.

    >>> by_parts_step(3)
    0
    """
    a = sp.Symbol("a", real=True)
    n = sp.Function("n")(z)
    lower = sp.diff(n, z, order - 1) if order > 1 else n
    return sp.simplify(sp.exp(a * z) * sp.diff(n, z, order)
                       - (sp.diff(sp.exp(a * z) * lower, z) - a * sp.exp(a * z) * lower))


def generating_function_rate(gammas: dict[int, sp.Expr], with_eps: bool = True) -> sp.Expr:
    """d log M(lambda)/dt from eq. (9): ``sum_n eps^n gamma_n(d_z -> -(lambda + sigma), sigma)``.

    Parameters
    ----------
    gammas : dict
        n -> gamma_n as polynomials in ``d_z`` (and ``sigma``), as
        :func:`.hierarchy.isotropic_equation` returns them; for sigma = 0 simply c_n d_z^n.
    with_eps : bool
        Keep the powers eps^n (False: eps = 1).

    >>> generating_function_rate({2: d_z * (d_z + sigma) / 6}, with_eps=False)   # D = 1
    lambda**2/6 + lambda*sigma/6
    """
    if by_parts_step(1) != 0:   # the derivation rests on this identity
        raise ArithmeticError("integration by parts failed")
    weight = (lambda n: eps**n) if with_eps else (lambda n: 1)  # noqa: E731
    return sp.expand(sum(weight(n) * g.subs(d_z, -(lam + sigma)) for n, g in gammas.items()))


def cumulant_rates(series: dict[int, sp.Expr], orders=(1, 2, 3, 4), focused: bool = False) -> dict[int, sp.Expr]:
    """d kappa_j/dt of the cumulants of Delta z: ``j! [lambda^j]`` of :func:`generating_function_rate`.

    Parameters
    ----------
    series : dict
        n -> c_n (sigma = 0: d f0/dt = sum c_n eps^n d_z^n f0), or, with ``focused``, n ->
        gamma_n(d_z, sigma).
    orders : iterable of int
        The cumulants j wanted.
    focused : bool
        ``series`` holds gamma_n(d_z, sigma) rather than c_n.

    >>> cumulant_rates({2: sp.Symbol("c_2"), 4: sp.Symbol("c_4")}, orders=(2, 4))
    {2: 2*c_2*epsilon**2, 4: 24*c_4*epsilon**4}
    """
    if focused:
        rate = generating_function_rate(series)
    else:   # c_n are the sigma = 0 series
        rate = generating_function_rate({n: c * d_z**n for n, c in series.items()}).subs(sigma, 0)
    rate = sp.Poly(rate, lam)
    return {j: sp.factor(sp.factorial(j) * rate.coeff_monomial(lam**j)) for j in orders}


def physical_series(c: dict[int, sp.Expr]) -> dict[int, sp.Expr]:
    """c_n eps^n in physical units: ``nu (v/nu)^n c_n`` (t in 1/nu, z in l, eps = v/(l nu)).

    Substituting t = nu t_phys and z = z_phys/l into ``d f0/dt = sum c_n eps^n d_z^n f0`` gives
    ``d f0/dt_phys = sum nu c_n eps^n l^n d^n f0/dz_phys^n`` and eps l = v/nu.

    >>> physical_series({2: sp.Rational(1, 6)})
    {2: v**2/(6*nu)}
    """
    l = sp.Symbol("l", positive=True)
    out = {}
    for n, cn in c.items():
        term = nu * cn * eps**n * l**n      # d/dt = nu d/dt', d_z' = l d_z
        out[n] = sp.simplify(term.subs(eps, speed / (l * nu)))
    return out


def physical_transport(c: dict[int, sp.Expr]) -> dict[str, sp.Expr]:
    """kappa_par, K_par and the telegraph time in physical units from c_2, c_4 (sigma = 0).

    ``kappa_par`` from ``d kappa_2/dt = 2 kappa_par``, ``K_par`` from ``d kappa_4/dt = -24 K_par``
    (the sign convention of eq. 10), both with the rates of :func:`cumulant_rates` in physical
    units; the telegraph time is ``K_par/kappa_par^2`` (eq. 12 in physical time).

    >>> physical_transport({2: sp.Rational(1, 6), 4: sp.Rational(-11, 1080)})
    {'kappa_parallel': v**2/(6*nu), 'hyperdiffusion': 11*v**4/(1080*nu**3), 'telegraph_time': 11/(30*nu)}
    """
    phys = physical_series(c)
    rates = cumulant_rates(phys, orders=(2, 4))
    rates = {j: r.subs(eps, 1) for j, r in rates.items()}    # eps is already inside phys
    transport = transport_from_cumulant_rates(rates)
    kappa, K = transport["kappa_parallel"], transport["hyperdiffusion"]
    return {"kappa_parallel": kappa, "hyperdiffusion": K, "telegraph_time": sp.simplify(K / kappa**2)}


def transport_from_cumulant_rates(rates: dict[int, sp.Expr]) -> dict[str, sp.Expr]:
    """kappa_par and K_par from the late-time slopes of the 2nd and 4th cumulants of Delta z.

    Solves ``d kappa_2/dt = 2 kappa_par`` and ``d kappa_4/dt = -24 K_par`` (the rates of
    :func:`cumulant_rates` with c_2 = kappa_par, c_4 = -K_par in physical units).

    >>> r2, r4 = sp.symbols("r_2 r_4")
    >>> transport_from_cumulant_rates({2: r2, 4: r4})
    {'kappa_parallel': r_2/2, 'hyperdiffusion': -r_4/24}
    """
    model = cumulant_rates({2: kappa_parallel, 4: -hyperdiffusion}, orders=(2, 4))
    model = {j: r.subs(eps, 1) for j, r in model.items()}
    solution = sp.solve([model[2] - rates[2], model[4] - rates[4]], [kappa_parallel, hyperdiffusion], dict=True)
    if len(solution) != 1:
        raise ArithmeticError(f"no unique solution for the rates {rates}")
    return {"kappa_parallel": solution[0][kappa_parallel], "hyperdiffusion": solution[0][hyperdiffusion]}
