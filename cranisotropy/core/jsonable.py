"""Turn results into plain JSON data (numpy scalars and arrays included).

>>> import numpy as np
>>> jsonable({"ok": np.bool_(True), "x": np.float64(0.5), "v": np.arange(2), 3: (1, None)})
{'ok': True, 'x': 0.5, 'v': [0, 1], '3': [1, None]}
"""
from __future__ import annotations

import numbers
from pathlib import PurePath


def jsonable(value):
    """dicts (str keys), lists, str, bool, int, float, None; numpy via ``tolist``; else ``str``."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if hasattr(value, "tolist"):  # numpy scalars (np.bool_ included) and arrays
        return jsonable(value.tolist())
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, PurePath):
        return str(value)
    return str(value)
