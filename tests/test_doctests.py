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
    core = [f"cranisotropy.{i.name}" for i in pkgutil.iter_modules(cranisotropy.__path__[:1])]
    names = [n for n in core if n not in ("cranisotropy.__main__",)]
    for layer in ("derivations", "kernels", "numerics", "commands"):
        package = importlib.import_module(f"cranisotropy.{layer}")
        names += [i.name for i in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]
    return sorted({n for n in names if ".generated." not in n and not n.endswith("__main__")})


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
