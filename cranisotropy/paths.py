"""Where the checkout, its docs and the seed texts are."""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The source checkout (editable install or run from the tree), else the current folder."""
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").is_file() and (here / "derivations").is_dir():
        return here
    return Path.cwd()


def docs_dir() -> Path:
    return project_root() / "docs"


def figures_dir() -> Path:
    path = docs_dir() / "figures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def seeds_dir() -> Path:
    """The seed texts: $CRANISOTROPY_SEEDS, else ../shared/seeds beside the checkout."""
    env = os.environ.get("CRANISOTROPY_SEEDS")
    return Path(env) if env else project_root().parent / "shared" / "seeds"
