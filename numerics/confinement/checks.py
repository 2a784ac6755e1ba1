"""Seed 000, Sec. II (eqs. 1-5 and the numbers quoted after them): self-confinement of CRs."""
from __future__ import annotations

from functools import lru_cache
from math import exp, sqrt

import numpy as np
import sympy as sp

from cranisotropy.core.registry import check, confirm, differs, failed, within
from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.numerics.confinement import pde, pressure
from cranisotropy.numerics.confinement import similarity as sim
from cranisotropy.numerics.confinement.spectrum import PowerLawSource, spectral_break
from cranisotropy.numerics.evidence import rel_error, same_expression, within_sigma

SEED = "000"
_ESCAPE = "cranisotropy.derivations.confinement.escape."
F_sym = sp.Symbol("F", positive=True)


@lru_cache(maxsize=None)
def _escape_run(pi_value: float = 3.0):
    """One time-dependent run shared by several checks (D_ISM = 1, to the self-similar stage)."""
    t_end = pde.self_similar_time(pi_value, 1.0, 3e3)
    return pde.solve_escape(np.geomspace(t_end / 1e3, t_end, 4), pi_value)


@lru_cache(maxsize=None)
def _smooth_run():
    """A run from the smooth (Gaussian) cloud on a fine grid, where a spline derivative of ln I
    is meaningful."""
    return pde.solve_escape([1.0, 5.0, 20.0], 3.0, cloud="gaussian", x_max=60, cells_in_source=64, growth=1.02)


@check("000", "1", "CR partial pressure diffuses with kappa_B / I",
       restored="the diffusion coefficient kappa_B/I (extracted: kappa_B; a stacked fraction lost). Forced: "
                "the quasilinear integral (4), printed in the same paper, is conserved by (1)-(2) only with "
                "kappa_B/I, and the text's kappa_par = kappa_B (dB/B)^-2 with (dB/B)^2 = I per band gives "
                "kappa_B/I")
def _eq1():
    """dP_CR/dt = d/dz (kappa_B/I) dP_CR/dz (extracted: d/dz kappa_B dP_CR/dz)

    Derivation: cranisotropy.derivations.confinement.escape.cr_pressure_rhs (kappa_par = kappa_B
    (dB/B)^-2 -> kappa_B/I)
    Evidence: the quasilinear integral (4): zero dQ/dt symbolically and a 1e-13 residual in the
    method-of-lines solution with kappa_B/I; with kappa_B alone (4) fails by O(1) (closed-form
    heat-kernel solution)
    """
    rate_reconstructed = cf.invariant_rate(cf.cr_pressure_rhs())
    rate_extracted = cf.invariant_rate(cf.extracted_cr_pressure_rhs())
    q_extracted = pde.extracted_quasilinear_residual()
    q_reconstructed = float(_escape_run().quasilinear_residual().max())
    return confirm(
        rate_reconstructed == 0 and rate_extracted != 0 and q_reconstructed < 1e-9 and q_extracted > 1e-2,
        "With kappa_B/I, dQ/dt = 0 identically for Q = P - P0 + (kappa_B/C_A) d/dz ln(I/I0) (sympy) and the "
        "solver's discrete (4) holds to < 1e-9; the extracted kappa_B alone breaks (4): dQ/dt = "
        f"{sp.sstr(rate_extracted)}, numerically |Q|/Pi = {q_extracted:.2f}.",
        invariant_residual_reconstructed=q_reconstructed, invariant_residual_extracted=q_extracted)


@check("000", "2", "wave energy: growth -C_A dP/dz, damping -Gamma I")
def _eq2():
    """dI/dt = -C_A dP_CR/dz - Gamma I

    Derivation: cranisotropy.derivations.confinement.escape.wave_energy_rhs; damping_substitution (I
    e^(Gamma t) -> I, int e^(Gamma t) dt -> t removes Gamma exactly)
    Evidence: method-of-lines run with Gamma vs the undamped run at s = (e^(Gamma t) - 1)/Gamma;
    late-time wave energy vs the exact self-similar I(z/sqrt t)
    """
    symbolic = cf.damping_substitution() == (0, 0) and cf.pressure_normalisation() == 1
    mapped = pde.damping_map_deviation([1.0, 10.0, 40.0], 3.0, gamma=0.05, x_max=300)
    wave = _escape_run().compare_similarity(-1)["max_rel_wave"]
    return confirm(
        symbolic and max(mapped.values()) < 1e-6 and wave < 2e-3,
        "Model equation of the seed's Ref. 34 (CR work on the waves -C_A dP/dz per band; P_CR and I "
        "share the unit B0^2/8pi, see eq. 3).  The text's substitution I e^(Gamma t) -> I, "
        "int_0^t e^(Gamma t) dt -> t removes Gamma from the whole system (also inside the source): "
        "symbolically, and numerically to < 1e-6.  Undamped, the wave energy of the PDE run approaches "
        "the exact self-similar I(z/sqrt t) (max relative difference < 2e-3).",
        damping_map_error=max(mapped.values()), wave_vs_similarity=wave)


@check("000", "3", "dimensionless CR partial pressure")
def _eq3():
    """P_CR = (4 pi/3) (2/(rho C_A^2)) v p^4 f

    Derivation: cranisotropy.derivations.confinement.escape.pressure_per_log_momentum,
    pressure_normalisation
    Evidence: Monte Carlo momentum flux <v_z p_z> over isotropic momenta vs the quadrature of eq.
    (3)
    """
    claim = sp.Rational(4, 3) * sp.pi * cf.v_cr * cf.p**4 * cf.f_cr
    quadrature = pressure.pressure_quadrature(4.5, 1.0, 100.0)
    mc, err = pressure.pressure_monte_carlo(4.5, 1.0, 100.0)
    return confirm(
        same_expression(cf.pressure_per_log_momentum(), claim) and cf.pressure_normalisation() == 1
        and within_sigma(mc, err, quadrature, n_sigma=5),
        "(4pi/3) v p^4 f is the pressure (1/3) int v p f d^3p per unit ln p, and 2/(rho C_A^2) = 8pi/B0^2: "
        f"P_CR is in the wave-energy unit B0^2/8pi.  Monte Carlo <v_z p_z> = {mc:.4g} +- {err:.1g} vs "
        f"{quadrature:.4g} from eq. (3) (f = p^-4.5 on [1, 100] m c, 4e5 samples).",
        monte_carlo=mc, monte_carlo_error=err, quadrature=quadrature)


@check("000", "4", "quasilinear integral")
def _eq4():
    """P_CR(z, t) = P_CR0(z) - (kappa_B/C_A) d/dz ln(I(z, t)/I_0(z))

    Derivation: cranisotropy.derivations.confinement.escape.invariant_rate (dQ/dt = 0 on solutions
    of the reconstructed (1) and (2), Gamma uniform)
    Evidence: residual of (4) in the method-of-lines solution: the solver's discrete form and a
    spline derivative of ln I (smooth cloud); CR content conservation
    """
    run = _escape_run()
    discrete = float(run.quasilinear_residual().max())
    content = float(np.abs(run.content() / run.problem.pi - 1).max())
    continuum = max(_smooth_run().quasilinear_residual_continuum(k) for k in range(3))
    return confirm(
        cf.invariant_rate(cf.cr_pressure_rhs()) == 0 and max(discrete, content) < 1e-9 and continuum < 1e-3,
        "Holds for the restored eq. (1) (kappa_B/I; not for the extracted kappa_B) with any "
        "z-independent Gamma.  In the method-of-lines solution (Pi = 3, top-hat cloud, to the "
        "self-similar stage) the discrete form of (4) and the CR content hold to < 1e-9; with a spline "
        f"derivative of ln I (Gaussian cloud) the L1 residual is {continuum:.0e} of Pi (discretisation "
        "error, O(h^2)).",
        discrete_residual=discrete, continuum_residual=continuum, content_error=content)


@check("000", "num:I_diffusion", "diffusion equation for I (unnumbered, after eq. 4)",
       restored="the diffusion term d/dz (kappa_B/I) dI/dz (extracted: (d kappa_B/dz)(dI/dz); the stacked "
                "fraction kappa_B/I lost, as in eq. 1). Forced: the text derives the equation by substituting "
                "P_CR from (4) into (2), which gives exactly this term")
def _i_equation():
    """dI/dt = d/dz (kappa_B/I) dI/dz - Gamma I - C_A dP_CR0/dz (extracted: (d kappa_B/dz)(dI/dz) - Gamma I
    - C_A dP_CR0/dz)

    Derivation: cranisotropy.derivations.confinement.escape.wave_diffusion_rhs (P from (4) into (2))
    Evidence: the I-equation alone on a uniform node grid, P recovered from (4), vs the coupled
    method-of-lines solution; the text's linear form for comparison
    """
    standard = same_expression(cf.wave_diffusion_rhs(), cf.wave_diffusion_rhs_standard_form().doit())
    errors = pde.wave_equation_discrepancy([5.0, 20.0], 3.0)
    return confirm(
        standard and errors["derived"] < 2e-3 and errors["extracted"] > 0.1,
        "Eliminating P with (4) gives the nonlinear (logarithmic) diffusion d/dz (kappa_B/I) dI/dz = kappa_B "
        "d^2 ln I/dz^2 (plus -kappa_B (ln I0)'' for a non-uniform I0, zero for the text's uniform I_ISM).  "
        "Solved alone, it reproduces the coupled system to < 2e-3 (L1 of P / Pi, discretisation level); a "
        f"linear diffusion d/dz kappa_B dI/dz misses by {errors['extracted']:.2f}.  The Gamma-substitution "
        "quoted after it holds exactly (eq. 2).", l1_derived=errors["derived"], l1_extracted=errors["extracted"])


_SCAN = (0.01, 0.1, 1.0, 3.0, 10.0, 30.0)


@check("000", "5", "interpolation formula for the escaping CR profile")
def _eq5():
    """P_CR = 2 kappa_B/(C_A^(3/2) sqrt(a t)) [zeta^(5/3) + D_NL^(5/6)]^(-3/5) exp(-zeta^2/(4 D_ISM)),
    zeta = z/sqrt(C_A a t), D_NL = F(Pi) D_ISM e^-Pi

    Derivation: cranisotropy.derivations.confinement.escape.lambert_solution (exact similarity
    solution), interpolation_in_similarity_variables
    Evidence: exact profiles (Lambert-W quadrature) vs ODE shooting and the late-time
    method-of-lines solution; errors of (5) over a Pi scan
    """
    limits = cf.interpolation_limits()
    symbolic = (same_expression(cf.interpolation_in_similarity_variables(), cf.interpolation_shape())
                and same_expression(limits["core"], 2 / sp.sqrt(cf.kappa_nl))
                and same_expression(limits["pedestal"], cf.pedestal_solution()["g"]))
    shooting = rel_error(sim.shoot_similarity(3.0).F, sim.factor_F(3.0))
    late = _escape_run().compare_similarity(-1)["l1_similarity"]
    rows = [sim.interpolation_accuracy(p_) for p_ in _SCAN]
    l1, bulk = max(r.l1 for r in rows), max(r.max_rel_bulk for r in rows)
    tail = min(r.rel_at_3 for r in rows)
    return confirm(
        symbolic and shooting < 1e-9 and late < 2e-3 and l1 < 0.15,
        "An interpolation, with exact limits: the pedestal 2 kappa_B/(C_A z) and, with F(Pi) = "
        "kappa_NL e^Pi/kappa_ISM from the exact core height, the core.  The seed's parameter a drops "
        "out.  Against the exact self-similar profile (Lambert-W quadrature; ODE shooting agrees on F "
        "to < 1e-9, the late-time PDE on the profile to < 2e-3) over "
        f"Pi in {_SCAN[0]}..{_SCAN[-1]}: L1 error <= {l1:.3f} of Pi, max relative error "
        f"<= {bulk:.3f} for z <= sqrt(kappa_ISM t); the tail is 1/z times the Gaussian where the "
        f"exact tail is a pure Gaussian, so (5) is {abs(tail):.2f} low at z = 3 sqrt(kappa_ISM t).",
        max_l1=l1, max_rel_bulk=bulk, rel_at_3=tail, shooting_F_error=shooting, pde_l1=late,
        scan=[{k: getattr(r, k) for k in ("pi", "F", "l1", "max_rel_bulk", "rel_at_3")} for r in rows])


@check("000", "num:F_large_pi", "F(Pi) ~ 2e ~ 5.4 for Pi >> 1")
def _f_large():
    """F(Pi) = 2e = 5.4 for Pi >> 1

    Derivation: cranisotropy.derivations.confinement.escape.large_pi_limit_of_F (separatrix C = 2 ln
    2 - 1)
    Evidence: Lambert-W F at Pi = 30; ODE shooting at Pi = 10
    """
    limit = cf.large_pi_limit_of_F()
    f30 = sim.factor_F(30.0)
    shooting = rel_error(sim.shoot_similarity(10.0).F, sim.factor_F(10.0))
    return confirm(
        limit == 2 * sp.E and rel_error(f30, float(limit)) < 1e-6 and shooting < 1e-9,
        "Exactly 2e: the core value of the first integral tends to the separatrix (pedestal fixed point) "
        "value 2 ln 2 - 1, so F = 8 e^-C -> 2e.  F(30) = 2e to < 1e-6 (Lambert-W quadrature; ODE "
        "shooting agrees at Pi = 10 to < 1e-9); F approaches 2e as e^(-Pi/sqrt 2).",
        F_30=f30, shooting_F_10_error=shooting, two_e=float(limit))


@check("000", "num:F_small_pi", "F(Pi) ~ 2 pi Pi^-2 for Pi << 1")
def _f_small():
    """F(Pi) = 2 pi Pi^-2 for Pi << 1

    Derivation: cranisotropy.derivations.confinement.escape.small_pi_limit_of_F
    Evidence: Lambert-W F and ODE shooting at Pi = 1e-3; test-particle normalisation of (5)
    """
    limit = cf.small_pi_limit_of_F()
    small = 1e-3
    values = {"exact": sim.factor_F(small), "shooting": sim.shoot_similarity(small).F,
              "normalised": sim.factor_F(small, "normalised")}
    ratios = {k: v * small**2 / np.pi for k, v in values.items()}
    expected = float(limit.subs(cf.Pi, small))
    evidence = {f"F_pi2_over_pi_{k}": v for k, v in ratios.items()}
    if not (rel_error(values["exact"], expected) < 2.5e-3 and rel_error(values["shooting"], expected) < 2.5e-3):
        return failed(f"limit {limit}, F Pi^2/pi = {ratios}", **evidence)
    return differs(
        "The weak-source limit is 4 pi Pi^-2, not 2 pi Pi^-2: then (5) must reduce to the test-particle "
        "Gaussian Pi kappa_B/(C_A sqrt(pi kappa_ISM t)) exp(-z^2/4 kappa_ISM t) on the half-line "
        "int_0^inf, with Pi = (C_A/kappa_B) int_0^inf P dz as the text defines it (a full-line Pi would "
        "give 16 pi Pi^-2, not 2 pi either).  F Pi^2/pi at Pi = 1e-3: "
        + ", ".join(f"{v:.4f} ({k})" for k, v in ratios.items()) + ".", derived=str(limit),
        effect="factor 2 in F, hence in D_NL, for Pi << 1: with 2 pi Pi^-2 the profile (5) is sqrt(2) too "
               "high (41 % too many CRs) in the weak-source regime; the strong-source results (F -> 2e, "
               "the pedestal, the e^-Pi suppression) are unaffected, so no conclusion changes",
        impact="factor", **evidence)


@check("000", "num:core_elevation", "core elevated ~ Pi^-1 exp(Pi/2) over test particles")
def _core_elevation():
    """core height ~ (D_NL t)^-1/2, elevated by ~ Pi^-1 exp(Pi/2) compared to the test-particle
    solution

    Derivation: cranisotropy.derivations.confinement.escape.core_elevation
    Evidence: exact core height / test-particle core height at Pi = 5, 10, 20
    """
    ratio = cf.core_elevation()
    predicted = sp.lambdify((F_sym, cf.Pi), ratio, "math")
    measured = {}
    for p_ in (5.0, 10.0, 20.0):
        sol = sim.similarity_solution(p_)
        # over the core height Pi/sqrt(pi) of the half-line test-particle Gaussian (kappa_ISM = 1)
        measured[p_] = sol.shape(0.0)[()] / (p_ / sqrt(np.pi))
    error = max(rel_error(m, predicted(sim.factor_F(p_), p_)) for p_, m in measured.items())
    asymptote = sp.simplify(ratio.subs(F_sym, cf.large_pi_limit_of_F()) * cf.Pi * sp.exp(-cf.Pi / 2))
    prefactor = measured[20.0] * 20.0 * exp(-10.0)
    return within(
        error, 1e-9,
        f"Exact ratio {sp.sstr(ratio)}; with F -> 2e this is {sp.sstr(asymptote)} Pi^-1 e^(Pi/2) = "
        f"{float(asymptote):.4f} Pi^-1 e^(Pi/2) (measured prefactor at Pi = 20: {prefactor:.4f})",
        name="max_rel_error", derived=str(ratio), prefactor_pi_20=prefactor)


@check("000", "num:D_NL", "D_NL ~ D_ISM exp(-Pi)")
def _d_nl():
    """strong quasi-linear suppression: D_NL ~ D_ISM exp(-Pi)

    Derivation: (4) integrated over z: I just outside the source is I_ISM e^Pi, so kappa_core =
    kappa_ISM e^-Pi exactly
    Evidence: wave energy next to the source in the late-time method-of-lines solution
    """
    run = _escape_run()
    log_ratio, identity = run.wave_excess_identity(2.0)
    ratios = np.exp(log_ratio - run.problem.pi)
    deficit = (1 - ratios) * np.sqrt(run.times)
    return confirm(
        identity < 1e-9 and bool(np.all(np.diff(ratios) > 0)) and rel_error(deficit[-1], deficit[-2]) < 0.1,
        "Exact in the limit: (4) integrated across the source gives ln(I/I_ISM) = Pi - int_0^z P dz just "
        "outside it (checked to < 1e-9), so I -> I_ISM e^Pi and the core diffusivity kappa_B/I -> "
        "kappa_ISM e^-Pi as the core spreads (I/(I_ISM e^Pi) = " + ", ".join(f"{r:.4f}" for r in ratios)
        + " at C_A t/a = " + ", ".join(f"{t_:.3g}" for t_ in run.times)
        + ", deficit ~ t^-1/2).  The D_NL of (5) is F(Pi) times this, F in [2e, 4 pi/Pi^2].",
        wave_ratios=ratios, identity_error=identity)


@check("000", "num:pedestal", "pedestal P ~ 1/z independent of Pi and D_ISM")
def _pedestal():
    """sqrt(D_NL) < z/sqrt(t) < sqrt(D_ISM): P_CR ~ 1/z, independent of Pi and D_ISM for Pi >> 1

    Derivation: cranisotropy.derivations.confinement.escape.pedestal_solution: the separatrix fixed
    point (v, q) = (0, -2), g = 2/xi, h = 2/xi^2, solves the similarity system
    Evidence: P z C_A / kappa_B on the pedestal of the exact profiles and of the Pi = 12 PDE run
    """
    plateau = {p_: sim.similarity_solution(p_).pedestal_plateau() for p_ in (8.0, 12.0, 20.0)}
    pde_plateau = _escape_run(12.0).pedestal_plateau()
    return confirm(
        cf.pedestal_residual() == (0, 0) and plateau[8.0] < plateau[12.0] < plateau[20.0] < 1
        and plateau[20.0] > 0.995 and rel_error(pde_plateau, plateau[12.0]) < 5e-3,
        "Exact intermediate asymptotics P = 2 kappa_B/(C_A z), I = 2 kappa_B t/z^2 (the separatrix of the "
        "similarity equations), reached as Pi grows: max of P z C_A/(2 kappa_B) on the pedestal = "
        + ", ".join(f"{v:.4f}" for v in plateau.values()) + " at Pi = 8, 12, 20 (PDE at Pi = 12: "
        f"{pde_plateau:.4f}).", plateau=plateau, pde_plateau_12=pde_plateau)


@check("000", "num:tail", "tail saturates with Pi, test-particle shape")
def _tail():
    """z/sqrt(t) > sqrt(D_ISM): P ~ (D_ISM t)^-1/2 exp(-z^2/4 D_ISM t), independent of Pi for Pi >> 1,
    ~ Pi for Pi <~ 1

    Derivation: cranisotropy.derivations.confinement.escape.tail_amplitude (A = 2/sqrt(F kappa_ISM))
    Evidence: tail amplitude of the exact profiles and of ODE shooting
    """
    amplitude = sp.lambdify((F_sym, cf.kappa_ism), cf.tail_amplitude(), "math")
    saturation = amplitude(float(cf.large_pi_limit_of_F()), 1.0)
    amps = {p_: sim.similarity_solution(p_).tail_amplitude for p_ in (0.01, 1.0, 10.0, 30.0)}
    # Pi << 1: the half-line test-particle Gaussian with content Pi has amplitude Pi / sqrt(pi kappa_ISM)
    test_particle = 0.01 / sqrt(np.pi)
    shooting = rel_error(sim.shoot_similarity(10.0).tail_amplitude, amps[10.0])
    return confirm(
        rel_error(amps[30.0], saturation) < 1e-6 and rel_error(amps[0.01], test_particle) < 0.01
        and shooting < 1e-6,
        "The exact tail is a pure Gaussian A exp(-z^2/4 kappa_ISM t) with A = (2/sqrt(F)) kappa_B/(C_A "
        f"sqrt(kappa_ISM t)): A sqrt(kappa_ISM) = {amps[0.01] / 0.01:.4f} Pi at Pi = 0.01 (Pi/sqrt(pi): "
        f"{1 / sqrt(np.pi):.4f} Pi), {amps[10.0]:.5f} at Pi = 10, {amps[30.0]:.6f} at 30 -> sqrt(2/e) = "
        f"{saturation:.6f} (ODE shooting agrees at Pi = 10 to < 1e-6).  The core/tail amplitude ratio is "
        "exactly e^(Pi/2).", tail_amplitudes=amps, saturation=saturation, shooting_error=shooting)


@check("000", "num:break", "spectral break at z^2/t ~ D_NL(p)")
def _break():
    """spectral break at fixed z, t where z^2/t ~ D_NL(p) ~ D_ISM exp(-Pi)

    Derivation: cranisotropy.derivations.confinement.escape.break_condition
    Evidence: the break (mid-slope point) of exact spectra P(p) at fixed z/sqrt(t) for power-law
    Pi(p), kappa_ISM(p), kappa_B(p)
    """
    brk = spectral_break(2 * sqrt(sim.factor_F(8.0) * exp(-8.0)), PowerLawSource(pi0=8.0, kappa_ism0=1.0))
    ratio = brk.measured / brk.criterion
    return confirm(
        0.5 < ratio < 2,
        "Below the break the point lies on the pedestal (P = 2 kappa_B/(C_A z), slope kappa_B(p)), above it in "
        f"the core.  Example Pi = 8 (p/p0)^-1/2, kappa_ISM ~ p^1/3, z^2/t = 4 kappa_NL(p0): criterion "
        f"p = {brk.criterion:.3f} p0, exact spectrum's mid-slope break {brk.measured:.3f} p0 (ratio {ratio:.2f}).",
        criterion=brk.criterion, measured=brk.measured, ratio=ratio)
