"""Trajectory backtracker (issue 6): turbulence, integrators, ensembles, C_l(T), distributed runs."""
