"""Driver modules: numba's cache of a driver is invalidated when a generated kernel it imports
changes (numba/numba#1833), through the locator installed by ``cranisotropy.kernels.drivers``."""
from __future__ import annotations

import types

from cranisotropy.kernels import drivers


def _driver(tmp_path, source: str):
    path = tmp_path / "driver.py"
    path.write_text(source)
    func = types.FunctionType((lambda: None).__code__, {})
    func.__module__ = "cranisotropy.kernels.drivers.example"
    return func, str(path)


def test_the_stamp_follows_the_generated_kernels_a_driver_imports(tmp_path, monkeypatch):
    func, path = _driver(tmp_path, "from cranisotropy.kernels.generated.hierarchy_rate import hierarchy_rate\n"
                                   "import math\n")
    locator = drivers.DriverInTreeCacheLocator.from_function(func, path)
    assert locator is not None
    before = locator.get_source_stamp()
    assert dict(before[1]) == {"cranisotropy.kernels.generated.hierarchy_rate":
                               drivers.header_hash(drivers._generated_file(
                                   "cranisotropy.kernels.generated.hierarchy_rate"))}
    monkeypatch.setattr(drivers, "header_hash", lambda path: "a regenerated kernel")
    after = locator.get_source_stamp()
    assert after[0] == before[0] and after != before


def test_only_driver_modules_get_the_dependency_locator(tmp_path):
    func, path = _driver(tmp_path, "x = 1\n")
    func.__module__ = "cranisotropy.numerics.beam.full"
    assert drivers.DriverInTreeCacheLocator.from_function(func, path) is None
    func.__module__ = "cranisotropy.kernels.drivers.example"
    assert drivers.stamp_dependencies(path) == {}
