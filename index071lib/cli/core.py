"""Core subcommands: ``compute``, ``params``, ``audit``."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from index071lib.analysis.audit import run_audit
from index071lib.cli.common import add_aggregation_arg, add_dutch_arg, add_edition_args, print_table, write_csv
from index071lib.core.align import ALIGNMENTS
from index071lib.core.pipeline import compute_index, reproduction
from index071lib.data.edition import load_edition


def cmd_compute(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    result = compute_index(edition, alignment=args.alignment, base_year=args.base_year, aggregation=args.aggregation)
    table = reproduction(edition, result)
    if args.format == "csv":
        out = table[["series", "year", "computed", "published"]]
        write_csv(out, dutch=args.dutch)
    elif args.format == "json":
        json.dump(table[["series", "year", "computed", "published", "diff"]].to_dict("records"), sys.stdout, indent=1)
        print()
    else:
        shown = table.assign(computed=table["computed"].map("{:.3f}".format),
                             diff=table["diff"].map(lambda v: "" if pd.isna(v) else f"{v:+.3f}"),
                             rounded_equal=table["rounded_equal"].map({True: "yes", False: "NO"}).fillna(""))
        base = f", base {result.base_year} = 100" if result.base_year != edition.base_year else ""
        method = f", {args.aggregation} mean" if args.aggregation != "arithmetic" else ""
        print_table(f"Index071 {edition.year}: computed ({args.alignment} alignment{method}{base}) vs published", shown)
        compared = int(table["published"].notna().sum())
        if compared:
            n_eq = int(table["rounded_equal"].sum())
            print(f"{n_eq} of {compared} cells equal after rounding; max |diff| {table['diff'].abs().max():.3f}")
        else:
            print("nothing to compare: no published figures" + (" on this base year" if base else " (new edition)"))
    return 0


def cmd_params(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    p = edition.parameters
    present = edition.values.notna()
    years = edition.values.columns
    first = present.idxmax(axis=1).where(present.any(axis=1))
    last = present.loc[:, ::-1].idxmax(axis=1).where(present.any(axis=1))
    table = pd.DataFrame({
        "id": p.index, "basket": p["basket"].values, "name": p["name"].values, "weight": p["weight"].values,
        "polarity": p["polarity"].values, "source": p["source"].values,
        "first_year": first.astype("Int64").values, "last_year": last.astype("Int64").values,
    })
    if args.format == "csv":
        write_csv(table, dutch=args.dutch)
    elif args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=1))
    else:
        print_table(f"Index071 {edition.year}: {len(table)} parameters (years {years[0]}–{years[-1]})", table)
    return 0


def cmd_audit(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    findings = run_audit(edition)
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        frame = pd.DataFrame([{"kind": f.kind, "subject": f.subject, "message": f.message} for f in findings],
                             columns=["kind", "subject", "message"])
        print_table(f"Audit of the Index071 {edition.year} publication: {len(findings)} findings", frame)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``compute``, ``params`` and ``audit`` to the CLI."""
    p = sub.add_parser("compute", help="compute the basket and total series and compare with the published ones",
                       description="Compute the five baskets and the total from the parameter table and show them "
                                   "next to the published series (full precision).")
    add_edition_args(p)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="output format; csv header: series,year,computed,published (default: table)")
    add_dutch_arg(p)
    p.add_argument("--alignment", choices=ALIGNMENTS, default="lag",
                   help="how parameters without a latest-year value count (default: lag, as the publication)")
    p.add_argument("--base-year", type=int, default=None,
                   help="show every series with this year = 100 (re-referenced; growth rates unchanged)")
    add_aggregation_arg(p)
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("params", help="list the parameters of an edition",
                       description="One row per parameter: id, basket, name, weight, polarity, source, first/last year.")
    add_edition_args(p)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    add_dutch_arg(p)
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("audit", help="audit the publication: recompute what it prints and list the differences",
                       description="Recompute chapter 7 indices, check weights, chapter-text weights, text claims "
                                   "and reproduction residuals. Exits 0 when the audit ran (findings are results).")
    add_edition_args(p)
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table for people, or json: a list of findings with kind, subject, message (default: table)")
    p.set_defaults(func=cmd_audit)
