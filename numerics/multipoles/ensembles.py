"""Finite-dimensional operator ensembles: exact tests of the averaged transport equations.

Seed 004 eqs. 34-39 (one phase-space density) and 72-74 (the product of two densities in the
same field) are statements about a linear evolution d_t f = -(<L> + dL) f averaged over a
zero-mean ensemble of fluctuations dL.  A finite-dimensional stand-in makes them exactly
computable: a random matrix L0 = <L>, the two-member ensemble dL in {+eps A, -eps A} of static
fluctuations, and f(t) = exp(-(L0 + dL) t) f(0) by the matrix exponential.  The pair version
acts on V (x) V with L0 (x) 1 + 1 (x) L0 and dL (x) 1 + 1 (x) dL on f(0) (x) f(0).

- :func:`operator_ensemble` -- the ensemble (single density or pair);
- :func:`mean_equation_residual` -- d_t <f> + <L><f> + <dL df> (eq. 34, 72);
- :func:`fluctuation_equation_residual` -- d_t df + L df + dL <f> - <dL df> (eq. 37, 73);
- :func:`closure_errors` -- <dL df> against its leading-order (Duhamel) form (eqs. 38-39, 74).

>>> ens = operator_ensemble(0.3)
>>> mean_equation_residual(ens, 1.0) < 1e-12
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

__all__ = ["OperatorEnsemble", "operator_ensemble", "mean_equation_residual",
           "fluctuation_equation_residual", "closure_errors"]


@dataclass(frozen=True)
class OperatorEnsemble:
    """Mean generator ``L0``, fluctuation direction ``A`` (members +-eps A), initial ``f0``."""

    L0: np.ndarray
    A: np.ndarray
    f0: np.ndarray
    eps: float

    @property
    def members(self) -> tuple[np.ndarray, np.ndarray]:
        """The two fluctuations dL = +eps A and -eps A."""
        return self.eps * self.A, -self.eps * self.A

    def evolve(self, T: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """f_k(T) = exp(-(L0 + dL_k) T) f0 and d_t f_k(T), for both members."""
        f = [expm(-(self.L0 + dL) * T) @ self.f0 for dL in self.members]
        return f, [-(self.L0 + dL) @ fk for dL, fk in zip(self.members, f)]


def operator_ensemble(eps: float, *, dim: int | None = None, pair: bool = False,
                      seed: int = 20261122) -> OperatorEnsemble:
    """A random operator ensemble {L0 + eps A, L0 - eps A} acting on f0.

    Parameters
    ----------
    eps : float
        Size of the fluctuation.
    dim : int, optional
        Dimension of one density's space (default 5, or 3 for ``pair``).
    pair : bool
        Two densities in the same realisation: operators on V (x) V (seed 004 eqs. 72-74).
    seed : int
        Seed of L0, A and f0 (standard normal entries).

    Returns
    -------
    OperatorEnsemble
    """
    dim = dim if dim is not None else (3 if pair else 5)
    rng = np.random.default_rng(seed)
    L0, A, f0 = rng.normal(size=(dim, dim)), rng.normal(size=(dim, dim)), rng.normal(size=dim)
    if pair:
        eye = np.eye(dim)
        L0, A, f0 = np.kron(L0, eye) + np.kron(eye, L0), np.kron(A, eye) + np.kron(eye, A), np.kron(f0, f0)
    return OperatorEnsemble(L0, A, f0, float(eps))


def _averages(ensemble: OperatorEnsemble, T: float):
    f, dfdt = ensemble.evolve(T)
    mean_f, mean_dfdt = sum(f) / 2, sum(dfdt) / 2
    df = [fk - mean_f for fk in f]
    scatter = sum(dL @ d for dL, d in zip(ensemble.members, df)) / 2   # <dL df>
    return f, dfdt, mean_f, mean_dfdt, df, scatter


def mean_equation_residual(ensemble: OperatorEnsemble, T: float) -> float:
    """max |d_t <f> + L0 <f> + <dL df>| at time T (zero for any ensemble: seed 004 eqs. 34, 72)."""
    _, _, mean_f, mean_dfdt, _, scatter = _averages(ensemble, T)
    return float(np.max(np.abs(mean_dfdt + ensemble.L0 @ mean_f + scatter)))


def fluctuation_equation_residual(ensemble: OperatorEnsemble, T: float) -> float:
    """max over members of |d_t df + (L0 + dL) df + dL <f> - <dL df>| (seed 004 eqs. 37, 73)."""
    _, dfdt, mean_f, mean_dfdt, df, scatter = _averages(ensemble, T)
    return float(max(np.max(np.abs((dk - mean_dfdt) + (ensemble.L0 + dL) @ d + dL @ mean_f - scatter))
                     for dL, d, dk in zip(ensemble.members, df, dfdt)))


def closure_errors(ensemble: OperatorEnsemble, T: float, eps_values=(1e-2, 1e-3), nodes: int = 40) -> list[float]:
    """Relative error of the leading-order scattering term, for each fluctuation size in ``eps_values``.

    Exact <dL df>(T) against -<dL int_0^T exp(-L0 (T-t)) dL <f>(t) dt> with <f>(t) =
    exp(-L0 t) f0 and df(0) = 0 (the Duhamel solution of eq. 37 to first order, eqs. 38-39 /
    74), the time integral by ``nodes``-point Gauss-Legendre.  The error falls as eps^2 (odd
    orders vanish for the symmetric ensemble).
    """
    L0, A = ensemble.L0, ensemble.A
    ts, ws = np.polynomial.legendre.leggauss(nodes)
    ts, ws = 0.5 * T * (ts + 1), 0.5 * T * ws
    duhamel = sum(w * expm(-L0 * (T - t)) @ A @ expm(-L0 * t) @ ensemble.f0 for t, w in zip(ts, ws))
    errors = []
    for eps in eps_values:
        scaled = OperatorEnsemble(L0, A, ensemble.f0, float(eps))
        exact = _averages(scaled, T)[-1]
        approx = -(eps * A) @ (eps * duhamel)
        errors.append(float(np.linalg.norm(exact - approx) / np.linalg.norm(exact)))
    return errors
