"""Kernels from :mod:`cranisotropy.derivations.multipoles.hierarchy` (hierarchy, seed 003 eqs. 18-21)
and :mod:`cranisotropy.derivations.multipoles.relative_diffusion` (generalised BGK, seed 002 eq. 4.7),
and :mod:`cranisotropy.derivations.multipoles.bgk` (BGK diffusion coefficients, running tensors and
the exact gyration flight inside the Monte Carlo of :mod:`cranisotropy.kernels.drivers.multipoles`,
seed 003 eqs. 2-5)."""
import sympy as sp

from cranisotropy.derivations.multipoles import bgk
from cranisotropy.derivations.multipoles import hierarchy as mp_
from cranisotropy.derivations.multipoles import relative_diffusion as rd
from cranisotropy.kernels import KernelSpec, kernel

# real, positive kernel arguments (the derivations use integer symbols)
_l, _n, _m, _j, _tau = sp.symbols("l n m j tau", positive=True)
_p = sp.Symbol("p", positive=True)


def _real(expr: sp.Expr) -> sp.Expr:
    """Substitute the real kernel symbols; (-1)^k becomes cos(pi k) (printable for floats)."""
    expr = expr.subs({mp_.l: _l, mp_.n: _n, mp_.m: _m, mp_.tau: _tau,
                      sp.Symbol("j", integer=True, nonnegative=True): _j, rd.l: _l, rd.n: _n, rd.p: _p})
    return expr.replace(lambda e: e.is_Pow and e.base == -1, lambda e: sp.cos(sp.pi * e.exp))


@kernel
def hierarchy_rate() -> KernelSpec:
    return KernelSpec("hierarchy_rate", (_m,), (_real(mp_.dimensionless_rate(mp_.m)),),
                      doc="nu_m / nu = m(m+1): decay rate of C_m (seed 003 eq. 18).",
                      source="cranisotropy.derivations.multipoles.hierarchy.dimensionless_rate",
                      domain=((1.0, 1000.0),))


@kernel
def hierarchy_bateman_first() -> KernelSpec:
    return KernelSpec("hierarchy_bateman_first", (_l,), (_real(mp_.bateman_coefficient_first()),),
                      doc="b_{l,1}: weight of exp(-2 nu T) in D_l(T)/D_1(0) (seed 003 eq. 20).",
                      source="cranisotropy.derivations.multipoles.hierarchy.bateman_coefficient_first",
                      domain=((1.0, 1000.0),))


@kernel
def hierarchy_bateman_ratio() -> KernelSpec:
    return KernelSpec("hierarchy_bateman_ratio", (_l, _n), (_real(mp_.bateman_coefficient_ratio()),),
                      doc="b_{l,n+1}/b_{l,n} of the spectral solution of seed 003 eq. 20.",
                      source="cranisotropy.derivations.multipoles.hierarchy.bateman_coefficient_ratio",
                      domain=((2.0, 1000.0), (1.0, 1.5)))


@kernel
def hierarchy_asymptotic_ratio() -> KernelSpec:
    return KernelSpec("hierarchy_asymptotic_ratio", (_l,), (_real(mp_.asymptotic_ratio()),),
                      doc="lim_{T->oo} C_l/C_1 derived from the hierarchy (seed 003 eq. 21).",
                      source="cranisotropy.derivations.multipoles.hierarchy.asymptotic_ratio",
                      domain=((1.0, 1000.0),))


@kernel
def hierarchy_total_power_term() -> KernelSpec:
    return KernelSpec("hierarchy_total_power_term", (_n, _tau), (_real(mp_.total_power_term()),),
                      doc="Term n of sum_l (2l+1) C_l(T)/(3 C~_1) (large nu T form).",
                      source="cranisotropy.derivations.multipoles.hierarchy.total_power_term",
                      domain=((1.0, 20.0), (0.05, 5.0)))


@kernel
def hierarchy_escaped_power_term() -> KernelSpec:
    return KernelSpec("hierarchy_escaped_power_term", (_j, _tau), (_real(mp_.escaped_power_term()),),
                      doc="Term j of the power lost to l = oo by the consecutive hierarchy, "
                          "1 - sum_l (2l+1) C_l/(3 C~_1) (small nu T form, Poisson-summed).",
                      source="cranisotropy.derivations.multipoles.hierarchy.escaped_power_term",
                      domain=((0.0, 5.0), (0.05, 3.0)))


@kernel
def generalized_bgk_step() -> KernelSpec:
    return KernelSpec("generalized_bgk_step", (_n, _p), (_real(rd.generalized_bgk_ratio_step()),),
                      doc="R_{n+1}/R_n with R_n = Gamma(n+p)/Gamma(n+2-p) (seed 002 eq. 4.7).",
                      source="cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_ratio_step",
                      domain=((0.0, 1000.0), (0.01, 0.99)))


@kernel
def generalized_bgk_weight() -> KernelSpec:
    return KernelSpec("generalized_bgk_weight", (_l, _p), (_real(rd.generalized_bgk_weight()),),
                      doc="Rational factor w(l, p): C_l = prefactor(p) (Q_1/nu_0) R_{l-1} w(l, p).",
                      source="cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_weight",
                      domain=((1.0, 1000.0), (0.01, 0.99)))


@kernel
def generalized_bgk_weight_consistent() -> KernelSpec:
    return KernelSpec("generalized_bgk_weight_consistent", (_l, _p),
                      (_real(rd.generalized_bgk_weight(rd.l, rd.p, consistent=True)),),
                      doc="Rational factor of the solution of seed 002 eq. 4.6 (l >= 1, with the "
                          "solvability term): C_l = prefactor(p) (Q_1/nu_0) R_{l-1} w_c(l, p).",
                      source="cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_spectrum_consistent",
                      domain=((1.0, 1000.0), (0.01, 0.99)))


@kernel
def generalized_bgk_prefactor() -> KernelSpec:
    return KernelSpec("generalized_bgk_prefactor", (_p,),
                      (_real(rd.generalized_bgk_prefactor()), _real(rd.generalized_bgk_gamma_ratio(0, rd.p))),
                      doc="(prefactor(p), R_0(p)): C_l = prefactor (Q_1/nu_0) R_{l-1} w(l, p).",
                      source="cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_prefactor",
                      domain=((0.01, 0.99),))

# --------------------------------------------------------------------------- BGK


@kernel
def bgk_diffusion_coefficients() -> KernelSpec:
    c = bgk.anisotropic_coefficients()
    return KernelSpec(
        "bgk_diffusion_coefficients", (bgk.nu, bgk.Omega),
        (c["parallel"], c["perpendicular"], c["antisymmetric"]),
        doc="BGK diffusion tensor about B0 (c = 1): (K_par, K_perp, K_A) of seed 003 eq. 5 / "
            "004 eq. 53, K = K_par BB + K_perp (I - BB) + K_A eps.B.",
        source="cranisotropy.derivations.multipoles.bgk.anisotropic_coefficients",
        domain=((0.1, 10.0), (-10.0, 10.0)))


@kernel
def bgk_running_coefficients() -> KernelSpec:
    gk = bgk.running_diffusion_tensor()
    msd = bgk.running_msd_tensor()
    outs = (gk["parallel"], gk["perpendicular"], gk["antisymmetric"], msd["parallel"], msd["perpendicular"])
    return KernelSpec(
        "bgk_running_coefficients", (bgk.nu, bgk.Omega, bgk.t), outs,
        doc="Running BGK tensors at time t: Green-Kubo <x(t) v(0)> (par, perp, antisym) and "
            "<x x>(t)/(2t) (par, perp), exact for an isotropic start.",
        source="cranisotropy.derivations.multipoles.bgk.running_diffusion_tensor, running_msd_tensor",
        domain=((0.1, 5.0), (-5.0, 5.0), (0.1, 20.0)))


@kernel
def bgk_gyration_flight() -> KernelSpec:
    return KernelSpec(
        "bgk_gyration_flight", (bgk.vx, bgk.vy, bgk.vz, bgk.Omega, bgk.dt), bgk.gyration_flight(),
        doc="Exact free flight of a particle (speed 1) gyrating about B0 = e_z, dv/dt = v x Omega, "
            "over dt: returns (dx, dy, dz, vx', vy', vz').  The Monte Carlo loops that add BGK "
            "isotropisation at rate nu are in cranisotropy.kernels.drivers.multipoles.",
        source="cranisotropy.derivations.multipoles.bgk.gyration_flight",
        domain=((-1.0, 1.0), (-1.0, 1.0), (-1.0, 1.0), (-5.0, 5.0), (0.0, 3.0)))
