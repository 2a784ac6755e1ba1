"""Pipeline pieces of the backtracker (CRPropa-like, each swappable): field, propagator, observer.

- :class:`MagneticField`: regular field ``b0`` (units of B_ref) plus :class:`PlaneWaves` turbulence;
- propagators: :class:`Boris` (the production scheme) and :class:`RungeKutta4` (accuracy checks),
  both advancing a :class:`ParticleState` by the generated kernels of ``backtrack_step``;
- :func:`backtrack`: the observer side — particles leave the observer at the origin, are traced
  back in time (charge flipped, momentum reversed: :func:`derivations.lorentz.time_reversal`) and
  r(-T), p(-T) are recorded at the requested path lengths.

Units: lengths and path lengths in L_c (path length = c T for relativistic particles), fields in
B_ref, ``kappa = charge_sign / r_L`` with r_L in L_c.

>>> field = MagneticField((0.0, 0.0, 1.0))
>>> state = ParticleState.launch(np.zeros((1, 3)), np.array([[1.0, 0.0, 0.0]]))
>>> Boris(step=0.01).advance(state, field, kappa=10.0, n_steps=5)
>>> abs(float(np.linalg.norm(state.directions())) - 1.0) < 1e-15
True
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Callable, Protocol

import numpy as np

from cranisotropy.kernels.drivers import backtrack as _drivers
from cranisotropy.numerics.backtrack import INTEGRATORS
from cranisotropy.kernels.generated.backtrack_uniform_field_flow import backtrack_uniform_field_flow
from cranisotropy.numerics.backtrack.turbulence import PlaneWaves, aligned_copy, aligned_empty


@dataclass(frozen=True)
class MagneticField:
    """b(x) = regular + turbulence(x), in units of B_ref."""

    regular: tuple[float, float, float] = (0.0, 0.0, 1.0)
    turbulence: PlaneWaves = dc_field(default_factory=PlaneWaves.none)

    def __post_init__(self):
        object.__setattr__(self, "regular", tuple(float(v) for v in self.regular))

    def regular_array(self) -> np.ndarray:
        return aligned_copy(self.regular)

    def __call__(self, points) -> np.ndarray:
        return np.asarray(self.regular) + self.turbulence.field(points)


@dataclass
class ParticleState:
    """Positions and momentum directions as six aligned 1-D arrays (structure of arrays)."""

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    ux: np.ndarray
    uy: np.ndarray
    uz: np.ndarray

    @classmethod
    def launch(cls, positions, directions) -> "ParticleState":
        positions = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
        directions = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
        return cls(*(aligned_copy(positions[:, i]) for i in range(3)),
                   *(aligned_copy(directions[:, i]) for i in range(3)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.x, self.y, self.z, self.ux, self.uy, self.uz)

    def positions(self) -> np.ndarray:
        return np.stack([self.x, self.y, self.z], axis=1)

    def directions(self) -> np.ndarray:
        return np.stack([self.ux, self.uy, self.uz], axis=1)

    def __len__(self) -> int:
        return self.x.shape[0]


class Propagator(Protocol):
    """Advances a :class:`ParticleState` by ``n_steps`` fixed steps of path length ``step``."""

    name: str
    step: float
    field_evaluations_per_step: int

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        ...


@dataclass
class Boris:
    """Boris scheme: drift h/2, rotation (Cayley) about the mid-point field, drift h/2.

    With ``exact_gyration`` (default) the drifts are the exact helix in the regular field and the
    rotation uses the turbulent field only (a Strang splitting of two exactly solvable flows):
    time-reversible, |p| conserved to round-off, and exact in a uniform field.  Without it, the
    classic scheme: straight drifts and rotation about regular + turbulent field (exact radius,
    gyro-phase error (kappa h)^2/12 per radian in a uniform field).  Both are 2nd order; one field
    evaluation per step.
    """

    step: float
    exact_gyration: bool = True
    field_evaluations_per_step: int = 1

    @property
    def name(self) -> str:
        return "boris" if self.exact_gyration else "boris-classic"

    def coefficients(self, field: MagneticField, kappa: float):
        """(flow, regular field in the rotation) for the driver ``boris_advance``."""
        b0 = field.regular
        flow_kappa = kappa if self.exact_gyration else 0.0
        flow = aligned_copy(backtrack_uniform_field_flow(flow_kappa, 0.5 * self.step, *b0))
        regular = aligned_copy((0.0, 0.0, 0.0) if self.exact_gyration else b0)
        return flow, regular

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        if n_steps <= 0:
            return
        flow, regular = self.coefficients(field, kappa)
        scratch = [aligned_empty(len(state)) for _ in range(3)]
        _drivers.boris_advance(*state.arrays(), *field.turbulence.arrays(), flow, regular,
                               float(kappa), float(self.step), int(n_steps), *scratch)


@dataclass
class RungeKutta4:
    """Classical 4th-order Runge–Kutta (four field evaluations per step): the accuracy reference."""

    step: float
    name: str = "rk4"
    field_evaluations_per_step: int = 4

    def advance(self, state: ParticleState, field: MagneticField, kappa: float, n_steps: int) -> None:
        if n_steps <= 0:
            return
        work = aligned_empty((15, len(state)))
        _drivers.rk4_advance(*state.arrays(), *field.turbulence.arrays(), field.regular_array(),
                             float(kappa), float(self.step), int(n_steps), work)


PROPAGATORS: dict[str, Callable[[float], Propagator]] = {
    "boris": lambda step: Boris(step, exact_gyration=True),
    "boris-classic": lambda step: Boris(step, exact_gyration=False),
    "rk4": lambda step: RungeKutta4(step),
}
assert tuple(PROPAGATORS) == INTEGRATORS


def backtrack(directions, field: MagneticField, propagator: Propagator, gyroradius: float,
              record_steps, charge_sign: int = 1, batch: int = 256, chunk_steps: int = 2000,
              report: Callable[[int], None] | None = None):
    """Trace cosmic rays observed at the origin with arrival ``directions`` back in time.

    ``record_steps`` (non-decreasing step counts) say when to record; returns ``(r, p)`` of
    shape (n_records, n_directions, 3): the position r(-T) (L_c) and the momentum direction
    p(-T) of each cosmic ray a path length T = steps * h before arrival.  The backward motion is
    the forward motion of the charge-conjugate particle with reversed momentum.  ``report(n)`` is
    called after every ``n`` particle-steps (progress).  Particles are processed in batches of
    ``batch``; results do not depend on ``batch`` or ``chunk_steps``.
    """
    directions = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
    record_steps = np.asarray(record_steps, dtype=np.int64)
    kappa = -float(charge_sign) / float(gyroradius)  # charge flipped for backtracking
    n_dir = directions.shape[0]
    positions = np.empty((record_steps.size, n_dir, 3))
    momenta = np.empty((record_steps.size, n_dir, 3))
    for start in range(0, n_dir, batch):
        sl = slice(start, min(start + batch, n_dir))
        state = ParticleState.launch(np.zeros((sl.stop - start, 3)), -directions[sl])
        done = 0
        for k, target in enumerate(record_steps):
            while done < target:
                n = int(min(target - done, chunk_steps))
                propagator.advance(state, field, kappa, n)
                done += n
                if report is not None:
                    report(n * len(state))
            positions[k, sl] = state.positions()
            momenta[k, sl] = -state.directions()
    return positions, momenta
