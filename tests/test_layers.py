"""The layer rules of docs/architecture.md, enforced on every import statement (AST, not grep).

- ``derivations`` imports only the standard library, sympy, mpmath and other derivations;
- ``kernels`` imports the standard library, sympy, numpy, numba, derivations, ``cranisotropy.core``
  and itself;
- nothing but the CLI package (and ``python -m cranisotropy``) imports the CLI;
- nothing imports ``derivations``/``kernels``/``numerics`` under a bare name.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from cranisotropy.core.paths import project_root

ROOT = project_root()
STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def _imports(path: Path) -> list[str]:
    """Absolute module names imported by a file (relative imports are not used here)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}: relative import (use the cranisotropy namespace)")
            names.append(node.module)
    return names


def _files(folder: str, skip: tuple[str, ...] = ()) -> list[Path]:
    return [p for p in sorted((ROOT / folder).rglob("*.py"))
            if "__pycache__" not in p.parts and not any(s in p.parts for s in skip)]


def _allowed(name: str, prefixes: tuple[str, ...]) -> bool:
    top = name.split(".")[0]
    return top in STDLIB or any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("layer, allowed, skip", [
    ("derivations", ("sympy", "mpmath", "cranisotropy.derivations"), ()),
    ("kernels", ("sympy", "numpy", "numba", "cranisotropy.derivations", "cranisotropy.kernels",
                 "cranisotropy.core"), ("generated",)),
])
def test_layer_imports_only_what_it_may(layer, allowed, skip):
    offenders = {str(p.relative_to(ROOT)): name for p in _files(layer, skip)
                 for name in _imports(p) if not _allowed(name, allowed)}
    assert offenders == {}


def test_generated_kernels_import_only_numba_numpy_and_special_functions():
    allowed = ("numpy", "numba", "cranisotropy.kernels")
    offenders = {str(p.relative_to(ROOT)): name for p in _files("kernels/generated")
                 for name in _imports(p) if not _allowed(name, allowed)}
    assert offenders == {}


def test_nothing_but_the_cli_imports_the_cli():
    cli = ROOT / "cranisotropy" / "cli"
    offenders = {}
    for folder in ("cranisotropy", "derivations", "kernels", "numerics"):
        for p in _files(folder):
            if cli in p.parents or p == ROOT / "cranisotropy" / "__main__.py":  # the entry point
                continue
            bad = [n for n in _imports(p) if n == "cranisotropy.cli" or n.startswith("cranisotropy.cli.")]
            if bad:
                offenders[str(p.relative_to(ROOT))] = bad
    assert offenders == {}


def test_layers_are_only_imported_through_the_namespace():
    offenders = {str(p.relative_to(ROOT)): n
                 for folder in ("cranisotropy", "derivations", "kernels", "numerics", "tests", "docs")
                 for p in _files(folder)
                 for n in _imports(p) if n.split(".")[0] in ("derivations", "kernels", "numerics")}
    assert offenders == {}
