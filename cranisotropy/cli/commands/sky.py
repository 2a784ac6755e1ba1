"""`cranisotropy sky ...`: partial-sky harmonic analysis, dipoles, noise, Compton–Getting (seed 004).

Sub-commands: ``coupling`` (coupling/transfer matrices of a declination band, m = 0 filtered),
``dipole`` (rescalings of the dipole methods and reconstruction), ``noise`` (shot-noise power),
``compton-getting`` (dipoles from the observer's motion), ``figures`` (the docs' sky figures);
``validate sky`` runs the Monte Carlo skies.
"""
from __future__ import annotations

import argparse
import math
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet
from cranisotropy.cli.types import closed_interval, finite_float, int_range, positive_float
from cranisotropy.core.errors import UsageError

WIGNER_LMAX = 16          # the exact sympy route gets slow beyond this
QUADRATURE_LMAX = 400


def register(cli: CommandSet) -> None:
    g = cli.group("sky", "observation side: partial-sky coupling, dipoles, noise, Compton-Getting",
                  description="Observation side of seed 004 (Ahlers & Mertsch 2017, Sec. 2, 3.2, App. A).")

    p = g.command("coupling", "coupling and transfer matrices of a declination band (m = 0 filtered)",
                  handler=_coupling, description=(
                      "Transfer matrix M_ll' of a uniform declination band, <C~_l> = sum_l' M_ll' C_l'\n"
                      "(seed 004 eqs. 30, A.2), with the m = 0 modes removed as in the data-driven\n"
                      "reconstruction of ground arrays (--no-filter gives the standard MASTER matrix).\n"
                      "--method quadrature: Gauss-Legendre over associated Legendre functions (fast);\n"
                      "wigner: the exact Wigner-3j sum of eq. A.1 (sympy, lmax <= 16); both: compare.\n"
                      "Example: cranisotropy sky coupling --dec-min -26 --dec-max 64 --lmax 10"))
    _band_arguments(p)
    p.add_argument("--lmax", type=int_range(-10**6, 10**6), required=True, help="largest multipole l (>= 1)")
    p.add_argument("--lpmax", type=int_range(-10**6, 10**6), help="largest true multipole l' (default lmax)")
    p.add_argument("--method", choices=("quadrature", "wigner", "both"), default="quadrature")
    p.add_argument("--no-filter", action="store_true", help="keep the m = 0 modes (standard MASTER)")
    p.add_argument("--blocks", action="store_true", help="also output the coupling blocks I^m_ll'")
    p.add_argument("--plot", type=Path, metavar="PNG", help="write a picture of the transfer matrix")

    p = g.command("dipole", "dipole rescalings (East-West, RA projection, K11) and reconstruction",
                  handler=_dipole, description=(
                      "For a declination band: f_sky, the dipole transition element K11 (eq. 27), the\n"
                      "right-ascension projection factor A~1/A1 (eq. 25) and, with a zenith cut, the\n"
                      "East-West step Delta alpha (eq. 23) for an acceptance A(theta).  Optionally\n"
                      "corrects a reported projected amplitude, or reconstructs (d_0h, d_6h) from a\n"
                      "pseudo a~_11 (eq. 28).\n"
                      "Example: cranisotropy sky dipole --latitude 19 --zenith-max 45 --projected-amplitude 8e-4"))
    _band_arguments(p)
    p.add_argument("--acceptance", default="1", metavar="FORMULA",
                   help="relative acceptance A(theta), theta in radians (default 1); e.g. 'cos(theta)'")
    p.add_argument("--projected-amplitude", type=positive_float, metavar="A",
                   help="a dipole amplitude from the RA projection (eq. 24) to correct by eq. 25")
    p.add_argument("--pseudo-a11", type=_complex_pair, metavar="RE,IM",
                   help="pseudo multipole a~_11 of the weighted map, to reconstruct the dipole (eq. 28); "
                        "write --pseudo-a11=-1e-4,2e-4 when RE is negative")

    p = g.command("noise", "shot-noise power of a pseudo power spectrum (eqs. 31-32)", handler=_noise,
                  description=("Noise level N = 4 pi f_sky^2 / n_tot (eq. 32) for uniform exposure in the field\n"
                               "of view; with a band and --lmax also the m = 0-filtered N_l per multipole.\n"
                               "Example: cranisotropy sky noise --events 3.2e11 --dec-min -90 --dec-max -25"))
    p.add_argument("--events", type=positive_float, required=True, help="total number of events n_tot")
    p.add_argument("--f-sky", type=closed_interval(0, 1), help="sky fraction (instead of a band)")
    _band_arguments(p, required=False)
    p.add_argument("--lmax", type=int_range(-10**6, 10**6), help="also list the filtered N_l up to lmax")

    p = g.command("compton-getting", "Compton-Getting dipole of a motion, or the solar one (eqs. 57-62)",
                  handler=_compton_getting, description=(
                      "Without --speed: the solar Compton-Getting dipole of the Earth's orbit (sidereal\n"
                      "and solar frames, yearly averages).  With --speed/--l/--b: the dipole (2+Gamma) v/c\n"
                      "of a motion towards Galactic (l, b), its equatorial direction and projection.\n"
                      "Example: cranisotropy sky compton-getting --speed 220 --l 90 --b 0"))
    p.add_argument("--gamma", type=closed_interval(0, 10), default=2.7, help="spectral index Gamma (default 2.7)")
    p.add_argument("--speed", type=positive_float, metavar="KM_S", help="observer speed in km/s")
    p.add_argument("--l", type=closed_interval(-360, 360), help="Galactic longitude of the motion (deg)")
    p.add_argument("--b", type=closed_interval(-90, 90), help="Galactic latitude of the motion (deg)")
    p.add_argument("--orbital-speed", type=positive_float, default=29.8, help="Earth's speed, km/s (29.8)")
    p.add_argument("--obliquity", type=closed_interval(0, 90), default=23.4, help="ecliptic tilt, deg (23.4)")

    p = g.command("figures", "redraw the sky figures of docs/sky.md", handler=_figures)
    p.add_argument("--output-dir", type=Path, help="folder (default docs/figures of the checkout)")
    p.add_argument("--realisations", type=int_range(10, 10**6), default=2000,
                   help="Monte Carlo skies for the pseudo-C_l figure (default 2000, as committed)")

    p = cli.validation("sky", "Monte Carlo skies: pseudo C_l = M C_l (+ noise), dipole recovery",
                       handler=_validate_sky, description=(
                           "healpy skies (synalm) observed in a declination band with the data-driven\n"
                           "ring normalisation (eq. 13), map2alm of the weighted map: the mean pseudo C~_l\n"
                           "must equal M C_l (eq. A.2) (+ N_l with --events), the standard MASTER matrix\n"
                           "without the m = 0 filter, and eq. 28 must recover injected dipoles.  Running\n"
                           "sums are saved in --output every 50 skies; rerunning resumes."))
    _band_arguments(p, required=False)
    p.add_argument("--realisations", type=int_range(2, 10**7), default=2000, help="skies per run (2000)")
    p.add_argument("--nside", type=int_range(4, 1024), default=32, help="HEALPix nside (32)")
    p.add_argument("--lmax", type=int_range(1, 4096), default=20, help="largest multipole (20)")
    p.add_argument("--events", type=positive_float, default=1e8,
                   help="events in the field of view for the shot-noise run (1e8: noise ~ signal at l ~ 20)")
    p.add_argument("--seed", type=int, default=20171201, help="random seed (20171201)")
    p.add_argument("--output", type=Path, default=Path("results") / "sky-validate",
                   help="checkpoint folder (default results/sky-validate)")
    p.add_argument("--plot", type=Path, metavar="PNG", help="write the Monte Carlo figure here")


# --------------------------------------------------------------------------- arguments

def _band_arguments(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--dec-min", type=finite_float, metavar="DEG", help="lower declination of the band")
    p.add_argument("--dec-max", type=finite_float, metavar="DEG", help="upper declination of the band")
    p.add_argument("--latitude", type=finite_float, metavar="DEG",
                   help="observatory latitude (with --zenith-max, instead of --dec-min/--dec-max)")
    p.add_argument("--zenith-max", type=finite_float, metavar="DEG", help="zenith-angle cut in degrees")
    p.set_defaults(band_required=required)


def _complex_pair(text: str) -> complex:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"{text!r} is not RE,IM (two numbers separated by a comma)")
    try:
        return complex(finite_float(parts[0]), finite_float(parts[1]))
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _band(args, default=None):
    from cranisotropy.numerics.sky.analysis import Band

    decs = (args.dec_min, args.dec_max)
    site = (args.latitude, args.zenith_max)
    try:
        if any(v is not None for v in decs):
            if None in decs:
                raise UsageError("give both --dec-min and --dec-max")
            if args.latitude is not None:
                raise UsageError("give either --dec-min/--dec-max or --latitude/--zenith-max, not both")
            return Band(*decs)
        if args.latitude is not None:
            if args.zenith_max is None:
                raise UsageError("--latitude needs --zenith-max")
            return Band.from_zenith_cut(*site)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if default is not None:
        return default
    if args.band_required:
        raise UsageError("give the field of view: --dec-min D1 --dec-max D2, or --latitude PHI --zenith-max THETA")
    return None


def _lmax(value, name="--lmax", upper=QUADRATURE_LMAX):
    if value < 1:
        raise UsageError(f"{name} must be >= 1, got {value}")
    if value > upper:
        raise UsageError(f"{name} must be <= {upper}, got {value}")
    return value


def _matrix_text(matrix, label):
    import numpy as np

    n = matrix.shape[0]
    head = "l \\ l' " + " ".join(f"{j:>10d}" for j in range(matrix.shape[1]))
    rows = [f"{i:6d} " + " ".join(f"{v:10.3e}" if abs(v) > 5e-17 else f"{0:10.0f}" for v in matrix[i])
            for i in range(n)]
    return "\n".join([label, head, *rows]) if np.size(matrix) else label


# --------------------------------------------------------------------------- handlers

def _coupling(args) -> CommandResult:
    import numpy as np

    from cranisotropy.numerics.sky import analysis as sky

    band = _band(args)
    lmax = _lmax(args.lmax)
    lpmax = lmax if args.lpmax is None else _lmax(args.lpmax, "--lpmax")
    if lpmax < lmax:
        raise UsageError(f"--lpmax ({lpmax}) must be >= --lmax ({lmax})")
    if args.method != "quadrature" and lpmax > WIGNER_LMAX:
        raise UsageError(f"--method {args.method} is the exact sympy route: --lmax/--lpmax must be <= "
                         f"{WIGNER_LMAX}, got {lpmax} (use --method quadrature)")
    filt = not args.no_filter
    data = {"band": band.as_dict(), "lmax": lmax, "lpmax": lpmax, "filter_m0": filt, "method": args.method}
    if args.method == "wigner":
        blocks = sky.coupling_blocks_wigner(band, lmax, lpmax)
    else:
        blocks = sky.coupling_blocks(band, lmax, lpmax)
    if args.method == "both":
        exact = sky.coupling_blocks_wigner(band, lmax, lpmax)
        data["max_abs_difference_blocks"] = float(np.abs(exact - blocks).max())
        data["max_abs_difference_transfer"] = float(np.abs(
            sky.transfer_matrix(exact, filt) - sky.transfer_matrix(blocks, filt)).max())
    matrix = sky.transfer_matrix(blocks, filter_m0=filt)
    data["transfer_matrix"] = matrix.tolist()
    if args.blocks:
        data["coupling_blocks"] = {str(m): blocks[m].tolist() for m in range(lmax + 1)}
    text = [f"band {band.dec_min:g} < dec < {band.dec_max:g} deg, f_sky = {band.f_sky:.6f}",
            _matrix_text(matrix, f"transfer matrix M_ll' ({'m = 0 filtered, eq. A.2' if filt else 'MASTER'})")]
    if args.blocks:
        text += [_matrix_text(blocks[m], f"I^{m}_ll'") for m in range(lmax + 1)]
    if args.method == "both":
        text.append(f"quadrature vs Wigner-3j: max |difference| = {data['max_abs_difference_blocks']:.2e} "
                    f"(blocks), {data['max_abs_difference_transfer']:.2e} (transfer matrix)")
    ok = args.method != "both" or data["max_abs_difference_blocks"] < 1e-12
    if args.plot:
        from cranisotropy.numerics.sky import plots as sky_plots

        data["plot"] = str(sky_plots.transfer_matrix_figure(band, lmax, args.plot))
        text.append(f"wrote {data['plot']}")
    return CommandResult(data, "\n".join(text), ok=ok)


def _dipole(args) -> CommandResult:
    from cranisotropy.numerics.sky import analysis as sky

    band = _band(args)
    data = {"band": band.as_dict(), "k11": sky.dipole_transition_element(band),
            "ra_projection_factor": sky.ra_projection_factor(band)}
    text = [f"band {band.dec_min:g} < dec < {band.dec_max:g} deg, f_sky = {band.f_sky:.6f}",
            f"K11 (eq. 27)                      = {data['k11']:.6f}",
            f"RA projection A~1/A1 (eq. 25)     = {data['ra_projection_factor']:.6f}"]
    if args.zenith_max is not None:
        if not 0 < args.zenith_max <= 90:
            raise UsageError(f"--zenith-max must be in (0, 90] degrees, got {args.zenith_max:g}")
        try:
            step = sky.east_west_step(args.zenith_max, args.acceptance)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        data.update(east_west_step_rad=step, east_west_step_deg=math.degrees(step), acceptance=args.acceptance)
        text.append(f"East-West step Delta alpha (eq. 23) = {step:.6f} rad = {math.degrees(step):.3f} deg "
                    f"(A = {args.acceptance})")
    elif args.acceptance != "1":
        raise UsageError("--acceptance needs --zenith-max (the East-West step integrates up to it)")
    if args.projected_amplitude is not None:
        corrected = args.projected_amplitude / data["ra_projection_factor"]
        data["corrected_amplitude"] = corrected
        text.append(f"projected amplitude {args.projected_amplitude:.4g} -> A1 = {corrected:.4g}")
    if args.pseudo_a11 is not None:
        d_0h, d_6h = sky.dipole_from_pseudo_alm(args.pseudo_a11, data["k11"])
        amp, phase = sky.amplitude_phase(d_0h, d_6h)
        data["dipole"] = {"d_0h": d_0h, "d_6h": d_6h, "amplitude": amp, "phase_deg": phase}
        text.append(f"reconstructed dipole (eq. 28): d_0h = {d_0h:.4g}, d_6h = {d_6h:.4g}, "
                    f"A1 = {amp:.4g}, alpha1 = {phase:.1f} deg")
    return CommandResult(data, "\n".join(text))


def _noise(args) -> CommandResult:
    import numpy as np

    from cranisotropy.numerics.sky import analysis as sky

    band = _band(args)
    if (band is None) == (args.f_sky is None):
        raise UsageError("give the sky fraction: --f-sky F, or a band (--dec-min/--dec-max or --latitude/--zenith-max)")
    f_sky = band.f_sky if band is not None else args.f_sky
    if f_sky <= 0:
        raise UsageError(f"--f-sky must be > 0, got {args.f_sky:g}")
    level = sky.tophat_noise_power(f_sky, args.events)
    data = {"f_sky": f_sky, "events": args.events, "noise_power": level}
    text = [f"f_sky = {f_sky:.6f}, n_tot = {args.events:.4g}: N = 4 pi f_sky^2/n_tot = {level:.4g} (eq. 32)"]
    if args.lmax is not None:
        if band is None:
            raise UsageError("--lmax (the m = 0-filtered N_l) needs a band, not --f-sky")
        lmax = _lmax(args.lmax)
        diag = np.diagonal(sky.coupling_blocks(band, lmax)[0])
        spectrum = sky.filtered_noise_spectrum(f_sky, args.events, diag)
        spectrum[0] = 0.0                       # no l = 0 mode survives the ring normalisation
        data["filtered_noise_spectrum"] = spectrum.tolist()
        text.append("m = 0-filtered N_l: " + ", ".join(f"{l}: {v:.4g}" for l, v in enumerate(spectrum)))
    return CommandResult(data, "\n".join(text))


def _compton_getting(args) -> CommandResult:
    from cranisotropy.numerics.sky import compton_getting as cg

    if args.speed is None:
        if args.l is not None or args.b is not None:
            raise UsageError("--l/--b need --speed (without --speed the solar dipole is computed)")
        res = cg.solar_compton_getting(args.gamma, args.orbital_speed, args.obliquity)
        data = {"mode": "solar", "gamma": args.gamma, "orbital_speed_km_s": args.orbital_speed,
                "obliquity_deg": args.obliquity, **res}
        text = (f"solar Compton-Getting dipole (2+Gamma) v_orb/c = {res['amplitude']:.4g}\n"
                f"yearly average, sidereal frame: 0 (eq. 61)\n"
                f"yearly average, solar frame: {res['yearly_average_solar_frame']:.4g} towards "
                f"{res['solar_time_of_maximum_h']:.1f} h solar time (eq. 62)")
        return CommandResult(data, text)
    if args.l is None or args.b is None:
        raise UsageError("--speed needs the direction of the motion: --l DEG --b DEG (Galactic)")
    res = cg.compton_getting_dipole(args.speed, args.gamma, args.l, args.b)
    data = {"mode": "motion", "gamma": args.gamma, "speed_km_s": args.speed, "l_deg": args.l, "b_deg": args.b, **res}
    text = (f"Compton-Getting dipole (2+Gamma) v/c = {res['amplitude']:.4g} (eq. 60) towards "
            f"RA {res['ra_deg']:.2f} deg, dec {res['dec_deg']:.2f} deg\n"
            f"equatorial-plane projection (what ground arrays measure) = {res['equatorial_projection']:.4g}")
    return CommandResult(data, text)


def _figures(args) -> CommandResult:
    from cranisotropy.numerics.sky import plots as sky_plots

    written = sky_plots.all_figures(args.output_dir, realisations=args.realisations)
    return CommandResult({"figures": [str(p) for p in written]}, "\n".join(f"wrote {p}" for p in written))


def _validate_sky(args) -> CommandResult:
    from cranisotropy.numerics.sky import analysis as sky
    from cranisotropy.numerics.sky import monte_carlo as sky_mc

    band = _band(args, default=sky.Band(-26.0, 64.0))
    lmax = _lmax(args.lmax, upper=4 * args.nside)
    lsky = len(sky_mc.test_spectrum(lmax)) - 1
    mask = sky_mc.band_mask(args.nside, band)
    if not mask.any():
        raise UsageError(f"no HEALPix pixel centre at --nside {args.nside} lies in the band "
                         f"{band.dec_min:g}..{band.dec_max:g} deg; raise --nside or widen the band")
    if lmax + lsky >= sky_mc.smallest_ring_in_mask(args.nside, mask):
        raise UsageError(f"--nside {args.nside} is too coarse for --lmax {lmax} in this band: a ring in the field "
                         f"of view has <= {lmax + lsky} pixels (azimuthal aliasing); raise --nside or lower --lmax")
    report = sky_mc.validation_campaign(band, args.nside, lmax, args.realisations, args.events, args.seed,
                                        args.output, args.plot)
    lines = [f"band {band.dec_min:g}..{band.dec_max:g} deg, nside {args.nside}, lmax {lmax}, "
             f"{args.realisations} skies per run (checkpoints in {args.output})"]
    for name, r in report["spectra"].items():
        lines.append(f"{'ok  ' if r['ok'] else 'FAIL'} {name:28} max|z| = {r['max_abs_z']:.2f}, "
                     f"chi2/dof = {r['chi2_per_dof']:.2f} (pixel mask); continuous band: max|z| = "
                     f"{r['band_max_abs_z']:.2f}")
    dip = report["dipole"]
    lines.append(f"{'ok  ' if dip['ok'] else 'FAIL'} dipole reconstruction (eq. 28)  pulls {dip['pulls'][0]:+.2f}, "
                 f"{dip['pulls'][1]:+.2f}; noiseless error {dip['noiseless_rel_error']:.1e}")
    if report.get("plot"):
        lines.append(f"wrote {report['plot']}")
    return CommandResult(report, "\n".join(lines), ok=report["ok"])
