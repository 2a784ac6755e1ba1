"""Seed 000, Sec. II (eqs. 1-5 and the numbers quoted after them): self-confinement of CRs."""
from __future__ import annotations

from functools import lru_cache
from math import e, exp, log, pi, sqrt

import numpy as np
import sympy as sp
from scipy.integrate import quad

from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement import similarity as nc
from cranisotropy.numerics.confinement import pde
from cranisotropy.core.registry import differs, failed, register_equation, reproduced

SEED = "000"


@lru_cache(maxsize=None)
def _escape_run(pi_value: float = 3.0, cloud: str = "tophat"):
    """One time-dependent run shared by several checks (D_ISM = 1, to the self-similar stage)."""
    problem = pde.EscapeProblem(pi=pi_value, d_ism=1.0, cloud=cloud)
    t_end = pde.self_similar_time(problem, 3e3)
    return pde.solve_escape(problem, np.geomspace(t_end / 1e3, t_end, 4))


# --------------------------------------------------------------------------- eq. (1)

@register_equation(
    seed=SEED, equation="1", title="CR partial pressure diffuses with kappa_B / I",
    claim="dP_CR/dt = d/dz kappa_B dP_CR/dz (as extracted: no dependence on the wave energy I)",
    derivation="cranisotropy.derivations.confinement.escape.cr_pressure_rhs (kappa_par = kappa_B (dB/B)^-2 -> kappa_B/I)",
    numerical_check="the quasilinear integral (4): zero dQ/dt symbolically and a 1e-13 residual in "
                    "the method-of-lines solution with kappa_B/I; with kappa_B alone (4) fails by O(1) "
                    "(closed-form heat-kernel solution)")
def _eq1():
    rate_reconstructed = cf.invariant_rate(cf.cr_pressure_rhs())
    rate_extracted = cf.invariant_rate(cf.extracted_cr_pressure_rhs())
    if rate_reconstructed != 0 or rate_extracted == 0:
        return failed(f"invariant rates: reconstructed {rate_reconstructed}, extracted {rate_extracted}")
    # extracted system in units kappa_B = C_A = 1: P is the heat-kernel solution of a top-hat on
    # |x| < 1, I = I_ISM - int dP/dx dt; evaluate Q = P - P0 + d/dx ln(I/I_ISM) at x = 1.5, tau = 1
    Pi_, j_ism, x, tau = 3.0, 1.0, 1.5, 1.0
    from scipy.special import erf

    def p(x_, t_):
        return Pi_ / 2 * (erf((1 - x_) / (2 * sqrt(t_))) + erf((1 + x_) / (2 * sqrt(t_))))

    def dpdx(x_, t_):
        return Pi_ / (2 * sqrt(pi * t_)) * (np.exp(-(1 + x_)**2 / (4 * t_)) - np.exp(-(1 - x_)**2 / (4 * t_)))

    def wave(x_):
        return j_ism - quad(lambda s: dpdx(x_, s), 0, tau, limit=200)[0]

    hx = 1e-4
    dlog = (log(wave(x + hx)) - log(wave(x - hx))) / (2 * hx)
    q_extracted = abs(p(x, tau) - 0.0 + dlog) / Pi_
    run = _escape_run()
    q_reconstructed = float(run.quasilinear_residual().max())
    if q_reconstructed > 1e-9 or q_extracted < 1e-2:
        return failed(f"residuals: reconstructed {q_reconstructed:.2e}, extracted {q_extracted:.2e}")
    return differs(
        "The extracted eq. (1) has lost the wave dependence of the diffusion coefficient: with "
        "kappa_B alone the quasilinear integral (4) does not hold (dQ/dt = "
        f"{sp.sstr(rate_extracted)}; numerically |Q|/Pi = {q_extracted:.2f}).  Reconstructed from the "
        "text's kappa_par = kappa_B (dB/B)^-2 and (dB/B)^2 = I per band: dP/dt = d/dz (kappa_B/I) dP/dz, "
        f"for which dQ/dt = 0 identically and the solver's discrete (4) holds to {q_reconstructed:.1e}.",
        derived=str(sp.Eq(sp.Derivative(cf.P, cf.t), cf.cr_pressure_rhs())),
        invariant_residual_reconstructed=q_reconstructed, invariant_residual_extracted=q_extracted)


# --------------------------------------------------------------------------- eq. (2)

@register_equation(
    seed=SEED, equation="2", title="wave energy: growth -C_A dP/dz, damping -Gamma I",
    claim="dI/dt = -C_A dP_CR/dz - Gamma I",
    derivation="cranisotropy.derivations.confinement.escape.wave_energy_rhs; damping_substitution "
               "(I e^(Gamma t) -> I, int e^(Gamma t) dt -> t removes Gamma exactly)",
    numerical_check="method-of-lines run with Gamma vs the undamped run at s = (e^(Gamma t) - 1)/Gamma; "
                    "late-time wave energy vs the exact self-similar I(z/sqrt t)")
def _eq2():
    res = cf.damping_substitution()
    unit = cf.pressure_normalisation()
    if res != (0, 0) or unit != 1:
        return failed(f"damping substitution residuals {res}, unit ratio {unit}")
    gamma = 0.05
    taus = np.array([1.0, 10.0, 40.0])
    damped = pde.solve_escape(pde.EscapeProblem(pi=3.0, d_ism=1.0, gamma=gamma), taus, x_max=300)
    undamped = pde.solve_escape(pde.EscapeProblem(pi=3.0, d_ism=1.0), pde.mapped_time(taus, gamma), x_max=300)
    dp = float(np.abs(damped.p - undamped.p).max() / 3.0)
    dl = float(np.abs(damped.L - (undamped.L - gamma * taus[:, None])).max())
    # wave energy of the undamped late-time run vs the exact similarity profile h = I/kappa_B
    run = _escape_run()
    tau = run.times[-1]
    scale = sqrt(run.problem.d_ism * tau)
    xf = run.faces[1:-1]
    outside = (xf > 3.0) & (xf < 3 * scale)
    exact = nc.similarity_solution(run.problem.pi).wave(xf[outside] / scale) / run.problem.d_ism
    wave_err = float(np.max(np.abs(np.exp(run.L[-1][outside]) / exact - 1)))
    if dp > 1e-6 or dl > 1e-6 or wave_err > 2e-3:
        return failed(f"damping map errors {dp:.1e}, {dl:.1e}; wave energy vs similarity {wave_err:.1e}")
    return reproduced(
        "Model equation of the seed's Ref. 34 (CR work on the waves -C_A dP/dz per band; P_CR and I "
        "share the unit B0^2/8pi, see eq. 3).  The text's substitution I e^(Gamma t) -> I, "
        "int_0^t e^(Gamma t) dt -> t removes Gamma from the whole system (also inside the source), "
        f"confirmed numerically to {max(dp, dl):.1e}.  Undamped, the wave energy of the PDE run "
        f"approaches the exact self-similar I(z/sqrt t) (max relative difference {wave_err:.1e}).",
        damping_map_error=max(dp, dl), wave_vs_similarity=wave_err)


# --------------------------------------------------------------------------- eq. (3)

@register_equation(
    seed=SEED, equation="3", title="dimensionless CR partial pressure",
    claim="P_CR = (4 pi/3) (2/(rho C_A^2)) v p^4 f",
    derivation="cranisotropy.derivations.confinement.escape.pressure_per_log_momentum, pressure_normalisation",
    numerical_check="Monte Carlo momentum flux <v_z p_z> over isotropic momenta vs the quadrature of eq. (3)")
def _eq3():
    per_log = cf.pressure_per_log_momentum()
    target = sp.Rational(4, 3) * sp.pi * cf.v_cr * cf.p**4 * cf.f_cr
    unit = cf.pressure_normalisation()
    if sp.simplify(per_log - target) != 0 or unit != 1:
        return failed(f"derived {per_log}, unit ratio {unit}")
    # f = p^-4.5 on [1, 100] (units m c = 1), v = p / sqrt(1 + p^2)
    slope, p1, p2 = 4.5, 1.0, 100.0
    speed = lambda q: q / np.sqrt(1 + q**2)  # noqa: E731
    formula = quad(lambda lq: 4 * pi / 3 * speed(exp(lq)) * exp(lq) ** (4 - slope), 0, log(p2))[0]
    rng = np.random.default_rng(20261122)
    n = 400_000
    # sample |p| with density ~ p^2 f on [p1, p2] (inverse transform), mu uniform on [-1, 1]
    a = 3 - slope
    u = rng.random(n)
    q = (p1**a + u * (p2**a - p1**a)) ** (1 / a)
    mu = rng.uniform(-1, 1, n)
    number = 4 * pi * (p2**a - p1**a) / a  # int 4 pi p^2 f dp
    values = speed(q) * q * mu**2 * number
    mc, err = float(values.mean()), float(values.std() / sqrt(n))
    if abs(mc - formula) > 5 * err:
        return failed(f"Monte Carlo {mc:.5g} +- {err:.2g} vs eq. (3) quadrature {formula:.5g}")
    return reproduced(
        "(4pi/3) v p^4 f is the pressure (1/3) int v p f d^3p per unit ln p, and 2/(rho C_A^2) = 8pi/B0^2: "
        f"P_CR is in the wave-energy unit B0^2/8pi.  Monte Carlo <v_z p_z> = {mc:.5g} +- {err:.1g} vs "
        f"{formula:.5g} from eq. (3).", monte_carlo=mc, monte_carlo_error=err, quadrature=formula)


# --------------------------------------------------------------------------- eq. (4)

@register_equation(
    seed=SEED, equation="4", title="quasilinear integral",
    claim="P_CR(z, t) = P_CR0(z) - (kappa_B/C_A) d/dz ln(I(z, t)/I_0(z))",
    derivation="cranisotropy.derivations.confinement.escape.invariant_rate (dQ/dt = 0 on solutions of the "
               "reconstructed (1) and (2), Gamma uniform)",
    numerical_check="residual of (4) in the method-of-lines solution: the solver's discrete form and "
                    "a spline derivative of ln I (smooth cloud); CR content conservation")
def _eq4():
    rate = cf.invariant_rate(cf.cr_pressure_rhs())
    if rate != 0:
        return failed(f"dQ/dt = {rate}")
    run = _escape_run()
    discrete = float(run.quasilinear_residual().max())
    content = float(np.abs(run.content() / run.problem.pi - 1).max())
    smooth = pde.solve_escape(pde.EscapeProblem(pi=3.0, d_ism=1.0, cloud="gaussian"), [1.0, 5.0, 20.0],
                              x_max=60, cells_in_source=64, growth=1.02)
    continuum = max(smooth.quasilinear_residual_continuum(k) for k in range(3))
    if discrete > 1e-9 or content > 1e-9 or continuum > 1e-3:
        return failed(f"residuals: discrete {discrete:.1e}, continuum {continuum:.1e}, content {content:.1e}")
    return reproduced(
        "Holds for the reconstructed eq. (1) (kappa_B/I; not for the extracted kappa_B) with any "
        "z-independent Gamma.  In the method-of-lines solution (Pi = 3, top-hat cloud, to the "
        f"self-similar stage) the discrete form of (4) holds to {discrete:.1e} of max P0 and the CR "
        f"content to {content:.1e}; with a spline derivative of ln I (Gaussian cloud) the L1 residual "
        f"is {continuum:.1e} of Pi (discretisation error, O(h^2)).",
        discrete_residual=discrete, continuum_residual=continuum, content_error=content)


@register_equation(
    seed=SEED, equation="num:I_diffusion", title="diffusion equation for I (unnumbered, after eq. 4)",
    claim="dI/dt = (d kappa_B/dz)(dI/dz) - Gamma I - C_A dP_CR0/dz",
    derivation="cranisotropy.derivations.confinement.escape.wave_diffusion_rhs (P from (4) into (2))",
    numerical_check="the I-equation alone on a uniform node grid, P recovered from (4), vs the coupled "
                    "method-of-lines solution; the text's linear form for comparison")
def _i_equation():
    derived = cf.wave_diffusion_rhs()
    standard = cf.wave_diffusion_rhs_standard_form().doit()
    if sp.simplify(derived - standard) != 0:
        return failed("derived I-equation is not d/dz (kappa_B/I) dI/dz - kappa_B (ln I0)'' - Gamma I - C_A P0'")
    problem = pde.EscapeProblem(pi=3.0, d_ism=1.0, cloud="gaussian")
    times = [5.0, 20.0]
    coupled = pde.solve_escape(problem, times, x_max=60, cells_in_source=64, growth=1.02)
    errors = {}
    for form in ("derived", "extracted"):
        x, p, _ = pde.solve_wave_equation(problem, times, x_max=60, form=form)
        ref = np.interp(x, coupled.centres, coupled.p[-1])
        errors[form] = float(np.trapezoid(np.abs(p[-1] - ref), x) / problem.pi)
    if errors["derived"] > 2e-3 or errors["extracted"] < 0.1:
        return failed(f"I-equation vs coupled system: {errors}")
    return differs(
        "The printed (d kappa_B/dz)(dI/dz) lost the 1/I: eliminating P with (4) gives the nonlinear "
        "(logarithmic) diffusion d/dz (kappa_B/I) dI/dz = kappa_B d^2 ln I/dz^2 (plus -kappa_B (ln I0)'' "
        "for a non-uniform I0).  Solved alone, it reproduces the coupled system to "
        f"{errors['derived']:.1e} (L1 of P / Pi, discretisation level); the text's linear form "
        f"d/dz kappa_B dI/dz misses by {errors['extracted']:.2f}.  The Gamma-substitution quoted after "
        "it holds exactly (eq. 2).",
        derived=str(sp.Eq(sp.Derivative(cf.I, cf.t), cf.wave_diffusion_rhs_standard_form())),
        l1_derived=errors["derived"], l1_extracted=errors["extracted"])


# --------------------------------------------------------------------------- eq. (5)

_SCAN = (0.01, 0.1, 1.0, 3.0, 10.0, 30.0)


@register_equation(
    seed=SEED, equation="5", title="interpolation formula for the escaping CR profile",
    claim="P_CR = 2 kappa_B/(C_A^(3/2) sqrt(a t)) [zeta^(5/3) + D_NL^(5/6)]^(-3/5) exp(-zeta^2/(4 D_ISM)), "
          "zeta = z/sqrt(C_A a t), D_NL = F(Pi) D_ISM e^-Pi",
    derivation="cranisotropy.derivations.confinement.escape.lambert_solution (exact similarity solution), "
               "interpolation_in_similarity_variables",
    numerical_check="exact profiles (Lambert-W quadrature) vs ODE shooting and the late-time method-of-"
                    "lines solution; errors of (5) over a Pi scan")
def _eq5():
    if sp.simplify(cf.interpolation_in_similarity_variables() - cf.interpolation_shape()) != 0:
        return failed("(5) in similarity variables is not the interpolation shape")
    limits = cf.interpolation_limits()
    if limits != {"core": 2 / sp.sqrt(cf.kappa_nl), "pedestal": 2 / cf.xi}:
        return failed(f"limits of (5): {limits}")
    shoot = nc.shoot_similarity(3.0)
    exact = nc.similarity_solution(3.0)
    shoot_err = abs(shoot["F"] / exact.F - 1)
    run = _escape_run()
    late = run.compare_similarity(-1)
    rows = [nc.interpolation_accuracy(p_, "exact") for p_ in _SCAN]
    l1 = max(r["l1"] for r in rows)
    bulk = max(r["max_rel_bulk"] for r in rows)
    tail = min(r["rel_at_3"] for r in rows)
    if shoot_err > 1e-9 or late["l1_similarity"] > 2e-3 or l1 > 0.15:
        return failed(f"exact profile checks: shooting {shoot_err:.1e}, PDE {late['l1_similarity']:.1e}; (5) L1 {l1:.2f}")
    return reproduced(
        "An interpolation, with exact limits: the pedestal 2 kappa_B/(C_A z) and, with F(Pi) = "
        "kappa_NL e^Pi/kappa_ISM from the exact core height, the core.  The seed's parameter a drops "
        "out.  Against the exact self-similar profile (Lambert-W quadrature; ODE shooting agrees on F "
        f"to {shoot_err:.0e}, the late-time PDE on the profile to {late['l1_similarity']:.0e}) over "
        f"Pi in {_SCAN[0]}..{_SCAN[-1]}: L1 error <= {l1:.3f} of Pi, max relative error "
        f"<= {bulk:.3f} for z <= sqrt(kappa_ISM t); the tail is 1/z times the Gaussian where the "
        f"exact tail is a pure Gaussian, so (5) is {abs(tail):.2f} low at z = 3 sqrt(kappa_ISM t).",
        max_l1=l1, max_rel_bulk=bulk, rel_at_3=tail, shooting_F_error=shoot_err,
        pde_l1=late["l1_similarity"], scan=[{k: r[k] for k in ("pi", "F", "l1", "max_rel_bulk", "rel_at_3")}
                                          for r in rows])


# --------------------------------------------------------------------------- numbers in the text

@register_equation(
    seed=SEED, equation="num:F_large_pi", title="F(Pi) ~ 2e ~ 5.4 for Pi >> 1",
    claim="F(Pi) = 2e = 5.4 for Pi >> 1",
    derivation="cranisotropy.derivations.confinement.escape.large_pi_limit_of_F (separatrix C = 2 ln 2 - 1)",
    numerical_check="Lambert-W F at Pi = 30; ODE shooting at Pi = 10")
def _f_large():
    limit = cf.large_pi_limit_of_F()
    f30 = nc.factor_F(30.0)
    f10 = nc.shoot_similarity(10.0)["F"]
    if limit != 2 * sp.E or abs(f30 / (2 * e) - 1) > 1e-6 or abs(f10 / nc.factor_F(10.0) - 1) > 1e-9:
        return failed(f"limit {limit}, F(30) = {f30}, shooting F(10) = {f10}")
    return reproduced(
        "Exactly 2e: the core value of the first integral tends to the separatrix (pedestal fixed point) "
        f"value 2 ln 2 - 1, so F = 8 e^-C -> 2e.  F(30) = {f30:.10f} (2e = {2 * e:.10f}); F approaches it "
        "as e^(-Pi/sqrt 2).", F_30=f30, F_10=f10, two_e=2 * e)


@register_equation(
    seed=SEED, equation="num:F_small_pi", title="F(Pi) ~ 2 pi Pi^-2 for Pi << 1",
    claim="F(Pi) = 2 pi Pi^-2 for Pi << 1",
    derivation="cranisotropy.derivations.confinement.escape.small_pi_limit_of_F",
    numerical_check="Lambert-W F and ODE shooting at Pi = 1e-3; test-particle normalisation of (5)")
def _f_small():
    limit = cf.small_pi_limit_of_F()
    small = 1e-3
    ratio = nc.factor_F(small) * small**2 / pi
    shoot = nc.shoot_similarity(small)["F"] * small**2 / pi
    norm = nc.factor_F_normalised(small) * small**2 / pi
    if sp.simplify(limit - 4 * sp.pi / cf.Pi**2) != 0 or abs(ratio - 4) > 0.01 or abs(shoot - 4) > 0.01:
        return failed(f"limit {limit}, F Pi^2/pi = {ratio}, shooting {shoot}")
    return differs(
        "The weak-source limit is 4 pi Pi^-2, not 2 pi Pi^-2: then (5) must reduce to the test-particle "
        "Gaussian Pi kappa_B/(C_A sqrt(pi kappa_ISM t)) exp(-z^2/4 kappa_ISM t) on the half-line "
        f"int_0^inf.  F Pi^2/pi at Pi = 1e-3: {ratio:.4f} (exact), {shoot:.4f} (shooting), "
        f"{norm:.4f} (F that normalises (5)).", derived=str(limit),
        F_pi2_over_pi=ratio, shooting=shoot, normalised=norm)


@register_equation(
    seed=SEED, equation="num:core_elevation", title="core elevated ~ Pi^-1 exp(Pi/2) over test particles",
    claim="core height ~ (D_NL t)^-1/2, elevated by ~ Pi^-1 exp(Pi/2) compared to the test-particle solution",
    derivation="cranisotropy.derivations.confinement.escape.core_elevation",
    numerical_check="exact core height / test-particle core height at Pi = 5, 10, 20")
def _core_elevation():
    ratio = cf.core_elevation()
    F = sp.Symbol("F", positive=True)
    values = {}
    for p_ in (5.0, 10.0, 20.0):
        sol = nc.similarity_solution(p_)
        measured = sol.shape(0.0)[()] / (p_ / sqrt(pi))
        predicted = float(ratio.subs({F: sol.F, cf.Pi: p_}))
        values[p_] = (measured, measured * p_ * exp(-p_ / 2))
        if abs(measured / predicted - 1) > 1e-9:
            return failed(f"Pi = {p_}: measured {measured}, predicted {predicted}")
    prefactor = values[20.0][1]
    return reproduced(
        f"Exact ratio {sp.sstr(ratio)}; with F -> 2e this is sqrt(2 pi/e) Pi^-1 e^(Pi/2) = "
        f"{sqrt(2 * pi / e):.4f} Pi^-1 e^(Pi/2) (measured prefactor at Pi = 20: {prefactor:.4f}).",
        derived=str(ratio), prefactor_pi_20=prefactor)


@register_equation(
    seed=SEED, equation="num:D_NL", title="D_NL ~ D_ISM exp(-Pi)",
    claim="strong quasi-linear suppression: D_NL ~ D_ISM exp(-Pi)",
    derivation="(4) integrated over z: I just outside the source is I_ISM e^Pi, so kappa_core = kappa_ISM e^-Pi exactly",
    numerical_check="wave energy next to the source in the late-time method-of-lines solution")
def _d_nl():
    run = _escape_run()
    k_face = int(np.searchsorted(run.faces[1:-1], 2.0))
    x_face = run.faces[1:-1][k_face]
    inside = run.faces[1:] <= x_face + 1e-12
    ratios, identity = [], []
    for k in range(run.times.size):
        log_ratio = run.excess[k][k_face] - run.problem.pi
        # (4) integrated over [0, x] (x outside the source): ln(I/I_ISM) = Pi - int_0^x P dz
        identity.append(abs(log_ratio + float(run.p[k][inside] @ run.widths[inside])))
        ratios.append(exp(log_ratio))
    decay = [(1 - r) * sqrt(t_) for r, t_ in zip(ratios, run.times)]
    if max(identity) > 1e-9 or not all(a < b for a, b in zip(ratios, ratios[1:])) or abs(decay[-1] / decay[-2] - 1) > 0.1:
        return failed(f"ratios {ratios}, identity {max(identity):.1e}, (1 - ratio) sqrt(t) {decay}")
    return reproduced(
        "Exact in the limit: (4) integrated across the source gives ln(I/I_ISM) = Pi - int_0^z P dz just "
        f"outside it (checked to {max(identity):.0e}), so I -> I_ISM e^Pi and the core diffusivity "
        "kappa_B/I -> kappa_ISM e^-Pi as the core spreads (I/(I_ISM e^Pi) = "
        + ", ".join(f"{r:.4f}" for r in ratios) + " at C_A t/a = " + ", ".join(f"{t_:.3g}" for t_ in run.times)
        + ", deficit ~ t^-1/2).  The D_NL of (5) is F(Pi) times this, F in [2e, 4 pi/Pi^2].",
        wave_ratios=ratios, identity_error=max(identity))


@register_equation(
    seed=SEED, equation="num:pedestal", title="pedestal P ~ 1/z independent of Pi and D_ISM",
    claim="sqrt(D_NL) < z/sqrt(t) < sqrt(D_ISM): P_CR ~ 1/z, independent of Pi and D_ISM for Pi >> 1",
    derivation="separatrix fixed point (v, q) = (0, -2): g = 2/xi, h = 2/xi^2 solves the similarity system",
    numerical_check="P z C_A / kappa_B and the local slope on the pedestal of the Pi = 8 PDE run")
def _pedestal():
    gs, hs = 2 / cf.xi, 2 / cf.xi**2
    system = cf.similarity_system()
    residual = [sp.simplify(sp.diff(f, cf.xi) - rhs.subs({cf.g: gs, cf.h: hs}))
                for f, rhs in ((gs, system[sp.Derivative(cf.g, cf.xi)]), (hs, system[sp.Derivative(cf.h, cf.xi)]))]
    # plateau of P z C_A / (2 kappa_B) = g xi / 2 in the exact profiles: -> 1 as Pi grows
    plateau = {}
    for p_ in (8.0, 12.0, 20.0):
        sol = nc.similarity_solution(p_)
        x = np.geomspace(sqrt(sol.kappa_nl), 1.0, 400)
        plateau[p_] = float(np.max(sol.shape(x) * x / 2))
    run = _escape_run(12.0)
    tau = run.times[-1]
    scale = sqrt(run.problem.d_ism * tau)
    x = run.centres
    mask = (x > 3.0) & (x < scale)
    pde_plateau = float(np.max(run.p[-1][mask] * x[mask] / 2))
    if residual != [0, 0] or not (plateau[8.0] < plateau[12.0] < plateau[20.0] < 1) or plateau[20.0] < 0.995 \
            or abs(pde_plateau / plateau[12.0] - 1) > 5e-3:
        return failed(f"residual {residual}, plateaus {plateau}, PDE {pde_plateau}")
    return reproduced(
        "Exact intermediate asymptotics P = 2 kappa_B/(C_A z), I = 2 kappa_B t/z^2 (the separatrix of the "
        "similarity equations), reached as Pi grows: max of P z C_A/(2 kappa_B) on the pedestal = "
        f"{plateau[8.0]:.4f}, {plateau[12.0]:.4f}, {plateau[20.0]:.4f} at Pi = 8, 12, 20 (PDE at Pi = 12: "
        f"{pde_plateau:.4f}).", plateau=plateau, pde_plateau_12=pde_plateau)


@register_equation(
    seed=SEED, equation="num:tail", title="tail saturates with Pi, test-particle shape",
    claim="z/sqrt(t) > sqrt(D_ISM): P ~ (D_ISM t)^-1/2 exp(-z^2/4 D_ISM t), independent of Pi for Pi >> 1, "
          "~ Pi for Pi <~ 1",
    derivation="cranisotropy.derivations.confinement.escape.tail_amplitude (A = 2/sqrt(F kappa_ISM))",
    numerical_check="tail amplitude of the exact profiles and of ODE shooting")
def _tail():
    amps = {p_: nc.similarity_solution(p_).tail_amplitude for p_ in (0.01, 1.0, 10.0, 30.0)}
    shoot = nc.shoot_similarity(10.0)["tail_amplitude"]
    sat = sqrt(2 / e)
    if abs(amps[30.0] / sat - 1) > 1e-6 or abs(amps[0.01] / (0.01 / sqrt(pi)) - 1) > 0.01 or abs(shoot / amps[10.0] - 1) > 1e-6:
        return failed(f"tail amplitudes {amps}, shooting {shoot}")
    return reproduced(
        "The exact tail is a pure Gaussian A exp(-z^2/4 kappa_ISM t) with A = (2/sqrt(F)) kappa_B/(C_A "
        f"sqrt(kappa_ISM t)): A sqrt(kappa_ISM) = {amps[0.01] / 0.01:.4f} Pi at Pi = 0.01 (Pi/sqrt(pi): "
        f"{1 / sqrt(pi):.4f} Pi), {amps[10.0]:.5f} at Pi = 10, {amps[30.0]:.6f} at 30 -> sqrt(2/e) = {sat:.6f}.  "
        "The core/tail amplitude ratio is exactly e^(Pi/2).", tail_amplitudes=amps, saturation=sat)


@register_equation(
    seed=SEED, equation="num:break", title="spectral break at z^2/t ~ D_NL(p)",
    claim="spectral break at fixed z, t where z^2/t ~ D_NL(p) ~ D_ISM exp(-Pi)",
    derivation="cranisotropy.derivations.confinement.escape.break_condition",
    numerical_check="the break (mid-slope point) of exact spectra P(p) at fixed z/sqrt(t) for power-law "
                    "Pi(p), kappa_ISM(p), kappa_B(p)")
def _break():
    source = nc.PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    xi = 2 * sqrt(nc.factor_F(8.0) * exp(-8.0))
    criterion = nc.break_momentum(xi, source)
    measured = nc.measured_break(xi, source, criterion)
    ratio = measured["p_break"] / criterion
    if not (0.5 < ratio < 2):
        return failed(f"criterion {criterion}, measured {measured}")
    return reproduced(
        "Below the break the point lies on the pedestal (P = 2 kappa_B/(C_A z), slope kappa_B(p)), above it in "
        f"the core.  Example Pi = 8 (p/p0)^-1/2, kappa_ISM ~ p^1/3, z^2/t = 4 kappa_NL(p0): criterion "
        f"p = {criterion:.3f} p0, exact spectrum's mid-slope break {measured['p_break']:.3f} p0 (ratio {ratio:.2f}).",
        criterion=criterion, measured=measured["p_break"], ratio=ratio)
