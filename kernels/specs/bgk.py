"""Kernels from :mod:`cranisotropy.derivations.bgk`: BGK diffusion coefficients, running
tensors, and the Monte Carlo of gyration plus isotropisation (seed 003 eqs. 2-5)."""
from cranisotropy.derivations import bgk
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def bgk_diffusion_coefficients() -> KernelSpec:
    c = bgk.anisotropic_coefficients()
    return KernelSpec(
        "bgk_diffusion_coefficients", (bgk.nu, bgk.Omega),
        (c["parallel"], c["perpendicular"], c["antisymmetric"]),
        doc="BGK diffusion tensor about B0 (c = 1): (K_par, K_perp, K_A) of seed 003 eq. 5 / "
            "004 eq. 53, K = K_par BB + K_perp (I - BB) + K_A eps.B.",
        source="cranisotropy.derivations.bgk.anisotropic_coefficients",
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
        source="cranisotropy.derivations.bgk.running_diffusion_tensor, running_msd_tensor",
        domain=((0.1, 5.0), (-5.0, 5.0), (0.1, 20.0)))


_DRIVERS = '''
@njit(cache=True)
def _isotropic():
    mu = 2.0 * np.random.random() - 1.0
    ph = 2.0 * math.pi * np.random.random()
    s = math.sqrt(max(0.0, 1.0 - mu * mu))
    return s * math.cos(ph), s * math.sin(ph), mu


@njit(cache=True)
def _advance(x, y, z, vx, vy, vz, t, wait, target, nu, Omega):
    """Move one particle from time t to ``target``: exact gyration between isotropisations,
    which come after exponential waiting times of rate nu (``wait``: time to the next one)."""
    while t + wait <= target:
        dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, wait)
        x += dx
        y += dy
        z += dz
        t += wait
        vx, vy, vz = _isotropic()
        wait = np.random.exponential(1.0 / nu)
    dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, target - t)
    return x + dx, y + dy, z + dz, vx, vy, vz, wait - (target - t)


@njit(cache=True)
def bgk_monte_carlo(nu, Omega, times, n_particles, seed, sums, sums2):
    """Particles gyrating about B0 = e_z at Omega and isotropised at rate nu (BGK), from x = 0
    with isotropic velocities; at each time in ``times`` (increasing, > 0) accumulates per
    particle q = (z^2/(2t), (x^2+y^2)/(4t), z v0_z, (x v0_x + y v0_y)/2, (x v0_y - y v0_x)/2)
    into sums[k, :] and q^2 into sums2[k, :]."""
    np.random.seed(seed)
    q = np.empty(5)
    for _ in range(n_particles):
        vx, vy, vz = _isotropic()
        ux, uy, uz = vx, vy, vz
        x = 0.0
        y = 0.0
        z = 0.0
        t = 0.0
        wait = np.random.exponential(1.0 / nu)
        for k in range(times.shape[0]):
            x, y, z, vx, vy, vz, wait = _advance(x, y, z, vx, vy, vz, t, wait, times[k], nu, Omega)
            t = times[k]
            q[0] = z * z / (2.0 * t)
            q[1] = (x * x + y * y) / (4.0 * t)
            q[2] = z * uz
            q[3] = 0.5 * (x * ux + y * uy)
            q[4] = 0.5 * (x * uy - y * ux)
            for j in range(5):
                sums[k, j] += q[j]
                sums2[k, j] += q[j] * q[j]


@njit(cache=True)
def bgk_displacements(nu, Omega, duration, directions, seed, r_out, v_out):
    """One independent BGK particle per row of ``directions`` (unit vectors, the initial
    velocities), run for ``duration``: displacement into r_out, final velocity into v_out.
    Backtracking a particle that arrives with direction p is this run with velocity -p and
    rotation -Omega."""
    np.random.seed(seed)
    for i in range(directions.shape[0]):
        wait = np.random.exponential(1.0 / nu)
        x, y, z, vx, vy, vz, wait = _advance(0.0, 0.0, 0.0, directions[i, 0], directions[i, 1],
                                             directions[i, 2], 0.0, wait, duration, nu, Omega)
        r_out[i, 0] = x
        r_out[i, 1] = y
        r_out[i, 2] = z
        v_out[i, 0] = vx
        v_out[i, 1] = vy
        v_out[i, 2] = vz
'''


@kernel
def bgk_gyration_flight() -> KernelSpec:
    return KernelSpec(
        "bgk_gyration_flight", (bgk.vx, bgk.vy, bgk.vz, bgk.Omega, bgk.dt), bgk.gyration_flight(),
        doc="Exact free flight of a particle (speed 1) gyrating about B0 = e_z, dv/dt = v x Omega, "
            "over dt: returns (dx, dy, dz, vx', vy', vz').  Driver bgk_monte_carlo adds BGK "
            "isotropisation at rate nu.",
        source="cranisotropy.derivations.bgk.gyration_flight",
        drivers=_DRIVERS,
        domain=((-1.0, 1.0), (-1.0, 1.0), (-1.0, 1.0), (-5.0, 5.0), (0.0, 3.0)))
