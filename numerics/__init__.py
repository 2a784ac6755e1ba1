"""Numerical evaluators, eigen-solvers, Monte Carlo, the backtracker and validation runs.

Numerics call generated kernels (``cranisotropy.kernels.generated``) and derivations; they
never re-type a formula that a derivation produces.
"""
