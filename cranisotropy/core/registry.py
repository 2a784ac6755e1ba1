"""Equation registry behind ``cranisotropy verify``.

Every numbered seed equation the package implements is registered with: the seed it comes
from, its number, what the (OCR'd) text claims, how we derive it, how it is confirmed by an
independent numerical method, and a check function that returns an :class:`Outcome`.

Check modules live in each topic package, ``cranisotropy.numerics.<topic>.checks*`` and are discovered
automatically.  A check function does the derivation, compares it with the text's form, runs
the independent numerical method, and returns ``reproduced(...)`` or ``differs(...)``.
Anything it raises, or a ``failed(...)`` outcome, makes ``verify`` exit 1.

>>> @register_equation(seed="003", equation="2", title="BGK monopole equation",
...                    claim="dn/dt + c/3 div(delta n) = 0", derivation="...", numerical_check="...",
...                    registry=Registry())
... def _check():
...     return reproduced("derived form equals the text", max_rel_error=0.0)
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


@dataclass(frozen=True)
class Outcome:
    """Result of one check: ``status`` in STATUSES, a one-paragraph ``detail`` and numbers."""

    status: str
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)
    derived: str | None = None  # the derived form (sympy text), required for ``differs``

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.status == "differs" and not self.derived:
            raise ValueError("a 'differs' outcome must carry the derived form")


def reproduced(detail: str, **evidence) -> Outcome:
    """The derivation and the independent check agree with the text."""
    return Outcome("reproduced", detail, evidence)


def differs(detail: str, derived: str, **evidence) -> Outcome:
    """The derivation (confirmed numerically) disagrees with the text: say how, show the form."""
    return Outcome("differs", detail, evidence, derived=str(derived))


def failed(detail: str, **evidence) -> Outcome:
    """Our own check failed (a defect in the package, not in the paper)."""
    return Outcome("failed", detail, evidence)


@dataclass(frozen=True)
class Equation:
    seed: str
    equation: str
    title: str
    claim: str
    derivation: str
    numerical_check: str
    check: Callable[[], Outcome]

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


def coverage(registry: "Registry | None" = None) -> dict[str, dict[str, Any]]:
    """Per seed: numbered equations registered, reasoned out of scope, missing; quoted numbers."""
    reg = registry or REGISTRY
    out = {}
    for seed, labels in SEED_EQUATIONS.items():
        checked = [lab for lab in labels if (seed, lab) in reg.equations]
        reasoned = [lab for lab in labels if (seed, lab) in reg.out_of_scope and lab not in checked]
        missing = [lab for lab in labels if lab not in checked and lab not in reasoned]
        numbers = sorted(e for (s, e) in reg.equations if s == seed and e not in labels)
        out[seed] = {"total": len(labels), "registered": len(checked), "out_of_scope": len(reasoned),
                     "covered_fraction": round((len(checked) + len(reasoned)) / len(labels), 4),
                     "missing": missing, "quoted_numbers_and_extras": numbers}
    return out


def _eq_sort_key(label: str):
    parts = []
    for chunk in label.replace("-", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return tuple(parts)


REGISTRY = Registry()


def register_equation(*, seed: str, equation: str, title: str, claim: str, derivation: str,
                      numerical_check: str, registry: Registry | None = None):
    """Decorator: register ``check() -> Outcome`` for seed equation ``equation``."""

    def wrap(check: Callable[[], Outcome]):
        (registry or REGISTRY).add(Equation(seed, str(equation), title, claim, derivation,
                                            numerical_check, check))
        return check

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
    seed: str
    equation: str
    title: str
    status: str
    detail: str
    seconds: float
    evidence: dict[str, Any]
    derived: str | None

    def as_json(self) -> dict[str, Any]:
        out = {"seed": self.seed, "equation": self.equation, "title": self.title,
               "status": self.status, "detail": self.detail, "seconds": round(self.seconds, 3),
               "evidence": jsonable(self.evidence)}
        if self.derived is not None:
            out["derived"] = self.derived
        return out


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
    return Result(eq.seed, eq.equation, eq.title, outcome.status, outcome.detail,
                  time.perf_counter() - start, outcome.evidence, outcome.derived)
