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


def mode_amplitudes_squared(weights, variance: sp.Expr = sigma2) -> list[sp.Expr]:
    """A_n^2 with sum_n A_n^2 <cos^2> = sigma^2 (fields in B_ref = B_0): A_n^2 = 2 sigma^2 w_n / sum w."""
    total = sp.Add(*weights)
    return [variance / mean_square_of_mode() * w / total for w in weights]


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


def reduced_cosine_assignments(x: sp.Symbol, out: sp.Symbol, degree: int = 9, tag: str = ""):
    """The assignments computing ``out ~ cos(x)``: Cody–Waite reduction by 2 pi, then Horner in r^2.

    Returns a list of (symbol, expression) pairs to be executed in order (later ones use earlier
    symbols), so the reduction steps stay separate (sympy would otherwise merge m C1 + m C2).
    """
    c1, c2, c3 = two_pi_split()
    coeffs, _ = cosine_polynomial(degree)
    m, r1, r2, r, s = (sp.Symbol(f"{name}{tag}", real=True) for name in ("m", "ra", "rb", "r", "s"))
    svar = sp.Symbol("s_", real=True)
    horner = sp.horner(sp.Add(*(c * svar**i for i, c in enumerate(coeffs))), svar).subs(svar, s)
    return [
        (m, nearest_integer(x * (1 / (2 * sp.pi)).evalf(30))),
        (r1, x - m * c1),
        (r2, r1 - m * c2),
        (r, r2 - m * sp.Float(c3, 17)),
        (s, r * r),
        (out, horner),
    ]


def plane_wave_assignments(position, wave_vectors, phases, amplitudes, out, degree: int = 9,
                           use_libm: bool = False):
    """Assignments for ``out = sum_n amplitudes[n] cos(wave_vectors[n] . position + phases[n])``.

    ``amplitudes[n]`` and ``out`` are 3-vectors of symbols; one reduced cosine per mode
    (``use_libm=True`` uses ``cos`` itself: the reference the kernel is benchmarked against).
    """
    steps = []
    cosines = []
    for n, (kv, beta) in enumerate(zip(wave_vectors, phases)):
        ph = sp.Symbol(f"phase{n}", real=True)
        c = sp.Symbol(f"cos{n}", real=True)
        steps.append((ph, beta + sum(kv[i] * position[i] for i in range(3))))
        if use_libm:
            steps.append((c, sp.cos(ph)))
        else:
            steps += reduced_cosine_assignments(ph, c, degree, tag=str(n))
        cosines.append(c)
    for i in range(3):
        steps.append((out[i], sum(a[i] * c for a, c in zip(amplitudes, cosines))))
    return steps
