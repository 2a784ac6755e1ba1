"""Chapman–Enskog for a *symbolic* scattering function D(mu): iterated-integral algebra.

Every quantity of the hierarchy is multilinear in r = 1/D.  A function of mu of degree m is

    f(mu) = int_{-1 < nu_1 < ... < nu_m < 1} r(nu_1) ... r(nu_m) F_k(mu; nu) dnu,

where k is the number of nu's below mu and each piece F_k is a polynomial in mu, the nu_j and
w_j = 1/(1 - nu_j^2) (the only denominator the hierarchy creates).  Because r is arbitrary, a
degree-m functional vanishes for every D exactly when its kernel vanishes on the ordered
simplex, so kernels (kept in a canonical form, ``w nu^2 -> w - 1``) give *proofs* of identities
between integral formulas for a generic D, with exact rational arithmetic only:

- product: shuffle of the two ordered variable sets (Chen's iterated-integral product);
- int_{-1}^{mu} f dmu': piecewise polynomial integration between consecutive nu's;
- int_{-1}^{mu} f r h dmu' (h = 1 or 1/(1 - mu'^2)): mu' becomes a new nu.

:class:`IteratedAlgebra` implements the interface of
:func:`cranisotropy.derivations.chapman_enskog.hierarchy.chapman_enskog`; :func:`compact_isotropic_equation`
expresses the result through the functionals of eq. (9) (kappa, <mu W^2>, A, B) found by exact
linear algebra over the kernels.

>>> gam = symbolic_isotropic_equation(2)
>>> gam[2].has(sp.Integral)
True
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp
from sympy.polys.matrices import DomainMatrix
from sympy.polys.rings import ring

from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.derivations.chapman_enskog.hierarchy import chapman_enskog, d_z, group_integrand, sigma
from cranisotropy.derivations.chapman_enskog.pitch_angle import mu

D_function = sp.Function("D")


@dataclass
class IFun:
    """A function of mu of degree ``m`` in r = 1/D: ``m + 1`` polynomial pieces."""

    m: int
    pieces: list


class IteratedAlgebra:
    """Exact algebra of iterated integrals of 1/D for the hierarchy up to ``order``."""

    def __init__(self, order: int):
        self.M = max(order, 1) + 1
        names = (["x"] + [f"n{i}" for i in range(1, self.M + 1)]
                 + [f"w{i}" for i in range(1, self.M + 1)] + ["p", "s"])
        self.R, *gens = ring(",".join(names), sp.QQ)
        self.ngens = len(names)
        self.X = gens[0]
        self.p, self.s = gens[-2], gens[-1]
        self.IP, self.IS = self.ngens - 2, self.ngens - 1
        self.nu = [sp.Symbol(f"nu_{i}", real=True) for i in range(1, self.M + 1)]

    # ---------------------------------------------------------------- monomial plumbing
    def _inu(self, i):
        return 1 + i

    def _iw(self, i):
        return 1 + self.M + i

    def _transform(self, poly, nu_map, x_to=None, new_w=False, x_value=None):
        """Relabel nu_i -> nu_{nu_map[i]} (with w_i); optionally x -> nu_{x_to} (times
        w_{x_to} if ``new_w``) or x -> the number ``x_value``."""
        out: dict = {}
        for e, c in poly.items():
            n = [0] * self.ngens
            n[self.IP], n[self.IS] = e[self.IP], e[self.IS]
            for i, j in nu_map.items():
                n[self._inu(j)] = e[self._inu(i)]
                n[self._iw(j)] = e[self._iw(i)]
            if x_value is not None:
                c = c * x_value ** e[0]
            elif x_to is None:
                n[0] = e[0]
            else:
                n[self._inu(x_to)] += e[0]
                if new_w:
                    n[self._iw(x_to)] += 1
            key = tuple(n)
            out[key] = out.get(key, 0) + c
        return self._canon(out)

    def _canon(self, terms: dict):
        """Canonical form: w_j nu_j^a = w_j nu_j^(a mod 2) - sum of nu_j^(a-2), ..."""
        out: dict = {}
        stack = list(terms.items())
        while stack:
            e, c = stack.pop()
            if not c:
                continue
            for j in range(self.M):
                a, b = e[self._inu(j)], e[self._iw(j)]
                if b >= 1 and a >= 2:
                    e1 = list(e)
                    e1[self._inu(j)] = a - 2
                    stack.append((tuple(e1), c))                # w nu^(a-2)
                    e2 = list(e1)
                    e2[self._iw(j)] = b - 1
                    stack.append((tuple(e2), -c))               # - nu^(a-2)
                    break
            else:
                out[e] = out.get(e, 0) + c
        return self.R.from_dict({k: v for k, v in out.items() if v})

    def _identity(self, m):
        return {i: i for i in range(m)}

    # ---------------------------------------------------------------- interface
    def one(self):
        return IFun(0, [self.R.one])

    def constant(self, poly, m):
        return IFun(m, [poly] * (m + 1))

    def scale(self, f, c):
        c = self.R(c) if not hasattr(c, "ring") else c
        return IFun(f.m, [a * c for a in f.pieces])

    def add(self, f, g):
        if f.m != g.m:
            raise ValueError(f"degree mismatch {f.m} != {g.m}")
        return IFun(f.m, [a + b for a, b in zip(f.pieces, g.pieces)])

    def mul(self, f, g):
        m = f.m + g.m
        pieces = [self.R.zero] * (m + 1)
        for chosen in itertools.combinations(range(m), f.m):
            rest = [i for i in range(m) if i not in chosen]
            fmap = dict(enumerate(chosen))
            gmap = dict(enumerate(rest))
            fr: dict = {}
            gr: dict = {}
            for k in range(m + 1):
                kf = sum(1 for v in chosen if v < k)
                kg = k - kf
                if kf not in fr:
                    fr[kf] = self._transform(f.pieces[kf], fmap)
                if kg not in gr:
                    gr[kg] = self._transform(g.pieces[kg], gmap)
                pieces[k] += fr[kf] * gr[kg]
        return IFun(m, pieces)

    def mu(self, f):
        return IFun(f.m, [a * self.X for a in f.pieces])

    def _antiderivative(self, poly):
        out = {}
        for e, c in poly.items():
            n = list(e)
            n[0] += 1
            out[tuple(n)] = c / n[0]
        return self.R.from_dict(out)

    def integrate(self, f):
        A = [self._antiderivative(a) for a in f.pieces]
        ident = self._identity(f.m)
        pieces, below = [], self.R.zero
        for k in range(f.m + 1):
            low = (self._transform(A[k], ident, x_value=-1) if k == 0
                   else self._transform(A[k], ident, x_to=k - 1))
            pieces.append(below + A[k] - low)
            if k < f.m:
                below = below + self._transform(A[k], ident, x_to=k) - low
        return IFun(f.m, pieces)

    def _r_int(self, f, rational):
        m = f.m + 1
        contrib = []
        for j in range(m):
            nu_map = {i: (i if i < j else i + 1) for i in range(f.m)}
            contrib.append(self._transform(f.pieces[j], nu_map, x_to=j, new_w=rational))
        pieces, acc = [], self.R.zero
        for k in range(m + 1):
            pieces.append(acc)
            if k < m:
                acc = acc + contrib[k]
        return IFun(m, pieces)

    def r_integrate(self, f):
        return self._r_int(f, rational=False)

    def r_integrate_div(self, f):
        return self._r_int(f, rational=True)

    def value_at(self, f, x: int):
        """f(x) at an end, x = -1 or 1, as a constant of the same degree."""
        if x not in (-1, 1):
            raise ValueError(f"value_at takes x = -1 or 1, got {x}")
        piece = f.pieces[0] if x == -1 else f.pieces[-1]
        return self.constant(self._transform(piece, self._identity(f.m), x_value=x), f.m)

    def at_one(self, f):
        return self.value_at(f, 1)

    def average(self, f):
        return self.scale(self.at_one(self.integrate(f)), sp.QQ(1, 2))

    def is_zero(self, f):
        return all(not a for a in f.pieces)

    # ---------------------------------------------------------------- output
    def kernel_expr(self, poly, m):
        """A kernel polynomial as a sympy expression in nu_1..nu_m (w_j = 1/(1 - nu_j^2))."""
        syms = ([sp.Symbol("x")] + self.nu + [sp.Symbol(f"w{i}") for i in range(1, self.M + 1)]
                + [d_z, sigma])
        expr = poly.as_expr(*syms)
        return expr.subs({syms[1 + self.M + j]: 1 / (1 - self.nu[j] ** 2) for j in range(m)})

    def functional_expr(self, f, D=None):
        """A mu-independent function (a constant of degree m) as an iterated integral of 1/D."""
        D = D or D_function
        expr = self.kernel_expr(f.pieces[0], f.m)
        if f.m == 0:
            return expr
        weight = sp.Mul(*[1 / D(self.nu[j]) for j in range(f.m)])
        limits = [(self.nu[j], -1, self.nu[j + 1]) for j in range(f.m - 1)] + [(self.nu[f.m - 1], -1, 1)]
        return sp.Integral(expr * weight, *limits)

    def coefficients(self, f):
        """Split a constant into {(a, b): kernel polynomial} by powers p^a s^b."""
        out: dict = {}
        for e, c in f.pieces[0].items():
            key = (e[self.IP], e[self.IS])
            n = list(e)
            n[self.IP] = n[self.IS] = 0
            out.setdefault(key, {})[tuple(n)] = c
        return {k: self.R.from_dict(v) for k, v in out.items()}


# --------------------------------------------------------------------------- functionals

@dataclass(frozen=True)
class Functional:
    """A named functional of D: its symbol, its defining formula and its kernel (degree m)."""

    name: str
    symbol: sp.Symbol
    definition: str
    m: int
    kernel: object  # ring element (mu-independent piece)


def primitives(alg: IteratedAlgebra):
    """W (W' = 1/D, <W> = 0), U (U' = (1 - mu^2)/D, U(-1) = 0) and kappa = U(1)/2."""
    W0 = alg.r_integrate(alg.one())
    Wf = alg.add(W0, alg.scale(alg.average(W0), -1))
    Uf = alg.r_integrate(IFun(0, [1 - alg.X**2]))
    kap = alg.scale(alg.at_one(Uf), sp.QQ(1, 2))
    return Wf, Uf, kap


def functional(alg: IteratedAlgebra, integrand: sp.Expr, prims=None) -> IFun:
    """<integrand> (a polynomial in W, U, kappa, mu times 1, r or r/(1 - mu^2)) as a constant."""
    Wf, Uf, kap = prims or primitives(alg)
    total = None
    for (e, d), rest in group_integrand(integrand).items():
        poly = sp.Poly(rest, ce.W, ce.U, ce.kappa, mu)
        f = None
        for (a, b, k, c), coeff in zip(poly.monoms(), poly.coeffs()):
            term = IFun(0, [alg.R(sp.QQ.from_sympy(coeff)) * alg.X**c])
            for base, power in ((Wf, a), (Uf, b), (kap, k)):
                for _ in range(power):
                    term = alg.mul(term, base)
            f = term if f is None else alg.add(f, term)
        if not e:
            value = alg.average(f)
        else:
            integral = alg.r_integrate_div(f) if d else alg.r_integrate(f)
            value = alg.scale(alg.at_one(integral), sp.QQ(1, 2))
        total = value if total is None else alg.add(total, value)
    return total


def paper_functionals(alg: IteratedAlgebra) -> dict[str, Functional]:
    """kappa and the functionals of :data:`cranisotropy.derivations.chapman_enskog.hierarchy.FUNCTIONALS`
    (<mu W^2>, A = <W^2 (kappa - U')>, B = <[kappa(1+mu) - U]^2/((1 - mu^2) D)>) as kernels."""
    prims = primitives(alg)
    values = {"kappa": prims[2]}
    values.update({name: functional(alg, integrand, prims) for name, integrand in ce.FUNCTIONALS.items()})
    return {name: Functional(name, sp.Symbol(name), ce.FUNCTIONAL_TEXT[name], f.m, f.pieces[0])
            for name, f in values.items()}


def _solve_exact(columns: list, target) -> list | None:
    """Rational c with sum c_i columns_i = target (ring elements), or None."""
    monos = sorted(set().union(*[set(c.keys()) for c in columns], set(target.keys())))
    index = {m: i for i, m in enumerate(monos)}
    rows = [[sp.QQ(0)] * (len(columns) + 1) for _ in monos]
    for j, col in enumerate(columns):
        for mono, c in col.items():
            rows[index[mono]][j] = c
    for mono, c in target.items():
        rows[index[mono]][-1] = c
    aug = DomainMatrix(rows, (len(monos), len(columns) + 1), sp.QQ)
    rref, pivots = aug.rref()
    if len(columns) in pivots:
        return None  # inconsistent
    sol = [sp.QQ(0)] * len(columns)
    dense = rref.to_Matrix()
    for r, pc in enumerate(pivots):
        sol[pc] = dense[r, len(columns)]
    return [sp.Rational(c) for c in sol]


@lru_cache(maxsize=8)
def _derive(order: int):
    alg = IteratedAlgebra(order)
    gamma, _, _ = chapman_enskog(alg, order)
    return alg, gamma


def symbolic_isotropic_equation(order: int = 4) -> dict[int, sp.Expr]:
    """gamma_n(d_z, sigma) for a symbolic D(mu): polynomials in d_z, sigma whose coefficients
    are ordered (n-1)-fold integrals of 1/D with explicit rational kernels (exact)."""
    alg, gamma = _derive(order)
    out = {}
    for n, g in gamma.items():
        terms = []
        for (a, b), kern in sorted(alg.coefficients(g).items()):
            terms.append(d_z**a * sigma**b * alg.functional_expr(IFun(g.m, [kern] * (g.m + 1))))
        out[n] = sp.Add(*terms)
    return out


P_op = sp.Symbol("P")   # d_z + sigma/2  (the paper's d''_z)
S_op = sp.Symbol("S")   # sigma^2 / 16


def compact_isotropic_equation(order: int = 4):
    """gamma_n for a symbolic D through the functionals of eqs. (9), (11), derived by exact
    linear algebra on the kernels (so each formula is an identity for every D).

    Returns ``(gammas, functionals)``: ``gammas[n]`` is a sympy expression in d_z, sigma and
    the functional symbols kappa, M, A, B; ``functionals`` maps each name to its definition.
    The result is organised as a polynomial in P = d_z + sigma/2 and S = sigma^2/16, the
    variables in which the focused operator is symmetric (see docs/chapman_enskog.md).
    """
    alg, gamma = _derive(order)
    funcs = paper_functionals(alg)
    by_degree: dict[int, list[Functional]] = {}
    for f in funcs.values():
        by_degree.setdefault(f.m, []).append(f)
    out = {}
    for n, g in gamma.items():
        expr = sp.Integer(0)
        for (i, j), kern in sorted(_in_symmetric_variables(alg.coefficients(g)).items()):
            if j % 2:
                raise ArithmeticError(f"odd power of sigma at fixed P in gamma_{n}: not symmetric")
            value = _express(kern, by_degree.get(g.m, []))
            if value is None:
                raise ArithmeticError(f"gamma_{n}: P^{i} sigma^{j} not spanned by {list(funcs)}")
            expr += value * P_op**i * (16 * S_op) ** (j // 2)
        out[n] = expr
    return out, {k: f.definition for k, f in funcs.items()}


def _in_symmetric_variables(coeffs: dict) -> dict:
    """Kernels of p^a s^b -> kernels of P^i s^j, with p = P - s/2 (binomial expansion)."""
    out: dict = {}
    for (a, b), kern in coeffs.items():
        for i in range(a + 1):
            c = sp.QQ(int(sp.binomial(a, i))) * sp.QQ(-1, 2) ** (a - i)
            key = (i, b + a - i)
            out[key] = out.get(key, 0) + kern * c
    return {k: v for k, v in out.items() if v}


def _express(kernel, candidates: list[Functional]):
    """The kernel as a rational combination of the fewest candidate functionals (or None)."""
    for size in range(1, len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            sol = _solve_exact([f.kernel for f in subset], kernel)
            if sol is not None:
                return sum(c * f.symbol for c, f in zip(sol, subset))
    return None


def to_operators(expr: sp.Expr) -> sp.Expr:
    """Substitute P = d_z + sigma/2 and S = sigma^2/16 (back to d_z, sigma)."""
    return sp.expand(expr.subs({P_op: d_z + sigma / 2, S_op: sigma**2 / 16}))


def rates_from_functionals(values: dict[str, sp.Expr], order: int = 4) -> dict[int, sp.Expr]:
    """gamma_n(d_z, sigma) of a concrete D from the values of its functionals (kappa, M, A, B):
    :func:`compact_isotropic_equation` with the values substituted.  Rates that need a
    functional not given are left out (e.g. only gamma_2 from kappa alone).

    >>> rates_from_functionals({"kappa": sp.Rational(2, 3)})
    {1: 0, 2: d_z**2/6 + d_z*sigma/6}
    """
    compact, _ = compact_isotropic_equation(order)
    known = {sp.Symbol(name): value for name, value in values.items()}
    out = {}
    for n, g in compact.items():
        g = to_operators(g)
        if g.free_symbols - {d_z, sigma} <= set(known):
            out[n] = sp.expand(g.subs(known))
    return out


def functionals_from_rates(gammas: dict[int, sp.Expr]) -> dict[str, sp.Expr]:
    """kappa, M, A, B of a concrete D from its rates gamma_2..gamma_4 (with focusing): the
    inverse of :func:`rates_from_functionals`, by matching the compact form term by term.

    >>> from cranisotropy.derivations.chapman_enskog.hierarchy import isotropic_equation
    >>> functionals_from_rates(isotropic_equation(sp.Integer(1), 4, focusing=True))
    {'kappa': 2/3, 'M': 0, 'A': 4/45, 'B': 2/135}
    """
    compact, _ = compact_isotropic_equation(4)
    names = sp.symbols("kappa M A B")
    equations = []
    for n in (2, 3, 4):
        equations += sp.Poly(to_operators(compact[n]) - gammas[n], d_z, sigma).coeffs()
    solution = sp.solve(equations, names, dict=True)
    if len(solution) != 1 or set(solution[0]) != set(names):
        raise ArithmeticError(f"rates are not of the form of eq. (9): {solution}")
    return {s.name: solution[0][s] for s in names}
