"""Coupling and transfer matrices of a declination band (seed 004 eqs. 26, 30, A.1-A.2).

The pseudo multipoles of the weighted map w(delta) dI are a~_lm = sum_l' I^m_ll' a_l'm (an
azimuthal weight does not mix m), and for a statistically isotropic sky whose m = 0 modes are
removed by the reconstruction (eq. 13) <C~_l> = sum_l' M_ll' C_l' with
M_ll' = (1/(2l+1)) sum_{m != 0} (I^m_ll')^2 (eq. A.2; with m = 0 kept, the MASTER matrix).

Two routes to the blocks I^m_ll': the exact Wigner-3j sum of eq. (A.1) from
:mod:`cranisotropy.derivations.sky.coupling` (sympy, lmax <= ~16), and Gauss–Legendre
quadrature of normalised associated Legendre functions, 2 pi int ds w(s) lambda_lm lambda_l'm,
which is exact for a top-hat band (the integrand is a polynomial of degree l + l' in s) and
fast (lmax = 200 in seconds).

>>> from cranisotropy.numerics.sky.geometry import Band
>>> M = transfer_matrix(coupling_blocks(Band(-26.0, 64.0), 4))
>>> M.shape, round(float(M[1, 1]), 6)
((5, 5), 0.426982)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.sky import coupling as exact_coupling
from cranisotropy.numerics.sky._validate import integer
from cranisotropy.numerics.sky.geometry import Band
from cranisotropy.numerics.sky.harmonics import normalized_legendre

#: largest multipole of the exact (sympy) route
WIGNER_LMAX = 16
#: largest multipole of :func:`sky_coupling` (the blocks are (lmax+1)^2 (lpmax+1) floats)
QUADRATURE_LMAX = 400
METHODS = ("quadrature", "wigner", "both")


def _band_rule(band: Band, degree: int):
    """Gauss–Legendre nodes in s on the band and weights (times 2 pi for the azimuth), exact for
    polynomials of ``degree``."""
    nodes, weights = np.polynomial.legendre.leggauss(degree // 2 + 1)
    half = 0.5 * (band.s_upper - band.s_lower)
    return band.s_lower + half * (nodes + 1.0), 2.0 * math.pi * half * weights


def band_weight_multipoles(band: Band, kmax: int) -> np.ndarray:
    """Multipoles w_k = int dOmega w Y_k0 of a top-hat band, k = 0..kmax.

    Parameters
    ----------
    band : Band
        The field of view (w = 1 inside, 0 outside).
    kmax : int
        Largest k (>= 0).

    Returns
    -------
    ndarray, shape (kmax + 1,)
        By Gauss–Legendre quadrature in s = sin(delta) (exact: P_k is a polynomial).

    Examples
    --------
    >>> w = band_weight_multipoles(Band(-90.0, 90.0), 2)     # full sky: sqrt(4 pi), 0, 0
    >>> round(float(w[0]), 9), bool(np.all(np.abs(w[1:]) < 1e-15))
    (3.544907702, True)
    """
    kmax = integer("kmax", kmax, 0)
    x, quad = _band_rule(band, kmax)
    return normalized_legendre(kmax, 0, x) @ quad


def _exact_band_weight(band: Band, kmax: int):
    """w_k of the band from the derivation, at the binary-exact edges in 40-digit arithmetic."""
    return exact_coupling.band_weight_multipoles(kmax, sp.Float(band.s_lower, 40), sp.Float(band.s_upper, 40))


def _wigner_blocks(band: Band, lmax: int, lpmax: int) -> np.ndarray:
    weight = _exact_band_weight(band, lmax + lpmax)
    blocks = np.zeros((lmax + 1, lmax + 1, lpmax + 1))
    for m in range(lmax + 1):
        for l in range(m, lmax + 1):
            for lp in range(m, lpmax + 1):
                blocks[m, l, lp] = float(sp.N(exact_coupling.coupling_element(l, lp, m, weight), 30))
    return blocks


def coupling_blocks(weight, lmax: int, lpmax: int | None = None, *, method: str = "quadrature") -> np.ndarray:
    """Coupling blocks I^m_ll' = int dOmega conj(Y_lm) w Y_l'm of an azimuthal weight (eqs. 26, A.1).

    Parameters
    ----------
    weight : Band or array_like
        A top-hat declination band, or the weight's multipoles w_k = int dOmega w Y_k0 for
        k = 0..lmax + lpmax (e.g. ``healpy.map2alm(mask)[:lmax + lpmax + 1].real`` of an
        azimuthally symmetric HEALPix mask).
    lmax : int
        Largest pseudo multipole l (>= 0).
    lpmax : int, optional
        Largest true multipole l' (>= lmax; default lmax).
    method : {"quadrature", "wigner"}
        Gauss–Legendre quadrature of normalised Legendre functions (exact, fast), or the exact
        Wigner-3j sum of eq. (A.1) (sympy; a Band only, lpmax <= 16).

    Returns
    -------
    ndarray, shape (lmax + 1, lmax + 1, lpmax + 1)
        ``blocks[m, l, l']`` for m = 0..lmax (zero where l or l' < m); I^{-m} = I^m.

    See Also
    --------
    transfer_matrix : M_ll' from the blocks.

    Examples
    --------
    >>> blocks = coupling_blocks(Band(-90.0, 90.0), 2)       # full sky: the identity per m
    >>> np.allclose(blocks[1], np.diag([0.0, 1.0, 1.0]))
    True
    """
    lmax = integer("lmax", lmax, 0)
    lpmax = lmax if lpmax is None else integer("lpmax", lpmax, 0)
    if lpmax < lmax:
        raise UsageError(f"lpmax ({lpmax}) must be >= lmax ({lmax})")
    if method not in METHODS[:2]:
        raise UsageError(f"method must be 'quadrature' or 'wigner', got {method!r}")
    if method == "wigner":
        if not isinstance(weight, Band):
            raise UsageError("method='wigner' needs a Band (the exact route integrates the top hat)")
        if lpmax > WIGNER_LMAX:
            raise UsageError(f"method='wigner' is the exact sympy route: lmax/lpmax must be <= "
                             f"{WIGNER_LMAX}, got {lpmax}")
        return _wigner_blocks(weight, lmax, lpmax)
    top = lmax + lpmax
    if isinstance(weight, Band):
        x, quad = _band_rule(weight, top)
    else:
        w = np.asarray(weight, dtype=float)
        if w.ndim != 1 or w.size <= top or not np.all(np.isfinite(w)):
            raise UsageError(f"weight multipoles must be finite, k = 0..{top} at least, got shape {w.shape}")
        x, weights = np.polynomial.legendre.leggauss(top + 1)
        quad = 2.0 * math.pi * weights * (w[: top + 1] @ normalized_legendre(top, 0, x))
    blocks = np.zeros((lmax + 1, lmax + 1, lpmax + 1))
    for m in range(lmax + 1):
        lam = normalized_legendre(lpmax, m, x)
        blocks[m] = (lam[: lmax + 1] * quad) @ lam.T
    return blocks


def transfer_matrix(blocks, *, filter_m0: bool = True) -> np.ndarray:
    """Transfer matrix M_ll' = (1/(2l+1)) sum_m (I^m_ll')^2 of pseudo power spectra (eqs. 30, A.2).

    Parameters
    ----------
    blocks : array_like, shape (lmax + 1, lmax + 1, lpmax + 1)
        Coupling blocks from :func:`coupling_blocks`.
    filter_m0 : bool
        Leave out m = 0 (the modes a ground array's reconstruction removes, eq. 13); False gives
        the standard MASTER matrix (what NaMaster computes).

    Returns
    -------
    ndarray, shape (lmax + 1, lpmax + 1)
        <C~_l> = sum_l' M_ll' C_l' for a statistically isotropic sky.

    Examples
    --------
    >>> M = transfer_matrix(coupling_blocks(Band(-90.0, 90.0), 3))   # full sky: 2l/(2l+1)
    >>> np.round(np.diagonal(M), 6)
    array([0.      , 0.666667, 0.8     , 0.857143])
    """
    blocks = np.asarray(blocks, dtype=float)
    if blocks.ndim != 3 or blocks.shape[0] != blocks.shape[1]:
        raise UsageError(f"blocks must have shape (lmax+1, lmax+1, lpmax+1), got {blocks.shape}")
    lmax = blocks.shape[1] - 1
    multiplicity = np.full(lmax + 1, 2.0)
    multiplicity[0] = 0.0 if filter_m0 else 1.0
    total = np.einsum("m,mlk->lk", multiplicity, blocks**2)
    return total / (2.0 * np.arange(lmax + 1) + 1.0)[:, None]


def transfer_matrix_exact(band: Band, lmax: int, lpmax: int | None = None) -> np.ndarray:
    """M_ll' from the closed form (A.2): MASTER 3j sum minus (I^0_ll')^2/(2l+1) (exact, sympy).

    >>> np.round(transfer_matrix_exact(Band(-90.0, 90.0), 2), 6)
    array([[0.      , 0.      , 0.      ],
           [0.      , 0.666667, 0.      ],
           [0.      , 0.      , 0.8     ]])
    """
    lpmax = lmax if lpmax is None else lpmax
    exact = exact_coupling.transfer_matrix(lmax, _exact_band_weight(band, lmax + lpmax), lpmax)
    return np.array(exact.evalf(30, chop=True).tolist(), dtype=float)  # chop: exact zeros stay 0


# --------------------------------------------------------------------------- the `sky coupling` result

def _matrix_text(matrix: np.ndarray, label: str) -> str:
    head = "l \\ l' " + " ".join(f"{j:>10d}" for j in range(matrix.shape[1]))
    rows = [f"{i:6d} " + " ".join(f"{v:10.3e}" if abs(v) > 5e-17 else f"{0:10.0f}" for v in matrix[i])
            for i in range(matrix.shape[0])]
    return "\n".join([label, head, *rows])


@dataclass(frozen=True)
class SkyCoupling(Result):
    """Transfer matrix of a band (and optionally its coupling blocks): what ``sky coupling`` prints."""

    band: Band
    lmax: int
    lpmax: int
    filter_m0: bool
    method: str
    transfer_matrix: np.ndarray
    coupling_blocks: np.ndarray | None = None
    max_abs_difference_blocks: float | None = None
    max_abs_difference_transfer: float | None = None
    plot: str | None = None

    @property
    def ok(self) -> bool:
        """False when the two routes (``method="both"``) differ by more than 1e-12."""
        return self.max_abs_difference_blocks is None or self.max_abs_difference_blocks < 1e-12

    def to_dict(self) -> dict:
        out = {"band": self.band.to_dict(), "lmax": self.lmax, "lpmax": self.lpmax,
               "filter_m0": self.filter_m0, "method": self.method}
        if self.max_abs_difference_blocks is not None:
            out["max_abs_difference_blocks"] = self.max_abs_difference_blocks
            out["max_abs_difference_transfer"] = self.max_abs_difference_transfer
        out["transfer_matrix"] = self.transfer_matrix.tolist()
        if self.coupling_blocks is not None:
            out["coupling_blocks"] = {str(m): block.tolist() for m, block in enumerate(self.coupling_blocks)}
        if self.plot is not None:
            out["plot"] = self.plot
        return out

    def __str__(self) -> str:
        kind = "m = 0 filtered, eq. A.2" if self.filter_m0 else "MASTER"
        text = [str(self.band), _matrix_text(self.transfer_matrix, f"transfer matrix M_ll' ({kind})")]
        if self.coupling_blocks is not None:
            text += [_matrix_text(block, f"I^{m}_ll'") for m, block in enumerate(self.coupling_blocks)]
        if self.max_abs_difference_blocks is not None:
            text.append(f"quadrature vs Wigner-3j: max |difference| = {self.max_abs_difference_blocks:.2e} "
                        f"(blocks), {self.max_abs_difference_transfer:.2e} (transfer matrix)")
        if self.plot is not None:
            text.append(f"wrote {self.plot}")
        return "\n".join(text)


def sky_coupling(band: Band, lmax: int, *, lpmax: int | None = None, filter_m0: bool = True,
                 method: str = "quadrature", blocks: bool = False, plot: bool = False,
                 output_dir=None) -> SkyCoupling:
    """Transfer matrix of a declination band with the m = 0 modes filtered (seed 004 eqs. 30, A.2).

    Parameters
    ----------
    band : Band
        The field of view (uniform weight).
    lmax : int
        Largest pseudo multipole l, 1..400.
    lpmax : int, optional
        Largest true multipole l' (lmax..400; default lmax).
    filter_m0 : bool
        Remove the m = 0 modes as the data-driven reconstruction does (False: standard MASTER).
    method : {"quadrature", "wigner", "both"}
        Blocks by Gauss–Legendre quadrature (fast), by the exact Wigner-3j sum of eq. (A.1)
        (lpmax <= 16), or both, reporting their largest difference.
    blocks : bool
        Also keep the coupling blocks I^m_ll'.
    plot : bool
        Also draw the matrix (``sky_transfer_matrix.png`` in ``output_dir``).
    output_dir : path-like, optional
        Folder for the figure (default ``./cranisotropy-output``).

    Returns
    -------
    SkyCoupling
        ``.transfer_matrix`` (lmax+1, lpmax+1), ``.coupling_blocks`` [m, l, l'] or None,
        ``.max_abs_difference_blocks``/``_transfer`` (``method="both"``), ``.plot``, ``.ok``;
        ``to_dict()`` is ``cranisotropy sky coupling --json``.

    See Also
    --------
    coupling_blocks, transfer_matrix : the arrays themselves.

    Examples
    --------
    >>> res = sky_coupling(Band.from_zenith_cut(19.0, 45.0), 2, method="both")
    >>> res.ok, res.transfer_matrix.shape
    (True, (3, 3))
    """
    if not isinstance(band, Band):
        raise UsageError(f"band must be a Band, got {type(band).__name__}")
    lmax = integer("lmax", lmax, 1, QUADRATURE_LMAX)
    lpmax = lmax if lpmax is None else integer("lpmax", lpmax, 1, QUADRATURE_LMAX)
    if lpmax < lmax:
        raise UsageError(f"lpmax ({lpmax}) must be >= lmax ({lmax})")
    if method not in METHODS:
        raise UsageError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method != "quadrature" and lpmax > WIGNER_LMAX:
        raise UsageError(f"method {method!r} is the exact sympy route: lmax/lpmax must be <= "
                         f"{WIGNER_LMAX}, got {lpmax} (use method 'quadrature')")
    found = coupling_blocks(band, lmax, lpmax, method="wigner" if method == "wigner" else "quadrature")
    matrix = transfer_matrix(found, filter_m0=filter_m0)
    diff_blocks = diff_transfer = None
    if method == "both":
        exact = coupling_blocks(band, lmax, lpmax, method="wigner")
        diff_blocks = float(np.abs(exact - found).max())
        diff_transfer = float(np.abs(transfer_matrix(exact, filter_m0=filter_m0) - matrix).max())
    path = None
    if plot:
        from cranisotropy.core.paths import output_dir as _output_dir
        from cranisotropy.numerics.sky.plots import transfer_matrix_figure

        path = str(transfer_matrix_figure(band, lmax, _output_dir(output_dir) / "sky_transfer_matrix.png"))
    return SkyCoupling(band, lmax, lpmax, bool(filter_m0), method, matrix, found if blocks else None,
                       diff_blocks, diff_transfer, path)
