"""The full eigenproblem (8) with the peaked D(mu), solved without any asymptotics (seed 001).

Independent check of the matched expansion: spectral elements of degree ``p`` (Gauss–Lobatto
Lagrange basis, Gauss–Legendre quadrature of ``p + 8`` points) on a mesh that resolves the peak:

- outer region [-1, 1-b]: a few large elements, then geometric grading (ratio 2) towards the
  edge of the peak, where the solution varies on the scale b (its ln w term);
- peak [1-b, 1]: elements graded towards w = 1, where D = 1 + c (w-1)^2/a changes over
  |w - 1| ~ sqrt(a/c); an element boundary sits exactly at w = 1 (D'' jumps there).

The weak form int (1-mu^2) D Psi' chi' = lambda int (u+mu) Psi chi has natural boundary
conditions at mu = +-1, which are the regularity conditions.  D comes from the generated
kernel ``beam_peak_diffusion``.  The eigenvalue nearest the outer lambda1 is found by Rayleigh
quotient iteration (LU of K - sigma M); the Rayleigh quotient itself is evaluated element by
element from derivatives of (Psi - Psi(node 0)), so the stiffness ~ 1/a of the peak costs no
digits (lambda to ~1e-14 relative).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.linalg as sla
from numpy.polynomial import legendre as npleg

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.kernels.generated.beam_peak_diffusion import beam_peak_diffusion_array
from cranisotropy.numerics.beam.outer import OuterMode, outer_mode


@lru_cache(maxsize=None)
def _reference_element(p: int, nq: int):
    """GLL nodes, Gauss points/weights, Lagrange basis values and derivatives at the points."""
    inner = np.sort(npleg.legroots(npleg.legder([0] * p + [1])))
    nodes = np.concatenate(([-1.0], inner, [1.0]))
    xq, wq = npleg.leggauss(nq)
    diff = nodes[:, None] - nodes[None, :]
    np.fill_diagonal(diff, 1.0)
    bary = 1.0 / np.prod(diff, axis=1)
    t = xq[:, None] - nodes[None, :]  # (nq, p+1); never 0 (Gauss points are interior)
    ell = np.prod(t, axis=1)
    basis = bary[None, :] * ell[:, None] / t
    dbasis = basis * (np.sum(1.0 / t, axis=1)[:, None] - 1.0 / t)
    return nodes, xq, wq, basis, dbasis


def peak_mesh(b: float, a: float) -> np.ndarray:
    """Element edges on [-1, 1] resolving the peak of width b and its edge layer ~ sqrt(a)."""
    edge = 1.0 - b
    pts = {-1.0, -0.5, 0.0}
    k = 1
    while 1.0 - b * 2.0**k > 0.25:
        k += 1
    for m in range(k - 1, 0, -1):  # geometric towards the peak edge
        pts.add(1.0 - b * 2.0**m)
    if edge > 0.25 + 1e-12:
        pts.add(0.25)
    pts.add(edge)
    s = 0.5  # inside the peak, in w: 0, 1/2, 3/4, ... towards w = 1
    wpts = {0.0}
    while s > 0.25 * math.sqrt(a):
        wpts.add(1.0 - s)
        s *= 0.5
    for w in wpts:
        pts.add(1.0 - b * w)
    edges = np.array(sorted(pts))
    keep = np.concatenate(([True], np.diff(edges) > 1e-14 * np.maximum(1.0, np.abs(edges[1:]))))
    return edges[keep]


@dataclass(frozen=True)
class PeakedSolution(Result):
    """Eigenpair of eq. (8) with the peak: ``eigenvalue``; ``values`` at ``nodes`` normalised so
    that Psi(-1) = Phi(-1) of the outer mode (Phi(1) = 1), hence Psi = Phi + dl Psi1 + ...;
    call it with mu to interpolate.

    >>> from cranisotropy import peaked_eigenproblem
    >>> sol = peaked_eigenproblem(2e-3, 2e-3)
    >>> round(sol.dlambda_over_b2, 2), round(sol.excess, 5)
    (362.15, 0.01169)
    """

    b: float
    a: float
    u: float
    p: int
    eigenvalue: float
    nodes: np.ndarray
    values: np.ndarray
    edges: np.ndarray = field(repr=False)
    outer_eigenvalue: float = 0.0

    @property
    def psi_at_1(self) -> float:
        """Psi(1) (the outer Phi(1) is 1)."""
        return float(self.values[-1])

    @property
    def excess(self) -> float:
        """(Phi(1) - Psi(1))/Phi(1), Phi(1) = 1: the flattening of Psi inside the peak."""
        return 1.0 - self.psi_at_1

    @property
    def dlambda_over_b2(self) -> float:
        """(lambda - lambda_outer)/b^2."""
        return (self.eigenvalue - self.outer_eigenvalue) / self.b**2

    def __call__(self, mu):
        """Psi(mu) by element-wise Lagrange interpolation."""
        mu = np.atleast_1d(np.asarray(mu, dtype=float))
        out = np.empty_like(mu)
        ref = _reference_element(self.p, self.p + 8)[0]
        e = np.clip(np.searchsorted(self.edges, mu, side="right") - 1, 0, self.edges.size - 2)
        for j in np.unique(e):
            sel = e == j
            lo, hi = self.edges[j], self.edges[j + 1]
            t = 2 * (mu[sel] - lo) / (hi - lo) - 1
            vals = self.values[j * self.p: j * self.p + self.p + 1]
            out[sel] = _lagrange_eval(ref, vals, t)  # safe-input-checked: not eval
        return out


def _lagrange_eval(nodes, values, t):  # safe-input-checked: not eval
    diff = nodes[:, None] - nodes[None, :]
    np.fill_diagonal(diff, 1.0)
    bary = 1.0 / np.prod(diff, axis=1)
    d = t[:, None] - nodes[None, :]
    exact = np.isclose(d, 0.0, atol=1e-15)
    d[exact] = 1.0
    w = bary[None, :] / d
    res = (w @ values) / w.sum(axis=1)
    rows, cols = np.nonzero(exact)
    res[rows] = values[cols]
    return res


def peaked_eigenproblem(b: float, a: float, *, u: float = 0.0, degree: int = 16,
                        mode: OuterMode | None = None, max_iterations: int = 12) -> PeakedSolution:
    """Eigenvalue and eigenfunction of eq. (8) with the Goldreich–Sridhar peak, without asymptotics.

    D(mu) = 1 + F((1-mu)/b)/a inside the peak (1 - mu < b), 1 outside (kernel
    ``beam_peak_diffusion``); spectral elements of degree ``degree`` on a mesh graded towards the
    peak edge and the sqrt(a) layer at w = 1; Rayleigh quotient iteration from the outer
    eigenpair, to ~1e-14 relative.  The independent check of the matched asymptotics.

    Parameters
    ----------
    b : float
        Beam width in 1 - mu, in (0, 0.5).
    a : float
        a = nu_theta l/v, the scattering frequency outside the peak, > 0.
    u : float, keyword-only
        Bulk speed in units of the particle speed, -1 < u < 1 (ignored when ``mode`` is given).
    degree : int, keyword-only
        Polynomial degree of the elements, 4 to 48.
    mode : OuterMode, optional, keyword-only
        The outer eigenpair to perturb (default :func:`outer_mode` at ``u``: lambda1).
    max_iterations : int, keyword-only
        Rayleigh quotient iterations at most.

    Returns
    -------
    PeakedSolution
        ``eigenvalue``, ``dlambda_over_b2``, ``excess`` = 1 - Psi(1), the nodal values; callable.

    See Also
    --------
    matched_expansion : the asymptotic prediction it checks.

    Examples
    --------
    >>> from cranisotropy import peaked_eigenproblem
    >>> round(peaked_eigenproblem(2e-3, 2e-3).eigenvalue, 6)
    14.529452
    """
    if not (0 < b < 0.5 and a > 0):
        raise UsageError(f"need 0 < b < 0.5 and a > 0, got b={b}, a={a}")
    if not 4 <= degree <= 48:
        raise UsageError(f"degree must lie in [4, 48], got {degree}")
    p = degree
    mode = mode or outer_mode(u)
    u = mode.u
    nodes_ref, xq, wq, B, dB = _reference_element(p, p + 8)
    edges = peak_mesh(b, a)
    ne = edges.size - 1
    lo, hi = edges[:-1], edges[1:]
    half = (hi - lo) / 2
    mu_q = lo[:, None] + half[:, None] * (xq[None, :] + 1)  # (ne, nq)
    D = beam_peak_diffusion_array(mu_q, b, a)
    kw = wq[None, :] * (1 - mu_q) * (1 + mu_q) * D / half[:, None]
    mw = wq[None, :] * (u + mu_q) * half[:, None]
    Ke = np.einsum("qi,eq,qj->eij", dB, kw, dB)
    Me = np.einsum("qi,eq,qj->eij", B, mw, B)
    ndof = ne * p + 1
    K = np.zeros((ndof, ndof))
    M = np.zeros((ndof, ndof))
    for e in range(ne):
        s = slice(e * p, e * p + p + 1)
        K[s, s] += Ke[e]
        M[s, s] += Me[e]
    nodes = (lo[:, None] + half[:, None] * (nodes_ref[None, :-1] + 1)).ravel()
    nodes = np.append(nodes, 1.0)

    def rayleigh(x):
        X = np.lib.stride_tricks.sliding_window_view(x, p + 1)[::p]  # (ne, p+1)
        dpsi = (X - X[:, :1]) @ dB.T  # derivatives of Psi - const: no cancellation in K x
        vals = X @ B.T
        return float(np.sum(kw * dpsi**2) / np.sum(mw * vals**2))

    x = mode(nodes)
    sigma = mode.eigenvalue
    for _ in range(max_iterations):
        lu = sla.lu_factor(K - sigma * M, check_finite=False)
        for _ in range(2):
            x = sla.lu_solve(lu, M @ x, check_finite=False)
            x /= np.max(np.abs(x))
        new = rayleigh(x)
        converged = abs(new - sigma) <= 4e-16 * abs(new)
        sigma = new
        if converged:
            break
    phi = mode(nodes)
    overlap = abs(x @ M @ phi) / math.sqrt(abs(x @ M @ x) * abs(phi @ M @ phi))
    if overlap < 0.5:
        raise ArithmeticError(f"eigenvector is not the perturbed lambda1 mode (overlap {overlap:.2f})")
    x = x * (phi[0] / x[0])  # Psi(-1) = Phi(-1)
    return PeakedSolution(b, a, u, p, sigma, nodes, x, edges, mode.eigenvalue)
