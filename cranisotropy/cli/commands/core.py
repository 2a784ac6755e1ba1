"""Core verbs: verify, regenerate (kernels, docs/cli.md, docs/coefficients.*), validate kernels,
bench kernels."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import int_range
from cranisotropy.core.errors import UsageError
from cranisotropy.core.paths import checkout_root
from cranisotropy.core.progress import progress
from cranisotropy.core.registry import SEEDS, coverage

_STATUS_MARK = {"reproduced": "ok", "differs": "DIFFERS", "failed": "FAILED"}


def register(cli: CommandSet) -> None:
    p = cli.command("verify", "run every registered seed-equation check",
                    handler=_verify, description=(
                        "Re-derive every registered equation of the seed papers, confirm it with an\n"
                        "independent numerical method, and report each verdict with its kind:\n"
                        "reproduced (as printed, or restored: the extracted text was garbled and the\n"
                        "entry says what was restored and why that reading is forced), differs (a\n"
                        "paper error, or the paper's statements are inconsistent; the derived form,\n"
                        "the evidence and the size of the effect are given) or failed (our own check\n"
                        "failed: exit 1).  Findings are listed most important first."))
    p.add_argument("--seed", action="append", choices=sorted(SEEDS), help="only this seed (repeatable)")
    p.add_argument("--equation", action="append", help="only this equation label (repeatable)")
    p.add_argument("--list", action="store_true", help="list registered equations without running them")
    p.add_argument("--report", metavar="PATH",
                   help="also write the markdown report (deterministic) to PATH; nothing is "
                        "written without it (the committed docs/verification.md is refreshed by "
                        "`cranisotropy regenerate --docs`)")

    p = cli.command("regenerate", "rewrite generated kernels and documents (or --check them)",
                    handler=lambda a: _regenerate(a, cli), description=(
                        "Regenerate every generated file from the current derivations: kernel modules\n"
                        "in kernels/generated/ and generated documents (docs/cli.md, ...).  Output is\n"
                        "byte-identical run to run.  With --check nothing is written and the exit code\n"
                        "is 1 when any committed file differs from what would be generated."))
    p.add_argument("--check", action="store_true", help="only compare; exit 1 when anything is stale")
    p.add_argument("--docs", action="store_true",
                   help="also rewrite the committed documentation that takes a run to produce: "
                        "docs/verification.md and the figures in docs/figures/ (minutes)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="only this artifact group (kernels, cli-docs, ...); repeatable")
    p.add_argument("--kernel", action="append", metavar="NAME",
                   help="only this kernel (implies --only kernels; no orphan check); repeatable")
    cli.artifact("kernels", _kernel_artifacts)
    cli.artifact("cli-docs", _cli_docs)
    cli.artifact("coefficients", _coefficient_tables)
    cli.document("verification-report", _verification_report)

    p = cli.validation("kernels", "generated kernels against sympy/mpmath at random points",
                       handler=_validate_kernels)
    p.add_argument("--points", type=int_range(1, 10**6), default=64, help="points per kernel (default 64)")
    p.add_argument("--seed", type=int, default=20261122, help="random seed (default 20261122)")

    p = cli.benchmark("kernels", "call cost of generated kernels (scalar, array, cached load)",
                      handler=_bench_kernels)
    p.add_argument("--size", type=int_range(1, 10**9), default=1_000_000, help="array length (default 1e6)")


# --------------------------------------------------------------------------- verify

def _verify(args: argparse.Namespace) -> CommandResult:
    from cranisotropy import verify
    from cranisotropy.core.registry import findings, kind_counts, select
    from cranisotropy.core.report import entry_name, entry_names

    if args.list:
        rows = [{"seed": e.seed, "equation": e.equation, "title": e.title, "claim": e.claim,
                 "derivation": e.derivation, "numerical_check": e.numerical_check,
                 **{key: value for key, value in (("restored", e.restored), ("rests_on", e.rests_on))
                    if value is not None}}
                for e in select(args.seed, args.equation)]
        return CommandResult({"equations": rows}, "\n".join(
            f"{r['seed']} eq. {r['equation']:>8}  {r['title']}" for r in rows))
    start = time.perf_counter()
    results = verify(args.seed, args.equation)
    seconds = time.perf_counter() - start
    cover = coverage(results=results)
    lines = [f"{'seed':4} {'eq.':>8}  {'status':10} {'kind':12} {'s':>6}  title / detail"]
    for r in results:
        lines.append(f"{r.seed:4} {r.equation:>8}  {_STATUS_MARK[r.status]:10} {r.kind:12} "
                     f"{r.seconds:6.2f}  {r.title}")
        lines += [f"{'':44}{note}" for note in _notes(r)]
    counts = {s: sum(r.status == s for r in results) for s in _STATUS_MARK}
    kinds = kind_counts(results)
    lines.append(f"{len(results)} equations: " + ", ".join(f"{v} {k}" for k, v in counts.items())
                 + " (" + ", ".join(f"{n} {k}" for k, n in kinds.items() if n) + f"; {seconds:.1f} s)")
    for seed, c in cover.items():
        verdicts = ", ".join(f"{n} {k}" for k, n in c["by_kind"].items() if n)
        lines.append(f"coverage {seed}: {c['registered']} checked" + (f" ({verdicts})" if verdicts else "")
                     + f" + {c['out_of_scope']} out of scope / {c['total']} numbered equations"
                     + (f"; not yet covered: {', '.join(c['missing'])}" if c["missing"] else ""))
    groups = findings(results)
    if groups:
        lines.append("findings, most important first:")
        lines += [f"  {n}. {entry_names(g)} ({g[0].kind}; {g[0].impact}): {g[0].effect}"
                  for n, g in enumerate(groups, 1)]
    if args.report:
        _write_report(Path(args.report), results, cover)
        lines.append(f"report: {args.report}")
    return CommandResult({"results": [r.to_dict() for r in results], "counts": counts, "kinds": kinds,
                          "findings": [[entry_name(r) for r in g] for g in groups],
                          "coverage": cover, "report": args.report,
                          "seconds": round(seconds, 2)},
                         "\n".join(lines), ok=counts["failed"] == 0)


def _notes(r) -> list[str]:
    """The lines under a verify entry: the detail of a finding or failure, its effect, what was
    restored, what the verdict rests on."""
    notes = [r.detail] if r.status != "reproduced" else []
    for label, value in (("effect", r.effect), ("restored", r.restored), ("rests on", r.rests_on)):
        if value:
            notes.append(f"{label}: {value}")
    return notes


def _write_report(path: Path, results, cover) -> None:
    from cranisotropy.core.registry import load_checks
    from cranisotropy.core.report import verification_markdown
    from cranisotropy.kernels import write_if_changed

    try:
        write_if_changed(path, verification_markdown(results, load_checks(), cover))
    except OSError as exc:
        raise UsageError(f"--report {str(path)!r}: {exc.strerror or exc}") from None


def _verification_report(docs: Path) -> list[Path]:
    from cranisotropy import verify

    results = verify()
    path = docs / "verification.md"
    _write_report(path, results, coverage(results=results))
    return [path]


# --------------------------------------------------------------------------- regenerate

def _kernel_artifacts(root: Path, only: list[str] | None = None) -> dict[str, str]:
    from cranisotropy.kernels import GENERATED_DIR, catalogue, render_module

    rel = GENERATED_DIR.relative_to(root) if GENERATED_DIR.is_relative_to(root) else GENERATED_DIR
    specs = catalogue()
    unknown = sorted(set(only or ()) - set(specs))
    if unknown:
        raise UsageError(f"--kernel {unknown[0]!r} is not a declared kernel (see kernels/specs/)")
    out = {}
    for name, factory in specs.items():
        if only and name not in only:
            continue
        spec = factory()
        if spec.name != name:
            raise UsageError(f"kernel factory {name!r} returned a spec named {spec.name!r}")
        out[str(Path(rel) / f"{name}.py")] = render_module(spec)
    return out


def _cli_docs(root: Path) -> dict[str, str]:
    from cranisotropy.cli import build_parser

    parser, _ = build_parser()
    sections = ["# Command-line reference", "",
                "Generated by `cranisotropy regenerate` from the parser itself; do not edit.", "",
                "Every command takes `--json` (one JSON document on stdout, nothing else) and exits",
                "0 on success, 1 when a check fails, 2 on bad usage or input (one line on stderr).", ""]

    def walk(p, title):
        p.formatter_class = lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=96)
        sections.extend([f"## `{title}`", "", "```text", p.format_help().rstrip(), "```", ""])
        for action in p._actions:  # noqa: SLF001 - argparse has no public walker
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                seen = set()
                for name, child in action.choices.items():
                    if id(child) not in seen:  # an alias maps to the same parser
                        seen.add(id(child))
                        walk(child, f"{title} {name}")

    walk(parser, "cranisotropy")
    return {"docs/cli.md": "\n".join(sections)}


def _coefficient_tables(root: Path) -> dict[str, str]:
    from cranisotropy.numerics import coefficient_tables as tables

    catalogue = tables.catalogue()
    return {"docs/coefficients.md": tables.render_markdown(catalogue),
            "docs/coefficients.json": tables.render_json(catalogue)}


def _regenerate(args: argparse.Namespace, cli: CommandSet) -> CommandResult:
    root = checkout_root()
    if root is None:
        raise UsageError("regenerate works on a source checkout (it rewrites kernels/generated/ and "
                         "docs/); this cranisotropy is installed without one: run it from a clone "
                         "installed with `pip install -e .`")
    names = ["kernels"] if args.kernel else (args.only or list(cli.artifacts))
    unknown = sorted(set(names) - set(cli.artifacts))
    if unknown:
        raise UsageError(f"unknown artifact group {unknown[0]!r}; known: {', '.join(cli.artifacts)}")
    producers = dict(cli.artifacts, kernels=lambda r: _kernel_artifacts(r, args.kernel))
    states: dict[str, str] = {}
    for name in progress(names, desc="regenerate", unit="group"):
        for rel, text in sorted(producers[name](root).items()):
            path = root / rel
            current = path.read_bytes() if path.exists() else None
            if args.check:
                states[rel] = "missing" if current is None else (
                    "unchanged" if current == text.encode() else "stale")
            else:
                from cranisotropy.kernels import write_if_changed

                states[rel] = "written" if write_if_changed(path, text) else "unchanged"
    if "kernels" in names and not args.kernel:
        from cranisotropy.kernels import GENERATED_DIR, catalogue

        declared = set(catalogue())
        for path in sorted(GENERATED_DIR.glob("*.py")):
            if path.stem != "__init__" and path.stem not in declared:
                rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
                if args.check:
                    states[rel] = "orphan"
                else:
                    path.unlink()
                    states[rel] = "removed (orphan)"
    if args.docs:
        if args.check:
            raise UsageError("--docs rewrites the documentation; it does not combine with --check")
        docs = root / "docs"
        for name, produce in cli.documents.items():
            for path in produce(docs):
                states[str(Path(path).resolve().relative_to(root))] = f"written ({name})"
    bad = {k: v for k, v in states.items() if v in ("stale", "missing", "orphan")}
    lines = [f"{state:18} {rel}" for rel, state in states.items()]
    if args.check:
        lines.append("all generated files are current" if not bad else
                     f"{len(bad)} generated file(s) out of date: run `cranisotropy regenerate`")
    return CommandResult({"root": str(root), "check": bool(args.check), "files": states,
                          "out_of_date": sorted(bad)}, "\n".join(lines), ok=not bad)


# --------------------------------------------------------------------------- validate / bench

def _validate_kernels(args: argparse.Namespace) -> CommandResult:
    from cranisotropy import validate_kernels

    report = validate_kernels(points=args.points, seed=args.seed)
    return CommandResult(report.to_dict(), str(report), ok=report.ok)


def _bench_kernels(args: argparse.Namespace) -> CommandResult:
    from cranisotropy import bench_kernels

    report = bench_kernels(size=args.size)
    return CommandResult(report.to_dict(), str(report))
