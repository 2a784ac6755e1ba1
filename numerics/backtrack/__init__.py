"""Trajectory backtracking: cosmic rays observed from HEALPix directions, traced back through a
regular field plus plane-wave turbulence, and the angular power spectrum C_l(T) of the sky maps
that Liouville's theorem makes of their positions and momenta at -T.

Seeds: 002 Sec. 3 (set-up, Figs. 2-3), 004 Sec. 4.4 (eqs. 63-71, Figs. 14-15), 003 eq. 1 and
eqs. 11-13 (homogeneous dipole).  Guide: docs/backtrack.md.  Forward trajectories also test the
Chapman–Enskog transport of seed 000 Sec. III (measured D_mumu -> predicted kappa_par, K_par ->
measured): docs/transport.md.

Campaigns
---------
CampaignParameters
    The parameters of a campaign (presets "quick" and "paper").
estimate_campaign
    The size and cost of a campaign (particle-steps, bytes, CPU time) before running it.
run_campaign
    Trace a campaign's realisations into a results directory (dask, locked, resumable).
resume
    Continue an interrupted campaign from its directory.
load_results
    The finished realisations: r(-T), p(-T), times and parameters.
physical_campaign
    Campaign parameters from a rigidity, fields, L_c and times in physical units.

Angular power spectra and analysis
----------------------------------
angular_power_spectrum
    C_l of the backtracked sky maps at chosen times.
analyse_campaign
    Diffusion tensors, <C_l>(T), noise and sum rules of a campaign, with figures.
backtrack_figures
    The documentation figures, from a complete quick-preset campaign.

Pipeline: field, propagator, observer
-------------------------------------
TurbulenceSpectrum
    Spectrum of the plane-wave turbulence; draws field realisations.
PlaneWaves
    One turbulent field realisation.
MagneticField
    Regular field plus turbulence.
Boris
    The Boris propagator (exact gyration in the regular field, or classic).
Boris4
    The fourth-order triple jump of the Boris step.
RungeKutta4
    The fourth-order Runge–Kutta propagator (accuracy reference).
propagator
    A propagator by name.
ParticleState
    Positions and directions of a batch of particles.
backtrack
    Trace observed cosmic rays back in time and record r(-T), p(-T).
trace
    Integrate cosmic rays forward in time and record (or observe) their state.
healpix_directions
    The HEALPix pixel centres: the observed arrival directions.

Transport from trajectories
---------------------------
TransportRegime
    One regime of the transport test: turbulence, particles, sampling and seed.
transport_grid
    The regimes of a preset: geometry x sigma2 x r_L.
plan_duration
    Set a regime's run length from a pilot's predicted mean free path.
simulate_realisation
    Integrate one realisation's particles and accumulate the sums.
simulate_transport
    Run every realisation of one regime and stack the sums.
quasilinear_pitch_angle_diffusion
    Quasi-linear D_mumu(mu) of slab turbulence (Jokipii 1966).
quasilinear_lag_diffusion
    Finite-lag quasi-linear <(Delta mu)^2>/(2 Delta t) of the discrete slab spectrum.
measure_pitch_angle_diffusion
    D_mumu(mu) from the trajectories at a lag Delta t.
plateau_lag
    Choose Delta t on the plateau between the gyroperiod and the scattering time.
fit_scattering_function
    Smooth fit of the measured D_mumu.
predict_transport
    kappa_par, K_par and the telegraph time from a D_mumu (Chapman–Enskog).
measure_transport
    kappa_par and K_par from the cumulants of the displacement; kappa_perp.
compare_transport
    Measured D_mumu -> prediction -> measured transport, for one regime.
validate_transport
    The campaign over the grid of regimes, with its checks and figures.
transport_figures
    The documentation figures of the transport test.

Validation and benchmarks
-------------------------
validate_backtrack
    Run, analyse and check a preset campaign (integrators, tensors, Liouville).
bench_field
    Speed and accuracy of the turbulent-field loop and the Boris step.
bench_accuracy
    Errors of the integrators against a converged reference, per step and CPU time.
bench_campaign
    Projected CPU and wall time of a preset's campaign from a measured sample.
"""
from cranisotropy.numerics.backtrack.accuracy import bench_accuracy
from cranisotropy.numerics.backtrack.analysis import analyse_campaign, angular_power_spectrum
from cranisotropy.numerics.backtrack.campaign import CampaignParameters, healpix_directions, load_results
from cranisotropy.numerics.backtrack.cost import bench_campaign
from cranisotropy.numerics.backtrack.integrator_checks import bench_field
from cranisotropy.numerics.backtrack.physical import physical_campaign
from cranisotropy.numerics.backtrack.propagation import (Boris, Boris4, MagneticField, ParticleState,
                                                         RungeKutta4, backtrack, propagator, trace)
from cranisotropy.numerics.backtrack.runner import estimate_campaign, resume, run_campaign
from cranisotropy.numerics.backtrack.transport import (TransportRegime, compare_transport,
                                                       fit_scattering_function, measure_pitch_angle_diffusion,
                                                       measure_transport, plan_duration, plateau_lag,
                                                       predict_transport,
                                                       quasilinear_lag_diffusion,
                                                       quasilinear_pitch_angle_diffusion, simulate_realisation,
                                                       simulate_transport, transport_figures, transport_grid,
                                                       validate_transport)
from cranisotropy.numerics.backtrack.turbulence import PlaneWaves, TurbulenceSpectrum
from cranisotropy.numerics.backtrack.validation import backtrack_figures, validate_backtrack

__all__ = [
    "CampaignParameters", "estimate_campaign", "run_campaign", "resume", "load_results", "physical_campaign",

    "angular_power_spectrum", "analyse_campaign", "backtrack_figures",

    "TurbulenceSpectrum", "PlaneWaves", "MagneticField", "Boris", "Boris4", "RungeKutta4", "propagator",
    "ParticleState", "backtrack", "trace", "healpix_directions",

    "TransportRegime", "transport_grid", "plan_duration", "simulate_realisation", "simulate_transport",
    "quasilinear_pitch_angle_diffusion", "quasilinear_lag_diffusion", "measure_pitch_angle_diffusion", "plateau_lag", "fit_scattering_function",
    "predict_transport", "measure_transport", "compare_transport", "validate_transport",
    "transport_figures",

    "validate_backtrack", "bench_field", "bench_accuracy", "bench_campaign",
]
