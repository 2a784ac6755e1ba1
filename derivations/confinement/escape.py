"""Self-regulated escape of cosmic rays from a source (seed 000, Sec. II, eqs. 1-5).

The CR partial pressure ``P(z, t)`` (per ln p, in units of B0^2/8pi, eq. 3) diffuses along the
field with the quasilinear coefficient kappa_par = kappa_B (dB/B)^-2 = kappa_B / I, and the
resonant wave energy ``I(z, t)`` (per ln k, same units) is driven by the CR pressure gradient and
damped at a rate Gamma independent of I and z::

    dP/dt = d/dz [(kappa_B / I) dP/dz]          (1)  (the OCR'd text lost the 1/I)
    dI/dt = -C_A dP/dz - Gamma I                (2)

Results (all sympy; the numerics evaluate them):

- the quasilinear integral (4) ``P = P0 - (kappa_B/C_A) d/dz ln(I/I0)`` (:func:`invariant_rate`
  shows d/dt of it vanishes on solutions of the reconstructed system, not of the extracted one);
- the diffusion equation for I obtained by eliminating P (:func:`wave_diffusion_rhs`);
- the damping substitution I e^(Gamma t) -> I, int e^(Gamma t) dt -> t (:func:`damping_substitution`);
- the similarity reduction ``P = (kappa_B / C_A) t^(-1/2) g(xi)``, ``I = kappa_B h(xi)``,
  ``xi = z / sqrt(t)``, its autonomous form, a first integral and the Lambert-W solution
  (:func:`lambert_solution`), from which ``F(Pi)`` and its limits follow exactly;
- the interpolation formula (5) in the same variables (:func:`interpolation_shape`).

>>> sp.simplify(invariant_rate(cr_pressure_rhs()))
0
>>> large_pi_limit_of_F()
2*E
"""
from __future__ import annotations

import sympy as sp

# --------------------------------------------------------------------------- model (eqs. 1-4)

z, t = sp.symbols("z t", real=True)
kappa_B, C_A = sp.symbols("kappa_B C_A", positive=True)
Gamma = sp.Symbol("Gamma", nonnegative=True)
P = sp.Function("P")(z, t)
I = sp.Function("I")(z, t)
P0 = sp.Function("P_0")(z)
I0 = sp.Function("I_0")(z)


def parallel_diffusion_coefficient(wave_energy: sp.Expr = I) -> sp.Expr:
    """kappa_par = kappa_B (dB/B)^-2 with (dB/B)^2 -> I per resonant band (seed 000, Sec. II).

    >>> parallel_diffusion_coefficient(sp.Symbol("I"))
    kappa_B/I
    """
    return kappa_B / wave_energy


def cr_flux(pressure_gradient: sp.Expr, wave_energy: sp.Expr = I) -> sp.Expr:
    """Diffusive CR pressure flux -(kappa_B / I) dP/dz of eq. (1)."""
    return -parallel_diffusion_coefficient(wave_energy) * pressure_gradient


def cr_pressure_rhs(pressure: sp.Expr = P, wave_energy: sp.Expr = I) -> sp.Expr:
    """Right-hand side of eq. (1), reconstructed: d/dz [(kappa_B / I) dP/dz]."""
    return -sp.diff(cr_flux(sp.diff(pressure, z), wave_energy), z)


def extracted_cr_pressure_rhs(pressure: sp.Expr = P) -> sp.Expr:
    """Eq. (1) as the OCR'd text prints it: d/dz [kappa_B dP/dz] (no wave dependence)."""
    return sp.diff(kappa_B * sp.diff(pressure, z), z)


def wave_energy_source(pressure_gradient: sp.Expr, wave_energy: sp.Expr = I) -> sp.Expr:
    """Eq. (2) as a local rate: growth -C_A dP/dz driven by the CR gradient, damping -Gamma I."""
    return -C_A * pressure_gradient - Gamma * wave_energy


def wave_energy_rhs(pressure: sp.Expr = P, wave_energy: sp.Expr = I) -> sp.Expr:
    """Right-hand side of eq. (2): -C_A dP/dz - Gamma I."""
    return wave_energy_source(sp.diff(pressure, z), wave_energy)


def quasilinear_integral() -> sp.Expr:
    """Eq. (4) written as Q = P - P0 + (kappa_B/C_A) d/dz ln(I/I0); Q = 0 at t = 0 and, on
    solutions of (1)-(2), for all t (see :func:`invariant_rate`)."""
    return P - P0 + kappa_B / C_A * sp.diff(sp.log(I / I0), z)


def invariant_rate(cr_rhs: sp.Expr, wave_rhs: sp.Expr | None = None) -> sp.Expr:
    """dQ/dt of :func:`quasilinear_integral` with dP/dt -> ``cr_rhs`` and dI/dt -> ``wave_rhs``.

    Zero identically for the reconstructed eq. (1); the extracted eq. (1) leaves a residual.
    """
    wave_rhs = wave_energy_rhs() if wave_rhs is None else wave_rhs
    rate = sp.diff(quasilinear_integral(), t)
    rate = rate.subs(sp.Derivative(I, t), wave_rhs).subs(sp.Derivative(I, t, z), sp.diff(wave_rhs, z))
    rate = rate.subs(sp.Derivative(I, z, t), sp.diff(wave_rhs, z))
    rate = rate.subs(sp.Derivative(P, t), cr_rhs).doit()
    return sp.simplify(sp.expand(rate))


def wave_diffusion_rhs() -> sp.Expr:
    """dI/dt after eliminating P with (4) (the unnumbered equation after eq. 4):

    d/dz [(kappa_B/I) dI/dz] - kappa_B d^2/dz^2 ln I0 - Gamma I - C_A dP0/dz.
    """
    p_from_integral = sp.solve(sp.Eq(quasilinear_integral(), 0), P)[0]
    return sp.expand(wave_energy_rhs(p_from_integral, I).doit())


def wave_diffusion_rhs_standard_form() -> sp.Expr:
    """The same right-hand side as a nonlinear diffusion operator with diffusivity kappa_B/I."""
    return (sp.diff(kappa_B / I * sp.diff(I, z), z) - kappa_B * sp.diff(sp.log(I0), z, 2)
            - Gamma * I - C_A * sp.diff(P0, z))


def extracted_wave_diffusion_rhs() -> sp.Expr:
    """The text's form, read as a linear diffusion d/dz kappa_B dI/dz - Gamma I - C_A dP0/dz."""
    return sp.diff(kappa_B * sp.diff(I, z), z) - Gamma * I - C_A * sp.diff(P0, z)


L_wave, L_zz, dP0_dz = sp.symbols("L L_zz dP0_dz", real=True)


def log_rates(pressure_gradient: sp.Expr, log_wave: sp.Expr = L_wave) -> dict[str, sp.Expr]:
    """Eqs. (1)-(2) in the variables the solver integrates (I = e^L): the CR flux and dL/dt, with
    their derivatives with respect to dP/dz and L (the Jacobian of the method of lines)."""
    wave = sp.exp(log_wave)
    flux = cr_flux(pressure_gradient, wave)
    rate = sp.simplify(wave_energy_source(pressure_gradient, wave) / wave)
    return {"flux": flux, "dL_dt": rate,
            "dflux_dgrad": sp.diff(flux, pressure_gradient), "dflux_dL": sp.diff(flux, log_wave),
            "drate_dgrad": sp.diff(rate, pressure_gradient), "drate_dL": sp.diff(rate, log_wave)}


def wave_diffusion_log_rate(rhs: sp.Expr | None = None) -> sp.Expr:
    """dL/dt (I = e^L) of the diffusion equation for I with a uniform background I0, as a local
    function of L, L_zz = d^2L/dz^2 and dP0/dz (default: the derived :func:`wave_diffusion_rhs`)."""
    rhs = wave_diffusion_rhs() if rhs is None else rhs
    Lf = sp.Function("L")(z, t)
    expr = (rhs.subs(I0, sp.Symbol("I_ISM", positive=True)).subs(I, sp.exp(Lf)).doit() / sp.exp(Lf))
    expr = sp.expand(expr).subs(sp.Derivative(Lf, (z, 2)), L_zz).subs(sp.Derivative(P0, z), dP0_dz)
    expr = expr.subs(sp.Derivative(Lf, z), sp.Symbol("L_z")).subs(Lf, L_wave)
    return sp.simplify(expr)


s_time = sp.Symbol("s", nonnegative=True)


def damping_substitution(s_of_t: sp.Expr | None = None) -> tuple[sp.Expr, sp.Expr]:
    """Residuals of (1)-(2) after I = e^(-Gamma t) J(z, s), P = Q(z, s), s = (e^(Gamma t) - 1)/Gamma,
    where (Q, J) solve the undamped system in time s.  Both residuals vanish identically: the
    text's substitution I e^(Gamma t) -> I, int_0^t e^(Gamma t) dt -> t removes Gamma from the
    whole system, inside the source as well.  (``s_of_t`` replaces the time map, for tests.)
    """
    Q = sp.Function("Q")(z, s_time)
    J = sp.Function("J")(z, s_time)
    s_of_t = (sp.exp(Gamma * t) - 1) / Gamma if s_of_t is None else s_of_t
    damped_I = sp.exp(-Gamma * t) * J.subs(s_time, s_of_t)
    damped_P = Q.subs(s_time, s_of_t)
    undamped = {sp.Derivative(Q, s_time): cr_pressure_rhs(Q, J),
                sp.Derivative(J, s_time): wave_energy_rhs(Q, J).subs(Gamma, 0)}

    def residual(lhs, rhs):
        expr = sp.diff(lhs, t).doit() - rhs
        expr = expr.subs(t, sp.log(1 + Gamma * s_time) / Gamma)  # back to s
        expr = expr.subs({sp.Subs(sp.Derivative(Q, s_time), s_time, s_time): undamped[sp.Derivative(Q, s_time)]})
        expr = expr.doit().subs(undamped)
        return sp.simplify(expr)

    return (residual(damped_P, cr_pressure_rhs(damped_P, damped_I)),
            residual(damped_I, wave_energy_rhs(damped_P, damped_I)))


# --------------------------------------------------------------------------- pressure (eq. 3)

p, v_cr, rho, B0 = sp.symbols("p v rho B_0", positive=True)
f_cr = sp.Function("f")(p)


def pressure_per_log_momentum() -> sp.Expr:
    """(1/3) int v p f d^3p per unit ln p, by the angular integral of v_z p_z over the sphere.

    >>> pressure_per_log_momentum()
    4*pi*p**4*v*f(p)/3
    """
    mu_ = sp.Symbol("mu", real=True)
    phi = sp.Symbol("phi", real=True)
    # v_z p_z = v p mu^2, d^3p = p^2 dp dmu dphi, dp = p dln p
    angular = sp.integrate(sp.integrate(v_cr * p * mu_**2, (mu_, -1, 1)), (phi, 0, 2 * sp.pi))
    return sp.simplify(angular * p**2 * f_cr * p)


def pressure_normalisation() -> sp.Expr:
    """The factor 2/(rho C_A^2) of eq. (3) divided by 8pi/B0^2 (wave-energy unit): 1 when
    C_A = B0/sqrt(4 pi rho), i.e. P_CR and I share the unit B0^2/8pi."""
    alfven = B0 / sp.sqrt(4 * sp.pi * rho)
    return sp.simplify((2 / (rho * alfven**2)) / (8 * sp.pi / B0**2))


# --------------------------------------------------------------------------- similarity solution

xi = sp.Symbol("xi", positive=True)
g = sp.Function("g")(xi)
h = sp.Function("h")(xi)


def similarity_ansatz() -> dict[str, sp.Expr]:
    """P = (kappa_B/C_A) t^(-1/2) g(xi), I = kappa_B h(xi), xi = z/sqrt(t) (Gamma = 0, late times
    outside the source: P0 = 0, I0 = I_ISM uniform)."""
    tt = sp.Symbol("t", positive=True)
    zz = sp.Symbol("z", positive=True)
    return {"t": tt, "z": zz, "P": kappa_B / C_A / sp.sqrt(tt) * sp.Function("g")(zz / sp.sqrt(tt)),
            "I": kappa_B * sp.Function("h")(zz / sp.sqrt(tt))}


def similarity_equations() -> tuple[sp.Expr, sp.Expr]:
    """(1) and (2) (Gamma = 0) under :func:`similarity_ansatz`, as ODE residuals in xi (each times
    a power of t that makes it t-free)."""
    a = similarity_ansatz()
    tt, zz, Pa, Ia = a["t"], a["z"], a["P"], a["I"]
    eq1 = sp.diff(Pa, tt) - sp.diff(kappa_B / Ia * sp.diff(Pa, zz), zz)
    eq2 = sp.diff(Ia, tt) + C_A * sp.diff(Pa, zz)
    out = []
    for eq, scale in ((eq1, tt ** sp.Rational(3, 2) * C_A / kappa_B), (eq2, tt / kappa_B)):
        expr = sp.expand(eq * scale).subs(zz, xi * sp.sqrt(tt)).doit()
        out.append(sp.simplify(expr))
    return out[0], out[1]


def similarity_system() -> dict[sp.Expr, sp.Expr]:
    """The first-order system the similarity equations reduce to (zero-flux, regular at xi = 0):
    g' = -(xi/2) g h,  h' = -g h."""
    return {sp.Derivative(g, xi): -xi / 2 * g * h, sp.Derivative(h, xi): -g * h}


# autonomous variables: s = ln xi, v = ln(h xi^2 / 2), q = dv/ds - 2 = -xi g
v, q, C = sp.symbols("v q C", real=True)
delta = sp.Symbol("delta", nonnegative=True)
w = sp.Symbol("w", positive=True)

#: the separatrix value of the first integral: the pedestal fixed point (v, q) = (0, -2)
C_SEPARATRIX = 2 * sp.log(2) - 1


def autonomous_rhs() -> sp.Expr:
    """d^2v/ds^2 = (1 - e^v)(dv/ds - 2): the similarity ODE in s = ln xi, v = ln(h xi^2/2)."""
    return (1 - sp.exp(v)) * q


def first_integral() -> sp.Expr:
    """q + 2 ln(-q) - v + e^v, constant (= C) along solutions of :func:`autonomous_rhs`."""
    return q + 2 * sp.log(-q) - v + sp.exp(v)


def first_integral_rate() -> sp.Expr:
    """d/ds of :func:`first_integral` with dv/ds = q + 2, dq/ds = (1 - e^v) q: zero."""
    fi = first_integral()
    return sp.simplify(sp.diff(fi, q) * autonomous_rhs() + sp.diff(fi, v) * (q + 2))


def core_constant() -> sp.Expr:
    """C from the core (xi -> 0: g -> g0, h -> h0): ln(2 g0^2 / h0)."""
    g0, h0, s = sp.symbols("g_0 h_0 s", positive=True)
    sr = sp.Symbol("s", real=True)
    expr = first_integral().subs({q: -g0 * sp.exp(sr), v: sp.log(h0 / 2) + 2 * sr})
    return sp.simplify(sp.expand_log(sp.limit(sp.expand_log(expr, force=True), sr, -sp.oo), force=True))


def separatrix_constant() -> sp.Expr:
    """C on the separatrix (Pi -> infinity): the first integral at the fixed point (0, -2)."""
    return sp.simplify(first_integral().subs({v: 0, q: -2}))


def pedestal_solution() -> dict[str, sp.Expr]:
    """The profile at the pedestal fixed point (v, q) = (0, -2) of the autonomous system.

    With q = -xi g and v = ln(h xi^2/2): g = 2/xi, h = 2/xi^2, i.e. P = 2 kappa_B/(C_A z) and
    I = 2 kappa_B t/z^2, independent of Pi (the intermediate asymptotics between core and tail).

    >>> pedestal_solution()
    {'g': 2/xi, 'h': 2/xi**2}
    >>> [sp.simplify(e.subs({v: 0, q: -2})) for e in (q + 2, autonomous_rhs())]   # a fixed point
    [0, 0]
    """
    gs, hs = sp.symbols("g_s h_s", positive=True)
    sol = sp.solve([sp.Eq(-xi * gs, -2), sp.Eq(sp.log(hs * xi**2 / 2), 0)], [gs, hs], dict=True)[0]
    return {"g": sol[gs], "h": sol[hs]}


def pedestal_residual() -> tuple[sp.Expr, sp.Expr]:
    """Residuals of :func:`similarity_system` for :func:`pedestal_solution`.

    >>> pedestal_residual()
    (0, 0)
    """
    ped = pedestal_solution()
    system = similarity_system()
    return tuple(sp.simplify(sp.diff(ped[name], xi) - system[sp.Derivative(fn, xi)].subs({g: ped["g"], h: ped["h"]}))
                 for name, fn in (("g", g), ("h", h)))


def lambert_solution() -> sp.Expr:
    """q(v) on the core branch: 2 W_0(-exp((v - e^v + C)/2) / 2)."""
    return 2 * sp.LambertW(-sp.exp((v - sp.exp(v) + C) / 2) / 2)


def branch_equation() -> sp.Expr:
    """w = -q/2 in terms of delta = C_separatrix - C and E(v) = e^v - 1 - v: the root in [0, 1) of
    ln w - w + 1 + (E + delta)/2 = 0 (the distance to the branch point is 1 - w)."""
    E = sp.exp(v) - 1 - v
    return sp.log(w) - w + 1 + (E + delta) / 2


def factor_F() -> sp.Expr:
    """F = kappa_NL / kappa_core = 4 h0 / g0^2 = 8 e^(-C) = 2e e^delta (kappa_NL from the exact core
    height g0 = 2/sqrt(kappa_NL), kappa_core = 1/h0 = kappa_ISM e^(-Pi) exactly)."""
    return sp.simplify(8 * sp.exp(-(C_SEPARATRIX - delta)))


def pi_integrand() -> sp.Expr:
    """Pi = ln(h0/h_inf) = int_{-inf}^{inf} w/(1-w) dv (from d ln h/dv = -w/(1-w))."""
    return w / (1 - w)


def profile_in_core_units() -> dict[str, sp.Expr]:
    """The solution with h0 = 1 (core diffusivity 1) parametrised by v, with Y(v) = int w/(1-w) dv:
    xi = sqrt(2 e^(v + Y)),  g = 2 w / xi,  h = e^(-Y)."""
    Y = sp.Symbol("Y", real=True)
    x = sp.sqrt(2 * sp.exp(v + Y))
    return {"xi": x, "g": 2 * w / x, "h": sp.exp(-Y), "dxi_dv": sp.simplify(sp.diff(x.subs(Y, sp.Function("Y")(v)), v)
                                                                       .subs(sp.Derivative(sp.Function("Y")(v), v), pi_integrand())
                                                                       .subs(sp.Function("Y")(v), Y))}


Pi = sp.Symbol("Pi", positive=True)


def small_pi_limit_of_F() -> sp.Expr:
    """F for Pi << 1 (delta -> infinity, w -> e^(-1-(E+delta)/2)): 4 pi / Pi^2."""
    x = sp.Symbol("x", positive=True)
    # Pi ~ e^(-1-delta/2) int e^(-E/2) dv; with x = e^v: int e^(-(x-1-ln x)/2) dx/x
    integral = sp.integrate(sp.exp(-(x - 1) / 2) * x ** sp.Rational(1, 2) / x, (x, 0, sp.oo))
    pi_of_delta = sp.exp(-1 - delta / 2) * integral
    delta_of_pi = sp.solve(sp.Eq(pi_of_delta, Pi), delta)[0]
    return sp.simplify(factor_F().subs(delta, delta_of_pi))


def large_pi_limit_of_F() -> sp.Expr:
    """F for Pi >> 1 (C -> separatrix, delta -> 0): 2e."""
    return sp.simplify(8 * sp.exp(-separatrix_constant()))


def tail_amplitude() -> sp.Expr:
    """xi -> infinity: g -> A e^(-xi^2/(4 kappa_ISM)) with A = 2/sqrt(F kappa_ISM) (from w -> e^(-1-(E+delta)/2));
    Pi -> infinity: sqrt(2/e)/sqrt(kappa_ISM), independent of Pi; Pi -> 0: Pi/sqrt(pi kappa_ISM)."""
    F, kappa_ism = sp.symbols("F kappa_ISM", positive=True)
    return 2 / sp.sqrt(F * kappa_ism)


def core_elevation() -> sp.Expr:
    """Core height over the test-particle core height Pi/sqrt(pi kappa_ISM):
    2 sqrt(pi) e^(Pi/2) / (Pi sqrt(F))  (~ Pi^-1 e^(Pi/2), the text's factor)."""
    F = sp.Symbol("F", positive=True)
    kappa_ism = sp.Symbol("kappa_ISM", positive=True)
    core = 2 / sp.sqrt(F * kappa_ism * sp.exp(-Pi))
    return sp.simplify(core / (Pi / sp.sqrt(sp.pi * kappa_ism)))


# --------------------------------------------------------------------------- interpolation (eq. 5)

kappa_nl, kappa_ism = sp.symbols("kappa_NL kappa_ISM", positive=True)


def interpolation_shape(x: sp.Expr = xi, knl: sp.Expr = kappa_nl, kism: sp.Expr = kappa_ism) -> sp.Expr:
    """Eq. (5) as g5(xi) = P C_A sqrt(t) / kappa_B = 2 [xi^(5/3) + kappa_NL^(5/6)]^(-3/5) e^(-xi^2/(4 kappa_ISM))."""
    return 2 * (x ** sp.Rational(5, 3) + knl ** sp.Rational(5, 6)) ** sp.Rational(-3, 5) * sp.exp(-x**2 / (4 * kism))


def interpolation_formula_printed() -> sp.Expr:
    """Eq. (5) in the text's variables: zeta = z/sqrt(C_A a t), D = kappa/(a C_A)."""
    a, tt, zz, D_nl, D_ism = sp.symbols("a t z D_NL D_ISM", positive=True)
    zeta = zz / sp.sqrt(C_A * a * tt)
    return (2 * kappa_B / (C_A ** sp.Rational(3, 2) * sp.sqrt(a * tt))
            * (zeta ** sp.Rational(5, 3) + D_nl ** sp.Rational(5, 6)) ** sp.Rational(-3, 5)
            * sp.exp(-zeta**2 / (4 * D_ism)))


def interpolation_in_similarity_variables() -> sp.Expr:
    """Eq. (5) divided by kappa_B/(C_A sqrt t), in xi = z/sqrt t with D = kappa/(a C_A): the size a
    drops out, leaving :func:`interpolation_shape`."""
    a, tt, zz, D_nl, D_ism = sp.symbols("a t z D_NL D_ISM", positive=True)
    expr = interpolation_formula_printed() * C_A * sp.sqrt(tt) / kappa_B
    return sp.simplify(sp.powsimp(expr.subs({zz: xi * sp.sqrt(tt), D_nl: kappa_nl / (a * C_A),
                                             D_ism: kappa_ism / (a * C_A)}), force=True))


def interpolation_limits() -> dict[str, sp.Expr]:
    """Core height (xi = 0) and pedestal (kappa_NL -> 0, kappa_ISM -> oo) of :func:`interpolation_shape`."""
    g5 = interpolation_shape()
    return {"core": sp.simplify(g5.subs(xi, 0)),
            "pedestal": sp.simplify(sp.limit(sp.limit(g5, kappa_nl, 0), kappa_ism, sp.oo))}


def break_condition() -> sp.Expr:
    """Spectral break (text, end of Sec. II): z^2/t = kappa_NL(p) = F kappa_ISM e^(-Pi), as f(p) = 0."""
    F = sp.Symbol("F", positive=True)
    zz, tt = sp.symbols("z t", positive=True)
    return zz**2 / tt - F * kappa_ism * sp.exp(-Pi)
