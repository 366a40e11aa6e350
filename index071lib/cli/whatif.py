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
from index071lib.cli.common import add_edition_args, float_in, int_in, print_table
from index071lib.core.align import ALIGNMENTS
from index071lib.data.edition import load_edition
from index071lib.report.sensitivity_text import verdict_nl

WHATIF_CSV = ["scenario", "series", "year", "baseline", "value", "diff"]
WEIGHTS_CSV = ["scenario", "parameter", "basket", "baseline", "value", "diff"]


def cmd_whatif(args) -> int:
    from index071lib.analysis.whatif import (
        compare,
        effective_weight_table,
        load_scenarios,
        weight_notes,
    )

    edition = load_edition(args.edition, args.data_dir)
    scenarios = load_scenarios(args.scenario, edition, args.data_dir)  # all validated before any output
    table = compare(edition, scenarios, alignment=args.alignment)
    weights = effective_weight_table(edition, scenarios)
    notes = [note for s in [None, *scenarios] for note in weight_notes(edition, s)]
    for note in notes:
        print(f"note: {note.en}", file=sys.stderr)
    if args.format == "csv":
        frame = weights[WEIGHTS_CSV] if args.table == "weights" else table[WHATIF_CSV]
        frame.to_csv(sys.stdout, index=False, float_format="%.17g", lineterminator="\n")
    elif args.format == "json":
        out = {"edition": edition.year, "alignment": args.alignment, "notes": [n.en for n in notes], "scenarios": []}
        for s in scenarios:
            out["scenarios"].append({
                "name": s.name, "description": s.description, "file": str(s.path) if s.path else None,
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
            print_table(f"Scenario '{s.name}' vs baseline, edition {edition.year}: value (diff)", shown)
            if s.description:
                print(s.description)
            eff = weights[(weights["scenario"] == s.name) & (weights["diff"].abs() > 1e-9)]
            shown = eff.assign(**{c: eff[c].map("{:.2f}".format) for c in ("baseline", "value")},
                               diff=eff["diff"].map("{:+.2f}".format))[WEIGHTS_CSV[1:]]
            print_table(f"Effective weights in the total (%) that change under '{s.name}' "
                         f"({len(eff)} of {edition.parameters.shape[0]})", shown)
    return 0


def cmd_sensitivity(args) -> int:
    from index071lib.analysis.whatif import load_scenarios
    from index071lib.core.fastindex import WeightModel

    edition = load_edition(args.edition, args.data_dir)
    scenario = load_scenarios([args.scenario], edition, args.data_dir)[0] if args.scenario else None
    model = WeightModel.from_edition(edition, alignment=args.alignment, scenario=scenario)
    result = simulate(model, args.n, seed=args.seed, scheme=args.scheme, concentration=args.concentration,
                      spread=args.spread)
    effects = influence(model)
    verdict = verdict_nl(result.summary, edition.total_id, name="de Index071", n=result.n)
    if args.format == "json":
        out = result.to_dict()
        out["scenario"] = scenario.name if scenario else None
        out["verdict_nl"] = verdict
        out["influence"] = effects.to_dict("records")
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    summary = result.summary
    shown = summary.assign(**{c: summary[c].map("{:.2f}".format) for c in ("baseline", "median", "p05", "p95")},
                           share_rising=summary["share_rising"].map(lambda v: "" if pd.isna(v) else f"{v:.1%}"))
    label = f" around scenario '{scenario.name}'" if scenario else ""
    print_table(f"Sensitivity to the weights{label}: {result.n} weightings, seed {result.seed}", shown)
    print(f"scheme: {result.description}")
    print(verdict)
    top = effects.reindex(effects["effect_level"].abs().sort_values(ascending=False).index).head(args.top)
    top = top.assign(**{c: top[c].map("{:+.3f}".format) for c in ("effect_level", "effect_change")},
                     latest=top["latest"].map("{:.2f}".format), change=top["change"].map("{:+.2f}".format))
    print_table(f"One at a time: leave out a parameter or basket (top {args.top} by effect on the latest total)", top)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``whatif`` and ``sensitivity`` to the CLI."""
    p = sub.add_parser("whatif", help="compare the index under other weightings (scenario files) with the baseline",
                       description="Baseline vs each scenario for every basket and the total, all years, with the "
                                   "difference; and the effective weight of each parameter in the total. Weights "
                                   "that do not sum to 100 are normalised, with a note on stderr.")
    add_edition_args(p)
    p.add_argument("--scenario", action="append", required=True, metavar="FILE",
                   help="scenario YAML file, or the name of a shipped one in data/scenarios/ (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="output format; csv header: scenario,series,year,baseline,value,diff (default: table)")
    p.add_argument("--table", choices=["series", "weights"], default="series",
                   help="with --format csv: the series comparison (default) or the effective weights "
                        "(scenario,parameter,basket,baseline,value,diff)")
    p.add_argument("--alignment", choices=ALIGNMENTS, default="lag", help="alignment method (default: lag)")
    p.set_defaults(func=cmd_whatif)

    p = sub.add_parser("sensitivity", help="how robust is the index to its weights? Monte Carlo and one-at-a-time",
                       description="Draw N weightings around the panel's weights (both levels: baskets and "
                                   "parameters), report per series and year the median, the 5-95%% band and the "
                                   "share of weightings in which the series rose; and the effect of leaving out each "
                                   "parameter and basket in turn.")
    add_edition_args(p)
    p.add_argument("--n", type=int_in(1, MAX_N), default=DEFAULT_N,
                   help=f"number of weightings, at most {MAX_N:,} (default: {DEFAULT_N})")
    p.add_argument("--seed", type=int_in(0, 2**63 - 1), default=DEFAULT_SEED,
                   help=f"random seed (default: {DEFAULT_SEED})")
    p.add_argument("--scheme", choices=SCHEMES, default="dirichlet",
                   help="dirichlet (around the panel weights) or uniform (each weight x U(1-spread, 1+spread)); "
                        "default: dirichlet")
    p.add_argument("--concentration", type=float_in(*CONCENTRATION_RANGE), default=DEFAULT_CONCENTRATION,
                   help=f"Dirichlet concentration, {CONCENTRATION_RANGE[0]:g} to {CONCENTRATION_RANGE[1]:g}; higher = "
                        f"closer to the panel weights (default: {DEFAULT_CONCENTRATION:g})")
    p.add_argument("--spread", type=float_in(0, 1, high_open=True), default=DEFAULT_SPREAD,
                   help=f"uniform scheme: relative half-width (default: {DEFAULT_SPREAD:g})")
    p.add_argument("--scenario", default=None, metavar="FILE",
                   help="centre the draws on a scenario's weights instead of the panel's")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help='table, or json: {"n", "seed", "scheme", "series": {id: {year: {baseline, median, p05, '
                        'p95, share_rising}}}, ...} (default: table)')
    p.add_argument("--top", type=int_in(1), default=15, help="rows of the one-at-a-time table (default: 15)")
    p.add_argument("--alignment", choices=ALIGNMENTS, default="lag", help="alignment method (default: lag)")
    p.set_defaults(func=cmd_sensitivity)
