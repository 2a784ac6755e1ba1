"""Plane-wave (Giacalone–Jokipii) turbulence of seed 002 Sec. 3, and the cosine it is built from.

The turbulent field is a sum of N real modes (seed 002 Sec. 3)::

    dB(x) = sum_n A_n e_n cos(k_n . x + beta_n),      e_n . k_n = 0,  |e_n| = 1,

with wavenumbers log-spaced between 2 pi/lambda_max and 2 pi/lambda_min.  Everything here is in
units of L_c (lengths) and B_ref (fields).

*Spectrum.*  For an isotropic 3D spectrum E3(k) = 1/(1 + (k L_c)^gamma), the power in a shell of
width dk is 4 pi k^2 E3 dk; log spacing makes dk_n proportional to k_n, hence the mode weights
A_n^2 propto k_n^3 / (1 + (k_n L_c)^gamma) quoted in the text (:func:`mode_weight`).  At large k
the omnidirectional spectrum falls as k^(2 - gamma) = k^(-5/3) for gamma = 11/3 (Kolmogorov).

*Normalisation ("the factor 2").*  A real cosine mode has spatial / phase mean square
<cos^2> = 1/2, so <dB^2> = sum_n A_n^2 / 2.  Requiring <dB^2> = sigma^2 B_0^2 gives
sum_n A_n^2 = 2 sigma^2 B_0^2 (:func:`mode_amplitudes_squared`).

*Cosine.*  The field kernel evaluates cos(phase) with a Cody–Waite range reduction by 2 pi (split
into three parts, :func:`two_pi_split`) and a polynomial in s = r^2 on [0, pi^2] obtained by
Chebyshev interpolation at high precision (:func:`cosine_polynomial`).

>>> sp.limit(sp.log(mode_weight(k, sp.Rational(11, 3)) / k) / sp.log(k), k, sp.oo)
-5/3
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

k = sp.Symbol("k", positive=True)        # wavenumber in 1/L_c
gamma = sp.Symbol("gamma", positive=True)
sigma2 = sp.Symbol("sigma2", positive=True)
phase = sp.Symbol("phase", real=True)

#: default spectral index (Kolmogorov), seed 002 Sec. 3
KOLMOGOROV_GAMMA = sp.Rational(11, 3)


class nearest_integer(sp.Function):
    """Round to the nearest integer, ties to even (IEEE ``rint``); printed as ``np.rint``.

    >>> nearest_integer(sp.Rational(5, 2)), nearest_integer(sp.Rational(-7, 3))
    (2, -2)
    """

    is_integer = True

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            lo = sp.floor(arg)
            frac = arg - lo
            if frac > sp.S.Half or (frac == sp.S.Half and lo % 2 == 1):
                return lo + 1
            return lo


# ----------------------------------------------------------------------------- spectrum

def shell_power(wavenumber: sp.Expr = k, index: sp.Expr = gamma) -> sp.Expr:
    """Power per unit k of isotropic turbulence with E3(k) = 1/(1 + k^gamma): 4 pi k^2 E3(k)."""
    return 4 * sp.pi * wavenumber**2 / (1 + wavenumber**index)


def mode_weight(wavenumber: sp.Expr = k, index: sp.Expr = gamma) -> sp.Expr:
    """Relative A_n^2 of a log-spaced mode: shell power times dk (propto k), up to a constant.

    >>> mode_weight()
    k**3/(k**gamma + 1)
    """
    dk_per_dlnk = sp.diff(sp.exp(sp.Symbol("lnk")), sp.Symbol("lnk")).subs(
        sp.Symbol("lnk"), sp.log(wavenumber))   # dk = k dln k
    return sp.simplify(shell_power(wavenumber, index) * dk_per_dlnk / (4 * sp.pi))


def log_spaced_wavenumbers(n_modes: int, lambda_min, lambda_max) -> list[sp.Expr]:
    """k_n = k_min (k_max/k_min)^((n-1)/(N-1)), k = 2 pi/lambda (exact sympy numbers).

    >>> log_spaced_wavenumbers(2, 1, 2)
    [pi, 2*pi]
    """
    # safe-input-checked: lambda_min/max are floats or sympy numbers, never user text
    kmin, kmax = 2 * sp.pi / sp.sympify(lambda_max), 2 * sp.pi / sp.sympify(lambda_min)
    if n_modes == 1:
        return [sp.sqrt(kmin * kmax)]
    return [kmin * (kmax / kmin) ** sp.Rational(i, n_modes - 1) for i in range(n_modes)]


def mode_geometry():
    """Unit wave vector and the two unit vectors perpendicular to it, for angles theta, phi.

    Returns ``(k_hat, e_theta, e_phi)`` (3x1 matrices in ``theta``, ``phi``); the polarisation of
    a mode is ``cos(alpha) e_theta - sin(alpha) e_phi`` (perpendicular to k_hat, so div dB = 0).

    >>> k_hat, e_theta, e_phi = mode_geometry()
    >>> sp.simplify(k_hat.dot(e_theta)), sp.simplify(k_hat.dot(e_phi)), sp.simplify(e_theta.dot(e_theta))
    (0, 0, 1)
    """
    theta, phi = sp.symbols("theta phi", real=True)
    k_hat = sp.Matrix([sp.sin(theta) * sp.cos(phi), sp.sin(theta) * sp.sin(phi), sp.cos(theta)])
    e_theta = sp.diff(k_hat, theta)
    e_phi = sp.simplify(sp.diff(k_hat, phi) / sp.sin(theta))
    return k_hat, e_theta, e_phi


def polarisation(alpha: sp.Expr = sp.Symbol("alpha", real=True)) -> sp.Matrix:
    """cos(alpha) e_theta - sin(alpha) e_phi (CRPropa's PlaneWaveTurbulence convention)."""
    _, e_theta, e_phi = mode_geometry()
    return sp.cos(alpha) * e_theta - sp.sin(alpha) * e_phi


def mean_square_of_mode() -> sp.Expr:
    """<cos^2(k.x + beta)> over the phase beta: 1/2 (the origin of the factor 2).

    >>> mean_square_of_mode()
    1/2
    """
    beta = sp.Symbol("beta", real=True)
    return sp.simplify(sp.integrate(sp.cos(phase + beta) ** 2, (beta, 0, 2 * sp.pi)) / (2 * sp.pi))


def mode_amplitude_squared(weight: sp.Expr, total_weight: sp.Expr, variance: sp.Expr = sigma2) -> sp.Expr:
    """A_n^2 of a mode of relative weight w_n, such that sum_n A_n^2 <cos^2> = sigma^2.

    Fields in B_ref = B_0; ``total_weight`` is sum_n w_n.  With <cos^2> = 1/2
    (:func:`mean_square_of_mode`): A_n^2 = 2 sigma^2 w_n / sum w.

    >>> w, W = sp.symbols("w W", positive=True)
    >>> mode_amplitude_squared(w, W)
    2*sigma2*w/W
    """
    return variance / mean_square_of_mode() * weight / total_weight


def mode_amplitudes_squared(weights, variance: sp.Expr = sigma2) -> list[sp.Expr]:
    """:func:`mode_amplitude_squared` of every weight in ``weights`` (their sum is 2 sigma^2)."""
    total = sp.Add(*weights)
    return [mode_amplitude_squared(w, total, variance) for w in weights]


# ----------------------------------------------------------------------------- cosine

@lru_cache(maxsize=None)
def two_pi_split(bits: int = 24) -> tuple[sp.Rational, sp.Rational, sp.Rational]:
    """2 pi = C1 + C2 + C3 (to ~100 bits): C1, C2 with ``bits``-bit mantissas, C3 a double.

    m*C1 and m*C2 are exact in double precision for |m| < 2^(53-bits), so the Cody–Waite
    reduction r = ((x - m C1) - m C2) - m C3 is accurate to ~1e-30 relative to 2 pi there.

    >>> c1, c2, c3 = two_pi_split()
    >>> float(abs(c1 + c2 + c3 - 2*sp.pi)) < 1e-29
    True
    """
    parts = []
    with mpmath.workdps(60):
        rest = 2 * mpmath.pi
        for _ in range(2):
            exponent = int(mpmath.floor(mpmath.log(abs(rest), 2)))
            scale = sp.Integer(2) ** (bits - 1 - exponent)
            part = sp.Rational(int(mpmath.nint(rest * int(scale))), scale)
            parts.append(part)
            rest = rest - mpmath.mpf(part.p) / int(part.q)
        c3 = sp.Rational(float(rest))  # rounded to a double, kept exact
    return parts[0], parts[1], c3


@lru_cache(maxsize=None)
def cosine_polynomial(degree: int = 9, digits: int = 40) -> tuple[tuple[sp.Float, ...], float]:
    """Coefficients c_0..c_degree of P(s) ~ cos(sqrt(s)) on s in [0, pi^2], and the max error.

    Chebyshev interpolation (mpmath ``chebyfit``) at ``digits`` digits; the error estimate is
    |cos(r) - P(r^2)| for |r| <= pi in exact arithmetic (double rounding of the coefficients and of
    the evaluation comes on top, ~1e-16).

    >>> coeffs, err = cosine_polynomial(9)
    >>> len(coeffs), err < 1e-14
    (10, True)
    """
    with mpmath.workdps(digits):
        poly, err = mpmath.chebyfit(lambda s: mpmath.cos(mpmath.sqrt(s)), [0, mpmath.pi**2],
                                    degree + 1, error=True)
        coeffs = tuple(sp.Float(c, digits) for c in reversed(poly))
        return coeffs, float(err)


class ordered(sp.Function):
    """``ordered(e)`` is ``e``, evaluated on its own before it is combined with anything else.

    Floating-point range reduction depends on the order of its additions: ``(x - m C1) - m C2``
    is accurate, ``x - m (C1 + C2)`` is not.  sympy merges like terms of a sum, so the steps are
    wrapped: inside ``ordered`` nothing merges with the outside, and the kernel printer prints
    the argument in parentheses (Python evaluates it first).  Numerically it is the identity.

    >>> x, m = sp.symbols("x m", real=True)
    >>> ordered(x - 3*m) - 2*m
    -2*m + ordered(-3*m + x)
    >>> ordered(sp.Rational(1, 3))
    1/3
    """

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return arg

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return self.args[0]._eval_evalf(prec)

    def _numbacode(self, printer):
        """Printed by ``kernels.printer.NumbaPrinter`` (sympy's ``printmethod`` hook)."""
        return f"({printer._print(self.args[0])})"


def reduced_cosine(x: sp.Expr, degree: int = 9) -> sp.Expr:
    """``cos(x)`` by a Cody–Waite reduction by 2 pi and a polynomial in r^2 (one expression).

    m = rint(x / 2 pi), r = ((x - m C1) - m C2) - m C3 with :func:`two_pi_split` (x and the steps
    kept apart by :func:`ordered`), then Horner's scheme of :func:`cosine_polynomial` in s = r^2.
    In exact arithmetic this is P(r^2) with |r| <= pi, so |reduced_cosine(x) - cos(x)| is at most
    the polynomial's error (6e-15 for degree 9).

    >>> c, err = float(reduced_cosine(sp.Float(100.0, 30)).evalf(30)), cosine_polynomial(9)[1]
    >>> abs(c - float(sp.cos(100))) < err
    True
    """
    c1, c2, c3 = two_pi_split()
    coeffs, _ = cosine_polynomial(degree)
    x = ordered(x)  # the argument is one rounded number, not a sum to be merged with m C1
    m = nearest_integer(x * (1 / (2 * sp.pi)).evalf(30))
    r = ordered(ordered(x - m * c1) - m * c2) - m * sp.Float(c3, 17)
    s = sp.Symbol("s_", real=True)
    return sp.horner(sp.Add(*(c * s**i for i, c in enumerate(coeffs))), s).subs(s, r**2)


def plane_wave(position, wave_vector, phase_offset, amplitude, degree: int = 9,
               use_libm: bool = False) -> sp.Matrix:
    """One mode of the turbulent field: ``amplitude cos(wave_vector . position + phase_offset)``.

    The phase is summed as beta + k_x x + k_y y + k_z z; the cosine is :func:`reduced_cosine`
    (``use_libm=True``: ``cos`` itself, the reference the kernel is benchmarked against).
    The turbulent field is the sum of the modes.

    >>> x = sp.Matrix(sp.symbols("x y z", real=True))
    >>> plane_wave(x, sp.Matrix([1, 0, 0]), 0, sp.Matrix([0, 1, 0]), use_libm=True).T
    Matrix([[0, cos(x), 0]])
    """
    phase_n = phase_offset + sum(wave_vector[i] * position[i] for i in range(3))
    cosine = sp.cos(phase_n) if use_libm else reduced_cosine(phase_n, degree)
    return sp.Matrix([amplitude[i] * cosine for i in range(3)])
