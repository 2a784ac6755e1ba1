"""Cosmic-ray self-confinement near sources (seed 000, Sec. II, eqs. 1-5 and the numbers after them).

CRs released from a source excite the waves that confine them: P_CR diffuses with kappa_B / I
and the wave energy I grows with -C_A dP_CR/dz.  This topic evaluates the exact late-time
(self-similar) solution of that system, the factor F(Pi) of the suppressed diffusivity
D_NL = F(Pi) D_ISM e^-Pi, the accuracy of the paper's interpolation formula (5), the
time-dependent solution from the initial cloud and the spectral break z^2/t = D_NL(p).  The
symbolic side is :mod:`cranisotropy.derivations.confinement.escape`.

Escape from a source
--------------------
confinement
    P_CR, I, zones and F(Pi) at given distances and time, in physical units.

Exact similarity solution
-------------------------
similarity_solution
    The exact self-similar CR and wave profiles for one Pi (Lambert-W quadrature).
SimilaritySolution
    The tabulated profile, with ``shape``, ``wave``, the core height and tail amplitude.
factor_F
    F(Pi) from the exact core height, or the F that normalises formula (5).
shoot_similarity
    The same solution by ODE shooting from the core (an independent algorithm).

Interpolation formula (5)
-------------------------
interpolation_profile
    Formula (5) in similarity variables (the generated kernel).
interpolation_accuracy
    Errors of formula (5) against the exact profile for one Pi.
pi_scan
    Those errors over a scan of Pi (the table of the topic guide).

Time-dependent escape
---------------------
solve_escape
    The coupled system (1)-(2) from the initial cloud, by the method of lines.
EscapeSolution
    Its profiles at the output times, invariants and distance from the similarity solution.
solve_wave_equation
    The diffusion equation for I alone (P from eq. 4): an independent route.

Spectral break
--------------
PowerLawSource
    Power-law momentum dependence of Pi, kappa_B and I_ISM.
break_momentum
    The momentum where z^2/t = D_NL(p) (the text's criterion).
spectral_break
    The criterion and the measured break of the exact spectrum.

Validation and figures
----------------------
validate_confinement
    Time-dependent runs against the exact solution over a scan of Pi.
confinement_figures
    The topic's figures (profiles, zones, F(Pi), spectral break) into a folder.
"""
from cranisotropy.numerics.confinement.campaign import validate_confinement
from cranisotropy.numerics.confinement.pde import EscapeSolution, solve_escape, solve_wave_equation
from cranisotropy.numerics.confinement.plots import confinement_figures
from cranisotropy.numerics.confinement.similarity import (
    SimilaritySolution,
    factor_F,
    interpolation_accuracy,
    interpolation_profile,
    pi_scan,
    shoot_similarity,
    similarity_solution,
)
from cranisotropy.numerics.confinement.source import confinement
from cranisotropy.numerics.confinement.spectrum import PowerLawSource, break_momentum, spectral_break

__all__ = [
    "confinement",

    "similarity_solution", "SimilaritySolution", "factor_F", "shoot_similarity",

    "interpolation_profile", "interpolation_accuracy", "pi_scan",

    "solve_escape", "EscapeSolution", "solve_wave_equation",

    "PowerLawSource", "break_momentum", "spectral_break",

    "validate_confinement", "confinement_figures",
]
