"""Trajectory backtracker (issue 6): turbulence, integrators, ensembles, C_l(T), distributed runs.

See docs/backtrack.md.  This package file stays light (the CLI parser imports it).
"""

#: names of the propagators (``propagation.PROPAGATORS``), default first
INTEGRATORS = ("boris", "boris-classic", "rk4")
