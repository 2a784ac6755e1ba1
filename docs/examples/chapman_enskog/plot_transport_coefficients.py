r"""
Transport coefficients for your own D(mu)
=========================================

Pitch-angle scattering with a rate D(mu) (mu the cosine of the pitch angle, t in units of the
scattering time, z in units of the scale l, eps = v/(l nu) small) makes the distribution nearly
isotropic.  Seed 000 (eq. 6, sigma = 0)

.. math::

   \partial_t f - \partial_\mu\bigl[(1-\mu^2) D(\mu)\,\partial_\mu f\bigr]
   = -\varepsilon \mu\, \partial_z f

reduces by the Chapman–Enskog expansion to a closed equation for the isotropic part (eq. 9),

.. math::

   \partial_t f_0 = \sum_n c_n \varepsilon^n \partial_z^n f_0, \qquad
   \partial_T f_0 = \kappa\, \partial_z^2 f_0 - \varepsilon^2 K\, \partial_z^4 f_0
   \quad (T = \varepsilon^2 t/4),

with kappa = 4 c_2, K = -4 c_4 (eqs. 10-11) and the telegraph form
tau d^2 f0/dT^2 + df0/dT = kappa d^2 f0/dz^2, tau = eps^2 K/kappa^2 (eq. 12).
This example computes the coefficients for a D of our own, looks at how the series terms grow,
and compares the diffusion, series and telegraph decay rates with the exact one.
"""

# %%
# Coefficients of a scattering function given as a formula
# ----------------------------------------------------------
# Quasi-linear scattering by a k^-5/3 spectrum, ``D = |mu|^(2/3)``, cannot turn particles through
# mu = 0 efficiently; a floor (here 0.2, e.g. from non-resonant scattering) helps them across.
# ``transport_coefficients`` takes the formula as text (parsed safely, never evaluated), a sympy
# expression in a symbol named ``mu``, or a Python function.  Where no closed form exists, the
# values come from the hierarchy solved numerically, with an error estimate.
import matplotlib.pyplot as plt
import numpy as np

from cranisotropy import dispersion_relation, transport_coefficients

D = "0.2 + abs(mu)^(2/3)"
ours = transport_coefficients(D, order=12)
print(ours)

# %%
# The pure power law has closed forms (the functionals of eq. 9 in terms of digamma values):
quasilinear = transport_coefficients("abs(mu)^(2/3)", order=12)
print("kappa =", quasilinear.kappa.exact, "  K =", quasilinear.hyperdiffusion.exact)

# %%
# The series terms
# ----------------
# The coefficients c_n alternate in sign and behave like R^-n: the series in eps k converges
# only below the nearest singularity of the exact decay rate Gamma(eps k), a branch point at
# eps k = R where the diffusive rate meets the first anisotropic one (dashed: R from
# ``dispersion_relation``).  For a square-root branch point c_n ~ n^(-3/2) R^-n, so
# ``sqrt|c_(n-2)/c_n|`` approaches R from above like R (n/(n-2))^(3/4).
cases = {"D = 1": ("1", transport_coefficients("1", order=12), 2.4),
         "D = |mu|^(2/3)": ("abs(mu)^(2/3)", quasilinear, 0.6),
         f"D = {D}": (D, ours, 1.5)}
fig, (terms, ratio) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
n = np.arange(2, 13, 2)
for label, (formula, result, kmax) in cases.items():
    c = np.array([abs(result.series[k].value) for k in n])
    line, = terms.semilogy(n, c, "o-", label=label)
    ratio.plot(n[1:], np.sqrt(c[:-1] / c[1:]), "o-", color=line.get_color(), label=label)
    R = dispersion_relation(formula, np.linspace(0, kmax, 25), orders=(2,)).branch_point
    ratio.axhline(R, color=line.get_color(), ls="--", lw=1)
terms.set_xlabel("order n")
terms.set_ylabel("|c_n|")
terms.legend(fontsize=8)
ratio.set_xlabel("order n")
ratio.set_ylabel("sqrt|c_(n-2) / c_n|   (dashed: branch point R)")

# %%
# Diffusion, series and telegraph against the exact decay rate
# ------------------------------------------------------------
# ``dispersion_relation`` computes the exact rate (the slowest eigenvalue of the pitch-angle
# operator, a Galerkin discretisation independent of the series) and the approximations, all
# in units of the scattering rate.  Past the branch point the two slowest rates are a complex
# pair: the mode oscillates while it decays, and the exact curve has a kink.
k = np.linspace(0, 1.5, 151)
d = dispersion_relation(D, k, orders=(2, 4, 8))
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
ax.plot(k, -d.exact.real, "k", lw=2.2, label="exact (slowest eigenvalue)")
ax.plot(k, -d.series[2].real, ":", label="diffusion: c_2 (eps k)^2")
ax.plot(k, -d.series[4].real, "--", label="Chapman–Enskog to eps^4")
ax.plot(k, -d.series[8].real, "-.", label="Chapman–Enskog to eps^8")
ax.plot(k, -d.telegraph.real, color="tab:red", lw=1, label="telegraph (12)")
if d.branch_point is not None:
    ax.axvline(d.branch_point, color="0.4", ls=":", lw=1)
    ax.text(d.branch_point, 0.05, f" branch point\n eps k = {d.branch_point:.3f}", fontsize=8)
ax.set_ylim(0, 1.3 * float((-d.exact.real).max()))
ax.set_xlabel("eps k")
ax.set_ylabel("decay rate -Re Gamma (units of nu)")
ax.set_title(f"D = {D}")
ax.legend(fontsize=8)
print("branch point eps k =", d.branch_point, "; the telegraph roots meet at eps k =",
      d.telegraph_branch_point)

# %%
# The same D as a Python function
# -------------------------------
# A callable works too; it is evaluated in double precision, so there are no exact values and
# the error estimates include its rounding.
as_function = transport_coefficients(lambda m: 0.2 + abs(m) ** (2 / 3))
print(as_function.kappa, "  exact:", as_function.kappa.exact)
