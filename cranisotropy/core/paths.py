"""Where the checkout, its docs and the seed texts are."""
from __future__ import annotations

import os
from pathlib import Path


def _is_checkout(path: Path) -> bool:
    return (path / "pyproject.toml").is_file() and (path / "derivations").is_dir() \
        and (path / "cranisotropy").is_dir()


def checkout_root() -> Path | None:
    """The source checkout this package runs from (editable install or the tree), else None."""
    here = Path(__file__).resolve().parents[2]
    return here if _is_checkout(here) else None


def project_root() -> Path:
    """The source checkout, else the current folder (where outputs then go)."""
    return checkout_root() or Path.cwd()


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
