"""cranisotropy: cosmic-ray transport and anisotropy, derived symbolically and checked numerically.

Layers (one namespace, see docs/architecture.md):

- ``cranisotropy.derivations`` -- sympy derivations, one module per paper section;
- ``cranisotropy.kernels``     -- sympy -> cse -> printer -> generated, numba-cached modules;
- ``cranisotropy.numerics``    -- evaluators, eigen-solvers, Monte Carlo, backtracker, checks.
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
