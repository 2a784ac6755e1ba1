"""Physical scales of the backtracker's dimensionless variables: r_L = R/(c B), Omega, Omega T.

The backtracker integrates d xi/ds = u, du/ds = kappa u x b (:mod:`.lorentz`) with lengths in
L_c, the path length s = beta c t / L_c and b = B / B_ref.  A user thinks in rigidity (or energy
and charge), field strength, correlation length and time; :func:`physical_scales` derives, from
the same equations, what those become:

- the gyroradius r_L = L_c / |kappa| (the radius of the helix with pitch cosine 0 in b = 1,
  :func:`.lorentz.helix_geometry`) with kappa of :func:`.lorentz.dimensionless_equations`:
  r_L = P / (|q| B_ref) = R / (c B_ref), rigidity R = P c / |q|;
- the gyrofrequency Omega = 2 pi / (gyration period in time): the helix period in path length
  is 2 pi / |kappa| and ds/dt = beta c / L_c, so Omega = beta c / r_L;
- the backtracking time in the campaign's unit: Omega T = beta c T / r_L;
- the momentum of a total energy E (on the mass shell of :func:`.lorentz.relativistic_lorentz_force`)
  and the speed beta = c P / E.

>>> scales = physical_scales()
>>> scales["gyroradius"], scales["omega_t"]
(R/(B_ref*c), B_ref*T*beta*c**2/R)
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.backtrack import lorentz

#: physical symbols (SI): rigidity, field, speed of light, charge, momentum, total energy, mass,
#: correlation length, backtracking time, speed beta = v/c (assumptions as in :mod:`.lorentz`,
#: so that they are the same symbols)
R, B_ref, c = sp.symbols("R B_ref c", positive=True)
q = sp.Symbol("q", real=True, nonzero=True)
P, E = sp.symbols("P E", positive=True)
m = sp.Symbol("m", nonnegative=True)
L_c, T = sp.symbols("L_c T", positive=True)
beta = sp.Symbol("beta", positive=True)


def physical_scales() -> dict[str, sp.Expr]:
    """r_L, Omega, Omega T, the momentum of a total energy and beta, derived from the equations of motion.

    Returns
    -------
    dict
        ``"gyroradius"``: r_L = R/(c B_ref); ``"gyroradius_momentum"``: P/(|q| B_ref);
        ``"rigidity"``: P c/|q|; ``"gyrofrequency"``: Omega = beta c/r_L in terms of R;
        ``"omega_t"``: Omega T; ``"path_length"``: s = beta c T / L_c (the campaign's path, in
        L_c); ``"momentum"``: P(E, m); ``"beta"``: c P / E(P, m).  Symbols are module
        attributes (``R``, ``B_ref``, ``c``, ``q``, ``P``, ``E``, ``m``, ``L_c``, ``T``, ``beta``).

    Notes
    -----
    Seed 002 Sec. 3 and seed 004 Sec. 4.4 state r_L/L_c and Omega T; with kappa the coefficient
    of :func:`.lorentz.dimensionless_equations`,

    .. math:: r_L = \\frac{L_c}{|\\kappa|} = \\frac{P}{|q| B_{ref}} = \\frac{R}{c B_{ref}},
              \\qquad \\Omega T = \\frac{\\beta c T}{r_L}.

    Examples
    --------
    >>> physical_scales()["gyroradius_momentum"]
    P/(B_ref*Abs(q))
    """
    kappa = lorentz.dimensionless_equations()["kappa"]
    # the helix of pitch cosine 0 in b = 1 has radius 1/|kappa| (in L_c) and period 2 pi/|kappa|
    # (in path length s): lorentz.helix_geometry
    helix = lorentz.helix_geometry(0, 1)
    radius = L_c * helix["radius"].subs(lorentz.kappa, kappa)
    r_momentum = sp.simplify(radius.rewrite(sp.Abs))
    rigidity = P * c / sp.Abs(q)
    # eliminate P for R = P c/|q|: r_L = R / (c B_ref)
    r_rigidity = sp.simplify(r_momentum.subs(P, sp.solve(sp.Eq(R, rigidity), P)[0]))
    period_s = helix["period"].subs(lorentz.kappa, kappa)
    ds_dt = beta * c / L_c
    omega = sp.simplify((2 * sp.pi / (period_s / ds_dt)).rewrite(sp.Abs)
                        .subs(P, sp.solve(sp.Eq(R, rigidity), P)[0]))
    energy = lorentz.relativistic_lorentz_force()["energy"]
    p = sp.symbols("p_x p_y p_z", real=True)
    on_shell = energy.subs({p[0]: P, p[1]: 0, p[2]: 0})
    momentum = [s for s in sp.solve(sp.Eq(on_shell, E), P) if s.is_positive is not False]
    if len(momentum) != 1:
        raise ArithmeticError(f"E = {on_shell} does not give one momentum: {momentum}")
    used = set().union(*(e.free_symbols for e in (r_momentum, momentum[0], on_shell)))
    if not used <= {L_c, B_ref, P, q, c, E, m}:
        raise ArithmeticError(f"the derivation uses symbols other than this module's: {used}")
    scales = {"gyroradius": r_rigidity, "gyroradius_momentum": r_momentum, "rigidity": rigidity,
              "gyrofrequency": omega, "omega_t": sp.simplify(omega * T), "path_length": ds_dt * T,
              "momentum": momentum[0], "beta": sp.simplify(c * P / on_shell)}
    if sp.simplify(scales["gyrofrequency"] - beta * c / r_rigidity) != 0:
        raise ArithmeticError(f"Omega = {omega} is not beta c / r_L")
    return scales
