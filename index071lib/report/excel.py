"""The annex tables of an edition as an Excel workbook (openpyxl): overview, one sheet per basket, themes,
parameters.

Headers are Dutch. Values are stored at full precision and displayed through number formats (whole points,
weights as percentages, raw figures with a thousands separator; Excel's locale makes them Dutch). A basket sheet
holds the annex as printed (values by their own data year, ``-`` where the publication has none) beside the
annex as counted: cells that count with a figure of an earlier year (lag alignment) are shaded, show that year
in brackets and carry a comment naming it; cells no data reaches are grey. A legend explains the marking.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from index071lib.core.pipeline import compute_scenario
from index071lib.core.themes import theme_table
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario
from index071lib.report.context import displayed_figures
from index071lib.text import nl

COL = nl.COL
WCOL = nl.COL_WORKBOOK

LAGGED_FILL = PatternFill("solid", fgColor="FFF2CC")
FILLED_FILL = PatternFill("solid", fgColor="E0E0E0")
BOLD = Font(bold=True)
BANNER_FONT = Font(bold=True, color="9C5700")
INDEX_FORMAT = "0"
#: Weights are stored as fractions (0.30) and shown as percentages.
WEIGHT_FORMAT = "0%"
WEIGHT_FORMAT_DECIMAL = "0.0%"
CHANGE_FORMAT = "+0;-0;0"
DIFFERENCE_FORMAT = "+0.0;-0.0;0.0"
#: Raw figures: thousands separator (Excel shows 62.250 in a Dutch locale).
RAW_FORMAT = "#,##0"
RAW_FORMAT_DECIMAL = "#,##0.0"
#: Column widths (characters): a column fits its longest cell, at most this wide (longer text wraps).
MAX_WIDTH = 50
MIN_WIDTH = 6


def weight_format(fraction: float) -> str:
    """Number format of a weight stored as a fraction: ``0%``, or ``0.0%`` for 12,5%.

    Example:
        >>> weight_format(0.3), weight_format(0.125)
        ('0%', '0.0%')
    """
    return WEIGHT_FORMAT if round(fraction * 100, 9).is_integer() else WEIGHT_FORMAT_DECIMAL


def raw_format(value: float) -> str:
    """Number format of a raw figure: thousands separator, one decimal if it has decimals.

    Example:
        >>> raw_format(62250.0), raw_format(4.5)
        ('#,##0', '#,##0.0')
    """
    return RAW_FORMAT if float(value).is_integer() else RAW_FORMAT_DECIMAL


def year_format(year: int | None) -> str:
    """Number format of a counted cell: the whole points, and the data year of a carried figure in brackets
    (``133 (2015)``; the cell keeps its number); ``100 (basis)`` for the base value; ``None`` = a figure of its
    own year.

    Example:
        >>> year_format(2015), year_format(None)
        ('0" (2015)"', '0')
    """
    return INDEX_FORMAT if year is None else f'0" ({year})"'


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


def _header(ws, row: int, labels: list[str], start: int = 1) -> None:
    for col, label in enumerate(labels, start=start):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _legend(ws, row: int) -> None:
    ws.cell(row=row, column=1, value=nl.LEGEND_TITLE).font = BOLD
    ws.cell(row=row + 1, column=1, value=nl.LEGEND_LAGGED).fill = LAGGED_FILL
    ws.cell(row=row + 2, column=1, value=nl.LEGEND_FILLED).fill = FILLED_FILL


def _title(ws, text: str, scenario: Scenario | None) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)
    if scenario is not None:
        ws.cell(row=2, column=1, value=nl.scenario_banner(scenario)).font = BANNER_FONT


def _table(ws, header_row: int, last_row: int, last_col: int) -> None:
    """Freeze the rows down to the header and the first column; a filter on the table's header."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{max(last_row, header_row + 1)}"


def _text_width(value, number_format: str = "General") -> int:
    """Characters a cell shows: a number with its thousands separators, decimals and the literal text of its
    number format (``133 (2015)``)."""
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        decimals = number_format.split(";")[0].partition(".")[2].count("0")
        literal = sum(len(part) for part in number_format.split(";")[0].split('"')[1::2])
        return len(f"{value:,.{decimals}f}") + literal + 1
    return max(len(line) for line in str(value).split("\n"))


def fit_columns(ws, header_row: int, *, max_width: int = MAX_WIDTH, min_width: int = MIN_WIDTH) -> None:
    """Column widths that fit their content from ``header_row`` down (titles and banners above may overflow);
    a column whose longest text is wider than ``max_width`` is that wide and its cells wrap. Headers wrap at
    their words (a column is at least as wide as a header's longest word); the header row is made as high as
    its most wrapped header.

    Args:
        ws: The worksheet.
        header_row: The header row of the sheet's table.
        max_width: Widest column, in characters.
        min_width: Narrowest column.
    """
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is None:
                continue
            if cell.row == header_row:
                width = _text_width(max(str(cell.value).split(), key=len))
            else:
                width = _text_width(cell.value, cell.number_format)
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    lines = 1
    for col, width in widths.items():
        shown = max(min_width, min(width, max_width))
        ws.column_dimensions[get_column_letter(col)].width = shown + 2
        header = ws.cell(row=header_row, column=col).value
        if header is not None:
            lines = max(lines, math.ceil(len(str(header)) / shown))
        if width > max_width:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[header_row].height = 15 * lines


def no_formulas(wb: Workbook) -> None:
    """Keep every text a text: openpyxl stores a string that starts with ``=`` as a formula, and the workbook
    writes no formula of its own, so such a cell holds a name or source from data (``=HYPERLINK(...)``)."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _weight(ws, row: int, col: int, percent: float) -> None:
    fraction = float(percent) / 100
    ws.cell(row=row, column=col, value=fraction).number_format = weight_format(fraction)


def _overview_sheet(ws, edition: Edition, scenario: Scenario | None, result) -> None:
    """Baskets and total: weight, computed levels, the change; beside them the published levels and the
    difference (official weights only)."""
    years = [int(y) for y in result.aligned.columns]
    names = edition.basket_names
    _title(ws, nl.workbook_title(edition.year), scenario)
    previous, last = years[-2], years[-1]
    published = edition.published if scenario is None else None
    shown = displayed_figures(result.series, published)
    labels = [COL["basket"], COL["weight"], *[str(y) for y in years], nl.col_workbook_change(previous, last)]
    if published is not None:
        labels += [WCOL["published_year"].format(year=y) for y in years]
        labels += [WCOL["difference_year"].format(year=y) for y in years]
    _header(ws, 3, labels)
    n = len(years)
    for i, sid in enumerate(result.series.index, start=4):
        ws.cell(row=i, column=1, value=names.get(sid, sid))
        if sid in result.basket_weights.index:
            _weight(ws, i, 2, result.basket_weights[sid])
        for j, year in enumerate(years, start=3):
            computed = float(result.series.loc[sid, year])
            cell = ws.cell(row=i, column=j, value=computed)
            cell.number_format = INDEX_FORMAT
            printed = shown.differs(sid, year)
            if printed is not None:
                cell.comment = Comment(
                    nl.published_footnote(names.get(sid, sid), year, shown.level(sid, year), printed), "index071")
            if published is not None and sid in published.index and pd.notna(published.loc[sid, year]):
                value = float(published.loc[sid, year])
                ws.cell(row=i, column=j + n + 1, value=value).number_format = INDEX_FORMAT
                ws.cell(row=i, column=j + 2 * n + 1, value=computed - value).number_format = DIFFERENCE_FORMAT
        change = ws.cell(row=i, column=n + 3, value=shown.change(sid, last, previous))
        change.number_format = CHANGE_FORMAT
    _table(ws, 3, 3 + len(result.series.index), len(labels))
    fit_columns(ws, 3, max_width=34)


def _basket_sheet(ws, edition: Edition, scenario: Scenario | None, result, basket: str) -> None:
    """One basket: the annex as printed (values by data year, ``-`` where missing, the printed basket row) and
    as counted (lag-aligned, data year of a carried figure in brackets), direction, weight and source; under
    the tables the computed basket beside the printed one and their difference."""
    years = [int(y) for y in result.aligned.columns]
    n = len(years)
    name = edition.basket_names[basket]
    _title(ws, nl.sheet_heading(name), scenario)
    printed_col, counted_col = 4, 4 + n
    source_col = counted_col + n
    for col, label in ((printed_col, nl.SHEET_GROUP_PRINTED), (counted_col, nl.SHEET_GROUP_COUNTED)):
        cell = ws.cell(row=3, column=col, value=label)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + n - 1)
    ws.row_dimensions[3].height = 45
    _header(ws, 4, [COL["parameter"], COL["direction"], COL["weight"], *[str(y) for y in years],
                    *[str(y) for y in years], COL["source"]])
    members = list(result.basket_of.index[result.basket_of == basket])
    values = edition.values.reindex(index=members, columns=years)
    for i, pid in enumerate(members, start=5):
        par = edition.parameters.loc[pid]
        ws.cell(row=i, column=1, value=nl.unit_label(str(par["name"])))
        ws.cell(row=i, column=2, value=nl.direction_label(str(par["name"]), str(par.get("polarity"))))
        _weight(ws, i, 3, float(result.weights[pid]))
        for k, year in enumerate(years):
            value = values.loc[pid, year]
            cell = ws.cell(row=i, column=printed_col + k, value=None if pd.isna(value) else float(value))
            if pd.isna(value):
                cell.value = nl.ANNEX_MISSING
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.number_format = INDEX_FORMAT
            cell = ws.cell(row=i, column=counted_col + k, value=float(result.aligned.loc[pid, year]))
            status = result.status.loc[pid, year]
            cell.number_format = INDEX_FORMAT
            if status == "lagged":
                vintage = int(result.vintage.loc[pid, year])
                cell.fill = LAGGED_FILL
                cell.number_format = year_format(vintage)
                cell.comment = Comment(nl.comment_lagged(vintage), "index071")
            elif status == "filled":
                cell.fill = FILLED_FILL
                cell.number_format = '0" (basis)"'
                cell.comment = Comment(nl.COMMENT_FILLED, "index071")
        ws.cell(row=i, column=source_col, value=str(par["source"]) if pd.notna(par["source"]) else "")
    last = len(members) + 4
    _table(ws, 4, last, source_col)
    row = last + 1
    ws.cell(row=row, column=1, value=name).font = BOLD
    published = edition.published if scenario is None else None
    shown = displayed_figures(result.series, published)
    pub_row = edition.published.loc[basket] if basket in edition.published.index else None
    for k, year in enumerate(years):
        computed = float(result.baskets.loc[basket, year])
        if pub_row is not None and pd.notna(pub_row[year]):
            ws.cell(row=row, column=printed_col + k, value=float(pub_row[year])).number_format = INDEX_FORMAT
            diff = ws.cell(row=row + 1, column=counted_col + k, value=computed - float(pub_row[year]))
            diff.number_format = DIFFERENCE_FORMAT
        cell = ws.cell(row=row, column=counted_col + k, value=computed)
        cell.number_format = INDEX_FORMAT
        cell.font = BOLD
        differs = shown.differs(basket, year)
        if differs is not None:
            cell.comment = Comment(nl.published_footnote(name, year, shown.level(basket, year), differs), "index071")
    if pub_row is not None:
        ws.cell(row=row + 1, column=1, value=nl.SHEET_DIFFERENCE_ROW)
    _legend(ws, row + 3)
    fit_columns(ws, 4)


def _parameters_sheet(ws, edition: Edition, scenario: Scenario | None, result) -> None:
    """One row per parameter: id, name, definition (if the data has one), unit, direction, source, last year
    with a figure, basket, weight, share in the index, note."""
    _title(ws, nl.PARAMETERS_TITLE, scenario)
    params = edition.parameters
    has_definition = "definition" in params.columns
    labels = [WCOL["id"], COL["parameter"], *([WCOL["definition"]] if has_definition else []), COL["unit"],
              COL["direction"], COL["source"], WCOL["last_data_year"], COL["basket"], COL["weight"],
              COL["share_in_total"], WCOL["note"]]
    _header(ws, 3, labels)
    values = edition.values
    for i, pid in enumerate(params.index, start=4):
        par = params.loc[pid]
        observed = values.loc[pid].dropna() if pid in values.index else pd.Series(dtype=float)
        unit = par.get("raw_unit") if "raw_unit" in params.columns else None
        row = [str(pid), nl.unit_label(str(par["name"])),
               *([_text(par["definition"])] if has_definition else []),
               nl.unit_label(str(unit)) if isinstance(unit, str) and unit else nl.UNIT_INDEX,
               nl.direction_label(str(par["name"]), str(par.get("polarity"))), _text(par["source"]),
               int(observed.index.max()) if len(observed) else None,
               edition.basket_names.get(str(par["basket"]), str(par["basket"]))]
        for col, value in enumerate(row, start=1):
            ws.cell(row=i, column=col, value=value)
        col = len(row) + 1
        _weight(ws, i, col, float(result.weights[pid]))
        share = float(result.effective_weights[pid]) / 100
        ws.cell(row=i, column=col + 1, value=share).number_format = "0.0%"
        ws.cell(row=i, column=col + 2, value=_text(par.get("note")))
    _table(ws, 3, 3 + len(params), len(labels))
    fit_columns(ws, 3)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _themes_sheet(ws, edition: Edition, scenario: Scenario | None) -> None:
    """The trend themes: raw figures (thousands separator) with their unit and direction, the computed and the
    printed index."""
    _title(ws, nl.SHEET_THEMES, scenario)
    labels = [COL[k] for k in ("theme", "series", "unit", "direction", "period", "value", "index_computed",
                               "index_printed")]
    _header(ws, 3, labels)
    row = 4
    for theme in edition.theme_ids:
        for rec in theme_table(edition, theme).itertuples():
            values = [edition.theme_names[theme], rec.name, nl.unit_label(str(rec.unit)),
                      nl.direction_label(str(rec.name), str(rec.polarity)),
                      str(rec.label), rec.value, rec.index, rec.printed_index]
            for col, value in enumerate(values, start=1):
                if not isinstance(value, str) and pd.isna(value):
                    value = None
                elif hasattr(value, "item"):
                    value = value.item()
                ws.cell(row=row, column=col, value=value)
            if ws.cell(row=row, column=6).value is not None:
                ws.cell(row=row, column=6).number_format = raw_format(ws.cell(row=row, column=6).value)
            ws.cell(row=row, column=7).number_format = "0.0"
            ws.cell(row=row, column=8).number_format = INDEX_FORMAT
            row += 1
    _table(ws, 3, row - 1, len(labels))
    fit_columns(ws, 3)


def write_workbook(edition: Edition, scenario: Scenario | None, path: Path) -> Path:
    """Write the annex workbook of an edition (optionally with a scenario's weights).

    Sheets: *Overzicht* (baskets and total, with the published levels and the difference), one per basket (the
    annex as printed and as counted), *Trendthema's* and *Parameters* (what each parameter is). Every sheet has
    its header rows and first column frozen and a filter on its table; values keep full precision and are
    shown through number formats.

    Args:
        edition: The edition.
        scenario: A scenario or ``None`` (official weights).
        path: Target ``.xlsx`` file.

    Returns:
        ``path``.
    """
    result = compute_scenario(edition, scenario, warn=False)
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = sheet_title(nl.SHEET_OVERVIEW, used)
    _overview_sheet(ws, edition, scenario, result)
    for basket in edition.basket_ids:
        _basket_sheet(wb.create_sheet(sheet_title(edition.basket_names[basket], used)), edition, scenario, result,
                      basket)
    _themes_sheet(wb.create_sheet(sheet_title(nl.SHEET_THEMES, used)), edition, scenario)
    _parameters_sheet(wb.create_sheet(sheet_title(nl.SHEET_PARAMETERS, used)), edition, scenario, result)
    no_formulas(wb)
    buffer = io.BytesIO()  # zipped in memory: a full disk fails in one plain write, not in a half-closed zip file
    wb.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
    return path
