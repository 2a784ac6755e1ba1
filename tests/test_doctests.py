"""Docstring examples of every module, imported through the `cranisotropy` namespace.

(`pytest --doctest-modules` would import the layer folders under bare names, which both
violates the one-namespace rule and confuses numba's on-disk cache.)
"""
import doctest
import importlib
import pkgutil

import pytest

import cranisotropy


def _modules():
    names = [f"cranisotropy.{i.name}" for i in pkgutil.iter_modules(cranisotropy.__path__[:1])
             if not i.ispkg and i.name != "__main__"]
    for layer in ("core", "cli", "derivations", "kernels", "numerics"):
        package = importlib.import_module(f"cranisotropy.{layer}")
        names += [package.__name__]
        names += [i.name for i in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]
    return sorted({n for n in names if ".generated." not in n and not n.endswith("__main__")})


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
