r"""
Self-confined escape of cosmic rays from a source
=================================================

Cosmic rays released from a cloud of size :math:`a` drive the Alfvén waves that scatter them
(seed 000, Sec. II).  Their partial pressure :math:`P` diffuses with the wave-dependent
coefficient :math:`\kappa_B/I`, and the wave energy :math:`I` grows with the pressure gradient:

.. math::

   \frac{\partial P}{\partial t} = \frac{\partial}{\partial z}\frac{\kappa_B}{I}
   \frac{\partial P}{\partial z}, \qquad
   \frac{\partial I}{\partial t} = -C_A \frac{\partial P}{\partial z}.

At late times the solution is self-similar, :math:`P = (\kappa_B/C_A)\, t^{-1/2} g(\xi)` with
:math:`\xi = z/\sqrt{t}`, and depends only on the source strength
:math:`\Pi = (C_A/\kappa_B)\int_0^\infty P\,dz`.  Here we integrate the time-dependent system from
the initial cloud for one :math:`\Pi`, watch it approach the exact similarity profile, and
compare both with the paper's interpolation formula (5),

.. math::

   g_5(\xi) = 2\left[\xi^{5/3} + D_{NL}^{5/6}\right]^{-3/5} e^{-\xi^2/4 D_{ISM}},
   \qquad D_{NL} = F(\Pi)\, D_{ISM}\, e^{-\Pi}.
"""

# %%
# The exact late-time profile
# ---------------------------
# A strong source, :math:`\Pi = 6`: the waves it excites suppress the diffusivity next to the
# source to :math:`D_{NL} = F(\Pi) D_{ISM} e^{-\Pi}`, where :math:`F` comes from the exact core
# height.  Lengths are in units of :math:`\sqrt{D_{ISM} t}` ("tail units").
import matplotlib.pyplot as plt
import numpy as np

import cranisotropy as c

pi = 6.0
exact = c.similarity_solution(pi)
print(f"F({pi:g}) = {exact.F:.4f},  D_NL / D_ISM = {exact.kappa_nl:.3e}")

# %%
# The time-dependent solution
# ---------------------------
# Start from a top-hat cloud with :math:`D_{ISM} = \kappa_B/(a C_A I_{ISM}) = 1` and integrate
# (1)-(2) by the method of lines to three times (in units of :math:`a/C_A`).  The CR content is
# conserved to round-off, and the distance from the similarity profile shrinks as the core
# outgrows the cloud.
times = [30.0, 300.0, 3000.0]
run = c.solve_escape(times, pi, 1.0)
for k, tau in enumerate(times):
    l1 = run.compare_similarity(k)["l1_similarity"]
    print(f"tau = {tau:6g}: content error {abs(run.content()[k] / pi - 1):.1e}, "
          f"L1 distance from the similarity profile {l1:.1e}")

# %%
# Profiles in similarity variables
# --------------------------------
# The PDE profiles (markers, outside the initial cloud) collapse onto the exact profile; formula
# (5) with the exact :math:`F` has the right core and pedestal :math:`P \propto 1/z` but a tail
# that falls too fast.
xi = np.geomspace(3e-3, 4.0, 300)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.0), sharex=True,
                                  gridspec_kw={"height_ratios": (3, 2)})
top.loglog(xi, exact.shape(xi), color="k", lw=2.5, alpha=0.4, label="exact similarity solution")
top.loglog(xi, c.interpolation_profile(xi, exact.kappa_nl), "k--", lw=1.2, label="formula (5)")
for k, (tau, colour) in enumerate(zip(times, ("C0", "C1", "C2"))):
    scale = np.sqrt(tau)
    x = run.centres / scale
    keep = (run.centres > 1.5) & (x < 4.0)
    top.loglog(x[keep][::3], run.p[k][keep][::3] * scale, "o", ms=3.5, mfc="white", color=colour,
               label=rf"PDE, $C_A t/a$ = {tau:g}")
    bottom.loglog(x[keep], np.abs(run.p[k][keep] * scale / exact.shape(x[keep]) - 1), color=colour)
bottom.loglog(xi, np.abs(c.interpolation_profile(xi, exact.kappa_nl) / exact.shape(xi) - 1), "k--")
top.set_ylabel(r"$P\, C_A \sqrt{t} / \kappa_B$")
top.set_ylim(1e-3, None)
top.legend(fontsize=8)
bottom.set_xlabel(r"$\xi = z / \sqrt{D_{ISM} t}$")
bottom.set_ylabel("|relative to exact|")
bottom.set_ylim(1e-5, 2.0)
fig.tight_layout()
plt.show()

# %%
# How good is formula (5)?
# ------------------------
# Its errors against the exact profile for this :math:`\Pi`: the fraction of the CR content it
# misplaces (L1), the largest relative error in the core and pedestal, and the tail at
# :math:`z = 3\sqrt{D_{ISM} t}`.
acc = c.interpolation_accuracy(pi)
print(f"L1 = {acc.l1:.3f} of Pi, max relative error (z < sqrt(D_ISM t)) = {acc.max_rel_bulk:.3f}, "
      f"tail at 3 sqrt(D_ISM t): {acc.rel_at_3:+.2f}")
