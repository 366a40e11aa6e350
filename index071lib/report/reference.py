"""Context figures of the publication beside the index (``reference.csv`` of an edition): national GDP growth
on the overview, the national waste trend on the waste theme, highly educated in other knowledge regions on the
basket that holds that parameter. Each table starts with the region's own figure over the same period, computed
from the edition. The region's change of the total or a basket is taken between the displayed (whole-point)
levels, as every change beside those levels (110 → 113: +2,7%); that of a parameter or theme series from its
figures at full precision. Every percentage of a table is shown with the precision of the publication's
figures in it (:func:`source_decimals`: whole percents where it prints 2% and 10%, one decimal beside 1,8%)."""

from __future__ import annotations

import html
import re

import pandas as pd

from index071lib.report.context import Html, ReportContext, displayed
from index071lib.report.tables import table_html
from index071lib.text import nl
from index071lib.text.fmt import nl_percent


def _years(period: str) -> tuple[int, int] | None:
    """``"2012–2015"`` → ``(2012, 2015)``; ``"2016"`` → ``(2015, 2016)``; no year → ``None``."""
    found = [int(y) for y in re.findall(r"\d{4}", str(period))]
    if not found:
        return None
    return (found[0] - 1, found[0]) if len(found) == 1 else (found[0], found[-1])


def own_change(ctx: ReportContext, series: str, period: str) -> float | None:
    """The region's own change (percent) of a series over a period: the total or a basket (between its displayed,
    whole-point levels), a parameter (its index values) or a theme series (its raw values); ``None`` without both
    figures."""
    years = _years(period)
    if years is None:
        return None
    first, last = years
    edition = ctx.edition
    if series in ctx.result.series.index:  # shown as levels on the page: the change between the displayed ones
        values = displayed(ctx).levels.loc[series]
    elif series in edition.values.index:
        values = edition.values.loc[series]
    elif series in edition.theme_series.index:
        rows = edition.theme_values[edition.theme_values["series"] == series]
        values = rows.set_index("year")["value"]
    else:
        return None
    a, b = values.get(first), values.get(last)
    if a is None or b is None or pd.isna(a) or pd.isna(b) or a == 0:
        return None
    return (float(b) / float(a) - 1.0) * 100.0


def source_decimals(values) -> int:
    """The decimals the publication gives its reference figures: 1 when any has a fraction, else 0.

    Example:
        >>> source_decimals([2.0, 10.0, 7.0]), source_decimals([1.8])
        (0, 1)
    """
    return 0 if all(float(v).is_integer() for v in values) else 1


def reference_frame(ctx: ReportContext, page: str) -> pd.DataFrame:
    """The reference figures of a page (``overview``, ``basket:<id>``, ``theme:<id>``) for readers, with the
    region's own figure first (Dutch headers and numbers; empty when the page has none)."""
    edition = ctx.edition
    rows = edition.reference[edition.reference["page"] == page]
    if rows.empty:
        return pd.DataFrame()
    col = nl.REFERENCE_COLUMNS
    out = []
    for compare, group in rows.groupby("compare", sort=False, dropna=False):
        period = group["period"].iloc[0]
        decimals = source_decimals(group["value"])
        own = own_change(ctx, compare, period) if isinstance(compare, str) else None
        if own is not None:
            name = (edition.theme_series.loc[compare, "name"] if compare in edition.theme_series.index
                    else ctx.name(compare))
            out.append({col["label"]: name, col["region"]: nl.OWN_REGION, col["period"]: period,
                        col["value"]: nl_percent(own, decimals, sign=True)})
        for _, r in group.iterrows():
            out.append({col["label"]: r["label"], col["region"]: r["region"], col["period"]: r["period"],
                        col["value"]: nl_percent(float(r["value"]), decimals, sign=True)})
    return pd.DataFrame(out)


def reference_html(ctx: ReportContext, page: str) -> Html:
    """The block *Ter vergelijking*: the table and the sources (escaped); nothing when the page has none."""
    frame = reference_frame(ctx, page)
    if frame.empty:
        return Html("")
    rows = ctx.edition.reference[ctx.edition.reference["page"] == page]
    sources = "; ".join(dict.fromkeys(rows["source"]))
    return Html(f'<div class="referentie"><h3>{html.escape(nl.REFERENCE_HEADING)}</h3>{table_html(frame)}'
                f'<p class="uitlijning">{html.escape(nl.reference_sources(sources))}</p></div>')
