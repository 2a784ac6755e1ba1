r"""
Multipole spectrum: transition hierarchy and generalised BGK
=============================================================

Two models of how the angular power spectrum :math:`C_\ell` of cosmic-ray arrival directions is
fed from the dipole.

The **consecutive multipole hierarchy** (seed 003, eqs. 19-21) moves power from :math:`\ell` to
:math:`\ell + 1` at the rate :math:`\nu_\ell = \ell(\ell+1)\nu`, starting from a pure dipole:

.. math::

   \frac{d}{dT}\bigl[(2\ell+1)\langle C_\ell\rangle\bigr]
   = -\nu_\ell (2\ell+1)\langle C_\ell\rangle + \nu_{\ell-1}(2\ell-1)\langle C_{\ell-1}\rangle,
   \qquad
   \lim_{T\to\infty}\frac{\langle C_\ell\rangle}{\langle C_1\rangle} = \frac{18}{(2\ell+1)(\ell+1)(\ell+2)}.

The **generalised BGK model** (seed 002, eqs. 4.6-4.7) lets two trajectories at opening angle
:math:`\arccos x` decorrelate at :math:`\nu_r(x) = \nu_0 (1-x)^p`.  The stationary two-point
equation fixes :math:`C_\ell` for :math:`\ell \ge 1`; its solution (derived) is

.. math::

   C_\ell = \frac{3}{2}\frac{Q_1}{\ell(\ell+1)}
   \left[\int_{-1}^{1}\frac{x P_\ell(x)}{\nu_r(x)}dx - \kappa\int_{-1}^{1}\frac{P_\ell(x)}{\nu_r(x)}dx\right],
   \qquad \kappa = \frac{\int x/\nu_r\,dx}{\int 1/\nu_r\,dx},

while the paper prints eq. 4.7 without the :math:`\kappa` term.  ``form="consistent"`` (the
default) is the derived solution, ``form="printed"`` the paper's equation.
"""

# %%
# The hierarchy after a finite backtracking time
# ----------------------------------------------
# :func:`cranisotropy.multipole_spectrum` returns the ratios :math:`C_\ell/C_1` with the
# equation they come from; at late times they approach the limit of eq. 21.
import matplotlib.pyplot as plt

from cranisotropy import generalized_bgk_ratios, hierarchy_total_power, multipole_spectrum

lmax = 30
limit = multipole_spectrum("hierarchy", lmax)
print(limit.equation, limit.ratios[:4].round(5))
for nu_t in (0.1, 1.0):
    s = multipole_spectrum("hierarchy", lmax, nu_t=nu_t)
    print(f"nu T = {nu_t}: C_2/C_1 = {s.ratios[1]:.5f}, power left in the hierarchy = {s.total_power_fraction:.4f}")

# %%
# The hierarchy does not conserve :math:`\sum_\ell (2\ell+1) C_\ell` (seed 003 eq. 13): its
# pure-birth chain reaches :math:`\ell = \infty` in finite time.
print([round(hierarchy_total_power(t), 4) for t in (0.1, 0.3, 1.0, 3.0)])

# %%
# Generalised BGK: derived against printed
# ----------------------------------------
# For :math:`p = 1/2` the derived solution gives :math:`C_2/C_1 = 1/7`, the printed eq. 4.7
# gives :math:`23/147`; both fall as :math:`\ell^{2p-4}`.
derived = multipole_spectrum("bgk", lmax, p=0.5)
printed = multipole_spectrum("bgk", lmax, p=0.5, form="printed")
print(derived.form, derived.ratios[1], "|", printed.form, printed.ratios[1], "| slope", derived.large_l_slope)

# %%
# Plot
# ----
ells = limit.ells
fig, ax = plt.subplots(figsize=(6.4, 4.4))
for nu_t, colour in ((0.1, "C0"), (0.3, "C1"), (1.0, "C2")):
    ax.loglog(ells, multipole_spectrum("hierarchy", lmax, nu_t=nu_t).ratios, color=colour,
              label=rf"hierarchy, $\nu T = {nu_t:g}$")
ax.loglog(ells, limit.ratios, "k-", lw=2, label=r"hierarchy, $T \to \infty$ (eq. 21)")
for p, colour in ((1 / 3, "C3"), (2 / 3, "C4")):
    ax.loglog(ells, generalized_bgk_ratios(p, lmax), color=colour, ls="--",
              label=f"generalised BGK, p = {p:.2g}, derived")
    ax.loglog(ells, generalized_bgk_ratios(p, lmax, form="printed"), color=colour, ls=":",
              label=f"generalised BGK, p = {p:.2g}, paper's eq. 4.7")
ax.set_ylim(1e-6, 2)
ax.set_xlabel(r"multipole $\ell$")
ax.set_ylabel(r"$C_\ell / C_1$")
ax.legend(fontsize=7)
fig.tight_layout()
plt.show()
