"""Edition subcommands: ``new-edition``, ``status``, ``diff``."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from index071lib.analysis.revision_causes import CAUSES, index_revisions
from index071lib.analysis.revisions import revisions, structure_changes, undocumented
from index071lib.analysis.status import edition_status
from index071lib.cli.common import add_data_dir_arg, add_dutch_arg, add_edition_args, print_table, write_csv
from index071lib.data.changelog import load_changelog
from index071lib.data.edition import latest_edition, load_edition
from index071lib.data.scaffold import new_edition, previous_edition
from index071lib.errors import OptionError


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _two_decimals(value: float) -> str:
    """A number for people: two decimals, never ``-0.00`` (float noise of a difference that is zero)."""
    return "" if pd.isna(value) else f"{round(float(value), 2) + 0.0:.2f}"


def cmd_new_edition(args) -> int:
    source = args.source if args.source is not None else latest_edition(args.data_dir)
    folder = new_edition(args.year, source, args.data_dir)
    edition = load_edition(args.year, args.data_dir)
    print(f"created {folder} from edition {source}: {len(edition.parameters)} parameters, "
          f"years {edition.years[0]}–{edition.years[-1]} ({edition.years[-1]} still empty)")
    print(f"next: fill in {folder / edition.files['values']}, record changes in {folder / 'changelog.yml'}, "
          f"then `index071 status --edition {args.year}`")
    return 0


def cmd_status(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    load_changelog(edition)  # a broken changelog is reported here already
    table = edition_status(edition)
    if args.format == "csv":
        write_csv(table, dutch=args.dutch)
    elif args.format == "json":
        json.dump(_records(table), sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        last = edition.years[-1]
        done = int((table["status"] == "complete").sum())
        print_table(f"Index071 {edition.year}: {done} of {len(table)} parameters have a value for {last}",
                     table.drop(columns=["source"]))
        lagged = table[table["status"] != "complete"]
        if len(lagged):
            print(f"{len(lagged)} parameters count with an older figure (lag alignment) until {last} is filled in.")
    return 0


def cmd_diff(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    against = args.against if args.against is not None else previous_edition(edition.year, args.data_dir)
    if against is None:
        raise OptionError("--against", f"there is no edition before {edition.year} to compare with")
    if against == edition.year:
        raise OptionError("--against", f"must be another edition than {edition.year}")
    previous = load_edition(against, args.data_dir)
    changelog = load_changelog(edition, previous)
    structure = structure_changes(edition, previous, changelog)
    revised = revisions(edition, previous, changelog)
    index = index_revisions(edition, previous, changelog)
    messages = undocumented(structure)
    if args.format == "csv":
        frame = index if args.table == "index" else revised
        write_csv(frame, dutch=args.dutch)
    elif args.format == "json":
        json.dump({"edition": edition.year, "against": against, "structure": _records(structure),
                   "revisions": _records(revised), "index": _records(index), "causes": list(CAUSES),
                   "undocumented": messages}, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print_table(f"Index071 {edition.year} vs {against}: {len(structure)} changes in baskets, parameters "
                    f"and base year", structure.astype(object).where(structure.notna(), "").drop(columns="name"))
        shown = revised.drop(columns=["name"])
        print_table(f"Index071 {edition.year} vs {against}: {len(revised)} changed values "
                     f"({int((revised['cause'] == 'method').sum())} from a method/source change)", shown)
        numbers = ["previous", "current", "revision", *CAUSES]
        print_table(f"Index071 {edition.year} vs {against}: revision of each basket and the total, by cause "
                    f"(index points, rounded to 2 decimals; the causes add up to the revision)",
                    index.assign(**{c: index[c].map(_two_decimals) for c in numbers}))
    for message in messages:
        print(f"note: {message}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``new-edition``, ``status`` and ``diff`` to the CLI."""
    p = sub.add_parser("new-edition", help="create data/editions/<year>/ from an existing edition",
                       description="Scaffold a new edition: same parameters, weights, sources and themes, the years "
                                   "extended (new values empty), an empty published table and a changelog skeleton. "
                                   "Never overwrites an existing edition; written atomically.")
    p.add_argument("year", type=int, help="the new edition year, e.g. 2018")
    p.add_argument("--from", dest="source", type=int, default=None,
                   help="edition to start from (default: the latest edition in data/editions/)")
    add_data_dir_arg(p)
    p.set_defaults(func=cmd_new_edition)

    p = sub.add_parser("status", help="per parameter: the latest year filled in and what is still missing",
                       description="One row per parameter: last_year, lag (years behind the edition's last year; "
                                   "lag-aligned when computed), missing_years and status (complete/lagged/empty).")
    add_edition_args(p)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="csv header: id,basket,name,source,last_year,lag,missing_years,status (default: table)")
    add_dutch_arg(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("diff", help="compare an edition with a previous one: structure, revised values, "
                                    "index revisions",
                       description="Baskets added/dropped/renamed/reweighted, parameters added/dropped/reweighted/"
                                   "re-sourced/moved and the base year (and whether changelog.yml says so); the "
                                   "values of the same year that changed (data revision or method change); and the "
                                   "revision of every basket and the total per year, split by cause (revised, "
                                   "method, late, years, parameter_weights, basket_weights, parameters: swapped in "
                                   "one at a time in this order, see docs/editions.md).")
    add_edition_args(p)
    p.add_argument("--against", type=int, default=None,
                   help="edition to compare with (default: the newest edition before --edition)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table; csv = the table chosen with --table; json = {structure, revisions, index, causes, "
                        "undocumented} (default: table)")
    p.add_argument("--table", choices=["values", "index"], default="values",
                   help="csv: values = the revised values (parameter,name,year,previous,current,change,kind,cause); "
                        "index = every basket and the total per year (series,year,previous,current,revision and "
                        f"one column per cause: {','.join(CAUSES)}) (default: values)")
    add_dutch_arg(p)
    p.set_defaults(func=cmd_diff)
