"""Multipoles: the multipole transition hierarchy, BGK diffusion and relative diffusion.

Computes the angular power spectrum C_l of cosmic-ray arrival directions from two transport
models -- the consecutive multipole hierarchy (seed 003 eqs. 13, 18-21) and the generalised BGK
model of relative diffusion (seed 002 eqs. 4.4-4.7, 004 eqs. 72-77, by default in its derived
form, the solution of eq. 4.6; the paper's printed eq. 4.7 on request) -- the BGK diffusion
tensor with its Monte Carlo (seed 003 eqs. 1-6, 004 eqs. 33-56), and the relative-diffusion
sum rules and shot noise of backtracked maps (seed 002 eqs. 1.1, 2.1-2.7, 3.1, 004 eqs. 63-71).
Topic guide: docs/multipoles.md.

Multipole spectra
-----------------
multipole_spectrum
    C_l/C_1 of the hierarchy or the generalised BGK (``cranisotropy multipoles``).
hierarchy_cl
    <C_l>(T) of the consecutive hierarchy (seed 003 eq. 20).
hierarchy_log_cl
    ln <C_l>(T)/C~_1 for l = 1..lmax, without underflow.
hierarchy_ratios
    C_l/C_1 of the hierarchy at nu T, or its T -> oo limit (eq. 21).
hierarchy_total_power
    The power left in the hierarchy, against the sum rule of eq. 13.
generalized_bgk_cl
    Generalised-BGK C_l for nu_r ~ (1-x)^p, derived or as printed.
generalized_bgk_ratios
    Generalised-BGK C_l/C_1.
generalized_bgk_slope
    Large-l power-law index 2p - 4.
solve_two_point_equation
    The two-point equation (seed 002 eq. 4.6) solved directly for any nu_r(x).
two_point_spectrum_quadrature
    The derived integral forms of C_l by a quadrature rule, for any nu_r(x).

BGK diffusion
-------------
diffusion_tensor
    BGK diffusion tensor, its rates and eigenvalues (``cranisotropy diffusion-tensor``).
bgk_running_tensor
    Exact running tensors at finite time.
simulate_bgk
    Monte Carlo of gyration plus isotropisation: running tensors with errors.
bgk_backtracked_displacements
    Backtracked positions and directions of independent BGK particles.

Relative diffusion
------------------
multipole_sum_rules
    Predicted total, monopole and l >= 1 power from K^s and K~^s (seed 002 eqs. 2.5-2.7).
multipole_shot_noise
    Shot-noise level of a backtracked map (seed 002 eq. 3.1).
multipole_power_sums
    The same three power sums measured from a spectrum.
sum_rule_residuals
    Measured against predicted power sums.
standard_dipole_power
    Dipole power of standard diffusion (seed 002 eq. 1.1).
diffusion_tensor_from_displacements
    K^s from backtracked displacements.
relative_diffusion_tensor_from_displacements
    K~^s of seed 002 eq. 2.4 from backtracked displacements.

Reference values
----------------
hierarchy_cl_mpmath
    <C_l>(T) with mpmath (exact rational coefficients, adaptive precision).
hierarchy_cl_ode
    <C_l>(T) by integrating the hierarchy (LSODA).
generalized_bgk_cl_mpmath
    Generalised-BGK C_l by tanh-sinh quadrature of the derived integrals.

Validation, benchmarks, figures and tables
------------------------------------------
validate_multipoles
    Hierarchy and generalised BGK against independent methods (``cranisotropy validate multipoles``).
validate_bgk
    BGK Monte Carlo against the derived tensor (``cranisotropy validate bgk``).
bench_multipoles
    Timing and accuracy of C_l(T) up to l = 1000 (``cranisotropy bench multipoles``).
multipole_figures
    The three figures of the topic (``cranisotropy multipoles-figures``).
multipole_tables
    The exact and decimal tables of docs/multipoles_tables.md.
"""
from cranisotropy.numerics.multipoles.bgk import (bgk_backtracked_displacements, bgk_running_tensor,
                                                  diffusion_tensor, simulate_bgk, validate_bgk)
from cranisotropy.numerics.multipoles.campaign import bench_multipoles, validate_multipoles
from cranisotropy.numerics.multipoles.generalized_bgk import (generalized_bgk_cl, generalized_bgk_cl_mpmath,
                                                              generalized_bgk_ratios, generalized_bgk_slope,
                                                              solve_two_point_equation,
                                                              two_point_spectrum_quadrature)
from cranisotropy.numerics.multipoles.hierarchy import (hierarchy_cl, hierarchy_cl_mpmath, hierarchy_cl_ode,
                                                        hierarchy_log_cl, hierarchy_ratios, hierarchy_total_power)
from cranisotropy.numerics.multipoles.plots import multipole_figures
from cranisotropy.numerics.multipoles.relative_diffusion import (diffusion_tensor_from_displacements,
                                                                 multipole_power_sums, multipole_shot_noise,
                                                                 multipole_sum_rules,
                                                                 relative_diffusion_tensor_from_displacements,
                                                                 standard_dipole_power, sum_rule_residuals)
from cranisotropy.numerics.multipoles.spectrum import multipole_spectrum
from cranisotropy.numerics.multipoles.tables import multipole_tables

__all__ = [
    # multipole spectra
    "multipole_spectrum", "hierarchy_cl", "hierarchy_log_cl", "hierarchy_ratios", "hierarchy_total_power",
    "generalized_bgk_cl", "generalized_bgk_ratios", "generalized_bgk_slope", "solve_two_point_equation",
    "two_point_spectrum_quadrature",
    # BGK diffusion
    "diffusion_tensor", "bgk_running_tensor", "simulate_bgk", "bgk_backtracked_displacements",
    # relative diffusion
    "multipole_sum_rules", "multipole_shot_noise", "multipole_power_sums", "sum_rule_residuals",
    "standard_dipole_power", "diffusion_tensor_from_displacements", "relative_diffusion_tensor_from_displacements",
    # reference values
    "hierarchy_cl_mpmath", "hierarchy_cl_ode", "generalized_bgk_cl_mpmath",
    # validation, benchmarks, figures and tables
    "validate_multipoles", "validate_bgk", "bench_multipoles", "multipole_figures", "multipole_tables",
]
