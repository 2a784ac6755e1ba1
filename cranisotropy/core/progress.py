"""Progress bars for long work (tqdm on stderr; silent when stderr is not a terminal).

Set ``CRANISOTROPY_PROGRESS=1`` to force bars on, ``=0`` to force them off.
"""
from __future__ import annotations

import os
import sys

from tqdm.auto import tqdm


def _enabled() -> bool:
    forced = os.environ.get("CRANISOTROPY_PROGRESS")
    if forced is not None:
        return forced not in ("0", "", "false", "no")
    return sys.stderr.isatty()


def progress(iterable=None, desc: str = "", total: int | None = None, unit: str = "it", **kw):
    """``tqdm`` with the package's defaults (stderr, disabled when not interactive)."""
    return tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr,
                disable=not _enabled(), dynamic_ncols=True, leave=False, **kw)
