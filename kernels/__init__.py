"""Code generation: sympy expressions -> generated, numba-cached kernel modules.

The package's kernels are declared in ``kernels/specs/*.py`` with the :func:`kernel` decorator
(a function returning a :class:`KernelSpec` built from a derivation).  ``cranisotropy
regenerate`` writes each to ``kernels/generated/<name>.py``; numerics import those modules
directly (``from cranisotropy.kernels.generated.<name> import <name>``), so numba functions in
numerics can call them and everything is cached on disk.  Kernels for user formulas are built
at run time with :func:`build` into a cache folder.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Callable

from cranisotropy.kernels.codegen import (  # noqa: F401
    GENERATOR_VERSION,
    KernelSpec,
    build,
    cache_dir,
    content_hash,
    header_hash,
    render_module,
    write_if_changed,
)
from cranisotropy.kernels.printer import KernelPrintError, print_expression  # noqa: F401

GENERATED_DIR = Path(__file__).resolve().parent / "generated"
_SPEC_FACTORIES: dict[str, Callable[[], KernelSpec]] = {}


def kernel(factory: Callable[[], KernelSpec]) -> Callable[[], KernelSpec]:
    """Register a spec factory; the generated module is named after the function."""
    name = factory.__name__
    if name in _SPEC_FACTORIES and _SPEC_FACTORIES[name] is not factory:
        raise ValueError(f"kernel {name!r} declared twice")
    _SPEC_FACTORIES[name] = factory
    return factory


def catalogue() -> dict[str, Callable[[], KernelSpec]]:
    """All declared kernels, by name (imports every module in ``kernels/specs``)."""
    from cranisotropy.kernels import specs

    for info in sorted(pkgutil.iter_modules(specs.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{specs.__name__}.{info.name}")
    return dict(sorted(_SPEC_FACTORIES.items()))


def load(name: str):
    """Import the committed generated module ``name``."""
    return importlib.import_module(f"{__name__}.generated.{name}")
