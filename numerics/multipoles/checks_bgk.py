"""verify: BGK diffusion (seed 003 eqs. 1-6, seed 004 eqs. 33-56).

Each check derives the equation with :mod:`cranisotropy.derivations.multipoles.bgk`, compares it with what
the text prints, and confirms it with an independent numerical method (trajectory integration,
quadrature on the sphere, eigenvalues of the moment system, Monte Carlo).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from cranisotropy.derivations.multipoles import bgk as B
from cranisotropy.numerics.multipoles.relative_diffusion import sphere_quadrature
from cranisotropy.core.registry import differs, failed, register_equation, register_out_of_scope, reproduced

RNG_SEED = 20261122


# --------------------------------------------------------------------------- numerical helpers

def _random_field(rng, modes: int = 4):
    """A smooth divergence-free static field B(x) = sum_n b_n cos(k_n.x + beta_n), b_n _|_ k_n."""
    k = rng.normal(size=(modes, 3))
    b = np.cross(k, rng.normal(size=(modes, 3)))
    beta = rng.uniform(0, 2 * np.pi, modes)
    b0 = np.array([0.0, 0.0, 1.0])
    return lambda x: b0 + (b * np.cos(k @ x + beta)[:, None]).sum(axis=0)


def _lorentz_flow(field):
    def rhs(_t, y):
        x, p = y[:3], y[3:]
        return np.concatenate([p / np.linalg.norm(p), np.cross(p, field(x)) / np.linalg.norm(p)])
    return rhs


@lru_cache(maxsize=None)
def _liouville_jacobian() -> float:
    """det of d(x, p)(t)/d(x, p)(0) for a charged particle in a random static field (central
    differences of DOP853 trajectories); Liouville's theorem says 1."""
    rng = np.random.default_rng(RNG_SEED)
    rhs = _lorentz_flow(_random_field(rng))
    y0 = np.concatenate([rng.normal(size=3), rng.normal(size=3)])
    h = 1e-5

    def flow(y):
        return solve_ivp(rhs, (0, 3.0), y, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]

    J = np.empty((6, 6))
    for i in range(6):
        e = np.zeros(6)
        e[i] = h
        J[:, i] = (flow(y0 + e) - flow(y0 - e)) / (2 * h)
    return float(np.linalg.det(J))


def _kinetic_moments(rng):
    """Moments of the BGK kinetic equation by quadrature, for random numbers; returns the
    residuals against eqs. 3 and 4 (their right-hand sides moved left)."""
    nodes, w = sphere_quadrature(24)
    Om, Phi, dPhi, gphi = (rng.normal(size=3) for _ in range(4))
    gPhi = rng.normal(size=(3, 3))  # d_i Phi_j
    phi0, dphi, nu = rng.normal(), rng.normal(), rng.uniform(0.5, 2)
    p = nodes
    f = (phi0 + 3 * p @ Phi) / (4 * np.pi)
    dfdt = (dphi + 3 * p @ dPhi) / (4 * np.pi)
    streaming = (p @ gphi + 3 * np.einsum("ni,nj,ij->n", p, p, gPhi)) / (4 * np.pi)
    # (p x Omega).grad_p f on the sphere: grad_p (p.Phi/|p|) tangential part = Phi - (p.Phi) p
    grad_f = 3 * (Phi[None, :] - (p @ Phi)[:, None] * p) / (4 * np.pi)
    magnetic = np.einsum("ni,ni->n", np.cross(p, Om), grad_f)
    kinetic = dfdt + streaming + magnetic + nu * (f - phi0 / (4 * np.pi))
    mono = w @ kinetic - (dphi + np.trace(gPhi))
    dip = (w[:, None] * p * kinetic[:, None]).sum(axis=0) - (dPhi + gphi / 3 + np.cross(Om, Phi) + nu * Phi)
    return float(abs(mono)), float(np.max(np.abs(dip)))


def _moment_system_slow_mode(nu: float, omega: float, k: np.ndarray):
    """Eigen-decomposition of the Fourier-space moment system (eqs. 3, 4) for wavevector k:
    d/dt (phi, Phi) = M (phi, Phi).  Returns the slowest eigenvalue and its eigenvector."""
    Om = np.array([0.0, 0.0, omega])
    A = np.array([[0, -Om[2], Om[1]], [Om[2], 0, -Om[0]], [-Om[1], Om[0], 0]])
    M = np.zeros((4, 4), dtype=complex)
    M[0, 1:] = -1j * k
    M[1:, 0] = -1j * k / 3
    M[1:, 1:] = -A - nu * np.eye(3)
    vals, vecs = np.linalg.eig(M)
    i = np.argmax(vals.real)
    return vals[i], vecs[:, i]


def _numeric_k(nu: float, omega: float) -> np.ndarray:
    return np.array(B.diffusion_tensor_along_z().subs({B.nu: nu, B.Omega: omega}).evalf(), dtype=float)


@lru_cache(maxsize=None)
def _monte_carlo(n_particles: int = 40_000):
    from cranisotropy.numerics.multipoles import bgk

    rows = {}
    for ratio in (0.0, 2.0):
        times = np.array([1.0, 30.0])
        measured = bgk.simulate(1.0, ratio, times, n_particles, seed=RNG_SEED)
        exact = bgk.running_coefficients(1.0, ratio, times)
        z = max(abs((measured[k]["mean"] - exact[k]) / measured[k]["error"]).max() for k in measured)
        rows[ratio] = (measured, exact, float(z))
    return rows


# --------------------------------------------------------------------------- 003 eq. 1 / 004 eq. 33

_LIOUVILLE = dict(
    title="Liouville's theorem for the Lorentz force",
    derivation="cranisotropy.derivations.multipoles.bgk.phase_space_divergence",
    numerical_check="det of the 6-D flow Jacobian of a particle in a random static field (DOP853, central differences)")


def _liouville():
    div = B.phase_space_divergence(B.vector("Omega"))
    det = _liouville_jacobian()
    if div != 0 or abs(det - 1) > 1e-6:
        return failed("phase-space flow is not volume preserving", divergence=str(div), det=det)
    return reproduced("div_x(dx/dt) + div_p(p x Omega) = 0 symbolically; flow-map Jacobian = 1",
                      jacobian_det_minus_1=det - 1)


register_equation(seed="003", equation="1", claim="df/dt = d_t f + xdot.grad_x f + pdot.grad_p f = 0",
                  **_LIOUVILLE)(_liouville)
register_equation(seed="004", equation="33", claim="fdot = d_t f + xdot.grad_r f + pdot.grad_p f = 0",
                  **_LIOUVILLE)(_liouville)


@register_equation(seed="004", equation="63", title="backtracking: f(t, r, p) = f(t-T, r(t-T), p(t-T))",
                   claim="phase-space density constant along backtracked trajectories",
                   derivation="Liouville (eq. 33) integrated along a trajectory; cranisotropy.derivations.multipoles.bgk.phase_space_divergence",
                   numerical_check="volume preservation of the backtracking flow map (as eq. 33)")
def _eq63():
    det = _liouville_jacobian()
    return reproduced("follows from eq. 33 (incompressible Lorentz flow); flow Jacobian = 1",
                      jacobian_det_minus_1=det - 1)


# --------------------------------------------------------------------------- 003 eq. 2 / 004 34-37, 4.1

def _rotation_sign_check() -> float:
    """d f/dt at t = 0 of f(t, p) = f0(p(-t)) (backtracked numerically) vs i Omega.L f0."""
    rng = np.random.default_rng(RNG_SEED)
    Om = rng.normal(size=3)
    a, c = rng.normal(size=3), rng.normal(size=(3, 3))
    f0 = lambda p: np.sin(a @ p) + p @ c @ p  # noqa: E731
    p0 = rng.normal(size=3)
    p0 /= np.linalg.norm(p0)
    h = 1e-4

    def f_at(t):
        back = solve_ivp(lambda _s, p: -np.cross(p, Om), (0, t), p0, rtol=1e-13, atol=1e-13).y[:, -1] if t > 0 \
            else solve_ivp(lambda _s, p: np.cross(p, Om), (0, -t), p0, rtol=1e-13, atol=1e-13).y[:, -1]
        return f0(back)

    dfdt = (f_at(h) - f_at(-h)) / (2 * h)
    grad = np.array([(f0(p0 + h * e) - f0(p0 - h * e)) / (2 * h) for e in np.eye(3)])
    i_omega_l = Om @ np.cross(p0, grad)   # i Omega.L f = Omega.(p x grad_p f)
    return float(abs(dfdt - i_omega_l) / abs(i_omega_l))


_BOLTZMANN = dict(
    title="ensemble-averaged Boltzmann equation with -i Omega.L",
    derivation="cranisotropy.derivations.multipoles.bgk.rotation_term_identity (pdot.grad_p = -i Omega.L for pdot = p x Omega)",
    numerical_check="d_t f of a numerically backtracked distribution equals +i Omega.L f (sign of the rotation term)")


def _boltzmann():
    identity = B.rotation_term_identity()
    rel = _rotation_sign_check()
    if identity != 0 or rel > 1e-6:
        return failed("rotation term does not match", identity=str(identity), rel_error=rel)
    return reproduced("(p x Omega).grad_p f = -i Omega.L f with L = -i p x grad_p; averaging over the "
                      "turbulence (<omega> = 0) leaves <i omega.L f~> on the right", rel_error=rel)


register_equation(seed="003", equation="2", claim="d_t f + p.grad_x f - i Omega.L f = <i omega.L f~>",
                  **_BOLTZMANN)(_boltzmann)
register_equation(seed="002", equation="4.1", claim="d_t <f> + p.grad_r <f> - i Omega.L <f> = <i omega.L df>",
                  **_BOLTZMANN)(_boltzmann)
register_equation(seed="004", equation="35", claim="L(r,p) = p.grad_r + pdot.grad_p = p.grad_r - i[Omega + omega(r)].L",
                  **_BOLTZMANN)(_boltzmann)
register_out_of_scope("004", "36", "definition of the fluctuating Liouville operator dL = -i omega.L (eq. 35 minus its mean)")


def _operator_ensemble(eps: float = 0.3, dim: int = 5, T: float = 1.0):
    """Finite-dimensional stand-in for the Liouville operators: <L> and a zero-mean ensemble
    {+eps A, -eps A} of static fluctuations dL; f_k(t) = exp(-(L0 + dL_k) t) f(0)."""
    rng = np.random.default_rng(RNG_SEED)
    L0 = rng.normal(size=(dim, dim))
    A = rng.normal(size=(dim, dim))
    f_init = rng.normal(size=dim)
    ens = [eps * A, -eps * A]
    f = [expm(-(L0 + dL) * T) @ f_init for dL in ens]
    dfdt = [-(L0 + dL) @ fk for dL, fk in zip(ens, f)]
    return L0, A, ens, f_init, f, dfdt


def _averaged_equations():
    L0, _, ens, _, f, dfdt = _operator_ensemble()
    mean_f = sum(f) / 2
    mean_dfdt = sum(dfdt) / 2
    df = [fk - mean_f for fk in f]
    scatter = sum(dL @ d for dL, d in zip(ens, df)) / 2
    eq34 = np.max(np.abs(mean_dfdt + L0 @ mean_f + scatter))
    eq37 = max(np.max(np.abs((dk - mean_dfdt) + (L0 + dL) @ d + dL @ mean_f - scatter))
               for dL, d, dk in zip(ens, df, dfdt))
    return float(eq34), float(eq37)


@register_equation(seed="004", equation="34", title="averaged collisionless Boltzmann equation",
                   claim="d_t <f> + <L><f> = -<dL df>",
                   derivation="average of d_t f + (<L> + dL)(<f> + df) = 0 over a zero-mean ensemble of dL",
                   numerical_check="exact matrix-exponential evolution of a two-member operator ensemble")
def _eq34():
    eq34, _ = _averaged_equations()
    return reproduced("holds exactly for the ensemble average", max_residual=eq34) if eq34 < 1e-12 \
        else failed("ensemble identity violated", max_residual=eq34)


@register_equation(seed="004", equation="37", title="equation of the fluctuation df",
                   claim="d_t df + L df = -dL <f> + <dL df>  (L the full operator)",
                   derivation="full equation minus eq. 34",
                   numerical_check="exact matrix-exponential evolution of a two-member operator ensemble")
def _eq37():
    _, eq37 = _averaged_equations()
    return reproduced("holds exactly per realisation with L = <L> + dL", max_residual=eq37) if eq37 < 1e-12 \
        else failed("fluctuation identity violated", max_residual=eq37)


def _second_order_closure(eps: float):
    """<dL df>(T) exactly and by eq. 38-39's leading-order formula (df(0) = 0)."""
    L0, A, _, f_init, f, _ = _operator_ensemble(eps=eps)
    mean_f = sum(f) / 2
    exact = (eps * A @ (f[0] - mean_f) - eps * A @ (f[1] - mean_f)) / 2
    # leading order: df(T) = -int_0^T exp(-L0 (T-t)) dL <f>(t) dt, <f>(t) = exp(-L0 t) f(0)
    ts, ws = np.polynomial.legendre.leggauss(40)
    ts, ws = 0.5 * (ts + 1), 0.5 * ws
    integral = sum(w * expm(-L0 * (1 - t)) @ A @ expm(-L0 * t) @ f_init for t, w in zip(ts, ws))
    approx = -(eps * A) @ (eps * integral)   # <dL int dL <f>> for dL = +-eps A
    return exact, approx


@register_equation(seed="004", equation="38", title="leading-order solution for df",
                   claim="df(t) ~ df(t-T, r(t-T), p(t-T)) - int_{t-T}^t dt' [dL <f>]_{P(t')}",
                   derivation="Duhamel solution of eq. 37 dropping the second-order terms dL df - <dL df>",
                   numerical_check="operator ensemble {+eps A, -eps A}: exact <dL df> vs the leading-order formula; relative error ~ eps^2")
def _eq38():
    errs = []
    for eps in (1e-2, 1e-3):
        exact, approx = _second_order_closure(eps)
        errs.append(np.linalg.norm(exact - approx) / np.linalg.norm(exact))
    order = np.log10(errs[0] / errs[1])
    # the +-eps ensemble has vanishing odd moments, so the first neglected term is O(eps^4)
    if not 1.8 < order < 2.2:
        return failed("leading-order closure does not converge at second order in eps", rel_errors=errs)
    return reproduced("relative error of the closure vanishes as eps^2 (measured slope %.2f; odd orders vanish "
                      "for the symmetric ensemble)" % order,
                      rel_error_eps_1em2=errs[0], rel_error_eps_1em3=errs[1])


register_equation(seed="004", equation="39", title="second-order scattering term",
                  claim="<dL df> ~ -<dL int_-oo^t dt' [dL <f>]_{P(t')}>",
                  derivation="eq. 38 inserted in <dL df> with uncorrelated initial fluctuations",
                  numerical_check="operator ensemble {+eps A, -eps A}: exact <dL df> vs the second-order formula; relative error ~ eps^2")(_eq38)


# --------------------------------------------------------------------------- 004 eqs. 40-44

def _legendre_operator_eigenvalues(n: int = 40) -> np.ndarray:
    """Eigenvalues of -d/dmu (1-mu^2) d/dmu by Chebyshev collocation (compare l(l+1))."""
    x = np.cos(np.pi * np.arange(n + 1) / n)
    c = np.ones(n + 1)
    c[0] = c[-1] = 2
    c *= (-1.0) ** np.arange(n + 1)
    X = np.tile(x, (n + 1, 1)).T
    D = np.outer(c, 1 / c) / (X - X.T + np.eye(n + 1))
    D -= np.diag(D.sum(axis=1))
    op = -(D @ np.diag(1 - x**2) @ D)
    vals = np.sort(np.linalg.eigvals(op).real)
    return vals


@register_equation(seed="004", equation="40", title="pitch-angle diffusion term",
                   claim="<dL df> ~ -d_mu D_mumu d_mu <f>",
                   derivation="for gyrotropic f: L^2 f = -d_mu (1-mu^2) d_mu f (cranisotropy.derivations.multipoles.bgk.l_squared), "
                              "so uniform D_mumu = (1-mu^2) nu/2 is eq. 44's nu L^2/2",
                   numerical_check="Chebyshev-collocation eigenvalues of d_mu (1-mu^2) d_mu = -l(l+1)")
def _eq40():
    mu = B.pz
    f = sp.Function("g")(mu)
    # L^2 on a function of p_z only, evaluated on the sphere
    L2 = B.l_squared(f)
    rhs = -sp.diff((1 - mu**2) * sp.diff(f, mu), mu)
    diff = sp.simplify(L2.subs(B.px**2, 1 - B.py**2 - mu**2) - rhs)
    vals = _legendre_operator_eigenvalues()
    expected = np.array([j * (j + 1) for j in range(8)], dtype=float)
    # collocation adds one spurious null mode at the endpoints: match each l(l+1) to its nearest eigenvalue
    err = float(max(np.min(np.abs(vals - e)) / max(e, 1.0) for e in expected))
    if diff != 0 or err > 1e-9:
        return failed("pitch-angle operator mismatch", symbolic=str(diff), eig_error=err)
    return reproduced("reproduced for uniform pitch-angle scattering (D_mumu = (1-mu^2) D0 <-> nu = 2 D0); "
                      "the quasi-linear D_mumu of a turbulence spectrum is not derived here", eig_rel_error=err)


@register_equation(seed="004", equation="41", title="gyrophase-averaged Fokker-Planck equation",
                   claim="d_t <f> + v mu d_z <f> = d_mu D_mumu d_mu <f>",
                   derivation="gyrophase average of p.grad_r on f(z, mu) is mu d_z; Omega.L f = 0 for f(mu) "
                              "(L_z annihilates gyrotropic functions); scattering term from eq. 40",
                   numerical_check="quadrature of the gyrophase average and of Omega.L f for a random gyrotropic f")
def _eq41():
    f = sp.Function("g")(B.pz)
    Lz = sp.simplify(B.angular_momentum(f)[2])
    rng = np.random.default_rng(RNG_SEED)
    mu0, grad = rng.uniform(-1, 1), rng.normal(size=3)
    ph = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    s = np.sqrt(1 - mu0**2)
    p = np.stack([s * np.cos(ph), s * np.sin(ph), np.full_like(ph, mu0)], axis=1)
    average = float(np.mean(p @ grad))
    err = abs(average - mu0 * grad[2])
    if Lz != 0 or err > 1e-13:
        return failed("gyrophase average mismatch", Lz=str(Lz), error=err)
    return reproduced("<p.grad>_phase = mu d_z, L_z f(mu) = 0; with eq. 40 this is eq. 41 (c = v = 1)",
                      phase_average_error=err)


@lru_cache(maxsize=None)
def _white_noise_rotation(nu: float = 1.0, t_end: float = 0.8, steps: int = 400, n: int = 20000):
    """<P_l(p(t).p(0))> for rotations by Gaussian rotation vectors of covariance nu dt per step."""
    from cranisotropy.numerics.multipoles.bgk import rotational_diffusion

    p = rotational_diffusion(np.tile([0.0, 0.0, 1.0], (n, 1)), nu, t_end, steps, np.random.default_rng(RNG_SEED))
    out = {}
    for order in (1, 2, 3):
        vals = np.polynomial.legendre.legval(p[:, 2], [0] * order + [1])
        out[order] = (float(vals.mean()), float(vals.std() / np.sqrt(n)), float(np.exp(-order * (order + 1) * nu * t_end / 2)))
    return out


_ROTATIONAL_DIFFUSION = dict(
    derivation="cranisotropy.derivations.multipoles.bgk.l_squared: L^2 Y_lm = l(l+1) Y_lm; white-noise rotations with "
               "int_{-oo}^{t} <omega_i omega_j> = (nu/2) delta_ij generate -(nu/2) L^2",
    numerical_check="Monte Carlo of white-noise rotations: <P_l(p(t).p(0))> = exp(-l(l+1) nu t/2), l = 1, 2, 3")


def _rotational_diffusion():
    x, y, z = B.px, B.py, B.pz
    eig = {1: sp.simplify(B.l_squared(z) / z), 2: sp.simplify(B.l_squared(3 * z**2 - 1).subs(x**2, 1 - y**2 - z**2)
                                                             / (3 * z**2 - 1))}
    mc = _white_noise_rotation()
    zs = {o: (m - e) / s for o, (m, s, e) in mc.items()}
    if eig != {1: 2, 2: 6} or max(abs(v) for v in zs.values()) > 4.5:
        return failed("rotational diffusion mismatch", eigenvalues=str(eig), z_scores=zs)
    return reproduced("L^2 = l(l+1); multipole l relaxes at l(l+1) nu/2, the dipole at nu (as BGK)",
                      **{f"z_l{o}": v for o, v in zs.items()})


register_equation(seed="004", equation="43", title="white-noise rotation rate",
                  claim="int dt' <omega_i(t) omega_j(t')> = (nu/2) delta_ij", **_ROTATIONAL_DIFFUSION)(_rotational_diffusion)
register_equation(seed="004", equation="44", title="scattering term nu L^2/2",
                  claim="<dL df> ~ nu (L^2/2) <f>", **_ROTATIONAL_DIFFUSION)(_rotational_diffusion)
register_equation(seed="002", equation="4.3", title="Brownian motion on the sphere",
                  claim="<i omega.L df> ~ -(nu/2) L^2 <f>", **_ROTATIONAL_DIFFUSION)(_rotational_diffusion)


_BGK_TERM = dict(
    title="BGK relaxation term",
    derivation="L^2 = 0 (monopole) and 2 (dipole): nu L^2/2 <f> = nu (<f> - phi/4pi) for l <= 1; sign makes <f> relax",
    numerical_check="Monte Carlo of isotropisation at rate nu: running K_par(t) = (1 - e^{-nu t})/(3 nu) (dipole decays at nu)")


def _bgk_term():
    eig = (B.l_squared(sp.Integer(1)), sp.simplify(B.l_squared(B.px) / B.px))
    measured, exact, z = _monte_carlo()[0.0]
    if eig != (0, 2) or z > 4.5:
        return failed("BGK term inconsistent", eigenvalues=str(eig), max_z=z)
    return reproduced("BGK = nu L^2/2 on monopole and dipole; Monte Carlo dipole relaxation at nu", max_abs_z=z)


register_equation(seed="004", equation="42", claim="<dL df> = nu (<f> - phi/4pi)", **_BGK_TERM)(_bgk_term)
register_equation(seed="002", equation="4.2", claim="<i omega.L df> ~ -nu (<f> - n/4pi)", **_BGK_TERM)(_bgk_term)

for _label, _reason in (("45", "definition of the monopole phi = int dp f"),
                        ("46", "definition of the dipole Phi = int dp p f"),
                        ("47", "definition n_CR = p^2 phi (spectral density)")):
    register_out_of_scope("004", _label, _reason)


# --------------------------------------------------------------------------- 003 eqs. 3-4 / 004 50-51

_MOMENTS = dict(derivation="cranisotropy.derivations.multipoles.bgk.moment_equations (exact sphere integrals)",
                numerical_check="Gauss-Legendre x trapezoid quadrature of the kinetic equation's moments for random numbers")


def _moments(which: str):
    def check():
        residuals = B.moment_equations()
        mono, dip = _kinetic_moments(np.random.default_rng(RNG_SEED))
        sym_ok = residuals["monopole"] == 0 if which == "monopole" else all(
            residuals[f"dipole_{c}"] == 0 for c in "xyz")
        num = mono if which == "monopole" else dip
        if not sym_ok or num > 1e-12:
            return failed(f"{which} equation does not follow", residuals=str(residuals), numeric=num)
        return reproduced(f"{which} moment of the BGK kinetic equation for f = (phi + 3 p.Phi)/4pi", max_residual=num)
    return check


register_equation(seed="003", equation="3", title="monopole (continuity) equation",
                  claim="d_t phi + div Phi = 0", **_MOMENTS)(_moments("monopole"))
register_equation(seed="003", equation="4", title="dipole equation",
                  claim="d_t Phi + grad(phi)/3 + Omega x Phi = -nu Phi", **_MOMENTS)(_moments("dipole"))
register_equation(seed="004", equation="50", title="monopole (continuity) equation",
                  claim="d_t <phi> + div <Phi> ~ 0", **_MOMENTS)(_moments("monopole"))
register_equation(seed="004", equation="51", title="dipole equation",
                  claim="d_t <Phi> + grad<phi>/3 + Omega x <Phi> ~ -nu <Phi>", **_MOMENTS)(_moments("dipole"))


# --------------------------------------------------------------------------- 003 eq. 5 / 004 52-56

def _slow_mode_diffusivity(nu: float, omega: float) -> tuple[float, float]:
    """Relative error of k.K.k against the slowest decay rate of the moment system, k -> 0."""
    rng = np.random.default_rng(RNG_SEED)
    khat = rng.normal(size=3)
    khat /= np.linalg.norm(khat)
    K = _numeric_k(nu, omega)
    errs = []
    for kk in (1e-3, 2e-3):
        val, _ = _moment_system_slow_mode(nu, omega, kk * khat)
        errs.append(abs(-val.real - kk**2 * khat @ K @ khat) / (kk**2 * khat @ K @ khat))
    return errs[0], errs[1]


@register_equation(seed="003", equation="5", title="BGK diffusion tensor",
                   claim="K_ij = (nu^2 delta_ij - nu Omega_k eps_ikj + Omega_i Omega_j)/(3 nu (nu^2 + Omega^2)); "
                         "eigenvalues 1/(3nu), 1/(3(nu +- i Omega))",
                   derivation="cranisotropy.derivations.multipoles.bgk.diffusion_tensor (Fick's law from eq. 4 with d_t Phi = 0)",
                   numerical_check="slowest eigenvalue of the Fourier moment system (k -> 0) and a Monte Carlo of "
                                   "gyration + isotropisation (Green-Kubo running tensor)")
def _eq5():
    diff = sp.simplify(B.diffusion_tensor() - B.diffusion_tensor_claim())
    eig = B.diffusion_eigenvalues()
    expected = {1 / (3 * B.nu), 1 / (3 * (B.nu + sp.I * B.Omega)), 1 / (3 * (B.nu - sp.I * B.Omega))}
    eig_ok = all(any(sp.simplify(e - x) == 0 for x in expected) for e in eig)
    e1, e2 = _slow_mode_diffusivity(1.0, 2.0)
    mc = _monte_carlo()
    z = max(v[2] for v in mc.values())
    if diff != sp.zeros(3, 3) or not eig_ok or e1 > 1e-5 or z > 4.5:
        return failed("diffusion tensor mismatch", tensor_difference=str(diff), eigenvalues=str(eig),
                      slow_mode_rel_error=e1, mc_max_z=z)
    return reproduced("derived tensor equals the printed one; eigenvalues as printed; k.K.k matches the moment "
                      "system's slow mode (error ~ k^2) and the Monte Carlo running tensor (Omega/nu = 0, 2)",
                      slow_mode_rel_error_k1em3=e1, slow_mode_rel_error_k2em3=e2, mc_max_abs_z=z)


@register_equation(seed="004", equation="53", title="diffusion tensor with nu_par, nu_perp, nu_A",
                   claim="K_ij = B_iB_j/(3nu_par) + (delta_ij - B_iB_j)/(3nu_perp) + eps_ijk B_k/(3nu_A); BGK: "
                         "nu_par = nu, nu_perp = nu + Omega^2/nu, nu_A = Omega + nu^2/Omega",
                   derivation="cranisotropy.derivations.multipoles.bgk.anisotropic_coefficients",
                   numerical_check="Monte Carlo Green-Kubo tensor at nu t = 30 (parallel, perpendicular, antisymmetric)")
def _eq53():
    c = B.anisotropic_coefficients()
    claims = {"nu_parallel": B.nu, "nu_perpendicular": B.nu + B.Omega**2 / B.nu,
              "nu_antisymmetric": B.Omega + B.nu**2 / B.Omega}
    bad = {k: str(c[k]) for k, v in claims.items() if sp.simplify(c[k] - v) != 0}
    rebuilt = sp.simplify(B.tensor_from_rates(c["nu_parallel"], c["nu_perpendicular"], c["nu_antisymmetric"])
                          - B.diffusion_tensor_along_z())
    measured, exact, z = _monte_carlo()[2.0]
    asym = {k: float(c[k].subs({B.nu: 1.0, B.Omega: 2.0})) for k in ("parallel", "perpendicular", "antisymmetric")}
    rel = {k: abs(measured[k]["mean"][-1] - asym[k]) / measured[k]["error"][-1] for k in asym}
    if bad or rebuilt != sp.zeros(3, 3) or z > 4.5:
        return failed("eq. 53 mismatch", wrong_rates=bad, max_z=z)
    return reproduced("the BGK tensor has the form of eq. 53 with the printed rate relations (sign of the eps term "
                      "for Omega = e B0/p0, dp/dt = p x Omega)", max_abs_z=z,
                      **{f"z_asymptotic_{k}": v for k, v in rel.items()})


def _fick():
    """Slow-mode eigenvector: Phi/phi against -i K k (Fourier form of Phi = -K grad phi)."""
    nu, omega = 1.0, 1.5
    K = _numeric_k(nu, omega)
    k = np.array([1e-3, -2e-3, 1.5e-3])
    _, vec = _moment_system_slow_mode(nu, omega, k)
    ratio = vec[1:] / vec[0]
    expected = -1j * K @ k
    return float(np.linalg.norm(ratio - expected) / np.linalg.norm(expected))


@register_equation(seed="004", equation="55", title="Fick's law",
                   claim="<Phi> = -K grad <phi>",
                   derivation="eq. 51 with d_t <Phi> = 0 solved for <Phi> (cranisotropy.derivations.multipoles.bgk.diffusion_tensor)",
                   numerical_check="eigenvector of the slowest mode of the Fourier moment system, k -> 0")
def _eq55():
    err = _fick()
    return reproduced("the slow mode carries Phi = -K grad phi (relative error ~ |k|)", rel_error=err) \
        if err < 1e-2 else failed("Fick's law not obeyed by the slow mode", rel_error=err)


@register_equation(seed="004", equation="52", title="diffusion equation",
                   claim="d_t <phi> ~ div(K grad <phi>)",
                   derivation="eq. 50 with Fick's law (eq. 55)",
                   numerical_check="slowest decay rate of the moment system = k.K.k (k -> 0)")
def _eq52():
    e1, e2 = _slow_mode_diffusivity(1.0, 0.7)
    return reproduced("the monopole of the moment system decays at k.K.k", rel_error_k1em3=e1) if e1 < 1e-5 \
        else failed("slow mode is not diffusive", rel_error=e1)


@lru_cache(maxsize=None)
def _kernel_checks(nu: float = 1.0, omega: float = 2.0, t: float = 0.7):
    """PDE residual (finite differences) and normalisation (quadrature) of the Gaussian kernels
    built from K^s and from the full K."""
    K = _numeric_k(nu, omega)
    out = {}
    for name, M in (("symmetric", 0.5 * (K + K.T)), ("full", K)):
        Minv = np.linalg.inv(M)
        det = np.linalg.det(M)

        def phi(x, tt):
            return np.exp(-x @ Minv @ x / (4 * tt)) / ((4 * np.pi * tt) ** 1.5 * np.sqrt(det))
        x0 = np.array([0.3, -0.2, 0.5])
        h = 1e-3
        dtphi = (phi(x0, t + h) - phi(x0, t - h)) / (2 * h)
        hess = np.empty((3, 3))
        for i in range(3):
            for j in range(3):
                ei, ej = np.eye(3)[i] * h, np.eye(3)[j] * h
                hess[i, j] = (phi(x0 + ei + ej, t) - phi(x0 + ei - ej, t) - phi(x0 - ei + ej, t)
                              + phi(x0 - ei - ej, t)) / (4 * h * h)
        residual = abs(dtphi - np.sum(K * hess)) / abs(dtphi)
        # normalisation on a grid (the Gaussian is well inside +-8 sqrt(t K))
        g = np.linspace(-6, 6, 81)
        X = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
        quad = np.einsum("ni,ij,nj->n", X, Minv, X)
        norm = np.sum(np.exp(-quad / (4 * t))) * (g[1] - g[0]) ** 3 / ((4 * np.pi * t) ** 1.5 * np.sqrt(det))
        out[name] = {"pde_rel_residual": float(residual), "normalisation": float(norm)}
    return out


@register_equation(seed="003", equation="6", title="Gaussian diffusion kernel",
                   claim="phi = exp(-x^t K^-1 x/(4t)) / ((4 pi t)^(3/2) sqrt(det K)) with K of eq. 5",
                   derivation="cranisotropy.derivations.multipoles.bgk.gaussian_kernel, diffusion_residual",
                   numerical_check="finite-difference PDE residual and grid normalisation of both kernels (Omega = 2 nu)")
def _eq6():
    K = B.diffusion_tensor_along_z()
    with_full = B.diffusion_residual(B.gaussian_kernel(K), K)
    Ks = B.symmetric_part(K)
    with_sym = B.diffusion_residual(B.gaussian_kernel(Ks), K)
    nums = _kernel_checks()
    if with_sym != 0 or nums["symmetric"]["pde_rel_residual"] > 1e-4 or abs(nums["symmetric"]["normalisation"] - 1) > 1e-6:
        return failed("the K^s kernel does not solve the diffusion equation", residual=str(with_sym), numbers=nums)
    return differs("with the full K of eq. 5 (antisymmetric part included) the printed kernel neither solves "
                   "d_t phi = div(K grad phi) nor is normalised when Omega != 0 (x.K^-1.x = 3 nu |x|^2 is "
                   "isotropic); the solution needs the symmetric part K^s in both x.K^-1.x and det K, as 004 "
                   "eq. 54 states",
                   derived=str(sp.simplify(B.gaussian_kernel(Ks))),
                   residual_with_full_K=str(with_full),
                   full_K_pde_rel_residual=nums["full"]["pde_rel_residual"],
                   full_K_normalisation=nums["full"]["normalisation"],
                   symmetric_K_pde_rel_residual=nums["symmetric"]["pde_rel_residual"],
                   symmetric_K_normalisation=nums["symmetric"]["normalisation"])


@register_equation(seed="004", equation="54", title="Gaussian diffusion kernel with K^s",
                   claim="<phi> = exp(-x.(K^s)^-1.x/(4t)) / ((4 pi t)^(3/2) sqrt(det K^s))",
                   derivation="cranisotropy.derivations.multipoles.bgk.gaussian_kernel, diffusion_residual",
                   numerical_check="finite-difference PDE residual and grid normalisation (Omega = 2 nu)")
def _eq54():
    K = B.diffusion_tensor_along_z()
    residual = B.diffusion_residual(B.gaussian_kernel(B.symmetric_part(K)), K)
    nums = _kernel_checks()["symmetric"]
    if residual != 0 or nums["pde_rel_residual"] > 1e-4 or abs(nums["normalisation"] - 1) > 1e-6:
        return failed("kernel with K^s is not the solution", residual=str(residual), **nums)
    return reproduced("solves d_t phi = div(K grad phi) (the antisymmetric part drops out) and is normalised", **nums)


# --------------------------------------------------------------------------- 004 eqs. 48, 49, 56

@lru_cache(maxsize=None)
def _healpy_dipole():
    import healpy as hp

    rng = np.random.default_rng(RNG_SEED)
    Phi, phi0 = 0.01 * rng.normal(size=3), 1.0
    nside = 16
    n = np.array(hp.pix2vec(nside, np.arange(hp.nside2npix(nside)))).T
    intensity = 1 + 3 * (-n) @ Phi / phi0          # 4 pi f(-n)/phi
    mono, dip = hp.fit_dipole(intensity)
    return float(np.linalg.norm(np.asarray(dip) - (-3 * Phi / phi0)) / np.linalg.norm(3 * Phi)), float(mono - 1)


@register_equation(seed="004", equation="48", title="relative intensity from f",
                   claim="I = 4 pi f(-p)/phi = 1 - 3 p.Phi/phi + O(a_lm, l >= 2)  (OCR garbled)",
                   derivation="cranisotropy.derivations.multipoles.bgk.relative_intensity (arrival direction n = -p)",
                   numerical_check="healpy.fit_dipole of the intensity map on a HEALPix grid")
def _eq48():
    err, mono = _healpy_dipole()
    return reproduced("I(n) = 1 - 3 n.Phi/phi (the sign flips because CRs from n move along -n)",
                      dipole_rel_error=err, monopole_minus_1=mono)


@register_equation(seed="004", equation="49", title="dipole vector",
                   claim="delta = -3 Phi/phi  (OCR garbled; sign from 'reversed sign' in the text)",
                   derivation="cranisotropy.derivations.multipoles.bgk.dipole_vector",
                   numerical_check="healpy.fit_dipole of the intensity map")
def _eq49():
    d = B.dipole_vector()
    Phi = B.vector("Phi")
    phi0 = sp.Symbol("phi", positive=True)
    ok = sp.simplify(d + 3 * Phi / phi0) == sp.zeros(3, 1)
    err, _ = _healpy_dipole()
    return reproduced("delta = -3 Phi/phi", dipole_rel_error=err) if ok and err < 1e-10 \
        else failed("dipole mismatch", derived=str(d), rel_error=err)


@register_equation(seed="004", equation="56", title="diffusive dipole anisotropy",
                   claim="delta = 3 K grad ln n_CR",
                   derivation="cranisotropy.derivations.multipoles.bgk.diffusive_dipole (eq. 49 with Fick's law; n_CR = p^2 phi)",
                   numerical_check="slow-mode eigenvector of the moment system: -3 Phi/phi = 3 K (i k)")
def _eq56():
    residual = B.diffusive_dipole()
    err = _fick()   # Phi/phi = -i K k  <=>  -3 Phi/phi = 3 K (i k) = 3 K grad ln phi
    if residual != sp.zeros(3, 1) or err > 1e-2:
        return failed("dipole does not follow", residual=str(residual), rel_error=err)
    return reproduced("delta = -3 Phi/phi = 3 K grad ln phi = 3 K grad ln n_CR at fixed p", slow_mode_rel_error=err)
