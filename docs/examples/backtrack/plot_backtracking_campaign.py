r"""
A small backtracking campaign: C_l(T) of a gradient-driven sky
==============================================================

Cosmic rays arriving at the origin from the HEALPix pixel centres :math:`\hat p_0` are traced
back in time through a regular field :math:`B_0\hat z` plus plane-wave turbulence (seed 002
Sec. 3).  Liouville's theorem (seed 004 eq. 63) carries the phase-space density along each
trajectory,

.. math::

   f(0, \mathbf 0, \hat p_0) = f\bigl(-T, \mathbf r(-T), \hat p(-T)\bigr),

so a quasi-stationary diffusive state with a density gradient :math:`\mathbf g = \nabla n/n`
at :math:`-T` gives today's relative intensity and its angular power spectrum

.. math::

   \delta I(\hat p_0) = \mathbf r(-T)\cdot\mathbf g - 3\,\hat p(-T)\cdot K\mathbf g,
   \qquad
   C_\ell(T) = \frac{1}{2\ell + 1}\sum_{m=-\ell}^{\ell} |a_{\ell m}(T)|^2 .

For small :math:`T` the sky is the diffusive dipole; as :math:`T` grows, structure appears at
every :math:`\ell` (seed 002 Fig. 2).  This example runs a campaign far smaller than the paper's
(nside 4 instead of 32, 8 realisations instead of 120) in this process.
"""

# %%
# Set up and run the campaign
# ---------------------------
# Seed 002's physics (:math:`\sigma^2 = 1`, :math:`\lambda \in [0.01, 100]\,L_c`,
# :math:`r_L = 0.1\,L_c`, Kolmogorov spectrum) with fewer directions, modes and realisations.
# The results go to a zarr store in a temporary directory; ``run_campaign`` with ``serial=True``
# stays in this process (without it, realisations are spread over a dask cluster).
import shutil
import tempfile

import matplotlib.pyplot as plt
import numpy as np

import cranisotropy as c

params = c.CampaignParameters.preset("quick").replace(
    nside=4, realisations=8, n_modes=64, omega_times=(0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0))
store = tempfile.mkdtemp(prefix="backtracking-example-")
report = c.run_campaign(params, f"{store}/run", serial=True)
print(report)

# %%
# Load the trajectories' end points
# ---------------------------------
# ``positions`` holds :math:`\mathbf r(-T)` and ``momenta`` :math:`\hat p(-T)` for every
# realisation, recorded time and pixel.
results = c.load_results(f"{store}/run")
print(results)
print("positions:", results.positions.shape, " recorded Omega T:", results.omega_times)

# %%
# C_l(T) for a gradient along the regular field
# ---------------------------------------------
# ``angular_power_spectrum`` builds the map of every realisation at each time and averages
# ``healpy.anafast`` over realisations.  :math:`K` defaults to the Green–Kubo estimate of the
# same campaign at the last time.
times = results.omega_times[1:]
spectrum = c.angular_power_spectrum(results, times, kind="gradient", orientation="parallel")
print(f"K_parallel (Green-Kubo) = {spectrum.K[2, 2]:.3f} L_c")

fig, ax = plt.subplots(figsize=(6.4, 4.4))
colours = ["tab:orange", "black", *plt.cm.viridis(np.linspace(0.15, 0.85, 4))]
for ell, colour in zip(range(6), colours):
    ax.errorbar(times, spectrum.C_l[:, ell], yerr=spectrum.C_l_sem[:, ell], color=colour,
                marker="o", ms=3, capsize=2, label=rf"$\ell = {ell}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(r"$\Omega T$")
ax.set_ylabel(r"$\langle C_\ell\rangle\ [(L_c\,|\nabla n|/n)^2]$")
ax.set_title(f"nside {params.nside}, {spectrum.realisations} realisations, gradient along $B_0$")
ax.legend(fontsize=8, ncol=2)
fig.tight_layout()

# %%
# The dipole dominates at every time, while the power at :math:`\ell \geq 2` grows from
# nothing at :math:`T = 0` (a pure dipole sky) by orders of magnitude.  With nside 4 the
# multipoles above :math:`\ell \approx 6` are dominated by the pixelisation and shot noise
# (seed 002 eq. 3.1); the quick preset (``cranisotropy validate backtrack``) and the paper
# preset follow :math:`\ell \leq 9`.
shutil.rmtree(store)
