"""Pipeline pieces of the backtracker (CRPropa-like, each swappable): field, propagator, observer.

- field: :class:`MagneticField`, a regular field plus :class:`PlaneWaves` turbulence;
- propagator: :class:`Boris` (second order, one field evaluation per step), :class:`Boris4`
  (its fourth-order triple jump, three evaluations) or :class:`RungeKutta4` (four), by name with
  :func:`propagator`; each advances a :class:`ParticleState` through the loops of
  ``kernels/drivers/backtrack.py``;
- observer: :func:`backtrack` launches the cosmic rays observed at the origin, traces them back in
  time (charge flipped, momentum reversed: :func:`derivations.backtrack.lorentz.time_reversal`)
  and records r(-T), p(-T) at the requested path lengths; :func:`trace` integrates forward
  from any start and records the state (or hands it to an observer).

Units: lengths and path lengths in L_c (path length = c T for relativistic particles), fields in
B_ref, ``kappa = charge_sign / r_L`` with r_L in L_c.

>>> field = MagneticField((0.0, 0.0, 1.0))
>>> state = ParticleState.launch(np.zeros((1, 3)), np.array([[1.0, 0.0, 0.0]]))
>>> Boris(step=0.01).advance(state, field, kappa=10.0, n_steps=5)
>>> abs(float(np.linalg.norm(state.directions())) - 1.0) < 1e-15
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from typing import Callable, ClassVar, Protocol

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.kernels.drivers import backtrack as _drivers
from cranisotropy.kernels.generated.backtrack_uniform_field_flow import backtrack_uniform_field_flow
from cranisotropy.numerics.backtrack.turbulence import PlaneWaves, aligned_copy, aligned_empty


@dataclass(frozen=True)
class MagneticField:
    """Magnetic field b(x) = regular + turbulence(x), in units of B_ref.

    Parameters
    ----------
    regular : sequence of 3 floats
        Uniform regular field B0/B_ref (default (0, 0, 1): B0 along z).
    turbulence : PlaneWaves
        Turbulent part (default: none).

    Examples
    --------
    >>> from cranisotropy import MagneticField, TurbulenceSpectrum
    >>> waves = TurbulenceSpectrum(n_modes=8).realise(np.random.default_rng(1))
    >>> MagneticField((0.0, 0.0, 1.0), waves)(np.zeros((2, 3))).shape
    (2, 3)
    """

    regular: tuple[float, float, float] = (0.0, 0.0, 1.0)
    turbulence: PlaneWaves = dc_field(default_factory=PlaneWaves.none)

    def __post_init__(self):
        regular = tuple(float(v) for v in np.ravel(self.regular))
        if len(regular) != 3 or not all(math.isfinite(v) for v in regular):
            raise UsageError(f"the regular field must be 3 finite numbers, got {self.regular!r}")
        object.__setattr__(self, "regular", regular)

    def regular_array(self) -> np.ndarray:
        """The regular field as an aligned float64 array of 3."""
        return aligned_copy(self.regular)

    def __call__(self, points) -> np.ndarray:
        """b at ``points`` (n, 3) in L_c: shape (n, 3)."""
        return np.asarray(self.regular) + self.turbulence.field(points)


@dataclass
class ParticleState:
    """Positions (L_c) and momentum directions of a batch of particles, as six aligned arrays.

    Parameters
    ----------
    x, y, z : ndarray
        Positions (L_c), 64-byte aligned float64 arrays of one length (:meth:`launch` makes them).
    ux, uy, uz : ndarray
        Momentum directions (unit vectors), likewise.

    Examples
    --------
    >>> from cranisotropy import ParticleState
    >>> state = ParticleState.launch(np.zeros((2, 3)), [[0, 0, 1], [1, 0, 0]])
    >>> len(state), state.directions()[1].tolist()
    (2, [1.0, 0.0, 0.0])
    """

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    ux: np.ndarray
    uy: np.ndarray
    uz: np.ndarray

    @classmethod
    def launch(cls, positions, directions) -> "ParticleState":
        """Particles at ``positions`` (n, 3) with unit momentum ``directions`` (n, 3)."""
        positions = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
        directions = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
        if positions.shape != directions.shape:
            raise UsageError(f"{positions.shape[0]} positions but {directions.shape[0]} directions")
        return cls(*(aligned_copy(positions[:, i]) for i in range(3)),
                   *(aligned_copy(directions[:, i]) for i in range(3)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        """(x, y, z, ux, uy, uz), the arrays the drivers update in place."""
        return (self.x, self.y, self.z, self.ux, self.uy, self.uz)

    def positions(self) -> np.ndarray:
        """Positions, shape (n, 3), L_c (a copy)."""
        return np.stack([self.x, self.y, self.z], axis=1)

    def directions(self) -> np.ndarray:
        """Momentum directions, shape (n, 3) (a copy)."""
        return np.stack([self.ux, self.uy, self.uz], axis=1)

    def __len__(self) -> int:
        return self.x.shape[0]


class Propagator(Protocol):
    """Advances a :class:`ParticleState` by ``n_steps`` fixed steps of path length ``step``."""

    name: str
    step: float
    field_evaluations_per_step: int
    order: int  # of the global error in the step

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        ...


@dataclass
class Boris:
    """Boris scheme: drift h/2, rotation (Cayley) about the mid-point field, drift h/2.

    With ``exact_gyration`` (default) the drifts are the exact helix in the regular field and the
    rotation uses the turbulent field only (a Strang splitting of two exactly solvable flows):
    time-reversible, the momentum norm conserved to round-off, and exact in a uniform field.  Without it, the
    classic scheme: straight drifts and rotation about regular + turbulent field (exact radius,
    gyro-phase 2 arctan(kappa h/2) instead of kappa h per step).  Both are 2nd order with one
    field evaluation per step.

    Parameters
    ----------
    step : float
        Path length h per step (L_c); negative to integrate backwards.
    exact_gyration : bool
        Exact helix in the regular field (``"boris"``) or the classic scheme
        (``"boris-classic"``).
    field_evaluations_per_step : int
        Turbulent-field evaluations per step (1; for cost accounting).

    Examples
    --------
    >>> from cranisotropy import Boris, MagneticField, ParticleState
    >>> state = ParticleState.launch(np.zeros((1, 3)), [[1.0, 0.0, 0.0]])
    >>> Boris(0.01).advance(state, MagneticField(), kappa=10.0, n_steps=100)
    >>> round(float(np.linalg.norm(state.directions())), 14)
    1.0
    """

    step: float
    exact_gyration: bool = True
    field_evaluations_per_step: int = 1
    #: order of the global error in the step
    order: ClassVar[int] = 2

    @property
    def name(self) -> str:
        """"boris" or "boris-classic" (the name of :func:`propagator`)."""
        return "boris" if self.exact_gyration else "boris-classic"

    def coefficients(self, field: MagneticField, kappa: float):
        """(flow, regular field in the rotation) for the driver ``boris_advance``."""
        b0 = field.regular
        flow_kappa = kappa if self.exact_gyration else 0.0
        flow = aligned_copy(backtrack_uniform_field_flow(flow_kappa, 0.5 * self.step, *b0))
        regular = aligned_copy((0.0, 0.0, 0.0) if self.exact_gyration else b0)
        return flow, regular

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        """Advance ``state`` in place by ``n_steps`` steps; ``kappa`` = charge sign / r_L (1/L_c)."""
        if n_steps <= 0:
            return
        flow, regular = self.coefficients(field, kappa)
        scratch = [aligned_empty(len(state)) for _ in range(3)]
        _drivers.boris_advance(*state.arrays(), *field.turbulence.arrays(), flow, regular,
                               float(kappa), float(self.step), int(n_steps), *scratch)


@lru_cache(maxsize=None)
def _triple_jump_weights() -> tuple[float, float, float]:
    return tuple(float(w) for w in lorentz.triple_jump_weights())


@dataclass
class Boris4:
    """Fourth-order triple jump of the exact-gyration Boris step (three field evaluations per step).

    A step of length h is the :class:`Boris` substeps w1 h, w0 h, w1 h with w1 = 1/(2 - 2^(1/3)),
    w0 = 1 - 2 w1 < 0 (:func:`derivations.backtrack.lorentz.triple_jump_weights`): fourth order,
    time-reversible, ``|u|`` conserved to round-off and exact in a uniform regular field, like the
    step it is composed of.

    Parameters
    ----------
    step : float
        Path length h per step (L_c).
    name : str
        "boris4".
    field_evaluations_per_step : int
        Turbulent-field evaluations per step (3; for cost accounting).

    Examples
    --------
    >>> from cranisotropy import Boris4, MagneticField, ParticleState
    >>> state = ParticleState.launch(np.zeros((1, 3)), [[1.0, 0.0, 0.0]])
    >>> Boris4(0.01).advance(state, MagneticField(), kappa=10.0, n_steps=10)
    >>> state.directions().round(12).tolist()  # exact in a uniform field: 1 rad about -z
    [[0.540302305868, -0.841470984808, 0.0]]
    """

    step: float
    name: str = "boris4"
    field_evaluations_per_step: int = 3
    #: order of the global error in the step
    order: ClassVar[int] = 4

    def substeps(self) -> np.ndarray:
        """The substep lengths (w1 h, w0 h, w1 h), L_c."""
        return aligned_copy([w * self.step for w in _triple_jump_weights()])

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        """Advance ``state`` in place by ``n_steps`` steps; ``kappa`` = charge sign / r_L (1/L_c)."""
        if n_steps <= 0:
            return
        substeps = self.substeps()
        flows = aligned_empty((substeps.size, _drivers.FLOW_SIZE))
        for i, h in enumerate(substeps):
            flows[i], regular = Boris(float(h)).coefficients(field, kappa)
        scratch = [aligned_empty(len(state)) for _ in range(3)]
        _drivers.composed_boris_advance(*state.arrays(), *field.turbulence.arrays(), flows, substeps,
                                        regular, float(kappa), int(n_steps), *scratch)


@dataclass
class RungeKutta4:
    """Classical 4th-order Runge–Kutta (four field evaluations per step): the accuracy reference.

    Parameters
    ----------
    step : float
        Path length h per step (L_c).
    name : str
        "rk4".
    field_evaluations_per_step : int
        Turbulent-field evaluations per step (4; for cost accounting).

    Examples
    --------
    >>> from cranisotropy import MagneticField, ParticleState, RungeKutta4
    >>> state = ParticleState.launch(np.zeros((1, 3)), [[1.0, 0.0, 0.0]])
    >>> RungeKutta4(0.001).advance(state, MagneticField(), kappa=10.0, n_steps=100)
    >>> state.directions().round(9).tolist()  # rotated by kappa |b| s = 1 rad about -z
    [[0.540302306, -0.841470985, 0.0]]
    """

    step: float
    name: str = "rk4"
    field_evaluations_per_step: int = 4
    #: order of the global error in the step
    order: ClassVar[int] = 4

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        """Advance ``state`` in place by ``n_steps`` steps; ``kappa`` = charge sign / r_L (1/L_c)."""
        if n_steps <= 0:
            return
        work = aligned_empty((15, len(state)))
        _drivers.rk4_advance(*state.arrays(), *field.turbulence.arrays(), field.regular_array(),
                             float(kappa), float(self.step), int(n_steps), work)


#: the propagators by name, default first (the CLI's ``--integrator`` choices)
PROPAGATORS: dict[str, Callable[[float], Propagator]] = {
    "boris": lambda step: Boris(step, exact_gyration=True),
    "boris-classic": lambda step: Boris(step, exact_gyration=False),
    "rk4": lambda step: RungeKutta4(step),
    "boris4": lambda step: Boris4(step),
}


def propagator(name: str, step: float) -> Propagator:
    """The propagator called ``name`` with a fixed step.

    Parameters
    ----------
    name : {"boris", "boris-classic", "rk4", "boris4"}
        ``boris``: exact gyration in the regular field plus Cayley rotation (default);
        ``boris-classic``: the textbook Boris scheme; ``rk4``: classical Runge–Kutta;
        ``boris4``: the fourth-order triple jump of ``boris``.
    step : float
        Path length per step (L_c, > 0).

    Returns
    -------
    Boris, Boris4 or RungeKutta4

    Examples
    --------
    >>> from cranisotropy import propagator
    >>> propagator("boris-classic", 1e-3)
    Boris(step=0.001, exact_gyration=False, field_evaluations_per_step=1)
    """
    if name not in PROPAGATORS:
        raise UsageError(f"unknown integrator {name!r}; choose from {', '.join(PROPAGATORS)}")
    if not (isinstance(step, (int, float, np.floating)) and math.isfinite(step) and step > 0):
        raise UsageError(f"the step must be a number > 0, got {step!r}")
    return PROPAGATORS[name](float(step))


def trace(positions, directions, field: MagneticField, propagator: Propagator, gyroradius: float,
          record_steps, charge_sign: int = 1, *, observer: Callable | None = None, batch: int = 256,
          chunk_steps: int = 2000, report: Callable[[int], None] | None = None):
    """Integrate cosmic rays forward in time and record (or hand to ``observer``) their state.

    Parameters
    ----------
    positions, directions : array_like, shape (n, 3)
        Start positions (L_c) and unit momentum directions.
    field : MagneticField
        The field they move in (B_ref units).
    propagator : Boris, Boris4 or RungeKutta4
        Integrator and step (:func:`propagator`).
    gyroradius : float
        r_L / L_c in the field B_ref (> 0).
    record_steps : array_like of int
        Non-decreasing step counts at which to record (path length = steps * step).
    charge_sign : {1, -1}
        Sign of the charge.
    observer : callable, optional
        ``observer(record, rows, state)`` at every record instead of storing: ``record`` is the
        index into ``record_steps``, ``rows`` the slice of particles in the batch, ``state``
        their :class:`ParticleState` (read it, do not change it).  Then nothing is returned.
    batch, chunk_steps : int
        Particles per batch and steps per driver call (results do not depend on them).
    report : callable, optional
        ``report(n)`` after every ``n`` particle-steps (progress bars).

    Returns
    -------
    positions, momenta : ndarray, shape (n_records, n, 3), or None with an ``observer``
        Positions (L_c) and momentum directions at the recorded steps.

    Examples
    --------
    >>> from cranisotropy import MagneticField, propagator, trace
    >>> r, p = trace([[0.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]], MagneticField(), propagator("boris", 0.01),
    ...              0.1, [0, 100])
    >>> r[1, 0].round(12).tolist(), p[1, 0].tolist()  # along B0: straight on
    ([0.0, 0.0, 1.0], [0.0, 0.0, 1.0])
    """
    positions = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
    directions = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
    record_steps = np.asarray(record_steps, dtype=np.int64)
    if not (math.isfinite(gyroradius) and gyroradius > 0):
        raise UsageError(f"the gyroradius r_L must be > 0, got {gyroradius!r}")
    if charge_sign not in (1, -1):
        raise UsageError(f"charge_sign must be +1 or -1, got {charge_sign!r}")
    if np.any(record_steps < 0) or np.any(np.diff(record_steps) < 0):
        raise UsageError(f"record_steps must be non-decreasing and >= 0, got {record_steps.tolist()}")
    if positions.shape != directions.shape:
        raise UsageError(f"{positions.shape[0]} positions but {directions.shape[0]} directions")
    kappa = float(charge_sign) / float(gyroradius)  # kappa = sign(q) L_c / r_L
    n = directions.shape[0]
    out = None if observer is not None else (np.empty((record_steps.size, n, 3)),
                                              np.empty((record_steps.size, n, 3)))
    for start in range(0, n, batch):
        rows = slice(start, min(start + batch, n))
        state = ParticleState.launch(positions[rows], directions[rows])
        done = 0
        for k, target in enumerate(record_steps):
            while done < target:
                steps = int(min(target - done, chunk_steps))
                propagator.advance(state, field, kappa, steps)
                done += steps
                if report is not None:
                    report(steps * len(state))
            if observer is not None:
                observer(k, rows, state)
            else:
                out[0][k, rows] = state.positions()
                out[1][k, rows] = state.directions()
    return out


def backtrack(directions, field: MagneticField, propagator: Propagator, gyroradius: float,
              record_steps, charge_sign: int = 1, *, batch: int = 256, chunk_steps: int = 2000,
              report: Callable[[int], None] | None = None):
    """Trace cosmic rays observed at the origin back in time; record where they were.

    The backward motion is the forward motion (:func:`trace`) of the charge-conjugate particle
    with reversed momentum (:func:`derivations.backtrack.lorentz.time_reversal`).

    Parameters
    ----------
    directions : array_like, shape (n, 3)
        Arrival directions p0 (unit vectors) of the cosmic rays at the origin.
    field, propagator, gyroradius, charge_sign, batch, chunk_steps, report
        As for :func:`trace` (``record_steps``: T = steps * step).
    record_steps : array_like of int
        Non-decreasing step counts at which to record.

    Returns
    -------
    positions, momenta : ndarray, shape (n_records, n, 3)
        r(-T) in L_c and the momentum direction p(-T) of each cosmic ray.

    Examples
    --------
    >>> from cranisotropy import MagneticField, backtrack, propagator
    >>> r, p = backtrack([[0.0, 0.0, 1.0]], MagneticField(), propagator("boris", 0.01), 0.1, [0, 100])
    >>> r[1, 0].round(12).tolist(), (p[1, 0] + 0.0).tolist()  # along B0: straight back
    ([0.0, 0.0, -1.0], [0.0, 0.0, 1.0])
    """
    if charge_sign not in (1, -1):
        raise UsageError(f"charge_sign must be +1 or -1, got {charge_sign!r}")
    directions = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
    positions, momenta = trace(np.zeros_like(directions), -directions, field, propagator, gyroradius,
                               record_steps, -charge_sign, batch=batch, chunk_steps=chunk_steps,
                               report=report)
    return positions, -momenta
