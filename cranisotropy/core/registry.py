"""Equation registry behind ``cranisotropy verify`` and :func:`cranisotropy.verify`.

Every numbered seed equation the package implements is registered with: the seed it comes
from, its number, what the (OCR'd) text claims, how we derive it, how it is confirmed by an
independent numerical method, and a check function that returns an :class:`Outcome`.

A check is a short declaration: the decorator carries seed, equation, printed form (``claim``),
derivation and numerical method; the body derives, runs the independent method (algorithms live
in the topic's numerics modules, shared comparison shapes in :mod:`cranisotropy.numerics.evidence`)
and returns one verdict:

- :func:`within` -- a residual against a tolerance (reproduced, or failed naming both);
- :func:`confirm` -- a boolean decision (reproduced, or failed);
- :func:`differs` -- the paper's statement is wrong (``kind="paper-error"``) or disagrees with
  another of its statements (``kind="inconsistent"``); the derived form, the evidence, the size of
  the effect and its ``impact`` (:data:`IMPACTS`) are given.

What a verdict rests on is declared with the check: ``restored=`` says what the extracted text
lost and why the reading checked is forced (a ``reproduced`` verdict then has kind ``restored``,
otherwise ``as-printed``); ``rests_on=`` names the reconstruction of an unreadable equation the
verdict depends on.  A discrepancy that follows from another one (a rounding of a number that
depends on it, a definition that inherits a factor) is a note under that finding, not a
``differs`` of its own; a quoted number inside the paper's own stated uncertainty is reproduced.

Check modules live in each topic package, ``cranisotropy.numerics.<topic>.checks*``, and are
discovered by :func:`load_checks`.  Anything a check raises, or a ``failed`` outcome, makes
``verify`` exit 1.

>>> reg = Registry()
>>> @register_equation(seed="003", equation="2", title="BGK monopole equation",
...                    claim="dn/dt + c/3 div(delta n) = 0", derivation="...", numerical_check="...",
...                    registry=reg)
... def _check():
...     return within(3e-16, 1e-12, "derived form equals the text")
>>> run_check(reg.equations[("003", "2")]).status
'reproduced'
"""
from __future__ import annotations

import importlib
import pkgutil
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from cranisotropy.core.jsonable import jsonable

STATUSES = ("reproduced", "differs", "failed")

#: the five seed papers, by short id (file prefix in ../shared/seeds/)
SEEDS: dict[str, str] = {
    "000": "Malkov 2015, CR confinement and transport models (Phys. Plasmas 22, 091505)",
    "001": "Malkov, Diamond, Drury, Sagdeev 2010, CR beam (ApJ 721, 750; proceedings version)",
    "002": "Mertsch & Ahlers 2015, small-scale anisotropies from relative diffusion (ICRC)",
    "003": "Ahlers 2014, anomalous anisotropies from turbulent fields (PRL 112, 021101)",
    "004": "Ahlers & Mertsch 2017, origin of small-scale anisotropies (PPNP review)",
}

#: every numbered equation of each seed (as labelled in the papers; OCR lost a few labels,
#: e.g. 003 eqs. 5, 11, 17 and 004 eqs. 52, 55, 63, which exist in the originals)
SEED_EQUATIONS: dict[str, tuple[str, ...]] = {
    "000": tuple(str(n) for n in range(1, 13)),
    "001": tuple(str(n) for n in range(1, 16)),
    "002": ("1.1", *(f"2.{n}" for n in range(1, 8)), "3.1", *(f"4.{n}" for n in range(1, 8))),
    "003": tuple(str(n) for n in range(1, 22)),
    "004": (*(str(n) for n in range(1, 78)), "A.1", "A.2"),
}


#: what a verdict rests on, by status: ``as-printed`` (the text is right as printed),
#: ``restored`` (the extracted text is garbled and the one forced reading is right),
#: ``paper-error`` (the paper's statement is wrong), ``inconsistent`` (the paper's own statements
#: disagree); a ``failed`` check has kind ``failed``.
KINDS: dict[str, tuple[str, ...]] = {
    "reproduced": ("as-printed", "restored"),
    "differs": ("paper-error", "inconsistent"),
    "failed": ("failed",),
}

#: how much a ``differs`` finding matters to a user of the result, most first (the order of the
#: findings in the report and the documentation)
IMPACTS: dict[str, str] = {
    "invalid": "the printed result diverges or does not solve the equation it is derived from",
    "factor": "a formula a user would evaluate is off by a factor",
    "justification": "the stated reason for an approximation does not hold; results computed "
                     "within the approximation stand",
    "quoted number": "a quoted number or range is off; no formula depends on it",
    "rounding": "a quoted number is off in its last digits",
}


@dataclass(frozen=True)
class Outcome:
    """Result of one check: ``status`` in STATUSES, its ``kind``, a one-paragraph ``detail``.

    ``detail`` goes into the (deterministic) verification report: state round-off-level numbers
    as bounds (``within`` does this) and keep exact values in ``evidence``.
    """

    status: str
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)
    derived: str | None = None  # the derived form (sympy text), required for ``differs``
    kind: str = ""
    #: ``differs`` only: the size of the effect and whether it changes a conclusion
    effect: str | None = None
    #: ``differs`` only: a key of :data:`IMPACTS`
    impact: str | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.status == "differs" and not self.derived:
            raise ValueError("a 'differs' outcome must carry the derived form")
        if self.status == "differs" and not (self.effect and self.impact in IMPACTS):
            raise ValueError(f"a 'differs' outcome must state its effect and an impact in "
                             f"{tuple(IMPACTS)}, got {self.impact!r}")
        if not self.kind:
            object.__setattr__(self, "kind", KINDS[self.status][0])
        if self.kind not in KINDS[self.status]:
            raise ValueError(f"a {self.status!r} outcome has kind in {KINDS[self.status]}, "
                             f"got {self.kind!r}")


def reproduced(detail: str, **evidence) -> Outcome:
    """The derivation and the independent check agree with the text (as printed, or as restored
    when the check declares ``restored=``)."""
    return Outcome("reproduced", detail, evidence)


def differs(detail: str, derived: str, *, effect: str, impact: str, kind: str = "paper-error",
            **evidence) -> Outcome:
    """The derivation (confirmed numerically) disagrees with the text: say how, show the form.

    ``kind`` is ``"paper-error"`` (the statement is wrong) or ``"inconsistent"`` (two of the
    paper's statements disagree: give both readings in ``detail``); ``effect`` states how large
    the discrepancy is and whether it changes a conclusion; ``impact`` is a key of
    :data:`IMPACTS`.

    >>> differs("1/3, not 1/6", derived="1/3", effect="factor 2", impact="factor").kind
    'paper-error'
    """
    return Outcome("differs", detail, evidence, derived=str(derived), kind=kind, effect=effect,
                   impact=impact)


def failed(detail: str, **evidence) -> Outcome:
    """Our own check failed (a defect in the package, not in the paper)."""
    return Outcome("failed", detail, evidence)


def confirm(ok: bool, detail: str, **evidence) -> Outcome:
    """``reproduced(detail)`` when ``ok``, else ``failed`` with the same detail and evidence.

    >>> confirm(round(3.8317) == 4, "j1 = 3.83 ~ 4", j1=3.8317).status
    'reproduced'
    """
    return reproduced(detail, **evidence) if ok else failed(f"check did not hold: {detail}", **evidence)


def within(value: float, tolerance: float, detail: str, *, name: str = "residual", **evidence) -> Outcome:
    """Decide on a residual: reproduced when ``|value| <= tolerance``, else failed.

    The detail states the bound (``residual < 1e-12``), never the round-off-level value itself,
    so the verification report is the same run to run; the value goes into ``evidence[name]``.

    >>> within(2.2e-16, 1e-12, "identity holds", name="max_rel_error").detail
    'identity holds (max_rel_error < 1e-12)'
    >>> within(3e-3, 1e-6, "series agrees").status
    'failed'
    """
    value = float(value)
    evidence = {name: value, **evidence}
    if abs(value) <= tolerance:
        return reproduced(f"{detail} ({name} < {tolerance:.0e})", **evidence)
    return failed(f"{detail}: {name} = {value:.3g} exceeds the tolerance {tolerance:.0e}", **evidence)


@dataclass(frozen=True)
class Equation:
    seed: str
    equation: str
    title: str
    claim: str
    derivation: str
    numerical_check: str
    check: Callable[[], Outcome]
    #: the reconstruction of an unreadable equation this verdict depends on (None: none)
    rests_on: str | None = None
    #: what the extracted text lost and why the reading checked is forced (None: as printed)
    restored: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.seed, self.equation)


@dataclass(frozen=True)
class OutOfScope:
    """A numbered equation we deliberately do not check, with the one-line reason."""

    seed: str
    equation: str
    reason: str


@dataclass
class Registry:
    equations: dict[tuple[str, str], Equation] = field(default_factory=dict)
    out_of_scope: dict[tuple[str, str], OutOfScope] = field(default_factory=dict)
    #: numbered equations per seed (set by the coverage catalogue), for coverage reports
    totals: dict[str, list[str]] = field(default_factory=dict)

    def add(self, eq: Equation) -> None:
        if eq.seed not in SEEDS:
            raise ValueError(f"unknown seed {eq.seed!r}; known: {sorted(SEEDS)}")
        if eq.key in self.equations:
            raise ValueError(f"equation {eq.key} registered twice")
        self.equations[eq.key] = eq

    def select(self, seeds: Iterable[str] | None = None, equations: Iterable[str] | None = None):
        seeds = set(seeds) if seeds else None
        equations = set(equations) if equations else None
        for eq in sorted(self.equations.values(), key=lambda e: (e.seed, _eq_sort_key(e.equation))):
            if (seeds is None or eq.seed in seeds) and (equations is None or eq.equation in equations):
                yield eq


def coverage(registry: "Registry | None" = None,
             results: "Iterable[Result] | None" = None) -> dict[str, dict[str, Any]]:
    """Per seed: numbered equations registered, reasoned out of scope, missing; quoted numbers.

    With ``results`` (of :func:`verify`), each seed also gets ``by_kind``: how many of its
    numbered equations were reproduced as printed, restored, or differ (paper error,
    inconsistent), or failed.
    """
    reg = registry or REGISTRY
    results = list(results) if results is not None else None
    out = {}
    for seed, labels in SEED_EQUATIONS.items():
        checked = [lab for lab in labels if (seed, lab) in reg.equations]
        reasoned = [lab for lab in labels if (seed, lab) in reg.out_of_scope and lab not in checked]
        missing = [lab for lab in labels if lab not in checked and lab not in reasoned]
        numbers = sorted(e for (s, e) in reg.equations if s == seed and e not in labels)
        out[seed] = {"total": len(labels), "registered": len(checked), "out_of_scope": len(reasoned),
                     "covered_fraction": round((len(checked) + len(reasoned)) / len(labels), 4),
                     "missing": missing, "quoted_numbers_and_extras": numbers}
        if results is not None:
            out[seed]["by_kind"] = kind_counts(r for r in results if r.seed == seed and numbered(r))
    return out


def _eq_sort_key(label: str):
    parts = []
    for chunk in label.replace("-", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return tuple(parts)


REGISTRY = Registry()


def register_equation(*, seed: str, equation: str, title: str, claim: str, derivation: str,
                      numerical_check: str, rests_on: str | None = None, restored: str | None = None,
                      registry: Registry | None = None):
    """Decorator: register ``check() -> Outcome`` for seed equation ``equation``.

    ``rests_on`` names the reconstruction of an unreadable equation the verdict depends on;
    ``restored`` says what the extracted text of this equation lost and why the reading in
    ``claim`` is forced.
    """

    def wrap(check: Callable[[], Outcome]):
        (registry or REGISTRY).add(Equation(seed, str(equation), title, claim, derivation,
                                            numerical_check, check, rests_on, restored))
        return check

    return wrap


_FIELDS = {"Derivation:": "derivation", "Evidence:": "numerical_check"}


def declaration(doc: str | None) -> dict[str, str]:
    """The declaration in a check's docstring: the printed claim, the derivation, the evidence.

    The docstring's first paragraphs are what the text prints (the claim); then a line starting
    ``Derivation:`` (how we derive it) and one starting ``Evidence:`` (the independent numerical
    method), each continued on the following lines up to a blank line.  Paragraphs after those
    are free notes.

    >>> declaration('''dn/dt + c/3 div(delta n) = 0
    ...
    ... Derivation: monopole of the BGK equation.
    ... Evidence: finite differences of the exact solution.
    ... ''')["numerical_check"]
    'finite differences of the exact solution.'
    """
    import inspect

    out: dict[str, list[str]] = {"claim": []}
    current: str | None = "claim"
    for line in inspect.cleandoc(doc or "").splitlines():
        label = next((key for key in _FIELDS if line.startswith(key)), None)
        if label is not None:
            current = _FIELDS[label]
            out[current] = [line[len(label):]]
        elif not line.strip():
            current = "claim" if current == "claim" and len(out) == 1 else None
        elif current is not None:
            out[current].append(line)
    out = {key: " ".join(" ".join(lines).split()) for key, lines in out.items()}
    missing = [name for name in ("claim", "derivation", "numerical_check") if not out.get(name)]
    if missing:
        raise ValueError(f"check docstring lacks {', '.join(missing)} (claim, then 'Derivation:' and "
                         f"'Evidence:' paragraphs): {doc!r}")
    return out


def check(seed: str, equation: str, title: str, *, claim: str | None = None,
          rests_on: str | None = None, restored: str | None = None, registry: Registry | None = None):
    """Declare a seed-equation check: seed, equation and title here, the rest in its docstring.

    The decorated function's docstring holds the declaration (see :func:`declaration`); its
    body derives, runs the independent method and returns one verdict.  Stack several
    decorators to register one check under equations that several seeds print; ``claim``
    replaces the docstring's claim where a seed prints it differently.  ``restored`` (what this
    seed's extracted text lost, and why the reading checked is forced) and ``rests_on`` (the
    reconstruction of an unreadable equation the verdict depends on) belong to the registration,
    so a check shared by two seeds can be as printed in one and restored in the other.

    >>> reg = Registry()
    >>> @check("003", "3", "BGK dipole equation", registry=reg)
    ... def _eq3():
    ...     '''d Phi/dt + c grad n/3 = -nu Phi
    ...
    ...     Derivation: dipole moment of the BGK equation.
    ...     Evidence: moments of a Monte Carlo run.
    ...     '''
    ...     return confirm(True, "moments agree")
    >>> reg.equations[("003", "3")].derivation
    'dipole moment of the BGK equation.'
    """

    def wrap(func: Callable[[], Outcome]):
        fields = declaration(func.__doc__)
        (registry or REGISTRY).add(Equation(seed, str(equation), title, claim or fields["claim"],
                                            fields["derivation"], fields["numerical_check"], func,
                                            rests_on, restored))
        return func

    return wrap


def register_out_of_scope(seed: str, equation: str, reason: str, registry: Registry | None = None) -> None:
    """Record that a numbered equation is deliberately not checked, with the reason."""
    reg = registry or REGISTRY
    reg.out_of_scope[(seed, str(equation))] = OutOfScope(seed, str(equation), reason)


def load_checks(package: str = "cranisotropy.numerics") -> Registry:
    """Import every ``checks*`` module of the topic packages (each registers its equations)."""
    pkg = importlib.import_module(package)
    for topic in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not topic.ispkg or topic.name.startswith("_"):
            continue
        sub = importlib.import_module(f"{package}.{topic.name}")
        for info in sorted(pkgutil.iter_modules(sub.__path__), key=lambda i: i.name):
            if info.name == "checks" or info.name.startswith("checks_"):
                importlib.import_module(f"{sub.__name__}.{info.name}")
    return REGISTRY


@dataclass(frozen=True)
class Result:
    """One verified equation: what ``cranisotropy verify --json`` lists per entry."""

    seed: str
    equation: str
    title: str
    status: str
    detail: str
    seconds: float
    evidence: dict[str, Any]
    derived: str | None
    kind: str = ""
    rests_on: str | None = None
    #: what the extracted text lost and why the reading checked is forced (kind ``restored``)
    restored: str | None = None
    #: ``differs`` only: size of the effect, whether it changes a conclusion; its impact
    effect: str | None = None
    impact: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON entry (``cranisotropy verify --json``)."""
        out = {"seed": self.seed, "equation": self.equation, "title": self.title,
               "status": self.status, "kind": self.kind, "detail": self.detail,
               "seconds": round(self.seconds, 3), "evidence": jsonable(self.evidence)}
        optional = {"derived": self.derived, "rests_on": self.rests_on, "restored": self.restored,
                    "effect": self.effect, "impact": self.impact}
        out.update({key: value for key, value in optional.items() if value is not None})
        return out

    def __str__(self) -> str:
        return f"{self.seed} eq. {self.equation}: {self.status} ({self.kind}) -- {self.title}"


def run_check(eq: Equation) -> Result:
    """Run one check; exceptions become ``failed`` with the error in the detail."""
    start = time.perf_counter()
    try:
        outcome = eq.check()
        if not isinstance(outcome, Outcome):
            outcome = failed(f"check returned {type(outcome).__name__}, not an Outcome")
    except Exception as exc:  # a check that crashes is a failed check, reported, not hidden
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        outcome = failed(f"{type(exc).__name__}: {exc} (at {tb.filename}:{tb.lineno})")
    kind = "restored" if outcome.status == "reproduced" and eq.restored else outcome.kind
    return Result(eq.seed, eq.equation, eq.title, outcome.status, outcome.detail,
                  time.perf_counter() - start, outcome.evidence, outcome.derived, kind,
                  eq.rests_on, eq.restored, outcome.effect, outcome.impact)


def numbered(result: Result) -> bool:
    """Whether ``result`` is a numbered equation of its seed (not a quoted number or an extra)."""
    return result.equation in SEED_EQUATIONS.get(result.seed, ())


def kind_counts(results: Iterable[Result]) -> dict[str, int]:
    """How many of ``results`` have each verdict kind (every kind of :data:`KINDS` listed)."""
    results = list(results)
    return {kind: sum(r.kind == kind for r in results) for kinds in KINDS.values() for kind in kinds}


def findings(results: Iterable[Result]) -> list[list[Result]]:
    """The ``differs`` results as findings, most important first (:data:`IMPACTS`, then paper
    order).  Entries stating the same effect are one finding (one statement printed in two papers,
    or an equation printing the same error as another); each finding lists its entries."""
    groups: dict[tuple, list[Result]] = {}
    for r in results:
        if r.status == "differs":
            groups.setdefault((r.kind, r.impact, r.effect), []).append(r)
    order = list(IMPACTS)
    return sorted(groups.values(), key=lambda g: (order.index(g[0].impact), g[0].seed,
                                                  _eq_sort_key(g[0].equation)))


def select(seed: str | Iterable[str] | None = None,
           equation: str | Iterable[str] | None = None) -> list[Equation]:
    """The registered equations of ``seed`` (and ``equation`` labels), in paper order.

    Raises ``UsageError`` (a ``ValueError``) for an unknown seed or an equation label that
    matches nothing.
    """
    from cranisotropy.core.errors import UsageError

    seeds = [seed] if isinstance(seed, str) else (list(seed) if seed else None)
    labels = [equation] if isinstance(equation, str) else (list(equation) if equation else None)
    unknown = sorted(set(seeds or ()) - set(SEEDS))
    if unknown:
        raise UsageError(f"unknown seed {unknown[0]!r}; known: {', '.join(SEEDS)}")
    selected = list(load_checks().select(seeds, labels))
    if labels and not selected:
        raise UsageError(f"no registered equation matches equation={' '.join(labels)!r}"
                         + (f" in seed {', '.join(seeds)}" if seeds else ""))
    return selected


def verify(seed: str | Iterable[str] | None = None, equation: str | Iterable[str] | None = None,
           *, show_progress: bool = True) -> list[Result]:
    """Re-derive and numerically confirm the registered seed equations.

    Parameters
    ----------
    seed : str or list of str, optional
        Only these seeds (``"000"`` ... ``"004"``, see ``SEEDS``); default all.
    equation : str or list of str, optional
        Only these equation labels (``"9"``, ``"4.7"``, ``"num:lambda1"``).
    show_progress : bool
        A progress bar on stderr (when it is a terminal).

    Returns
    -------
    list of Result
        One entry per equation, in paper order: ``.status`` is ``"reproduced"``, ``"differs"``
        (``.derived`` holds the derived form) or ``"failed"`` (our own check failed).
        ``.kind`` says what the verdict is: ``"as-printed"`` or ``"restored"`` (the extracted text
        was garbled; ``.restored`` says what was restored and why that reading is forced) for a
        reproduced entry, ``"paper-error"`` or ``"inconsistent"`` (the paper's own statements
        disagree) for a differing one, whose ``.effect`` states the size of the effect and whether
        it changes a conclusion; ``.rests_on`` names the reconstruction of an unreadable equation
        the verdict depends on.  ``.detail`` and ``.evidence`` give the evidence.

    Examples
    --------
    >>> from cranisotropy import verify
    >>> [(r.status, r.kind) for r in verify(seed="003", equation="2")]
    [('reproduced', 'as-printed')]
    """
    from cranisotropy.core.progress import progress

    selected = select(seed, equation)
    items = progress(selected, desc="verify", unit="eq") if show_progress else selected
    return [run_check(eq) for eq in items]
