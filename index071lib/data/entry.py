"""Data entry from Excel: read the workbook of ``index071 template`` back, validate it, list and write the changes.

The workbook (written by :mod:`index071lib.report.template`) has an instructions sheet and one sheet per
basket. A basket sheet has a header in row :data:`HEADER_ROW` (``id``, name, source, entry kind, unit, last
year filled, then one column per year) and one row per parameter and entry kind: ``index`` (index numbers)
or ``ruw`` (raw figures, for a parameter with ``base_raw`` and ``raw_unit`` in ``parameters.csv``).

:func:`read_workbook` turns the cells into the table ``values.csv`` holds (``parameter, year, value,
raw_value``) and validates it with :func:`~index071lib.data.edition.read_values`, the validation of the CSV
loader; messages name the workbook, the sheet, the row and the column. :func:`changes` lists what would
change against the edition's ``values.csv``; :func:`write_values` writes it in one atomic step.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from index071lib.data.edition import Edition, read_values
from index071lib.data.readers import MISSING, detect_separator, os_problem, read_text
from index071lib.errors import DataError
from index071lib.text import nl
from index071lib.text.fmt import data_number

#: Row of the column headers on a basket sheet (rows above: heading and a hint).
HEADER_ROW = 4
#: Keys of the columns before the years, in order (their Dutch headers: :data:`index071lib.text.nl.ENTRY_COLUMNS`).
COLUMNS = ("id", "name", "source", "kind", "unit", "last_year")
#: Column number of the first year.
FIRST_YEAR_COLUMN = len(COLUMNS) + 1
#: Entry kind (Dutch word in the workbook) → column of ``values.csv``.
KIND_FIELD = {nl.ENTRY_KINDS["index"]: "value", nl.ENTRY_KINDS["raw"]: "raw_value"}
#: Label of the field in messages about a workbook (the column of the sheet is named in the place).
FIELD_LABEL = "field"


@dataclass
class Entered:
    """The values of a workbook, validated.

    Attributes:
        table: ``parameter, year, value, raw_value`` as ``values.csv`` holds them (value: the index number
            entered, NaN where the year was entered raw or is missing).
        values: Parameters × years of index numbers (raw values computed), as the loader makes them.
        raw_values: Parameters × years of the raw values entered.
    """

    table: pd.DataFrame
    values: pd.DataFrame
    raw_values: pd.DataFrame


def _fail(path, where: str, message: str, column: str = "-"):
    raise DataError(path, [(where, column, message)], label=FIELD_LABEL)


def _open(path: Path, data_only: bool):
    if path.is_dir():
        _fail(path, "file", "is a directory, not a file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read (harmless)
            return load_workbook(path, data_only=data_only, read_only=False)
    except OSError as err:
        _fail(path, "file", os_problem(err))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError):
        _fail(path, "file", "is not an Excel workbook (.xlsx) that can be read; save it as an Excel workbook "
                            "(.xlsx) or make a new one with `index071 template`")


def _cell_text(value) -> str | None:
    """A cell as the text a CSV cell would hold: numbers at full precision, blanks and '-' missing."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return data_number(value)
    text = str(value).strip()
    return None if text in MISSING else text


def _year_columns(path: Path, ws, edition: Edition) -> dict[int, int]:
    """Column number → year of a basket sheet; the years must be the edition's, in order."""
    found = {}
    for col in range(FIRST_YEAR_COLUMN, ws.max_column + 1):
        value = ws.cell(row=HEADER_ROW, column=col).value
        if value is None:
            continue
        text = _cell_text(value)
        if not (text and text.isdigit()):
            _fail(path, f"sheet '{ws.title}', row {HEADER_ROW}, column {get_column_letter(col)}",
                  f"must be a year (got {value!r}); do not change the header row")
        found[col] = int(text)
    if list(found.values()) != edition.years:
        shown = f"{min(found.values())}–{max(found.values())}" if found else "none"
        _fail(path, f"sheet '{ws.title}', row {HEADER_ROW}",
              f"has the years {shown}, but edition {edition.year} has {edition.years[0]}–{edition.years[-1]}: a "
              f"workbook of another edition? Make one with `index071 template --edition {edition.year}`")
    return found


def _check_header(path: Path, ws) -> None:
    if ws.cell(row=HEADER_ROW, column=1).value != nl.ENTRY_COLUMNS["id"]:
        _fail(path, f"sheet '{ws.title}', row {HEADER_ROW}, column A",
              f"must read '{nl.ENTRY_COLUMNS['id']}' (got {ws.cell(row=HEADER_ROW, column=1).value!r}): not a sheet "
              f"of the workbook made by `index071 template`; remove the sheet or make a new workbook")


def _formulas_without_result(path: Path, formulas, values) -> None:
    """A cell with a formula whose result was never saved (openpyxl cannot compute it): refuse it, by name."""
    problems = []
    for ws in formulas.worksheets:
        for row in ws.iter_rows(min_row=HEADER_ROW):
            for cell in row:
                if cell.data_type == "f" and values[ws.title][cell.coordinate].value is None:
                    problems.append((f"sheet '{ws.title}', row {cell.row}, column {cell.column_letter}", "-",
                                     "holds a formula without a saved result: type the number (or save the "
                                     "workbook in Excel first)"))
    if problems:
        raise DataError(path, problems, label=FIELD_LABEL)


def _records(path: Path, ws, years: dict[int, int]) -> tuple[list[dict], list[tuple]]:
    """One record per parameter and year of a basket sheet (index and raw row merged), and the problems."""
    records: dict[tuple, dict] = {}
    extra, problems = [], []
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        pid = _cell_text(ws.cell(row=row, column=1).value)
        kind = _cell_text(ws.cell(row=row, column=COLUMNS.index("kind") + 1).value)
        cells = {year: _cell_text(ws.cell(row=row, column=col).value) for col, year in years.items()}
        if pid is None:
            if any(v is not None for v in cells.values()):
                problems.append((f"sheet '{ws.title}', row {row}, column A", "-",
                                 "values without a parameter id: keep the id column as it is"))
            continue
        if kind not in KIND_FIELD:
            problems.append((f"sheet '{ws.title}', row {row}, column {get_column_letter(COLUMNS.index('kind') + 1)}",
                             "-", f"entry kind must be {' or '.join(repr(k) for k in KIND_FIELD)} (got {kind!r})"))
            continue
        field_name = KIND_FIELD[kind]
        for col, year in years.items():
            record = records.get((pid, year))
            if record is None or field_name in record:  # a second row of one kind: the schema reports it
                duplicate = record is not None
                record = {"parameter": pid, "year": str(year), "rows": [row], "column": col}
                if duplicate:
                    extra.append(record)
                else:
                    records[(pid, year)] = record
            elif cells[year] is not None:  # the cell with a value names the place (both, if both have one)
                filled = any(record.get(f) is not None for f in KIND_FIELD.values())
                record["rows"] = record["rows"] + [row] if filled else [row]
            record[field_name] = cells[year]
    for record in [*records.values(), *extra]:
        rows = " and ".join(str(r) for r in record.pop("rows"))
        record["where"] = (f"sheet '{ws.title}', row{'s' if ' and ' in rows else ''} {rows}, "
                           f"column {get_column_letter(record.pop('column'))} ({record['year']})")
    return list(records.values()) + extra, problems


def read_workbook(path, edition: Edition) -> Entered:
    """Read and validate a workbook made by ``index071 template`` (and filled in) for ``edition``.

    Args:
        path: The ``.xlsx`` file.
        edition: The edition it belongs to (its parameters, years and base year).

    Returns:
        The values entered, validated as :func:`~index071lib.data.edition.read_values` validates ``values.csv``.

    Raises:
        DataError: Naming the workbook, the sheet, the row and the column (at most 20 problems listed).
    """
    path = Path(path)
    values_book = _open(path, data_only=True)
    _formulas_without_result(path, _open(path, data_only=False), values_book)
    records, problems = [], []
    for ws in values_book.worksheets:
        if ws.title == nl.ENTRY_HELP_SHEET:
            continue
        _check_header(path, ws)
        sheet_records, sheet_problems = _records(path, ws, _year_columns(path, ws, edition))
        records += sheet_records
        problems += sheet_problems
    if problems:
        raise DataError(path, problems, label=FIELD_LABEL)
    if not records:
        _fail(path, "file", "has no sheet with parameters (one sheet per basket, made by `index071 template`)")
    present = {r["parameter"] for r in records}
    missing = [(f"parameter '{p}'", "-", "is not in the workbook: every parameter of parameters.csv needs its row "
                                         "(do not delete rows)") for p in edition.parameters.index if p not in present]
    table = pd.DataFrame(records, columns=["parameter", "year", "value", "raw_value", "where"])
    table.attrs["where"] = table.pop("where").tolist()
    table = table.astype(object).where(table.notna(), None)
    try:
        values, raw_values = read_values(table, path, edition.parameters, edition.years, edition.base_year)
    except DataError as err:  # the cells' problems first, then the missing rows (not also as "has no rows")
        places = {where for where, _, _ in missing}
        problems = [p for p in err.problems if p[0] not in places] + missing
        raise DataError(path, problems, label=FIELD_LABEL, omitted=err.omitted) from None
    if missing:
        raise DataError(path, missing, label=FIELD_LABEL)
    return Entered(table=table, values=values, raw_values=raw_values)


def _entries(values: pd.DataFrame, raw_values: pd.DataFrame) -> pd.DataFrame:
    """Per parameter and year: what was entered (``field`` value or raw_value) and the number."""
    raw = raw_values.reindex_like(values)
    index = values.where(raw.isna())
    tidy = []
    for field_name, frame in (("value", index), ("raw_value", raw)):
        long = frame.stack(future_stack=True).rename("number").reset_index()
        tidy.append(long.assign(field=field_name).dropna(subset=["number"]))
    return pd.concat(tidy, ignore_index=True).set_index(["parameter", "year"])


def changes(edition: Edition, entered: Entered) -> pd.DataFrame:
    """What importing the workbook would change in the edition's ``values.csv``.

    Args:
        edition: The edition as loaded (its ``values.csv``).
        entered: The workbook's values (:func:`read_workbook`).

    Returns:
        One row per changed cell: ``parameter, year, change, field, old, new``; ``change`` is ``new`` (a
        value for the edition's last year where there was none), ``late`` (a value for an earlier year that
        was empty: a figure that came in late), ``revised`` (another number, or entered raw instead of as an
        index number or back) or ``removed``; ``field`` is ``value`` (index number) or ``raw_value``. Empty
        when nothing changes.
    """
    old = _entries(edition.values, edition.raw_values)
    new = _entries(entered.values, entered.raw_values)
    keys = old.index.union(new.index)
    old, new = old.reindex(keys), new.reindex(keys)
    same = (old["field"] == new["field"]) & (old["number"] == new["number"])
    both_missing = old["number"].isna() & new["number"].isna()
    diff = pd.DataFrame({"old": old["number"], "new": new["number"],
                         "field": new["field"].fillna(old["field"])})[~(same | both_missing)]
    last = edition.years[-1]
    diff["change"] = [("new" if year == last else "late") if pd.isna(o) else "removed" if pd.isna(n) else "revised"
                      for (_, year), o, n in zip(diff.index, diff["old"], diff["new"])]
    order = {p: i for i, p in enumerate(edition.parameters.index)}
    diff = diff.reset_index()
    diff = diff.assign(_o=diff["parameter"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    return diff[["parameter", "year", "change", "field", "old", "new"]].reset_index(drop=True)


def _rows(edition: Edition, entered: Entered, header: list[str]) -> list[list[str]]:
    """The rows of the new ``values.csv``: unchanged rows as they were (comma files), changed rows anew."""
    new = _entries(entered.values, entered.raw_values)
    path = edition.path / edition.files["values"]
    text = read_text(path)
    sep = detect_separator(text)
    old = _entries(edition.values, edition.raw_values)
    rows, seen = [], set()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    old_header = [h.strip() for h in next(reader)]
    for record in reader:
        if not record:
            continue
        fields = dict(zip(old_header, record))
        key = (fields["parameter"].strip(), int(float(fields["year"])))
        seen.add(key)
        was = old.loc[key] if key in old.index else None
        now = new.loc[key] if key in new.index else None
        unchanged = (was is None and now is None) or (
            was is not None and now is not None and was["field"] == now["field"] and was["number"] == now["number"])
        if unchanged and sep == ",":
            rows.append([fields.get(h, "") for h in header])
        else:
            rows.append(_row(key, now, header))
    order = {p: i for i, p in enumerate(edition.parameters.index)}
    for key in sorted(set(new.index) - seen, key=lambda k: (order[k[0]], k[1])):
        rows.append(_row(key, new.loc[key], header))
    return rows


def _row(key: tuple, entry, header: list[str]) -> list[str]:
    cells = {"parameter": key[0], "year": str(key[1]), "value": "", "raw_value": ""}
    if entry is not None:
        cells[entry["field"]] = data_number(entry["number"])
    return [cells.get(h, "") for h in header]


def write_values(edition: Edition, entered: Entered) -> Path:
    """Write the workbook's values to the edition's ``values.csv`` in one atomic step.

    The file is written next to ``values.csv`` under a temporary name and renamed over it
    (:func:`os.replace`): a reader sees the old file or the new one, never half of it. Rows whose value did
    not change keep their text (a file separated by semicolons is written anew with commas). The
    ``raw_value`` column is written when a value is raw (or the file had the column).

    Args:
        edition: The edition (as loaded before the import).
        entered: The validated values (:func:`read_workbook`).

    Returns:
        The path of ``values.csv``.
    """
    path = edition.path / edition.files["values"]
    header = ["parameter", "year", "value"]
    had_raw = "raw_value" in read_text(path).splitlines()[0]
    if had_raw or entered.raw_values.notna().any().any():
        header.append("raw_value")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(_rows(edition, entered, header))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
