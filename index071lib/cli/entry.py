"""Data entry subcommands: ``template`` (a workbook to fill in) and ``import`` (read it back into values.csv)."""

from __future__ import annotations

import argparse
from pathlib import Path

from index071lib.cli.common import add_edition_args, print_table
from index071lib.data.edition import load_edition
from index071lib.data.entry import changes, read_workbook, write_values
from index071lib.errors import OptionError
from index071lib.report.template import write_template
from index071lib.text.fmt import csv_number


def cmd_template(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    path = Path(args.output or f"index071-{edition.year}-invoer.xlsx")
    if path.is_dir():
        raise OptionError("--output", f"{path} is a folder; give a file name ending in .xlsx")
    if path.suffix.lower() != ".xlsx":
        raise OptionError("--output", f"{path} must end in .xlsx (an Excel workbook)")
    if not path.parent.is_dir():
        raise OptionError("--output", f"folder {path.parent} does not exist")
    try:
        write_template(edition, path, force=args.force)
    except FileExistsError:
        raise OptionError("--output", f"{path} exists; it is not overwritten (a filled-in workbook may be lost): "
                                      f"give another --output, or --force to replace it") from None
    print(f"wrote {path}: edition {edition.year}, {len(edition.basket_ids)} basket sheets, "
          f"{len(edition.parameters)} parameters, years {edition.years[0]}–{edition.years[-1]}")
    print(f"next: fill in the yellow cells, then `index071 import --edition {edition.year} {path} --dry-run`")
    return 0


def cmd_import(args) -> int:
    edition = load_edition(args.edition, args.data_dir)
    entered = read_workbook(args.workbook, edition)
    changed = changes(edition, entered)
    target = edition.path / edition.files["values"]
    if changed.empty:
        print(f"{args.workbook}: valid; no change to {target}")
        return 0
    counts = changed["change"].value_counts()
    summary = ", ".join(f"{int(counts[k])} {k}" for k in ("new", "late", "revised", "removed") if k in counts)
    shown = changed.assign(old=changed["old"].map(csv_number), new=changed["new"].map(csv_number))
    print_table(f"{args.workbook} → {target}: {summary}", shown)
    if args.dry_run:
        print(f"dry run: nothing written; run without --dry-run to write {target}")
        return 0
    write_values(edition, entered)
    load_edition(edition.year, args.data_dir)  # reads back as the loader does (the same validation passed)
    print(f"wrote {target} ({summary}); next: `index071 status --edition {edition.year}`")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``template`` and ``import`` to the CLI."""
    p = sub.add_parser("template", help="write an Excel workbook to fill in the values of an edition",
                       description="One sheet per basket (parameters × years; name, source, unit and last year "
                                   "filled), the cells to fill in yellow, numbers checked by Excel, instructions in "
                                   "Dutch. Read it back with `index071 import`. An existing file is not "
                                   "overwritten without --force.")
    add_edition_args(p)
    p.add_argument("--output", "-o", default=None,
                   help="the .xlsx file to write (default: index071-<edition>-invoer.xlsx in this folder)")
    p.add_argument("--force", action="store_true", help="replace the --output file if it exists")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import", help="read a filled-in workbook (from `template`) into the edition's values.csv",
                       description="Validates every cell as the loader validates values.csv (messages name sheet, "
                                   "row and column), shows what changes (new values, revisions old → new, removed "
                                   "values) and writes values.csv in one atomic step, only if everything is valid.")
    add_edition_args(p)
    p.add_argument("workbook", help="the filled-in .xlsx file")
    p.add_argument("--dry-run", action="store_true", help="validate and show the changes; write nothing")
    p.set_defaults(func=cmd_import)
