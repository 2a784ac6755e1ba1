"""`cranisotropy sky ...`: partial-sky harmonic analysis, dipoles, noise, Compton–Getting (seed 004).

Sub-commands: ``coupling`` (coupling/transfer matrices of a declination band, m = 0 filtered),
``dipole`` (rescalings of the dipole methods and reconstruction), ``noise`` (shot-noise power),
``compton-getting`` (dipoles from the observer's motion), ``map`` (sky maps of a backtracking
campaign: FITS, Mollweide), ``observe`` (what an observatory reconstructs of a sky),
``figures`` and ``map-figures`` (the topic guide's figures); ``validate sky`` runs the Monte
Carlo skies.  Each handler parses its options, calls one function of the Python API
(``cranisotropy.sky_coupling``, ``sky_dipole``, ``sky_noise``, ``compton_getting_dipole`` /
``solar_compton_getting``, ``sky_maps``, ``observe_sky``, ``sky_figures``, ``sky_map_figures``,
``validate_sky``) and prints the result (``--json``: its ``to_dict()``).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from cranisotropy.cli import CommandResult, CommandSet, add_output_dir
from cranisotropy.cli.types import closed_interval, finite_float, int_range, physical, positive_float
from cranisotropy.core.errors import UsageError


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
                      "Python: cranisotropy.sky_coupling(Band(-26, 64), 10).\n"
                      "Example: cranisotropy sky coupling --dec-min -26 --dec-max 64 --lmax 10"))
    _band_arguments(p)
    p.add_argument("--lmax", type=int_range(-10**6, 10**6), required=True, help="largest multipole l (1..400)")
    p.add_argument("--lpmax", type=int_range(-10**6, 10**6), help="largest true multipole l' (default lmax)")
    p.add_argument("--method", choices=("quadrature", "wigner", "both"), default="quadrature")
    p.add_argument("--no-filter", action="store_true", help="keep the m = 0 modes (standard MASTER)")
    p.add_argument("--blocks", action="store_true", help="also output the coupling blocks I^m_ll'")
    p.add_argument("--plot", action="store_true", help="draw the matrix: sky_transfer_matrix.png in --output-dir")
    add_output_dir(p, "figure")

    p = g.command("dipole", "dipole rescalings (East-West, RA projection, K11) and reconstruction",
                  handler=_dipole, description=(
                      "For a declination band: f_sky, the dipole transition element K11 (eq. 27), the\n"
                      "right-ascension projection factor A~1/A1 (eq. 25) and, with a zenith cut, the\n"
                      "East-West step Delta alpha (eq. 23) for an acceptance A(theta).  Optionally\n"
                      "corrects a reported projected amplitude, or reconstructs (d_0h, d_6h) from a\n"
                      "pseudo a~_11 (eq. 28).  Python: cranisotropy.sky_dipole.\n"
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
                               "Python: cranisotropy.sky_noise.\n"
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
                      "Python: cranisotropy.solar_compton_getting, cranisotropy.compton_getting_dipole.\n"
                      "Example: cranisotropy sky compton-getting --speed 220 --l 90 --b 0"))
    p.add_argument("--gamma", type=closed_interval(0, 10), default=2.7, help="spectral index Gamma (default 2.7)")
    p.add_argument("--speed", type=_SPEED, metavar="V",
                   help="observer speed, below c: km/s, or a unit string (220km/s, 2.2e7cm/s)")
    p.add_argument("--l", type=closed_interval(-360, 360), help="Galactic longitude of the motion (deg)")
    p.add_argument("--b", type=closed_interval(-90, 90), help="Galactic latitude of the motion (deg)")
    p.add_argument("--orbital-speed", type=_SPEED, default=29.8, metavar="V",
                   help="Earth's speed: km/s or a unit string (29.8)")
    p.add_argument("--obliquity", type=closed_interval(0, 90), default=23.4, help="ecliptic tilt, deg (23.4)")

    p = g.command("map", "sky maps of a backtracking campaign: HEALPix FITS and Mollweide drawings",
                  handler=_map, description=(
                      "Relative-intensity maps dI(n) of a backtracking campaign (its results directory) at\n"
                      "recorded backtracking times, for a density gradient parallel and perpendicular to B0\n"
                      "(dI = r(-T).g - 3 p(-T).(K g), |g| = 1/L_c) or a homogeneous dipole, per realisation,\n"
                      "with the ensemble C_l (seed 004 Sec. 4.4, Fig. 13).  --dipole-subtracted removes the\n"
                      "fitted monopole and dipole; --b0-l/--b0-b (or --b0-ra/--b0-dec) rotate the maps onto\n"
                      "the sky (equatorial, or --frame G).  --fits writes every map as a column of one HEALPix\n"
                      "FITS file (RING, float64; header: NSIDE, ORDERING, COORDSYS = B0/C/G, the run's\n"
                      "parameters and seeds); --png draws the first realisation's maps (Mollweide).  Files are\n"
                      "written only where asked.  Python: cranisotropy.sky_maps.\n"
                      "Example: cranisotropy sky map results/bt --time 100 --fits maps.fits --png maps.png"))
    p.add_argument("results", metavar="RESULTS", help="results directory of `cranisotropy backtrack run`")
    p.add_argument("--time", type=_number_list, required=True, metavar="OMEGA_T[,OMEGA_T...]",
                   help="backtracking times Omega T (among the recorded ones)")
    p.add_argument("--orientation", choices=("both", "parallel", "perpendicular"), default="both",
                   help="gradient (or dipole) along B0, perpendicular to it, or both (default)")
    p.add_argument("--kind", choices=("gradient", "dipole"), default="gradient",
                   help="gradient state (default) or homogeneous dipole (seed 003)")
    p.add_argument("--realisations", type=_index_list, metavar="I[,J...]",
                   help="realisation numbers to map (default all finished ones)")
    p.add_argument("--dipole-subtracted", action="store_true", help="remove the fitted monopole and dipole")
    p.add_argument("--lmax", type=int_range(0, 100000), help="largest multipole of the C_l (default 3 nside - 1)")
    _b0_arguments(p)
    p.add_argument("--frame", choices=("B0", "C", "G"),
                   help="coordinates of the maps: B0 (backtracker frame, default without a B0 direction), "
                        "C (equatorial, default with one) or G (Galactic)")
    p.add_argument("--fits", metavar="OUT.fits", help="write the maps into this FITS file")
    p.add_argument("--png", metavar="OUT.png", help="draw the first realisation's maps into this PNG file")

    p = g.command("observe", "what an observatory reconstructs of a sky (band, m = 0 removed, pseudo C_l)",
                  handler=_observe, description=(
                      "A mock anisotropy (Gaussian skies of a C_l spectrum, --cl; or a HEALPix map, --map) in\n"
                      "equatorial coordinates for a B0 direction, and what an observatory at latitude Phi with\n"
                      "a zenith cut reconstructs: the band Phi -/+ theta_max with every declination ring's mean\n"
                      "removed (the m = 0 modes, seed 004 eq. 13).  Reports the observable's pseudo C_l and its\n"
                      "transfer-matrix prediction sum_l' M_ll' C_l' (eq. A.2); with --cl also the Monte Carlo\n"
                      "mean and spread over --realisations skies.  --fits writes the sky and the observable\n"
                      "(equatorial), --png draws them as seed 004 Fig. 5.  Python: cranisotropy.observe_sky.\n"
                      "Examples: cranisotropy sky observe --cl cl.txt --latitude 19 --zenith-max 60\n"
                      "          cranisotropy sky observe --map maps.fits --field PAR_OMEGAT100_R0 --b0-l 90 --b0-b 0 --observatory IceCube"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--cl", metavar="FILE", help="C_l spectrum: one value per line from l = 0, 'l C_l' columns, or JSON")
    which.add_argument("--map", metavar="FILE.fits", help="a HEALPix FITS map (COORDSYS C, G, or B0 from `sky map`)")
    p.add_argument("--field", default="0", metavar="N|NAME", help="column of --map (index or name; default 0)")
    p.add_argument("--observatory", choices=("HAWC", "IceCube"),
                   help="HAWC (19 N, zenith < 60 deg; default) or IceCube-like (South Pole, zenith < 65 deg)")
    p.add_argument("--latitude", type=_ANGLE, metavar="DEG", help="observatory latitude (instead of --observatory)")
    p.add_argument("--zenith-max", type=_ANGLE, metavar="DEG", help="zenith-angle cut (with --latitude)")
    _b0_arguments(p)
    p.add_argument("--nside", type=int_range(1, 1024), default=32, help="nside of the mock skies (32)")
    p.add_argument("--lmax", type=int_range(1, 3000), default=10, help="largest pseudo multipole (10)")
    p.add_argument("--realisations", type=int_range(2, 10**6), default=1000, help="mock skies for --cl (1000)")
    p.add_argument("--seed", type=int_range(0, 2**63 - 1), default=20171205, help="seed of the mock skies")
    p.add_argument("--sidereal-time", type=closed_interval(0, 24), default=9.0, metavar="HOURS",
                   help="local sidereal time of the drawn instantaneous field of view (9 h, as Fig. 5)")
    p.add_argument("--fits", metavar="OUT.fits", help="write the sky and the observable into this FITS file")
    p.add_argument("--png", metavar="OUT.png", help="draw the sky and the observable into this PNG file")

    p = g.command("map-figures", "draw the sky-map figures of docs/sky.md (small backtracking campaign)",
                  handler=_map_figures, description=(
                      "Run a small backtracking campaign (quick-preset physics at nside 16, 4 realisations)\n"
                      "and draw sky_map_gradients.png (seed 004 Fig. 13), sky_map_observed.png (Fig. 5: HAWC\n"
                      "and an IceCube-like array) and sky_map_pseudo_cl.png (observable pseudo C_l against\n"
                      "the transfer matrix) into --output-dir; about 25 s of CPU in all.  The committed copies are made by\n"
                      "`cranisotropy sky map-figures --output-dir docs/figures` (also part of\n"
                      "`regenerate --docs`).  Python: cranisotropy.sky_map_figures."))
    add_output_dir(p, "figures")
    p.add_argument("--realisations", type=int_range(2, 10**6), default=1000,
                   help="Monte Carlo skies per observatory for the pseudo-C_l figure (1000, as committed)")
    cli.document("sky-maps", _document_map_figures)

    p = g.command("figures", "draw the figures of the sky topic guide (docs/sky.md)", handler=_figures,
                  description=("Draw sky_transfer_matrix.png, sky_dipole_factors.png, sky_solar_cg.png and\n"
                               "sky_mc_pseudo_cl.png into --output-dir (the committed copies in docs/figures\n"
                               "are refreshed by `cranisotropy regenerate --docs`).  Python: cranisotropy.sky_figures."))
    add_output_dir(p, "figures")
    p.add_argument("--realisations", type=int_range(10, 10**6), default=2000,
                   help="Monte Carlo skies for the pseudo-C_l figure (default 2000, as committed)")
    cli.document("sky-figures", _document_figures)

    p = cli.validation("sky", "Monte Carlo skies: pseudo C_l = M C_l (+ noise), dipole recovery",
                       handler=_validate_sky, description=(
                           "healpy skies (synalm) observed in a declination band with the data-driven\n"
                           "ring normalisation (eq. 13), map2alm of the weighted map: the mean pseudo C~_l\n"
                           "must equal M C_l (eq. A.2) (+ N_l with --events), the standard MASTER matrix\n"
                           "without the m = 0 filter, and eq. 28 must recover injected dipoles.  Running\n"
                           "sums are saved in OUTPUT_DIR/sky-validate every 50 skies; rerunning resumes.\n"
                           "Python: cranisotropy.validate_sky."))
    _band_arguments(p, required=False)
    p.add_argument("--realisations", type=int_range(2, 10**7), default=2000, help="skies per run (2000)")
    p.add_argument("--nside", type=int_range(4, 1024), default=32, help="HEALPix nside, a power of 2 (32)")
    p.add_argument("--lmax", type=int_range(1, 4096), default=20, help="largest multipole (20)")
    p.add_argument("--events", type=positive_float, default=1e8,
                   help="events in the field of view for the shot-noise run (1e8: noise ~ signal at l ~ 20)")
    p.add_argument("--seed", type=int, default=20171201, help="random seed (20171201)")
    p.add_argument("--plot", action="store_true", help="draw sky_mc_pseudo_cl.png in --output-dir")
    add_output_dir(p, "checkpoints and the figure")


# --------------------------------------------------------------------------- arguments

def _band_arguments(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--dec-min", type=_ANGLE, metavar="DEG", help="lower declination of the band (deg or 0.1rad)")
    p.add_argument("--dec-max", type=_ANGLE, metavar="DEG", help="upper declination of the band")
    p.add_argument("--latitude", type=_ANGLE, metavar="DEG",
                   help="observatory latitude (with --zenith-max, instead of --dec-min/--dec-max)")
    p.add_argument("--zenith-max", type=_ANGLE, metavar="DEG", help="zenith-angle cut in degrees")
    p.set_defaults(band_required=required)


_SPEED = physical("speed", "km/s", positive=True, below_constant=("c", "the speed of light"))
_ANGLE = physical("angle", "deg")


def _b0_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--b0-l", type=_ANGLE, metavar="DEG", help="Galactic longitude of B0 (with --b0-b)")
    p.add_argument("--b0-b", type=_ANGLE, metavar="DEG", help="Galactic latitude of B0")
    p.add_argument("--b0-ra", type=_ANGLE, metavar="DEG", help="right ascension of B0 (with --b0-dec)")
    p.add_argument("--b0-dec", type=_ANGLE, metavar="DEG", help="declination of B0")
    p.add_argument("--psi", type=_ANGLE, default=0.0, metavar="DEG",
                   help="turn of the backtracker's frame about B0: 0 = its x axis east, y north (default)")


def _b0(args):
    """(lon, lat, frame, psi) of --b0-l/--b0-b or --b0-ra/--b0-dec, or None."""
    galactic, equatorial = (args.b0_l, args.b0_b), (args.b0_ra, args.b0_dec)
    given = [pair for pair in (galactic, equatorial) if any(v is not None for v in pair)]
    if len(given) > 1:
        raise UsageError("give the B0 direction once: --b0-l/--b0-b (Galactic) or --b0-ra/--b0-dec (equatorial)")
    if not given:
        return None
    if None in given[0]:
        raise UsageError("the B0 direction needs both coordinates: --b0-l and --b0-b, or --b0-ra and --b0-dec")
    return (*given[0], "G" if given[0] is galactic else "C", args.psi)


def _number_list(text: str) -> list[float]:
    values = [finite_float(part.strip()) for part in text.split(",") if part.strip()]
    if not values:
        raise argparse.ArgumentTypeError("give at least one number")
    return values


def _index_list(text: str) -> list[int]:
    convert = int_range(0, 10**9)
    values = [convert(part.strip()) for part in text.split(",") if part.strip()]
    if not values:
        raise argparse.ArgumentTypeError("give at least one realisation number")
    return values


def _complex_pair(text: str) -> complex:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"{text!r} is not RE,IM (two numbers separated by a comma)")
    try:
        return complex(finite_float(parts[0]), finite_float(parts[1]))
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _band(args):
    """The Band of --dec-min/--dec-max or --latitude/--zenith-max (None when neither is given)."""
    from cranisotropy import Band

    decs = (args.dec_min, args.dec_max)
    if any(v is not None for v in decs):
        if None in decs:
            raise UsageError("give both --dec-min and --dec-max")
        if args.latitude is not None:
            raise UsageError("give either --dec-min/--dec-max or --latitude/--zenith-max, not both")
        return Band(*decs)
    if args.latitude is not None:
        if args.zenith_max is None:
            raise UsageError("--latitude needs --zenith-max")
        return Band.from_zenith_cut(args.latitude, args.zenith_max)
    if args.band_required:
        raise UsageError("give the field of view: --dec-min D1 --dec-max D2, or --latitude PHI --zenith-max THETA")
    return None


def _printed(result, ok: bool = True) -> CommandResult:
    return CommandResult(result.to_dict(), str(result), ok=ok)


# --------------------------------------------------------------------------- handlers

def _coupling(args) -> CommandResult:
    from cranisotropy import sky_coupling

    result = sky_coupling(_band(args), args.lmax, lpmax=args.lpmax, filter_m0=not args.no_filter,
                          method=args.method, blocks=args.blocks, plot=args.plot, output_dir=args.output_dir)
    return _printed(result, result.ok)


def _dipole(args) -> CommandResult:
    from cranisotropy import sky_dipole

    return _printed(sky_dipole(_band(args), zenith_max=args.zenith_max, acceptance=args.acceptance,
                               projected_amplitude=args.projected_amplitude, pseudo_a11=args.pseudo_a11))


def _noise(args) -> CommandResult:
    from cranisotropy import sky_noise

    return _printed(sky_noise(args.events, band=_band(args), f_sky=args.f_sky, lmax=args.lmax))


def _compton_getting(args) -> CommandResult:
    from cranisotropy import compton_getting_dipole, solar_compton_getting

    if args.speed is None:
        if args.l is not None or args.b is not None:
            raise UsageError("--l/--b need --speed (without --speed the solar dipole is computed)")
        return _printed(solar_compton_getting(args.gamma, orbital_speed_km_s=args.orbital_speed,
                                              obliquity_deg=args.obliquity))
    if args.l is None or args.b is None:
        raise UsageError("--speed needs the direction of the motion: --l DEG --b DEG (Galactic)")
    return _printed(compton_getting_dipole(args.speed, args.l, args.b, gamma=args.gamma))


def _map(args) -> CommandResult:
    from cranisotropy import sky_maps

    return _printed(sky_maps(args.results, args.time, orientation=args.orientation, realisations=args.realisations,
                             kind=args.kind, dipole_subtracted=args.dipole_subtracted, b0=_b0(args),
                             frame=args.frame, lmax=args.lmax, fits=args.fits, png=args.png))


def _observe(args) -> CommandResult:
    from cranisotropy import observatory, observe_sky

    if args.latitude is not None or args.zenith_max is not None:
        if args.observatory is not None:
            raise UsageError("give either --observatory or --latitude/--zenith-max, not both")
        where = observatory(args.latitude, args.zenith_max)
    else:
        where = args.observatory or "HAWC"
    return _printed(observe_sky(args.cl, sky_map=args.map, field=args.field, observatory_=where, b0=_b0(args),
                                nside=args.nside, lmax=args.lmax, realisations=args.realisations, seed=args.seed,
                                sidereal_time_h=args.sidereal_time, fits=args.fits, png=args.png))


def _map_figures(args) -> CommandResult:
    from cranisotropy import sky_map_figures

    return _printed(sky_map_figures(args.output_dir, realisations=args.realisations))


def _document_map_figures(docs: Path) -> list[Path]:
    """``regenerate --docs``: the committed docs/figures/sky_map_*.png."""
    from cranisotropy import sky_map_figures

    return [Path(p) for p in sky_map_figures(docs / "figures").figures]


def _figures(args) -> CommandResult:
    from cranisotropy import sky_figures

    return _printed(sky_figures(args.output_dir, realisations=args.realisations))


def _document_figures(docs: Path) -> list[Path]:
    """``regenerate --docs``: the committed docs/figures/sky_*.png."""
    from cranisotropy import sky_figures

    return [Path(p) for p in sky_figures(docs / "figures").figures]


def _validate_sky(args) -> CommandResult:
    from cranisotropy import validate_sky

    report = validate_sky(_band(args), nside=args.nside, lmax=args.lmax, realisations=args.realisations,
                          events=args.events, seed=args.seed, output_dir=args.output_dir, plot=args.plot)
    return _printed(report, report.ok)
