"""cranisotropy: cosmic-ray transport and anisotropy, derived symbolically and checked numerically.

The public API is flat, like healpy's: every capability is a function importable from here,
grouped by topic (each topic's functions are listed on its API page, ``docs/api/<topic>.rst``):

- ``chapman_enskog`` -- transport coefficients of focused pitch-angle scattering (seed 000 III);
- ``beam`` -- the cosmic-ray beam eigenproblem and its characteristics (seeds 001, 000 IV);
- ``multipoles`` -- multipole transitions, BGK and relative diffusion (seeds 002, 003, 004);
- ``backtrack`` -- trajectory backtracking campaigns and their C_l(T) (seeds 002, 004 4.4);
- ``sky`` -- partial-sky harmonic analysis and Compton–Getting (seed 004 Sec. 2-3);
- ``confinement`` -- cosmic-ray self-confinement near sources (seed 000 II);
- :func:`verify` -- re-derive and check every registered seed equation;
- :func:`formula`, :func:`validate_kernels`, :func:`bench_kernels` -- user formulas through the
  code generator, and the generated kernels checked and timed.

>>> import cranisotropy as c
>>> c.transport_coefficients("abs(mu)**(2/3)").kappa.exact
18/7

The package loads lazily: ``import cranisotropy`` (and ``cranisotropy --help``) imports no
numpy, sympy or numba; a name is imported from its topic package on first use.  The layers
(``cranisotropy.derivations``, ``.kernels``, ``.numerics``), the shared ``.core`` and the
``.cli`` are described in docs/architecture.md.
"""
from pathlib import Path as _Path

__version__ = "0.1.0"

# In a source checkout the layers sit beside this folder (derivations/, kernels/, numerics/);
# pyproject's package-dir maps them into this namespace when installed.  Adding the checkout
# root to __path__ makes `import cranisotropy.derivations` resolve the same way when the
# interpreter picks up this folder from the current directory instead of site-packages.
_root = _Path(__file__).resolve().parent.parent
if (_root / "pyproject.toml").is_file() and (_root / "derivations" / "__init__.py").is_file():
    __path__.append(str(_root))  # type: ignore[name-defined]

#: topic packages, in the order of the docs; their ``__all__`` make up the API
TOPICS = ("chapman_enskog", "beam", "multipoles", "backtrack", "sky", "confinement")
#: names from the shared core
_CORE = {"verify": "cranisotropy.core.registry", "SEEDS": "cranisotropy.core.registry",
         "UsageError": "cranisotropy.core.errors", "Result": "cranisotropy.core.results",
         "formula": "cranisotropy.kernels.user", "validate_kernels": "cranisotropy.numerics.kernel_checks",
         "bench_kernels": "cranisotropy.numerics.kernel_checks"}


def _topic_names() -> dict[str, str]:
    """{public name: defining topic package}, read from each topic's ``__all__`` without
    importing it (the same idea as lazy_loader's stubs, SPEC 1)."""
    import ast
    import importlib.util

    names: dict[str, str] = {}
    for topic in TOPICS:
        package = f"{__name__}.numerics.{topic}"
        spec = importlib.util.find_spec(package)
        tree = ast.parse(_Path(spec.origin).read_text(encoding="utf-8"))
        exported: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__"
                                                    for t in node.targets):
                exported = list(ast.literal_eval(node.value))  # safe-input-checked: our own source
        for name in exported:
            if name in names or name in _CORE:
                raise ImportError(f"cranisotropy: {name!r} is exported by two topics "
                                  f"({names.get(name, 'core')} and {package})")
            names[name] = package
    return names


_API = {**_CORE, **_topic_names()}
__all__ = sorted(_API)


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
