r"""
Partial sky: the transfer matrix of a ground array
==================================================

A ground-based array sees one declination band, and because it calibrates its exposure on
the data it cannot measure anything that depends on declination only: the m = 0 multipoles
are removed (seed 004, eq. 13).  For a statistically isotropic sky with power spectrum
:math:`C_l`, the pseudo power spectrum of the observed band is (seed 004, eqs. 30 and A.2)

.. math::

   \langle \tilde C_l \rangle = \sum_{l'} M_{ll'} C_{l'}, \qquad
   M_{ll'} = \frac{1}{2l+1} \sum_{m \neq 0} \left(I^m_{ll'}\right)^2, \qquad
   I^m_{ll'} = \int_\mathrm{band} d\Omega\, Y^*_{lm} Y_{l'm},

the standard MASTER matrix of the band minus its m = 0 share.  This example computes
:math:`M` for a HAWC-like field of view and checks it against healpy Monte Carlo skies that
are observed the way the experiment does it.
"""

# %%
# The field of view
# -----------------
# HAWC sits at latitude 19 deg N; with a 45 deg zenith-angle cut it sees
# -26 < dec < 64 deg over a sidereal day.
import matplotlib.pyplot as plt
import numpy as np

import cranisotropy as c

band = c.Band.from_zenith_cut(19.0, 45.0)
print(band)

# %%
# The transfer matrix with m = 0 filtered
# ---------------------------------------
# The coupling blocks come from Gauss–Legendre quadrature of normalised Legendre
# functions (exact for a top hat); ``filter_m0=False`` gives the MASTER matrix.
lmax = 20
filtered = c.sky_coupling(band, lmax)
master = c.sky_coupling(band, lmax, filter_m0=False)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
image = left.imshow(np.log10(np.maximum(np.abs(filtered.transfer_matrix), 1e-6)), origin="lower",
                    vmin=-6, vmax=0, cmap="viridis")
fig.colorbar(image, ax=left, label=r"$\log_{10} |M_{ll'}|$")
left.set(xlabel="true multipole l'", ylabel="pseudo multipole l", title="M, m = 0 filtered")
ells = np.arange(1, lmax + 1)
right.plot(ells, np.diagonal(master.transfer_matrix)[1:], "o-", ms=3, label="MASTER (no filter)")
right.plot(ells, np.diagonal(filtered.transfer_matrix)[1:], "s-", ms=3, label="m = 0 filtered")
right.axhline(band.f_sky, color="0.5", ls=":", label=f"f_sky = {band.f_sky:.3f}")
right.set(xlabel="l", ylabel=r"$M_{ll}$", ylim=(0, 0.75), title="power kept per multipole")
right.legend()
fig.tight_layout()

# %%
# The filter costs most at low l: one of the 2l + 1 modes of each multipole is gone,
# and the m = 0 modes carried more than their share of the band's weight.
print("M_11 filtered / MASTER:", round(filtered.transfer_matrix[1, 1] / master.transfer_matrix[1, 1], 3))

# %%
# Monte Carlo skies
# -----------------
# ``simulate_pseudo_spectra`` draws Gaussian skies with healpy, divides every
# iso-latitude ring of the band by its mean (the data-driven reconstruction) and takes the
# pseudo power spectrum of the masked map.  The prediction is made for the pixelised mask
# (what ``map2alm`` sees) and for the continuous band.
lmax_mc, nside = 12, 16
cl = np.r_[0.0, 1e-6 / np.arange(1, lmax_mc + 5)]          # C_l = 1e-6 / l
run = c.simulate_pseudo_spectra(cl, band, nside, lmax_mc, 200, seed=20171201)
prediction = c.predicted_pseudo_spectrum(cl, band, nside, lmax_mc)
unfiltered = c.predicted_pseudo_spectrum(cl, band, nside, lmax_mc, filter_m0=False)

ells = np.arange(1, lmax_mc + 1)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(ells, cl[1: lmax_mc + 1], "k--", lw=1, label="true $C_l$")
ax.errorbar(ells, run.mean[1:], yerr=run.error[1:], fmt="o", ms=4, label=f"{run.n} Monte Carlo skies")
ax.plot(ells, prediction.pixel[1:], "-", label="prediction M C, m = 0 filtered")
ax.plot(ells, unfiltered.pixel[1:], ":", label="MASTER prediction (no filter): too high")
ax.set(xlabel="multipole l", ylabel=r"pseudo $\tilde C_l$", yscale="log",
       title=f"band {band.dec_min:g} < dec < {band.dec_max:g} deg, nside {nside}")
ax.legend()
fig.tight_layout()

# %%
# How far is the Monte Carlo mean from each prediction, in standard errors?
for name, model in (("m = 0 filtered", prediction.pixel), ("MASTER", unfiltered.pixel)):
    z = (run.mean[1:] - model[1:]) / run.error[1:]
    print(f"{name:15s} max |z| = {np.abs(z).max():5.1f}, chi2/dof = {np.mean(z**2):6.1f}")
