"""The annex tables of an edition as an Excel workbook (openpyxl): overview, one sheet per basket, themes.

Headers are Dutch. Values are stored at full precision and displayed as whole points (number format);
cells that count with a figure of an earlier year (lag alignment) are shaded and carry a comment naming
that year, cells no data reaches are grey. A legend on every sheet explains the marking.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from index071lib.core.pipeline import compute_scenario
from index071lib.core.themes import theme_table
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario
from index071lib.report.context import displayed_figures
from index071lib.text import nl

COL = nl.COL

LAGGED_FILL = PatternFill("solid", fgColor="FFF2CC")
FILLED_FILL = PatternFill("solid", fgColor="E0E0E0")
BOLD = Font(bold=True)
BANNER_FONT = Font(bold=True, color="9C5700")
INDEX_FORMAT = "0"
WEIGHT_FORMAT = "0.0"
CHANGE_FORMAT = "+0;-0;0"


def sheet_title(name: str, used: set[str]) -> str:
    """An Excel-safe, unique sheet title (≤ 31 characters, no ``[]:*?/\\``).

    Example:
        >>> sheet_title("Onderwijs – Arbeidsmarkt: een heel lange naam hier", set())
        'Onderwijs – Arbeidsmarkt een he'
    """
    clean = "".join(c for c in name if c not in "[]:*?/\\")[:31]
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def _header(ws, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _legend(ws, row: int) -> None:
    ws.cell(row=row, column=1, value=nl.LEGEND_TITLE).font = BOLD
    ws.cell(row=row + 1, column=1, value=nl.LEGEND_LAGGED).fill = LAGGED_FILL
    ws.cell(row=row + 2, column=1, value=nl.LEGEND_FILLED).fill = FILLED_FILL


def no_formulas(wb: Workbook) -> None:
    """Keep every text a text: openpyxl stores a string that starts with ``=`` as a formula, and the workbook
    writes no formula of its own, so such a cell holds a name or source from data (``=HYPERLINK(...)``)."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def write_workbook(edition: Edition, scenario: Scenario | None, path: Path) -> Path:
    """Write the annex workbook of an edition (optionally with a scenario's weights).

    Args:
        edition: The edition.
        scenario: A scenario or ``None`` (official weights).
        path: Target ``.xlsx`` file.

    Returns:
        ``path``.
    """
    result = compute_scenario(edition, scenario, warn=False)
    years = [int(y) for y in result.aligned.columns]
    names = edition.basket_names
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = sheet_title(nl.SHEET_OVERVIEW, used)
    ws.cell(row=1, column=1, value=nl.workbook_title(edition.year)).font = Font(bold=True, size=13)
    if scenario is not None:
        ws.cell(row=2, column=1, value=nl.scenario_banner(scenario)).font = BANNER_FONT
    previous, last = years[-2], years[-1]
    shown = displayed_figures(result.series, edition.published if scenario is None else None)
    _header(ws, 3, [COL["basket"], COL["weight_pct"], *[str(y) for y in years],
                    nl.col_workbook_change(previous, last)])
    for i, sid in enumerate(result.series.index, start=4):
        change = ws.cell(row=i, column=len(years) + 3, value=shown.change(sid, last, previous))
        change.number_format = CHANGE_FORMAT
        for j, year in enumerate(years, start=3):
            printed = shown.differs(sid, year)
            if printed is not None:
                ws.cell(row=i, column=j).comment = Comment(
                    nl.published_footnote(names.get(sid, sid), year, shown.level(sid, year), printed), "index071")
        ws.cell(row=i, column=1, value=names.get(sid, sid))
        if sid in result.basket_weights.index:
            ws.cell(row=i, column=2, value=float(result.basket_weights[sid])).number_format = WEIGHT_FORMAT
        for j, year in enumerate(years, start=3):
            ws.cell(row=i, column=j, value=float(result.series.loc[sid, year])).number_format = INDEX_FORMAT
    ws.column_dimensions["A"].width = 34

    for basket in edition.basket_ids:
        ws = wb.create_sheet(sheet_title(names[basket], used))
        ws.cell(row=1, column=1, value=nl.sheet_heading(names[basket])).font = Font(bold=True, size=13)
        if scenario is not None:
            ws.cell(row=2, column=1, value=nl.scenario_banner(scenario)).font = BANNER_FONT
        _header(ws, 3, [COL["parameter"], COL["weight_pct"], *[str(y) for y in years], COL["source"]])
        members = list(result.basket_of.index[result.basket_of == basket])
        for i, pid in enumerate(members, start=4):
            ws.cell(row=i, column=1, value=str(edition.parameters.loc[pid, "name"]))
            ws.cell(row=i, column=2, value=float(result.weights[pid])).number_format = WEIGHT_FORMAT
            for j, year in enumerate(years, start=3):
                cell = ws.cell(row=i, column=j, value=float(result.aligned.loc[pid, year]))
                cell.number_format = INDEX_FORMAT
                status = result.status.loc[pid, year]
                if status == "lagged":
                    cell.fill = LAGGED_FILL
                    cell.comment = Comment(nl.comment_lagged(int(result.vintage.loc[pid, year])), "index071")
                elif status == "filled":
                    cell.fill = FILLED_FILL
                    cell.comment = Comment(nl.COMMENT_FILLED, "index071")
            ws.cell(row=i, column=len(years) + 3, value=str(edition.parameters.loc[pid, "source"] or ""))
        row = len(members) + 4
        ws.cell(row=row, column=1, value=nl.basket_label(names[basket])).font = BOLD
        for j, year in enumerate(years, start=3):
            ws.cell(row=row, column=j, value=float(result.baskets.loc[basket, year])).number_format = INDEX_FORMAT
        _legend(ws, row + 2)
        ws.column_dimensions["A"].width = 60

    ws = wb.create_sheet(sheet_title(nl.SHEET_THEMES, used))
    _header(ws, 1, [COL[k] for k in ("theme", "series", "unit", "direction", "period", "value", "index_computed",
                                     "index_printed")])
    row = 2
    for theme in edition.theme_ids:
        for rec in theme_table(edition, theme).itertuples():
            values = [edition.theme_names[theme], rec.name, rec.unit, nl.POLARITY.get(rec.polarity, rec.polarity),
                      str(rec.label), rec.value, rec.index, rec.printed_index]
            for col, value in enumerate(values, start=1):
                if not isinstance(value, str) and pd.isna(value):
                    value = None
                elif hasattr(value, "item"):
                    value = value.item()
                ws.cell(row=row, column=col, value=value)
            ws.cell(row=row, column=7).number_format = "0.0"
            row += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 55
    path = Path(path)
    no_formulas(wb)
    buffer = io.BytesIO()  # zipped in memory: a full disk fails in one plain write, not in a half-closed zip file
    wb.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
    return path
