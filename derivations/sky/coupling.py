"""Multipole coupling and transfer matrices for an azimuthally symmetric field of view.

Seed 004, Eq. (26), (30) and Appendix A (eqs. A.1-A.2).  The pseudo multipoles of the
weighted map w(delta) dI(n) are a~_lm = sum_l' I^m_ll'(w) a_l'm (no mixing in m), with

    I^m_ll'(w) = int dOmega conj(Y_lm) w Y_l'm = sum_k w_k (-1)^m Gaunt(l, l', k; -m, m, 0)
               = (-1)^m sum_k w_k sqrt((2l+1)(2l'+1)(2k+1)/4pi) (l l' k; 0 0 0)(l l' k; -m m 0),

w_k = int dOmega w Y_k0 the weight's multipoles.  For a statistically isotropic Gaussian sky
with the m = 0 modes removed by the reconstruction (eq. 13), <C~_l> = sum_l' M_ll' C_l' with

    M_ll' = (1/(2l+1)) sum_{m != 0} (I^m_ll')^2
          = (2l'+1)/(4pi) sum_k w_k^2 (l l' k; 0 0 0)^2  -  (I^0_ll')^2 / (2l+1),

the MASTER matrix (W_k = w_k^2/(2k+1) is the weight's power spectrum) minus the m = 0 term.
Everything here is exact (rationals and square roots) when the band edges are rational.

>>> w = band_weight_multipoles(2, sp.Integer(-1), sp.Integer(1))   # the full sky
>>> coupling_element(1, 1, 1, w)
1
"""
from __future__ import annotations

import functools
from typing import Sequence

import sympy as sp
from sympy.physics.wigner import gaunt, wigner_3j

s = sp.Symbol("s", real=True)   # sin(declination)


def band_weight_multipoles(kmax: int, lower: sp.Expr, upper: sp.Expr) -> list[sp.Expr]:
    """w_k = int dOmega w Y_k0 for the top hat w = 1 on sin(delta) in [lower, upper], k <= kmax.

    Y_k0 = sqrt((2k+1)/4pi) P_k(s), so w_k = 2 pi sqrt((2k+1)/4pi) int P_k(s) ds.
    """
    return [sp.simplify(2 * sp.pi * sp.sqrt(sp.Rational(2 * k + 1, 4) / sp.pi)
                        * sp.integrate(sp.legendre(k, s), (s, lower, upper)))
            for k in range(kmax + 1)]


def _k_range(l: int, lp: int, kmax: int):
    return range(abs(l - lp), min(l + lp, kmax) + 1)


@functools.lru_cache(maxsize=None)
def three_j(l1: int, l2: int, l3: int, m1: int, m2: int, m3: int) -> sp.Expr:
    return wigner_3j(l1, l2, l3, m1, m2, m3)


@functools.lru_cache(maxsize=None)
def coupling_coefficient(l: int, lp: int, k: int, m: int) -> sp.Expr:
    """(-1)^m sqrt((2l+1)(2l'+1)(2k+1)/4pi) (l l' k; 0 0 0)(l l' k; -m m 0): the weight of w_k
    in eq. (A.1) (exact)."""
    parity = three_j(l, lp, k, 0, 0, 0)
    if parity == 0:
        return sp.Integer(0)
    return ((-1) ** m * sp.sqrt(sp.Rational((2 * l + 1) * (2 * lp + 1) * (2 * k + 1), 4) / sp.pi)
                       * parity * three_j(l, lp, k, -m, m, 0))


def coupling_element(l: int, lp: int, m: int, weight: Sequence[sp.Expr]) -> sp.Expr:
    """I^m_ll'(w) by the Wigner-3j sum of seed 004 eq. (A.1)."""
    if abs(m) > min(l, lp):
        return sp.Integer(0)
    return sp.Add(*(weight[k] * coupling_coefficient(l, lp, k, m) for k in _k_range(l, lp, len(weight) - 1)))


def gaunt_coupling_element(l: int, lp: int, m: int, weight: Sequence[sp.Expr]) -> sp.Expr:
    """I^m_ll'(w) = sum_k w_k int conj(Y_lm) Y_l'm Y_k0 dOmega from sympy's Gaunt coefficients
    (conj(Y_lm) = (-1)^m Y_l,-m): the definition behind eq. (A.1), by a different route."""
    return sum((weight[k] * (-1) ** m * gaunt(l, lp, k, -m, m, 0)
                for k in _k_range(l, lp, len(weight) - 1)), sp.Integer(0))


def coupling_blocks(lmax: int, weight: Sequence[sp.Expr], lpmax: int | None = None) -> dict[int, sp.Matrix]:
    """{m: I^m} for m = 0..lmax, each (lmax+1) x (lpmax+1) (rows l, columns l'; zero where
    l or l' < m).  Negative m follow from I^{-m}_ll' = I^m_ll'.  Needs len(weight) > lmax + lpmax
    for the blocks to be complete (k runs up to l + l')."""
    lpmax = lmax if lpmax is None else lpmax
    if len(weight) <= lmax + lpmax:
        raise ValueError(f"need weight multipoles up to k = {lmax + lpmax}, got {len(weight) - 1}")
    return {m: sp.Matrix(lmax + 1, lpmax + 1, lambda l, lp: sp.simplify(coupling_element(l, lp, m, weight)))
            for m in range(lmax + 1)}


def transfer_matrix_from_blocks(blocks: dict[int, sp.Matrix], filter_m0: bool = True) -> sp.Matrix:
    """M_ll' = (1/(2l+1)) sum_m (I^m_ll')^2 over m != 0 (or all m): the definition behind eq. (30).

    <|a~_lm|^2> = sum_l' (I^m_ll')^2 C_l' for an isotropic Gaussian sky; the m = 0 modes are
    removed by the reconstruction (eq. 13), so they are left out of the sum when ``filter_m0``.
    """
    rows, cols = blocks[0].shape
    return sp.Matrix(rows, cols, lambda l, lp: sp.simplify(sum(
        ((1 if m == 0 else 2) * blocks[m][l, lp] ** 2 for m in blocks if not (filter_m0 and m == 0)),
        sp.Integer(0)) / (2 * l + 1)))


def master_transfer_matrix(lmax: int, weight: Sequence[sp.Expr], lpmax: int | None = None) -> sp.Matrix:
    """Standard MASTER matrix (2l'+1)/(4pi) sum_k (2k+1) W_k (l l' k; 0 0 0)^2, W_k = w_k^2/(2k+1).

    The m-summed part of eq. (A.2) (Hivon et al. 2002 for an azimuthal weight).
    """
    lpmax = lmax if lpmax is None else lpmax
    return sp.Matrix(lmax + 1, lpmax + 1, lambda l, lp: sp.simplify(
        sp.Rational(2 * lp + 1, 4) / sp.pi * sum(
            (weight[k] ** 2 * three_j(l, lp, k, 0, 0, 0) ** 2 for k in _k_range(l, lp, len(weight) - 1)),
            sp.Integer(0))))


def transfer_matrix(lmax: int, weight: Sequence[sp.Expr], lpmax: int | None = None) -> sp.Matrix:
    """M_ll' with the m = 0 modes filtered out  (seed 004 eq. A.2).

    MASTER minus the projection term (I^0_ll')^2 / (2l + 1).
    """
    lpmax = lmax if lpmax is None else lpmax
    master = master_transfer_matrix(lmax, weight, lpmax)
    return sp.Matrix(lmax + 1, lpmax + 1, lambda l, lp: sp.simplify(
        master[l, lp] - coupling_element(l, lp, 0, weight) ** 2 / (2 * l + 1)))
