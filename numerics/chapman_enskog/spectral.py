"""Independent check of the Chapman–Enskog series: the slowest eigenvalue Gamma of the
pitch-angle operator and its Taylor coefficients (seed 000, Sec. III).

For f = phi(mu) f0 e^{ikz} eq. (6) becomes the eigenproblem

    d/dmu[(1-mu^2) D dphi/dmu] - p mu phi - (s/2)(1-mu^2) dphi/dmu = Gamma phi,   p = i eps k, s = eps sigma,

whose branch Gamma(p, s) through Gamma(0, 0) = 0 is the exact decay rate of the isotropic part:
its Taylor coefficients are the Chapman–Enskog rates gamma_n(p, s) -- computed here without any
perturbation theory:

1. Galerkin discretisation (weak form, so regularity at mu = +-1 is natural):
   - :func:`element_matrices`: continuous piecewise-Legendre basis on the mapped elements of
     :func:`cranisotropy.numerics.chapman_enskog.series.elements` (double precision; the power maps
     make singular D such as |mu|^(q-1) analytic in the element variable);
   - :func:`legendre_matrices`: global Legendre basis in mu with mpmath entries (polynomial D).
2. The eigenvalue at points lambda_j = r e^{2 pi i j/J} of a circle in the complex plane
   (p, s) = lambda (a, b); the branch is the eigenvector closest to the isotropic function;
   in mpmath it is polished by Rayleigh-quotient iteration.
3. Taylor coefficients by the trapezoidal rule on the circle (Cauchy's formula, an FFT):
   c_n = (1/J) sum_j Gamma(lambda_j) lambda_j^-n, with an error estimate from two radii.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
import scipy.linalg
import sympy as sp
from numpy.polynomial import legendre as npleg

from cranisotropy.core.errors import UsageError
from cranisotropy.core.jsonable import jsonable
from cranisotropy.core.results import Result
from cranisotropy.numerics.chapman_enskog.series import ScatteringProfile, _mpf, elements


@dataclass
class Discretisation:
    """Weak-form matrices: Gamma Mass v = -(K + p Mu + (s/2) F) v;  ``iso``: the constant 1."""

    K: np.ndarray
    Mu: np.ndarray
    F: np.ndarray
    Mass: np.ndarray
    iso: np.ndarray

    def operator(self, p, s):
        return -(self.K + p * self.Mu + 0.5 * s * self.F)


# --------------------------------------------------------------------------- double precision

def _modes(n: int, x: np.ndarray):
    """C0 modal basis on [-1, 1]: (1-x)/2, (1+x)/2, P_k - P_{k-2} (k = 2..n); values, derivatives."""
    vals = [(1 - x) / 2, (1 + x) / 2]
    ders = [-0.5 * np.ones_like(x), 0.5 * np.ones_like(x)]
    for k in range(2, n + 1):
        c = np.zeros(k + 1)
        c[k], c[k - 2] = 1.0, -1.0
        vals.append(npleg.legval(x, c))
        ders.append(npleg.legval(x, npleg.legder(c)))
    return np.array(vals), np.array(ders)


def element_matrices(profile: ScatteringProfile, degree: int = 28, quadrature: int | None = None
                     ) -> Discretisation:
    """Galerkin matrices on the mapped elements (continuous, modal Legendre, double precision)."""
    Dnum = profile.numpy()
    els = elements(profile, endpoint_cap=None)  # no division by 1 - mu^2 here
    nq = quadrature or degree + 24
    xq, wq = npleg.leggauss(nq)
    vals, ders = _modes(degree, xq)
    # global numbering: vertices 0..len(els), then bubbles
    ndof = len(els) + 1 + len(els) * (degree - 1)
    K, Mu, F, Mass = (np.zeros((ndof, ndof)) for _ in range(4))
    for e, el in enumerate(els):
        muq = el.mu_of_s(xq)
        jac = el.dmu_ds(xq)
        Dq = Dnum(muq)
        idx = [e, e + 1] + [len(els) + 1 + e * (degree - 1) + k for k in range(degree - 1)]
        stiff = (1 - muq**2) * Dq / jac          # (1-mu^2) D dmu/ds (ds/dmu)^2
        K_e = (ders * (wq * stiff)) @ ders.T
        Mu_e = (vals * (wq * muq * jac)) @ vals.T
        F_e = (vals * (wq * (1 - muq**2))) @ ders.T  # <chi, (1-mu^2) dphi/dmu>: test rows
        M_e = (vals * (wq * jac)) @ vals.T
        ix = np.ix_(idx, idx)
        K[ix] += K_e
        Mu[ix] += Mu_e
        F[ix] += F_e
        Mass[ix] += M_e
    iso = np.zeros(ndof)
    iso[: len(els) + 1] = 1.0
    return Discretisation(K, Mu, F, Mass, iso)


def slow_eigenvalue(disc: Discretisation, p: complex, s: complex = 0.0) -> complex:
    """Eigenvalue of the branch through 0, picked by overlap with the isotropic function and
    refined by the two-sided Rayleigh quotient (left and right eigenvectors)."""
    A = disc.operator(p, s)
    w, vl, vr = scipy.linalg.eig(A, disc.Mass, left=True, right=True)
    M1 = disc.Mass @ disc.iso
    overlap = np.abs(M1 @ vr) / np.sqrt(np.abs(np.einsum("ij,ik,kj->j", vr.conj(), disc.Mass, vr)))
    j = int(np.argmax(overlap))
    u, v = vl[:, j], vr[:, j]
    return complex((u.conj() @ A @ v) / (u.conj() @ disc.Mass @ v))


def cauchy_coefficients(values: np.ndarray, radius: float) -> np.ndarray:
    """Taylor coefficients from samples on |lambda| = radius at lambda_j = r e^{2 pi i j/J}."""
    J = len(values)
    return np.fft.fft(values) / J / radius ** np.arange(J)


def spectral_taylor(disc: Discretisation, order: int, direction=(1.0, 0.0), radius: float = 1.0,
                    points: int = 64) -> np.ndarray:
    """c_0..c_order of Gamma(lambda a, lambda b) by Cauchy's formula (double precision)."""
    a, b = direction
    lam = radius * np.exp(2j * np.pi * np.arange(points) / points)
    with one_blas_thread():
        vals = np.array([slow_eigenvalue(disc, l * a, l * b) for l in lam])
    return cauchy_coefficients(vals, radius)[: order + 1]


def one_blas_thread():
    """BLAS/LAPACK on one thread: for these small matrices, threads only wait on a busy machine
    (measured: 1.2 s single-threaded against 2.6-12 s with two threads for the same series)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


def auto_radius(disc: Discretisation, direction=(1.0, 0.0), fraction: float = 0.6) -> float:
    """A circle well inside the disc of convergence, from the spectrum alone: the curvature
    c_2 of Gamma(p) (sigma = 0) on a tiny circle sets the scale 1/(4 c_2) = 1/kappa of eps k,
    divided by the length of the direction (a, b) in the (p, sigma) plane."""
    c = spectral_taylor(disc, 2, (1.0, 0.0), 1e-2, points=8)
    return fraction / (4 * abs(c[2])) / float(np.hypot(*direction))


def spectral_series(profile: ScatteringProfile, order: int, direction=(1.0, 0.0),
                    degree: int = 28, points: int = 64):
    """(coefficients, error estimate) of Gamma(lambda a, lambda b): the run at degree + 8 and
    radius 0.8 r is returned; its difference from the run at (degree, r) is the error."""
    d1 = element_matrices(profile, degree)
    d2 = element_matrices(profile, degree + 8)
    radius = auto_radius(d1, direction)
    c1 = spectral_taylor(d1, order, direction, radius, points)
    c2 = spectral_taylor(d2, order, direction, 0.8 * radius, points)
    return c2, np.abs(c1 - c2)


# --------------------------------------------------------------------------- mpmath (Legendre)

def legendre_matrices(D_coeffs, size: int, dps: int = 40):
    """K, Mu, Mass in the Legendre basis P_0..P_{size-1} (lists of sparse rows {col: mpf}) for a
    polynomial D given by its coefficients in mu (lowest power first).  Entries by Gauss–Legendre
    quadrature, exact for these polynomial integrands; entries that vanish by orthogonality
    (outside the band) come out below 10^-dps and are dropped."""
    with mpmath.workdps(dps + 10):
        nodes, weights = _gauss_legendre(size + len(D_coeffs) + 4, dps + 10)
        P, dP = [], []
        for x in nodes:
            vals = [mpmath.mpf(1), x]
            for k in range(2, size):
                vals.append(((2 * k - 1) * x * vals[-1] - (k - 1) * vals[-2]) / k)
            vals = vals[:size]
            ders = [mpmath.mpf(0)] + [k * (vals[k - 1] - x * vals[k]) / (1 - x * x)
                                      for k in range(1, size)]
            P.append(vals)
            dP.append(ders)
        Dv = [sum(_mpf(c) * x**k for k, c in enumerate(D_coeffs)) for x in nodes]
        tiny = mpmath.mpf(10) ** (-dps - 5)
        K = [dict() for _ in range(size)]
        Mu = [dict() for _ in range(size)]
        for i in range(size):
            for j in range(i, size):
                k = sum(w * (1 - x * x) * d * dq[i] * dq[j]
                        for x, w, d, dq in zip(nodes, weights, Dv, dP))
                m = sum(w * x * pq[i] * pq[j] for x, w, pq in zip(nodes, weights, P))
                if abs(k) > tiny:
                    K[i][j] = K[j][i] = +k
                if abs(m) > tiny:
                    Mu[i][j] = Mu[j][i] = +m
        Mass = [{i: mpmath.mpf(2) / (2 * i + 1)} for i in range(size)]
    return K, Mu, Mass


def _gauss_legendre(n: int, dps: int):
    with mpmath.workdps(dps):
        nodes, weights = [], []
        for i in range(1, n + 1):
            x = mpmath.cos(mpmath.pi * (i - mpmath.mpf(1) / 4) / (n + mpmath.mpf(1) / 2))
            for _ in range(100):
                p0, p1 = mpmath.mpf(1), x
                for k in range(2, n + 1):
                    p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
                dp = n * (x * p1 - p0) / (x * x - 1)
                dx = p1 / dp
                x -= dx
                if abs(dx) < mpmath.mpf(10) ** (-dps + 2):
                    break
            p0, p1 = mpmath.mpf(1), x
            for k in range(2, n + 1):
                p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
            dp = n * (x * p1 - p0) / (x * x - 1)
            nodes.append(x)
            weights.append(2 / ((1 - x * x) * dp * dp))
    return nodes, weights


def _combine(terms):
    """Sparse rows of sum_c c * matrix for (c, matrix) in terms."""
    size = len(terms[0][1])
    rows = [dict() for _ in range(size)]
    for c, mat in terms:
        for i, row in enumerate(mat):
            for j, v in row.items():
                rows[i][j] = rows[i].get(j, 0) + c * v
    return rows


def _matvec(rows, v):
    return [sum((a * v[j] for j, a in row.items()), mpmath.mpc(0)) for row in rows]


def _sparse_solve(rows, b):
    """Gaussian elimination from the last row upwards (banded, no fill outside the band):
    the large diagonal entries l(l+1) are eliminated first, the small pivot of the slow mode
    comes last."""
    rows = [dict(r) for r in rows]
    b = list(b)
    n = len(rows)
    for k in range(n - 1, -1, -1):
        piv = rows[k].get(k, 0)
        if piv == 0:
            continue
        for i in range(k):
            f = rows[i].get(k)
            if f is None or f == 0:
                continue
            f = f / piv
            for j, v in rows[k].items():
                if j <= k:
                    rows[i][j] = rows[i].get(j, 0) - f * v
            b[i] -= f * b[k]
            rows[i].pop(k, None)
    x = [mpmath.mpc(0)] * n
    tiny = mpmath.mpf(2) ** (-2 * mpmath.mp.prec)
    for k in range(n):
        acc = b[k] - sum((v * x[j] for j, v in rows[k].items() if j < k), mpmath.mpc(0))
        piv = rows[k].get(k, 0)
        x[k] = acc / (piv if piv != 0 else tiny)  # exact shift: inverse iteration is done
    return x


def mp_slow_eigenvalue(K, Mu, Mass, p, guess_value, guess_vector, dps: int = 40, iterations: int = 10):
    """Rayleigh-quotient iteration for the complex-symmetric pencil (-(K + p Mu), Mass): the
    left eigenvector is the transpose of the right one, so the quotient is stationary."""
    with mpmath.workdps(dps):
        A = _combine([(-1, K), (-p, Mu)])
        v = [mpmath.mpc(c) for c in guess_vector]
        lam = mpmath.mpc(guess_value)
        tol = mpmath.mpf(10) ** (-dps + 3)
        for _ in range(iterations):
            shifted = _combine([(1, A), (-lam, Mass)])
            w = _sparse_solve(shifted, _matvec(Mass, v))
            scale = max(abs(c) for c in w)
            v = [c / scale for c in w]
            Av, Mv = _matvec(A, v), _matvec(Mass, v)
            new = sum(a * b for a, b in zip(v, Av)) / sum(a * b for a, b in zip(v, Mv))
            done = abs(new - lam) < tol * max(1, abs(new))
            lam = new
            if done:
                break
    return lam


def mp_spectral_taylor(D_coeffs, order: int, radius: float, points: int = 48, size: int = 30,
                       dps: int = 40):
    """Taylor coefficients c_0..c_order of Gamma(p) (sigma = 0) at ``dps`` digits for a
    polynomial D: Legendre Galerkin, RQI started from the double-precision eigenpair."""
    with mpmath.workdps(dps):
        K, Mu, Mass = legendre_matrices(D_coeffs, size, dps)

        def dense(rows):
            out = np.zeros((size, size))
            for i, row in enumerate(rows):
                for j, v in row.items():
                    out[i, j] = float(v)
            return out

        Kf, Muf, Mf = dense(K), dense(Mu), dense(Mass)
        r = mpmath.mpf(radius)
        values = []
        with one_blas_thread():
            for j in range(points):
                lam = r * mpmath.expjpi(mpmath.mpf(2 * j) / points)
                w, vr = scipy.linalg.eig(-(Kf + complex(lam) * Muf), Mf)
                k = int(np.argmax(np.abs(vr[0, :]) / np.linalg.norm(vr, axis=0)))
                values.append(mp_slow_eigenvalue(K, Mu, Mass, lam, w[k], vr[:, k], dps))
        coeffs = []
        for n in range(order + 1):
            c = sum(v * mpmath.expjpi(-mpmath.mpf(2 * n * j) / points) for j, v in enumerate(values))
            coeffs.append(c / points / r**n)
    return coeffs


# --------------------------------------------------------------------------- public API

@dataclass(frozen=True)
class EigenvalueSeries(Result):
    """Taylor coefficients of the slowest eigenvalue Gamma(lambda a, lambda b), lambda -> 0,
    along the direction (a, b) in the plane (p = eps d_z, s = eps sigma): ``coefficients[n]``
    (complex) and ``errors[n]`` (absolute estimates), n = 0..order."""

    D: str
    direction: tuple[float, float]
    coefficients: np.ndarray
    errors: np.ndarray

    def to_dict(self) -> dict:
        """Real and imaginary parts as lists."""
        return {"D": self.D, "direction": list(self.direction),
                "coefficients_real": self.coefficients.real, "coefficients_imag": self.coefficients.imag,
                "errors": self.errors}


def eigenvalue_series(D, order: int = 8, *, direction=(1.0, 0.0), degree: int = 28,
                      points: int = 64) -> EigenvalueSeries:
    """Taylor coefficients of the exact decay rate, computed without perturbation theory.

    The slowest eigenvalue Gamma(p, s) of d/dmu[(1-mu^2) D d/dmu] - p mu - (s/2)(1-mu^2) d/dmu
    (Galerkin, mapped Legendre elements) on a circle of the complex plane, and its Taylor
    coefficients by Cauchy's formula.  Along (a, b) = (1, 0) they are the c_n of
    :func:`transport_coefficients`: an independent check of the Chapman–Enskog series.

    Parameters
    ----------
    D : str, sympy.Expr, number or callable
        Scattering function D(mu) (see :func:`transport_coefficients`).
    order : int
        Highest Taylor order (>= 1).
    direction : (float, float), keyword-only
        (a, b): expand Gamma(lambda a, lambda b) in lambda; p = eps d_z, s = eps sigma.
    degree : int, keyword-only
        Polynomial degree per element (the error estimate compares degree and degree + 8).
    points : int, keyword-only
        Points on the circle (> order).

    Returns
    -------
    EigenvalueSeries
        ``coefficients`` and ``errors``, arrays of length order + 1.

    Examples
    --------
    >>> s = eigenvalue_series("1", 4)
    >>> [round(float(s.coefficients[n].real), 12) for n in (2, 4)]     # 1/6, -11/1080
    [0.166666666667, -0.010185185185]
    """
    from cranisotropy.numerics.chapman_enskog.series import scattering_profile

    if isinstance(order, bool) or not isinstance(order, int) or order < 1 or points <= order:
        raise UsageError(f"need an integer order >= 1 and points > order, got order = {order!r}, "
                         f"points = {points!r}")
    profile = scattering_profile(D)
    coefficients, errors = spectral_series(profile, order, tuple(map(float, direction)), degree, points)
    return EigenvalueSeries(profile.label, tuple(map(float, direction)), coefficients, errors)


@dataclass(frozen=True)
class DispersionRelation(Result):
    """Decay rate Gamma(k) of a mode e^{ikz} of the isotropic part, exact and approximated.

    All rates are in units of the scattering rate nu (time of eq. 6), ``k`` is eps k (z in units
    of l): ``exact`` is the slowest eigenvalue, ``second`` the next one; ``series[N]`` the
    Chapman–Enskog sum to eps^N (``series[2]`` = diffusion); ``telegraph`` the slow root of the
    telegraph equation (12).  ``branch_point``: eps k where ``exact`` and ``second`` meet (None
    if it is beyond the largest k, or D is asymmetric); beyond it the two are a complex-conjugate
    pair.  ``telegraph_branch_point``: the same for the two telegraph roots.
    """

    D: str
    k: np.ndarray
    exact: np.ndarray
    second: np.ndarray
    series: dict[int, np.ndarray]
    telegraph: np.ndarray
    branch_point: float | None
    telegraph_branch_point: float

    def to_dict(self) -> dict:
        """Arrays as lists (complex ones as real and imaginary parts)."""
        split = lambda a: {"real": a.real, "imag": a.imag}  # noqa: E731
        return jsonable({"D": self.D, "k": self.k, "exact": split(self.exact),
                         "second": split(self.second),
                         "series": {n: split(v) for n, v in self.series.items()},
                         "telegraph": split(self.telegraph), "branch_point": self.branch_point,
                         "telegraph_branch_point": self.telegraph_branch_point})


def dispersion_relation(D, k, *, orders=(2, 4, 8), degree: int = 28) -> DispersionRelation:
    """Exact decay rate Gamma(k) of the isotropic mode and its diffusion, series, telegraph forms.

    For f ~ e^{ikz + Gamma t}, eq. (6) (sigma = 0) is the eigenproblem
    d/dmu[(1-mu^2) D dphi/dmu] - i eps k mu phi = Gamma phi; its slowest eigenvalue is the exact
    decay rate, which the series of eq. (9) expands in eps k.  The series converges up to the
    nearest branch point of Gamma(k): for a symmetric D, where the slowest (diffusive) rate
    meets the next (anisotropic) one on the real axis and the two turn into a complex pair
    (a damped oscillation) -- the kink of -Re Gamma at ``branch_point``.

    Parameters
    ----------
    D : str, sympy.Expr, number or callable
        Scattering function D(mu) (see :func:`transport_coefficients`).
    k : array_like
        Wavenumbers eps k >= 0 (z in units of l, eps = v/(l nu)).
    orders : tuple of int, keyword-only
        Orders N of the Chapman–Enskog partial sums (2 <= N <= 16).
    degree : int, keyword-only
        Polynomial degree per element of the Galerkin discretisation.

    Returns
    -------
    DispersionRelation
        ``exact``, ``second``, ``series[N]``, ``telegraph`` (complex arrays, units of nu) and
        the branch points.

    See Also
    --------
    transport_coefficients : the coefficients of the series.

    Examples
    --------
    >>> d = dispersion_relation("1", [0.5, 1.0, 2.0])
    >>> [round(-float(g), 4) for g in d.exact.real]                 # exact decay rates
    [0.0423, 0.1785, 1.1312]
    >>> [round(-float(g), 4) for g in d.series[2].real]             # diffusion: c_2 (eps k)^2
    [0.0417, 0.1667, 0.6667]
    >>> round(d.branch_point, 3), round(d.telegraph_branch_point, 3)
    (1.899, 2.023)
    """
    import scipy.optimize

    from cranisotropy.derivations.chapman_enskog import hierarchy as ce
    from cranisotropy.numerics.chapman_enskog.coefficients import transport_coefficients
    from cranisotropy.numerics.chapman_enskog.series import scattering_profile

    k = np.atleast_1d(np.asarray(k, dtype=float))
    if k.ndim != 1 or not np.all(np.isfinite(k)) or np.any(k < 0):
        raise UsageError(f"k must be a 1-d array of finite wavenumbers >= 0, got {k}")
    profile = scattering_profile(D)
    coefficients = transport_coefficients(D, max(orders))
    disc = element_matrices(profile, degree)
    with one_blas_thread():
        pairs = np.array([_two_slowest(disc, kk) for kk in k]).reshape(len(k), 2)
    ik = 1j * k
    c = {n: term.value for n, term in coefficients.series.items()}
    series = {N: sum(c[n] * ik**n for n in range(1, N + 1)) for N in orders}
    kap, tau, ks = sp.symbols("c_2 tau_t k", positive=True)
    telegraph = sp.lambdify((kap, tau, ks), ce.telegraph_dispersion(kap, tau, ks), "numpy")(
        c[2], coefficients.tau_t.value, k.astype(complex))
    crossing = ce.telegraph_branch_point(kap, tau)
    branch = None
    if profile.symmetric:
        gap = lambda kk: float(np.real(np.diff(_two_slowest(disc, kk))[0] ** 2))  # noqa: E731
        past = np.nonzero(np.real(np.diff(pairs, axis=1)[:, 0] ** 2) < 0)[0]
        if past.size and past[0] > 0:
            with one_blas_thread():
                branch = float(scipy.optimize.brentq(gap, k[past[0] - 1], k[past[0]], xtol=1e-10))
    return DispersionRelation(profile.label, k, pairs[:, 0], pairs[:, 1], series,
                              np.asarray(telegraph, dtype=complex) * np.ones_like(k), branch,
                              float(crossing.subs({kap: c[2], tau: coefficients.tau_t.value})))


def _two_slowest(disc: Discretisation, k: float) -> np.ndarray:
    """The two eigenvalues with the largest real part at p = i k (the first with Im >= 0 when
    they are a conjugate pair)."""
    w = scipy.linalg.eigvals(disc.operator(1j * k, 0.0), disc.Mass)
    w = w[np.argsort(-w.real, kind="stable")][:2]
    if abs(w[0].real - w[1].real) <= 1e-9 * abs(w[0]) and w[0].imag < w[1].imag:
        w = w[::-1]
    return w
