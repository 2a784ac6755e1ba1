"""The outer eigenproblem of pitch-angle transport along a flux tube (seed 001, eqs. 8–11).

Two independent solvers for d/dmu[(1-mu^2) dPsi/dmu] + lambda (u + mu) Psi = 0 (regular at +-1):

- :func:`outer_spectrum` / :func:`outer_mode` (double precision): Legendre–Galerkin.  The matrix
  elements (stiffness n(n+1), weight u I + J with J the Jacobi matrix of mu) come from the kernel
  generated from :func:`cranisotropy.derivations.beam.outer.legendre_galerkin_elements`.  The
  lambda = 0 mode is removed exactly (its constraint eliminates c_0, and c_1 as well at u = 0),
  leaving a symmetric tridiagonal problem for sigma = 1/lambda, solved by LAPACK's ``stemr``;
  spectral accuracy (the eigenfunctions are entire), 1e-15 relative with ~40 functions.
- :func:`outer_eigenvalue` (mpmath, any precision): the Frobenius series regular at mu = +1 and
  at mu = -1 (recurrence :func:`cranisotropy.derivations.beam.outer.frobenius_recurrence`) summed
  at mu = 0, where their Wronskian must vanish; secant iteration in lambda.  U(1) = int (u+mu)
  Phi^2 is integrated term by term from the same series.

The weight u + mu is indefinite: the spectrum has lambda = 0 (Psi = const), a "diffusive"
eigenvalue ~ -6u (on the side of -u, 0 at u = 0 where it forms a Jordan block with lambda = 0),
and two sequences +-lambda_k.  ``lambda1`` here is the smallest positive non-diffusive eigenvalue
(the paper's lambda1 = 14.528... at u = 0).

The first-order correction Psi^(1) (eqs. 10, 11) is integrated from eq. (10) (:func:`outer_correction`);
eq. (11) itself, read from the derivation, and the lambda-derivative of the Frobenius solution
are two independent ways to the same function (:func:`outer_correction_quadrature`,
:func:`outer_correction_by_differentiation`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import mpmath as mp
import numpy as np
import scipy.linalg as sla
import sympy as sp
from numpy.polynomial import legendre as npleg
from scipy.integrate import solve_ivp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.kernels.generated.beam_legendre_elements import beam_legendre_elements_array
from cranisotropy.kernels.generated.beam_matched import beam_matched


def _galerkin_elements(n: np.ndarray):
    """(stiffness, jacobi, value_at_1) of the Legendre basis (kernel beam_legendre_elements)."""
    return beam_legendre_elements_array(np.asarray(n, dtype=float))


@lru_cache(maxsize=None)
def _frobenius_step():
    a_k, a_prev = sp.symbols("a_k a_prev")
    return sp.lambdify((bo.k, a_k, a_prev, bo.lam, bo.u), bo.frobenius_recurrence(), "mpmath")


@lru_cache(maxsize=None)
def _shift_over_b2_mp():
    """delta_lambda/b^2 for a -> 0 (the derivation's eigenvalue_shift), in mpmath."""
    I_a = sp.Symbol("I_a")
    return sp.lambdify((bi.lam, bi.u, bi.Phi1, bi.U1, I_a), bi.eigenvalue_shift() / bi.b**2, "mpmath")


def _check_u(u: float) -> None:
    if not -1.0 < u < 1.0:
        raise UsageError(f"u (bulk speed in units of v) must lie in (-1, 1), got {u}")


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
class OuterSpectrum(Result):
    """Eigenvalues of eq. (8) with D = 1: ``positive`` (ascending, non-diffusive), ``negative``
    (descending), ``diffusive`` (the one ~ -6u; 0.0 at u = 0), with ``n_basis`` Legendre functions.

    >>> from cranisotropy import outer_spectrum
    >>> round(float(outer_spectrum(count=2).positive[1]), 6)
    42.048546
    """

    u: float
    positive: np.ndarray
    negative: np.ndarray
    diffusive: float
    n_basis: int

    @property
    def lambda1(self) -> float:
        """The smallest positive non-diffusive eigenvalue."""
        return float(self.positive[0])


def _spectrum(u: float, n_basis: int):
    diag, off, *_ = _reduced_problem(u, n_basis)
    sigma = sla.eigh_tridiagonal(diag, off, eigvals_only=True)
    return np.sort(1.0 / sigma[sigma != 0.0])


def _split(lam: np.ndarray, u: float):
    """(positive, negative, diffusive) of a sorted spectrum: the diffusive eigenvalue is the one
    of sign -u nearest to 0."""
    pos, neg = lam[lam > 0], lam[lam < 0][::-1]
    diffusive = 0.0
    if u > 0:
        diffusive, neg = float(neg[0]), neg[1:]
    elif u < 0:
        diffusive, pos = float(pos[0]), pos[1:]
    return pos, neg, diffusive


def outer_spectrum(u: float = 0.0, count: int = 5, *, n_basis: int | None = None,
                   rtol: float = 1e-14) -> OuterSpectrum:
    """Eigenvalues of the outer eigenproblem, eq. (8) with D = 1 (seed 001 eq. 9 at u = 0).

    Legendre–Galerkin in double precision; the basis grows until two sizes agree to ``rtol`` on
    every returned eigenvalue.

    Parameters
    ----------
    u : float
        Bulk (scattering-centre) speed along the field in units of the particle speed, -1 < u < 1.
    count : int
        How many positive and negative non-diffusive eigenvalues to return, >= 1.
    n_basis : int, optional, keyword-only
        A fixed number of Legendre functions (default: grown until converged).
    rtol : float, keyword-only
        Relative agreement of two basis sizes that stops the growth.

    Returns
    -------
    OuterSpectrum
        ``positive`` (ascending), ``negative`` (descending), ``diffusive`` (~ -6u) eigenvalues,
        ``lambda1`` = ``positive[0]``, and the basis size used.

    See Also
    --------
    outer_eigenvalue : one eigenvalue to any number of digits (independent method).
    outer_mode : the eigenfunction.

    Examples
    --------
    >>> from cranisotropy import outer_spectrum
    >>> round(outer_spectrum().lambda1, 10)
    14.5280034094
    >>> round(outer_spectrum(u=0.05).diffusive, 4)
    -0.3017
    """
    _check_u(u)
    if not count >= 1:
        raise UsageError(f"count must be >= 1, got {count}")
    size = n_basis or max(40, 12 * count + 16)
    while True:
        pos, neg, diffusive = _split(_spectrum(u, size), u)
        pos2, neg2, _ = _split(_spectrum(u, size + 16), u)
        got = np.concatenate([pos[:count], neg[:count]])
        ref = np.concatenate([pos2[:count], neg2[:count]])
        if n_basis or np.all(np.abs(got - ref) <= rtol * np.abs(ref)) or size > 4000:
            return OuterSpectrum(u, pos[:count], neg[:count], diffusive, size)
        size *= 2


@dataclass(frozen=True)
class OuterMode(Result):
    """Eigenfunction Phi of eq. (8) (D = 1), normalised to Phi(1) = 1, as orthonormal-Legendre
    coefficients ``coeffs``; call it with mu to evaluate.

    >>> from cranisotropy import outer_mode
    >>> phi = outer_mode()
    >>> round(float(phi(1.0)), 12), round(phi.U1, 10)
    (1.0, 0.0967526459)
    """

    u: float
    eigenvalue: float
    coeffs: np.ndarray

    @cached_property
    def _series(self) -> np.ndarray:
        """Coefficients in ordinary Legendre polynomials (computed once: the ODE solvers call Phi)."""
        return self.coeffs * _galerkin_elements(np.arange(self.coeffs.size))[2]

    def __call__(self, mu):
        """Phi(mu), for -1 <= mu <= 1."""
        return npleg.legval(mu, self._series)

    def derivative(self, mu, order: int = 1):
        """d^order Phi/dmu^order at mu."""
        return npleg.legval(mu, npleg.legder(self._series, order))

    @property
    def U1(self) -> float:
        """U(1) = int_{-1}^{1} (u + mu) Phi^2 dmu (eq. 11 at mu = 1), exact in the basis."""
        c = self.coeffs
        J = _galerkin_elements(np.arange(c.size - 1))[1]
        return float(self.u * c @ c + 2.0 * c[:-1] @ (J * c[1:]))

    @property
    def dlambda_over_b2(self) -> float:
        """Matched asymptotics (a, b -> 0): lambda^2 (1+u)^2 Phi(1)^2/(4 U(1))."""
        b_any = 0.01  # the shift over b^2 does not depend on b
        return beam_matched(self.eigenvalue, self.u, self.U1, b_any, 0.0, 0.0)[0]


def outer_mode(u: float = 0.0, index: int = 1, *, n_basis: int | None = None) -> OuterMode:
    """Eigenfunction Phi of the outer eigenproblem (eq. 8 with D = 1), with Phi(1) = 1.

    Parameters
    ----------
    u : float
        Bulk speed in units of the particle speed, -1 < u < 1.
    index : int
        Which positive non-diffusive eigenvalue (1 = lambda1).
    n_basis : int, optional, keyword-only
        Legendre functions (default: as :func:`outer_spectrum` converges, plus 16).

    Returns
    -------
    OuterMode
        Callable ``Phi(mu)``, with ``.eigenvalue``, ``.derivative(mu, order)``, ``.U1``
        (= int (u+mu) Phi^2) and ``.dlambda_over_b2`` (the matched eigenvalue shift).

    Examples
    --------
    >>> from cranisotropy import outer_mode
    >>> phi = outer_mode()
    >>> round(float(phi(-1.0)), 8), round(phi.dlambda_over_b2, 6)
    (-0.01197014, 545.367212)
    """
    if not index >= 1:
        raise UsageError(f"index must be >= 1, got {index}")
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
    """Root of the Frobenius Wronskian near ``guess`` at ``dps`` digits (independent of Galerkin).

    ``u`` may be a string (an exact decimal).  The root keeps ``dps + 10`` digits.

    >>> import mpmath as mp
    >>> mp.nstr(outer_eigenvalue_mp(42.0, 0, 20), 15)
    '42.0485461790523'
    """
    with mp.workdps(dps + 10):
        uu = mp.mpf(u)
        return mp.findroot(lambda L: _wronskian(L, uu, dps + 10)[0], mp.mpf(guess),
                           solver="secant", tol=mp.mpf(10) ** (-2 * dps))


def outer_eigenvalue(index: int = 1, u: float | str = 0.0, *, digits: int = 30) -> mp.mpf:
    """One eigenvalue of the outer eigenproblem (eq. 8, D = 1) to any number of digits.

    The Legendre–Galerkin spectrum gives the starting value; the root of the Wronskian of the two
    Frobenius series (regular at mu = +1 and -1, summed at mu = 0) is found in mpmath.

    Parameters
    ----------
    index : int
        Which positive non-diffusive eigenvalue (1 = lambda1).
    u : float or str
        Bulk speed in units of the particle speed, -1 < u < 1; taken as the decimal it prints as
        (``0.05`` is 1/20 exactly), or pass a string.
    digits : int, keyword-only
        Correct significant digits wanted, 1 to 500.

    Returns
    -------
    mpmath.mpf
        The eigenvalue, carrying ``digits`` + 10 working digits.

    See Also
    --------
    outer_spectrum : all the low eigenvalues in double precision.

    Examples
    --------
    >>> import mpmath as mp
    >>> from cranisotropy import outer_eigenvalue
    >>> mp.nstr(outer_eigenvalue(digits=30), 30)
    '14.5280034093614380888569799972'
    """
    if not 1 <= digits <= 500:
        raise UsageError(f"digits must lie in [1, 500], got {digits}")
    text = str(u)
    _check_u(float(text))
    guess = outer_spectrum(float(text), count=index).positive[index - 1]
    return outer_eigenvalue_mp(guess, text, digits + 5)


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
        """The mode of ``eigenvalue`` (a root of the Wronskian) at ``dps`` digits."""
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
    """Phi(-1), U(1) and delta_lambda/b^2 from the Frobenius series (Phi(1) = 1), at ``dps`` digits.

    U(1) = int_0^1 (u + mu) Phi+^2 + s^2 int_{-1}^0 (u + mu) Phi-^2 (s = Phi+(0)/Phi-(0)) is
    integrated term by term (:meth:`FrobeniusMode.weighted_product`).
    """
    with mp.workdps(dps + 10):
        mode = FrobeniusMode.build(eigenvalue, u, dps)
        U1 = mode.weighted_product(mode)
        L0 = _shift_over_b2_mp()(mode.eigenvalue, mode.u, mp.mpf(1), U1, mp.mpf(0))
        return {"Phi_minus1": mode.scale * mode.minus[0], "U1": U1, "dlambda_over_b2": L0}


def solution_regular_at_minus1(eigenvalue, u, mu, dps: int = 30):
    """Psi(mu) regular at mu = -1 with Psi(-1) = 1 (Frobenius series about -1, |1+mu| < 2)."""
    with mp.workdps(dps + 10):
        minus = _frobenius(-mp.mpf(eigenvalue), -mp.mpf(u), dps + 10)
        return mp.polyval(minus[::-1], 1 + mp.mpf(mu))


# --------------------------------------------------------------------------- eqs. (10)-(11)

@dataclass(frozen=True)
class OuterCorrection:
    """Psi1 of eq. (10), regular at mu = -1 with Psi1(-1) = 0 (eq. 11): call it with mu (dense
    DOP853 output on [-1, ``mu_max``]); ``log_coefficient`` is c = U(1)/(2 Phi(1)) of
    Psi1 ~ c ln(1-mu) at mu -> 1."""

    mu_max: float
    solution: object = field(repr=False)
    log_coefficient: float = 0.0

    def __call__(self, mu):
        mu = np.asarray(mu, dtype=float)
        if np.any(mu > self.mu_max) or np.any(mu < -1):
            raise UsageError(f"Psi1 is tabulated on [-1, {self.mu_max}], got mu = {mu}")
        start = self.solution.t_min
        inside = np.maximum(mu, start)
        out = self.solution(inside)[0]
        return np.where(mu < start, out * (mu + 1) / (start + 1), out)  # linear from Psi1(-1) = 0


@lru_cache(maxsize=None)
def _correction_formulas():
    start = sp.lambdify((bo.u, sp.Symbol("Phi_m1")), bo.first_order_start(), "math")
    log = sp.lambdify((sp.Symbol("U_1"), sp.Symbol("Phi_1")), bo.endpoint_log_coefficient(), "math")
    return start, log


def outer_correction(mode: OuterMode, mu_max: float = 1 - 1e-9) -> OuterCorrection:
    """First-order outer correction Psi^(1) of eq. (10), regular at mu = -1 with Psi^(1)(-1) = 0.

    Integrates eq. (10) in flux form (DOP853, rtol 1e-12) from mu = -1, where the regular solution
    starts as c (1 + mu) (c from :func:`cranisotropy.derivations.beam.outer.first_order_start`);
    the solution passes smoothly through the zero of Phi, where eq. (11) needs a finite-part
    integral.

    Parameters
    ----------
    mode : OuterMode
        The outer eigenfunction Phi (:func:`outer_mode`).
    mu_max : float
        End of the integration, < 1 (Psi^(1) has a logarithm at mu = 1).

    Returns
    -------
    OuterCorrection
        Callable Psi^(1)(mu) on [-1, mu_max], with ``log_coefficient`` = U(1)/(2 Phi(1)).

    Examples
    --------
    >>> from cranisotropy import outer_correction, outer_mode
    >>> psi1 = outer_correction(outer_mode())
    >>> round(float(psi1(0.0)), 8), round(psi1.log_coefficient, 8)
    (-0.05070016, 0.04837632)
    """
    if not -1 < mu_max < 1:
        raise UsageError(f"mu_max must lie in (-1, 1), got {mu_max}")
    start_coefficient, log_coefficient = _correction_formulas()
    lam, u = mode.eigenvalue, mode.u
    start = -1.0 + 1e-7
    phi_m1 = float(mode(-1.0))
    c = start_coefficient(u, phi_m1)
    y0 = [c * (start + 1), (1 - start) * (1 + start) * c]  # Psi1, q1 = (1-mu^2) Psi1'

    def rhs(m, y):
        return [y[1] / ((1 - m) * (1 + m)), -lam * (u + m) * y[0] - (u + m) * mode(m)]

    sol = solve_ivp(rhs, (start, mu_max), y0, method="DOP853", dense_output=True, rtol=1e-12,
                    atol=1e-16 * max(1.0, abs(phi_m1)))
    if not sol.success:
        raise ArithmeticError(f"first-order correction: {sol.message}")
    return OuterCorrection(mu_max, sol.sol, log_coefficient(mode.U1, float(mode(1.0))))


@lru_cache(maxsize=None)
def _eq11():
    return bo.first_order_solution()


def outer_correction_quadrature(mode: OuterMode, mu: float) -> float:
    """Psi^(1)(mu) by the nested quadrature of eq. (11) as derived (valid below the zero of Phi).

    The expression is :func:`cranisotropy.derivations.beam.outer.first_order_solution`, turned
    into nested ``scipy.integrate.quad`` calls by ``sympy.lambdify`` with Phi the given mode.

    >>> from cranisotropy.numerics.beam.outer import outer_mode
    >>> round(outer_correction_quadrature(outer_mode(), 0.0), 8)
    -0.05070016
    """
    f = sp.lambdify((bo.mu, bo.u), _eq11(), modules=[{"Phi": mode}, "scipy"])
    return float(f(mu, mode.u))


def outer_correction_by_differentiation(mode: OuterMode, mu: float, *, step: float = 1e-8,
                                        dps: int = 30) -> float:
    """Psi^(1)(mu) as d Psi/d lambda at fixed Psi(-1) = Phi(-1), by a central difference of the
    Frobenius series regular at mu = -1 (mpmath): an independent route to eq. (10)'s solution.

    >>> from cranisotropy.numerics.beam.outer import outer_mode
    >>> round(outer_correction_by_differentiation(outer_mode(), 0.0), 6)
    -0.0507
    """
    lam = mode.eigenvalue
    with mp.workdps(dps + 10):
        d = (solution_regular_at_minus1(lam + step, mode.u, mu, dps)
             - solution_regular_at_minus1(lam - step, mode.u, mu, dps)) / (2 * step)
    return float(d) * float(mode(-1.0))
