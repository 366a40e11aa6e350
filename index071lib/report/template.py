"""The workbook to fill in (``index071 template``): one sheet per basket, parameters × years, to be read back by
``index071 import`` (:mod:`index071lib.data.entry`, which owns the layout).

Every parameter has a row of index numbers (``index``); a parameter with ``base_raw`` and ``raw_unit`` in
``parameters.csv`` has a second row for raw figures (``ruw``). The cells hold what ``values.csv`` holds; the
cells still to fill (the years after the parameter's last filled year) are yellow. Data validation accepts
only numbers in the bounds of the loader, panes are frozen on the header and the names, and an instructions
sheet (Dutch) explains the rest. Names and sources from the data stay text (never a formula).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from index071lib.data.edition import Edition
from index071lib.data.entry import COLUMNS, FIRST_YEAR_COLUMN, HEADER_ROW
from index071lib.data.schemas import MAX_INDEX
from index071lib.report.excel import BOLD, no_formulas, sheet_title
from index071lib.text import nl

#: Cells still to fill.
TO_FILL = PatternFill("solid", fgColor="FFEB9C")
#: Header cells.
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDTHS = {"id": 24, "name": 60, "source": 28, "kind": 8, "unit": 22, "last_year": 11}
YEAR_WIDTH = 10


def last_filled(edition: Edition) -> pd.Series:
    """Per parameter the last year with a value (index or raw), ``<NA>`` if none."""
    present = edition.values.notna()
    return present.loc[:, ::-1].idxmax(axis=1).where(present.any(axis=1)).astype("Int64")


def _validations(ws) -> tuple[DataValidation, DataValidation]:
    index = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(MAX_INDEX),
                           allow_blank=True, showErrorMessage=True, errorTitle=nl.ENTRY_ERROR_TITLE,
                           error=nl.entry_error_index(MAX_INDEX))
    raw = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
                         showErrorMessage=True, errorTitle=nl.ENTRY_ERROR_TITLE, error=nl.ENTRY_ERROR_RAW)
    ws.add_data_validation(index)
    ws.add_data_validation(raw)
    return index, raw


def _rows(edition: Edition, pid: str) -> list[tuple[str, str, pd.Series]]:
    """``(kind, unit, numbers)`` of the rows of one parameter: index numbers, then raw figures if it has them."""
    params = edition.parameters
    raw = edition.raw_values.loc[pid] if pid in edition.raw_values.index else pd.Series(dtype=float)
    rows = [(nl.ENTRY_KINDS["index"], nl.entry_unit_index(edition.base_year),
             edition.values.loc[pid].where(raw.reindex(edition.values.columns).isna()))]
    if "base_raw" in params and pd.notna(params.loc[pid, "base_raw"]):
        rows.append((nl.ENTRY_KINDS["raw"], str(params.loc[pid, "raw_unit"]),
                     raw.reindex(edition.values.columns)))
    return rows


def _basket_sheet(ws, edition: Edition, basket: str, last: pd.Series) -> None:
    years = edition.years
    ws.cell(row=1, column=1, value=nl.entry_sheet_heading(edition.year, edition.basket_names[basket])).font = \
        Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=nl.ENTRY_LEGEND_FILL).fill = TO_FILL
    headers = [nl.ENTRY_COLUMNS[c] for c in COLUMNS] + years
    for col, label in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    index_check, raw_check = _validations(ws)
    row = HEADER_ROW + 1
    for pid in edition.parameters.index[edition.parameters["basket"] == basket]:
        info = edition.parameters.loc[pid]
        rows = _rows(edition, pid)
        for kind, unit, numbers in rows:
            fixed = {"id": pid, "name": str(info["name"]), "source": "" if pd.isna(info["source"]) else
                     str(info["source"]), "kind": kind, "unit": unit,
                     "last_year": None if pd.isna(last[pid]) else int(last[pid])}
            for col, key in enumerate(COLUMNS, start=1):
                ws.cell(row=row, column=col, value=fixed[key])
            is_raw = kind == nl.ENTRY_KINDS["raw"]
            fill_this_row = is_raw or len(rows) == 1  # a raw parameter is filled in on its raw row
            for col, year in enumerate(years, start=FIRST_YEAR_COLUMN):
                number = numbers[year]
                cell = ws.cell(row=row, column=col, value=None if pd.isna(number) else float(number))
                if fill_this_row and (pd.isna(last[pid]) or year > last[pid]):
                    cell.fill = TO_FILL
            first, last_col = get_column_letter(FIRST_YEAR_COLUMN), get_column_letter(FIRST_YEAR_COLUMN + len(years) - 1)
            span = f"{first}{row}:{last_col}{row}"
            (raw_check if is_raw else index_check).add(span)
            row += 1
    for col, key in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[key]
    for col in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + len(years)):
        ws.column_dimensions[get_column_letter(col)].width = YEAR_WIDTH
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=COLUMNS.index("name") + 2)


def _help_sheet(ws, edition: Edition) -> None:
    for i, line in enumerate(nl.entry_instructions(edition.year, edition.base_year, edition.years), start=1):
        cell = ws.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    legend = ws.max_row + 2
    ws.cell(row=legend, column=1, value=nl.LEGEND_TITLE).font = BOLD
    ws.cell(row=legend + 1, column=1, value=nl.ENTRY_LEGEND_FILL).fill = TO_FILL
    ws.column_dimensions["A"].width = 120


def template_workbook(edition: Edition) -> Workbook:
    """The workbook to fill in for ``edition`` (see the module docstring)."""
    wb = Workbook()
    used = {nl.ENTRY_HELP_SHEET}
    _help_sheet(wb.active, edition)
    wb.active.title = nl.ENTRY_HELP_SHEET
    last = last_filled(edition)
    for basket in edition.basket_ids:
        _basket_sheet(wb.create_sheet(sheet_title(edition.basket_names[basket], used)), edition, basket, last)
    no_formulas(wb)
    return wb


def write_template(edition: Edition, path, *, force: bool = False) -> Path:
    """Write the workbook to fill in, in one step (temporary file, then renamed).

    Args:
        edition: The edition.
        path: The ``.xlsx`` file.
        force: Replace an existing file (without it, an existing file is never overwritten).

    Returns:
        The path written.

    Raises:
        FileExistsError: If ``path`` exists and ``force`` is false.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(path)
    buffer = io.BytesIO()
    template_workbook(edition).save(buffer)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(buffer.getvalue())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
