r"""
Check one seed equation and read its evidence
=============================================

Every numbered equation of the five seed papers is registered with a check that re-derives it
with sympy and confirms the result by an independent numerical method.  Here we run the checks
of the multipole hierarchy of seed 003 (Ahlers 2014), whose eq. (20) gives the power spectrum
of a backtracked dipole,

.. math::

    \frac{\mathrm{d} C_\ell}{\mathrm{d} T} = -\nu_\ell C_\ell
        + \sum_{\ell'} \nu_{\ell' \to \ell} \frac{2\ell'+1}{2\ell+1} C_{\ell'},

and look at what each verdict says: ``reproduced`` (the printed equation is right),
``differs`` (the printed form is wrong; the derived form and the evidence are given) or
``failed`` (our own check failed).
"""

# %%
# Run the checks of a few equations
# ---------------------------------
import matplotlib.pyplot as plt

from cranisotropy import verify

results = verify(seed="003", equation=["18", "19", "20", "21"])
for r in results:
    print(r)

# %%
# What a verdict rests on
# -----------------------
# ``detail`` says what was derived and how it was confirmed; ``evidence`` holds the numbers
# (errors, digits, statistics); a ``differs`` entry carries the derived form.
for r in results:
    print(f"--- 003 eq. {r.equation}: {r.status} ({r.kind})")
    print(r.detail)
    if r.derived:
        print("derived:", r.derived)

# %%
# The time each check takes
# -------------------------
fig, ax = plt.subplots(figsize=(5, 2.5))
ax.barh([f"eq. {r.equation} ({r.status})" for r in results], [r.seconds for r in results])
ax.set_xlabel("seconds")
ax.set_title("seed 003: checks run")
fig.tight_layout()
