"""Where the checkout, its docs, the seed texts and the outputs of commands are.

Outputs never land in the source tree by default: commands and API functions that write files
take an output directory, defaulting to :func:`output_dir` (``./cranisotropy-output`` of the
current folder).  Only ``cranisotropy regenerate`` writes into the checkout's ``docs/``.
"""
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


#: default output folder (relative to the current directory) of commands that write files
DEFAULT_OUTPUT_DIR = "cranisotropy-output"


def output_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder a command writes into: ``path``, else ``./cranisotropy-output``; created.

    Raises ``UsageError`` (a ``ValueError``) naming the path when it exists and is not a
    folder or cannot be created or written.
    """
    from cranisotropy.core.errors import UsageError

    folder = Path(path) if path is not None else Path.cwd() / DEFAULT_OUTPUT_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"output folder {str(folder)!r}: a file is in the way") from None
    except OSError as exc:
        raise UsageError(f"output folder {str(folder)!r}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK):
        raise UsageError(f"output folder {str(folder)!r} is not writable")
    return folder


def docs_figures_dir() -> Path:
    """``docs/figures`` of the checkout (for ``cranisotropy regenerate --docs`` only)."""
    return docs_dir() / "figures"


def seeds_dir() -> Path:
    """The seed texts: $CRANISOTROPY_SEEDS, else ../shared/seeds beside the checkout."""
    env = os.environ.get("CRANISOTROPY_SEEDS")
    return Path(env) if env else project_root().parent / "shared" / "seeds"
