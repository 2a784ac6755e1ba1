"""BGK diffusion: Liouville operator, monopole/dipole system, Fick's law, diffusion tensor.

Seed 003 eqs. 1-6 and seed 004 eqs. 33-56.  A relativistic particle (speed c = 1) with
momentum direction p moves as dx/dt = p, dp/dt = p x Omega (Omega = e B0/p0 along B0); the
turbulence is replaced by the BGK term -nu (f - phi/4pi).  Taking the monopole phi and the
dipole Phi of the kinetic equation gives (eqs. 3, 4)

    d phi/dt + div Phi = 0,    d Phi/dt + grad(phi)/3 + Omega x Phi = -nu Phi,

and the quasi-stationary dipole (Fick's law Phi = -K grad phi) defines

    K = (nu I + [Omega x])^-1 / 3
      = (nu^2 I - nu [Omega x] + Omega Omega^T) / (3 nu (nu^2 + Omega^2))      (eq. 5)

(= B B/(3 nu_par) + (I - B B)/(3 nu_perp) + eps.B/(3 nu_A), eq. 53, with nu_par = nu,
nu_perp = nu + Omega^2/nu, nu_A = Omega + nu^2/Omega).  The same tensor is the Green-Kubo
integral of the velocity correlation <v(t) v(0)^T> = e^{-nu t} exp(-t [Omega x]) / 3, which the
Monte Carlo kernel (kernels/specs/multipoles.py) samples.

>>> diffusion_tensor_along_z()[0, 1]
Omega/(3*(Omega**2 + nu**2))
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

nu = sp.Symbol("nu", positive=True)         # BGK relaxation rate
Omega = sp.Symbol("Omega", real=True)       # gyrofrequency e B0/p0 (sign = charge sign)
t = sp.Symbol("t", nonnegative=True)
dt = sp.Symbol("dt", nonnegative=True)
theta, phi_ = sp.symbols("theta varphi", real=True)
px, py, pz = sp.symbols("p_x p_y p_z", real=True)
P = sp.Matrix([px, py, pz])
vx, vy, vz = sp.symbols("vx vy vz", real=True)


def cross_matrix(w: sp.Matrix) -> sp.Matrix:
    """[w x]: the matrix with [w x] v = w x v."""
    return sp.Matrix([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


def vector(name: str) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}_x {name}_y {name}_z", real=True))


def gradient(f: sp.Expr, coords=(px, py, pz)) -> sp.Matrix:
    return sp.Matrix([sp.diff(f, c) for c in coords])


def angular_momentum(f: sp.Expr) -> sp.Matrix:
    """L f = -i p x grad_p f (seed 003, definition below eq. 1)."""
    return -sp.I * P.cross(gradient(f))


def l_squared(f: sp.Expr) -> sp.Expr:
    """L^2 f = sum_i L_i L_i f."""
    Lf = angular_momentum(f)
    return sp.expand(sum((angular_momentum(Lf[i])[i] for i in range(3)), sp.Integer(0)))


# --------------------------------------------------------------------------- eqs. 1, 2 / 33-36

def lorentz_force(rotation: sp.Matrix) -> sp.Matrix:
    """dp/dt = p x Omega (with Omega = e B/p0)."""
    return P.cross(rotation)


def phase_space_divergence(rotation: sp.Matrix) -> sp.Expr:
    """div_p (dp/dt) + div_x (dx/dt): zero, so f is constant along trajectories (Liouville)."""
    force = lorentz_force(rotation)
    return sp.simplify(sum((sp.diff(force[i], c) for i, c in enumerate((px, py, pz))), sp.Integer(0)))


def rotation_term_identity(rotation: sp.Matrix | None = None) -> sp.Expr:
    """(p x Omega).grad_p f - (-i Omega.L f): zero, so -i Omega.L is the magnetic Liouville term."""
    rotation = rotation if rotation is not None else vector("Omega")
    f = sp.Function("f")(px, py, pz)
    lhs = (lorentz_force(rotation).T * gradient(f))[0, 0]
    rhs = -sp.I * (rotation.T * angular_momentum(f))[0, 0]
    return sp.simplify(sp.expand(lhs - rhs))


# --------------------------------------------------------------------------- eqs. 3, 4 / 50, 51

def sphere_monomial(a: int, b: int, c: int) -> sp.Expr:
    """int_{S^2} p_x^a p_y^b p_z^c d^2p: 0 unless a, b, c are even, else
    2 Gamma((a+1)/2) Gamma((b+1)/2) Gamma((c+1)/2) / Gamma((a+b+c+3)/2) (Gaussian-integral
    factorisation of int R^3 x^a y^b z^c e^{-r^2} into radial and angular parts)."""
    if a % 2 or b % 2 or c % 2:
        return sp.Integer(0)
    h = sp.Rational(1, 2)
    return sp.gammasimp(2 * sp.gamma((a + 1) * h) * sp.gamma((b + 1) * h) * sp.gamma((c + 1) * h)
                        / sp.gamma((a + b + c + 3) * h))


def sphere_integral(expr: sp.Expr) -> sp.Expr:
    """int over the unit sphere of a polynomial in p_x, p_y, p_z (coefficients arbitrary)."""
    poly = sp.Poly(sp.expand(expr), px, py, pz)
    return sp.simplify(sum((coeff * sphere_monomial(*powers) for powers, coeff in poly.terms()), sp.Integer(0)))


def _sphere(expr: sp.Expr) -> sp.Expr:
    return sphere_integral(expr)


@lru_cache(maxsize=None)
def moment_equations() -> dict[str, sp.Expr]:
    """Monopole and dipole moments of the BGK kinetic equation for f = (phi + 3 p.Phi)/4pi.

    Kinetic equation (eq. 2 with the BGK term): df/dt + p.grad_x f + (p x Omega).grad_p f
    = -nu (f - phi/4pi).  Returns the residuals ``monopole`` (int dp of it minus eq. 3's
    left side) and ``dipole_x/y/z`` (int dp p of it minus eq. 4), which must vanish.
    Space and time derivatives of phi, Phi are kept as symbols.
    """
    Om = vector("Omega")
    Phi = vector("Phi")
    dPhi = vector("dtPhi")          # d Phi/dt
    gphi = vector("gradphi")        # grad phi
    gPhi = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"d{'xyz'[i]}Phi_{'xyz'[j]}", real=True))  # d_i Phi_j
    phi0, dphi = sp.symbols("phi dtphi", real=True)
    norm = sp.sqrt(px**2 + py**2 + pz**2)
    # f on the sphere and its extension off it (p-hat = p/|p|, for the momentum gradient)
    f = (phi0 + 3 * (P.T * Phi)[0, 0] / norm) / (4 * sp.pi)
    dfdt = (dphi + 3 * (P.T * dPhi)[0, 0]) / (4 * sp.pi)
    streaming = sum((P[i] * (gphi[i] + 3 * sum((P[j] * gPhi[i, j] for j in range(3)), sp.Integer(0)))
                     for i in range(3)), sp.Integer(0)) / (4 * sp.pi)
    magnetic = (lorentz_force(Om).T * gradient(f))[0, 0]
    collision = -nu * (f - phi0 / (4 * sp.pi))
    kinetic = dfdt + streaming + magnetic - collision
    kinetic = kinetic.subs(norm, 1)
    divPhi = gPhi[0, 0] + gPhi[1, 1] + gPhi[2, 2]
    out = {"monopole": sp.simplify(_sphere(kinetic) - (dphi + divPhi))}
    dipole_claim = dPhi + gphi / 3 + Om.cross(Phi) + nu * Phi
    for i, c in enumerate("xyz"):
        out[f"dipole_{c}"] = sp.simplify(_sphere(P[i] * kinetic) - dipole_claim[i])
    return out


# --------------------------------------------------------------------------- eq. 5 / 53, 55

def diffusion_tensor(rotation: sp.Matrix | None = None, rate: sp.Expr = nu) -> sp.Matrix:
    """K from Fick's law: the stationary dipole eq. grad(phi)/3 + Omega x Phi + nu Phi = 0
    solved for Phi = -K grad phi (seed 003 eq. 5, 004 eqs. 53, 55)."""
    rotation = rotation if rotation is not None else vector("Omega")
    M = rate * sp.eye(3) + cross_matrix(rotation)
    return sp.simplify(M.inv() / 3)


def diffusion_tensor_along_z() -> sp.Matrix:
    """K for Omega = Omega e_z."""
    return diffusion_tensor(sp.Matrix([0, 0, Omega]))


def diffusion_tensor_claim(rotation: sp.Matrix | None = None) -> sp.Matrix:
    """Eq. 5 as printed: (nu^2 delta_ij - nu Omega_k eps_ikj + Omega_i Omega_j)/(3 nu (nu^2+Omega^2))."""
    rotation = rotation if rotation is not None else vector("Omega")
    om2 = (rotation.T * rotation)[0, 0]
    return sp.Matrix(3, 3, lambda i, j: (nu**2 * sp.KroneckerDelta(i, j)
                                         - nu * sum((rotation[q] * sp.LeviCivita(i, q, j) for q in range(3)), 0)
                                         + rotation[i] * rotation[j]) / (3 * nu * (nu**2 + om2)))


def diffusion_eigenvalues() -> dict[sp.Expr, int]:
    """Eigenvalues of K (Omega along z): 1/(3 nu) and 1/(3 (nu +- i Omega))."""
    return diffusion_tensor_along_z().eigenvals()


def anisotropic_coefficients(K: sp.Matrix | None = None) -> dict[str, sp.Expr]:
    """Parallel, perpendicular and antisymmetric parts of K about b = e_z (eq. 53).

    K_par = b.K.b, K_perp = (tr K - K_par)/2, K_A = eps_ijk b_k K_ij / 2, and the rates
    nu_par = 1/(3 K_par), nu_perp = 1/(3 K_perp), nu_A = 1/(3 K_A) defined by eq. 53.
    """
    K = K if K is not None else diffusion_tensor_along_z()
    par = sp.simplify(K[2, 2])
    perp = sp.simplify((K[0, 0] + K[1, 1]) / 2)
    anti = sp.simplify((K[0, 1] - K[1, 0]) / 2)
    return {"parallel": par, "perpendicular": perp, "antisymmetric": anti,
            "nu_parallel": sp.simplify(1 / (3 * par)), "nu_perpendicular": sp.simplify(1 / (3 * perp)),
            "nu_antisymmetric": sp.simplify(1 / (3 * anti))}


def tensor_from_rates(nu_par: sp.Expr, nu_perp: sp.Expr, nu_anti: sp.Expr) -> sp.Matrix:
    """Eq. 53: B B/(3 nu_par) + (I - B B)/(3 nu_perp) + eps_ijk B_k/(3 nu_A), B = e_z."""
    B = sp.Matrix([0, 0, 1])
    eps = sp.Matrix(3, 3, lambda i, j: sum((sp.LeviCivita(i, j, q) * B[q] for q in range(3)), 0))
    return B * B.T / (3 * nu_par) + (sp.eye(3) - B * B.T) / (3 * nu_perp) + eps / (3 * nu_anti)


# --------------------------------------------------------------------------- eq. 6 / 54

def gaussian_kernel(K: sp.Matrix, xs=sp.symbols("x y z", real=True), time: sp.Expr = t) -> sp.Expr:
    """exp(-x.K^-1.x/(4t)) / ((4 pi t)^(3/2) sqrt(det K)) for the tensor K given."""
    X = sp.Matrix(xs)
    quad = (X.T * K.inv() * X)[0, 0]
    return sp.exp(-sp.simplify(quad) / (4 * time)) / ((4 * sp.pi * time) ** sp.Rational(3, 2) * sp.sqrt(K.det()))


def symmetric_part(K: sp.Matrix) -> sp.Matrix:
    return sp.simplify((K + K.T) / 2)


def diffusion_residual(kernel: sp.Expr, K: sp.Matrix, xs=sp.symbols("x y z", real=True),
                       time: sp.Expr = t) -> sp.Expr:
    """d phi/dt - div(K grad phi), relative to phi (zero for a solution of eq. 52)."""
    grad = sp.Matrix([sp.diff(kernel, c) for c in xs])
    flux = K * grad
    div = sum((sp.diff(flux[i], c) for i, c in enumerate(xs)), sp.Integer(0))
    return sp.simplify((sp.diff(kernel, time) - div) / kernel)


# --------------------------------------------------------------------------- eqs. 48, 49, 56

def relative_intensity(direction: sp.Matrix | None = None) -> sp.Expr:
    """I(n) = 4 pi f(-n)/phi for f = (phi + 3 p.Phi)/4pi: CRs arriving from n move along -n."""
    n = direction if direction is not None else vector("n")
    Phi = vector("Phi")
    phi0 = sp.Symbol("phi", positive=True)
    f = (phi0 + 3 * ((-n).T * Phi)[0, 0]) / (4 * sp.pi)
    return sp.expand(4 * sp.pi * f / phi0)


def dipole_vector() -> sp.Matrix:
    """delta with I = 1 + delta.n: the coefficient of n in :func:`relative_intensity`."""
    n = vector("n")
    intensity = relative_intensity(n)
    return sp.Matrix([sp.diff(intensity, c) for c in n])


def diffusive_dipole() -> sp.Matrix:
    """delta for the Fick dipole Phi = -K grad phi: 3 K grad ln phi (eq. 56)."""
    gphi = vector("gradphi")
    phi0 = sp.Symbol("phi", positive=True)
    K = sp.Matrix(3, 3, sp.symbols("K_0:9", real=True))
    Phi = vector("Phi")
    return sp.simplify(dipole_vector().subs(dict(zip(Phi, -K * gphi))) - 3 * K * gphi / phi0)


# --------------------------------------------------------------------------- time dependence

@lru_cache(maxsize=None)
def velocity_rotation() -> sp.Matrix:
    """exp(-t [Omega x]) for Omega = Omega e_z: the solution of dv/dt = v x Omega."""
    A = -cross_matrix(sp.Matrix([0, 0, Omega]))
    sol = sp.simplify((A * t).exp())
    return sol.applyfunc(lambda e: sp.simplify(e.rewrite(sp.cos)))


def velocity_correlation() -> sp.Matrix:
    """<v(t) v(0)^T> for BGK: e^{-nu t} exp(-t [Omega x]) <v v^T> with <v v^T> = I/3.

    Between isotropisations the velocity gyrates; an isotropisation (rate nu) erases the memory
    of v(0), so the conditional mean <v(t)|v(0)> = e^{-nu t} R(t) v(0).
    """
    return sp.exp(-nu * t) * velocity_rotation() / 3


def _decaying(expr: sp.Expr) -> sp.Expr:
    """Rewrite with exp(-nu t) only (no exp(+nu t), which overflows for large nu t)."""
    E = sp.Symbol("E", positive=True)
    e = sp.simplify(sp.expand(expr).subs(sp.exp(-nu * t), E).subs(sp.exp(nu * t), 1 / E))
    return sp.collect(sp.expand(sp.simplify(e)), E).subs(E, sp.exp(-nu * t))


def _dipole_generator() -> sp.Matrix:
    """M = nu I + [Omega x] (Omega = Omega e_z): <v(t) v(0)^T> = exp(-t M)/3."""
    return nu * sp.eye(3) + cross_matrix(sp.Matrix([0, 0, Omega]))


def _propagator() -> sp.Matrix:
    """exp(-t M) = e^{-nu t} exp(-t [Omega x]) (the two parts commute)."""
    return sp.exp(-nu * t) * velocity_rotation()


@lru_cache(maxsize=None)
def running_diffusion_tensor() -> dict[str, sp.Expr]:
    """Green-Kubo running tensor K(t) = int_0^t <v(s) v(0)^T> ds = <x(t) v(0)^T> (par/perp/anti).

    int_0^t exp(-s M) ds = M^-1 (I - exp(-t M)) (M invertible), times 1/3.
    """
    Minv = _dipole_generator().inv()
    K = Minv * (sp.eye(3) - _propagator()) / 3
    return {"parallel": _decaying(K[2, 2]), "perpendicular": _decaying((K[0, 0] + K[1, 1]) / 2),
            "antisymmetric": _decaying((K[0, 1] - K[1, 0]) / 2)}


@lru_cache(maxsize=None)
def running_msd_tensor() -> dict[str, sp.Expr]:
    """<x_i x_j>(t)/(2t) = (1/t) int_0^t (t - s) C^s(s) ds for the stationary velocity process.

    int_0^t (t - s) exp(-s M) ds = t M^-1 - M^-2 (I - exp(-t M)); symmetric part, times 1/(3t).
    """
    Minv = _dipole_generator().inv()
    A = (t * Minv - Minv * Minv * (sp.eye(3) - _propagator())) / (3 * t)
    msd = (A + A.T) / 2
    return {"parallel": _decaying(msd[2, 2]), "perpendicular": _decaying((msd[0, 0] + msd[1, 1]) / 2)}


@lru_cache(maxsize=None)
def gyration_flight() -> tuple[sp.Expr, ...]:
    """Exact free flight over dt about B0 = e_z: (dx, dy, dz, vx', vy', vz').

    v(t) = exp(-t [Omega x]) v0 and x = int_0^dt v, with 1 - cos(Omega dt) written as
    2 sin^2(Omega dt/2) (no cancellation for small Omega dt) and the Omega -> 0 limit as an
    explicit branch.
    """
    v0 = sp.Matrix([vx, vy, vz])
    R = velocity_rotation()
    v_new = (R * v0).subs(t, dt)
    s = sp.Symbol("s", nonnegative=True)
    disp = (R * v0).subs(t, s).applyfunc(lambda e: sp.integrate(e, (s, 0, dt)))
    half = sp.sin(Omega * dt / 2) ** 2
    disp = disp.applyfunc(lambda e: sp.simplify(sp.piecewise_fold(e)))

    def regular(e):
        # keep the Omega != 0 branch, rewrite 1 - cos as 2 sin^2
        if isinstance(e, sp.Piecewise):
            e = [piece.expr for piece in e.args if piece.cond != True][0]  # noqa: E712
        e = sp.expand(e)
        return sp.simplify(e.subs(sp.cos(Omega * dt), 1 - 2 * half))

    disp = disp.applyfunc(regular)
    limit = disp.applyfunc(lambda e: sp.limit(e, Omega, 0))
    flights = tuple(sp.Piecewise((lim, sp.Eq(Omega, 0)), (reg, True)) for lim, reg in zip(limit, disp))
    return flights + tuple(sp.simplify(e) for e in v_new)
