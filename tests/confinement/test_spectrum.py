"""The spectral break at fixed z/sqrt(t) (numerics/confinement/spectrum.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import similarity as nc
from cranisotropy.numerics.confinement import spectrum as ns


def test_break_momentum_criterion():
    src = ns.PowerLawSource(pi0=6.0, kappa_ism0=2.0, pi_index=0.8)
    xi = math.sqrt(nc.factor_F(6.0) * 2.0 * math.exp(-6.0))
    assert ns.break_momentum(xi, src) == pytest.approx(1.0, rel=1e-8)
    assert ns.break_momentum(1e6, src) is None


def test_spectrum_follows_its_asymptotes():
    """Far below the break the point is on the pedestal, far above in the core."""
    src = ns.PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=0.5)
    xi = 2 * math.sqrt(nc.factor_F(8.0) * math.exp(-8.0))
    brk = ns.spectral_break(xi, src)
    low, high = brk.criterion / 30, brk.criterion * 30
    spec = ns.momentum_spectrum(xi, src, [low, high])
    assert spec[0] == pytest.approx(ns.pedestal_spectrum(xi, src, low), rel=0.1)
    assert spec[1] == pytest.approx(ns.core_spectrum(src, high), rel=0.1)
    assert brk.measured == pytest.approx(brk.criterion, rel=0.1)
    assert brk.pedestal_slope == src.kappa_index and brk.core_slope < 0


def test_far_tail_does_not_underflow():
    """At z^2/t far beyond kappa_ISM P underflows to 0; the break is still reported (or not)."""
    src = ns.PowerLawSource(pi0=8.0, kappa_ism0=1.0, pi_index=1.2)
    spec_log = ns.momentum_spectrum(1e3, src, [1.0, 2.0], log=True)
    assert np.all(np.isfinite(spec_log))
    brk = ns.spectral_break(1e3, src)
    assert brk.criterion is None or brk.measured is None or brk.measured > 0


def test_source_validation():
    with pytest.raises(UsageError, match="pi0"):
        ns.PowerLawSource(pi0=0.0, kappa_ism0=1.0)
    with pytest.raises(UsageError, match="pi_index"):
        ns.PowerLawSource(pi0=1.0, kappa_ism0=1.0, pi_index=float("nan"))
    with pytest.raises(UsageError, match="xi"):
        ns.break_momentum(-1.0, ns.PowerLawSource(pi0=1.0, kappa_ism0=1.0))
