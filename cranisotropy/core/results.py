"""Plain result objects of the Python API: dataclasses with numpy arrays, printable, picklable.

Every public function that returns more than one number returns a frozen dataclass deriving
from :class:`Result`.  ``to_dict()`` gives the JSON document the matching CLI command prints
with ``--json`` (a subclass overrides it when the document has its own layout); ``str()`` gives
the readable text.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Demo(Result):
...     kappa: float
...     label: str
>>> Demo(0.5, "D = 1").to_dict()
{'kappa': 0.5, 'label': 'D = 1'}
>>> print(Demo(0.5, "D = 1"))
kappa: 0.5
label: D = 1
"""
from __future__ import annotations

import dataclasses
from typing import Any

from cranisotropy.core.jsonable import jsonable

__all__ = ["Result", "human"]


class Result:
    """Base of the API's result dataclasses: ``to_dict()`` (JSON-able) and a readable ``str``.

    Examples
    --------
    >>> from cranisotropy import diffusion_tensor
    >>> tensor = diffusion_tensor(1.0, 0.0)
    >>> isinstance(tensor, Result), sorted(tensor.to_dict())[:2]
    (True, ['antisymmetric', 'b_hat'])
    """

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON data (what ``--json`` prints)."""
        return jsonable({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    def __str__(self) -> str:
        return human(self.to_dict())


def human(data: Any, indent: int = 0) -> str:
    """Readable text of JSON-like data: ``key: value`` lines, nested blocks indented.

    >>> print(human({"a": 1, "b": [1, 2], "c": {"d": None}}))
    a: 1
    b: 1, 2
    c:
      d: None
    """
    pad = " " * indent
    if isinstance(data, dict):
        lines = []
        for key, value in data.items():
            if isinstance(value, (dict, list)) and value:
                lines.append(f"{pad}{key}:")
                lines.append(human(value, indent + 2))
            else:
                lines.append(f"{pad}{key}: {value}")
        return "\n".join(lines)
    if isinstance(data, list):
        if all(not isinstance(v, (dict, list)) for v in data):
            return pad + ", ".join(str(v) for v in data)
        return "\n".join(human(v, indent) + ("\n" if isinstance(v, dict) else "") for v in data)
    return f"{pad}{data}"
