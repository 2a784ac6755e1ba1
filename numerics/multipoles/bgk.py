"""BGK diffusion: the diffusion tensor, its running form and its Monte Carlo (seed 003 eqs. 2-6,
seed 004 eqs. 48-56).

Public functions (re-exported by :mod:`cranisotropy.numerics.multipoles`):

- :func:`diffusion_tensor` -- the 3x3 tensor K = K_par BB + K_perp (I - BB) + K_A eps.B, its rates
  nu_par, nu_perp, nu_A and eigenvalues (what ``cranisotropy diffusion-tensor`` prints);
- :func:`bgk_running_tensor` -- the exact running tensors at finite time (isotropic start);
- :func:`simulate_bgk` -- Monte Carlo of particles gyrating about B0 at Omega and isotropised at
  rate nu (driver :mod:`cranisotropy.kernels.drivers.multipoles`), measured running tensors with
  standard errors;
- :func:`bgk_backtracked_displacements` -- backtracked positions and directions of BGK particles;
- :func:`validate_bgk` -- the Monte Carlo against the derived running tensor for several Omega/nu.

Independent methods used by the seed-equation checks: :func:`moment_system_slow_mode` (Fourier
moment system of eqs. 3-4), :func:`kinetic_equation_moments` (sphere quadrature of the kinetic
equation) and :func:`gaussian_kernel_residuals` (finite differences and grid normalisation).

Units: particle speed c = 1, so K has units of 1/nu.  Omega = e B0/p0 carries the sign of the
charge; the antisymmetric part is K_A eps_ijk B_k with K_A = Omega/(3 (nu^2 + Omega^2)).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result
from cranisotropy.kernels.drivers.multipoles import bgk_displacements, bgk_monte_carlo
from cranisotropy.kernels.generated.bgk_diffusion_coefficients import bgk_diffusion_coefficients
from cranisotropy.kernels.generated.bgk_running_coefficients import bgk_running_coefficients_array
from cranisotropy.numerics.multipoles import _inputs
from cranisotropy.numerics.multipoles.sphere import sphere_quadrature

__all__ = ["diffusion_tensor", "diffusion_coefficients", "bgk_running_tensor", "simulate_bgk",
           "bgk_backtracked_displacements", "validate_bgk", "moment_system_slow_mode",
           "kinetic_equation_moments", "gaussian_kernel_residuals", "OBSERVABLES"]

#: names of the Monte Carlo observables, in the driver's order
OBSERVABLES = ("msd_parallel", "msd_perpendicular", "parallel", "perpendicular", "antisymmetric")
#: default seed of the Monte Carlo runs
SEED = 20261122


class _Fields:
    """Mapping-style access ``result["name"]`` to the fields of a result dataclass."""

    def __getitem__(self, key: str):
        if key not in {f for f in self.__dataclass_fields__}:  # type: ignore[attr-defined]
            raise KeyError(key)
        return getattr(self, key)


def _rate(nu) -> float:
    return _inputs.number("nu", nu, positive=True)


def _frequency(omega) -> float:
    return _inputs.number("omega", omega)


def _cross(w: np.ndarray) -> np.ndarray:
    """[w x]: the matrix with [w x] v = w x v."""
    return np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])


def diffusion_coefficients(nu: float, omega: float) -> dict[str, float | None]:
    """K_par, K_perp, K_A (units c^2/nu) and the rates nu_par, nu_perp, nu_A of seed 004 eq. 53.

    ``nu_antisymmetric`` is None for omega = 0 (no antisymmetric part).  The fields of
    :func:`diffusion_tensor`, as a dict.

    >>> diffusion_coefficients(1.0, 1.0)["perpendicular"]
    0.16666666666666666
    """
    nu, omega = _rate(nu), _frequency(omega)
    par, perp, anti = bgk_diffusion_coefficients(nu, omega)
    return {"parallel": par, "perpendicular": perp, "antisymmetric": anti,
            "nu_parallel": 1.0 / (3.0 * par), "nu_perpendicular": 1.0 / (3.0 * perp),
            "nu_antisymmetric": (1.0 / (3.0 * anti)) if anti != 0.0 else None}


@dataclass(frozen=True, eq=False)
class DiffusionTensor(_Fields, Result):
    """The BGK diffusion tensor and its parametrisations (see :func:`diffusion_tensor`)."""

    nu: float
    omega: float
    b_hat: np.ndarray
    units: str
    tensor: np.ndarray
    parallel: float
    perpendicular: float
    antisymmetric: float
    nu_parallel: float
    nu_perpendicular: float
    nu_antisymmetric: float | None
    eigenvalues: np.ndarray

    def to_dict(self) -> dict:
        """The JSON of ``cranisotropy diffusion-tensor --json`` (eigenvalues as re/im pairs)."""
        out = super().to_dict()
        out["eigenvalues"] = [{"re": float(z.real), "im": float(z.imag)} for z in self.eigenvalues]
        return out


def diffusion_tensor(nu: float, omega: float, b_hat=(0.0, 0.0, 1.0)) -> DiffusionTensor:
    """BGK diffusion tensor K for relaxation rate nu and gyrofrequency Omega (seed 003 eq. 5).

    K_ij = K_par b_i b_j + K_perp (delta_ij - b_i b_j) + K_A eps_ijk b_k with nu_par = nu,
    nu_perp = nu + Omega^2/nu, nu_A = Omega + nu^2/Omega (004 eq. 53), K_x = 1/(3 nu_x).

    Parameters
    ----------
    nu : float
        Relaxation (isotropisation) rate, > 0, units c/length.
    omega : float
        Gyrofrequency Omega = e B0/p0 (its sign is the charge's), same units as nu.
    b_hat : array_like
        Direction of B0 (normalised here), default e_z.

    Returns
    -------
    DiffusionTensor
        ``.tensor`` (3x3, units c^2/nu), ``.parallel``, ``.perpendicular``, ``.antisymmetric``,
        ``.nu_parallel``, ``.nu_perpendicular``, ``.nu_antisymmetric`` (None for Omega = 0),
        ``.eigenvalues`` 1/(3 nu), 1/(3 (nu -+ i Omega)) sorted by imaginary part;
        ``to_dict()`` is the JSON of ``cranisotropy diffusion-tensor``.

    See Also
    --------
    bgk_running_tensor, simulate_bgk

    Examples
    --------
    >>> from cranisotropy import diffusion_tensor
    >>> K = diffusion_tensor(1.0, 2.0)
    >>> K.tensor.round(4).tolist()
    [[0.0667, 0.1333, 0.0], [-0.1333, 0.0667, 0.0], [0.0, 0.0, 0.3333]]
    >>> K.nu_perpendicular, K.nu_antisymmetric
    (5.0, 2.5)
    """
    c = diffusion_coefficients(nu, omega)
    b = np.asarray(b_hat, dtype=float)
    norm = np.linalg.norm(b) if b.shape == (3,) else 0.0
    if not (np.isfinite(norm) and norm > 0):
        raise UsageError(f"b_hat must be a non-zero 3-vector, got {b_hat!r}")
    b = b / norm
    bb = np.outer(b, b)
    K = c["parallel"] * bb + c["perpendicular"] * (np.eye(3) - bb) - c["antisymmetric"] * _cross(b)
    eig = np.array(sorted(np.linalg.eigvals(K), key=lambda z: (z.imag, z.real)))
    return DiffusionTensor(nu=float(nu), omega=float(omega), b_hat=b, units="c = 1; K in c^2/nu", tensor=K,
                           eigenvalues=eig, **c)


@dataclass(frozen=True, eq=False)
class RunningTensor(_Fields, Result):
    """Running BGK tensors at times ``t`` (see :func:`bgk_running_tensor`)."""

    t: np.ndarray
    parallel: np.ndarray
    perpendicular: np.ndarray
    antisymmetric: np.ndarray
    msd_parallel: np.ndarray
    msd_perpendicular: np.ndarray


def bgk_running_tensor(nu: float, omega: float, t) -> RunningTensor:
    """Exact running BGK diffusion tensors at time(s) t for particles starting isotropically at x = 0.

    Parameters
    ----------
    nu : float
        Relaxation rate, > 0.
    omega : float
        Gyrofrequency about B0 = e_z.
    t : float or array_like
        Times > 0 (units 1/nu when nu = 1).

    Returns
    -------
    RunningTensor
        ``.parallel``, ``.perpendicular``, ``.antisymmetric``: the Green-Kubo tensor
        <x_i(t) v_j(0)>; ``.msd_parallel``, ``.msd_perpendicular``: <x_i x_j>(t)/(2t).  All tend to
        :func:`diffusion_tensor` as nu t -> oo (derived in
        :func:`cranisotropy.derivations.multipoles.bgk.running_diffusion_tensor`).

    Examples
    --------
    >>> from cranisotropy import bgk_running_tensor
    >>> round(float(bgk_running_tensor(1.0, 0.0, 1.0).parallel), 6)   # (1 - e^{-1})/3
    0.210707
    """
    nu, omega = _rate(nu), _frequency(omega)
    t = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise UsageError(f"times must be positive and finite, got {t.tolist()!r}")
    par, perp, anti, msd_par, msd_perp = bgk_running_coefficients_array(nu, omega, t)
    return RunningTensor(t, par, perp, anti, msd_par, msd_perp)


@dataclass(frozen=True, eq=False)
class BGKMonteCarlo(Result):
    """Measured running tensors: ``mean[name]`` and ``error[name]`` per time, name in OBSERVABLES."""

    nu: float
    omega: float
    times: np.ndarray
    n_particles: int
    seed: int
    mean: dict[str, np.ndarray] = field(default_factory=dict)
    error: dict[str, np.ndarray] = field(default_factory=dict)

    def z_scores(self, reference: RunningTensor) -> dict[str, np.ndarray]:
        """(measured - reference)/error per observable and time."""
        return {name: (self.mean[name] - reference[name]) / np.maximum(self.error[name], 1e-300)
                for name in OBSERVABLES}


def simulate_bgk(nu: float, omega: float, times, *, n_particles: int = 100_000, seed: int = SEED,
                 chunk: int = 20_000) -> BGKMonteCarlo:
    """Monte Carlo of BGK diffusion: running tensors with standard errors at ``times``.

    Particles start at x = 0 with isotropic velocities, gyrate exactly about B0 = e_z (generated
    kernel ``bgk_gyration_flight``) and are isotropised at Poisson times of rate ``nu``.

    Parameters
    ----------
    nu : float
        Relaxation rate, > 0.
    omega : float
        Gyrofrequency.
    times : array_like
        Strictly increasing positive times.
    n_particles : int
        Number of particles (>= 2).
    seed : int
        Seed of a ``numpy.random.SeedSequence`` that seeds the chunks: reproducible for a given
        ``chunk``.
    chunk : int
        Particles per compiled call (one progress-bar step).

    Returns
    -------
    BGKMonteCarlo
        ``.mean[name]`` and ``.error[name]`` (standard error of the mean) per time, for name in
        ``msd_parallel``, ``msd_perpendicular`` (<z^2>/(2t), <x^2 + y^2>/(4t)), ``parallel``,
        ``perpendicular``, ``antisymmetric`` (Green-Kubo <x_i v0_j>), as in
        :func:`bgk_running_tensor`.

    Examples
    --------
    >>> from cranisotropy import bgk_running_tensor, simulate_bgk
    >>> mc = simulate_bgk(1.0, 2.0, [1.0, 5.0], n_particles=4000, seed=1)
    >>> z = mc.z_scores(bgk_running_tensor(1.0, 2.0, [1.0, 5.0]))
    >>> bool(max(abs(v).max() for v in z.values()) < 5)
    True
    """
    nu, omega = _rate(nu), _frequency(omega)
    times = _inputs.times(times)
    n_particles = _inputs.integer("n_particles", n_particles, 2, 10**12)
    chunk = _inputs.integer("chunk", chunk, 1, 10**9)
    sums = np.zeros((times.size, len(OBSERVABLES)))
    sums2 = np.zeros_like(sums)
    sizes = [min(chunk, n_particles - i) for i in range(0, n_particles, chunk)]
    seeds = np.random.SeedSequence(seed).generate_state(len(sizes))
    for size, chunk_seed in progress(list(zip(sizes, seeds)), desc=f"BGK MC Omega/nu={omega / nu:g}",
                                     unit="chunk"):
        bgk_monte_carlo(nu, omega, times, size, int(chunk_seed) % (2**32 - 1), sums, sums2)
    mean = sums / n_particles
    var = np.maximum(sums2 / n_particles - mean**2, 0.0) * n_particles / (n_particles - 1)
    err = np.sqrt(var / n_particles)
    return BGKMonteCarlo(nu, omega, times, n_particles, int(seed),
                         {name: mean[:, j] for j, name in enumerate(OBSERVABLES)},
                         {name: err[:, j] for j, name in enumerate(OBSERVABLES)})


def bgk_backtracked_displacements(nu: float, omega: float, T: float, directions, *,
                                  seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Backtracked positions r(-T) and directions p(-T) of independent BGK particles.

    The particles arrive at the origin at t = 0 from the unit ``directions``; B0 = e_z.
    Backwards in time dp/ds = p x (-Omega) and dx/ds = -p, so this is a forward run with
    velocity -p and rotation -Omega; p(-T) is minus the final forward velocity.

    Parameters
    ----------
    nu : float
        Relaxation rate, > 0.
    omega : float
        Gyrofrequency.
    T : float
        Backtracking time, >= 0.
    directions : array_like, shape (n, 3)
        Unit arrival directions p (e.g. HEALPix pixel centres).
    seed : int
        Seed of the run.

    Returns
    -------
    r, p : ndarray, shape (n, 3)
        Positions and directions at -T.

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import bgk_backtracked_displacements
    >>> r, p = bgk_backtracked_displacements(1e-12, 0.0, 2.0, np.eye(3))   # no scattering
    >>> (r + 0.0).tolist()
    [[-2.0, 0.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, -2.0]]
    """
    nu, omega = _rate(nu), _frequency(omega)
    T = _inputs.number("T", T, nonnegative=True)
    d = np.ascontiguousarray(directions, dtype=float)
    if d.ndim != 2 or d.shape[1] != 3:
        raise UsageError(f"directions must have shape (n, 3), got {d.shape}")
    r = np.empty_like(d)
    v = np.empty_like(d)
    bgk_displacements(nu, -omega, T, -d, int(seed) % (2**32 - 1), r, v)
    return r, -v


@dataclass(frozen=True, eq=False)
class BGKValidation(Result):
    """Monte Carlo vs derived BGK tensors (see :func:`validate_bgk`)."""

    nu: float
    times: list
    n_particles: int
    seed: int
    z_max: float
    cases: list
    ok: bool


def validate_bgk(ratios=(0.0, 0.5, 2.0, 10.0), *, nu: float = 1.0, n_particles: int = 200_000,
                 times=(0.5, 2.0, 8.0, 30.0), seed: int = SEED, z_max: float = 4.5) -> BGKValidation:
    """Validate the BGK diffusion tensor with a Monte Carlo, for several Omega/nu.

    Every running observable of :func:`simulate_bgk` at every time must agree with
    :func:`bgk_running_tensor` within ``z_max`` standard errors (what ``cranisotropy validate
    bgk`` runs).

    Parameters
    ----------
    ratios : sequence of float
        Values of Omega/nu.
    nu : float
        Relaxation rate.
    n_particles : int
        Particles per case.
    times : sequence of float
        Measurement times (increasing).
    seed : int
        Seed of every case.
    z_max : float
        Largest accepted ``|z|``.

    Returns
    -------
    BGKValidation
        ``.cases`` (per ratio: ``z_scores``, ``max_abs_z``, the measured, error, exact values at the
        last time, the asymptotic tensor, ``ok``) and ``.ok``; ``to_dict()`` is the JSON of
        ``cranisotropy validate bgk``.

    Examples
    --------
    >>> from cranisotropy import validate_bgk
    >>> validate_bgk((0.0, 2.0), n_particles=2000, times=(1.0, 4.0)).ok
    True
    """
    nu = _rate(nu)
    times = _inputs.times(times)
    ratios = [_inputs.number("Omega/nu", r) for r in ratios]
    z_max = _inputs.number("z_max", z_max, positive=True)
    rows = []
    for ratio in ratios:
        omega = ratio * nu
        measured = simulate_bgk(nu, omega, times, n_particles=n_particles, seed=seed)
        exact = bgk_running_tensor(nu, omega, times)
        asym = diffusion_coefficients(nu, omega)
        z = measured.z_scores(exact)
        worst = max(float(np.max(np.abs(v))) for v in z.values())
        rows.append({"omega_over_nu": ratio, "z_scores": {k: v.tolist() for k, v in z.items()},
                     "max_abs_z": worst,
                     "measured_last": {k: float(v[-1]) for k, v in measured.mean.items()},
                     "error_last": {k: float(v[-1]) for k, v in measured.error.items()},
                     "exact_last": {k: float(exact[k][-1]) for k in OBSERVABLES},
                     "asymptotic": {k: asym[k] for k in ("parallel", "perpendicular", "antisymmetric")},
                     "ok": bool(worst <= z_max)})
    return BGKValidation(nu, times.tolist(), int(n_particles), int(seed), z_max, rows,
                         all(r["ok"] for r in rows))


# --------------------------------------------------------------------------- independent methods

def moment_system_slow_mode(nu: float, omega: float, k) -> tuple[complex, np.ndarray]:
    """Slowest mode of the Fourier-space BGK moment system (seed 003 eqs. 3-4) at wavevector k.

    d/dt (phi, Phi) = M (phi, Phi) with d_t phi = -i k.Phi and
    d_t Phi = -i k phi/3 - Omega x Phi - nu Phi (B0 = e_z); as k -> 0 the slowest eigenvalue is
    -k.K.k and its eigenvector has Phi = -i K k phi (Fick's law): an eigen-solver route to K
    independent of the derivation's matrix inversion.

    Returns
    -------
    eigenvalue : complex
        The eigenvalue with the largest real part.
    eigenvector : ndarray, shape (4,)
        (phi, Phi_x, Phi_y, Phi_z).

    >>> val, _ = moment_system_slow_mode(1.0, 0.0, [0.0, 0.0, 1e-3])
    >>> round(-val.real / 1e-6, 6)   # k.K.k / k^2 = 1/(3 nu)
    0.333333
    """
    k = np.asarray(k, dtype=float)
    M = np.zeros((4, 4), dtype=complex)
    M[0, 1:] = -1j * k
    M[1:, 0] = -1j * k / 3
    M[1:, 1:] = -_cross(np.array([0.0, 0.0, float(omega)])) - float(nu) * np.eye(3)
    vals, vecs = np.linalg.eig(M)
    i = int(np.argmax(vals.real))
    return complex(vals[i]), vecs[:, i]


def kinetic_equation_moments(*, seed: int = SEED, nodes: int = 24) -> tuple[dict, dict]:
    """Monopole and dipole moments of the BGK kinetic equation, by sphere quadrature.

    For random numbers (seeded) phi, Phi, their time derivatives and gradients, Omega and nu,
    the kinetic operator d_t f + p.grad f + (p x Omega).grad_p f + nu (f - phi/4pi) is evaluated
    on f = (phi + 3 p.Phi)/4pi at the nodes of :func:`sphere_quadrature` and integrated with 1
    and p (exact for these polynomials).

    Returns
    -------
    moments : dict
        ``monopole`` (float) and ``dipole`` (3-vector) of the kinetic operator.
    inputs : dict
        The random numbers: ``phi``, ``Phi``, ``dphi_dt``, ``dPhi_dt``, ``grad_phi``, ``grad_Phi``
        (d_i Phi_j), ``Omega``, ``nu`` -- to compare with eqs. 3-4.
    """
    rng = np.random.default_rng(seed)
    p, w = sphere_quadrature(nodes)
    Om, Phi, dPhi, gphi = (rng.normal(size=3) for _ in range(4))
    gPhi = rng.normal(size=(3, 3))
    phi0, dphi, nu = rng.normal(), rng.normal(), rng.uniform(0.5, 2)
    f = (phi0 + 3 * p @ Phi) / (4 * np.pi)
    dfdt = (dphi + 3 * p @ dPhi) / (4 * np.pi)
    streaming = (p @ gphi + 3 * np.einsum("ni,nj,ij->n", p, p, gPhi)) / (4 * np.pi)
    # (p x Omega).grad_p f on the sphere: tangential gradient of p.Phi is Phi - (p.Phi) p
    grad_f = 3 * (Phi[None, :] - (p @ Phi)[:, None] * p) / (4 * np.pi)
    kinetic = dfdt + streaming + np.einsum("ni,ni->n", np.cross(p, Om), grad_f) + nu * (f - phi0 / (4 * np.pi))
    moments = {"monopole": float(w @ kinetic), "dipole": (w[:, None] * p * kinetic[:, None]).sum(axis=0)}
    inputs = {"phi": phi0, "Phi": Phi, "dphi_dt": dphi, "dPhi_dt": dPhi, "grad_phi": gphi, "grad_Phi": gPhi,
              "Omega": Om, "nu": nu}
    return moments, inputs


def gaussian_kernel_residuals(M, K, t: float, *, x0=(0.3, -0.2, 0.5), step: float = 1e-3,
                              half_width: float = 6.0, points: int = 81) -> dict[str, float]:
    """Check the Gaussian exp(-x.M^-1.x/(4t)) / ((4 pi t)^(3/2) sqrt(det M)) against d_t phi = div(K grad phi).

    Returns the relative residual of the diffusion equation at ``x0`` (central differences of
    step ``step`` in t and x) and the normalisation (sum on a ``points``^3 grid over
    [-half_width, half_width]^3).  With M = K^s both vanish / equal 1 (seed 004 eq. 54); with a
    non-symmetric M = K they do not (seed 003 eq. 6).

    >>> K = np.diag([0.3, 0.5, 0.2])
    >>> r = gaussian_kernel_residuals(K, K, 0.7)
    >>> r["pde_rel_residual"] < 1e-5, round(r["normalisation"], 6)
    (True, 1.0)
    """
    M, K = np.asarray(M, dtype=float), np.asarray(K, dtype=float)
    Minv, det = np.linalg.inv(M), np.linalg.det(M)

    def phi(x, tt):
        return np.exp(-x @ Minv @ x / (4 * tt)) / ((4 * np.pi * tt) ** 1.5 * np.sqrt(det))

    x0, h = np.asarray(x0, dtype=float), step
    dtphi = (phi(x0, t + h) - phi(x0, t - h)) / (2 * h)
    E = np.eye(3) * h
    hess = np.array([[(phi(x0 + E[i] + E[j], t) - phi(x0 + E[i] - E[j], t) - phi(x0 - E[i] + E[j], t)
                       + phi(x0 - E[i] - E[j], t)) / (4 * h * h) for j in range(3)] for i in range(3)])
    g = np.linspace(-half_width, half_width, points)
    X = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    quad = np.einsum("ni,ij,nj->n", X, Minv, X)
    norm = np.sum(np.exp(-quad / (4 * t))) * (g[1] - g[0]) ** 3 / ((4 * np.pi * t) ** 1.5 * np.sqrt(det))
    return {"pde_rel_residual": float(abs(dtphi - np.sum(K * hess)) / abs(dtphi)), "normalisation": float(norm)}
