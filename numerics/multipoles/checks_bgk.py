"""verify: BGK diffusion (seed 003 eqs. 1-6, seed 004 eqs. 33-56, 63).

Each entry derives the equation with :mod:`cranisotropy.derivations.multipoles.bgk`, states what
the text prints, and confirms it with an independent method of
:mod:`cranisotropy.numerics.multipoles` (trajectory integration, operator ensembles, sphere
quadrature, the Fourier moment system, Monte Carlo, HEALPix), then gives one verdict.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.registry import (check, confirm, differs, failed, register_equation,
    register_out_of_scope, within)
from cranisotropy.derivations.multipoles import bgk as B
from cranisotropy.derivations.multipoles import hierarchy as M
from cranisotropy.numerics.evidence import convergence_order, pull, rel_error, same_expression
from cranisotropy.numerics.multipoles import bgk, ensembles, phase_space, sphere

SEED = 20261122

# title, derivation and evidence shared by equations that one check decides
_ENSEMBLE = {"numerical_check": "exact matrix-exponential evolution of a two-member operator ensemble, for one "
                                "density and for a pair (on V (x) V)"}
_CLOSURE = {"numerical_check": "operator ensembles {+eps A, -eps A} (one density, pair): exact <dL df> vs the "
                               "leading-order formula; relative error ~ eps^2"}


def _numeric_k(nu: float, omega: float) -> np.ndarray:
    """The derived tensor of seed 003 eq. 5 (sympy), evaluated."""
    return np.array(B.diffusion_tensor_along_z().subs({B.nu: nu, B.Omega: omega}).evalf(), dtype=float)


@lru_cache(maxsize=None)
def _monte_carlo(ratio: float) -> tuple[bgk.BGKMonteCarlo, float]:
    """BGK Monte Carlo at nu t = 1, 30 (40 000 particles) and its largest |z| against the running tensor."""
    times = (1.0, 30.0)
    measured = bgk.simulate_bgk(1.0, ratio, times, n_particles=40_000, seed=SEED)
    z = measured.z_scores(bgk.bgk_running_tensor(1.0, ratio, times))
    return measured, max(float(np.max(np.abs(v))) for v in z.values())


@lru_cache(maxsize=None)
def _jacobian() -> float:
    return phase_space.flow_jacobian_determinant(seed=SEED)


def _ensemble_residual(residual) -> float:
    """Largest ``residual(ensemble, T)`` over the one-density (T = 1) and pair (T = 0.8) ensembles, eps = 0.3."""
    return max(residual(ensembles.operator_ensemble(0.3, pair=pair, seed=SEED), T)
               for pair, T in ((False, 1.0), (True, 0.8)))


# titles of checks registered under several seeds' equations
_TITLE_LIOUVILLE = "Liouville's theorem for the Lorentz force"
_TITLE_BOLTZMANN = "ensemble-averaged Boltzmann equation with -i Omega.L"
_TITLE_BGK_TERM = "BGK relaxation term"
_TITLE_MONOPOLE = "monopole (continuity) equation"
_TITLE_DIPOLE = "dipole equation"


@check("003", "1", _TITLE_LIOUVILLE, claim="df/dt = d_t f + xdot.grad_x f + pdot.grad_p f = 0")
@check("004", "33", _TITLE_LIOUVILLE)
@lru_cache(maxsize=None)
def _liouville():
    """fdot = d_t f + xdot.grad_r f + pdot.grad_p f = 0

    Derivation: cranisotropy.derivations.multipoles.bgk.phase_space_divergence
    Evidence: det of the 6-D flow Jacobian of a particle in a random static field (DOP853, central
    differences)
    """
    det = _jacobian()
    return confirm(B.phase_space_divergence(B.vector("Omega")) == 0 and abs(det - 1) < 1e-6,
                   "div_x(dx/dt) + div_p(p x Omega) = 0 symbolically; flow-map Jacobian = 1 (within 1e-6)",
                   jacobian_det_minus_1=det - 1)


@check("004", "63", "backtracking: f(t, r, p) = f(t-T, r(t-T), p(t-T))")
def _eq63():
    """phase-space density constant along backtracked trajectories

    Derivation: Liouville (eq. 33) integrated along a trajectory;
    cranisotropy.derivations.multipoles.bgk.phase_space_divergence
    Evidence: volume preservation of the backtracking flow map (as eq. 33)
    """
    return within(_jacobian() - 1, 1e-6, "follows from eq. 33 (incompressible Lorentz flow); flow Jacobian = 1",
                  name="jacobian_det_minus_1")


@check("003", "2", _TITLE_BOLTZMANN, claim="d_t f + p.grad_x f - i Omega.L f = <i omega.L f~>")
@check("002", "4.1", _TITLE_BOLTZMANN, claim="d_t <f> + p.grad_r <f> - i Omega.L <f> = <i omega.L df>")
@check("004", "35", _TITLE_BOLTZMANN)
@lru_cache(maxsize=None)
def _boltzmann():
    """L(r,p) = p.grad_r + pdot.grad_p = p.grad_r - i[Omega + omega(r)].L

    Derivation: cranisotropy.derivations.multipoles.bgk.rotation_term_identity (pdot.grad_p = -i
    Omega.L for pdot = p x Omega)
    Evidence: d_t f of a numerically backtracked distribution equals +i Omega.L f (sign of the
    rotation term)
    """
    err = phase_space.rotation_generator_error(seed=SEED)
    return confirm(B.rotation_term_identity() == 0 and err < 1e-6,
                   "(p x Omega).grad_p f = -i Omega.L f with L = -i p x grad_p (numerically within 1e-6); averaging "
                   "over the turbulence (<omega> = 0) leaves <i omega.L f~> on the right", rel_error=err)


register_out_of_scope("004", "36", "definition of the fluctuating Liouville operator dL = -i omega.L (eq. 35 minus its mean)")


@register_equation(seed="004", equation="34", title="averaged collisionless Boltzmann equation",
                   claim="d_t <f> + <L><f> = -<dL df>", **_ENSEMBLE,
                   derivation="average of d_t f + (<L> + dL)(<f> + df) = 0 over a zero-mean ensemble of dL")
@register_equation(seed="004", equation="72", title="evolution of <f1 f2>", **_ENSEMBLE,
                   claim="d_t <f1 f2> = -(L1 + L2) <f1 f2> - <(dL1 + dL2) F12>",
                   derivation="average of the two-density Liouville equation over a zero-mean ensemble")
@lru_cache(maxsize=None)
def _averaged_equation():
    return within(_ensemble_residual(ensembles.mean_equation_residual), 1e-12,
                  "holds exactly for the ensemble average (one density and a pair; L the averaged operators)",
                  name="max_residual")


@register_equation(seed="004", equation="37", title="equation of the fluctuation df", derivation="full equation minus eq. 34",
                   claim="d_t df + L df = -dL <f> + <dL df>  (L the full operator)", **_ENSEMBLE)
@register_equation(seed="004", equation="73", title="evolution of F12 = f1 f2 - <f1 f2>", **_ENSEMBLE,
                   claim="d_t F12 = -(L1 + L2) F12 - (dL1 + dL2) <f1 f2> + <(dL1 + dL2) F12>  (L the full operators)",
                   derivation="full pair equation minus eq. 72")
@lru_cache(maxsize=None)
def _fluctuation_equation():
    return within(_ensemble_residual(ensembles.fluctuation_equation_residual), 1e-12,
                  "holds exactly per realisation with L = <L> + dL (one density and a pair)", name="max_residual")


@register_equation(seed="004", equation="38", title="leading-order solution for df", **_CLOSURE,
                   claim="df(t) ~ df(t-T, r(t-T), p(t-T)) - int_{t-T}^t dt' [dL <f>]_{P(t')}",
                   derivation="Duhamel solution of eq. 37 dropping the second-order terms dL df - <dL df>")
@register_equation(seed="004", equation="39", title="second-order scattering term", **_CLOSURE,
                   claim="<dL df> ~ -<dL int_-oo^t dt' [dL <f>]_{P(t')}>",
                   derivation="eq. 38 inserted in <dL df> with uncorrelated initial fluctuations")
@register_equation(seed="004", equation="74", title="leading-order pair scattering term", **_CLOSURE,
                   claim="<(dL1 + dL2) F12> ~ -<(dL1 + dL2) int dt' [(dL1 + dL2) <f1 f2>]>",
                   derivation="Duhamel solution of eq. 73 to first order in the fluctuation (as eq. 39 for one density)")
@lru_cache(maxsize=None)
def _closure():
    eps = (1e-2, 1e-3)
    errors = {f"rel_errors_{name}": ensembles.closure_errors(ensembles.operator_ensemble(1.0, pair=pair, seed=SEED),
                                                             T, eps)
              for name, pair, T in (("one_density", False, 1.0), ("pair", True, 0.8))}
    orders = [convergence_order(eps, e) for e in errors.values()]
    # the +-eps ensemble has vanishing odd moments, so the first neglected term is O(eps^4) relative to O(eps^2)
    return confirm(all(1.8 < order < 2.2 for order in orders),
                   "the relative error of the leading-order closure vanishes as eps^2 (measured slope in (1.8, 2.2), "
                   "one density and a pair; odd orders vanish for the symmetric ensemble)", **errors)


@check("004", "40", "pitch-angle diffusion term",
       restored="the right-hand side (extracted '_@DW@OC%' under two partial derivatives) read as -d_mu D_mumu "
                "d_mu <f>. Forced: the text calls it 'a diffusion term for mu' with D_mumu 'the pitch-angle "
                "diffusion coefficient', and its uniform case D_mumu/(1-mu^2) = D0 follows")
def _eq40():
    """<dL df> ~ -d_mu D_mumu d_mu <f>

    Derivation: for gyrotropic f: L^2 f = -d_mu (1-mu^2) d_mu f
    (cranisotropy.derivations.multipoles.bgk.l_squared), so uniform D_mumu = (1-mu^2) nu/2 is eq.
    44's nu L^2/2
    Evidence: Chebyshev-collocation eigenvalues of d_mu (1-mu^2) d_mu = -l(l+1)
    """
    mu, g = B.pz, sp.Function("g")(B.pz)
    symbolic = sp.simplify(B.l_squared(g).subs(B.px**2, 1 - B.py**2 - mu**2) + sp.diff((1 - mu**2) * sp.diff(g, mu), mu))
    vals = sphere.legendre_operator_eigenvalues()
    # collocation adds a spurious null mode at the endpoints: match each l(l+1) to its nearest eigenvalue
    err = max(np.min(np.abs(vals - j * (j + 1))) / max(j * (j + 1), 1) for j in range(8))
    return confirm(symbolic == 0 and err < 1e-9,
                   "reproduced for uniform pitch-angle scattering (D_mumu = (1-mu^2) D0 <-> nu = 2 D0; eigenvalues "
                   "within 1e-9); the quasi-linear D_mumu of a turbulence spectrum is not derived here",
                   eig_rel_error=float(err))


@check("004", "41", "gyrophase-averaged Fokker-Planck equation",
       restored="the equation (extracted '0ulf) + g () = - Do (1)') read as d_t <f> + v mu d_z <f> = d_mu D_mumu "
                "d_mu <f>. Forced: the text obtains it from eq. (34) with eq. (40) 'after averaging over "
                "gyrophase', which gives exactly this (see the derivation)")
def _eq41():
    """d_t <f> + v mu d_z <f> = d_mu D_mumu d_mu <f>

    Derivation: gyrophase average of p.grad_r on f(z, mu) is mu d_z; Omega.L f = 0 for f(mu) (L_z
    annihilates gyrotropic functions); scattering term from eq. 40
    Evidence: quadrature of the gyrophase average of p.grad for a random direction and gradient
    """
    rng = np.random.default_rng(SEED)
    mu0, grad = rng.uniform(-1, 1), rng.normal(size=3)
    ph = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    s = np.sqrt(1 - mu0**2)
    p = np.stack([s * np.cos(ph), s * np.sin(ph), np.full_like(ph, mu0)], axis=1)
    err = abs(float(np.mean(p @ grad)) - mu0 * grad[2])
    return confirm(sp.simplify(B.angular_momentum(sp.Function("g")(B.pz))[2]) == 0 and err < 1e-13,
                   "<p.grad>_phase = mu d_z (within 1e-13), L_z f(mu) = 0; with eq. 40 this is eq. 41 (c = v = 1)",
                   phase_average_error=err)


@check("004", "43", "white-noise rotation rate",
       claim="int dt' <omega_i(t) omega_j(t')> = (nu/2) delta_ij")
@check("004", "44", "scattering term nu L^2/2", claim="<dL df> ~ nu (L^2/2) <f>")
@check("002", "4.3", "Brownian motion on the sphere")
@lru_cache(maxsize=None)
def _rotational_diffusion():
    """<i omega.L df> ~ -(nu/2) L^2 <f>

    Derivation: cranisotropy.derivations.multipoles.bgk.l_squared: L^2 Y_lm = l(l+1) Y_lm;
    white-noise rotations with int_{-oo}^{t} <omega_i omega_j> = (nu/2) delta_ij generate -(nu/2)
    L^2
    Evidence: Monte Carlo of white-noise rotations: <P_l(p(t).p(0))> = exp(-l(l+1) nu t/2), l = 1,
    2, 3
    """
    x, y, z = B.px, B.py, B.pz
    eig = {1: sp.simplify(B.l_squared(z) / z),
           2: sp.simplify(B.l_squared(3 * z**2 - 1).subs(x**2, 1 - y**2 - z**2) / (3 * z**2 - 1))}
    nu, t = 1.0, 0.8
    p = sphere.rotational_diffusion(np.tile([0.0, 0.0, 1.0], (20000, 1)), nu, t, 400, np.random.default_rng(SEED))
    zs = {f"z_l{order}": pull(mean, err, np.exp(-float(M.l_squared_eigenvalue(order)) * nu * t / 2))
          for order, (mean, err) in sphere.legendre_moments(p[:, 2], (1, 2, 3)).items()}
    return confirm(eig == {1: 2, 2: 6} and max(map(abs, zs.values())) < 4.5,
                   "L^2 = l(l+1); multipole l relaxes at l(l+1) nu/2, the dipole at nu (as BGK); Monte Carlo "
                   "within 4.5 sigma", **zs)


@check("004", "42", _TITLE_BGK_TERM, claim="<dL df> = nu (<f> - phi/4pi)",
       restored="the term (extracted 'wesny=v (- L)', labelled '(12)') read as nu (<f> - phi/4pi). Forced: the "
                "sentence before it, 'drives the ensemble-averaged distribution <f> to its isotropic mean phi/4pi "
                "with an effective relaxation rate nu'")
@check("002", "4.2", _TITLE_BGK_TERM)
@lru_cache(maxsize=None)
def _bgk_term():
    """<i omega.L df> ~ -nu (<f> - n/4pi)

    Derivation: L^2 = 0 (monopole) and 2 (dipole): nu L^2/2 <f> = nu (<f> - phi/4pi) for l <= 1;
    sign makes <f> relax
    Evidence: Monte Carlo of isotropisation at rate nu: running K_par(t) = (1 - e^{-nu t})/(3 nu)
    """
    z = _monte_carlo(0.0)[1]
    return confirm((B.l_squared(sp.Integer(1)), sp.simplify(B.l_squared(B.px) / B.px)) == (0, 2) and z < 4.5,
                   "BGK = nu L^2/2 on monopole and dipole; Monte Carlo dipole relaxation at nu (within 4.5 sigma)",
                   max_abs_z=z)


for _label, _reason in (("45", "definition of the monopole phi = int dp f"),
                        ("46", "definition of the dipole Phi = int dp p f"),
                        ("47", "definition n_CR = p^2 phi (spectral density)")):
    register_out_of_scope("004", _label, _reason)


@check("003", "3", _TITLE_MONOPOLE, claim="d_t phi + div Phi = 0")
@check("004", "50", _TITLE_MONOPOLE, claim="d_t <phi> + div <Phi> ~ 0")
@check("003", "4", _TITLE_DIPOLE, claim="d_t Phi + grad(phi)/3 + Omega x Phi = -nu Phi")
@check("004", "51", _TITLE_DIPOLE)
@lru_cache(maxsize=None)
def _moments():
    """d_t <Phi> + grad<phi>/3 + Omega x <Phi> ~ -nu <Phi>

    Derivation: cranisotropy.derivations.multipoles.bgk.moment_equations (exact sphere integrals)
    Evidence: Gauss-Legendre x trapezoid quadrature of the kinetic equation's moments for random
    numbers
    """
    moments, q = bgk.kinetic_equation_moments(seed=SEED)
    monopole = abs(moments["monopole"] - (q["dphi_dt"] + np.trace(q["grad_Phi"])))
    dipole = q["dPhi_dt"] + q["grad_phi"] / 3 + np.cross(q["Omega"], q["Phi"]) + q["nu"] * q["Phi"]
    residual = max(monopole, float(np.max(np.abs(moments["dipole"] - dipole))))
    return confirm(all(value == 0 for value in B.moment_equations().values()) and residual < 1e-12,
                   "monopole and dipole moments of the BGK kinetic equation for f = (phi + 3 p.Phi)/4pi "
                   "(quadrature within 1e-12)", max_residual=residual)


def _slow_mode_errors(nu: float, omega: float) -> list[float]:
    """Relative error of k.K.k (derived K) against the slowest decay rate of the moment system, |k| = 1e-3, 2e-3."""
    khat = np.random.default_rng(SEED).normal(size=3)
    khat /= np.linalg.norm(khat)
    kk = khat @ _numeric_k(nu, omega) @ khat
    return [rel_error(-bgk.moment_system_slow_mode(nu, omega, k * khat)[0].real, k**2 * kk) for k in (1e-3, 2e-3)]


def _fick_error(nu: float = 1.0, omega: float = 1.5) -> float:
    """Slow-mode eigenvector Phi/phi against -i K k (Fourier form of Phi = -K grad phi), k -> 0."""
    k = np.array([1e-3, -2e-3, 1.5e-3])
    vec = bgk.moment_system_slow_mode(nu, omega, k)[1]
    expected = -1j * _numeric_k(nu, omega) @ k
    return float(np.linalg.norm(vec[1:] / vec[0] - expected) / np.linalg.norm(expected))


@check("003", "5", "BGK diffusion tensor")
def _eq5():
    """K_ij = (nu^2 delta_ij - nu Omega_k eps_ikj + Omega_i Omega_j)/(3 nu (nu^2 + Omega^2));
    eigenvalues 1/(3nu), 1/(3(nu +- i Omega))

    Derivation: cranisotropy.derivations.multipoles.bgk.diffusion_tensor (Fick's law from eq. 4 with
    d_t Phi = 0)
    Evidence: slowest eigenvalue of the Fourier moment system (k -> 0) and a Monte Carlo of gyration
    + isotropisation (Green-Kubo running tensor)
    """
    expected = {1 / (3 * B.nu), 1 / (3 * (B.nu + sp.I * B.Omega)), 1 / (3 * (B.nu - sp.I * B.Omega))}
    eig_ok = all(any(same_expression(e, x) for x in expected) for e in B.diffusion_eigenvalues())
    e1, e2 = _slow_mode_errors(1.0, 2.0)
    z = max(_monte_carlo(ratio)[1] for ratio in (0.0, 2.0))
    return confirm(same_expression(B.diffusion_tensor(), B.diffusion_tensor_claim()) and eig_ok and e1 < 1e-5 and z < 4.5,
                   "derived tensor equals the printed one; eigenvalues as printed; k.K.k matches the moment system's "
                   "slow mode (error ~ k^2, < 1e-5) and the Monte Carlo running tensor (Omega/nu = 0, 2; within 4.5 "
                   "sigma)", slow_mode_rel_error_k1em3=e1, slow_mode_rel_error_k2em3=e2, mc_max_abs_z=z)


@check("004", "53", "diffusion tensor with nu_par, nu_perp, nu_A")
def _eq53():
    """K_ij = B_iB_j/(3nu_par) + (delta_ij - B_iB_j)/(3nu_perp) + eps_ijk B_k/(3nu_A); BGK: nu_par =
    nu, nu_perp = nu + Omega^2/nu, nu_A = Omega + nu^2/Omega

    Derivation: cranisotropy.derivations.multipoles.bgk.anisotropic_coefficients
    Evidence: Monte Carlo Green-Kubo tensor at nu t = 30 (parallel, perpendicular, antisymmetric)
    """
    c = B.anisotropic_coefficients()
    claims = {"nu_parallel": B.nu, "nu_perpendicular": B.nu + B.Omega**2 / B.nu,
              "nu_antisymmetric": B.Omega + B.nu**2 / B.Omega}
    rebuilt = B.tensor_from_rates(c["nu_parallel"], c["nu_perpendicular"], c["nu_antisymmetric"])
    measured, z = _monte_carlo(2.0)
    asymptotic = {f"z_asymptotic_{k}": (measured.mean[k][-1] - float(c[k].subs({B.nu: 1.0, B.Omega: 2.0})))
                  / measured.error[k][-1] for k in ("parallel", "perpendicular", "antisymmetric")}
    return confirm(all(same_expression(c[k], v) for k, v in claims.items())
                   and same_expression(rebuilt, B.diffusion_tensor_along_z()) and z < 4.5,
                   "the BGK tensor has the form of eq. 53 with the printed rate relations (sign of the eps term for "
                   "Omega = e B0/p0, dp/dt = p x Omega); Monte Carlo within 4.5 sigma", max_abs_z=z, **asymptotic)


@check("004", "55", "Fick's law",
       restored="the equation itself (lost in the extraction with its label). Forced: 'we can solve Eq. (51) as, "
                "[...] which is also known as Fick's law', with d_t <Phi> = 0 as assumed just before")
def _eq55():
    """<Phi> = -K grad <phi>

    Derivation: eq. 51 with d_t <Phi> = 0 solved for <Phi>
    (cranisotropy.derivations.multipoles.bgk.diffusion_tensor)
    Evidence: eigenvector of the slowest mode of the Fourier moment system, k -> 0
    """
    return within(_fick_error(), 1e-2, "the slow mode carries Phi = -K grad phi (relative error ~ |k|)", name="rel_error")


@check("004", "52", "diffusion equation",
       restored="the equation itself (lost in the extraction with its label). Forced: 'we can combine Eqs. (50) "
                "and (51) to the familiar diffusion equation with diffusion tensor (53)'")
def _eq52():
    """d_t <phi> ~ div(K grad <phi>)

    Derivation: eq. 50 with Fick's law (eq. 55)
    Evidence: slowest decay rate of the moment system = k.K.k (k -> 0)
    """
    return within(_slow_mode_errors(1.0, 0.7)[0], 1e-5, "the monopole of the moment system decays at k.K.k",
                  name="rel_error_k1em3")


@lru_cache(maxsize=None)
def _kernels(nu: float = 1.0, omega: float = 2.0, t: float = 0.7) -> dict[str, dict[str, float]]:
    """PDE residual and normalisation of the Gaussian kernels built from K^s and from the full K."""
    K = _numeric_k(nu, omega)
    return {name: bgk.gaussian_kernel_residuals(M, K, t) for name, M in (("symmetric", 0.5 * (K + K.T)), ("full", K))}


def _kernel_ok(numbers: dict[str, float]) -> bool:
    return numbers["pde_rel_residual"] < 1e-4 and abs(numbers["normalisation"] - 1) < 1e-6


@check("003", "6", "Gaussian diffusion kernel")
def _eq6():
    """phi = exp(-x^t K^-1 x/(4t)) / ((4 pi t)^(3/2) sqrt(det K)) with K of eq. 5

    Derivation: cranisotropy.derivations.multipoles.bgk.gaussian_kernel, diffusion_residual
    Evidence: finite-difference PDE residual and grid normalisation of both kernels (Omega = 2 nu)
    """
    K = B.diffusion_tensor_along_z()
    Ks = B.symmetric_part(K)
    numbers = _kernels()
    if B.diffusion_residual(B.gaussian_kernel(Ks), K) != 0 or not _kernel_ok(numbers["symmetric"]):
        return failed("the K^s kernel does not solve the diffusion equation", numbers=numbers)
    return differs("with the full K of eq. 5 (antisymmetric part included) the printed kernel neither solves "
                   "d_t phi = div(K grad phi) nor is normalised when Omega != 0 (x.K^-1.x = 3 nu |x|^2 is "
                   "isotropic); the solution needs the symmetric part K^s in both x.K^-1.x and det K, as 004 "
                   "eq. 54 states",
                   derived=str(sp.simplify(B.gaussian_kernel(Ks))),
                   effect="with Omega != 0 the printed kernel spreads isotropically with the parallel diffusivity "
                          "1/(3 nu): its perpendicular variance is (1 + Omega^2/nu^2) times too large and it "
                          "integrates to sqrt(1 + Omega^2/nu^2) (2.24 at Omega = 2 nu) instead of 1. The PRL uses it "
                          "only for the parallel spread <x> ~ sqrt(T/nu), so no conclusion changes; the review (004 "
                          "eq. 54) prints the correct K^s kernel",
                   impact="factor",
                   residual_with_full_K=str(B.diffusion_residual(B.gaussian_kernel(K), K)),
                   **{f"{name}_K_{key}": value for name, part in numbers.items() for key, value in part.items()})


@check("004", "54", "Gaussian diffusion kernel with K^s",
       restored="the kernel (extracted 'B 1 (K7 / 0,8 = e (2T 54') read with K^s in both x.(K^s)^-1.x and det K^s. "
                "Forced: the next sentence, 'where K^s is the symmetric part of the diffusion [tensor], i.e., the "
                "first two terms of Eq. (53)', and the Gaussian solving the diffusion equation from a delta "
                "function")
def _eq54():
    """<phi> = exp(-x.(K^s)^-1.x/(4t)) / ((4 pi t)^(3/2) sqrt(det K^s))

    Derivation: cranisotropy.derivations.multipoles.bgk.gaussian_kernel, diffusion_residual
    Evidence: finite-difference PDE residual and grid normalisation (Omega = 2 nu)
    """
    K = B.diffusion_tensor_along_z()
    numbers = _kernels()["symmetric"]
    return confirm(B.diffusion_residual(B.gaussian_kernel(B.symmetric_part(K)), K) == 0 and _kernel_ok(numbers),
                   "solves d_t phi = div(K grad phi) (the antisymmetric part drops out; PDE residual < 1e-4) and is "
                   "normalised (within 1e-6)", **numbers)


@lru_cache(maxsize=None)
def _fitted_dipole() -> tuple[float, float]:
    """healpy.fit_dipole of I(n) = 1 - 3 n.Phi/phi: relative error of the dipole against -3 Phi/phi, monopole - 1."""
    import healpy as hp

    Phi = 0.01 * np.random.default_rng(SEED).normal(size=3)
    mono, dip = hp.fit_dipole(1 + 3 * (-sphere.healpix_directions(16)) @ Phi)   # 4 pi f(-n)/phi, phi = 1
    return float(np.linalg.norm(np.asarray(dip) + 3 * Phi) / np.linalg.norm(3 * Phi)), float(mono - 1)


@check("004", "48", "relative intensity from f",
       restored="the ratio (extracted 'I =4n + O(...)' with a garbled line above) read as 4 pi f(-p)/phi = 1 - "
                "3 p.Phi/phi. Forced: f = (phi + 3 p.Phi)/4pi (eqs. 45-46) seen from the apparent origin -p, "
                "'which explains the reversed sign', as the text says")
def _eq48():
    """I = 4 pi f(-p)/phi = 1 - 3 p.Phi/phi + O(a_lm, l >= 2)  (OCR garbled)

    Derivation: cranisotropy.derivations.multipoles.bgk.relative_intensity (arrival direction n =
    -p)
    Evidence: healpy.fit_dipole of the intensity map on a HEALPix grid
    """
    err, mono = _fitted_dipole()
    return within(err, 1e-10, "I(n) = 1 - 3 n.Phi/phi (the sign flips because CRs from n move along -n)",
                  name="dipole_rel_error", monopole_minus_1=mono)


@check("004", "49", "dipole vector",
       restored="delta = -3 Phi/phi (garbled at eq. 49). Forced: the text restates it legibly before eq. (60), "
                "'the dipole delta = -3 Phi/phi in the observer's frame'")
def _eq49():
    """delta = -3 Phi/phi  (OCR garbled; sign from 'reversed sign' in the text)

    Derivation: cranisotropy.derivations.multipoles.bgk.dipole_vector
    Evidence: healpy.fit_dipole of the intensity map
    """
    phi = sp.Symbol("phi", positive=True)
    return confirm(same_expression(B.dipole_vector(), -3 * B.vector("Phi") / phi) and _fitted_dipole()[0] < 1e-10,
                   "delta = -3 Phi/phi (fitted dipole within 1e-10)", dipole_rel_error=_fitted_dipole()[0])


@check("004", "56", "diffusive dipole anisotropy")
def _eq56():
    """delta = 3 K grad ln n_CR

    Derivation: cranisotropy.derivations.multipoles.bgk.diffusive_dipole (eq. 49 with Fick's law;
    n_CR = p^2 phi)
    Evidence: slow-mode eigenvector of the moment system: -3 Phi/phi = 3 K (i k)
    """
    err = _fick_error()   # Phi/phi = -i K k  <=>  -3 Phi/phi = 3 K (i k) = 3 K grad ln phi
    return confirm(B.diffusive_dipole() == sp.zeros(3, 1) and err < 1e-2,
                   "delta = -3 Phi/phi = 3 K grad ln phi = 3 K grad ln n_CR at fixed p (slow mode within 1e-2)",
                   slow_mode_rel_error=err)
