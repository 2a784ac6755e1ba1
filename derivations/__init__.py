"""Symbolic derivations (sympy only): one module per paper section, returning sympy objects.

Nothing in this package imports numba or runs numerics; kernels and numerical checks are built
from what these functions return.
"""
