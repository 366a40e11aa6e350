"""Everything behind a report as pandas DataFrames, and the exports a researcher asks for in one call each.

The notebooks' "Onder de motorkap" sections show these calls::

    data = export.frames(ctx)                          # dict of DataFrames (full precision)
    data["series"].to_csv("reeksen.csv", sep=";", decimal=",")    # CSV for a Dutch spreadsheet
    export.to_excel(data, "index071.xlsx")             # Excel: one sheet per table
    chart.save("grafiek.svg")                          # a chart of index071lib.report.charts: SVG or PNG
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from index071lib.core.aggregate import effective_weights
from index071lib.report.context import ReportContext
from index071lib.text import nl


def frames(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """The data, weights and results behind a report, at full precision (nothing rounded).

    Args:
        ctx: The report context.

    Returns:
        ``series`` (total and baskets × years), ``aligned`` (parameters × years as they count, after
        alignment), ``values`` (parameters × years as published, before alignment), ``status`` (per cell:
        observed, lagged, filled or missing) and ``weights`` (per parameter: name, basket, weight, the
        basket's weight and the weight in the total in percent).

    Example:
        >>> from index071lib.report.context import load_context
        >>> data = frames(load_context(2017))
        >>> list(data), data["series"].shape, round(float(data["weights"]["share_of_total_pct"].sum()), 6)
        (['series', 'aligned', 'values', 'status', 'weights'], (6, 5), 100.0)
    """
    r, edition = ctx.result, ctx.edition
    weights = pd.DataFrame({
        "name": edition.parameters["name"].reindex(r.weights.index),
        "basket": r.basket_of.reindex(r.weights.index),
        "weight": r.weights.astype(float),
        "basket_weight": r.basket_of.reindex(r.weights.index).map(r.basket_weights).astype(float),
        "share_of_total_pct": effective_weights(r.weights.astype(float), r.basket_of,
                                                r.basket_weights.astype(float)).reindex(r.weights.index),
    }).rename_axis("parameter")
    return {"series": r.series, "aligned": r.aligned, "values": edition.values, "status": r.status, "weights": weights}


def to_excel(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write DataFrames to one Excel workbook, one sheet per table (the Dutch sheet names of
    :data:`index071lib.text.nl.EXPORT_SHEETS` for the tables of :func:`frames`; cut to Excel's 31 characters).

    Args:
        tables: Name → DataFrame (e.g. :func:`frames`).
        path: The ``.xlsx`` file.

    Returns:
        The path written.
    """
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=nl.EXPORT_SHEETS.get(name, str(name))[:31])
    return path
