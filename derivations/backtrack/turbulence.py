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

*Cosine.*  The field kernel evaluates cos(phase) by a range reduction by pi, cos(x) = (-1)^m
cos(x - m pi) with m = rint(x / pi) (:func:`parity_reduced_cosine`): the nearest integer by the
float64 sum x/pi + 1.5 2^52 (:class:`shifted_nearest_integer`), a two-part Cody–Waite subtraction
(:func:`cody_waite_split`), an even polynomial in s = r^2 on [0, (pi/2)^2] obtained by Chebyshev
interpolation at high precision (:func:`cosine_polynomial`), and the sign (-1)^m from the parity
of m (:class:`flip_sign_if_odd`).  The previous form, a reduction by 2 pi in three parts
(:func:`two_pi_split`) and a polynomial on [0, pi^2] (:func:`reduced_cosine`), is kept as the
baseline the faster kernel is measured against.

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

    >>> nearest_integer(sp.Rational(5, 2)), nearest_integer(sp.Rational(-7, 3)), nearest_integer(sp.Float(1.5))
    (2, -2, 2)
    """

    is_integer = True

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            arg = sp.Rational(arg)  # a Float's exact binary value: Float(0.5) != S.Half in sympy
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
    # lambda_min/max are floats or sympy numbers (validated parameters), never user text
    kmin, kmax = 2 * sp.pi / sp.sympify(lambda_max), 2 * sp.pi / sp.sympify(lambda_min)  # safe-input-checked
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
def cosine_polynomial(degree: int = 9, digits: int = 40, half_width: sp.Expr = sp.pi
                      ) -> tuple[tuple[sp.Float, ...], float]:
    """Coefficients c_0..c_degree of P(s) ~ cos(sqrt(s)) on s in [0, half_width^2], and the max error.

    Chebyshev interpolation (mpmath ``chebyfit``) at ``digits`` digits; the error estimate is
    |cos(r) - P(r^2)| for |r| <= half_width in exact arithmetic (double rounding of the
    coefficients and of the evaluation comes on top, ~1e-16).  ``half_width`` is pi after a
    reduction by 2 pi, pi/2 after a reduction by pi.

    >>> coeffs, err = cosine_polynomial(9)
    >>> len(coeffs), err < 1e-14
    (10, True)
    >>> cosine_polynomial(7, half_width=sp.pi / 2)[1] < 3e-15   # degree 14 in r
    True
    """
    with mpmath.workdps(digits):
        top = mpmath.mpf(sp.N(half_width**2, digits + 5))
        poly, err = mpmath.chebyfit(lambda s: mpmath.cos(mpmath.sqrt(s)), [0, top],
                                    degree + 1, error=True)
        coeffs = tuple(sp.Float(c, digits) for c in reversed(poly))
        return coeffs, float(err)


def lowest_cosine_degree(tolerance: float, half_width: sp.Expr = sp.pi / 2, digits: int = 40) -> int:
    """The lowest degree in s = r^2 whose :func:`cosine_polynomial` error is below ``tolerance``.

    >>> lowest_cosine_degree(1e-14), lowest_cosine_degree(1e-14, sp.pi)
    (7, 9)
    """
    degree = 1
    while cosine_polynomial(degree, digits, half_width)[1] >= tolerance:
        degree += 1
    return degree


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


#: 1.5 * 2^52: in float64, x + ROUNDING_SHIFT is rint(x) + ROUNDING_SHIFT for |x| < 2^51
#: (the sum's unit in the last place is 1); the shift is even, so the sum's parity is rint(x)'s
ROUNDING_SHIFT = 3 * 2**51


class shifted_nearest_integer(sp.Function):
    """``rint(x) + ROUNDING_SHIFT``: the nearest integer (ties to even), shifted into [2^52, 2^53).

    Printed as the float64 sum ``x + 6755399441055744.0``, which rounds x to an integer when
    |x| < 2^51 (one addition, vectorised; ``np.rint`` costs more and needs a conversion for the
    parity).  Subtracting ROUNDING_SHIFT again (exact) gives rint(x); the sum's last mantissa bit
    is the parity of rint(x) (:class:`flip_sign_if_odd`).

    >>> shifted_nearest_integer(sp.Rational(5, 2)) - ROUNDING_SHIFT, shifted_nearest_integer(-sp.Rational(7, 3)) - ROUNDING_SHIFT
    (2, -2)
    """

    is_integer = True

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return nearest_integer(arg) + ROUNDING_SHIFT

    def _numbacode(self, printer):
        """Printed by ``kernels.printer.NumbaPrinter``: the rounding addition itself."""
        return f"({printer._print(self.args[0])} + {float(ROUNDING_SHIFT)!r})"


class flip_sign_if_odd(sp.Function):
    """``(-1)^n * value`` for an integer n held as a double in [2^52, 2^53).

    Printed as an exclusive or of value's sign bit with n's last mantissa bit (for such n that
    bit is its parity): two integer operations, no multiply and no conversion to an integer.

    >>> flip_sign_if_odd(sp.Rational(1, 3), 3), flip_sign_if_odd(sp.Rational(1, 3), ROUNDING_SHIFT)
    (-1/3, 1/3)
    """

    nargs = 2

    @classmethod
    def eval(cls, value, n):
        if n.is_Integer and value.is_Number:
            return -value if n % 2 else value

    def _eval_is_real(self):
        return self.args[0].is_real

    def _numbacode(self, printer):
        """Printed by ``kernels.printer.NumbaPrinter``: bit operations on the float64 words."""
        value, n = (printer._print(a) for a in self.args)
        return (f"np.int64(np.float64({value}).view(np.int64) ^ (np.float64({n}).view(np.int64) << 63))"
                ".view(np.float64)")


@lru_cache(maxsize=None)
def cody_waite_split(constant: sp.Expr, bits: int, parts: int) -> tuple[sp.Rational, ...]:
    """``constant`` = C_1 + ... + C_parts (to ~2^-(bits + 53) relative): all but the last part
    with ``bits``-bit mantissas, the last rounded to a double (all kept as exact rationals).

    m C_i is exact in double precision for |m| < 2^(53 - bits), and so is x - m C_1 when it is
    small (Sterbenz), so the reduction ((x - m C_1) - m C_2) ... is accurate to one rounding of
    the last step there.  :func:`two_pi_split` is the three-part split of 2 pi.

    >>> c1, c2 = cody_waite_split(sp.pi, 32, 2)
    >>> sp.Rational(c1).q & (sp.Rational(c1).q - 1) == 0, abs(sp.Rational(c1).p) < 2**32
    (True, True)
    >>> float(abs(c1 + c2 - sp.pi)) < 1e-25
    True
    """
    out = []
    with mpmath.workdps(60):
        rest = mpmath.mpf(sp.N(constant, 70))
        for _ in range(parts - 1):
            exponent = int(mpmath.floor(mpmath.log(abs(rest), 2)))
            scale = sp.Integer(2) ** (bits - 1 - exponent)
            part = sp.Rational(int(mpmath.nint(rest * int(scale))), scale)
            out.append(part)
            rest = rest - mpmath.mpf(part.p) / int(part.q)
        out.append(sp.Rational(float(rest)))  # rounded to a double, kept exact
    return tuple(out)


#: mantissa bits of the first part of pi in :func:`parity_reduced_cosine`: m C_1 is exact for
#: |m| < 2^25, i.e. the reduction is accurate for |phase| < 2^25 pi = 1.05e8 rad (measured: cos
#: to 2.2e-15 there, 3e-8 at 3e8 rad; a campaign's phases are k_max |x| ~ 1e4 - 1e5 rad)
PI_SPLIT_BITS = 28
#: degree in s = r^2 of the polynomial of :func:`parity_reduced_cosine` on [0, (pi/2)^2]:
#: the lowest whose error (1.9e-15) keeps the field's relative error below 1e-12; degree 6
#: (7.5e-13) does not (:func:`lowest_cosine_degree`, tests/backtrack)
PARITY_COSINE_DEGREE = 7


def parity_reduced_cosine(x: sp.Expr, degree: int = PARITY_COSINE_DEGREE) -> sp.Expr:
    """``cos(x) = (-1)^m P((x - m pi)^2)``, m = rint(x/pi), as one expression.

    y = :class:`shifted_nearest_integer` (x/pi) holds m + 1.5 2^52; m = y - 1.5 2^52 (exact);
    r = (x - m C1) - m C2 with the two-part :func:`cody_waite_split` of pi (|r| <= pi/2); P is
    :func:`cosine_polynomial` on [0, (pi/2)^2]; the sign is :class:`flip_sign_if_odd` (y).  In
    exact arithmetic |parity_reduced_cosine(x) - cos(x)| is at most P's error (1.9e-15 for
    degree 7).

    >>> c, err = parity_reduced_cosine(sp.Float(100.0, 30)), cosine_polynomial(7, half_width=sp.pi / 2)[1]
    >>> abs(float(c.evalf(30)) - float(sp.cos(100))) < err
    True
    """
    c1, c2 = cody_waite_split(sp.pi, PI_SPLIT_BITS, 2)
    coeffs, _ = cosine_polynomial(degree, half_width=sp.pi / 2)
    x = ordered(x)  # the argument is one rounded number
    shifted = shifted_nearest_integer(x * (1 / sp.pi).evalf(30))
    m = ordered(shifted - ROUNDING_SHIFT)  # exact; kept whole (sympy would distribute C1 over it)
    r = ordered(x - m * c1) - m * c2
    s = sp.Symbol("s_", real=True)
    polynomial = sp.horner(sp.Add(*(c * s**i for i, c in enumerate(coeffs))), s).subs(s, r**2)
    return flip_sign_if_odd(polynomial, shifted)


#: the cosines :func:`plane_wave` can be built with
COSINES = ("parity", "two_pi", "libm")


def plane_wave(position, wave_vector, phase_offset, amplitude, degree: int | None = None,
               cosine: str = "parity") -> sp.Matrix:
    """One mode of the turbulent field: ``amplitude cos(wave_vector . position + phase_offset)``.

    The phase is summed as beta + k_x x + k_y y + k_z z; the cosine is
    :func:`parity_reduced_cosine` (``"parity"``, the field kernel), :func:`reduced_cosine`
    (``"two_pi"``, the kernel before it, kept as the baseline) or ``cos`` itself (``"libm"``, the
    reference the kernels are benchmarked against); ``degree`` defaults to each one's own.
    The turbulent field is the sum of the modes.

    >>> x = sp.Matrix(sp.symbols("x y z", real=True))
    >>> plane_wave(x, sp.Matrix([1, 0, 0]), 0, sp.Matrix([0, 1, 0]), cosine="libm").T
    Matrix([[0, cos(x), 0]])
    """
    phase_n = phase_offset + sum(wave_vector[i] * position[i] for i in range(3))
    if cosine == "libm":
        value = sp.cos(phase_n)
    elif cosine == "two_pi":
        value = reduced_cosine(phase_n, 9 if degree is None else degree)
    elif cosine == "parity":
        value = parity_reduced_cosine(phase_n, PARITY_COSINE_DEGREE if degree is None else degree)
    else:
        raise ValueError(f"cosine must be one of {COSINES}, got {cosine!r}")
    return sp.Matrix([amplitude[i] * value for i in range(3)])
