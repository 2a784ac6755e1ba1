"""The public API: every name in ``cranisotropy.__all__`` is documented (numpydoc sections, a
runnable example), listed on its topic's API page, and grouped there as in the topic package's
docstring."""
from __future__ import annotations

import importlib
import inspect
import pickle
import re

import pytest

import cranisotropy
from cranisotropy.core.paths import project_root

DOCS = project_root() / "docs" / "api"
FUNCTIONS = [n for n in cranisotropy.__all__ if n not in ("SEEDS",)]


def _doc(name: str) -> str:
    return inspect.getdoc(getattr(cranisotropy, name)) or ""


def test_import_is_light_and_dir_lists_the_api():
    import subprocess
    import sys

    code = ("import sys, cranisotropy; names = dir(cranisotropy); "
            "heavy = [m for m in ('numpy', 'sympy', 'numba', 'scipy', 'healpy') if m in sys.modules]; "
            "print(len(names), ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    count, heavy = out.split(" ", 1)
    assert heavy.strip() == "" and int(count) >= len(cranisotropy.__all__)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_public_name_has_a_numpydoc_docstring_with_an_example(name):
    obj = getattr(cranisotropy, name)
    doc = _doc(name)
    assert doc and doc.splitlines()[0].strip().endswith("."), f"{name}: one-line summary sentence"
    sections = set(re.findall(r"^(\w[\w ]*)\n-{3,}$", doc, re.M))
    if inspect.isclass(obj):
        assert "Examples" in sections or ">>>" in doc, name
        return
    assert {"Parameters", "Returns", "Examples"} <= sections | ({"Parameters"} if not
                                                               inspect.signature(obj).parameters else set()), \
        f"{name}: sections {sorted(sections)}"


_HEADING = re.compile(r"^([^\n]+)\n-{3,}\n(.*?)(?=^[^\n]+\n-{3,}\n|\Z)", re.M | re.S)


def _groups(text: str, entry: str) -> dict[str, list[str]]:
    """{section title: names listed under it}; ``entry`` matches one listed name per line."""
    return {title.strip(): re.findall(entry, body, re.M) for title, body in _HEADING.findall(text)}


def _page_groups(topic: str) -> dict[str, list[str]]:
    return _groups((DOCS / f"{topic}.rst").read_text(), r"^   (\w+)$")


def _docstring_groups(topic: str) -> dict[str, list[str]]:
    package = importlib.import_module(f"cranisotropy.numerics.{topic}")
    return _groups(package.__doc__ or "", r"^(\w+)$")


@pytest.mark.parametrize("topic", cranisotropy.TOPICS)
def test_the_api_page_lists_every_name_of_the_topic(topic):
    package = importlib.import_module(f"cranisotropy.numerics.{topic}")
    listed = [name for names in _page_groups(topic).values() for name in names]
    assert sorted(listed) == sorted(package.__all__)


@pytest.mark.parametrize("topic", cranisotropy.TOPICS)
def test_the_topic_docstring_groups_the_names_as_the_api_page(topic):
    """The package docstring's sections (title, then one name per line) are the page's."""
    groups = _docstring_groups(topic)
    assert groups and groups == _page_groups(topic)


def test_results_are_picklable():
    """Result objects are plain dataclasses: they pickle (for dask and multiprocessing)."""
    from cranisotropy.core.registry import verify

    result = verify(seed="003", equation="2", show_progress=False)[0]
    assert pickle.loads(pickle.dumps(result)) == result
