"""Quasi-linear pitch-angle diffusion in slab turbulence (Jokipii 1966), derived step by step.

Units as in :mod:`.lorentz`: path length ``s`` (= c t / L_c for beta = 1), fields in B_0 = B_ref
(regular field ``e_z``), ``kappa = L_c / r_L`` (positive charge; D depends on kappa^2 and |kappa|
only).  Slab turbulence: every mode has its wave vector along B_0 and its amplitude
perpendicular to it (:func:`slab_mode`), so the turbulent field depends on z alone.

1. The unperturbed orbit in B_0 (:func:`unperturbed_orbit`) solves the equations of motion of
   :func:`.lorentz.dimensionless_equations` with b = e_z: a helix with pitch cosine mu, gyrophase
   phi_0 - kappa s, z = z_0 + mu s.
2. The pitch cosine changes only through the turbulence: ``dmu/ds = e_z . kappa u x db``
   (:func:`pitch_cosine_rate`).
3. Along the unperturbed orbit, averaged over the mode's phase beta, its polarisation angle psi
   and the gyrophase phi_0, one mode of amplitude A gives the correlation
   ``<mu'(0) mu'(s)> = kappa^2 (1 - mu^2) A^2/4 cos(k mu s) cos(kappa s)``
   (:func:`mode_correlation`).
4. Integrated twice over [0, T]: ``<(Delta mu)^2>(T) = kappa^2 (1 - mu^2) A^2/8 sum_+- F(k mu +- kappa)``
   with ``F(w) = 2 (1 - cos w T)/w^2`` (:func:`finite_time_variance`, the finite-time form the
   trajectory measurement is compared with at short lags).
5. Many modes with a continuous spectrum, sum_n A_n^2 -> int G(k) dk (:func:`spectrum_density`),
   and T -> infinity: ``int F(x) dx = 2 pi T`` (Fejér's kernel, :func:`fejer_normalisation`)
   picks the resonance k mu = kappa, so

       D_mumu = lim <(Delta mu)^2>/(2 T) = pi kappa^2 (1 - mu^2) G(kappa/|mu|) / (8 |mu|)

   (:func:`slab_pitch_angle_diffusion`): the resonance k_par = 1/(r_L |mu|) of Jokipii (1966).
   No mode resonates where kappa/|mu| lies outside the spectrum: D = 0 for
   |mu| < 1/(r_L k_max), the mu = 0 resonance gap.
6. In the inertial range G ~ k^(2 - gamma), so D_mumu ~ (1 - mu^2) |mu|^(gamma - 3): for the
   Kolmogorov gamma = 11/3 this is (1 - mu^2) |mu|^(2/3), i.e. the scattering function
   D(mu) = |mu|^(q - 1) with q = gamma - 2 = 5/3 of seed 000 Sec. III
   (:func:`inertial_range_scattering`).

The spectrum is the plane-wave model's (:mod:`.turbulence`): mode weights
``w(k) = k^3/(1 + k^gamma)`` per unit ln k, i.e. ``k^2/(1 + k^gamma)`` per unit k, normalised to
``<db^2> = sigma^2``: ``G(k) = 2 sigma^2 k^2/(1 + k^gamma) / N`` on [k_min, k_max] with
``N = int k^2/(1 + k^gamma) dk`` (the factor 2: each real mode has mean square A^2/2).

>>> sp.simplify(slab_pitch_angle_diffusion().subs(mu, 1))
0
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.derivations.backtrack import turbulence as turb

mu = sp.Symbol("mu", real=True)                 # pitch cosine against B_0
s = sp.Symbol("s", real=True)                   # path length along the orbit (L_c)
T = sp.Symbol("T", positive=True)               # lag (L_c)
phi0 = sp.Symbol("phi_0", real=True)            # initial gyrophase
z0 = sp.Symbol("z_0", real=True)
k = turb.k                                      # wavenumber (1/L_c), positive
amplitude = sp.Symbol("A", positive=True)
beta = sp.Symbol("beta", real=True)             # phase of the mode
psi = sp.Symbol("psi", real=True)               # polarisation angle in the x-y plane
gyroradius = sp.Symbol("r_L", positive=True)    # r_L / L_c
k_min, k_max = sp.symbols("k_min k_max", positive=True)
norm = sp.Symbol("N_k", positive=True)          # int k^2/(1 + k^gamma) dk over the spectrum
_kappa = sp.Symbol("kappa", positive=True)      # L_c / r_L (positive charge)


def unperturbed_orbit(kap: sp.Expr = _kappa):
    """The helix in b = e_z: ``(u(s), z(s))`` with u = (w cos(phi_0 - kappa s), w sin(...), mu).

    Checked against :func:`.lorentz.dimensionless_equations` (the residual of du/ds = kappa u x b
    and dz/ds = u_z vanishes identically); raises otherwise.

    >>> u, z = unperturbed_orbit()
    >>> z
    mu*s + z_0
    """
    w = sp.sqrt(1 - mu**2)
    u = sp.Matrix([w * sp.cos(phi0 - kap * s), w * sp.sin(phi0 - kap * s), mu])
    z = z0 + mu * s
    eqs = lorentz.dimensionless_equations()
    rhs = eqs["du_ds"].subs({lorentz.kappa: kap, **dict(zip(lorentz.u, u)),
                             **dict(zip(lorentz.b, (0, 0, 1)))})
    residual = list(sp.diff(u, s) - rhs) + [sp.diff(z, s) - u[2]]
    if any(sp.simplify(r) != 0 for r in residual):
        raise ArithmeticError(f"the helix does not solve the equations of motion: {residual}")
    return u, z


def slab_mode(position_z: sp.Expr) -> sp.Matrix:
    """One slab mode at height z: ``A (cos psi, sin psi, 0) cos(k z + beta)`` (k along B_0,
    amplitude perpendicular to it: div db = 0)."""
    return amplitude * sp.Matrix([sp.cos(psi), sp.sin(psi), 0]) * sp.cos(k * position_z + beta)


def pitch_cosine_rate(u: sp.Matrix, db: sp.Matrix, kap: sp.Expr = _kappa) -> sp.Expr:
    """dmu/ds = e_z . du/ds for b = e_z + db: the regular field does not change mu.

    >>> ux, uy, uz, bx, by = sp.symbols("u_x u_y u_z b_x b_y", real=True)
    >>> pitch_cosine_rate(sp.Matrix([ux, uy, uz]), sp.Matrix([bx, by, 0]))
    -b_x*kappa*u_y + b_y*kappa*u_x
    """
    eqs = lorentz.dimensionless_equations()
    b = sp.Matrix([0, 0, 1]) + db
    du = eqs["du_ds"].subs({lorentz.kappa: kap, **dict(zip(lorentz.u, u)), **dict(zip(lorentz.b, b))})
    return sp.expand(du[2])


def _average(expr: sp.Expr, angle: sp.Symbol) -> sp.Expr:
    """Average of a trigonometric polynomial over one period 2 pi of ``angle``.

    Written with exponentials, every term is a constant times exp(i n angle): the average keeps
    the terms with n = 0 (the same as integrating over [0, 2 pi], without the integrator).
    """
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        factors = sp.Mul.make_args(term)
        varying = sp.Mul(*[f for f in factors if f.has(angle)])
        constant = sp.Mul(*[f for f in factors if not f.has(angle)])
        waves = sp.Add.make_args(sp.expand(sp.powsimp(sp.expand(varying.rewrite(sp.exp)))))
        total += constant * sp.Add(*[w for w in waves if not sp.powsimp(w).has(angle)]).rewrite(sp.cos)
    return sp.expand(total)


#: the two pitch cosines: against the regular field B_0 (mu = u_z), and against the local
#: field b(x) (mu_b = u . b/|b|, the guiding-centre pitch cosine)
FRAMES = ("regular", "local")
_eps = sp.Symbol("epsilon", positive=True)      # bookkeeping of the order in the amplitude


def local_pitch_cosine_rate(u: sp.Matrix, z: sp.Expr, kap: sp.Expr = _kappa) -> sp.Expr:
    """d mu_b/ds to first order in the mode amplitude, mu_b = u . b/|b| with b = e_z + db.

    mu_b = u_z + (u . db - u_z e_z . db) + O(db^2): its rate along the orbit is the rate of u_z
    (:func:`pitch_cosine_rate`) plus the derivative of the first-order term along the
    unperturbed orbit (u, z).  For a slab mode the sum is mu u_perp . d(db)/dz: the tilt of the
    field by the modes much longer than the gyro-orbit, which the regular-frame mu follows as a
    bounded oscillation, drops out.

    >>> u, z = unperturbed_orbit()
    >>> rate = local_pitch_cosine_rate(u, z)
    >>> sp.simplify(rate - mu * u.dot(sp.diff(slab_mode(z), z0)))
    0
    """
    db = slab_mode(z)
    b = sp.Matrix([0, 0, 1]) + _eps * db
    mu_b = u.dot(b) / sp.sqrt(b.dot(b))
    first_order = sp.diff(mu_b, _eps).subs(_eps, 0)
    return sp.expand(pitch_cosine_rate(u, db, kap) + sp.diff(first_order, s))


def _frame_rate(u: sp.Matrix, z: sp.Expr, kap: sp.Expr, frame: str) -> sp.Expr:
    if frame == "regular":
        return pitch_cosine_rate(u, slab_mode(z), kap)
    if frame == "local":
        return local_pitch_cosine_rate(u, z, kap)
    raise ValueError(f"unknown frame {frame!r}; choose from {', '.join(FRAMES)}")


@lru_cache(maxsize=None)
def mode_correlation(kap: sp.Expr = _kappa, frame: str = "regular") -> sp.Expr:
    """<mu'(0) mu'(s)> of one slab mode along the unperturbed orbit, averaged over beta, psi, phi_0.

    ``frame``: "regular" (mu = u_z) or "local" (mu_b = u . b/|b|, :func:`local_pitch_cosine_rate`).

    >>> mode_correlation()
    -A**2*kappa**2*(mu - 1)*(mu + 1)*cos(kappa*s)*cos(k*mu*s)/4
    >>> mode_correlation(frame="local")
    -A**2*k**2*mu**2*(mu - 1)*(mu + 1)*cos(kappa*s)*cos(k*mu*s)/4
    """
    u, z = unperturbed_orbit(kap)
    rate = _frame_rate(u, z, kap, frame)
    corr = sp.expand(rate.subs(s, 0) * rate)
    for angle in (beta, psi, phi0):
        corr = _average(corr, angle)
    return sp.factor(sp.trigsimp(sp.expand(corr.subs(z0, 0).rewrite(sp.cos))))


@lru_cache(maxsize=None)
def _double_integral() -> sp.Expr:
    """int_0^T int_0^T cos(w (s_1 - s_2)) ds_1 ds_2 = 4 sin^2(w T/2)/w^2 (w != 0).

    The integral is done by sympy and rewritten with the half angle (no cancellation of
    1 - cos w T when w T is small); the two forms are checked to agree.
    """
    s1, s2 = sp.symbols("s_1 s_2", real=True)
    integral = sp.integrate(sp.integrate(sp.cos(_w * (s1 - s2)), (s1, 0, T)), (s2, 0, T))
    half_angle = 4 * sp.sin(_w * T / 2) ** 2 / _w**2
    if sp.simplify(sp.expand_trig(sp.expand(integral - half_angle).rewrite(sp.exp))) != 0:
        raise ArithmeticError(f"unexpected double integral {integral}")
    return half_angle


_w = sp.Symbol("w", real=True, nonzero=True)


@lru_cache(maxsize=None)
def variance_coefficient(kap: sp.Expr = _kappa, frame: str = "regular") -> sp.Expr:
    """c in <mu'(0) mu'(s)> = c A^2 [cos(w_- s) + cos(w_+ s)], w_+- = k mu +- kappa.

    Checked against :func:`mode_correlation` (raises otherwise).  The local frame has
    (k mu)^2 where the regular frame has kappa^2: equal at the resonance k mu = kappa.

    >>> variance_coefficient()
    kappa**2*(1 - mu**2)/8
    >>> variance_coefficient(frame="local")
    k**2*mu**2*(1 - mu**2)/8
    """
    c = (kap if frame == "regular" else k * mu) ** 2 * (1 - mu**2) / 8
    corr = mode_correlation(kap, frame)
    split = c * amplitude**2 * (sp.cos(k * mu * s - kap * s) + sp.cos(k * mu * s + kap * s))
    if sp.expand(corr - split, trig=True) != 0:
        raise ArithmeticError(f"unexpected correlation {corr}")
    return c


@lru_cache(maxsize=None)
def finite_time_variance(kap: sp.Expr = _kappa, frame: str = "regular") -> sp.Expr:
    """<(Delta mu)^2>(T) of one slab mode along the unperturbed orbit: the double integral of
    :func:`mode_correlation` over [0, T]^2, in the pitch-cosine ``frame``.

    Written with w_+- = k mu +- kappa (both assumed non-zero: at exact resonance the limit
    w -> 0 is c A^2 T^2 for that term, c of :func:`variance_coefficient`).
    """
    return amplitude**2 * variance_coefficient(kap, frame) * sum(
        _double_integral().subs(_w, k * mu + sign * kap) for sign in (1, -1))


@lru_cache(maxsize=None)
def lag_pitch_angle_diffusion(frame: str = "local") -> sp.Expr:
    """y(mu; T) = <(Delta mu)^2>(T)/(2T) of one slab mode of unit amplitude, in mu, k, r_L, T.

    What a trajectory measurement at the lag T estimates, mode by mode, in weak turbulence
    (sum over the modes with their A_n^2): the finite-lag quasi-linear D_mumu of a *discrete*
    spectrum.  Its T -> oo limit for a continuous spectrum is :func:`slab_pitch_angle_diffusion`
    (both frames: the coefficients agree at the resonance).

    >>> y = lag_pitch_angle_diffusion("regular")
    >>> sp.simplify(y.subs({mu: 0, T: 1}) - sp.sin(1 / (2 * gyroradius))**2 / 2)
    0
    """
    kap = 1 / gyroradius
    return finite_time_variance(_kappa, frame).subs({amplitude: 1, _kappa: kap}) / (2 * T)


@lru_cache(maxsize=None)
def fejer_normalisation() -> sp.Expr:
    """int_{-oo}^{oo} 2 (1 - cos x T)/x^2 dx = 2 pi T: the T -> oo weight of the resonance.

    >>> fejer_normalisation()
    2*pi*T
    """
    x = sp.Symbol("x", real=True)
    return sp.integrate(2 * (1 - sp.cos(x * T)) / x**2, (x, -sp.oo, sp.oo))


def spectrum_density(wavenumber: sp.Expr = k, index: sp.Expr = turb.gamma,
                     variance: sp.Expr = turb.sigma2) -> sp.Expr:
    """G(k) per unit k with int G dk = 2 sigma^2 on [k_min, k_max] (zero outside).

    The plane-wave model's weight per unit ln k is :func:`.turbulence.mode_weight`; per unit k
    it is that divided by k.  ``N_k`` stands for int_{k_min}^{k_max} k^2/(1 + k^gamma) dk (for
    log-spaced modes, the numerics use the same sum the mode amplitudes are normalised with).
    """
    per_unit_k = sp.simplify(turb.mode_weight(wavenumber, index) / wavenumber)
    inside = sp.And(wavenumber >= k_min, wavenumber <= k_max)
    return sp.Piecewise((2 * variance * per_unit_k / norm, inside), (0, True))


@lru_cache(maxsize=None)
def slab_pitch_angle_diffusion() -> sp.Expr:
    """Quasi-linear D_mumu(mu) of slab turbulence (1/L_c), in mu, r_L, sigma2, gamma, k_min,
    k_max, N_k.

    The resonant term of :func:`finite_time_variance` (w_- = k |mu| - kappa) for a continuous
    spectrum: sum_n A_n^2 F(w_-(k_n)) -> int G(k) F(k|mu| - kappa) dk = G(kappa/|mu|)/|mu|
    int F(x) dx, and int F = 2 pi T (:func:`fejer_normalisation`); the non-resonant term stays
    bounded and drops out of D = lim <(Delta mu)^2>/(2 T).
    """
    kap = 1 / gyroradius
    coefficient = variance_coefficient().subs(_kappa, kap)     # kappa^2 (1 - mu^2)/8
    resonant_k = kap / sp.Abs(mu)                              # k_par = 1/(r_L |mu|)
    total = coefficient * spectrum_density(resonant_k) / sp.Abs(mu) * fejer_normalisation()
    return sp.piecewise_fold(sp.powsimp(sp.expand_power_base(total / (2 * T), force=False)))


def scattering_function() -> sp.Expr:
    """D(mu) = D_mumu/(1 - mu^2) (seed 000 eq. 6 with nu = 1/L_c)."""
    return sp.simplify(slab_pitch_angle_diffusion() / (1 - mu**2))


@lru_cache(maxsize=None)
def inertial_range_scattering(index: sp.Expr = turb.KOLMOGOROV_GAMMA) -> sp.Expr:
    """The power of |mu| of D(mu) deep in the inertial range (r_L -> 0 at fixed mu, k_max -> oo).

    For gamma = 11/3 it is 2/3: the quasi-linear D = |mu|^(q - 1) of seed 000 Sec. III with
    q = gamma - 2 = 5/3 (:func:`cranisotropy.derivations.chapman_enskog.pitch_angle.quasilinear_scattering`).

    >>> inertial_range_scattering()
    2/3
    """
    m = sp.Symbol("m", positive=True)
    D = scattering_function().subs({turb.gamma: index, k_min: 0, k_max: sp.oo}).subs(mu, m)
    D = sp.piecewise_fold(D).args[0][0] if isinstance(D, sp.Piecewise) else D
    exponent = sp.limit(sp.log(D.subs(m, 2 * m) / D) / sp.log(2), gyroradius, 0)
    return sp.nsimplify(sp.simplify(exponent))
