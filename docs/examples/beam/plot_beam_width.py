r"""
Beam width and excess against eps
=================================

The cosmic-ray beam of seed 001: near mu = 1 the Goldreich–Sridhar scattering coefficient has
a narrow peak, which flattens the large-scale anisotropy into a beam of width b in 1 - mu.
With j1 the first zero of J_1 and lambda1 the first eigenvalue of the outer problem (eq. 9),

.. math::

   b = \frac{j_1^2 \varepsilon}{2}, \qquad
   \Delta\vartheta = \arccos(1 - b) \simeq j_1 \sqrt{\varepsilon}, \qquad
   \frac{\delta\Phi(1)}{\Phi(1)} \simeq \frac{\lambda_1 b}{2} = \frac{\lambda_1 j_1^2}{4}\,\varepsilon,

with eps = r_g/l growing like the momentum.  This example computes both with
:func:`cranisotropy.beam`, compares the leading excess with its finite-a form, and shows the
outer eigenfunctions the beam sits on.
"""

# %%
# Width and excess for a range of eps
# -----------------------------------
# ``beam`` takes eps (or an observed width in degrees) and returns a result object; its fields
# are those of ``cranisotropy beam --json``.
import matplotlib.pyplot as plt
import numpy as np

from cranisotropy import beam, outer_mode

eps = np.geomspace(1e-4, 2e-2, 10)
results = [beam(eps=e, va_over_c=1e-4, count=1) for e in eps]
width = np.array([r.width_deg for r in results])
excess = np.array([r.excess for r in results])
excess_finite_a = np.array([r.finite_a.excess for r in results])

milagro = beam(width_deg=10)
print(milagro)

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
left.loglog(eps, width, "o-", label=r"$\arccos(1 - b)$")
left.loglog(eps, [r.width_small_angle_deg for r in results], "k:",
            label=r"$\sqrt{2b} = j_1\sqrt{\varepsilon}$")
left.plot(milagro.eps, milagro.width_deg, "r*", ms=12, label="Milagro spot A (10 deg)")
left.set_xlabel(r"$\varepsilon = r_g/l$")
left.set_ylabel(r"beam width $\Delta\vartheta$ (deg)")
left.legend(fontsize=8)
right.loglog(eps, excess, "o-", label=r"leading order $\lambda_1 b/2$")
right.loglog(eps, excess_finite_a, "s--", label=r"finite $a$ (matched, $V_A/c = 10^{-4}$)")
right.set_xlabel(r"$\varepsilon = r_g/l$")
right.set_ylabel("fractional excess at $\\mu = 1$")
right.legend(fontsize=8)

# %%
# The outer eigenfunctions
# ------------------------
# The beam is the inner layer of the first outer mode Phi (eq. 9), normalised to Phi(1) = 1;
# ``outer_mode`` returns it as a callable, with its eigenvalue and U(1) = int mu Phi^2.
mu = np.linspace(-1, 1, 401)
fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
for k in (1, 2, 3):
    phi = outer_mode(index=k)
    ax.plot(mu, phi(mu), label=rf"$\lambda_{k}$ = {phi.eigenvalue:.4f}")
ax.axvline(1 - milagro.b, color="0.5", lw=0.8)
ax.text(1 - milagro.b - 0.02, 0.05, "beam (10 deg)", ha="right", fontsize=8, color="0.4",
        transform=ax.get_xaxis_transform())
ax.set_xlabel(r"$\mu = \cos\vartheta$")
ax.set_ylabel(r"$\Phi_k(\mu)$, $\Phi_k(1) = 1$")
ax.legend(fontsize=8)
plt.show()
