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
from numpy.polynomial import legendre as npleg

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
