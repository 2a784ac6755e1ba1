"""Input checks specific to the multipoles API (the generic ones are in
:mod:`cranisotropy.core.inputs`): each returns the normalised value or raises ``UsageError``."""
from __future__ import annotations

from cranisotropy.core.inputs import array, choice, integer, number  # noqa: F401 (re-exported)

#: largest multipole accepted by the public functions (memory/time stay small)
LMAX_LIMIT = 100_000


def lmax(value, name: str = "lmax") -> int:
    return integer(name, value, 1, LMAX_LIMIT)


def nu_t(value) -> float:
    """nu T >= 0 (``math.inf`` allowed: the T -> oo limit)."""
    return number("nu T", value, nonnegative=True, allow_inf=True)


def exponent(value) -> float:
    """The exponent p of nu_r ~ (1-x)^p, strictly between 0 and 1."""
    p = number("p", value)
    if not 0.0 < p < 1.0:
        from cranisotropy.core.errors import UsageError

        raise UsageError(f"p must lie strictly between 0 and 1, got {value!r}")
    return p


def tensor(value, name: str):
    """A finite 3x3 tensor."""
    return array(name, value, shape=(3, 3))


def vector(value, name: str):
    """A finite 3-vector."""
    return array(name, value, shape=(3,))


def times(value, name: str = "times"):
    """A non-empty, strictly increasing 1-D array of positive, finite times."""
    return array(name, value, positive=True, increasing=True)
