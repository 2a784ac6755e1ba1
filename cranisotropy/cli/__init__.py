"""The ``cranisotropy`` command line.

Core verbs: ``verify``, ``regenerate``, ``validate <target>``, ``bench <target>``.  Physics
commands, validation targets, benchmarks and regenerated artifacts are contributed by the
modules in :mod:`cranisotropy.cli.commands` (each defines ``register(cli: CommandSet)``).

Conventions (docs/cli.md): every command takes ``--help`` and ``--json``; with ``--json``,
stdout carries exactly one JSON document (anything else a command prints goes to stderr);
exit 0 = success, 1 = a check failed, 2 = bad usage or input (one line on stderr naming it).
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import pkgutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cranisotropy import __version__
from cranisotropy.core.errors import CheckFailed, UsageError
from cranisotropy.core.jsonable import jsonable
from cranisotropy.core.results import human

PROG = "cranisotropy"


@dataclass
class CommandResult:
    """What a handler returns: JSON-able ``data``, optional human ``text``, and ``ok``."""

    data: dict[str, Any]
    text: str | None = None
    ok: bool = True


Handler = Callable[[argparse.Namespace], CommandResult]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2) and the --json error document."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(f"{self.prog}: error: {message}")


@dataclass
class CommandSet:
    """Registration surface handed to every ``cranisotropy.cli.commands`` module."""

    sub: Any  # top-level subparsers action
    validate_sub: Any
    bench_sub: Any
    artifacts: dict[str, Callable[[Path], dict[str, str]]] = field(default_factory=dict)
    #: producers of the committed documentation (``regenerate --docs``), by name
    documents: dict[str, Callable[[Path], list[Path]]] = field(default_factory=dict)

    def _add(self, sub, name: str, help: str, handler: Handler, description: str | None,
             aliases: tuple[str, ...] = ()):
        parser = sub.add_parser(name, help=help, description=description or help, aliases=list(aliases),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        add_json_flag(parser)
        parser.set_defaults(handler=handler)
        return parser

    def command(self, name: str, help: str, handler: Handler, description: str | None = None,
                aliases: tuple[str, ...] = ()):
        """A top-level command ``cranisotropy <name>``; returns its parser for options."""
        return self._add(self.sub, name, help, handler, description, aliases)

    def group(self, name: str, help: str, description: str | None = None):
        """A command with sub-commands (``cranisotropy sky coupling``): returns their subparsers."""
        parser = self.sub.add_parser(name, help=help, description=description or help)
        add_json_flag(parser)
        parser.set_defaults(handler=_list_group(parser, name))
        return _GroupAdder(self, parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND",
                                                      parser_class=_Parser))

    def validation(self, name: str, help: str, handler: Handler, description: str | None = None,
                   aliases: tuple[str, ...] = ()):
        """A target of ``cranisotropy validate <name>``."""
        return self._add(self.validate_sub, name, help, handler, description, aliases)

    def benchmark(self, name: str, help: str, handler: Handler, description: str | None = None,
                  aliases: tuple[str, ...] = ()):
        """A target of ``cranisotropy bench <name>``."""
        return self._add(self.bench_sub, name, help, handler, description, aliases)

    def artifact(self, name: str, producer: Callable[[Path], dict[str, str]]):
        """Files that ``regenerate`` writes: ``producer(root) -> {relative path: text}``."""
        if name in self.artifacts:
            raise ValueError(f"artifact {name!r} registered twice")
        self.artifacts[name] = producer

    def document(self, name: str, producer: Callable[[Path], list[Path]]):
        """Committed documentation that only ``regenerate --docs`` rewrites (figures, the
        verification report): ``producer(docs_dir) -> [paths written]``."""
        if name in self.documents:
            raise ValueError(f"document {name!r} registered twice")
        self.documents[name] = producer


@dataclass
class _GroupAdder:
    cli: CommandSet
    sub: Any

    def command(self, name: str, help: str, handler: Handler, description: str | None = None,
                aliases: tuple[str, ...] = ()):
        return self.cli._add(self.sub, name, help, handler, description, aliases)


def _list_group(parser, name):
    def handler(args):
        choices = sorted(parser._subparsers._group_actions[0].choices)  # noqa: SLF001
        return CommandResult({"commands": choices},
                             f"{PROG} {name}: choose one of: {', '.join(choices)} (see --help)")

    return handler


def page_with_block(root: Path, page: str, name: str, body: str) -> dict[str, str]:
    """An artifact that replaces the generated block ``name`` of a Markdown page in docs/.

    The block sits between ``<!-- name:begin (generated by `cranisotropy regenerate`) -->`` and
    ``<!-- name:end -->``; the rest of the page is hand-written and kept.
    """
    begin = f"<!-- {name}:begin (generated by `cranisotropy regenerate`) -->"
    end = f"<!-- {name}:end -->"
    path = root / "docs" / page
    text = path.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise UsageError(f"{path} lacks the markers of the generated block {name!r}: {begin} ... {end}")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return {f"docs/{page}": f"{head}{begin}\n{body.rstrip()}\n{end}{tail}"}


def add_output_dir(parser: argparse.ArgumentParser, what: str = "figures and tables") -> None:
    """The one option of every command that writes files: ``--output-dir DIR``."""
    parser.add_argument("--output-dir", metavar="DIR", default=None,
                        help=f"folder for the {what} (default ./cranisotropy-output; "
                             "never the source tree unless given)")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON document on stdout (nothing else)")


def build_parser() -> tuple[argparse.ArgumentParser, CommandSet]:
    parser = _Parser(prog=PROG, description=(
        "Derive, generate and check cosmic-ray transport and anisotropy results.\n"
        "Exit codes: 0 success, 1 a check failed, 2 bad usage or input."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_json_flag(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    validate = sub.add_parser("validate", help="run a numerical validation campaign",
                              description="Numerical validation campaigns (see targets below).")
    add_json_flag(validate)
    bench = sub.add_parser("bench", help="run a benchmark (speed/memory targets)",
                           description="Benchmarks; each reports its measured figures and targets.")
    add_json_flag(bench)
    cli = CommandSet(sub, validate.add_subparsers(dest="target", metavar="TARGET", parser_class=_Parser),
                     bench.add_subparsers(dest="target", metavar="TARGET", parser_class=_Parser))
    validate.set_defaults(handler=_list_group(validate, "validate"))
    bench.set_defaults(handler=_list_group(bench, "bench"))
    from cranisotropy.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{commands.__name__}.{info.name}").register(cli)
    return parser, cli


def check_finite(data: Any, where: str = "result") -> None:
    """Refuse to print NaN/inf: a silent NaN is a defect, so it is reported as one."""
    if isinstance(data, float) and not math.isfinite(data):
        raise CheckFailed(f"non-finite number in {where}")
    if isinstance(data, dict):
        for k, v in data.items():
            check_finite(v, f"{where}.{k}")
    elif isinstance(data, (list, tuple)):
        for i, v in enumerate(data):
            check_finite(v, f"{where}[{i}]")


def _emit_error(message: str, want_json: bool, code: int) -> int:
    line = " ".join(str(message).split())
    print(line if line.startswith(PROG) else f"{PROG}: error: {line}", file=sys.stderr)
    if want_json:
        print(json.dumps({"ok": False, "error": line, "exit_code": code}))
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    want_json = "--json" in argv
    try:
        parser, _ = build_parser()
        if not argv:
            parser.print_help(sys.stderr if want_json else sys.stdout)
            return 0
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0)
        if not hasattr(args, "handler"):
            parser.print_help()
            return 0
        want_json = want_json or bool(getattr(args, "json", False))
        # With --json, anything a handler prints goes to stderr: stdout holds one document.
        with contextlib.redirect_stdout(sys.stderr if want_json else sys.stdout):
            result = args.handler(args)
        data = jsonable(result.data)
        check_finite(data)
        if want_json:
            print(json.dumps(data, indent=2, allow_nan=False))
        else:
            print(result.text if result.text is not None else human(data))
        return 0 if result.ok else 1
    except UsageError as exc:
        return _emit_error(str(exc), want_json, 2)
    except CheckFailed as exc:
        return _emit_error(f"check failed: {exc}", want_json, 1)
    except KeyboardInterrupt:
        return _emit_error("interrupted (finished work is kept; see --resume where offered)", want_json, 130)
    except BrokenPipeError:  # stdout closed early (e.g. `| head`): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
