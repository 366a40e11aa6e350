"""``whatif`` and ``sensitivity`` subcommands."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from index071lib.analysis.sensitivity import (
    CONCENTRATION_RANGE,
    DEFAULT_CONCENTRATION,
    DEFAULT_N,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    MAX_N,
    SCHEMES,
    influence,
    simulate,
)
from index071lib.cli.common import (
    add_aggregation_arg,
    add_dutch_arg,
    add_edition_args,
    float_in,
    int_in,
    print_table,
    write_csv,
)
from index071lib.core.align import ALIGNMENTS
from index071lib.data.edition import load_edition
from index071lib.data.scenarios import scenario_aggregation
from index071lib.errors import OptionError
from index071lib.report.sensitivity_text import verdict_nl
from index071lib.text import nl

WHATIF_CSV = ["scenario", "series", "year", "baseline", "value", "diff"]
#: Most bootstrap resamples of the Sobol' intervals, and most cells of their table of row numbers (n x resamples:
#: 2**28 two-byte cells is 512 MB; the defaults use 16,384,000).
MAX_RESAMPLES = 10_000
MAX_RESAMPLE_CELLS = 2**28
WEIGHTS_CSV = ["scenario", "parameter", "basket", "baseline", "value", "diff"]
METHOD_DEFAULTS = {"scheme": "dirichlet", "concentration": DEFAULT_CONCENTRATION, "spread": DEFAULT_SPREAD, "top": 15,
                   "factors": "standaard", "resamples": 1000, "conf_level": 0.95}


def cmd_whatif(args) -> int:
    from index071lib.analysis.whatif import (
        compare,
        effective_weight_table,
        load_scenarios,
        weight_notes,
    )

    edition = load_edition(args.edition, args.data_dir)
    scenarios = load_scenarios(args.scenario, edition, args.data_dir)  # all validated before any output
    table = compare(edition, scenarios, alignment=args.alignment, aggregation=args.aggregation)
    weights = effective_weight_table(edition, scenarios)
    notes = [note for s in [None, *scenarios] for note in weight_notes(edition, s)]
    for note in notes:
        print(f"note: {note.en}", file=sys.stderr)
    if args.format == "csv":
        frame = weights[WEIGHTS_CSV] if args.table == "weights" else table[WHATIF_CSV]
        write_csv(frame, dutch=args.dutch)
    elif args.format == "json":
        out = {"edition": edition.year, "alignment": args.alignment, "notes": [n.en for n in notes], "scenarios": []}
        if args.aggregation != "arithmetic":  # only when asked for: the publication's method adds no key
            out["aggregation"] = args.aggregation
        for s in scenarios:
            entry = {"name": s.name, "description": s.description, "file": str(s.path) if s.path else None}
            if s.aggregation:
                entry["aggregation"] = s.aggregation
            out["scenarios"].append({
                **entry,
                "series": table[table["scenario"] == s.name][WHATIF_CSV[1:]].to_dict("records"),
                "effective_weights": weights[weights["scenario"] == s.name][WEIGHTS_CSV[1:]].to_dict("records"),
            })
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for s in scenarios:
            part = table[table["scenario"] == s.name]
            wide = part.pivot(index="series", columns="year", values="value").reindex(list(dict.fromkeys(part["series"])))
            diff = part.pivot(index="series", columns="year", values="diff").reindex(wide.index)
            shown = pd.DataFrame({"series": wide.index})
            for year in wide.columns:
                shown[str(year)] = [f"{v:.2f} ({d:+.2f})" for v, d in zip(wide[year], diff[year])]
            own = scenario_aggregation(s, args.aggregation)
            method = ("" if own == args.aggregation == "arithmetic"
                      else f" ({own} mean; baseline {args.aggregation} mean)")
            print_table(f"Scenario '{s.name}' vs baseline, edition {edition.year}: value (diff){method}", shown)
            if s.description:
                print(s.description)
            eff = weights[(weights["scenario"] == s.name) & (weights["diff"].abs() > 1e-9)]
            shown = eff.assign(**{c: eff[c].map("{:.2f}".format) for c in ("baseline", "value")},
                               diff=eff["diff"].map("{:+.2f}".format))[WEIGHTS_CSV[1:]]
            print_table(f"Effective weights in the total (%) that change under '{s.name}' "
                         f"({len(eff)} of {edition.parameters.shape[0]})", shown)
    return 0


MONTE_CARLO_ONLY = ("scheme", "concentration", "spread", "top")
SOBOL_ONLY = ("factors", "resamples", "conf_level")


def _method_options(args) -> None:
    """Refuse options of the other method; fill in the defaults of this one."""
    sobol = args.method == "sobol"
    own, other = (SOBOL_ONLY, MONTE_CARLO_ONLY) if sobol else (MONTE_CARLO_ONLY, SOBOL_ONLY)
    for name in other:
        if getattr(args, name) is not None:
            raise OptionError(f"--{name.replace('_', '-')}",
                              f"applies to --method {'montecarlo' if sobol else 'sobol'} only")
    for name in own:
        if getattr(args, name) is None:
            setattr(args, name, METHOD_DEFAULTS[name])


def cmd_sensitivity(args) -> int:
    from index071lib.analysis.whatif import load_scenarios
    from index071lib.core.fastindex import WeightModel

    _method_options(args)
    edition = load_edition(args.edition, args.data_dir)
    scenario = load_scenarios([args.scenario], edition, args.data_dir)[0] if args.scenario else None
    if args.method == "sobol":
        return _sobol(args, edition, scenario)
    model = WeightModel.from_edition(edition, alignment=args.alignment, scenario=scenario,
                                     aggregation=args.aggregation)
    result = simulate(model, args.n or DEFAULT_N, seed=args.seed, scheme=args.scheme,
                      concentration=args.concentration, spread=args.spread)
    effects = influence(model)
    verdict = verdict_nl(result.summary, edition.total_id, name=nl.TOTAL_NAME, n=result.n)
    if args.format == "json":
        out = result.to_dict()
        out["scenario"] = scenario.name if scenario else None
        if model.aggregation != "arithmetic":  # only when asked for: the publication's method adds no key
            out["aggregation"] = model.aggregation
        out["verdict_nl"] = verdict
        out["influence"] = effects.to_dict("records")
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    summary = result.summary
    shown = summary.assign(**{c: summary[c].map("{:.2f}".format) for c in ("baseline", "median", "p05", "p95")},
                           share_rising=summary["share_rising"].map(lambda v: "" if pd.isna(v) else f"{v:.1%}"))
    label = f" around scenario '{scenario.name}'" if scenario else ""
    method = f", {model.aggregation} mean" if model.aggregation != "arithmetic" else ""
    print_table(f"Sensitivity to the weights{label}: {result.n} weightings, seed {result.seed}{method}", shown)
    print(f"scheme: {result.description}")
    print(verdict)
    top = effects.reindex(effects["effect_level"].abs().sort_values(ascending=False).index).head(args.top)
    top = top.assign(**{c: top[c].map("{:+.3f}".format) for c in ("effect_level", "effect_change")},
                     latest=top["latest"].map("{:.2f}".format), change=top["change"].map("{:+.2f}".format))
    print_table(f"One at a time: leave out a parameter or basket (top {args.top} by effect on the latest total)", top)
    return 0


def _sobol(args, edition, scenario) -> int:
    from index071lib.analysis import sobol
    from index071lib.data.factors import load_factors, resolve_factors_path
    from index071lib.report.sensitivity_text import sobol_sentence_nl

    from index071lib.analysis.saltelli import check_base_samples

    n = args.n or sobol.DEFAULT_N
    try:
        check_base_samples(n)
    except ValueError as err:
        raise OptionError("--n", str(err)) from None
    if n * args.resamples > MAX_RESAMPLE_CELLS:  # the bootstrap keeps an n x resamples table of row numbers
        raise OptionError("--n", f"{n:,} base samples x {args.resamples:,} resamples is more than "
                                 f"{MAX_RESAMPLE_CELLS:,}; lower --n or --resamples")
    spec = load_factors(resolve_factors_path(args.factors, args.data_dir), sobol.vocabularies())
    result = sobol.analyse(edition, spec, n=n, seed=args.seed, num_resamples=args.resamples,
                           conf_level=args.conf_level, scenario=scenario, alignment=args.alignment,
                           aggregation=args.aggregation)
    names = edition.basket_names
    sentences = {sid: sobol_sentence_nl(result, sid, names) for sid in result.series_ids}
    if args.format == "json":
        out = result.to_dict()
        out["sentences_nl"] = sentences
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    print(f"Variance-based sensitivity (Sobol' indices), factors '{spec.name}': N = {result.n} base samples, "
          f"{result.evaluations} evaluations, {result.indices.num_resamples} bootstrap resamples, seed {result.seed}")
    table = result.table()
    for sid in [edition.total_id, *edition.basket_ids]:
        rows = table[table["series"] == sid]
        shown = pd.DataFrame({"factor": rows["factor"], "measure": rows["measure"],
                              **{c: [f"{v:.3f} ± {e:.3f}" for v, e in zip(rows[c], rows[f"{c}_conf"])]
                                 for c in ("S1", "ST")}})
        print_table(f"{sid}: level {result.year} and change {result.previous}->{result.year} "
                    f"({result.indices.conf_level:.0%} intervals)", shown)
        print(sentences[sid])
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``whatif`` and ``sensitivity`` to the CLI."""
    p = sub.add_parser("whatif", help="compare the index under other weightings (scenario files) with the baseline",
                       description="Baseline vs each scenario for every basket and the total, all years, with the "
                                   "difference; and the effective weight of each parameter in the total. Weights "
                                   "that do not sum to 100 are normalised, with a note on stderr.")
    add_edition_args(p)
    p.add_argument("--scenario", action="append", required=True, metavar="FILE",
                   help="scenario YAML file, or the name of a scenario: shipped (data/scenarios/) or saved with the what-if "
                        "sliders (outputs/scenarios/); repeatable")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="output format; csv header: scenario,series,year,baseline,value,diff (default: table)")
    add_dutch_arg(p)
    p.add_argument("--table", choices=["series", "weights"], default="series",
                   help="with --format csv: the series comparison (default) or the effective weights "
                        "(scenario,parameter,basket,baseline,value,diff)")
    p.add_argument("--alignment", choices=ALIGNMENTS, default="lag", help="alignment method (default: lag)")
    add_aggregation_arg(p, scenarios=True)
    p.set_defaults(func=cmd_whatif)

    p = sub.add_parser("sensitivity", help="how robust is the index to its weights and method choices?",
                       description="Monte Carlo (default): draw N weightings around the panel's weights (both "
                                   "levels: baskets and parameters), report per series and year the median, the "
                                   "5-95%% band and the share of weightings in which the series rose; and the effect "
                                   "of leaving out each parameter and basket in turn. --method sobol: which choice "
                                   "matters most? First-order and total Sobol' indices (with bootstrap intervals) of "
                                   "the latest level and change of every series with respect to the factors of a "
                                   "factor file (basket weights, parameter weights per basket, alignment, noise).")
    add_edition_args(p)
    p.add_argument("--method", choices=["montecarlo", "sobol"], default="montecarlo",
                   help="montecarlo (default) or sobol (variance-based sensitivity over method choices)")
    p.add_argument("--n", type=int_in(1, MAX_N), default=None,
                   help=f"montecarlo: number of weightings, at most {MAX_N:,} (default: {DEFAULT_N}); sobol: base "
                        f"samples, a power of 2 (default: {2 ** 14}; the index is evaluated N x (factors + 2) times)")
    p.add_argument("--seed", type=int_in(0, 2**63 - 1), default=DEFAULT_SEED,
                   help=f"random seed (default: {DEFAULT_SEED})")
    p.add_argument("--scheme", choices=SCHEMES, default=None,
                   help="montecarlo: dirichlet (around the panel weights) or uniform (each weight x U(1-spread, "
                        "1+spread)); default: dirichlet")
    p.add_argument("--concentration", type=float_in(*CONCENTRATION_RANGE), default=None,
                   help=f"montecarlo: Dirichlet concentration, {CONCENTRATION_RANGE[0]:g} to "
                        f"{CONCENTRATION_RANGE[1]:g}; higher = closer to the panel weights "
                        f"(default: {DEFAULT_CONCENTRATION:g})")
    p.add_argument("--spread", type=float_in(0, 1, high_open=True), default=None,
                   help=f"montecarlo, uniform scheme: relative half-width (default: {DEFAULT_SPREAD:g})")
    p.add_argument("--factors", default=None, metavar="FILE",
                   help="sobol: factor YAML file, or the name of a shipped one in data/factors/ (default: standaard)")
    p.add_argument("--resamples", type=int_in(1, MAX_RESAMPLES), default=None,
                   help=f"sobol: bootstrap resamples of the intervals, at most {MAX_RESAMPLES:,} (default: 1000)")
    p.add_argument("--conf-level", type=float_in(0, 1, low_open=True, high_open=True), default=None,
                   help="sobol: level of the bootstrap intervals (default: 0.95)")
    p.add_argument("--scenario", default=None, metavar="FILE",
                   help="centre the draws on a scenario's weights instead of the panel's (file or scenario name)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help='table, or json: montecarlo {"n", "seed", "scheme", "series": {id: {year: {baseline, median, '
                        'p05, p95, share_rising}}}, ...}; sobol {"method": "sobol", "n", "seed", "factors": [...], '
                        '"series": {id: {year: {"level": {"S1": {factor: ...}, "ST", "S1_conf", "ST_conf", '
                        '"baseline", "mean", "sd", "p05", "p95"}, "change": {...}}}}, "sentences_nl": {id: ...}, ...} '
                        '(default: table)')
    p.add_argument("--top", type=int_in(1), default=None,
                   help="montecarlo: rows of the one-at-a-time table (default: 15)")
    p.add_argument("--alignment", choices=ALIGNMENTS, default="lag",
                   help="alignment method (default: lag); with sobol the reference, and the alignment used when "
                        "the factor file does not vary it")
    add_aggregation_arg(p, scenarios=True)
    p.set_defaults(func=cmd_sensitivity)
