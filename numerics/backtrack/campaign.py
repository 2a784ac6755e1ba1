"""Backtracking campaigns: parameters, presets, one realisation's work, the results store, loading.

A campaign traces the N_pix = 12 nside^2 HEALPix directions back through ``realisations``
independent field realisations and records r(-T), p(-T) at a grid of times.  Everything that
determines the numbers is in :class:`CampaignParameters`; realisation ``i`` draws its field
from ``SeedSequence(seed, spawn_key=(i,))``, so it does not depend on how many realisations
there are or which worker computes it.

The results directory holds ``run.json`` (parameters, package versions, kernel hashes),
``store.zarr`` (positions and momenta, one chunk per realisation), ``done/`` (one marker per
finished realisation, written atomically *after* its chunk is fsynced, with the seed, a hash of
the parameters and the SHA-256 of the chunk files and of the data) and ``.lock`` (held by the
one run writing it; :mod:`cranisotropy.numerics.backtrack.store`).  A realisation whose marker
does not vouch for its chunk is recomputed on ``--resume`` and skipped by the analysis.
:func:`load_results` reads the verified realisations back as arrays (:class:`BacktrackResults`).

>>> p = PRESETS["quick"]
>>> p.n_pix, int(p.record_steps()[-1]), float(p.path_lengths()[-1])
(3072, 30000, 30.0)
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import math
import os
import platform
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.jsonable import jsonable
from cranisotropy.core.results import Result
from cranisotropy.numerics.backtrack import propagation
from cranisotropy.numerics.backtrack.propagation import PROPAGATORS, MagneticField, backtrack
from cranisotropy.numerics.backtrack.store import (LOCK_NAME, STAGING_PREFIX, DirectoryLock, atomic_write,
                                                   check_writable, file_sha256, fsync_directory, fsync_file,
                                                   make_results_directory, remove_stale_files, test_point)
from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum

log = logging.getLogger("cranisotropy.backtrack")
FORMAT = "cranisotropy-backtrack/1"
#: B_max = |B0| + FIELD_MARGIN sqrt(sigma2): the field the step must resolve
FIELD_MARGIN = 3.0
#: the most steps a trajectory may take (2^53: step counts stay exact in float64)
MAX_STEPS = float(2**53)
#: the largest step accepted, in units of the gyroradius in B_max: the largest of the convergence
#: study (``numerics/backtrack/accuracy.py``, docs/backtrack.md "Accuracy per cost")
MAX_STEP_PER_GYRORADIUS = 0.5
#: Omega T grid of the presets (0 = the initial state)
OMEGA_T_GRID = (0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 70.0, 100.0, 150.0,
                200.0, 300.0)


@dataclass(frozen=True)
class CampaignParameters:
    """Everything that determines the numbers of a backtracking campaign.

    Lengths in L_c, fields in B_ref, Omega = c / r_L.  ``CampaignParameters.preset("paper")``
    is seed 002 Sec. 3; ``"quick"`` the same physics at reduced size; :meth:`replace` changes
    fields.

    Parameters
    ----------
    nside : int
        HEALPix nside of the arrival directions (a power of 2): 12 nside^2 cosmic rays.
    realisations : int
        Independent turbulent-field realisations.
    n_modes : int
        Plane waves per realisation.
    sigma2, lambda_min, lambda_max, gamma : float
        Turbulence level <dB^2>/B_ref^2, wavelength range (L_c) and spectral index
        (:class:`TurbulenceSpectrum`).
    gyroradius : float
        r_L / L_c in the field B_ref.
    regular_field : float
        B0 / B_ref along z (0: pure turbulence; B_ref then sets the scale of sigma2).
    omega_times : tuple of float
        Recording times Omega T (>= 0).
    step : float or None
        Path length per step (L_c); default min(r_L / B_max, lambda_min)/10 with B_max =
        ``|B0| + 3 sqrt(sigma2)`` the largest field met (:meth:`resolved_step`); a given step must
        not exceed r_L / (2 B_max), the largest step of the convergence study (docs/backtrack.md,
        "Accuracy per cost").
    seed : int
        Master seed (>= 0); realisation i draws from ``SeedSequence(seed, spawn_key=(i,))``.
    charge_sign : {1, -1}
        Sign of the charge.
    integrator : {"boris", "boris-classic", "rk4", "boris4"}
        The propagator (:func:`propagator`).

    Examples
    --------
    >>> from cranisotropy import CampaignParameters
    >>> p = CampaignParameters.preset("quick").replace(nside=4)
    >>> p.n_pix, p.path_step, int(p.record_steps()[-1])
    (192, 0.001, 30000)
    """

    nside: int = 32
    realisations: int = 120
    n_modes: int = 256
    sigma2: float = 1.0
    lambda_min: float = 0.01
    lambda_max: float = 100.0
    gamma: float = 11.0 / 3.0
    gyroradius: float = 0.1
    regular_field: float = 1.0
    omega_times: tuple[float, ...] = OMEGA_T_GRID
    step: float | None = None
    seed: int = 20150730
    charge_sign: int = 1
    integrator: str = "boris"

    def __post_init__(self):
        object.__setattr__(self, "omega_times", tuple(float(t) for t in self.omega_times))
        if not isinstance(self.nside, (int, np.integer)) or self.nside < 1 or self.nside & (self.nside - 1):
            raise UsageError(f"nside must be a power of 2, got {self.nside!r}")
        if self.nside > 8192:
            raise UsageError(f"nside {self.nside} is larger than HEALPix allows (8192)")
        if not _is_integer(self.realisations) or self.realisations < 1:
            raise UsageError(f"the number of realisations must be >= 1, got {self.realisations!r}")
        if not _is_integer(self.seed) or self.seed < 0:
            raise UsageError(f"the seed must be an integer >= 0, got {self.seed!r}")
        self.spectrum()  # validates sigma2, lambdas, gamma, n_modes
        for name in ("gyroradius", "regular_field"):
            if not math.isfinite(getattr(self, name)):
                raise UsageError(f"{name} must be finite, got {getattr(self, name)!r}")
        if self.gyroradius <= 0:
            raise UsageError(f"the gyroradius r_L must be > 0, got {self.gyroradius:g}")
        if not self.omega_times:
            raise UsageError("give at least one backtracking time")
        bad = [t for t in self.omega_times if not math.isfinite(t) or t < 0]
        if bad:
            raise UsageError(f"backtracking times must be finite and >= 0, got Omega T = {bad[0]:g}")
        if self.step is not None:
            if not (isinstance(self.step, (int, float, np.floating)) and math.isfinite(self.step)
                    and self.step > 0):
                raise UsageError(f"the step must be > 0, got {self.step!r}")
            largest = MAX_STEP_PER_GYRORADIUS * self.gyroradius / self.largest_field
            if self.step > largest * (1 + 1e-12):
                raise UsageError(f"the step {self.step:g} L_c does not resolve the gyration: it must be "
                                 f"<= r_L / (2 B_max) = {largest:g} L_c (B_max = |B0| + {FIELD_MARGIN:g} "
                                 f"sqrt(sigma2) = {self.largest_field:g} B_ref), the largest step of the "
                                 "convergence study (`cranisotropy bench accuracy` measures a step's error)")
        if not self.resolved_step() > 0:
            raise UsageError(f"the field B_max = {self.largest_field:g} B_ref is too strong for "
                             f"r_L = {self.gyroradius:g} L_c: no step resolves r_L / B_max")
        if self.charge_sign not in (1, -1):
            raise UsageError(f"charge_sign must be +1 or -1, got {self.charge_sign!r}")
        if self.integrator not in PROPAGATORS:
            raise UsageError(f"unknown integrator {self.integrator!r}; choose from "
                             f"{', '.join(PROPAGATORS)}")
        longest = max(self.omega_times) * self.gyroradius / self.path_step
        if not longest <= MAX_STEPS:
            why = "" if self.step is not None else (
                f" (r_L / B_max / 10 with B_max = |B0| + {FIELD_MARGIN:g} sqrt(sigma2) = "
                f"{self.largest_field:g} B_ref)")
            raise UsageError(f"Omega T = {max(self.omega_times):g} needs {longest:.3g} steps of "
                             f"{self.path_step:g} L_c{why}, more than {MAX_STEPS:.3g} (2^53): "
                             "choose shorter times, a weaker field or a larger step")
        steps = self.record_steps()
        if np.any(np.diff(steps) <= 0):
            raise UsageError("two backtracking times round to the same step; use distinct times "
                             "or a smaller step")

    # ------------------------------------------------------------------ derived quantities
    @property
    def largest_field(self) -> float:
        """The largest field a particle is taken to meet, ``B_max = |B0| + 3 sqrt(sigma2)`` (B_ref).

        The turbulent field at a point is close to Gaussian with rms sqrt(sigma2) B_ref; it
        exceeds 3 rms at a fraction ~1e-5 of the points (a Maxwell distribution).
        """
        return abs(self.regular_field) + FIELD_MARGIN * math.sqrt(self.sigma2)

    def resolved_step(self) -> float:
        """The largest step that resolves the gyration and the turbulence: min(r_L / B_max,
        lambda_min)/10 (L_c), r_L / B_max the gyroradius in the largest field met."""
        return min(self.gyroradius / self.largest_field, self.lambda_min) / 10

    @property
    def path_step(self) -> float:
        """Path length per step (L_c): ``step``, or :meth:`resolved_step`."""
        return float(self.step) if self.step is not None else self.resolved_step()

    @property
    def n_pix(self) -> int:
        """Number of arrival directions, 12 nside^2."""
        return 12 * self.nside**2

    def spectrum(self) -> TurbulenceSpectrum:
        """The turbulence spectrum of the campaign."""
        return TurbulenceSpectrum(self.n_modes, self.lambda_min, self.lambda_max, self.sigma2, self.gamma)

    def record_steps(self) -> np.ndarray:
        """Step counts of the recording times (sorted; T = Omega T * r_L for beta = 1)."""
        lengths = np.sort(np.asarray(self.omega_times)) * self.gyroradius
        return np.rint(lengths / self.path_step).astype(np.int64)

    def path_lengths(self) -> np.ndarray:
        """Recorded c T in L_c (steps times the step)."""
        return self.record_steps() * self.path_step

    def recorded_omega_times(self) -> np.ndarray:
        """Recorded Omega T (the requested times rounded to whole steps)."""
        return self.path_lengths() / self.gyroradius

    def rng(self, index: int) -> np.random.Generator:
        """The random stream of realisation ``index`` (independent of all others)."""
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(index,))))

    def particle_steps(self) -> int:
        """Particle-steps of the whole campaign."""
        return int(self.n_pix * self.record_steps()[-1]) * self.realisations

    def to_json(self) -> dict:
        """The parameters as JSON data (as stored in run.json)."""
        return dataclasses.asdict(self) | {"omega_times": list(self.omega_times)}

    def canonical(self) -> dict:
        """The parameters by value: times as a sorted set, the step filled in (what resuming
        compares; two runs with equal canonical forms compute the same numbers)."""
        return self.to_json() | {"omega_times": sorted(set(self.omega_times)), "step": self.path_step,
                                 "seed": int(self.seed), "realisations": int(self.realisations),
                                 "nside": int(self.nside), "n_modes": int(self.n_modes)}

    def realisation_hash(self) -> str:
        """SHA-256 of everything that determines one realisation's numbers besides its index and
        the seed (:meth:`canonical` without the number of realisations): stored in its marker."""
        data = {k: v for k, v in self.canonical().items() if k not in ("realisations", "seed")}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    @classmethod
    def from_json(cls, data: dict) -> "CampaignParameters":
        """Parameters from :meth:`to_json`'s data (unknown keys are ignored)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: (tuple(v) if k == "omega_times" else v) for k, v in data.items() if k in fields})

    def replace(self, **changes) -> "CampaignParameters":
        """A copy with the given fields changed (``None`` values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def preset(cls, name: str) -> "CampaignParameters":
        """The preset ``name``: "paper" (seed 002 Sec. 3) or "quick" (<= 10 min on 2 cores)."""
        if name not in PRESETS:
            raise UsageError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
        return PRESETS[name]


def _is_integer(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


PRESETS = {
    # seed 002 Sec. 3: nside 32, 120 realisations, sigma^2 = 1, lambda in [0.01, 100] L_c,
    # r_L = 0.1 L_c, gamma = 11/3; the number of modes is not given there (256 is our choice).
    # (boris4, h = r_L/11): the cheapest (scheme, step) whose bias stays below a third of the
    # campaign's statistical error (`bench accuracy`; docs/backtrack.md, "Accuracy per cost")
    "paper": CampaignParameters(integrator="boris4", step=0.1 / 11),
    # the same physics with fewer directions, modes and realisations (<= 10 min on 2 cores)
    "quick": CampaignParameters(nside=16, realisations=16, n_modes=128),
}


# ---------------------------------------------------------------------------- one realisation

def healpix_directions(nside: int) -> np.ndarray:
    """Unit vectors of the HEALPix pixel centres in RING order: the observed arrival directions.

    Parameters
    ----------
    nside : int
        HEALPix resolution (a power of 2).

    Returns
    -------
    ndarray, shape (12 nside^2, 3)

    Examples
    --------
    >>> from cranisotropy import healpix_directions
    >>> p0 = healpix_directions(1)
    >>> p0.shape, float(np.abs(p0.sum(axis=0)).max()) < 1e-15
    ((12, 3), True)
    """
    import healpy as hp

    if not isinstance(nside, (int, np.integer)) or nside < 1 or nside & (nside - 1):
        raise UsageError(f"nside must be a power of 2, got {nside!r}")

    return np.stack(hp.pix2vec(nside, np.arange(hp.nside2npix(nside))), axis=1)


def realisation_field(params: CampaignParameters, index: int) -> MagneticField:
    waves = params.spectrum().realise(params.rng(index))
    return MagneticField((0.0, 0.0, params.regular_field), waves)


def trace_realisation(params_json: dict, index: int, report=None) -> dict:
    """Trace all directions of realisation ``index``; returns positions, momenta and timing.

    Runs on dask workers (arguments and result are plain data).  ``report(n)`` receives
    particle-step counts for progress bars.
    """
    params = CampaignParameters.from_json(params_json)
    start, cpu_start = time.perf_counter(), time.thread_time()
    field = realisation_field(params, index)
    propagator = PROPAGATORS[params.integrator](params.path_step)
    positions, momenta = backtrack(healpix_directions(params.nside), field, propagator,
                                   params.gyroradius, params.record_steps(), params.charge_sign,
                                   report=report)
    return {"index": index, "positions": positions, "momenta": momenta,
            "seconds": time.perf_counter() - start, "cpu_seconds": time.thread_time() - cpu_start,
            "host": socket.gethostname(),
            "particle_steps": int(params.n_pix * params.record_steps()[-1])}


# ---------------------------------------------------------------------------- results store

def package_versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": platform.python_version(), "platform": platform.platform()}
    for name in ("cranisotropy", "numpy", "numba", "healpy", "zarr", "dask", "distributed",
                 "sympy", "scipy"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = "not installed"
    return out


def kernel_hashes() -> dict[str, str]:
    """{generated kernel: content hash} of the kernels the propagators run, and the SHA-256 of
    the hand-written loops around them (``drivers/backtrack.py``): stored with every run."""
    from cranisotropy.kernels import drivers
    from cranisotropy.kernels.drivers import backtrack as backtrack_drivers

    hashes = drivers.stamp_dependencies(backtrack_drivers.__file__)
    hashes.update(drivers.stamp_dependencies(propagation.__file__))
    out = {name.rsplit(".", 1)[-1]: digest for name, digest in sorted(hashes.items())}
    out["drivers/backtrack.py"] = hashlib.sha256(Path(backtrack_drivers.__file__).read_bytes()).hexdigest()
    return out


def data_digest(positions: np.ndarray, momenta: np.ndarray) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(positions, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(momenta, dtype="<f8").tobytes())
    return h.hexdigest()


#: the arrays of a store (one chunk per realisation each)
ARRAYS = ("positions", "momenta")
#: what a results directory without run.json may hold: the leftovers of an interrupted creation
_CREATION_LEFTOVERS = {LOCK_NAME, "store.zarr", "done"}


def check_finite_realisation(params: CampaignParameters, index: int, positions, momenta) -> None:
    """Raise UsageError naming the most extreme parameter when a realisation is not finite."""
    finite = np.isfinite(positions).all(axis=(1, 2)) & np.isfinite(momenta).all(axis=(1, 2))
    if finite.all():
        return
    first = float(params.recorded_omega_times()[int(np.argmin(finite))])
    scales = {"regular_field": params.regular_field, "sigma2": params.sigma2,
              "gyroradius": params.gyroradius, "step": params.path_step,
              "lambda_min": params.lambda_min, "lambda_max": params.lambda_max}
    name = max(scales, key=lambda k: abs(math.log10(abs(scales[k]))) if scales[k] else 0.0)
    raise UsageError(f"realisation {index} produced non-finite r(-T) or p(-T) from Omega T = "
                     f"{first:g} on, so nothing was stored for it; its most extreme parameter is "
                     f"{name} = {scales[name]:g}")


class ResultsStore:
    """The results directory of one campaign (see the module docstring).

    Writing: :meth:`claim` (lock, clean-up, checks), then :meth:`create` or :meth:`extend`,
    :meth:`write_realisation` per realisation, :meth:`close`.  Reading: :meth:`open`, then
    :meth:`completed` and :meth:`read_realisation`, which verify every realisation (marker seed,
    parameter hash, checksum of the chunk files).
    """

    def __init__(self, path: Path, params: CampaignParameters, meta: dict | None,
                 lock: DirectoryLock | None = None):
        self.path = Path(path)
        self.params = params
        self.meta = meta
        self.lock = lock
        self.created_directory = False
        self._chunk_keys = None

    # -------------------------------------------------------------- opening
    @classmethod
    def claim(cls, path, params: CampaignParameters, resume: bool = False) -> "ResultsStore":
        """Take ``path`` for a run of ``params``: lock it, remove stale files, check its contents.

        Returns the store, its ``meta`` None when it is still to be :meth:`create`-d.  Raises
        UsageError (leaving nothing behind) when another run holds the directory, it exists
        without ``resume`` or holds another run or other files, it cannot be written, or it
        does not exist although ``resume`` is asked.
        """
        path = Path(path)
        if resume and not path.exists():
            raise UsageError(f"nothing to resume: results directory {str(path)!r} does not exist")
        if path.is_dir() and not (path / "run.json").exists():
            cls._check_leftovers(path)
        store = cls(path, params, None)
        store.created_directory = make_results_directory(path)
        try:
            store.lock = DirectoryLock(path).acquire()
            test_point("locked")
            remove_stale_files(path)
            if (path / "run.json").exists():
                if not resume:
                    raise UsageError(f"results directory {str(path)!r} already exists; pass --resume to "
                                     "continue that run or choose a new directory")
                old = cls.open(path, need_arrays=False)
                old.check_compatible(params)
                store.meta, store.params = old.meta, old.params.replace(realisations=params.realisations)
                if not (path / "store.zarr").exists():  # deleted: every realisation is recomputed
                    _create_arrays(path / "store.zarr", old.params)
                for folder in (path, path / "store.zarr", path / "done"):
                    folder.mkdir(exist_ok=True)
                    check_writable(folder)
            else:
                cls._check_leftovers(path)
                for name in ("store.zarr", "done"):
                    shutil.rmtree(path / name, ignore_errors=True)
                check_writable(path)
        except BaseException:
            store.close(abandon=True)
            raise
        return store

    @staticmethod
    def _check_leftovers(path: Path) -> None:
        other = sorted(p.name for p in path.iterdir()
                       if p.name not in _CREATION_LEFTOVERS and not p.name.startswith(STAGING_PREFIX))
        if other:
            raise UsageError(f"{str(path)!r} is not a results directory (no run.json) and holds other "
                             f"files (e.g. {other[0]!r}); choose a new or empty directory")

    @property
    def stored_realisations(self) -> int:
        """Realisations the store on disk is sized for (run.json)."""
        return int(self.meta["parameters"]["realisations"]) if self.meta else 0

    def create(self) -> None:
        """Build the store in a staging folder and move it into place, run.json last.

        A kill before run.json is in place leaves a directory that the next :meth:`claim` cleans
        (there is no run.json); after it, a complete store.
        """
        p = self.params
        meta = {"format": FORMAT, "parameters": p.to_json(), "n_pix": p.n_pix,
                "omega_times": p.recorded_omega_times().tolist(),
                "path_lengths": p.path_lengths().tolist(),
                "record_steps": p.record_steps().tolist(), "step": p.path_step,
                "seeding": "numpy SeedSequence(seed, spawn_key=(realisation,)) -> PCG64",
                "versions": package_versions(), "kernels": kernel_hashes(),
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        staging = self.path / f"{STAGING_PREFIX}.{os.getpid()}"
        staging.mkdir()
        _create_arrays(staging / "store.zarr", p)
        (staging / "done").mkdir()
        atomic_write(staging / "run.json", json.dumps(meta, indent=2))
        for folder, _, files in os.walk(staging):
            for name in files:
                fsync_file(Path(folder) / name)
            fsync_directory(folder)
        test_point("staged")
        for name in ("store.zarr", "done", "run.json"):  # run.json last: it marks a valid store
            os.rename(staging / name, self.path / name)
        fsync_directory(self.path)
        staging.rmdir()
        self.meta = meta
        test_point("created")

    def extend(self) -> None:
        """Grow a store to ``params.realisations``: arrays first, run.json last (atomic)."""
        n, group = self.params.realisations, self._group("a")
        for name in ARRAYS:
            group[name].resize((n, *group[name].shape[1:]))
        group.attrs["parameters"] = self.params.to_json()
        for name in ("zarr.json", *(f"{a}/zarr.json" for a in ARRAYS)):
            fsync_file(self.path / "store.zarr" / name)
        self.meta = {**self.meta, "parameters": self.params.to_json()}
        atomic_write(self.path / "run.json", json.dumps(self.meta, indent=2))

    def close(self, abandon: bool = False) -> None:
        """Release the lock; with ``abandon``, remove what :meth:`claim` created when nothing
        was stored (the lock file, and the directory if this run made it)."""
        if abandon and self.meta is None and self.lock is not None and self.path.is_dir():
            if {p.name for p in self.path.iterdir()} <= {LOCK_NAME}:
                (self.path / LOCK_NAME).unlink(missing_ok=True)
                if self.created_directory:
                    with contextlib.suppress(OSError):
                        self.path.rmdir()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @classmethod
    def open(cls, path, need_arrays: bool = True) -> "ResultsStore":
        """The store in ``path`` for reading (UsageError, one line, when it is not one)."""
        path = Path(path)
        try:
            meta = json.loads((path / "run.json").read_text())
        except FileNotFoundError:
            raise UsageError(f"{path} is not a backtracking results directory (no run.json)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {path}/run.json ({getattr(exc, 'strerror', None) or exc})") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}/run.json is not valid JSON ({exc})") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise UsageError(f"{path} holds format {found!r}, expected {FORMAT!r}")
        if not isinstance(meta.get("parameters"), dict):
            raise UsageError(f"{path}/run.json holds no parameters; the directory cannot be used")
        try:
            params = CampaignParameters.from_json(meta["parameters"])
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{path}/run.json holds invalid parameters ({exc})") from None
        if meta.get("step") is not None and meta["step"] != params.path_step:
            raise UsageError(f"{path}/run.json records the step {meta['step']!r} L_c but its parameters "
                             f"give {params.path_step!r} L_c (written by another version)")
        if need_arrays and not (path / "store.zarr").is_dir():
            raise UsageError(f"{path}/store.zarr is missing; run again with --resume to recompute it")
        return cls(path, params, meta)

    def check_compatible(self, params: CampaignParameters) -> None:
        """UsageError naming the first parameter in which ``params`` differ from the stored run
        (compared by value: times as a set, defaults filled in); more realisations extend it."""
        old, new = self.params.canonical(), params.canonical()
        diff = [k for k in new if k != "realisations" and old.get(k) != new[k]]
        if diff:
            k = diff[0]
            raise UsageError(f"results directory {self.path} holds an incompatible run: {k} = "
                             f"{old.get(k)!r} there, {new[k]!r} requested")
        if new["realisations"] < old["realisations"]:
            raise UsageError(f"results directory {self.path} holds {old['realisations']} realisations; "
                             f"--realisations {new['realisations']} would drop some (use "
                             "--max-realisations for a partial run)")

    # -------------------------------------------------------------- arrays
    def _group(self, mode="r"):
        import zarr

        return zarr.open_group(str(self.path / "store.zarr"), mode=mode)

    def _marker(self, index: int) -> Path:
        return self.path / "done" / f"r{index:06d}.json"

    def chunk_path(self, name: str, index: int) -> Path:
        """The file holding realisation ``index`` of array ``name``."""
        if self._chunk_keys is None:
            group = self._group("r")
            self._chunk_keys = {a: group[a].metadata.encode_chunk_key for a in ARRAYS}
        return self.path / "store.zarr" / name / self._chunk_keys[name]((index, 0, 0, 0))

    def write_realisation(self, result: dict) -> None:
        """Store one realisation: refuse non-finite data, write and fsync its chunks, then
        (atomically) its marker with the seed, the parameter hash and the chunks' checksums."""
        index = int(result["index"])
        positions, momenta = result["positions"], result["momenta"]
        check_finite_realisation(self.params, index, positions, momenta)
        self._marker(index).unlink(missing_ok=True)  # an old marker must not vouch for new data
        group = self._group("a")
        group["positions"][index] = positions
        group["momenta"][index] = momenta
        chunks = {}
        for name in ARRAYS:
            chunk = self.chunk_path(name, index)
            fsync_file(chunk)
            for folder in chunk.parents:
                fsync_directory(folder)
                if folder.name == name:
                    break
            chunks[name] = file_sha256(chunk)
        test_point("chunk-written")
        marker = {"index": index, "seed": [int(self.params.seed), index],
                  "parameters": self.params.realisation_hash(), "chunks": chunks,
                  "sha256": data_digest(positions, momenta),
                  "seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"],
                  "particle_steps": result["particle_steps"], "host": result["host"]}
        atomic_write(self._marker(index), json.dumps(marker))
        test_point("marker-written")

    def markers(self) -> dict[int, dict]:
        out = {}
        for path in sorted((self.path / "done").glob("r*.json")):
            try:
                data = json.loads(path.read_text())
                if path.name == f"r{int(data['index']):06d}.json":
                    out[int(data["index"])] = data
            except (OSError, json.JSONDecodeError, KeyError, ValueError, TypeError):
                continue  # a torn marker cannot exist (atomic rename); ignore foreign files
        return out

    def problem(self, index: int, marker: dict | None) -> str | None:
        """Why realisation ``index`` cannot be trusted, or None when its marker vouches for it."""
        if marker is None:
            return "not finished"
        if marker.get("seed") != [int(self.params.seed), index]:
            return (f"its marker holds seed {marker.get('seed')!r}, this run seed "
                    f"{[int(self.params.seed), index]}")
        chunks = marker.get("chunks")
        if not isinstance(chunks, dict):
            return "its marker has no chunk checksums (written by an older version)"
        if marker.get("parameters") != self.params.realisation_hash():
            return "its marker records other parameters"
        for name in ARRAYS:
            if file_sha256(self.chunk_path(name, index)) != chunks.get(name):
                return f"its {name} chunk is missing, truncated or corrupted (checksum differs)"
        return None

    def status(self) -> dict[int, str | None]:
        """{realisation: None if verified, else why not} for every realisation of the run."""
        markers = self.markers()
        try:
            return {i: self.problem(i, markers.get(i)) for i in range(self.params.realisations)}
        except OSError as exc:
            raise UsageError(f"cannot read the store in {self.path} ({exc.strerror or exc})") from None

    def completed(self, verify: bool = True) -> list[int]:
        """Indices whose marker vouches for their data (``verify=False``: whose marker exists)."""
        if not verify:
            return sorted(i for i in self.markers() if 0 <= i < self.params.realisations)
        status = self.status()
        for index, problem in status.items():
            if problem not in (None, "not finished"):
                log.warning("warning: realisation %d of %s is left out: %s (backtrack run --resume "
                            "recomputes it)", index, self.path, problem)
        return [i for i, problem in status.items() if problem is None]

    def read_realisation(self, index: int, check: bool = True):
        """r(-T), p(-T) of one realisation; with ``check``, verified against its marker."""
        if check:
            problem = self.problem(index, self.markers().get(index))
            if problem is not None:
                raise UsageError(f"realisation {index} in {self.path} is missing or corrupt ({problem}); "
                                 "run again with --resume to recompute it")
        try:
            group = self._group("r")
            positions, momenta = group["positions"][index], group["momenta"][index]
        except Exception as exc:  # zarr/codec errors of a damaged chunk: one line, no traceback
            raise UsageError(f"realisation {index} in {self.path} cannot be read "
                             f"({type(exc).__name__}); run again with --resume to recompute it") from None
        if check and data_digest(positions, momenta) != self.markers()[index]["sha256"]:
            raise UsageError(f"realisation {index} in {self.path} is missing or corrupt (data hash "
                             "differs); run again with --resume to recompute it")
        return positions, momenta


def _create_arrays(location: Path, p: CampaignParameters) -> None:
    import zarr

    group = zarr.open_group(str(location), mode="w")
    shape = (p.realisations, len(p.omega_times), p.n_pix, 3)
    for name in ARRAYS:
        group.create_array(name, shape=shape, chunks=(1, *shape[1:]), dtype="f8", fill_value=np.nan)
    group.attrs.update({"parameters": p.to_json(), "units": "L_c (positions), unit vectors",
                        "axes": ["realisation", "time", "pixel (RING)", "xyz"]})


# ---------------------------------------------------------------------------- loading

@dataclass(frozen=True)
class BacktrackResults(Result):
    """The finished realisations of a campaign, in memory (:func:`load_results`).

    Arrays: ``positions`` r(-T) and ``momenta`` p(-T), shape (realisation, time, pixel, 3),
    pixels in HEALPix RING order with arrival directions ``directions``; ``omega_times`` and
    ``path_lengths`` (c T in L_c) label the time axis, ``realisations`` the first axis.
    """

    directory: str
    parameters: CampaignParameters
    realisations: np.ndarray
    omega_times: np.ndarray
    path_lengths: np.ndarray
    directions: np.ndarray
    positions: np.ndarray
    momenta: np.ndarray
    run_info: dict

    def to_dict(self) -> dict:
        return jsonable({**{f.name: getattr(self, f.name) for f in dataclasses.fields(self)},
                         "parameters": self.parameters.to_json()})

    def __str__(self) -> str:
        p = self.parameters
        return (f"{self.realisations.size}/{p.realisations} realisations x {self.omega_times.size} "
                f"times x {p.n_pix} directions from {self.directory} (nside {p.nside}, "
                f"r_L = {p.gyroradius:g} L_c, sigma^2 = {p.sigma2:g}, B0 = {p.regular_field:g})")


def load_results(directory, *, realisations=None) -> BacktrackResults:
    """Read the finished realisations of a campaign from its results directory.

    Every realisation read is checked against the SHA-256 in its completion marker.

    Parameters
    ----------
    directory : str or path
        Results directory written by :func:`run_campaign`.
    realisations : sequence of int, optional
        Which realisations to read (default: all finished ones).  The arrays hold
        realisations x times x 12 nside^2 x 3 doubles twice (1.1 GB for the paper preset).

    Returns
    -------
    BacktrackResults
        ``parameters`` (:class:`CampaignParameters`), ``realisations`` (indices),
        ``omega_times``, ``path_lengths`` (c T, L_c), ``directions`` (arrival directions p0),
        ``positions`` r(-T) and ``momenta`` p(-T) of shape (realisation, time, pixel, 3), and
        ``run_info`` (run.json: package versions, kernel hashes, seeding).

    See Also
    --------
    angular_power_spectrum : C_l of the sky maps at a backtracking time.

    Examples
    --------
    >>> import tempfile
    >>> from cranisotropy import CampaignParameters, load_results, run_campaign
    >>> params = CampaignParameters(nside=1, realisations=2, n_modes=8, omega_times=(0.0, 2.0))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = run_campaign(params, f"{tmp}/run", serial=True)
    ...     results = load_results(f"{tmp}/run")
    >>> results.positions.shape, results.omega_times.tolist()
    ((2, 2, 12, 3), [0.0, 2.0])
    """
    store = ResultsStore.open(directory)
    done = store.completed()
    if realisations is None:
        indices = done
    else:
        indices = [int(i) for i in np.atleast_1d(realisations)]
        missing = sorted(set(indices) - set(done))
        if missing:
            raise UsageError(f"realisation {missing[0]} of {store.path} is not finished "
                             f"(finished: {len(done)} of {store.params.realisations})")
    if not indices:
        raise UsageError(f"{store.path} holds no finished realisation yet")
    data = [store.read_realisation(i) for i in indices]
    p = store.params
    return BacktrackResults(
        directory=str(store.path), parameters=p, realisations=np.array(indices),
        omega_times=p.recorded_omega_times(), path_lengths=p.path_lengths(),
        directions=healpix_directions(p.nside), positions=np.stack([d[0] for d in data]),
        momenta=np.stack([d[1] for d in data]), run_info=store.meta)
