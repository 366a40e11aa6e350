"""Charts for the reports (matplotlib ``Figure`` objects; Dutch labels and numbers).

Each function returns a :class:`Chart`: a :class:`matplotlib.figure.Figure` built without pyplot (nothing
leaks between charts, no backend set-up needed) that Jupyter displays as one embedded PNG at twice its
shown size (sharp on a projector). Colours and axes come from :mod:`index071lib.report.style`: a basket has
one colour on every page. The data year of every point of a parameter is visible: observed points are
filled, points carried from an earlier year are open (the year of the figure is written at the last point
of each stretch with the same delay), base-value fills are grey crosses.

Small multiples (one panel per parameter, theme series or basket) are a :class:`ChartGrid`: one PNG per
panel, all of the same size, in an HTML grid that the page style (``build/templates/page.css``) reflows to
as many columns as fit (three on a laptop, one on a phone), with the legend as HTML above it. The same
panels drawn as one figure remain available for exports (:meth:`ChartGrid.save`).

The lines and bars keep the look they had when seaborn drew them (markers with a thin white edge, bars
0.8 wide, a categorical axis from ``-0.5`` to ``n - 0.5``), drawn with plain matplotlib: importing seaborn
(which imports scipy.stats and pyplot) cost every report's kernel more than all of its charts together.
"""

from __future__ import annotations

import base64
import colorsys
import html
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from index071lib.analysis.audit import RESIDUAL_LIMIT
from index071lib.report import style
from index071lib.report.context import ReportContext, displayed
from index071lib.text import nl
from index071lib.text.fmt import nl_number
from index071lib.text.markup import chart_text

BLUE, GREEN, RED, GREY = "#1f5f99", style.RISE, style.FALL, "#888888"

NL_AXIS = FuncFormatter(lambda v, _pos: nl_number(v, 0 if float(v).is_integer() else 1))
STATUS_LABEL = nl.CELL_STATUS_LEGEND
#: Markers of a line of values: filled, with a thin white edge (seaborn's ``lineplot`` look).
LINE_MARKER = {"marker": "o", "markeredgewidth": 0.75, "markeredgecolor": "w"}
#: Width of a bar (of a group of bars side by side) on a categorical axis, in category steps.
BAR_WIDTH = 0.8


@dataclass
class Chart:
    """A finished chart: Jupyter shows it as a PNG (``_repr_mimebundle_``); ``title`` is its text fallback.

    Attributes:
        figure: The matplotlib figure.
        title: Dutch description of the chart.
    """

    figure: Figure
    title: str
    alt: str = ""

    def png(self) -> bytes:
        """The chart as PNG bytes, at twice its shown size (:data:`~index071lib.report.style.SCALE`)."""
        return style.png_bytes(self.figure)

    def size(self) -> tuple[int, int]:
        """Width and height in CSS pixels at which the chart is shown (the PNG has twice as many)."""
        width, height = self.figure.get_size_inches()
        return round(width * style.DPI), round(height * style.DPI)

    def save(self, path) -> None:
        """Write the chart to a file; the suffix gives the format (``.png`` at 2×, ``.svg``, ``.pdf``)."""
        self.figure.savefig(path, dpi=style.DPI * style.SCALE)

    def _repr_mimebundle_(self, include=None, exclude=None):
        alt = self.alt or nl.chart_alt(self.title)
        width, height = self.size()
        return ({"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": alt},
                {"image/png": {"alt": alt, "width": width, "height": height}})


#: Size of the plotting area of a small panel in inches (width, height); the figure adds the room its labels need.
PANEL_AXES = (2.75, 1.75)


def even_panels(panels: list[tuple[Figure, object]], width: float, height: float, pad: float = 0.06) -> None:
    """Give every panel of a grid the same figure size and the same plotting area (``width`` × ``height`` inches).

    Each figure is measured once (its axes' title, tick labels and annotations, without rendering pixels);
    every panel then gets the margins of the panel that needs the most room on each side, so the plotting
    areas line up in the grid and no label is cut off.

    Args:
        panels: ``(figure, axes)`` of every panel, one axes each.
        width: Width of the plotting area in inches.
        height: Height of the plotting area in inches.
        pad: Room around the labels in inches.
    """
    margins = []
    for fig, ax in panels:
        fig.set_size_inches(width + 4, height + 4)
        ax.set_position([2 / (width + 4), 2 / (height + 4), width / (width + 4), height / (height + 4)])
        renderer = FigureCanvasAgg(fig).get_renderer()
        tight, box = ax.get_tightbbox(renderer), ax.get_window_extent(renderer)
        margins.append([(box.x0 - tight.x0), (tight.x1 - box.x1), (box.y0 - tight.y0), (tight.y1 - box.y1)])
    left, right, bottom, top = (max(m[i] for m in margins) / style.DPI + pad for i in range(4))
    total_w = round(width + left + right, 2)  # whole CSS pixels: the <img> size matches the PNG
    total_h = round(height + bottom + top, 2)
    for fig, ax in panels:
        fig.set_size_inches(total_w, total_h)
        ax.set_position([left / total_w, bottom / total_h, width / total_w, height / total_h])


def panel_figure() -> tuple[Figure, object]:
    """A figure with one axes for a panel of a grid (sized later by :func:`even_panels`)."""
    fig = Figure(dpi=style.DPI)
    return fig, fig.add_subplot()


_MARKERS = {  # marker → SVG shape around (0, 0), radius about 4 px
    "o": '<circle r="3.6"/>', ".": '<circle r="2"/>', "s": '<rect x="-3.3" y="-3.3" width="6.6" height="6.6"/>',
    "D": '<path d="M0 -4.2L4.2 0L0 4.2L-4.2 0Z"/>', "^": '<path d="M0 -4.2L4 3.2L-4 3.2Z"/>',
    "v": '<path d="M0 4.2L4 -3.2L-4 -3.2Z"/>', "P": '<path d="M-1.3 -4H1.3V-1.3H4V1.3H1.3V4H-1.3V1.3H-4V-1.3H-1.3Z"/>',
    "x": '<path d="M-3.5 -3.5L3.5 3.5M-3.5 3.5L3.5 -3.5" fill="none" stroke-width="1.6"/>',
}


def legend_symbol(handle) -> str:
    """A legend key as a small inline SVG (40 × 16 px), drawn like the matplotlib handle: line colour, width and
    dashes, marker and its fill, or a filled box for an area (a band) or a bar.

    Args:
        handle: A :class:`matplotlib.lines.Line2D`, :class:`matplotlib.patches.Patch` or a collection (e.g. of
            ``fill_between``).

    Returns:
        ``<svg …>…</svg>``, hidden from screen readers (the label beside it says what it is).

    Example:
        >>> legend_symbol(Line2D([], [], color="black", linestyle="--", marker="o"))[:60]
        '<svg class="legendateken" width="40" height="16" viewBox="0 '
    """
    px = 4 / 3  # points → CSS pixels
    parts = []
    if isinstance(handle, Line2D):
        colour = to_hex(handle.get_color())
        if handle.get_linestyle() not in ("None", "", " "):
            offset, dashes = getattr(handle, "_dash_pattern", (0, None))
            dash = (f' stroke-dasharray="{" ".join(f"{d * px:.1f}" for d in dashes)}"' if dashes else "")
            parts.append(f'<line x1="1" y1="8" x2="39" y2="8" stroke="{colour}" '
                         f'stroke-width="{handle.get_linewidth() * px:.1f}"{dash}/>')
        marker = handle.get_marker()
        if marker in _MARKERS:
            face, edge = handle.get_markerfacecolor(), handle.get_markeredgecolor()
            fill = "none" if face in ("none", "None") or to_rgba(face)[3] == 0 else to_hex(face)
            stroke = to_hex(edge) if marker != "x" else colour
            parts.append(f'<g transform="translate(20 8)" fill="{fill}" stroke="{stroke}" stroke-width="1.3">'
                         f"{_MARKERS[marker]}</g>")
    else:
        face = handle.get_facecolor()
        rgba = to_rgba(face[0] if getattr(face, "ndim", 1) == 2 else face)
        parts.append(f'<rect x="2" y="2" width="36" height="12" fill="{to_hex(rgba)}" '
                     f'fill-opacity="{rgba[3]:.2f}"/>')
    return ('<svg class="legendateken" width="40" height="16" viewBox="0 0 40 16" aria-hidden="true" '
            'focusable="false">' + "".join(parts) + "</svg>")


@dataclass
class ChartGrid:
    """Small multiples as one PNG per panel in an HTML grid that reflows with the width of the screen.

    Jupyter (and so the HTML report) shows ``text/html``: a ``<div class="grafiekraster">`` of
    ``<figure>`` elements, each with one 2× PNG and its own Dutch alt text, the legend above it as HTML
    (``<ul class="grafieklegenda">``); the page style sets the columns (``build/templates/page.css``).

    Attributes:
        panels: One :class:`Chart` per panel, all of the same size (:func:`even_panels`).
        title: Dutch title of the whole grid.
        alt: Dutch description of the whole grid (label of the group, and the text fallback).
        legend: ``(matplotlib handle, label)`` of every legend entry.
        combined: Draws all panels as one figure (for :meth:`save`).
        caption: Show ``title`` above the grid (when the page has no heading that says it).
        note: A line under the legend (e.g. what "(omgekeerd)" in a panel title means).
    """

    panels: list[Chart]
    title: str
    alt: str
    legend: list[tuple[object, str]] = field(default_factory=list)
    combined: Callable[[], Figure] | None = None
    caption: bool = False
    note: str = ""

    def chart(self) -> Chart:
        """All panels as one chart (one figure, the legend below), e.g. to save as a single PNG or SVG."""
        if self.combined is None:
            raise ValueError("this grid has no combined figure")
        return Chart(self.combined(), self.title, self.alt)

    def save(self, path) -> None:
        """Write all panels as one figure to a file; the suffix gives the format (``.png`` at 2×, ``.svg``)."""
        self.chart().save(path)

    def html(self) -> str:
        """The grid as HTML: the legend, then one ``<figure>`` per panel (names are escaped)."""
        out = ['<div class="grafiekgroep">']
        if self.caption:
            out.append(f'<p class="grafiekraster-titel">{html.escape(self.title)}</p>')
        if self.legend:
            out.append(f'<ul class="grafieklegenda" aria-label="{html.escape(nl.LEGEND_LABEL)}">' + "".join(
                f"<li>{legend_symbol(h)}<span>{html.escape(label)}</span></li>" for h, label in self.legend) + "</ul>")
        if self.note:
            out.append(f'<p class="grafieknoot">{html.escape(self.note)}</p>')
        out.append(f'<div class="grafiekraster" role="group" aria-label="{html.escape(self.alt)}">')
        for panel in self.panels:
            width, height = panel.size()
            data = base64.b64encode(panel.png()).decode("ascii")
            alt = panel.alt or nl.chart_alt(panel.title)
            out.append(f'<figure class="grafiekpaneel"><img src="data:image/png;base64,{data}" '
                       f'alt="{html.escape(alt)}" width="{width}" height="{height}"></figure>')
        out.append("</div></div>")
        return "".join(out)

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = "\n".join([self.alt] + [f"- {p.alt or nl.chart_alt(p.title)}" for p in self.panels])
        return {"text/html": self.html(), "text/plain": text}


def palette(ctx: ReportContext) -> dict[str, str]:
    """The colour of every basket and of the total in this edition (:func:`style.basket_palette`)."""
    return style.basket_palette(ctx.edition.basket_ids, ctx.edition.total_id)


def _style(ax, title: str, ylabel: str, wrap: int = 45) -> None:
    style.style_axes(ax, title, ylabel, wrap=wrap)  # titles hold names from data: escaped there
    ax.yaxis.set_major_formatter(NL_AXIS)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _line(ax, x, y, colour: str, linewidth: float | None = None) -> None:
    """A line with round markers (:data:`LINE_MARKER`); points without a value are left out, the line joins
    its neighbours. String ``x`` values are categories, in the order given."""
    x, y = list(x), np.asarray(y, dtype=float)
    if x and isinstance(x[0], str):
        ax.xaxis.update_units(x)  # every category keeps its place, also one without a value
    shown = ~np.isnan(y)
    ax.plot([v for v, ok in zip(x, shown) if ok], y[shown], color=colour, linewidth=linewidth, **LINE_MARKER)


def muted(colour: str, saturation: float = 0.75) -> tuple[float, float, float]:
    """A colour with its saturation (HLS) scaled by ``saturation``: the bars of the reproduction chart.

    Example:
        >>> muted("#ff0000", 0.5)
        (0.75, 0.25, 0.25)
    """
    hue, lightness, sat = colorsys.rgb_to_hls(*to_rgb(colour))
    return colorsys.hls_to_rgb(hue, lightness, sat * saturation)


def _category_axis(ax, axis: str, n: int) -> None:
    """A categorical axis of ``n`` categories: no grid, from ``-0.5`` to ``n - 0.5`` (the y axis top-down)."""
    if axis == "x":
        ax.xaxis.grid(False)
        ax.set_xlim(-0.5, n - 0.5, auto=None)
    else:
        ax.yaxis.grid(False)
        ax.set_ylim(n - 0.5, -0.5, auto=None)


def _index_axis(ax, low: float, high: float) -> None:
    """Whole-point ticks in steps of 1, 2 or 5 and limits at least :data:`style.MIN_INDEX_SPAN` wide."""
    ax.set_ylim(*style.index_limits(low, high))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(NL_AXIS)


def series_chart(ctx: ReportContext, series_ids: list[str], title: str) -> Chart:
    """Line chart of baskets and/or the total over the years, with the latest level labelled.

    Every basket has its colour of :func:`palette`; the total is the thick grey line.

    Args:
        ctx: Report context.
        series_ids: Basket ids and/or the total id, in legend order.
        title: Chart title (Dutch).

    Returns:
        The chart.

    Example:
        >>> from index071lib.report.context import load_context
        >>> series_chart(load_context(2017), ["index071"], "Index071").png()[:4]
        b'\x89PNG'
    """
    data = ctx.result.series.loc[series_ids]
    shown = displayed(ctx)
    colours = palette(ctx)
    fig = Figure(figsize=(8, 4.2), dpi=style.DPI, layout="constrained")
    ax = fig.add_subplot()
    years = [int(y) for y in data.columns]
    handles = []
    for sid in series_ids:
        colour, width = colours.get(sid, style.TOTAL_COLOUR), 3.2 if sid == ctx.edition.total_id else 1.6
        _line(ax, years, data.loc[sid].to_numpy(dtype=float), colour, width)
        handles.append(Line2D([], [], color=colour, linewidth=width, label=chart_text(ctx.name(sid)), **LINE_MARKER))
    for sid in series_ids:
        value = data.loc[sid, ctx.year]
        ax.annotate(nl_number(shown.level(sid, ctx.year)), (ctx.year, value), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8)
    _style(ax, title, nl.axis_index(ctx.edition.base_year))
    _index_axis(ax, float(data.min().min()), float(data.max().max()))  # index points: whole-point ticks
    ax.set_xlim(min(data.columns) - 0.2, ctx.year + 0.6)
    if len(series_ids) > 1:
        ax.legend(handles=handles, title="", fontsize=8, loc="upper left", frameon=False)
    first = int(min(data.columns))
    alt = nl.alt_series_chart(title, first, ctx.year, [(ctx.name(s), shown.level(s, first), shown.level(s, ctx.year))
                                                       for s in series_ids])
    return Chart(fig, title, alt)


def basket_chart(ctx: ReportContext, basket: str, title: str) -> Chart:
    """A basket over the years in its colour, with the Index071 total as a grey dashed reference line.

    The y axis is the same on every basket page (the range of all baskets and the total), so a move of one
    point looks as small on one basket page as on another.

    Args:
        ctx: Report context.
        basket: Basket id.
        title: Chart title (Dutch).

    Returns:
        The chart (legend: the basket and the total).
    """
    total = ctx.edition.total_id
    every = ctx.result.series.loc[ctx.edition.basket_ids + [total]]
    data = every.loc[[basket, total]]
    shown = displayed(ctx)
    colours = palette(ctx)
    fig = Figure(figsize=(8, 4.2), dpi=style.DPI, layout="constrained")
    ax = fig.add_subplot()
    years = [int(y) for y in data.columns]
    ax.plot(years, data.loc[total].to_numpy(dtype=float), color=style.TOTAL_COLOUR, linestyle="--", linewidth=1.3,
            marker="o", markersize=3, label=chart_text(nl.reference_total(ctx.name(total))), zorder=2)
    ax.plot(years, data.loc[basket].to_numpy(dtype=float), color=colours[basket], linewidth=2.2, marker="o",
            markersize=5, label=chart_text(ctx.name(basket)), zorder=3)
    for sid, colour in ((basket, colours[basket]), (total, style.TOTAL_COLOUR)):
        ax.annotate(nl_number(shown.level(sid, ctx.year)), (ctx.year, data.loc[sid, ctx.year]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8, color=colour)
    _style(ax, title, nl.axis_index(ctx.edition.base_year))
    _index_axis(ax, float(every.min().min()), float(every.max().max()))
    ax.set_xlim(min(years) - 0.2, ctx.year + 0.6)
    ax.legend(fontsize=8, loc="upper left", frameon=False)
    first = int(min(data.columns))
    alt = nl.alt_series_chart(title, first, ctx.year, [(ctx.name(s), shown.level(s, first), shown.level(s, ctx.year))
                                                       for s in (basket, total)])
    return Chart(fig, title, alt)


def carried_labels(status: pd.Series, vintage: pd.Series) -> list:
    """The years whose open point gets a "cijfer 20xx" label: the last of every stretch carried by the same delay.

    A parameter that always runs one year behind gets one label, at its latest point; a figure carried
    over two years (``carry`` alignment) gets one at each carried point, since the delay changes.

    Args:
        status: Cell status per year (``observed``, ``lagged``, ``filled``).
        vintage: Data year of each cell.

    Returns:
        The years (as in the index of ``status``) to label.

    Example:
        >>> years = [2012, 2013, 2014]
        >>> carried_labels(pd.Series(["filled", "lagged", "lagged"], years), pd.Series([None, 2012, 2013], years))
        [2014]
    """
    years = list(status.index)
    delay = {y: int(y) - int(vintage[y]) for y in years if status[y] == "lagged"}
    return [y for i, y in enumerate(years)
            if y in delay and (i + 1 == len(years) or delay.get(years[i + 1]) != delay[y])]


def _parameter_axes(ax, ctx: ReportContext, pid: str, colour: str) -> None:
    r = ctx.result
    values, status, vintage = r.aligned.loc[pid], r.status.loc[pid], r.vintage.loc[pid]
    years = [int(y) for y in values.index]
    ax.plot(years, values.to_numpy(dtype=float), color=colour, linewidth=1.4, zorder=1)
    styles = {"observed": dict(marker="o", facecolors=colour, edgecolors=colour),
              "lagged": dict(marker="o", facecolors="white", edgecolors=colour, linewidths=1.6),
              "filled": dict(marker="x", c=GREY)}
    for kind, style_ in styles.items():
        mask = (status == kind).to_numpy()
        if mask.any():
            ax.scatter([y for y, m in zip(years, mask) if m], values[mask].to_numpy(dtype=float), s=36, zorder=2,
                       **style_)
    _style(ax, ctx.chart_label(pid), ylabel="", wrap=36)  # "(omgekeerd)": the legend says what it means
    _index_axis(ax, float(values.min()), float(values.max()))
    bottom, top = ax.get_ylim()
    for year in carried_labels(status, vintage):
        at = list(values.index).index(year)
        falling = at > 0 and float(values.iloc[at - 1]) > float(values[year])  # label below a falling line
        height = (float(values[year]) - bottom) / (top - bottom)
        below = height > 0.8 if not falling else height > 0.2  # never into the title, never below the axis
        ax.annotate(nl.data_year_label(int(vintage[year])), (int(year), values[year]),
                    xytext=(-3, -6 if below else 6), textcoords="offset points", ha="right",
                    va="top" if below else "bottom", fontsize=7, color="#333333")


def _status_handles(colour: str) -> list[Line2D]:
    return [Line2D([], [], marker="o", color=colour, linestyle="", label=STATUS_LABEL["observed"]),
            Line2D([], [], marker="o", markerfacecolor="white", color=colour, linestyle="",
                   label=STATUS_LABEL["lagged"]),
            Line2D([], [], marker="x", color=GREY, linestyle="", label=STATUS_LABEL["filled"])]


def _members(ctx: ReportContext, basket: str) -> list[str]:
    return list(ctx.result.basket_of.index[ctx.result.basket_of == basket])


def parameter_figure(ctx: ReportContext, basket: str, columns: int = 3) -> Figure:
    """All parameter charts of a basket as one figure (``columns`` per row, the marker legend below).

    The figure :meth:`ChartGrid.save` writes for :func:`parameter_grid`.

    Args:
        ctx: Report context.
        basket: Basket id.
        columns: Charts per row.

    Returns:
        The figure.
    """
    members = _members(ctx, basket)
    rows = math.ceil(len(members) / columns)
    fig = Figure(figsize=(3.3 * columns, 2.8 * rows + 0.6), dpi=style.DPI, layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    colour = palette(ctx)[basket]
    for ax, pid in zip(axes, members):
        _parameter_axes(ax, ctx, pid, colour)
    for ax in axes[len(members):]:
        ax.set_visible(False)
    key = nl.INVERSE_KEY if ctx.inverted(members) else None  # what "(omgekeerd)" in a title means, once
    fig.legend(handles=_status_handles(colour), loc="outside lower center", ncols=3, fontsize=8, frameon=False,
               title=key, title_fontsize=8)
    return fig


def parameter_grid(ctx: ReportContext, basket: str) -> ChartGrid:
    """One small chart per parameter of a basket, showing which data year each point is.

    Every panel is its own PNG of the same size with its own alt text; the page lays them out in as many
    columns as fit (:class:`ChartGrid`).

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        The grid (with a legend explaining the markers).

    Example:
        >>> from index071lib.report.context import load_context
        >>> grid = parameter_grid(load_context(2017), "regiomarketing")
        >>> len(grid.panels), grid.html().count('<figure class="grafiekpaneel">')
        (6, 6)
    """
    r = ctx.result
    members = _members(ctx, basket)
    colour = palette(ctx)[basket]
    panels, made = [], []
    first, last = min(r.aligned.columns), ctx.year
    for pid in members:
        fig, ax = panel_figure()
        _parameter_axes(ax, ctx, pid, colour)
        made.append((fig, ax))
        values = r.aligned.loc[pid].astype(float)
        carried = int(r.vintage.loc[pid, last]) if r.status.loc[pid, last] == "lagged" else None
        panels.append(Chart(fig, ctx.label(pid), nl.alt_parameter_panel(
            ctx.label(pid), int(first), int(last), float(values[first]), float(values[last]), carried)))
    even_panels(made, *PANEL_AXES)
    lagged = [ctx.name(p) for p in members if (r.status.loc[p, ctx.year] == "lagged")]
    title = nl.chart_parameters(ctx.name(basket))
    return ChartGrid(panels, title, nl.alt_parameter_grid(ctx.name(basket), len(members), ctx.year, lagged),
                     [(h, h.get_label()) for h in _status_handles(colour)],
                     combined=lambda: parameter_figure(ctx, basket),
                     note=nl.INVERSE_KEY if ctx.inverted(members) else "")


def contribution_chart(table: pd.DataFrame, title: str, colours: dict[str, str] | None = None) -> Chart:
    """Horizontal bars: contribution of each part to the change, in index points (rises green, falls red).

    Args:
        table: Output of :func:`~index071lib.report.context.parameter_contributions` or
            :func:`~index071lib.report.context.basket_contributions` (columns ``name``, ``contribution``).
        title: Chart title (Dutch).
        colours: Colour by basket id (:func:`palette`): bars of baskets in their own colour instead of
            green and red (the table needs a ``basket`` column).

    Returns:
        The chart.
    """
    data = table.sort_values("contribution", ascending=False)
    names = data["chart_label"] if "chart_label" in data else data["name"]  # "(omgekeerd)": explained below
    labels = ["\n".join(textwrap.wrap(chart_text(n), 40)) for n in names]
    fig = Figure(figsize=(8, 0.55 * len(data) + 1.2), dpi=style.DPI, layout="constrained")
    ax = fig.add_subplot()
    if colours is not None and "basket" in data:
        bars = [colours.get(b, style.TOTAL_COLOUR) for b in data["basket"]]
    else:
        bars = [GREEN if v >= 0 else RED for v in data["contribution"]]
    ax.barh(labels, data["contribution"].to_numpy(dtype=float), height=BAR_WIDTH, color=bars)  # first on top
    _category_axis(ax, "y", len(labels))
    for patch, value in zip(ax.patches, data["contribution"]):
        x = patch.get_x() + patch.get_width()
        ax.annotate(nl_number(value, 2, sign=True), (x, patch.get_y() + patch.get_height() / 2),
                    xytext=(4 if value >= 0 else -4, 0), textcoords="offset points", va="center",
                    ha="left" if value >= 0 else "right", fontsize=8)
    ax.axvline(0, color="#444444", linewidth=0.8)
    style.style_axes(ax, title, grid="x", wrap=90)
    ax.set_ylabel("")
    ax.set_xlabel(nl.AXIS_CONTRIBUTION, fontsize=8)
    span = max(abs(data["contribution"]).max(), 0.1)
    ax.set_xlim(min(data["contribution"].min(), 0) - span * 0.3, max(data["contribution"].max(), 0) + span * 0.3)
    style.readable_ticks(ax.xaxis)  # steps of 1, 2 or 5 written in full (0,25 not 0,3)
    if (names != data["name"]).any():  # a lower-is-better parameter carries the short marker: say what it means
        fig.supxlabel(nl.INVERSE_KEY, fontsize=8, color="#333333")
    alt = nl.alt_contribution_chart(title, list(zip(data["name"], data["contribution"])))
    return Chart(fig, title, alt)


def _theme_axes(ax, rows_: pd.DataFrame) -> None:
    """One series of a theme: the computed index (line) and the printed index (diamonds)."""
    labels = rows_["label"].astype(str).map(chart_text)
    _line(ax, labels, rows_["index"].to_numpy(dtype=float), BLUE)
    printed = rows_[rows_["printed_index"].notna()]
    if not printed.empty:  # a new edition has no printed index yet
        ax.scatter(printed["label"].astype(str).map(chart_text), printed["printed_index"].astype(float),
                   marker="D", s=22, facecolors="none", edgecolors=RED, zorder=3)
    base = rows_[rows_["year"] == rows_["base_used"].iloc[0]]["label"].iloc[0]
    _style(ax, _theme_chart_title(rows_), ylabel=nl.axis_index(base), wrap=40)  # the key says what "(omgekeerd)" means
    shown = pd.concat([rows_["index"], rows_["printed_index"]]).astype(float).dropna()
    _index_axis(ax, float(shown.min()), float(shown.max()))
    ax.tick_params(axis="x", labelrotation=30)


def _theme_chart_title(rows_: pd.DataFrame) -> str:
    """A theme panel's title with the short marker ``(omgekeerd)`` (:func:`nl.polarity_chart_name`)."""
    return nl.polarity_chart_name(str(rows_["name"].iloc[0]), str(rows_["polarity"].iloc[0]))


def _inverse_key(table: pd.DataFrame) -> str:
    """What "(omgekeerd)" means, for a theme with a lower-is-better series (else empty)."""
    return nl.INVERSE_KEY if (table["polarity"] == "lower_is_better").any() else ""


def _theme_title(rows_: pd.DataFrame) -> str:
    return nl.theme_panel_title(rows_["name"].iloc[0], rows_["unit"].iloc[0], rows_["polarity"].iloc[0])


def _theme_handles(table: pd.DataFrame) -> list[Line2D]:
    handles = [Line2D([], [], marker="o", color=BLUE, label=nl.LEGEND_COMPUTED)]
    if table["printed_index"].notna().any():
        handles.append(Line2D([], [], marker="D", markerfacecolor="none", color=RED, linestyle="",
                              label=nl.LEGEND_PRINTED))
    return handles


def theme_figure(ctx: ReportContext, theme: str, columns: int = 3) -> Figure:
    """All series of a theme as one figure (``columns`` per row, the legend below); see :func:`theme_chart`.

    Args:
        ctx: Report context.
        theme: Theme id.
        columns: Charts per row.

    Returns:
        The figure.
    """
    table = ctx.theme(theme)
    series = list(dict.fromkeys(table["series"]))
    cols = min(columns, len(series))
    rows = math.ceil(len(series) / cols)
    # at least 6.4 inches wide, so that the legend below a single panel is not cut off
    fig = Figure(figsize=(max(3.6 * cols + 0.6, 6.4), 3.1 * rows + 0.6), dpi=style.DPI, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, sid in zip(axes, series):
        _theme_axes(ax, table[table["series"] == sid])
    for ax in axes[len(series):]:
        ax.set_visible(False)
    fig.legend(handles=_theme_handles(table), loc="outside lower center", ncols=2, fontsize=8, frameon=False,
               title=_inverse_key(table) or None, title_fontsize=8)
    return fig


def theme_chart(ctx: ReportContext, theme: str) -> ChartGrid:
    """One small chart per series of a theme: the computed index (line) and the printed index (diamonds).

    Args:
        ctx: Report context.
        theme: Theme id.

    Returns:
        The grid (one panel per series, each of the same size); a lower-is-better series is marked
        ``(omgekeerd)`` in its title and the grid's note says once what that means (the alt text says it in
        full).
    """
    table = ctx.theme(theme)
    panels, made = [], []
    for sid in dict.fromkeys(table["series"]):
        rows_ = table[table["series"] == sid]
        fig, ax = panel_figure()
        _theme_axes(ax, rows_)
        made.append((fig, ax))
        index = rows_["index"].astype(float)
        printed = rows_["printed_index"].astype(float).iloc[-1]
        title = _theme_title(rows_)
        panels.append(Chart(fig, title, nl.alt_theme_panel(
            title, str(rows_["label"].iloc[0]), str(rows_["label"].iloc[-1]), float(index.iloc[0]),
            float(index.iloc[-1]), None if pd.isna(printed) else float(printed))))
    even_panels(made, *PANEL_AXES)
    return ChartGrid(panels, nl.chart_theme(ctx.name(theme)),
                     nl.alt_theme_chart(ctx.name(theme), [str(n) for n in dict.fromkeys(table["name"])]),
                     [(h, h.get_label()) for h in _theme_handles(table)], combined=lambda: theme_figure(ctx, theme),
                     note=_inverse_key(table))


def reproduction_chart(table: pd.DataFrame, names: dict[str, str], colours: dict[str, str] | None = None) -> Chart:
    """Difference computed − published per series and year (audit), in index points.

    Args:
        table: Output of :func:`~index071lib.core.pipeline.reproduction`.
        names: Dutch name per series id.
        colours: Colour per series id (:func:`palette`); default: the baskets in their order, the total last.

    Returns:
        The chart.
    """
    data = table.assign(name=table["series"].map(lambda s: chart_text(names.get(s, s))),
                        label=table["year"].astype(str))
    fig = Figure(figsize=(8, 3.8), dpi=style.DPI, layout="constrained")
    ax = fig.add_subplot()
    order = list(dict.fromkeys(table["series"]))
    colours = colours or style.basket_palette(order[:-1], order[-1])  # the total comes last
    years = list(dict.fromkeys(data["label"]))
    ax.xaxis.update_units(years)
    width = BAR_WIDTH / len(order)  # the series of a year side by side, in their order
    handles = []
    for i, series in enumerate(order):
        part = data[data["series"] == series]
        colour = muted(colours.get(series, style.TOTAL_COLOUR))  # as seaborn drew them (saturation 0.75)
        ax.bar(part["label"].map(years.index) + width * (i + 0.5) - BAR_WIDTH / 2, part["diff"].astype(float),
               width, color=colour)
        handles.append(Rectangle((0, 0), 0, 0, facecolor=colour, label=chart_text(names.get(series, series))))
    _category_axis(ax, "x", len(years))
    ax.axhline(RESIDUAL_LIMIT, color=RED, linestyle="--", linewidth=0.8)
    ax.axhline(-RESIDUAL_LIMIT, color=RED, linestyle="--", linewidth=0.8)
    _style(ax, nl.chart_reproduction(RESIDUAL_LIMIT), ylabel=nl.AXIS_POINTS)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_number(v, 1)))
    ax.legend(handles=handles, title="", fontsize=7, ncols=2, frameon=False)
    return Chart(fig, nl.CHART_REPRODUCTION, nl.alt_reproduction_chart(float(table["diff"].abs().max()),
                                                                         RESIDUAL_LIMIT))
