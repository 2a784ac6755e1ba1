"""Plane-wave turbulence (seed 002 Sec. 3, Giacalone & Jokipii 1999): modes from a seed.

A realisation is a :class:`PlaneWaves` object: structure-of-arrays mode data (wave vectors,
phases, amplitude vectors), 64-byte aligned and padded with zero-amplitude modes to a multiple of
the driver's mode block.  Its field is evaluated by the loop ``turbulent_field`` of
``kernels/drivers/backtrack.py`` around the generated ``backtrack_plane_wave`` kernel
(:meth:`PlaneWaves.field`), by the same loop with libm ``cos`` (:meth:`PlaneWaves.field_libm`),
or by numpy alone (:meth:`PlaneWaves.field_reference`).

>>> spectrum = TurbulenceSpectrum(n_modes=16, lambda_min=0.1, lambda_max=10.0)
>>> waves = spectrum.realise(np.random.default_rng(1))
>>> waves.field(np.zeros((1, 3))).shape
(1, 3)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.derivations.backtrack import turbulence as turb
from cranisotropy.core.errors import UsageError
from cranisotropy.kernels.drivers import backtrack as _drivers

MODE_BLOCK = _drivers.MODE_BLOCK
_ALIGN = 64
#: wave-vector geometries of :class:`TurbulenceSpectrum` (default first)
GEOMETRIES = ("isotropic", "slab")


def aligned_empty(shape, align: int = _ALIGN) -> np.ndarray:
    """Uninitialised float64 C-array whose data pointer is a multiple of ``align`` bytes."""
    shape = (shape,) if np.isscalar(shape) else tuple(shape)
    count = int(np.prod(shape))
    buf = np.empty(count + align // 8, dtype=np.float64)
    offset = (-buf.ctypes.data % align) // 8
    return buf[offset:offset + count].reshape(shape)


def aligned_copy(values, align: int = _ALIGN) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    out = aligned_empty(values.shape, align)
    out[...] = values
    return out


@lru_cache(maxsize=None)
def _geometry_functions():
    theta, phi, alpha = sp.symbols("theta phi alpha", real=True)
    k_hat, _, _ = turb.mode_geometry()
    return (sp.lambdify((theta, phi), list(k_hat), "numpy"),
            sp.lambdify((theta, phi, alpha), list(turb.polarisation(alpha)), "numpy"))


@lru_cache(maxsize=None)
def _spectrum_functions():
    weight = sp.lambdify((turb.k, turb.gamma), turb.mode_weight(), "numpy")
    w, total = sp.symbols("w W", positive=True)
    amplitude_squared = sp.lambdify((w, total, turb.sigma2), turb.mode_amplitude_squared(w, total), "numpy")
    return weight, amplitude_squared


@lru_cache(maxsize=64)
def _wavenumbers(n_modes: int, lambda_min: float, lambda_max: float) -> np.ndarray:
    exact = turb.log_spaced_wavenumbers(n_modes, sp.Float(lambda_min, 30), sp.Float(lambda_max, 30))
    return np.array([float(kn.evalf(30)) for kn in exact])


@dataclass(frozen=True)
class TurbulenceSpectrum:
    """Spectrum of the plane-wave turbulence; :meth:`realise` draws one field from it.

    Parameters
    ----------
    n_modes : int
        Number N of plane waves (>= 1).
    lambda_min, lambda_max : float
        Shortest and longest wavelength (L_c); k_n is log-spaced between 2 pi/lambda_max and
        2 pi/lambda_min.
    sigma2 : float
        Turbulence level <dB^2>/B_ref^2 (> 0); sum_n A_n^2 = 2 sigma2, since each real cosine
        mode has mean square A_n^2/2.
    gamma : float
        Index of the 3D spectrum E3(k) = 1/(1 + (k L_c)^gamma) (11/3: Kolmogorov).
    geometry : {"isotropic", "slab"}
        Directions of the wave vectors: isotropic (cos theta ~ U(-1, 1), seed 002), or slab:
        along +-B0 (= +-z; the sign from the same draw), so every amplitude is perpendicular
        to B0 and the field depends on z only.  The mode amplitudes (the spectrum per unit k)
        are the same in both.

    Examples
    --------
    >>> from cranisotropy import TurbulenceSpectrum
    >>> spectrum = TurbulenceSpectrum(n_modes=4, lambda_min=0.1, lambda_max=10.0)
    >>> round(float(np.sum(spectrum.amplitudes() ** 2)), 12)
    2.0
    """

    n_modes: int = 256
    lambda_min: float = 0.01
    lambda_max: float = 100.0
    sigma2: float = 1.0
    gamma: float = 11.0 / 3.0
    geometry: str = "isotropic"

    def __post_init__(self):
        if not isinstance(self.n_modes, (int, np.integer)) or self.n_modes < 1:
            raise UsageError(f"the number of modes must be a positive integer, got {self.n_modes!r}")
        for name in ("lambda_min", "lambda_max", "sigma2", "gamma"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float, np.floating)) and math.isfinite(value)):
                raise UsageError(f"{name} must be a finite number, got {value!r}")
        if self.sigma2 <= 0:
            raise UsageError(f"sigma^2 must be > 0, got {self.sigma2:g}")
        if self.lambda_min <= 0:
            raise UsageError(f"lambda_min must be > 0, got {self.lambda_min:g}")
        if self.lambda_min >= self.lambda_max:
            raise UsageError(f"lambda_min ({self.lambda_min:g}) must be smaller than lambda_max "
                             f"({self.lambda_max:g})")
        if self.gamma <= 0:
            raise UsageError(f"gamma must be > 0, got {self.gamma:g}")
        if self.geometry not in GEOMETRIES:
            raise UsageError(f"unknown turbulence geometry {self.geometry!r}; choose from "
                             f"{', '.join(GEOMETRIES)}")

    def wavenumbers(self) -> np.ndarray:
        """k_n (1/L_c), log-spaced between 2 pi/lambda_max and 2 pi/lambda_min."""
        return _wavenumbers(int(self.n_modes), float(self.lambda_min), float(self.lambda_max)).copy()

    def amplitudes(self) -> np.ndarray:
        """A_n with A_n^2 propto k_n^3/(1 + k_n^gamma) and sum A_n^2 = 2 sigma2 (B_ref)."""
        weight, amplitude_squared = _spectrum_functions()
        w = weight(self.wavenumbers(), self.gamma)
        return np.sqrt(amplitude_squared(w, w.sum(), self.sigma2))

    def realise(self, rng: np.random.Generator | int | None = None) -> "PlaneWaves":
        """Draw one field: per mode phi ~ U(-pi, pi), cos(theta) ~ U(-1, 1), alpha, beta ~ U(0, 2 pi).

        ``rng`` is a ``numpy.random.Generator`` or a seed.  The draws are made in this order,
        each as one array of length n_modes, so a seed fixes the field completely.  Slab
        geometry keeps only the sign of cos(theta) (k along +-B0, polarisation in the x-y plane).
        """
        rng = np.random.default_rng(rng)
        n = int(self.n_modes)
        phi = rng.uniform(-np.pi, np.pi, n)
        cos_theta = rng.uniform(-1.0, 1.0, n)
        if self.geometry == "slab":
            cos_theta = np.where(cos_theta < 0.0, -1.0, 1.0)
        alpha = rng.uniform(0.0, 2 * np.pi, n)
        beta = rng.uniform(0.0, 2 * np.pi, n)
        theta = np.arccos(cos_theta)
        k_hat_f, pol_f = _geometry_functions()
        k_vec = np.array(np.broadcast_arrays(*k_hat_f(theta, phi))) * self.wavenumbers()
        pol = np.array(np.broadcast_arrays(*pol_f(theta, phi, alpha))) * self.amplitudes()
        if self.geometry == "slab":   # sin(pi) = 1.2e-16 in floating point: make it exact
            k_vec[:2], pol[2] = 0.0, 0.0
        return PlaneWaves.from_arrays(k_vec, beta, pol)


def structure_function_slope(spectrum: TurbulenceSpectrum, lags, realisations: int,
                             rng: np.random.Generator, points: int = 2000, box: float = 100.0) -> float:
    """Log-log slope of S2(r) = <|dB(x + r e) - dB(x)|^2> over ``lags`` (random x and e).

    In the inertial range S2 propto r^(gamma - 3) (2/3 for Kolmogorov): a check of the spectrum
    that does not use the mode weights.
    """
    lags = np.asarray(lags, dtype=float)
    s2 = np.zeros(lags.size)
    for _ in range(realisations):
        waves = spectrum.realise(rng)
        x = rng.uniform(-box, box, (points, 3))
        e = rng.normal(size=(points, 3))
        e /= np.linalg.norm(e, axis=1)[:, None]
        b0 = waves.field(x)
        for i, lag in enumerate(lags):
            s2[i] += np.mean(np.sum((waves.field(x + lag * e) - b0) ** 2, axis=1))
    return float(np.polyfit(np.log(lags), np.log(s2), 1)[0])


@dataclass(frozen=True)
class PlaneWaves:
    """One turbulent field: dB(x) = sum_n a_n cos(k_n . x + beta_n), as aligned arrays.

    Built by :meth:`TurbulenceSpectrum.realise` or :meth:`from_arrays`; the arrays are padded
    with zero-amplitude modes to a multiple of the driver's mode block (``n_modes`` counts the
    real ones).  Wave vectors in 1/L_c, amplitudes in B_ref.

    Parameters
    ----------
    kx, ky, kz : ndarray
        Wave vectors k_n (1/L_c), aligned float64 arrays padded to a multiple of the mode block.
    beta : ndarray
        Phases beta_n (rad).
    ax, ay, az : ndarray
        Amplitude vectors a_n (B_ref), perpendicular to k_n.
    n_modes : int
        Number of real (not padding) modes.

    Examples
    --------
    >>> from cranisotropy import PlaneWaves
    >>> waves = PlaneWaves.from_arrays([[1.0], [0.0], [0.0]], [0.0], [[0.0], [1.0], [0.0]])
    >>> waves.field([[np.pi, 0.0, 0.0]]).round(12).tolist()  # a_y cos(k_x x) at x = pi
    [[0.0, -1.0, 0.0]]
    """

    kx: np.ndarray
    ky: np.ndarray
    kz: np.ndarray
    beta: np.ndarray
    ax: np.ndarray
    ay: np.ndarray
    az: np.ndarray
    n_modes: int

    @classmethod
    def from_arrays(cls, wave_vectors, phases, amplitudes) -> "PlaneWaves":
        """Build from (3, N) wave vectors, (N,) phases and (3, N) amplitude vectors; pads to MODE_BLOCK."""
        wave_vectors = np.asarray(wave_vectors, dtype=np.float64).reshape(3, -1)
        n = wave_vectors.shape[1]
        padded = -(-n // MODE_BLOCK) * MODE_BLOCK
        cols = []
        for row in (*wave_vectors, np.asarray(phases, float), *np.asarray(amplitudes, float).reshape(3, n)):
            arr = aligned_empty(padded)
            arr[:n] = row
            arr[n:] = 0.0  # zero-amplitude padding adds exactly 0 to the field
            cols.append(arr)
        return cls(*cols, n_modes=n)

    @classmethod
    def none(cls) -> "PlaneWaves":
        """No turbulence (uniform-field runs)."""
        return cls.from_arrays(np.zeros((3, 0)), np.zeros(0), np.zeros((3, 0)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        """(kx, ky, kz, beta, ax, ay, az), the drivers' mode arrays."""
        return (self.kx, self.ky, self.kz, self.beta, self.ax, self.ay, self.az)

    def field(self, points) -> np.ndarray:
        """dB at ``points`` (n, 3, L_c): the driver loop with the polynomial cosine, shape (n, 3)."""
        return self._evaluate(points, _drivers.turbulent_field)

    def field_libm(self, points) -> np.ndarray:
        """dB at ``points`` by the same loop with libm ``cos`` (the benchmark's reference)."""
        return self._evaluate(points, _drivers.turbulent_field_libm)

    def field_reference(self, points) -> np.ndarray:
        """dB at ``points`` in plain numpy (libm cos), independent of the kernels and drivers."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        n = self.n_modes
        k = np.stack([self.kx[:n], self.ky[:n], self.kz[:n]])
        cosines = np.cos(points @ k + self.beta[:n])
        return cosines @ np.stack([self.ax[:n], self.ay[:n], self.az[:n]]).T

    def divergence_reference(self, points) -> np.ndarray:
        """div dB = -sum_n (k_n . a_n) sin(k_n . x + beta_n), analytic (numpy)."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        n = self.n_modes
        k = np.stack([self.kx[:n], self.ky[:n], self.kz[:n]])
        k_dot_a = self.kx[:n] * self.ax[:n] + self.ky[:n] * self.ay[:n] + self.kz[:n] * self.az[:n]
        return -np.sin(points @ k + self.beta[:n]) @ k_dot_a

    def _evaluate(self, points, kernel) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        x, y, z = (aligned_copy(points[:, i]) for i in range(3))
        out = [aligned_empty(points.shape[0]) for _ in range(3)]
        kernel(x, y, z, *self.arrays(), *out)
        return np.stack(out, axis=1)
