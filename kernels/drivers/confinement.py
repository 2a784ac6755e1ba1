"""Method-of-lines loops of the self-confinement system (seed 000 Sec. II, eqs. 1-2).

The time-dependent solver (:func:`cranisotropy.numerics.confinement.solve_escape`) advances the
CR pressure ``p`` (cell averages) and the wave excess ``l = ln(J / J_ISM)`` (on the interior
cell faces) of the normalised system (kappa_B = C_A = 1).  The local physics -- the CR flux
``-(kappa_B/I) dP/dz`` and ``dL/dt`` with their derivatives -- is the generated kernel
``confinement_log_rates``, imported statically (inlined; the cache locator of
:mod:`cranisotropy.kernels.drivers` recompiles these loops when that kernel is regenerated).
These loops only assemble the finite-volume right-hand side and its sparse Jacobian.

Unknowns ``y = (p_0 .. p_{n-1}, l_{1/2} .. l_{n-3/2})``; ``inv_dx`` are the inverse cell widths,
``inv_h`` the inverse distances between neighbouring cell centres.  Both boundaries carry zero
flux (a symmetry plane at z = 0 and a closed far end), so ``sum_i p_i dx_i`` is conserved to
round-off.

>>> import numpy as np
>>> y = np.array([1.0, 0.5, 0.0, 0.1, 0.0])          # 3 cells, 2 interior faces
>>> out = np.empty_like(y)
>>> escape_rhs(y, 3, np.ones(3), np.ones(2), 0.0, 0.0, out)
>>> round(float(out[:3].sum()), 15)                   # the CR content does not change
0.0
"""
from __future__ import annotations

from numba import njit

from cranisotropy.kernels.generated.confinement_log_rates import confinement_log_rates

#: non-zeros of the Jacobian per interior face (see :func:`escape_jacobian`)
NONZEROS_PER_FACE = 9


@njit(cache=True)
def escape_rhs(y, n, inv_dx, inv_h, gamma, log_j_ism, out):
    """Right-hand side of the semi-discrete system, written into ``out``.

    ``dp_i/dt = -(F_{i+1/2} - F_{i-1/2}) / dx_i`` and ``dl_k/dt = rate(grad_k, L_k)`` on the
    interior faces, with ``L = l + ln J_ISM`` (the excess is the unknown, so that it is resolved
    relative to the background) and ``grad_k = (p_{k+1} - p_k) / h_k``.
    """
    flux_left = 0.0
    for i in range(n):
        if i < n - 1:
            grad = (y[i + 1] - y[i]) * inv_h[i]
            r = confinement_log_rates(grad, y[n + i] + log_j_ism, 1.0, 1.0, gamma)
            flux_right = r[0]
            out[n + i] = r[1]
        else:
            flux_right = 0.0
        out[i] = -(flux_right - flux_left) * inv_dx[i]
        flux_left = flux_right


@njit(cache=True)
def escape_jacobian(y, n, inv_dx, inv_h, gamma, log_j_ism, rows, cols, vals):
    """Non-zeros of the Jacobian of :func:`escape_rhs` (COO triplets; returns their count).

    Fixed pattern, ``NONZEROS_PER_FACE`` (9) per interior face: the face flux enters the two cells
    beside it through ``p_k``, ``p_{k+1}`` and ``l_k``; the face rate depends on the same three
    unknowns.  The derivatives are the kernel's (``dflux_dgrad``, ``dflux_dL``, ``drate_dgrad``,
    ``drate_dL``).
    """
    m = 0
    for k in range(n - 1):           # face between cells k and k+1; its unknown l is y[n + k]
        grad = (y[k + 1] - y[k]) * inv_h[k]
        r = confinement_log_rates(grad, y[n + k] + log_j_ism, 1.0, 1.0, gamma)
        df_dg, df_dl, dr_dg, dr_dl = r[2], r[3], r[4], r[5]
        # flux F_k enters dp_k/dt with -1/dx_k and dp_{k+1}/dt with +1/dx_{k+1}
        for cell, sign in ((k, -1.0), (k + 1, 1.0)):
            s = sign * inv_dx[cell]
            rows[m] = cell
            cols[m] = k + 1
            vals[m] = s * df_dg * inv_h[k]
            rows[m + 1] = cell
            cols[m + 1] = k
            vals[m + 1] = -s * df_dg * inv_h[k]
            rows[m + 2] = cell
            cols[m + 2] = n + k
            vals[m + 2] = s * df_dl
            m += 3
        rows[m] = n + k
        cols[m] = k + 1
        vals[m] = dr_dg * inv_h[k]
        rows[m + 1] = n + k
        cols[m + 1] = k
        vals[m + 1] = -dr_dg * inv_h[k]
        rows[m + 2] = n + k
        cols[m + 2] = n + k
        vals[m + 2] = dr_dl
        m += 3
    return m
