"""Sphinx configuration: numpydoc API reference, MyST topic guides, sphinx-gallery examples.

Build: ``pip install -e '.[docs]' && sphinx-build -W -b html docs <out>`` (the README says so).
The gallery executes every ``docs/examples/<topic>/plot_*.py`` (each small and seeded).
"""
from __future__ import annotations

import os
import sys

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("CRANISOTROPY_PROGRESS", "0")

import cranisotropy  # noqa: E402

from sphinx_gallery.sorting import ExplicitOrder  # noqa: E402

project = "cranisotropy"
author = "the cranisotropy developers"
copyright = "2026, " + author
version = release = cranisotropy.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]
root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "gallery/*.ipynb", "**.ipynb_checkpoints", "examples"]
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

autosummary_generate = True
autodoc_typehints = "none"            # numpydoc renders the types from the docstrings
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks = {"GL08"}  # every public object has a docstring

TOPICS = cranisotropy.TOPICS
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "gallery",
    "subsection_order": ExplicitOrder([f"examples/{t}" for t in (*TOPICS, "verification")]),
    "filename_pattern": r"/plot_",
    "backreferences_dir": "api/backreferences",
    "doc_module": ("cranisotropy",),
    "reference_url": {"cranisotropy": None},
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "plot_gallery": "True",
}

html_theme = "pydata_sphinx_theme"
html_title = "cranisotropy"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path: list[str] = []
