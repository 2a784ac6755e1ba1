"""Backtracking campaigns: parameters, presets, one realisation's work, the results store, loading.

A campaign traces the N_pix = 12 nside^2 HEALPix directions back through ``realisations``
independent field realisations and records r(-T), p(-T) at a grid of times.  Everything that
determines the numbers is in :class:`CampaignParameters`; realisation ``i`` draws its field
from ``SeedSequence(seed, spawn_key=(i,))``, so it does not depend on how many realisations
there are or which worker computes it.

The results directory holds ``run.json`` (parameters, package versions, kernel hashes),
``store.zarr`` (positions and momenta, one chunk per realisation) and ``done/`` (one marker per
finished realisation, written atomically *after* its chunk, with the SHA-256 of its data): a
realisation without a valid marker is recomputed on ``--resume``.  :func:`load_results` reads
the finished realisations back as arrays (:class:`BacktrackResults`).

>>> p = PRESETS["quick"]
>>> p.n_pix, int(p.record_steps()[-1]), float(p.path_lengths()[-1])
(3072, 30000, 30.0)
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import platform
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
from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum

FORMAT = "cranisotropy-backtrack/1"
#: the largest step accepted, in units of r_L: the largest of the convergence study
#: (``numerics/backtrack/accuracy.py``, docs/backtrack.md "Accuracy per cost")
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
        Path length per step (L_c, <= r_L/2); default min(r_L, lambda_min)/10 (the presets set
        their own: docs/backtrack.md, "Accuracy per cost").
    seed : int
        Master seed; realisation i draws from ``SeedSequence(seed, spawn_key=(i,))``.
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
        if not isinstance(self.realisations, (int, np.integer)) or self.realisations < 1:
            raise UsageError(f"the number of realisations must be >= 1, got {self.realisations!r}")
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
            if not (math.isfinite(self.step) and self.step > 0):
                raise UsageError(f"the step must be > 0, got {self.step!r}")
            largest = MAX_STEP_PER_GYRORADIUS * self.gyroradius
            if self.step > largest * (1 + 1e-12):
                raise UsageError(f"the step {self.step:g} L_c does not resolve the gyration: it must be "
                                 f"<= r_L/2 = {largest:g} L_c, the largest step of the convergence study "
                                 f"(`cranisotropy bench accuracy` measures a step's error)")
        if self.charge_sign not in (1, -1):
            raise UsageError(f"charge_sign must be +1 or -1, got {self.charge_sign!r}")
        if self.integrator not in PROPAGATORS:
            raise UsageError(f"unknown integrator {self.integrator!r}; choose from "
                             f"{', '.join(PROPAGATORS)}")
        steps = self.record_steps()
        if np.any(np.diff(steps) <= 0):
            raise UsageError("two backtracking times round to the same step; use distinct times "
                             "or a smaller step")

    # ------------------------------------------------------------------ derived quantities
    @property
    def path_step(self) -> float:
        """Path length per step (L_c): ``step``, or min(r_L, lambda_min)/10."""
        return float(self.step) if self.step is not None else min(self.gyroradius, self.lambda_min) / 10

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


PRESETS = {
    # seed 002 Sec. 3: nside 32, 120 realisations, sigma^2 = 1, lambda in [0.01, 100] L_c,
    # r_L = 0.1 L_c, gamma = 11/3; the number of modes is not given there (256 is our choice)
    "paper": CampaignParameters(),
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


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def data_digest(positions: np.ndarray, momenta: np.ndarray) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(positions, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(momenta, dtype="<f8").tobytes())
    return h.hexdigest()


class ResultsStore:
    """The results directory of one campaign (see the module docstring)."""

    def __init__(self, path: Path, params: CampaignParameters, meta: dict):
        self.path = Path(path)
        self.params = params
        self.meta = meta

    # -------------------------------------------------------------- opening
    @classmethod
    def check_target(cls, path, params: CampaignParameters, resume: bool = False) -> "ResultsStore | None":
        """Raise UsageError if ``path`` cannot take this run; return the old store when resuming."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise UsageError(f"results path {path} exists and is not a directory")
        if path.is_dir() and any(path.iterdir()):
            if not resume:
                raise UsageError(f"results directory {path} already exists; pass --resume to "
                                 "continue that run or choose a new directory")
            store = cls.open(path)
            store.check_compatible(params)
            return store
        return None

    @classmethod
    def create(cls, path, params: CampaignParameters, resume: bool = False) -> "ResultsStore":
        """Open ``path`` for ``params``: new directory, or (with ``resume``) a compatible old one."""
        path = Path(path)
        existing = cls.check_target(path, params, resume)
        if existing is not None:
            return existing
        path.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT, "parameters": params.to_json(), "n_pix": params.n_pix,
                "omega_times": params.recorded_omega_times().tolist(),
                "path_lengths": params.path_lengths().tolist(),
                "record_steps": params.record_steps().tolist(), "step": params.path_step,
                "seeding": "numpy SeedSequence(seed, spawn_key=(realisation,)) -> PCG64",
                "versions": package_versions(), "kernels": kernel_hashes(),
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        store = cls(path, params, meta)
        store._create_arrays()
        (path / "done").mkdir(exist_ok=True)
        atomic_write(path / "run.json", json.dumps(meta, indent=2))  # last: marks a valid store
        return store

    @classmethod
    def open(cls, path) -> "ResultsStore":
        path = Path(path)
        try:
            meta = json.loads((path / "run.json").read_text())
        except FileNotFoundError:
            raise UsageError(f"{path} is not a backtracking results directory (no run.json)") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}/run.json is not valid JSON ({exc})") from None
        if meta.get("format") != FORMAT:
            raise UsageError(f"{path} holds format {meta.get('format')!r}, expected {FORMAT!r}")
        return cls(path, CampaignParameters.from_json(meta["parameters"]), meta)

    def check_compatible(self, params: CampaignParameters) -> None:
        old, new = self.params.to_json(), params.to_json()
        diff = [k for k in new if old.get(k) != new[k]]
        if diff:
            k = diff[0]
            raise UsageError(f"results directory {self.path} holds an incompatible run: {k} = "
                             f"{old.get(k)!r} there, {new[k]!r} requested")

    # -------------------------------------------------------------- arrays
    def _group(self, mode="r"):
        import zarr

        return zarr.open_group(str(self.path / "store.zarr"), mode=mode)

    def _create_arrays(self) -> None:
        p = self.params
        group = self._group("w")
        shape = (p.realisations, len(p.omega_times), p.n_pix, 3)
        for name in ("positions", "momenta"):
            group.create_array(name, shape=shape, chunks=(1, *shape[1:]), dtype="f8",
                               fill_value=np.nan)
        group.attrs.update({"parameters": p.to_json(), "units": "L_c (positions), unit vectors",
                            "axes": ["realisation", "time", "pixel (RING)", "xyz"]})

    def _marker(self, index: int) -> Path:
        return self.path / "done" / f"r{index:06d}.json"

    def write_realisation(self, result: dict) -> None:
        """Store one realisation's chunk, then (atomically) its completion marker."""
        index = int(result["index"])
        group = self._group("a")
        group["positions"][index] = result["positions"]
        group["momenta"][index] = result["momenta"]
        marker = {"index": index, "sha256": data_digest(result["positions"], result["momenta"]),
                  "seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"],
                  "particle_steps": result["particle_steps"],
                  "host": result["host"], "seed": [self.params.seed, index]}
        atomic_write(self._marker(index), json.dumps(marker))

    def markers(self) -> dict[int, dict]:
        out = {}
        for path in sorted((self.path / "done").glob("r*.json")):
            try:
                data = json.loads(path.read_text())
                out[int(data["index"])] = data
            except (json.JSONDecodeError, KeyError, ValueError):
                continue  # a torn marker cannot exist (atomic rename); ignore foreign files
        return out

    def completed(self, verify: bool = False) -> list[int]:
        """Indices with a marker (and, with ``verify``, data matching the marker's hash)."""
        done = []
        for index, marker in self.markers().items():
            if 0 <= index < self.params.realisations:
                if not verify or data_digest(*self.read_realisation(index, check=False)) == marker["sha256"]:
                    done.append(index)
        return sorted(done)

    def read_realisation(self, index: int, check: bool = True):
        group = self._group("r")
        positions, momenta = group["positions"][index], group["momenta"][index]
        if check:
            marker = self.markers().get(index)
            if marker is None or data_digest(positions, momenta) != marker["sha256"]:
                raise UsageError(f"realisation {index} in {self.path} is missing or corrupt; "
                                 "run again with --resume to recompute it")
        return positions, momenta


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
