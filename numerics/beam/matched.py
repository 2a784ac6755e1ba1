"""Outer eigenproblem, matched asymptotics and beam characteristics (seed 001, eqs. 8–15).

Two independent solvers for d/dmu[(1-mu^2) dPsi/dmu] + lambda (u + mu) Psi = 0 (regular at +-1):

- :func:`outer_spectrum` / :func:`outer_mode` (double precision): Legendre–Galerkin.  The matrix
  elements (stiffness n(n+1), weight u I + J with J the Jacobi matrix of mu) come from the kernel
  generated from :func:`cranisotropy.derivations.beam.outer.legendre_galerkin_elements`.  The lambda = 0 mode is
  removed exactly (its constraint eliminates c_0, and c_1 as well at u = 0), leaving a symmetric
  tridiagonal problem for sigma = 1/lambda, solved by LAPACK's ``stemr``; spectral accuracy
  (the eigenfunctions are entire), 1e-15 relative with ~40 functions.
- :func:`outer_eigenvalue_mp` (mpmath, any precision): the Frobenius series regular at mu = +1 and
  at mu = -1 (recurrence of ``beam_outer.frobenius_recurrence``) summed at mu = 0, where the
  Wronskian must vanish; secant iteration in lambda.  U(1) = int (u+mu) Phi^2 is integrated
  term by term from the same series.

The weight u + mu is indefinite: the spectrum has lambda = 0 (Psi = const), a "diffusive"
eigenvalue ~ -6u (on the side of -u, 0 at u = 0 where it forms a Jordan block with lambda = 0),
and two sequences +-lambda_k.  ``lambda1`` here is the smallest positive non-diffusive eigenvalue
(the paper's lambda1 = 14.528... at u = 0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import mpmath as mp
import numpy as np
import scipy.linalg as sla
import sympy as sp
from numpy.polynomial import legendre as npleg
from scipy.integrate import quad, solve_ivp

from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.kernels.generated.beam_characteristics import beam_characteristics as _characteristics
from cranisotropy.kernels.generated.beam_legendre_elements import beam_legendre_elements_array
from cranisotropy.kernels.generated.beam_matched import beam_matched
from cranisotropy.kernels.generated.beam_max_momentum import beam_max_momentum
from cranisotropy.kernels.generated.beam_peak_diffusion import beam_peak_diffusion
from cranisotropy.kernels.generated.beam_scattering_frequency import beam_scattering_frequency

#: proton rest energy m_p c^2 in TeV (CODATA 2018)
PROTON_REST_ENERGY_TEV = 0.93827208816e-3


# --------------------------------------------------------------------------- derived formulas

def _galerkin_elements(n: np.ndarray):
    """(stiffness, jacobi, value_at_1) of the Legendre basis (kernel beam_legendre_elements)."""
    return beam_legendre_elements_array(np.asarray(n, dtype=float))


@lru_cache(maxsize=None)
def _frobenius_step(module: str = "mpmath"):
    a_k, a_prev = sp.symbols("a_k a_prev")
    return sp.lambdify((bo.k, a_k, a_prev, bo.lam, bo.u), bo.frobenius_recurrence(), module)


@lru_cache(maxsize=None)
def _matched_formulas_mp():
    I_a = sp.Symbol("I_a")
    return sp.lambdify((bi.lam, bi.u, bi.Phi1, bi.U1, I_a), bi.eigenvalue_shift() / bi.b**2, "mpmath")


def eps_from_width(width_rad: float) -> float:
    """eps = 2 (1 - cos dtheta)/j1^2 (kernel beam_eps_from_width)."""
    from cranisotropy.kernels.generated.beam_eps_from_width import beam_eps_from_width

    return float(beam_eps_from_width(width_rad))


def j1_zero() -> float:
    """First positive zero of J_1 (3.8317059702075125)."""
    return float(mp.besseljzero(1, 1))


# --------------------------------------------------------------------------- double precision

def _reduced_problem(u: float, n_basis: int):
    """Symmetric tridiagonal T (diag, offdiag) with T d = sigma d, sigma = 1/lambda, and the map
    back to Legendre coefficients.  Unknowns c_1..c_N (u != 0) or c_2..c_N (u = 0)."""
    stiffness, J, _ = _galerkin_elements(np.arange(n_basis + 1))
    J = J[:-1]  # J[m] couples m and m + 1
    first = 1 if u != 0.0 else 2
    idx = np.arange(first, n_basis + 1)
    diag = np.full(idx.size, float(u))
    off = J[first:n_basis].copy()
    if u != 0.0:
        diag[0] -= J[0] ** 2 / u  # row 0: u c0 + J0 c1 = 0 eliminates c0
    scale = 1.0 / np.sqrt(stiffness[idx])
    return diag * scale * scale, off * scale[:-1] * scale[1:], scale, idx, J


def _full_coefficients(d: np.ndarray, u: float, n_basis: int, scale, idx, J) -> np.ndarray:
    c = np.zeros(n_basis + 1)
    c[idx] = scale * d
    if u != 0.0:
        c[0] = -J[0] * c[1] / u
    else:  # c1 = 0 and row 1: J0 c0 + J1 c2 = 0
        c[0] = -J[1] * c[2] / J[0]
    return c


@dataclass(frozen=True)
class OuterSpectrum:
    """Eigenvalues of eq. (8) with D = 1: ``positive`` (ascending, non-diffusive), ``negative``
    (descending), ``diffusive`` (the one ~ -6u; 0.0 at u = 0), ``n_basis`` Legendre functions."""

    u: float
    positive: np.ndarray
    negative: np.ndarray
    diffusive: float
    n_basis: int

    @property
    def lambda1(self) -> float:
        return float(self.positive[0])


def _spectrum(u: float, n_basis: int):
    diag, off, *_ = _reduced_problem(u, n_basis)
    sigma = sla.eigh_tridiagonal(diag, off, eigvals_only=True)
    lam = 1.0 / sigma[sigma != 0.0]
    return np.sort(lam)


def outer_spectrum(u: float = 0.0, count: int = 5, n_basis: int | None = None,
                   rtol: float = 1e-14) -> OuterSpectrum:
    """The first ``count`` positive and negative eigenvalues of eq. (8), D = 1 (seed 001 eq. 9).

    The basis grows until two sizes agree to ``rtol`` on every returned eigenvalue.

    >>> round(outer_spectrum().lambda1, 10)
    14.5280034094
    """
    if not -1.0 < u < 1.0:
        raise ValueError(f"u must lie in (-1, 1), got {u}")
    size = n_basis or max(40, 12 * count + 16)
    while True:
        lam, lam2 = _spectrum(u, size), _spectrum(u, size + 16)
        pos, neg = lam[lam > 0], lam[lam < 0][::-1]
        diffusive = 0.0
        if u > 0:
            diffusive, neg = float(neg[0]), neg[1:]
        elif u < 0:
            diffusive, pos = float(pos[0]), pos[1:]
        pos2, neg2 = lam2[lam2 > 0], lam2[lam2 < 0][::-1]
        if u > 0:
            neg2 = neg2[1:]
        elif u < 0:
            pos2 = pos2[1:]
        got = np.concatenate([pos[:count], neg[:count]])
        ref = np.concatenate([pos2[:count], neg2[:count]])
        if n_basis or np.all(np.abs(got - ref) <= rtol * np.abs(ref)) or size > 4000:
            return OuterSpectrum(u, pos[:count], neg[:count], diffusive, size)
        size *= 2


@dataclass(frozen=True)
class OuterMode:
    """Eigenfunction Phi of eq. (8) (D = 1) normalised to Phi(1) = 1, as orthonormal-Legendre
    coefficients ``coeffs``; ``U1`` = int (u + mu) Phi^2 = U(1) of eq. (11)."""

    u: float
    eigenvalue: float
    coeffs: np.ndarray

    @property
    def _series(self) -> np.ndarray:
        return self.coeffs * _galerkin_elements(np.arange(self.coeffs.size))[2]

    def __call__(self, mu):
        return npleg.legval(mu, self._series)

    def derivative(self, mu, order: int = 1):
        return npleg.legval(mu, npleg.legder(self._series, order))

    @property
    def U1(self) -> float:
        c = self.coeffs
        J = _galerkin_elements(np.arange(c.size - 1))[1]
        return float(self.u * c @ c + 2.0 * c[:-1] @ (J * c[1:]))

    @property
    def dlambda_over_b2(self) -> float:
        """Matched asymptotics (a, b -> 0): lambda^2 (1+u)^2 Phi(1)^2/(4 U(1))."""
        b_any = 0.01  # the shift over b^2 does not depend on b
        return beam_matched(self.eigenvalue, self.u, self.U1, b_any, 0.0, 0.0)[0]


def outer_mode(u: float = 0.0, index: int = 1, n_basis: int | None = None) -> OuterMode:
    """Eigenfunction of the ``index``-th positive non-diffusive eigenvalue (1 = lambda1)."""
    spec = outer_spectrum(u, count=index, n_basis=n_basis)
    target = spec.positive[index - 1]
    size = spec.n_basis + 16
    diag, off, scale, idx, J = _reduced_problem(u, size)
    sigma, vec = sla.eigh_tridiagonal(diag, off, select="v",
                                      select_range=(0.5 / target, 2.0 / target))
    pick = int(np.argmin(np.abs(1.0 / sigma - target)))
    c = _full_coefficients(vec[:, pick], u, size, scale, idx, J)
    mode = OuterMode(u, float(1.0 / sigma[pick]), c)
    return OuterMode(u, mode.eigenvalue, c / mode(1.0))


# --------------------------------------------------------------------------- mpmath path

def _frobenius(lam, u, dps: int):
    """Coefficients a_k (a_0 = 1) of the series regular at mu = 1, until |a_k| < 10^-(dps+5)."""
    step = _frobenius_step()
    a = [mp.mpf(1)]
    prev = mp.mpf(0)
    tol = mp.mpf(10) ** (-(dps + 8))
    for k in range(20 * dps + 400):
        nxt = step(k, a[-1], prev, lam, u)
        prev = a[-1]
        a.append(nxt)
        if k > 8 and abs(nxt) * (k + 2) < tol and abs(prev) * (k + 2) < tol:
            return a
    raise ArithmeticError("Frobenius series did not converge")


def _wronskian(lam, u, dps: int):
    """Psi+(0) Psi-'(0) - Psi+'(0) Psi-(0) for the solutions regular at +1 and -1."""
    plus = _frobenius(lam, u, dps)  # in x = 1 - mu, evaluated at x = 1
    minus = _frobenius(-lam, -u, dps)  # Psi-(mu) = Psi+(-mu; -lam, -u), x = 1 + mu
    p0, m0 = mp.fsum(plus), mp.fsum(minus)
    dp = -mp.fsum(k * c for k, c in enumerate(plus))
    dm = mp.fsum(k * c for k, c in enumerate(minus))
    return p0 * dm - dp * m0, plus, minus


def outer_eigenvalue_mp(guess: float, u=0, dps: int = 35) -> mp.mpf:
    """Root of the Frobenius Wronskian near ``guess`` at ``dps`` digits (independent of Galerkin)."""
    with mp.workdps(dps + 10):
        uu = mp.mpf(u)
        root = mp.findroot(lambda L: _wronskian(L, uu, dps + 10)[0], mp.mpf(guess),
                           solver="secant", tol=mp.mpf(10) ** (-2 * dps))
    return root  # keeps its dps + 10 digits (no rounding to the caller's context)


@dataclass(frozen=True)
class FrobeniusMode:
    """An eigenfunction from the two Frobenius series (mpmath), normalised to Phi(1) = 1:
    Phi = sum_k plus_k (1-mu)^k on [0, 1] and scale * sum_k minus_k (1+mu)^k on [-1, 0]."""

    eigenvalue: mp.mpf
    u: mp.mpf
    plus: tuple
    minus: tuple
    scale: mp.mpf

    @classmethod
    def build(cls, eigenvalue, u=0, dps: int = 35) -> "FrobeniusMode":
        with mp.workdps(dps + 10):
            lam, uu = mp.mpf(eigenvalue), mp.mpf(u)
            _, plus, minus = _wronskian(lam, uu, dps + 10)
            return cls(lam, uu, tuple(plus), tuple(minus), mp.fsum(plus) / mp.fsum(minus))

    def __call__(self, mu):
        mu = mp.mpf(mu)
        if mu >= 0:
            return mp.polyval(self.plus[::-1], 1 - mu)
        return self.scale * mp.polyval(self.minus[::-1], 1 + mu)

    def weighted_product(self, other: "FrobeniusMode | None" = None):
        """int_{-1}^{1} (u + mu) Phi_self Phi_other dmu, term by term (other=None: Phi_other = 1)."""
        uu = self.u
        ones = (mp.mpf(1),)
        op, om, os_ = (other.plus, other.minus, other.scale) if other else (ones, ones, mp.mpf(1))

        def moment(A, B, c0, c1):  # int_0^1 (c0 + c1 x) A(x) B(x) dx
            c0, c1 = mp.mpf(c0), mp.mpf(c1)
            return mp.fsum(A[j] * B[k] * (c0 / (j + k + 1) + c1 / (j + k + 2))
                           for j in range(len(A)) for k in range(len(B)))

        return (moment(self.plus, op, uu + 1, -1)
                + self.scale * os_ * moment(self.minus, om, uu - 1, 1))


def outer_constants_mp(eigenvalue, u=0, dps: int = 35) -> dict[str, mp.mpf]:
    """Phi(-1), U(1) and dlambda/b^2 from the Frobenius series (Phi(1) = 1), at ``dps`` digits.

    U(1) = int_0^1 (u + mu) Phi+^2 + s^2 int_{-1}^0 (u + mu) Phi-^2 (s = Phi+(0)/Phi-(0)) is
    integrated term by term: int_0^1 (u + 1 - x) x^(j+k) dx and int_0^1 (u - 1 + x) x^(j+k) dx.
    """
    with mp.workdps(dps + 10):
        mode = FrobeniusMode.build(eigenvalue, u, dps)
        U1 = mode.weighted_product(mode)
        L0 = _matched_formulas_mp()(mode.eigenvalue, mode.u, mp.mpf(1), U1, mp.mpf(0))
        return {"Phi_minus1": mode.scale * mode.minus[0], "U1": U1, "dlambda_over_b2": L0}


def solution_regular_at_minus1(eigenvalue, u, mu, dps: int = 30):
    """Psi(mu) regular at mu = -1 with Psi(-1) = 1 (Frobenius series about -1, |1+mu| < 2)."""
    with mp.workdps(dps + 10):
        minus = _frobenius(-mp.mpf(eigenvalue), -mp.mpf(u), dps + 10)
        return mp.polyval(minus[::-1], 1 + mp.mpf(mu))


# --------------------------------------------------------------------------- eq. (10)-(11)

@dataclass(frozen=True)
class FirstOrderCorrection:
    """Psi1 of eq. (10), regular at mu = -1 with Psi1(-1) = 0 (eq. 11): ``psi1(mu)`` (dense
    DOP853 output), and c = U(1)/(2 Phi(1)) (derived) of Psi1 ~ c ln(1-mu) at mu -> 1."""

    mu_max: float
    solution: object = field(repr=False)
    log_coefficient: float = 0.0

    def __call__(self, mu):
        mu = np.asarray(mu, dtype=float)
        if np.any(mu > self.mu_max) or np.any(mu < -1):
            raise ValueError(f"Psi1 is tabulated on [-1, {self.mu_max}]")
        start = self.solution.t_min
        inside = np.maximum(mu, start)
        out = self.solution(inside)[0]
        return np.where(mu < start, out * (mu + 1) / (start + 1), out)  # linear from Psi1(-1) = 0


def first_order_correction(mode: OuterMode, mu_max: float = 1 - 1e-9) -> FirstOrderCorrection:
    """Integrate eq. (10) (flux form, DOP853) from mu = -1 with Phi from the Galerkin mode.

    Near -1 (regular singular point), Psi1 = (1-u) Phi(-1) (1+mu)/2 + O((1+mu)^2) starts the
    integration; the solution passes smoothly through the zero of Phi, where eq. (11) needs a
    finite-part integral."""
    lam, u = mode.eigenvalue, mode.u
    start = -1.0 + 1e-7
    phi_m1 = mode(-1.0)
    h = start + 1.0
    y0 = [(1 - u) * phi_m1 * h / 2, (1 - u) * phi_m1 * h]  # Psi1, q1 = (1-mu^2) Psi1'

    def rhs(m, y):
        return [y[1] / ((1 - m) * (1 + m)), -lam * (u + m) * y[0] - (u + m) * mode(m)]

    sol = solve_ivp(rhs, (start, mu_max), y0, method="DOP853", dense_output=True, rtol=1e-12,
                    atol=1e-16 * max(1.0, abs(phi_m1)))
    if not sol.success:
        raise ArithmeticError(f"first-order correction: {sol.message}")
    c = float(bo.endpoint_log_coefficient().subs({sp.Symbol("U_1"): mode.U1,
                                                   sp.Symbol("Phi_1"): mode(1.0)}))
    return FirstOrderCorrection(mu_max, sol.sol, c)


def eq11_quadrature(mode: OuterMode, mu: float) -> float:
    """Psi1(mu) by the quadrature of eq. (11) as printed (valid below the first zero of Phi)."""
    lam_u = mode.u

    def U(s):
        return quad(lambda t: (lam_u + t) * mode(t) ** 2, -1.0, s, epsabs=1e-15, epsrel=1e-13)[0]

    inner = quad(lambda s: U(s) / (mode(s) ** 2 * (1 - s * s)), -1.0, mu, epsabs=1e-14,
                 epsrel=1e-12, limit=200)[0]
    return float(-mode(mu) * inner)


# --------------------------------------------------------------------------- finite a

def finite_a_integrals(a: float) -> dict[str, float]:
    """g(1) = int_0^1 dw/D and I_a = int_0^1 w dw/D (D from the generated kernel, b = 1)."""
    if not a > 0:
        raise ValueError(f"a must be > 0, got {a}")
    inv_D = lambda w: 1.0 / beam_peak_diffusion(1.0 - w, 1.0, a)  # noqa: E731
    breaks = [1 - s for s in math.sqrt(a) * np.array([1.0, 3.0, 10.0, 30.0, 100.0]) if 0 < 1 - s < 1]
    kw = dict(points=sorted(breaks), limit=500, epsabs=1e-15, epsrel=1e-13)
    return {"g1": quad(inv_D, 0.0, 1.0, **kw)[0],
            "I_a": quad(lambda w: w * inv_D(w), 0.0, 1.0, **kw)[0]}


def matched_prediction(mode: OuterMode, b: float, a: float | None) -> dict[str, float]:
    """delta_lambda/b^2 and the fractional excess from the matched asymptotics (``a=None``: a -> 0).

    ``excess`` is beta w0/(1 + beta w0); ``excess_next`` adds the O(b^2 ln b) matched term."""
    ints = finite_a_integrals(a) if a is not None else {"g1": 0.0, "I_a": 0.0}
    shift, excess, excess_next = beam_matched(mode.eigenvalue, mode.u, mode.U1, b, ints["g1"], ints["I_a"])
    return {"dlambda_over_b2": shift, "excess": excess, "excess_next": excess_next, **ints}


# --------------------------------------------------------------------------- characteristics

def gyroradius_pc(energy_tev: float, field_microgauss: float) -> float:
    """r_g = E/(e B) of an ultra-relativistic proton, in parsec."""
    erg = energy_tev * 1e12 * 1.602176634e-12
    cm = erg / (4.80320471e-10 * field_microgauss * 1e-6)
    return cm / 3.0856775814913673e18


def beam_characteristics(eps: float, qc: float = 4.65, va_over_c: float = 1e-4, u: float = 0.0,
                         alpha: float = 1e-3, p_ref_tev: float = 1.0, count: int = 5) -> dict:
    """Width, excess, eigenvalue shift, threshold constant and maximum momentum of the beam."""
    spec = outer_spectrum(u, count)
    mode = outer_mode(u)
    b, width, width_small, excess_over_eps, A = _characteristics(eps, mode.eigenvalue, u, qc)
    if not 0 < b < 1:
        raise ValueError(f"beam width b = j1^2 eps/2 = {b:.4g} must lie in (0, 1)")
    a = float(beam_scattering_frequency(eps, va_over_c))
    pred = matched_prediction(mode, b, a)
    K = eps * PROTON_REST_ENERGY_TEV / p_ref_tev
    p_over_mc = beam_max_momentum(A, va_over_c, alpha, K)
    return {
        "eps": eps, "u": u, "b": b, "b_over_eps": b / eps,
        "width_deg": math.degrees(width), "width_small_angle_deg": math.degrees(width_small),
        "lambda1": mode.eigenvalue, "lambda": [float(x) for x in spec.positive],
        "lambda_negative": [float(x) for x in spec.negative],
        "lambda_diffusive": spec.diffusive,
        "U1_over_Phi1_squared": mode.U1,
        "dlambda_over_b2": mode.dlambda_over_b2, "dlambda": mode.dlambda_over_b2 * b * b,
        "excess_over_eps": excess_over_eps, "excess": excess_over_eps * eps,
        "a": a, "va_over_c": va_over_c,
        "finite_a": {"g1": pred["g1"], "I_a": pred["I_a"],
                     "dlambda_over_b2": pred["dlambda_over_b2"], "excess": pred["excess"]},
        "qc": qc, "A": A,
        "p_max": {"eps_max": math.sqrt(va_over_c * A / alpha), "p_max_over_mc": p_over_mc,
                  "p_max_TeV": p_over_mc * PROTON_REST_ENERGY_TEV, "K": K, "alpha": alpha,
                  "p_ref_TeV": p_ref_tev},
    }


# --------------------------------------------------------------------------- eqs. (2)-(5)

def _oscillatory_pieces(start: float, stop: float) -> list[float]:
    """Breakpoints from ``start`` to ``stop``: every pi up to z = 100, then every 10 pi."""
    out = [start]
    while out[-1] < stop:
        out.append(min(stop, out[-1] + (math.pi if out[-1] < 100 else 10 * math.pi)))
    return out


def scattering_coefficient(mu: float, eps: float, delta: float, z_average: float = 2000.0) -> float:
    """D_mumu l/v of the reconstructed eq. (2) by quadrature of the generated integrand over
    kappa (0 < |mu| < 1; D is even in mu).  Up to z = 1 (kappa < 1/(eps sin theta)) in ln kappa,
    with breakpoints around the resonance kappa_*; then in steps of pi in z (10 pi beyond
    z = 100) up to ``z_average``; beyond, the period-averaged envelope (kernel
    ``beam_scattering_envelope``, relative error O(1/z_average) on that part only)."""
    from cranisotropy.kernels.generated.beam_scattering_envelope import beam_scattering_envelope
    from cranisotropy.kernels.generated.beam_scattering_integrand import beam_scattering_integrand

    m = abs(mu)
    if not 0 < m < 1:
        raise ValueError(f"need 0 < |mu| < 1, got {mu}")
    rho = eps * math.sqrt((1 - m) * (1 + m))  # z = kappa rho
    kappa_res = (eps * m) ** -1.5
    width = 5.0 * delta / m + 1e-12  # relative width of the resonance step in kappa
    res_breaks = [kappa_res * (1 - width), kappa_res, kappa_res * (1 + width)]

    def integrate(kernel, lo, hi, epsabs=0.0):
        if hi <= lo:
            return 0.0
        cuts = [lo, *sorted(x for x in res_breaks if lo < x < hi), hi]
        total = 0.0
        for x0, x1 in zip(cuts[:-1], cuts[1:]):
            total += quad(lambda t: kernel(math.exp(t), m, eps, delta) * math.exp(t),
                          math.log(x0), math.log(x1), limit=200, epsabs=epsabs, epsrel=1e-11)[0]
        return total

    kappa_z1 = max(1.0, 1.0 / rho)
    total = integrate(beam_scattering_integrand, 1.0, kappa_z1)
    z_avg = max(z_average, 2 * kappa_z1 * rho)
    pieces = _oscillatory_pieces(kappa_z1 * rho, z_avg)
    for z0, z1 in zip(pieces[:-1], pieces[1:]):
        total += integrate(beam_scattering_integrand, z0 / rho, z1 / rho)
    kappa_avg = z_avg / rho
    far = max(kappa_avg, kappa_res) * 1e12  # the envelope decays at least as kappa^(-10/3)
    return total + integrate(beam_scattering_envelope, kappa_avg, far, epsabs=1e-14 * abs(total))


def magnetostatic_profile(y: float, z_max: float = 2000.0) -> float:
    """G(y) = (4/3) y^(4/3) int_y^oo z^(-13/3) J_1(z)^2 dz (generated integrand, quadrature in
    steps of pi; beyond ``z_max`` the mean J_1^2 ~ 1/(pi z) is integrated exactly)."""
    from cranisotropy.kernels.generated.beam_magnetostatic_integrand import (
        beam_magnetostatic_integrand)

    if not y > 0:
        raise ValueError(f"y must be > 0, got {y}")
    z_max = max(z_max, 10 * y)
    pieces = _oscillatory_pieces(y, z_max)
    total = sum(quad(beam_magnetostatic_integrand, lo, hi, limit=200, epsabs=0.0, epsrel=1e-13)[0]
                for lo, hi in zip(pieces[:-1], pieces[1:]))
    total += 3.0 / (13.0 * math.pi) * z_max ** (-13.0 / 3.0)
    return 4.0 / 3.0 * y ** (4.0 / 3.0) * total
