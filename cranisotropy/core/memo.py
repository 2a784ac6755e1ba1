"""On-disk memo for expensive, deterministic derivations (sympy results are picklable).

The key is the function's qualified name, the ``srepr``/``repr`` of its arguments, the sympy
version and a SHA-256 over the source of every module in ``derivations/`` — so editing any derivation invalidates every memo (simple and safe).  Set
``CRANISOTROPY_NO_MEMO=1`` to bypass it.

>>> @disk_memo
... def slow_square(n):
...     return n * n
>>> slow_square(12)
144
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

_SOURCE_HASH: str | None = None


def _source_hash() -> str:
    global _SOURCE_HASH
    if _SOURCE_HASH is None:
        import sympy

        digest = hashlib.sha256(sympy.__version__.encode())
        from cranisotropy import derivations

        folders = [Path(p) for p in derivations.__path__]
        for folder in folders:
            for path in sorted(folder.rglob("*.py")):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        _SOURCE_HASH = digest.hexdigest()
    return _SOURCE_HASH


def _arg_key(value) -> str:
    try:
        import sympy

        if isinstance(value, sympy.Basic):
            return sympy.srepr(value)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_arg_key(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_arg_key(k)}:{_arg_key(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    return repr(value)


def memo_dir() -> Path:
    from cranisotropy.kernels.codegen import cache_dir

    return cache_dir().parent / "memo"


def disk_memo(fn):
    """Memoise ``fn`` on disk (and in memory) keyed by its arguments and the derivation sources."""
    in_memory: dict[str, object] = {}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if os.environ.get("CRANISOTROPY_NO_MEMO"):
            return fn(*args, **kwargs)
        key_text = "|".join([fn.__module__, fn.__qualname__, _source_hash(),
                             _arg_key(args), _arg_key(kwargs)])
        key = hashlib.sha256(key_text.encode()).hexdigest()
        if key in in_memory:
            return in_memory[key]
        path = memo_dir() / f"{fn.__name__}-{key[:24]}.pickle"
        try:
            with open(path, "rb") as fh:
                value = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            value = fn(*args, **kwargs)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                with open(tmp, "wb") as fh:
                    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                pass  # an unpicklable result is simply not memoised on disk
        in_memory[key] = value
        return value

    wrapper.uncached = fn
    return wrapper
