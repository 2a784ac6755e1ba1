"""The cosmic-ray beam: pitch-angle scattering peak, outer and inner eigenproblems, matching.

Implements seed 001 (Malkov, Diamond, Drury & Sagdeev 2010): the Goldreich–Sridhar scattering
coefficient and its peak near mu = 1 (eqs. 1–5), the outer eigenproblem of steady transport along
a flux tube (eqs. 6–11), the stretched inner problem and its matching (eq. 12), and the beam width,
excess and maximum momentum (eqs. 13–15); and the beam summary of seed 000 Sec. IV.  Topic guide:
docs/beam.md.

Beam characteristics
--------------------
beam
    Width, excess, eigenvalue shift, threshold and maximum momentum for eps or an angular width.
eps_from_width
    eps = r_g/l of a beam of given angular width (degrees).

Outer eigenproblem
------------------
outer_spectrum
    Eigenvalues of eq. (8) with D = 1 (Legendre–Galerkin, double precision).
outer_eigenvalue
    One eigenvalue to any number of digits (Frobenius series, mpmath).
outer_mode
    The eigenfunction Phi, with U(1) and the matched eigenvalue shift.
outer_correction
    The first-order outer correction Psi^(1) of eqs. (10)-(11).

Inner problem and matching
--------------------------
matched_expansion
    Eigenvalue shift and beam excess from the matched expansions (a -> 0 or finite a).
inner_solution
    The first-order inner solution C (1 - beta g(w)) inside the peak (eq. 12).
peaked_eigenproblem
    The full eigenproblem with the scattering peak, solved without asymptotics.

Scattering coefficient
----------------------
gs_scattering_coefficient
    D_mumu of the Goldreich–Sridhar spectrum by quadrature (reconstructed eq. 2).
gs_peak_profile
    The magnetostatic peak profile G(y) near mu = 1 (eq. 4).
gs_scattering_forms
    The closed forms of eqs. (3)-(5): Bessel peak, small-delta form, nu_theta.

Validation and figures
----------------------
validate_beam
    Convergence of the full peaked eigenproblem to the matched asymptotics.
bench_beam
    Time lambda1 to 12 digits (double) and 25 digits (mpmath).
beam_figures
    Write the convergence, Fig. 2 and scattering figures.
"""
from cranisotropy.numerics.beam.campaign import bench_beam, validate_beam
from cranisotropy.numerics.beam.full import peaked_eigenproblem
from cranisotropy.numerics.beam.matched import beam, eps_from_width, inner_solution, matched_expansion
from cranisotropy.numerics.beam.outer import (outer_correction, outer_eigenvalue, outer_mode,
                                              outer_spectrum)
from cranisotropy.numerics.beam.plots import beam_figures
from cranisotropy.numerics.beam.scattering import (gs_peak_profile, gs_scattering_coefficient,
                                                   gs_scattering_forms)

__all__ = [
    "beam", "eps_from_width",

    "outer_spectrum", "outer_eigenvalue", "outer_mode", "outer_correction",

    "matched_expansion", "inner_solution", "peaked_eigenproblem",

    "gs_scattering_coefficient", "gs_peak_profile", "gs_scattering_forms",

    "validate_beam", "bench_beam", "beam_figures",
]
