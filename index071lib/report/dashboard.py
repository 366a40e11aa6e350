"""The dashboard of the index page: per series the last level, an arrow for the change, a trend line, the
one-line verdict (the headline of its report), with the one-number rule of every page.

Everything comes from the report context (:func:`index071lib.report.context.displayed`): the level and change
shown here are the ones of the overview, the basket pages and the workbook, with the same marker where the
publication printed another figure.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from index071lib.report import style
from index071lib.report.context import Html, ReportContext, displayed, series_headline
from index071lib.report.sparkline import sparkline_svg
from index071lib.report.tables import shown_change, shown_level
from index071lib.text import nl


def series_report(ctx: ReportContext, series_id: str) -> str:
    """Run name of the report about a series: ``overview`` for the total, ``basket-<id>`` for a basket."""
    return "overview" if series_id == ctx.edition.total_id else f"basket-{series_id}"


def card_html(ctx: ReportContext, series_id: str, href: str | None) -> str:
    """One card: name (linked), level of the last year, arrow and change, trend line, verdict (escaped).

    Args:
        ctx: Report context.
        series_id: A basket id or the total id.
        href: Link to the series' report, or ``None``.

    Returns:
        ``<article class="card" data-series="…">``.
    """
    year, prev = ctx.year, ctx.previous
    shown = displayed(ctx)
    change = shown.change(series_id, year, prev)
    direction = (change > 0) - (change < 0)
    name = html.escape(ctx.name(series_id))
    title = f'<a href="{html.escape(href)}">{name}</a>' if href else name
    series = ctx.result.series.loc[series_id]
    years = [int(y) for y in series.index]
    levels = [shown.level(series_id, y) for y in years]
    trend = sparkline_svg(series.to_list(), nl.trend_label(ctx.name(series_id), years[0], years[-1], levels))
    word = {1: "up", -1: "down", 0: "flat"}[direction]
    total = " total" if series_id == ctx.edition.total_id else ""
    colour = style.basket_colour(ctx.edition.basket_ids, series_id, ctx.edition.total_id)  # the charts' colour
    return (f'<article class="card{total}" data-series="{html.escape(series_id)}" style="--kleur: {colour}">'
            f'<h3>{title}</h3>'
            f'<div class="level"><span class="value">{shown_level(shown, series_id, year)}</span>'
            f'<span class="arrow {word}" title="{html.escape(nl.change_label(change, prev))}">'
            f'<span aria-hidden="true">{nl.ARROW[direction]}</span> '
            f'<span class="change">{shown_change(shown, series_id, year, prev)}</span></span></div>'
            f'{trend}<div class="years">{html.escape(nl.years_span(years[0], years[-1]))}</div>'
            f'<p class="verdict">{html.escape(series_headline(ctx, series_id))}</p></article>')


def dashboard_html(ctx: ReportContext, href: Callable[[str], str | None]) -> Html:
    """The dashboard: the total first, then the baskets, as a grid of cards that reflows (page.css).

    Args:
        ctx: Report context.
        href: Report run name (``overview``, ``basket-<id>``) → link target, or ``None`` for no link.

    Returns:
        ``<section class="dashboard">`` with one card per series.
    """
    order = [ctx.edition.total_id, *[s for s in ctx.result.series.index if s != ctx.edition.total_id]]
    cards = "".join(card_html(ctx, sid, href(series_report(ctx, sid))) for sid in order)
    label = html.escape(nl.heading_key_figures(ctx.year))
    return Html(f'<section class="dashboard" aria-label="{label}">{cards}</section>')
