"""Observation side: what a ground-based array can measure of an anisotropy.

Seed 004 (Ahlers & Mertsch 2017) Sec. 2 (eqs. 1-32), Sec. 3.2 (eqs. 57-62) and Appendix A:
a ground array sees one declination band and, calibrating its exposure on the data, cannot
measure the m = 0 multipoles.  This package gives the coupling and transfer matrices of such a
band with m = 0 filtered, the rescalings and reconstruction of the dipole, the shot-noise power
of pseudo power spectra, the Compton–Getting dipoles, and healpy Monte Carlo skies that
validate them; sky maps of backtracked cosmic rays (HEALPix FITS, Mollweide drawings) and what an
observatory reconstructs of a sky (seed 004 Figs. 5, 13).  Topic guide: docs/sky.md.

Field of view
-------------
Band
    A declination band with a uniform weight (from its edges or a zenith-angle cut).

Coupling and transfer matrices
------------------------------
sky_coupling
    Transfer matrix of a band with m = 0 filtered (and its blocks): ``sky coupling``.
coupling_blocks
    Coupling blocks I^m_ll' of an azimuthal weight, by quadrature or Wigner 3j.
transfer_matrix
    M_ll' from the blocks, m = 0 filtered or the standard MASTER matrix.
band_weight_multipoles
    Multipoles w_k of a top-hat band.

Dipole
------
sky_dipole
    K11, RA-projection factor, East–West step and corrections: ``sky dipole``.
dipole_transition_element
    K^11_11 of a band (eq. 27).
ra_projection_factor
    A~1/A1 of the right-ascension projection (eq. 25).
east_west_step
    Effective right-ascension step of the East–West method (eq. 23).
dipole_from_alm
    Dipole vector from a_10 and a_11 (eq. 18).
dipole_from_pseudo_alm
    Equatorial dipole from the pseudo a~_11 (eq. 28).
dipole_amplitude_phase
    Amplitude and phase of the equatorial dipole (eq. 19).

Noise
-----
sky_noise
    Shot-noise level and the m = 0-filtered N_l: ``sky noise``.
tophat_noise_power
    N = 4 pi f_sky^2 / n_tot (eq. 32).
filtered_noise_spectrum
    N_l of the m = 0-filtered pseudo spectrum.
pixel_noise_power
    N of a weighted pixel map (eq. 31).

Compton–Getting
---------------
compton_getting_dipole
    The dipole of a motion towards Galactic (l, b): ``sky compton-getting --speed``.
solar_compton_getting
    The solar dipole and its yearly averages (eqs. 61-62): ``sky compton-getting``.
compton_getting_amplitude
    (2 + Gamma) v/c (eq. 60).
solar_dipole_track
    The solar dipole over one year in both frames.
galactic_direction
    Equatorial unit vector of a Galactic direction.

Monte Carlo skies
-----------------
validate_sky
    The Monte Carlo validation campaign: ``validate sky``.
simulate_pseudo_spectra
    Mean pseudo C~_l of healpy skies observed in a band.
predicted_pseudo_spectrum
    The prediction sum_l' M_ll' C_l' + N_l for the pixel mask and the band.
reconstruct_dipoles
    Injected dipoles reconstructed from the pseudo a~_11 of Monte Carlo skies.

Sky maps
--------
sky_maps
    Relative-intensity maps of a backtracking campaign, FITS and PNG: ``sky map``.
write_sky_fits
    Write HEALPix maps with nside, ordering, coordinate system and run parameters.
read_sky_fits
    Read the maps of a HEALPix FITS file back bit for bit.
sky_map_figures
    Draw the sky-map figures of the topic guide: ``sky map-figures``.

What an observatory sees
------------------------
observe_sky
    A sky in equatorial coordinates and its observable, with FITS and PNG: ``sky observe``.
observable_spectra
    Observable pseudo C~_l over Monte Carlo skies against the transfer matrix.
Observatory
    A ground array: latitude, zenith-angle cut and the band it sees.
observatory
    An observatory by name (HAWC, IceCube) or by latitude and zenith cut.
b0_direction
    The direction of the regular field B0 on the sky.
b0_rotator
    The healpy Rotator from the backtracker's frame to equatorial or Galactic coordinates.
rotate_map
    A HEALPix map in a rotated frame (harmonic rotation).
observable_map
    The field of view with the m = 0 modes removed (eq. 13).

Figures
-------
sky_figures
    Draw the figures of the topic guide: ``sky figures``.
"""
from cranisotropy.numerics.sky.compton_getting import (
    compton_getting_amplitude,
    compton_getting_dipole,
    galactic_direction,
    solar_compton_getting,
    solar_dipole_track,
)
from cranisotropy.numerics.sky.coupling import band_weight_multipoles, coupling_blocks, sky_coupling, transfer_matrix
from cranisotropy.numerics.sky.dipole import (
    dipole_amplitude_phase,
    dipole_from_alm,
    dipole_from_pseudo_alm,
    dipole_transition_element,
    east_west_step,
    ra_projection_factor,
    sky_dipole,
)
from cranisotropy.numerics.sky.geometry import Band
from cranisotropy.numerics.sky.maps import observe_sky, read_sky_fits, sky_map_figures, sky_maps, write_sky_fits
from cranisotropy.numerics.sky.monte_carlo import (
    predicted_pseudo_spectrum,
    reconstruct_dipoles,
    simulate_pseudo_spectra,
    validate_sky,
)
from cranisotropy.numerics.sky.observable import (Observatory, b0_direction, b0_rotator, observable_map,
                                                  observable_spectra, observatory, rotate_map)
from cranisotropy.numerics.sky.noise import filtered_noise_spectrum, pixel_noise_power, sky_noise, tophat_noise_power
from cranisotropy.numerics.sky.plots import sky_figures

__all__ = [
    "Band",

    "sky_coupling", "coupling_blocks", "transfer_matrix", "band_weight_multipoles",

    "sky_dipole", "dipole_transition_element", "ra_projection_factor", "east_west_step",
    "dipole_from_alm", "dipole_from_pseudo_alm", "dipole_amplitude_phase",

    "sky_noise", "tophat_noise_power", "filtered_noise_spectrum", "pixel_noise_power",

    "compton_getting_dipole", "solar_compton_getting", "compton_getting_amplitude",
    "solar_dipole_track", "galactic_direction",

    "validate_sky", "simulate_pseudo_spectra", "predicted_pseudo_spectrum", "reconstruct_dipoles",

    "sky_maps", "write_sky_fits", "read_sky_fits", "sky_map_figures",

    "observe_sky", "observable_spectra", "Observatory", "observatory", "b0_direction", "b0_rotator",
    "rotate_map", "observable_map",

    "sky_figures",
]
