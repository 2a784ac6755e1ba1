"""Hand-written numba drivers: the loops (Monte Carlo, integrators, field sums) around the
generated formula kernels.

Generated modules (``kernels/generated/``) hold only what the printer produced; the loops that
call them are ordinary, tested modules here, one per topic (``drivers/<topic>.py``).  A driver
calls a generated kernel in one of two ways:

- *statically*, ``from cranisotropy.kernels.generated.<name> import <name>`` at the top of the
  driver module, so numba inlines the formula into the loop (the backtracker's field sum);
- as a *first-class function* argument with an explicit signature
  (``numba.types.FunctionType``), so one compiled, cached driver serves every kernel of that
  signature, user formulas included (the focused-transport Monte Carlo).

numba's on-disk cache checks only the source of the file a function is defined in
(numba/numba#1833): a regenerated kernel would leave a driver that inlined it stale.  Importing
this package therefore installs a cache locator for the driver modules whose source stamp also
carries the content hashes of the generated modules each driver module imports, so that
``cranisotropy regenerate`` invalidates exactly the drivers it has to.

>>> stamp_dependencies(__file__)
{}
"""
from __future__ import annotations

import ast
import os
from functools import lru_cache

from numba.core import caching

from cranisotropy.kernels.codegen import header_hash

_GENERATED = "cranisotropy.kernels.generated."
_DRIVERS = __name__ + "."


def _generated_file(module: str) -> str:
    from cranisotropy.kernels import GENERATED_DIR

    return os.path.join(GENERATED_DIR, module[len(_GENERATED):].split(".")[0] + ".py")


@lru_cache(maxsize=None)
def _imports(py_file: str) -> tuple[str, ...]:
    with open(py_file, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return tuple(names)


def stamp_dependencies(py_file: str) -> dict[str, str | None]:
    """{generated module: its content hash} for the generated kernels ``py_file`` imports."""
    return {name: header_hash(_generated_file(name))
            for name in sorted(set(_imports(py_file))) if name.startswith(_GENERATED)}


class _DependencyStamp:
    """Mixin: the cache is valid only for the same driver source *and* kernel hashes."""

    def get_source_stamp(self):
        return (super().get_source_stamp(), tuple(stamp_dependencies(self._py_file).items()))

    @classmethod
    def from_function(cls, py_func, py_file):
        if not getattr(py_func, "__module__", "").startswith(_DRIVERS):
            return None
        return super().from_function(py_func, py_file)


class DriverUserProvidedCacheLocator(_DependencyStamp, caching.UserProvidedCacheLocator):
    """``$NUMBA_CACHE_DIR`` when the user set it."""


class DriverInTreeCacheLocator(_DependencyStamp, caching.InTreeCacheLocator):
    """``__pycache__`` beside the driver (source checkouts and writable installs)."""


class DriverUserWideCacheLocator(_DependencyStamp, caching.UserWideCacheLocator):
    """The user-wide numba cache (read-only installs)."""


def _install() -> None:
    classes = caching.CacheImpl._locator_classes  # noqa: SLF001 - numba's locator registry
    for locator in (DriverUserWideCacheLocator, DriverInTreeCacheLocator,
                    DriverUserProvidedCacheLocator):
        if locator not in classes:
            classes.insert(0, locator)


_install()
