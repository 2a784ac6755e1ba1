"""Transport coefficients of a scattering function D(mu): the series of eq. (9), kappa, K and
the telegraph time of eqs. (10)-(12) (seed 000, Sec. III).

Exact where a closed form is derived (1/D a polynomial: every order, in rational arithmetic;
power laws c_+-|mu|^alpha: orders <= 4 through the functionals of eq. 9; kappa alone when
(1 - mu^2)/D is rational), otherwise -- and always as a cross-check -- from the hierarchy
solved numerically (:mod:`cranisotropy.numerics.chapman_enskog.series`).  kappa, K and tau are
read from :func:`cranisotropy.derivations.chapman_enskog.hierarchy.transport_coefficients`,
with errors propagated through its formulas.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp

from cranisotropy.core.errors import CheckFailed, UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.derivations.chapman_enskog import iterated as it
from cranisotropy.derivations.chapman_enskog.pitch_angle import mu
from cranisotropy.numerics.chapman_enskog.series import scattering_profile, series_with_error

#: highest order of the series offered
MAX_ORDER = 16
#: relative accuracy assumed for a D given as a Python callable (evaluated in double precision)
CALLABLE_RTOL = 1e-14
UNITS = ("d f0/dt = sum_n c_n eps^n d^n f0/dz^n with t in units of 1/nu and z in units of l "
         "(eq. 6); kappa, hyperdiffusion K and tau_slow refer to the slow time T = eps^2 t/4 "
         "(eqs. 10-12): df0/dT = kappa f0'' - eps^2 K f0'''', tau = eps^2 K/kappa^2; "
         "tau_t = 4 K/kappa^2 is the telegraph time in units of 1/nu")


@dataclass(frozen=True)
class Coefficient(Result):
    """One coefficient: ``exact`` (sympy, or None without a closed form), ``value`` (float) and
    ``error`` (absolute error estimate of ``value``; 0 for exact values)."""

    exact: sp.Expr | None
    value: float
    error: float = 0.0

    def to_dict(self) -> dict:
        """``{"exact": text or None, "value", "error"}``."""
        return {"exact": None if self.exact is None else str(self.exact), "value": float(self.value),
                "error": float(self.error)}

    def __str__(self) -> str:
        value = f"{self.value:.15g}"
        if self.exact is not None and not (self.exact.is_Number and str(self.exact) == value):
            return f"{self.exact}  = {value}" if not self.exact.is_Integer else str(self.exact)
        return value if self.error == 0 else f"{value}  (+- {self.error:.1e})"


@dataclass(frozen=True)
class TransportCoefficients(Result):
    """Isotropic transport of eq. (9) for one D(mu): d f0/dt = sum_n c_n eps^n d_z^n f0.

    ``series[n]`` is c_n (sigma = 0); ``kappa``, ``hyperdiffusion`` (K), ``tau_slow``
    (tau/eps^2, slow time T = eps^2 t/4) and ``tau_t`` (4 K/kappa^2, units of 1/nu) are
    :class:`Coefficient` s; ``focused[n][j]`` is the coefficient of d_z^j in gamma_n at the given
    ``sigma``.  ``to_dict()`` is the JSON of ``cranisotropy chapman-enskog --json``.
    """

    D: sp.Expr | str
    order: int
    method: str
    symmetric: bool
    series: dict[int, Coefficient]
    kappa: Coefficient
    hyperdiffusion: Coefficient
    tau_slow: Coefficient
    tau_t: Coefficient
    focused: dict[int, dict[int, Coefficient]] | None = None
    sigma: sp.Expr | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON document of ``cranisotropy chapman-enskog --json``."""
        exact = lambda c: None if c.exact is None else str(c.exact)  # noqa: E731
        named = {"kappa": self.kappa, "hyperdiffusion": self.hyperdiffusion,
                 "tau_slow": self.tau_slow, "tau_t": self.tau_t}
        data = {"D": str(self.D), "order": self.order,
                "sigma": None if self.sigma is None else str(self.sigma),
                **{name: c.value for name, c in named.items()},
                "series": [{"n": n, "exact": exact(c), "value": c.value} for n, c in self.series.items()],
                "series_errors": [c.error for c in self.series.values()],
                "exact": {name: exact(c) for name, c in named.items()},
                "method": self.method, "symmetric": self.symmetric, "notes": list(self.notes),
                "units": UNITS}
        if self.focused is not None:
            data["focused_series"] = [
                {"n": n, "terms": [{"power": j, "exact": exact(c), "value": c.value}
                                   for j, c in terms.items()]}
                for n, terms in self.focused.items()]
        return data

    def __str__(self) -> str:
        lines = [f"D(mu) = {self.D}    [{self.method}]",
                 f"kappa            = {self.kappa}",
                 f"K (eq. 11)       = {self.hyperdiffusion}",
                 f"tau / eps^2      = {self.tau_slow}   (slow time T = eps^2 t/4)",
                 f"4 K / kappa^2    = {self.tau_t}   (telegraph time, units of 1/nu)",
                 "series d f0/dt = sum c_n eps^n d^n f0/dz^n:"]
        lines += [f"  c_{n:<2} = {c}" for n, c in self.series.items()]
        if self.focused is not None:
            lines.append(f"with focusing sigma = {self.sigma}: gamma_n = sum_j a_nj d_z^j")
            for n, terms in self.focused.items():
                lines.append(f"  n = {n}: " + ", ".join(f"a_{n}{j} = {t.value:.12g}"
                                                       for j, t in terms.items()))
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def transport_coefficients(D, order: int = 4, sigma=None, *, dps: int = 40) -> TransportCoefficients:
    """Chapman–Enskog transport coefficients of a pitch-angle scattering function D(mu).

    The series d f0/dt = sum_n c_n eps^n d^n f0/dz^n of the isotropic part (eq. 9, sigma = 0),
    the diffusion coefficient kappa, the hyperdiffusion coefficient K and the telegraph time
    (eqs. 10-12); with ``sigma``, also the focused rates gamma_n(d_z) at that sigma.

    Parameters
    ----------
    D : str, sympy.Expr, number or callable
        Scattering function of seed 000 eq. (6), in units of the scattering rate nu, of
        mu = cosine of the pitch angle: a formula (``"abs(mu)^(2/3)"``, parsed safely), a sympy
        expression in any symbol named ``mu``, or a Python callable of one float (numerical
        only: every ``exact`` is None; good to about 14 digits unless it accepts mpmath numbers).
    order : int
        Highest order N of the series, 2 <= N <= 16 (kappa and K are always computed).
    sigma : str, number or sympy number, optional
        Focusing sigma = -d ln B/dz (units of 1/l): adds ``focused``.
    dps : int, keyword-only
        Digits of the numerical hierarchy (where no closed form exists).

    Returns
    -------
    TransportCoefficients
        ``.kappa``, ``.hyperdiffusion``, ``.tau_slow``, ``.tau_t`` and ``.series`` (dict
        n -> c_n), each a :class:`Coefficient` with ``.exact`` (sympy or None), ``.value`` and
        ``.error``; ``kappa``, K and tau_slow refer to the slow time T = eps^2 t/4, tau_t to
        the time of eq. (6).  ``.to_dict()`` is the ``--json`` output of the CLI.

    Raises
    ------
    UsageError
        An inadmissible D (negative, not integrable, ...), an order out of range or a sigma
        that is not a finite real number.

    See Also
    --------
    scattering_profile : admissibility and zeros of D.
    dispersion_relation : the exact decay rate these coefficients expand.

    Examples
    --------
    >>> r = transport_coefficients("abs(mu)^(2/3)")
    >>> r.kappa.exact, round(r.hyperdiffusion.value, 10)
    (18/7, 3.266852294)
    >>> transport_coefficients("1", order=6).series[6].exact
    47/34020
    >>> round(transport_coefficients(lambda m: 1 + m * m).kappa.value, 12)   # pi/2 - 1
    0.570796326795
    """
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or not 2 <= order <= MAX_ORDER:
        raise UsageError(f"order must be an integer from 2 to {MAX_ORDER}, got {order!r}")
    order = int(order)
    sigma = _as_sigma(sigma)
    profile = scattering_profile(D)
    D = profile.expr
    need = max(order, 4)
    notes: list[str] = []
    exact_gammas: dict[int, sp.Expr] = {}
    numeric: dict = {}
    errors: dict = {}
    inverse = ce.polynomial_inverse(D) if D is not None else None
    if inverse is not None:
        method = "exact: 1/D is a polynomial, every order in rational arithmetic"
        exact_gammas = ce.isotropic_equation(D, need, focusing=True)
    else:
        numeric, err = series_with_error(profile, need, dps=dps, sigma=sigma is not None)
        errors = {k: float(v) for k, v in err.items()}
        if D is None:   # double-precision D: relative to the size of the series at that order
            size = lambda n: max(float(abs(v)) for k, v in numeric.items() if abs(sum(k) - n) <= 1)  # noqa: E731
            errors = {k: max(e, CALLABLE_RTOL * size(sum(k))) for k, e in errors.items()}
        if D is not None:
            exact_gammas = it.rates_from_functionals(_closed_functionals(D))
        closed = ", ".join(f"gamma_{n}" for n in sorted(exact_gammas) if exact_gammas[n] != 0)
        method = (f"numerical hierarchy (mapped Chebyshev, {dps} digits)"
                  + (f"; closed forms for {closed} (functionals of eq. 9)" if closed else "")
                  + ("; D given as a callable" if D is None else ""))
    symmetric_exact = D is not None and sp.expand(D.subs(mu, -mu) - D) == 0
    if symmetric_exact:
        # D(-mu) = D(mu): Gamma is even in P = d_z + sigma/2, so every odd gamma_n vanishes
        exact_gammas.update({n: sp.Integer(0) for n in range(1, need + 1, 2)})

    def coefficient(n: int, j: int, sig) -> Coefficient:
        """Coefficient of d_z^j in gamma_n at sigma = sig (None: 0)."""
        ex = None
        if n in exact_gammas:
            g = sp.expand(exact_gammas[n].subs(ce.sigma, 0 if sig is None else sig))
            ex = ce.tidy(g.coeff(ce.d_z, j)) if g != 0 else sp.Integer(0)
        if not numeric:
            return Coefficient(ex, float(sp.N(ex, 30)))
        with mpmath.workdps(dps):
            s = mpmath.mpf(0) if sig is None else mpmath.mpmathify(sp.N(sig, dps + 5))
            val = numeric.get((j, n - j), mpmath.mpf(0)) * s ** (n - j)
            e = errors.get((j, n - j), 0.0) * float(abs(s)) ** (n - j)
        if ex is None:
            return Coefficient(None, float(val), e)
        exv = sp.N(ex, dps)
        tol = max(1e3 * e, 10.0 ** (-dps + 8) * max(1.0, abs(float(exv))))
        if abs(float(exv) - float(val)) > tol and abs(mpmath.mpf(str(exv)) - val) > tol:
            raise CheckFailed(f"closed form c_{n} = {ex} disagrees with the numerical "
                              f"hierarchy ({val}) for D = {profile.label}")
        return Coefficient(ex, float(sp.N(ex, 30)))

    series = {n: coefficient(n, n, None) for n in range(1, need + 1)}
    derived = _from_series(series)
    if not (symmetric_exact or profile.symmetric) and abs(series[3].value) > series[3].error:
        notes.append("D(-mu) != D(mu): the eps^3 term c_3 d^3 f0/dz^3 is present; eqs. (10)-(12) "
                     "assume a symmetric D")
    focused = None
    if sigma is not None:
        focused = {n: {j: coefficient(n, j, sigma) for j in range(1, n + 1)} for n in range(1, order + 1)}
    return TransportCoefficients(D if D is not None else profile.label, order, method,
                                 bool(symmetric_exact or profile.symmetric),
                                 {n: series[n] for n in range(1, order + 1)}, derived["kappa"],
                                 derived["hyperdiffusion"], derived["tau_slow"], derived["tau_t"],
                                 focused, sigma, tuple(notes))


def _as_sigma(sigma):
    """sigma as an exact sympy number (a float's decimal text, as the formula parser reads it)."""
    if sigma is None:
        return None
    if isinstance(sigma, str):
        from cranisotropy.core.safe_expr import parse_expression

        sigma = parse_expression(sigma, {}, what="sigma")
    elif isinstance(sigma, (float, numbers.Real)) and not isinstance(sigma, bool):
        if not math.isfinite(float(sigma)):
            raise UsageError(f"sigma must be a finite real number, got {sigma}")
        sigma = sp.Rational(str(sigma)) if isinstance(sigma, float) else sp.Rational(sigma)
    if not isinstance(sigma, sp.Basic) or not sigma.is_number:
        raise UsageError(f"sigma must be a finite real number, got {sigma!r}")
    value = complex(sp.N(sigma))
    if value.imag != 0 or not math.isfinite(value.real):
        raise UsageError(f"sigma must be a finite real number, got {sigma}")
    return sigma


def _closed_functionals(D: sp.Expr) -> dict[str, sp.Expr]:
    """The functionals of eq. (9) known in closed form for D: all four for power laws, kappa
    alone when (1 - mu^2)/D is rational (its defining integral, evaluated), else none."""
    values = ce.closed_form_functionals(D)
    if values is not None:
        return values
    kappa = ce.diffusion_integral(D)
    (integral,) = kappa.atoms(sp.Integral)
    if sp.cancel(integral.function).is_rational_function(mu):
        return {"kappa": ce.tidy(kappa.doit())}
    return {}


@lru_cache(maxsize=1)
def _forms():
    """kappa, K, tau_slow, tau_t as formulas in c_2, c_4 (from the derivation) and their
    gradients (for the error propagation)."""
    c = {2: sp.Symbol("c_2"), 4: sp.Symbol("c_4")}
    forms = ce.transport_coefficients(c)
    return c, {name: (form, {n: sp.diff(form, s) for n, s in c.items()}) for name, form in forms.items()}


def _from_series(series: dict[int, Coefficient]) -> dict[str, Coefficient]:
    """kappa, K, tau_slow, tau_t from c_2, c_4 through the derivation's formulas (exact when
    both are exact; else value and first-order propagated error)."""
    c, forms = _forms()
    exact = {c[n]: series[n].exact for n in c}
    values = {c[n]: series[n].value for n in c}
    out = {}
    for name, (form, gradient) in forms.items():
        if all(exact[s] is not None for s in form.free_symbols):
            ex = ce.tidy(form.subs({s: exact[s] for s in form.free_symbols}))
            out[name] = Coefficient(ex, float(sp.N(ex, 30)))
        else:
            error = sum(abs(float(gradient[n].subs(values))) * series[n].error for n in c)
            out[name] = Coefficient(None, float(form.subs(values)), error)
    return out


@dataclass(frozen=True)
class SymbolicTransport(Result):
    """Eq. (9) for a symbolic D(mu): ``gamma[n]`` in P = d_z + sigma/2 and S = sigma^2/16 and
    the functionals they use (``functionals``: name -> definition); ``to_dict()`` is the JSON of
    ``cranisotropy chapman-enskog --symbolic --json``."""

    order: int
    gamma: dict[int, sp.Expr]
    functionals: dict[str, str]

    def gamma_in_d_z_sigma(self) -> dict[int, sp.Expr]:
        """gamma_n written with d_z and sigma."""
        return {n: sp.factor(it.to_operators(g)) for n, g in self.gamma.items()}

    def to_dict(self) -> dict:
        """The JSON document of ``cranisotropy chapman-enskog --symbolic --json``."""
        return {"symbolic": True, "order": self.order,
                "gamma": {str(n): str(sp.factor(g)) for n, g in self.gamma.items()},
                "gamma_in_d_z_sigma": {str(n): str(g) for n, g in self.gamma_in_d_z_sigma().items()},
                "variables": {"P": "d_z + sigma/2", "S": "sigma^2/16"},
                "functionals": dict(self.functionals)}

    def __str__(self) -> str:
        lines = ["d f0/dt = sum_n eps^n gamma_n f0 for a symbolic D(mu)  (P = d_z + sigma/2, "
                 "S = sigma^2/16)"]
        lines += [f"  gamma_{n} = {sp.factor(g)}" for n, g in self.gamma.items()]
        lines += ["where"] + [f"  {text}" for text in self.functionals.values()]
        return "\n".join(lines)


def symbolic_transport_equation(order: int = 4) -> SymbolicTransport:
    """Eq. (9) for a symbolic scattering function D(mu), through its integral functionals.

    Every line is an identity for all D, proved on the kernels of iterated integrals of 1/D
    (:func:`cranisotropy.derivations.chapman_enskog.iterated.compact_isotropic_equation`).

    Parameters
    ----------
    order : int
        Highest order, 1 <= order <= 4 (the functionals of the paper stop at eps^4).

    Returns
    -------
    SymbolicTransport
        ``gamma[n]`` (sympy, in P = d_z + sigma/2, S = sigma^2/16 and the functionals kappa,
        M, A, B) and ``functionals`` (their definitions).

    Examples
    --------
    >>> r = symbolic_transport_equation(2)
    >>> sp.factor(r.gamma[2])
    kappa*(P**2 - 4*S)/4
    >>> r.gamma_in_d_z_sigma()[2]
    d_z*kappa*(d_z + sigma)/4
    """
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or not 1 <= order <= 4:
        raise UsageError(f"order must be an integer from 1 to 4 for a symbolic D, got {order!r}")
    gammas, definitions = it.compact_isotropic_equation(int(order))
    return SymbolicTransport(int(order), dict(gammas), dict(definitions))
