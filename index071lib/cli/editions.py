"""Edition subcommands: ``new-edition``, ``status``, ``diff``."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from index071lib.analysis.revisions import revisions, structure_changes, undocumented
from index071lib.analysis.status import edition_status
from index071lib.cli.common import add_data_dir_arg, add_dutch_arg, add_edition_args, print_table, write_csv
from index071lib.data.changelog import load_changelog
from index071lib.data.edition import latest_edition, load_edition
from index071lib.data.scaffold import new_edition, previous_edition
from index071lib.errors import OptionError


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


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
    messages = undocumented(structure)
    if args.format == "csv":
        write_csv(revised, dutch=args.dutch)
    elif args.format == "json":
        json.dump({"edition": edition.year, "against": against, "structure": _records(structure),
                   "revisions": _records(revised), "undocumented": messages}, sys.stdout, indent=1,
                  ensure_ascii=False)
        print()
    else:
        print_table(f"Index071 {edition.year} vs {against}: {len(structure)} changes in parameters/base year",
                     structure.astype(object).where(structure.notna(), ""))
        shown = revised.drop(columns=["name"])
        print_table(f"Index071 {edition.year} vs {against}: {len(revised)} changed values "
                     f"({int((revised['cause'] == 'method').sum())} from a method/source change)", shown)
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

    p = sub.add_parser("diff", help="compare an edition with a previous one: changed parameters and revised values",
                       description="Parameters added/dropped/reweighted/re-sourced (and whether changelog.yml says "
                                   "so) and the values of the same year that changed (data revision or method change).")
    add_edition_args(p)
    p.add_argument("--against", type=int, default=None,
                   help="edition to compare with (default: the newest edition before --edition)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table; csv = the revised values (parameter,name,year,previous,current,change,kind,cause); "
                        "json = {structure, revisions, undocumented} (default: table)")
    add_dutch_arg(p)
    p.set_defaults(func=cmd_diff)
