"""The generalised-BGK multipole spectrum (seed 002 eqs. 4.6-4.7, seed 004 eq. 77).

With the relative scattering rate nu_r(x) = nu_0 (1-x)^p of two trajectories at opening angle
arccos x, the stationary two-point equation (eq. 4.6) fixes C_l, l >= 1.  Two forms:

- ``form="consistent"`` (the default): the solution of eq. 4.6 derived in
  :func:`cranisotropy.derivations.multipoles.relative_diffusion.consistent_spectrum`,
  C_l = (3/2) Q_1/(l(l+1)) [int x P_l/nu_r - kappa int P_l/nu_r], kappa = int x/nu_r / int 1/nu_r;
  for nu_r ~ (1-x)^p, C_l ~ Gamma(l-1+p)/Gamma(l+3-p) (p = 1/2: C_2/C_1 = 1/7);
- ``form="printed"``: the paper's eq. 4.7 (= 004 eq. 77), C_l = (3/2) Q_1/(l(l+1)) int x P_l/nu_r,
  which misses the solvability term and does not solve eq. 4.6 (p = 1/2: C_2/C_1 = 23/147).

The closed forms are evaluated from generated kernels (prefactor x Gamma ratio by a
cancellation-free product x rational weight); :func:`two_point_spectrum_quadrature` and
:func:`generalized_bgk_cl_mpmath` evaluate the derivation's integral forms by quadrature instead,
and :func:`solve_two_point_equation` solves eq. 4.6 directly (Galerkin), three independent routes.

>>> generalized_bgk_ratios(0.5, 3).round(6)   # 1, 1/7, 1/21
array([1.      , 0.142857, 0.047619])
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

from cranisotropy.core.errors import UsageError
from cranisotropy.kernels.generated.generalized_bgk_prefactor import generalized_bgk_prefactor
from cranisotropy.kernels.generated.generalized_bgk_step import generalized_bgk_step
from cranisotropy.kernels.generated.generalized_bgk_weight import generalized_bgk_weight
from cranisotropy.kernels.generated.generalized_bgk_weight_consistent import generalized_bgk_weight_consistent
from cranisotropy.numerics.multipoles import _inputs

__all__ = ["BGK_FORMS", "EQUATIONS", "generalized_bgk_cl", "generalized_bgk_ratios", "generalized_bgk_slope",
           "solve_two_point_equation", "two_point_spectrum_quadrature", "generalized_bgk_cl_mpmath"]

#: forms of the generalised-BGK spectrum, the default (derived) first
BGK_FORMS = ("consistent", "printed")
#: what each form is, as labelled in JSON, tables and figures
EQUATIONS = {"consistent": "solution of seed 002 eq. 4.6 (l >= 1), derived; the paper's eq. 4.7 "
                           "misses its solvability term",
             "printed": "seed 002 eq. 4.7 / 004 eq. 77 as printed (the paper's form; it does not "
                        "solve eq. 4.6)"}


def _form(form) -> bool:
    """True for the consistent form."""
    return _inputs.choice("form", form, BGK_FORMS) == "consistent"


@njit(cache=True)
def _generalized_bgk(lmax, p, consistent):
    """C_l nu_0/Q_1 for l = 1..lmax: prefactor * R_{l-1} * w(l, p), R by the ratio recurrence."""
    pref, ratio = generalized_bgk_prefactor(p)
    out = np.empty(lmax)
    for order in range(1, lmax + 1):
        if order > 1:
            ratio *= generalized_bgk_step(order - 2.0, p)
        weight = generalized_bgk_weight_consistent(float(order), p) if consistent \
            else generalized_bgk_weight(float(order), p)
        out[order - 1] = pref * ratio * weight
    return out


def generalized_bgk_cl(p: float, lmax: int, *, q1: float = 1.0, nu0: float = 1.0,
                       form: str = "consistent") -> np.ndarray:
    """Generalised-BGK power spectrum C_l, l = 1..lmax, for nu_r(x) = nu0 (1-x)^p.

    Parameters
    ----------
    p : float
        Exponent of the relative scattering rate, 0 < p < 1 (seed 002 Fig. 3: 1/3, 1/2, 2/3).
    lmax : int
        Largest multipole (1..100000).
    q1 : float
        Dipole source Q_1 = K^s_ij d_i n d_j n/(6 pi) (eq. 4.6), units of C_l times nu0.
    nu0 : float
        Scale of the relative scattering rate.
    form : {"consistent", "printed"}
        ``"consistent"``: the solution of eq. 4.6 (derived, default),
        C_l = (3/2)(Q_1/nu_0) 2^(1-p) Gamma(2-p)(2-2p)/((2-p) Gamma(p)) Gamma(l-1+p)/Gamma(l+3-p);
        ``"printed"``: the paper's eq. 4.7 / 004 eq. 77,
        C_l = (3/2)(Q_1/nu_0) 2^(1-p) Gamma(1-p)/Gamma(p) [(l+1) R_{l+1} + l R_{l-1}]/(l(l+1)(2l+1)),
        R_n = Gamma(n+p)/Gamma(n+2-p).

    Returns
    -------
    ndarray
        C_1 .. C_lmax.

    See Also
    --------
    generalized_bgk_ratios, generalized_bgk_cl_mpmath

    Examples
    --------
    >>> from cranisotropy import generalized_bgk_cl
    >>> generalized_bgk_cl(0.5, 2).round(6)
    array([0.754247, 0.10775 ])
    """
    p = _inputs.exponent(p)
    lmax = _inputs.lmax(lmax)
    q1 = _inputs.number("q1", q1)
    nu0 = _inputs.number("nu0", nu0, positive=True)
    return q1 / nu0 * _generalized_bgk(lmax, p, _form(form))


def generalized_bgk_ratios(p: float, lmax: int, form: str = "consistent") -> np.ndarray:
    """Ratios C_l/C_1, l = 1..lmax, of the generalised-BGK spectrum for nu_r ~ (1-x)^p.

    Parameters
    ----------
    p : float
        Exponent, 0 < p < 1.
    lmax : int
        Largest multipole.
    form : {"consistent", "printed"}
        The derived solution of eq. 4.6 (default) or the paper's eq. 4.7 as printed.

    Returns
    -------
    ndarray
        C_l/C_1 for l = 1..lmax (exact rationals for rational p: see docs/multipoles_tables.md).

    Examples
    --------
    >>> from cranisotropy import generalized_bgk_ratios
    >>> generalized_bgk_ratios(0.5, 3).round(6)   # 1, 1/7, 1/21
    array([1.      , 0.142857, 0.047619])
    >>> generalized_bgk_ratios(0.5, 3, form="printed").round(6)   # 1, 23/147, 47/882
    array([1.      , 0.156463, 0.053288])
    """
    cl = generalized_bgk_cl(p, lmax, form=form)
    return cl / cl[0]


def generalized_bgk_slope(p: float) -> float:
    """Large-l power-law index d ln C_l / d ln l of the generalised-BGK spectrum (both forms).

    Parameters
    ----------
    p : float
        Exponent of nu_r ~ (1-x)^p, 0 < p < 1.

    Returns
    -------
    float
        2p - 4, derived in :func:`cranisotropy.derivations.multipoles.relative_diffusion.large_l_exponent`.

    Examples
    --------
    >>> from cranisotropy import generalized_bgk_slope
    >>> generalized_bgk_slope(0.5)
    -3.0
    """
    from cranisotropy.derivations.multipoles.relative_diffusion import large_l_exponent, p as p_sym

    return float(large_l_exponent().subs(p_sym, _inputs.exponent(p)))


def _rule(x, w, nu_r, weight):
    x, w, nu_r = (np.asarray(a, dtype=float) for a in (x, w, nu_r))
    weight = np.ones_like(x) if weight is None else np.asarray(weight, dtype=float)
    if not (x.ndim == 1 and x.shape == w.shape == nu_r.shape == weight.shape):
        raise UsageError("x, w, nu_r (and weight) must be 1-D arrays of one length")
    if not (np.all(np.isfinite(nu_r)) and np.all(nu_r > 0)):
        raise UsageError("nu_r must be positive and finite at every node")
    return x, w, nu_r, weight


def _legendre_rows(x, kmax):
    return np.array([np.polynomial.legendre.legval(x, np.eye(kmax + 1)[j]) for j in range(1, kmax + 1)])


def solve_two_point_equation(x, w, nu_r, kmax: int, *, weight=None, q1: float = 1.0) -> np.ndarray:
    """Solve the two-point equation (seed 002 eq. 4.6) directly for C_1..C_kmax (Galerkin).

    Q_1 delta_l1 = sum_k C_k k(k+1)(2k+1)/2 int nu_r P_l P_k dx for l = 1..kmax, truncated at
    k <= kmax, for any relative rate nu_r(x).

    Parameters
    ----------
    x, w : array_like
        Nodes and weights of a quadrature rule on [-1, 1] for the weight function ``weight``.
    nu_r : array_like
        nu_r at the nodes (> 0).
    kmax : int
        Truncation.
    weight : array_like, optional
        The rule's weight function at the nodes (default 1: Gauss-Legendre).
    q1 : float
        Dipole source Q_1.

    Returns
    -------
    ndarray
        C_1 .. C_kmax.  Converges exponentially in kmax for smooth nu_r and only algebraically
        for nu_r ~ (1-x)^p.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import solve_two_point_equation
    >>> x, w = np.polynomial.legendre.leggauss(40)
    >>> C = solve_two_point_equation(x, w, 1 + x**2, 10)   # even nu_r: eq. 4.7 holds
    >>> round(float(C[0]), 6)
    0.321903
    """
    x, w, nu_r, weight = _rule(x, w, nu_r, weight)
    kmax = _inputs.lmax(kmax, "kmax")
    P = _legendre_rows(x, kmax)
    ks = np.arange(1, kmax + 1)
    A = (P * (w * nu_r / weight)) @ P.T * (ks * (ks + 1) * (2 * ks + 1) / 2)[None, :]
    rhs = np.zeros(kmax)
    rhs[0] = q1
    return np.linalg.solve(A, rhs)


@lru_cache(maxsize=None)
def _integral_form(form: str, modules: str):
    """The derivation's integral form of C_l as (numerators g_k(x, l, q1), outer(l, q1, *I_k)).

    Every integral of :func:`~cranisotropy.derivations.multipoles.relative_diffusion.inverted_spectrum`
    (printed) and ``consistent_spectrum`` is int_{-1}^{1} g_k(x) / nu_r(x) dx; a quadrature rule
    for the weight 1/nu_r evaluates them, ``outer`` combines them into C_l.
    """
    import sympy as sp

    from cranisotropy.derivations.multipoles import relative_diffusion as rd

    rate = sp.Symbol("nu_r", positive=True)
    derive = rd.consistent_spectrum if form == "consistent" else rd.inverted_spectrum
    expr = derive(rd.l, rate)
    integrals = sorted(expr.atoms(sp.Integral), key=sp.default_sort_key)
    values = sp.symbols(f"I0:{len(integrals)}")
    numerators = []
    for integral in integrals:
        g = sp.simplify(integral.function * rate)
        if g.has(rate) or integral.limits != ((rd.x, -1, 1),):
            raise ValueError(f"unexpected integral in the {form} form: {integral}")
        numerators.append(sp.lambdify((rd.x, rd.l, rd.Q1), g, modules))
    outer = sp.lambdify((rd.l, rd.Q1, *values), expr.xreplace(dict(zip(integrals, values))), modules)
    return numerators, outer


def two_point_spectrum_quadrature(x, w, nu_r, lmax: int, *, weight=None, form: str = "consistent",
                                  q1: float = 1.0) -> np.ndarray:
    """C_1..C_lmax from the derived integral forms, by a quadrature rule, for any nu_r(x).

    Evaluates the integrals int g(x)/nu_r(x) dx of the printed (eq. 4.7) or consistent
    (solution of eq. 4.6) form as the derivation writes them, without closed forms.

    Parameters
    ----------
    x, w : array_like
        Nodes and weights of a quadrature rule on [-1, 1] for the weight function ``weight``.
    nu_r : array_like
        The relative scattering rate at the nodes (> 0).
    lmax : int
        Largest multipole.
    weight : array_like, optional
        The rule's weight function at the nodes (default 1: Gauss-Legendre).
    form : {"consistent", "printed"}
        Which form.
    q1 : float
        Dipole source Q_1.

    Returns
    -------
    ndarray
        C_1 .. C_lmax.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import solve_two_point_equation, two_point_spectrum_quadrature
    >>> x, w = np.polynomial.legendre.leggauss(160)
    >>> nu_r = 1 - 0.9 * x                      # a smooth, odd-containing rate
    >>> direct = solve_two_point_equation(x, w, nu_r, 60)[:3]
    >>> bool(np.allclose(two_point_spectrum_quadrature(x, w, nu_r, 3), direct, rtol=1e-10))
    True
    >>> bool(np.allclose(two_point_spectrum_quadrature(x, w, nu_r, 3, form="printed"), direct, rtol=0.1))
    False
    """
    x, w, nu_r, weight = _rule(x, w, nu_r, weight)
    lmax = _inputs.lmax(lmax)
    numerators, outer = _integral_form(_inputs.choice("form", form, BGK_FORMS), "scipy")
    ells = np.arange(1, lmax + 1)
    scaled = w / (nu_r * weight)
    integrals = [np.broadcast_to(np.asarray(g(x[None, :], ells[:, None], q1), dtype=float), (lmax, x.size)) @ scaled
                 for g in numerators]
    return np.asarray(outer(ells, q1, *integrals), dtype=float)


def generalized_bgk_cl_mpmath(p, l: int, *, dps: int = 30, form: str = "consistent"):
    """Reference C_l nu_0/Q_1 for nu_r = nu_0 (1-x)^p by tanh-sinh quadrature (mpmath).

    The derivation's integral forms (as in :func:`two_point_spectrum_quadrature`), each
    int g(x) (1-x)^(-p) dx computed with u = (1-x)^(1-p), which removes the endpoint singularity;
    independent of the Gamma-function closed forms of :func:`generalized_bgk_cl`.

    Parameters
    ----------
    p : float or mpmath number
        Exponent, 0 < p < 1.
    l : int
        Multipole, >= 1.
    dps : int
        Decimal digits of the result.
    form : {"consistent", "printed"}
        Which form.

    Returns
    -------
    mpmath.mpf
        C_l nu_0/Q_1.

    Examples
    --------
    >>> from cranisotropy import generalized_bgk_cl_mpmath
    >>> print(generalized_bgk_cl_mpmath(0.5, 2, dps=15) / generalized_bgk_cl_mpmath(0.5, 1, dps=15))
    0.142857142857143
    """
    import mpmath

    numerators, outer = _integral_form(_inputs.choice("form", form, BGK_FORMS), "mpmath")
    order = _inputs.integer("l", l, 1, _inputs.LMAX_LIMIT)
    with mpmath.workdps(dps + 10):
        pp = mpmath.mpf(p)
        if not 0 < pp < 1:
            raise UsageError(f"p must lie strictly between 0 and 1, got {p!r}")
        top = mpmath.mpf(2) ** (1 - pp)
        nodes = mpmath.linspace(0, top, max(2, order // 2 + 2))   # P_l oscillates: split the range

        def weighted(g):   # int g(x) (1-x)^(-p) dx, (1-x)^(-p) dx = -du/(1-p)
            return mpmath.quad(lambda u: g(1 - u ** (1 / (1 - pp)), order, 1), nodes) / (1 - pp)

        return +outer(order, 1, *(weighted(g) for g in numerators))
