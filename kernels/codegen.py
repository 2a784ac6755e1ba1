"""sympy expression -> cse -> printer -> generated Python module -> ``numba.njit(cache=True)``.

A :class:`KernelSpec` names the inputs (sympy symbols, in call order) and the outputs (one or
more sympy expressions).  :func:`render_module` turns it into module source text:

- a header with the SHA-256 of a canonical description of the spec (``srepr`` of the inputs and
  outputs and the generator version) and the operation count after cse, so a reviewer and
  ``cranisotropy regenerate --check`` can tell whether a committed module is current;
- ``<name>(args...)``: the scalar kernel, ``@njit(cache=True)``, returning a float or a tuple;
- ``<name>_loop(args..., outs...)``: an njit loop over contiguous 1-D float64 arrays;
- ``<name>_array(*args)``: a thin wrapper that broadcasts numpy inputs and calls the loop;

A generated module holds only what the printer produced.  Loops around the kernels (Monte Carlo,
integrators, field sums) are ordinary modules in ``kernels/drivers/`` that import the kernels.

The text is deterministic (same spec -> same bytes, any PYTHONHASHSEED), so generated modules
are committed, reviewed and diffed like source.  Modules for the package's own kernels live in
``kernels/generated/``; kernels for user formulas are built on demand into a cache folder
(:func:`build`), where numba's on-disk cache works too because the source is a real file.

>>> import sympy as sp
>>> x, y = sp.symbols("x y", real=True)
>>> spec = KernelSpec("demo", (x, y), (sp.sin(x) * y, sp.sin(x) ** 2), doc="demo")
>>> "def demo(x, y):" in render_module(spec)
True
"""
from __future__ import annotations

import hashlib
import importlib.util
import keyword
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from cranisotropy.kernels.printer import NumbaPrinter, KernelPrintError

GENERATOR_VERSION = "3"
# IEEE semantics (x/0 -> inf, no exception checks) also lets LLVM vectorise the loops;
# numerics check results for finiteness where it matters.
_NJIT = '@njit(cache=True, error_model="numpy")'
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class KernelSpec:
    """What to generate: ``outputs`` as functions of ``inputs`` (float64 scalars).

    ``source`` names the derivation that produced the expressions.
    """

    name: str
    inputs: tuple[sp.Symbol, ...]
    outputs: tuple[sp.Expr, ...]
    doc: str = ""
    source: str = ""
    #: (lo, hi) per input for `cranisotropy validate kernels`; not part of the generated code
    domain: tuple[tuple[float, float], ...] = field(default=(), compare=False)

    def __post_init__(self):
        if not _IDENT.match(self.name) or keyword.iskeyword(self.name):
            raise ValueError(f"kernel name {self.name!r} is not a valid identifier")
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if not self.inputs:
            raise ValueError(f"kernel {self.name}: at least one input is required")
        outputs = self.outputs
        if isinstance(outputs, (sp.Expr, int, float)) or (
            isinstance(outputs, sp.Basic) and not isinstance(outputs, sp.MatrixBase)
        ):
            outputs = (outputs,)
        elif isinstance(outputs, sp.MatrixBase):
            outputs = tuple(outputs)
        object.__setattr__(self, "outputs", tuple(sp.sympify(o) for o in outputs))  # safe-input-checked: kernel specs
        names = [s.name for s in self.inputs]
        for s in self.inputs:
            if not isinstance(s, sp.Symbol):
                raise ValueError(f"kernel {self.name}: inputs must be sympy Symbols, got {s!r}")
            if not _IDENT.match(s.name) or keyword.iskeyword(s.name):
                raise ValueError(f"kernel {self.name}: input name {s.name!r} is not an identifier")
        if self.domain and len(self.domain) != len(self.inputs):
            raise ValueError(f"kernel {self.name}: domain needs one (lo, hi) per input")
        if len(set(names)) != len(names):
            raise ValueError(f"kernel {self.name}: duplicate input names {names}")
        free = set().union(*(o.free_symbols for o in self.outputs)) - set(self.inputs)
        if free:
            raise ValueError(f"kernel {self.name}: outputs depend on symbols not among inputs: "
                             f"{sorted(map(str, free))}")


def _special_source() -> bytes:
    """The hand-written functions every generated module imports (``kernels/special.py``)."""
    return (Path(__file__).resolve().parent / "special.py").read_bytes()


def content_hash(spec: KernelSpec) -> str:
    """SHA-256 of the canonical description of ``spec`` (independent of PYTHONHASHSEED).

    It covers the inputs, the outputs, the generator version and the source of
    ``kernels/special.py``: numba's cache of a generated module does not notice a change in a
    function it imports (numba/numba#1833), so such a change must change the module's text.
    """
    canonical = "\n".join([
        f"generator={GENERATOR_VERSION}",
        f"name={spec.name}",
        "inputs=" + sp.srepr(tuple(spec.inputs)),
        "outputs=" + sp.srepr(tuple(spec.outputs)),
        "special=" + hashlib.sha256(_special_source()).hexdigest(),
    ])
    return hashlib.sha256(canonical.encode()).hexdigest()


def _cse_lines(spec: KernelSpec, printer: NumbaPrinter, indent: str) -> tuple[list[str], list[str], int]:
    """Assignments of the cse temporaries, the printed outputs, and the operation count."""
    temporaries = sp.numbered_symbols("_t")  # inputs cannot start with '_': no clash
    replacements, reduced = sp.cse(list(spec.outputs), symbols=temporaries, order="canonical")
    lines = []
    for sym, value in replacements:
        lines.append(f"{indent}{sym.name} = {printer.doprint(value)}")
    results = [printer.doprint(r) for r in reduced]
    operations = sum(sp.count_ops(value) for _, value in replacements) + sum(map(sp.count_ops, reduced))
    return lines, results, int(operations)


def render_module(spec: KernelSpec) -> str:
    """Module source for ``spec`` (deterministic text)."""
    printer = NumbaPrinter()
    try:
        body, results, operations = _cse_lines(spec, printer, " " * 4)
    except KernelPrintError as exc:
        raise KernelPrintError(f"kernel {spec.name}: {exc}") from None
    args = ", ".join(s.name for s in spec.inputs)
    nout = len(results)
    digest = content_hash(spec)
    doc = textwrap.fill(spec.doc or spec.name, 92)
    out_names = ["out" if nout == 1 else f"out{j}" for j in range(nout)]
    exprs_doc = "\n".join(f"#   out[{j}] = {sp.sstr(o)}" for j, o in enumerate(spec.outputs))
    exprs_doc = "\n".join(textwrap.shorten(line, 2000) for line in exprs_doc.splitlines())
    lines = [
        f'"""Generated kernel {spec.name!r}: DO NOT EDIT (cranisotropy regenerate).',
        "",
        doc,
        '"""',
        f"# content-sha256: {digest}",
        f"# generator: cranisotropy.kernels.codegen v{GENERATOR_VERSION}",
        f"# source: {spec.source or 'n/a'}",
        f"# inputs: {args}",
        f"# operations after cse: {operations} (before: {sum(map(sp.count_ops, spec.outputs))})",
        exprs_doc,
        "import math",
        "",
        "import numpy as np",
        "from numba import njit",
        "",
        "from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)",
        "",
        f"CONTENT_SHA256 = {digest!r}",
        f"INPUTS = {tuple(s.name for s in spec.inputs)!r}",
        f"N_OUTPUTS = {nout}",
        "",
        "",
        _NJIT,
        f"def {spec.name}({args}):",
        *body,
        f"    return {results[0]}" if nout == 1 else f"    return ({', '.join(results)},)",
        "",
        "",
        _NJIT,
        f"def {spec.name}_loop({args}{', ' if args else ''}{', '.join(out_names)}):",
        f"    for _i in range({out_names[0]}.shape[0]):",
    ]
    call = f"{spec.name}({', '.join(f'{s.name}[_i]' for s in spec.inputs)})"
    if nout == 1:
        lines.append(f"        out[_i] = {call}")
    else:
        lines.append(f"        _r = {call}")
        lines += [f"        out{j}[_i] = _r[{j}]" for j in range(nout)]
    lines += [
        "",
        "",
        f"def {spec.name}_array({args}):",
        '    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""',
        f"    _args = [np.asarray(a, dtype=np.float64) for a in ({args}{',' if len(spec.inputs) == 1 else ''})]",
        "    _shape = np.broadcast_shapes(*(a.shape for a in _args))",
        "    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()",
        "             for a in _args]",
        "    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views",
        f"    _outs = [np.empty(_flat[0].shape[0]) for _ in range({nout})]",
        f"    {spec.name}_loop(*_flat, *_outs)",
        "    _outs = [o.reshape(_shape) for o in _outs]",
        "    return _outs[0]" if nout == 1 else "    return tuple(_outs)",
        "",
    ]
    return "\n".join(lines)


def header_hash(path: Path) -> str | None:
    """The content hash written in a generated module's header (None if absent)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("# content-sha256: "):
                    return line.split(":", 1)[1].strip()
    except FileNotFoundError:
        return None
    return None


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, only when the bytes differ (keeps mtimes, hence numba caches)."""
    path = Path(path)
    if path.exists() and path.read_bytes() == text.encode():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(text.encode())
    os.replace(tmp, path)
    return True


def cache_dir() -> Path:
    """Folder for kernels of user formulas: $CRANISOTROPY_CACHE or ~/.cache/cranisotropy."""
    base = os.environ.get("CRANISOTROPY_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cranisotropy")
    return Path(base) / "kernels"


def discard(module) -> None:
    """Forget a module made by :func:`build`: its source file, numba cache files and import."""
    path = Path(module.__file__)
    sys.modules.pop(module.__name__, None)
    for leftover in [path, *path.parent.glob(f"__pycache__/{path.stem}.*")]:
        leftover.unlink(missing_ok=True)


def build(spec: KernelSpec, directory: Path | None = None):
    """Generate ``spec`` into ``directory`` (default :func:`cache_dir`) and import it.

    The file is named by the content hash, so a second process (or a second call) imports the
    same file and numba loads the compiled code from its on-disk cache.
    """
    directory = Path(directory) if directory is not None else cache_dir()
    digest = content_hash(spec)
    module_name = f"{spec.name}_{digest[:16]}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = directory / f"{module_name}.py"
    write_if_changed(path, render_module(spec))
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_name] = module
    module_spec.loader.exec_module(module)
    return module
