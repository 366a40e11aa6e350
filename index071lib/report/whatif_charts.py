"""Charts for what-if and sensitivity reports (matplotlib; Dutch labels and number format).

The look is that of :mod:`index071lib.report.charts` (:mod:`index071lib.report.style`): every basket in
its own colour, the official weighting as a thick black line drawn on top, light grid, no box. The small
multiples of the reports (scenarios, the band) are :class:`~index071lib.report.charts.ChartGrid` objects: one 2×
PNG per series in a grid that reflows with the screen; :func:`comparison_chart` and :func:`band_chart` draw
the same panels as one figure (for exports). The tornado and Sobol' figures are pyplot figures shown by
Jupyter's inline backend, which is switched to 2× PNGs (:func:`~index071lib.report.style.sharp_inline_figures`).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from index071lib.report import style
from index071lib.report.charts import PANEL_AXES, Chart, ChartGrid, even_panels, panel_figure
from index071lib.text import nl
from index071lib.text.fmt import nl_number, round_half_up
from index071lib.text.markup import chart_text

BASELINE_COLOUR = style.OFFICIAL_COLOUR


def nl_axis(ax, decimals: int = 0, axis: str = "y") -> None:
    """Format an axis with Dutch numbers (decimal comma).

    Args:
        ax: Matplotlib axes.
        decimals: Decimals shown.
        axis: ``"x"`` or ``"y"``.
    """
    formatter = FuncFormatter(lambda v, _pos: nl_number(v, decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _grid(n: int, width: float = 4.0, height: float = 2.8) -> tuple[Figure, list]:
    cols = 3 if n > 4 else n
    rows = -(-n // cols)
    fig = Figure(figsize=(width * cols, height * rows), dpi=style.DPI)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def series_colours(order: list[str], colours: dict[str, str] | None = None) -> dict[str, str]:
    """Colour per series of a what-if or sensitivity table whose series come baskets first, the total last
    (:func:`~index071lib.report.style.basket_palette`); ``colours`` overrides.

    Example:
        >>> series_colours(["a", "b", "total"])["total"] == style.TOTAL_COLOUR
        True
    """
    return {**style.basket_palette(order[:-1], order[-1]), **(colours or {})}


def _panel(ax, title: str, years, values) -> None:
    """One index panel: report look, whole-point ticks in steps of 1, 2 or 5, at least
    :data:`~index071lib.report.style.MIN_INDEX_SPAN` points high (a 1-point move looks like one)."""
    style.style_axes(ax, grid="both")
    ax.set_title("\n".join(textwrap.wrap(chart_text(title), 36)), fontsize=10)
    ax.set_xticks(sorted(years))
    shown = pd.Series(np.ravel(values), dtype=float).dropna()
    ax.set_ylim(*style.index_limits(float(shown.min()), float(shown.max())))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    nl_axis(ax)


class _Scenarios:
    """What the scenario panels share: series order (total first), colours, a line style per scenario."""

    def __init__(self, table: pd.DataFrame, colours: dict[str, str] | None, baseline: str):
        order = list(dict.fromkeys(table["series"]))
        self.table, self.colours, self.baseline = table, series_colours(order, colours), baseline
        self.order = order[-1:] + order[:-1]  # total first
        scenarios = list(dict.fromkeys(table["scenario"]))
        self.looks = {name: style.SCENARIO_STYLES[i % len(style.SCENARIO_STYLES)] for i, name in enumerate(scenarios)}

    def draw(self, ax, series: str, title: str) -> None:
        """One panel: every scenario in the series' colour (line style and marker), the baseline black on top."""
        rows = self.table[self.table["series"] == series]
        first = rows[rows["scenario"] == rows["scenario"].iloc[0]]
        for scenario, part in rows.groupby("scenario", sort=False):
            linestyle, marker = self.looks[scenario]
            ax.plot(part["year"], part["value"], color=self.colours.get(series, style.TOTAL_COLOUR),
                    linestyle=linestyle, linewidth=1.4, marker=marker, markersize=4,
                    label=chart_text(nl.scenario_label(scenario)), zorder=3)
        ax.plot(first["year"], first["baseline"], color=BASELINE_COLOUR, linewidth=style.OFFICIAL_WIDTH,
                label=self.baseline, zorder=style.OFFICIAL_ZORDER)
        _panel(ax, title, rows["year"].unique(), rows[["baseline", "value"]].to_numpy())

    def handles(self) -> list[Line2D]:
        """The legend: the baseline first, then every scenario in grey with its line style and marker."""
        keys = [Line2D([], [], color=BASELINE_COLOUR, linewidth=style.OFFICIAL_WIDTH, label=self.baseline)]
        keys += [Line2D([], [], color="#666666", linestyle=linestyle, linewidth=1.4, marker=marker, markersize=4,
                        label=nl.scenario_label(name)) for name, (linestyle, marker) in self.looks.items()]
        return keys


def comparison_chart(table: pd.DataFrame, names: dict[str, str], *, title: str = nl.CHART_SCENARIOS,
                     baseline: str = nl.BASELINE_LABEL, colours: dict[str, str] | None = None) -> Figure:
    """Small multiples (total first, then each basket) in one figure: the baseline and every scenario over the years.

    Each panel draws its scenarios in the colour of its basket, told apart by line style and marker; the
    baseline (the official index) is the thick black line, drawn on top of them. The report shows the same
    panels as a grid that reflows (:func:`comparison_grid`); this figure is for exports.

    Args:
        table: Output of :func:`index071lib.analysis.whatif.compare` (``scenario, series, year, baseline, value``).
        names: Series names by id.
        title: Figure title.
        baseline: Legend of the baseline (:func:`index071lib.text.nl.baseline_label`: names the alignment).
        colours: Colour by series id (default: the baskets in table order, the total last).

    Returns:
        The figure (one axes per series, one line per scenario plus the baseline).
    """
    look = _Scenarios(table, colours, baseline)
    fig, axes = _grid(len(look.order))
    for ax, series in zip(axes, look.order):
        look.draw(ax, series, names.get(series, series))
    axes[0].set_ylabel(nl.AXIS_INDEX_BASE, fontsize=8)
    handles = look.handles()
    fig.legend(handles, [chart_text(h.get_label()) for h in handles], loc="lower center",
               ncol=min(len(handles), 3), frameon=False, fontsize=9)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.1, 1, 0.95))
    return fig


def comparison_grid(table: pd.DataFrame, names: dict[str, str], *, title: str = nl.CHART_SCENARIOS,
                    baseline: str = nl.BASELINE_LABEL, colours: dict[str, str] | None = None) -> ChartGrid:
    """The panels of :func:`comparison_chart` as a grid that reflows: one PNG per series, total first.

    Args: as :func:`comparison_chart`.

    Returns:
        The grid: per panel an alt text with the baseline and every scenario in the last year; the legend
        (baseline first, scenarios in grey by line style) as HTML above it.

    Example:
        >>> from index071lib.analysis.whatif import compare
        >>> from index071lib.data.edition import load_edition
        >>> from index071lib.data.scenarios import load_scenario
        >>> ed = load_edition(2017)
        >>> grid = comparison_grid(compare(ed, [load_scenario("gelijke_wegingen", ed)]), ed.basket_names)
        >>> len(grid.panels), grid.panels[0].alt.split(".")[0]
        (6, 'Lijngrafiek: Index071 totaal per jaar, basisweging en scenario’s')
    """
    look = _Scenarios(table, colours, baseline)
    panels, made = [], []
    for series in look.order:
        fig, ax = panel_figure()
        name = names.get(series, series)
        look.draw(ax, series, name)
        ax.set_ylabel(nl.AXIS_INDEX_BASE, fontsize=8)
        made.append((fig, ax))
        rows = table[table["series"] == series]
        year = int(rows["year"].max())
        last = rows[rows["year"] == year]
        panels.append(Chart(fig, name, nl.alt_scenario_panel(
            name, year, baseline, [(nl.scenario_label(s), float(v)) for s, v in zip(last["scenario"], last["value"])],
            float(last["baseline"].iloc[0]))))
    even_panels(made, *PANEL_AXES)
    return ChartGrid(panels, title, nl.alt_grid(title, len(panels)), [(h, h.get_label()) for h in look.handles()],
                     combined=lambda: comparison_chart(table, names, title=title, baseline=baseline, colours=colours))


def _band_axes(ax, rows: pd.DataFrame, colour: str, title: str, baseline: str) -> None:
    ax.fill_between(rows["year"], rows["p05"], rows["p95"], color=colour, alpha=0.25, linewidth=0,
                    label=nl.LEGEND_BAND)
    ax.plot(rows["year"], rows["median"], color=colour, linestyle="--", linewidth=1.4, label=nl.LEGEND_MEDIAN)
    ax.plot(rows["year"], rows["baseline"], color=BASELINE_COLOUR, linewidth=style.OFFICIAL_WIDTH * 0.8,
            marker="o", markersize=3, label=baseline, zorder=style.OFFICIAL_ZORDER)
    _panel(ax, title, list(rows["year"]), rows[["p05", "p95", "median", "baseline"]].to_numpy())


def _band_order(summary: pd.DataFrame, colours: dict[str, str] | None,
                series: list[str] | None) -> tuple[list[str], dict[str, str]]:
    order = list(dict.fromkeys(summary["series"]))
    return series or order[-1:] + order[:-1], series_colours(order, colours)


def band_chart(summary: pd.DataFrame, names: dict[str, str], *, series: list[str] | None = None,
               title: str = nl.CHART_BAND, baseline: str = nl.BASELINE_LABEL,
               colours: dict[str, str] | None = None) -> Figure:
    """Per series the 5–95% band of the alternative weightings, their median and the baseline, in one figure.

    The report shows the same panels as a grid that reflows (:func:`band_grid`); this figure is for exports.

    Args:
        summary: A sensitivity summary (``series, year, baseline, median, p05, p95``).
        names: Series names by id.
        series: Series to show (default: the total first, then the baskets).
        title: Figure title.
        baseline: Legend of the black line, the weighting the draws are centred on
            (:func:`index071lib.text.nl.baseline_label`).
        colours: Colour by series id (default: the baskets in table order, the total last).

    Returns:
        The figure: per panel the band and the median in the series' colour, the baseline black on top.
    """
    series, colours = _band_order(summary, colours, series)
    fig, axes = _grid(len(series))
    for ax, ident in zip(axes, series):
        rows = summary[summary["series"] == ident].sort_values("year")
        _band_axes(ax, rows, colours.get(ident, style.TOTAL_COLOUR), names.get(ident, ident), baseline)
    axes[0].set_ylabel(nl.AXIS_INDEX_BASE, fontsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize=9)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.08, 1, 0.95))
    return fig


def band_grid(summary: pd.DataFrame, names: dict[str, str], *, series: list[str] | None = None,
              title: str = nl.CHART_BAND, baseline: str = nl.BASELINE_LABEL,
              colours: dict[str, str] | None = None) -> ChartGrid:
    """The panels of :func:`band_chart` as a grid that reflows: one PNG per series, the total first.

    Args: as :func:`band_chart`.

    Returns:
        The grid: per panel an alt text with the median, the band and the baseline in the last year.
    """
    series, palette_ = _band_order(summary, colours, series)
    panels, made, handles = [], [], []
    for ident in series:
        rows = summary[summary["series"] == ident].sort_values("year")
        fig, ax = panel_figure()
        name = names.get(ident, ident)
        _band_axes(ax, rows, palette_.get(ident, style.TOTAL_COLOUR), name, baseline)
        ax.set_ylabel(nl.AXIS_INDEX_BASE, fontsize=8)
        made.append((fig, ax))
        handles = handles or ax.get_legend_handles_labels()[0]  # the first panel's (the total's grey)
        last = rows.iloc[-1]
        panels.append(Chart(fig, name, nl.alt_band_panel(name, int(last["year"]), baseline, float(last["median"]),
                                                         float(last["p05"]), float(last["p95"]),
                                                         float(last["baseline"]))))
    even_panels(made, *PANEL_AXES)
    return ChartGrid(panels, title, nl.alt_grid(title, len(panels)), [(h, h.get_label()) for h in handles],
                     combined=lambda: band_chart(summary, names, series=series, title=title, baseline=baseline,
                                                 colours=colours))


def tornado_chart(table: pd.DataFrame, labels: dict[str, str], *, measure: str = "effect_level", top: int = 15,
                  year: int | None = None, colours: dict[str, str] | None = None) -> Figure:
    """Tornado chart of the one-at-a-time influence (largest effect on top).

    Args:
        table: Output of :func:`index071lib.analysis.sensitivity.influence`.
        labels: Display names by parameter or basket id (a lower-is-better parameter with the short marker,
            :attr:`~index071lib.data.edition.Edition.parameter_chart_labels`: the key then says what it means).
        measure: ``"effect_level"`` (latest total) or ``"effect_change"`` (latest year-on-year change).
        top: Number of bars.
        year: Latest year (for the title and the axis label).
        colours: Colour by basket id (default: the baskets in the order they first appear in ``table``).

    Returns:
        The figure (one bar per parameter/basket: a basket in its colour, a parameter in a lighter shade of
        its basket's colour); the title says which measure (level or change) the bars show.
    """
    style.sharp_inline_figures()
    baskets = list(dict.fromkeys(table["basket"]))
    colours = {**style.basket_palette(baskets), **(colours or {})}
    rows = table.reindex(table[measure].abs().sort_values(ascending=False).index).head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(rows) + 2.4))
    bars = [colours.get(b, style.TOTAL_COLOUR) if k == "basket" else style.tint(colours.get(b, style.TOTAL_COLOUR))
            for k, b in zip(rows["kind"], rows["basket"])]
    names = [chart_text(nl.left_out_label(k, labels.get(i, i))) for k, i in zip(rows["kind"], rows["id"])]
    ax.barh(names, rows[measure], color=bars)
    ax.axvline(0, color="black", linewidth=0.8)
    style.style_axes(ax, grid="x")
    ax.set_xlabel(nl.axis_tornado(measure, year), fontsize=9)
    style.readable_ticks(ax.xaxis)
    ax.tick_params(axis="y", labelsize=9)
    ax.set_title(textwrap.fill(nl.chart_tornado(measure, year), 60), fontsize=11)
    shown = [b for b in baskets if b in set(rows["basket"])]
    key = [Patch(color=colours[b], label=chart_text(labels.get(b, b))) for b in shown]
    key.append(Patch(color=style.tint("#555555"), label=nl.LEGEND_TORNADO_PARAMETER))
    if any(name.endswith(f"({nl.INVERSE_MARK})") for name in names):
        key.append(Patch(color="none", label=nl.INVERSE_KEY))
    ax.legend(handles=key, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2,
              title=nl.LEGEND_TORNADO_TITLE, title_fontsize=8)
    fig.tight_layout()
    return fig


class DifferenceChart:
    """The what-if panel's chart: sliders minus official weights, per year, in index points.

    One axes: the total as a thick black line, a basket as a thin coloured line once it differs (a basket
    slider moves only the total; a parameter slider also moves its basket), and optionally the 90% band
    of alternative weightings around the sliders for the total. The figure is made once; a slider move
    only changes the data of the lines (:meth:`update`) and renders a PNG (:meth:`png`), which is several
    times faster than building six small charts anew.

    Args:
        years: The years (x axis).
        names: Series names by id.
        total_id: Id of the total.
        baskets: Basket ids, in order.
        width: Width in inches (100 dpi).
        height: Height in inches.
    """

    def __init__(self, years, names: dict[str, str], total_id: str, baskets: list[str], *, width: float = 5.4,
                 height: float = 3.0):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.years, self.total_id, self.baskets = [int(y) for y in years], total_id, list(baskets)
        self.figure = Figure(figsize=(width, height), dpi=100)
        FigureCanvasAgg(self.figure)
        ax = self.ax = self.figure.add_subplot()
        ax.axhline(0, color="#777777", linewidth=0.8)
        zeros = [0.0] * len(self.years)
        self.lines = {total_id: ax.plot(self.years, zeros, color=BASELINE_COLOUR, linewidth=2.4, marker="o",
                                        markersize=4, label=chart_text(names.get(total_id, total_id)), zorder=3)[0]}
        colours = style.basket_palette(self.baskets)
        for basket in self.baskets:
            self.lines[basket] = ax.plot(self.years, zeros, color=colours[basket], linewidth=1.3, marker=".",
                                         label=chart_text(names.get(basket, basket)), zorder=2)[0]
        self.band = None
        ax.set_xticks(self.years)
        ax.set_xlim(self.years[0] - 0.3, self.years[-1] + 0.3)
        nl_axis(ax, 2)
        ax.tick_params(labelsize=8)
        ax.set_ylabel(nl.AXIS_POINTS, fontsize=8)
        ax.set_title(nl.CHART_DIFFERENCE, fontsize=10)
        ax.grid(alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.figure.subplots_adjust(left=0.14, right=0.98, top=0.9, bottom=0.3)

    def update(self, diff: pd.DataFrame, band: pd.DataFrame | None = None) -> None:
        """New data: ``diff`` is series × years (sliders minus official); ``band`` (optional) holds the total's
        ``p05``/``p95`` per year, also as differences from the official total."""
        ax = self.ax
        shown = [self.total_id]
        for ident, line in self.lines.items():
            values = diff.loc[ident, self.years].to_numpy(dtype=float)
            line.set_ydata(values)
            visible = ident == self.total_id or bool((abs(values) >= 0.005).any())
            line.set_visible(visible)
            if visible and ident != self.total_id:
                shown.append(ident)
        if self.band is not None:
            self.band.remove()
            self.band = None
        extent = float(abs(diff.loc[shown, self.years].to_numpy(dtype=float)).max())
        if band is not None:
            self.band = ax.fill_between(self.years, band["p05"], band["p95"], color="tab:orange", alpha=0.2,
                                        linewidth=0, label=nl.LEGEND_SLIDER_BAND, zorder=1)
            extent = max(extent, float(abs(band[["p05", "p95"]].to_numpy(dtype=float)).max()))
        limit = max(0.1, extent * 1.15)
        ax.set_ylim(-limit, limit)
        handles = [self.lines[i] for i in shown] + ([self.band] if self.band is not None else [])
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.12), ncol=2, fontsize=7,
                  frameon=False)

    def png(self) -> bytes:
        """The chart as PNG bytes."""
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()


def sobol_chart(table: pd.DataFrame, factor_labels: dict[str, str], names: dict[str, str], *,
                measure: str = "change", title: str | None = None,
                own_label: str | None = nl.SOBOL_OWN_WEIGHTS, colours: dict[str, str] | None = None) -> Figure:
    """Per series, the first-order and total Sobol' index of every factor as bars, with their intervals.

    One column of panels (readable on a phone too): the total first, then the baskets; a panel leaves out
    the factors that cannot change its series at all (both indices and intervals exactly 0, e.g. the
    basket weights for a basket).

    Args:
        table: :meth:`~index071lib.analysis.sobol.SobolResult.table` (``series, measure, factor, S1, S1_conf,
            ST, ST_conf``; the total is the last series).
        factor_labels: Display name of every factor id.
        names: Series names by id.
        measure: ``"change"`` or ``"level"``.
        title: Figure title (default: what the bars measure).
        own_label: Label of a basket's own parameter weights in its panel (the panel title names the basket);
            ``None``: the factor label. Labels are wrapped at 30 characters.
        colours: Colour by series id (default: the baskets in table order, the total last); a panel's bars
            are in its series' colour (the total index in a lighter shade).

    Returns:
        The figure: factors top to bottom in their order, the first-order index dark and the total index
        light, each with its interval; x axis in percent.
    """
    rows = table[table["measure"] == measure]
    order = list(dict.fromkeys(rows["series"]))
    order = order[-1:] + order[:-1]
    numbers = ["S1", "S1_conf", "ST", "ST_conf"]
    parts = [rows[(rows["series"] == ident) & (rows[numbers].abs().sum(axis=1) > 0)] for ident in order]
    labels = [[textwrap.fill(chart_text(own_label if f == f"parameter_weights.{ident}" and own_label
                                        else factor_labels.get(f, f)), 30) for f in part["factor"]]
              for ident, part in zip(order, parts)]
    # rows of a panel are as high as its longest (wrapped) label needs
    spacing = [0.2 + 0.14 * max([label.count("\n") + 1 for label in panel] or [1]) for panel in labels]
    heights = [s * max(len(part), 1) + 0.5 for s, part in zip(spacing, parts)]
    style.sharp_inline_figures()
    fig, axes = plt.subplots(len(order), 1, figsize=(6.4, sum(heights) + 1.3), sharex=True, squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    colours = series_colours(order[1:] + order[:1], colours)
    for ax, ident, part, names_y in zip(axes[:, 0], order, parts, labels):
        y = np.arange(len(part))[::-1].astype(float)
        colour = colours.get(ident, style.TOTAL_COLOUR)
        ax.barh(y + 0.2, part["S1"], height=0.38, xerr=part["S1_conf"], color=colour, ecolor="#555555",
                capsize=2, label=nl.SOBOL_LEGEND_FIRST)
        ax.barh(y - 0.2, part["ST"], height=0.38, xerr=part["ST_conf"], color=style.tint(colour), ecolor="#555555",
                capsize=2, label=nl.SOBOL_LEGEND_TOTAL)
        style.style_axes(ax, grid="x")
        ax.set_title(chart_text(names.get(ident, ident)), fontsize=10, loc="left")
        ax.set_yticks(y, names_y, fontsize=9)
        ax.set_ylim(-0.7, max(len(part), 1) - 0.3)
        ax.set_xlim(-0.05, 1.1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: nl_number(v * 100) + "%"))
        ax.axvline(0, color="black", linewidth=0.6)
        ax.grid(axis="x", alpha=0.3)
    axes[-1, 0].set_xlabel(nl.SOBOL_AXIS)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, fontsize=9)
    fig.suptitle(title or nl.sobol_chart_title(measure))
    fig.tight_layout(rect=(0, 0.03, 1, 0.98))
    return fig


# --- Alt texts: what each figure of the sensitivity page shows, with its main numbers ---------------------------


def described(fig: Figure, alt: str):
    """A pyplot figure as a :class:`~index071lib.report.charts.Chart` with its alt text, shown once.

    The figure is closed in pyplot, so Jupyter's inline backend does not show it a second time without the
    description; the chart is shown at 2× like every other one.

    Args:
        fig: A figure of this module.
        alt: The Dutch alt text (:func:`band_alt`, :func:`tornado_alt`, :func:`sobol_alt`).

    Returns:
        The chart (Jupyter shows it as a PNG with ``alt``).
    """
    from index071lib.report.charts import Chart

    plt.close(fig)
    title = fig._suptitle.get_text() if fig._suptitle is not None else (fig.axes[0].get_title() if fig.axes else "")
    return Chart(fig, title, alt)


def band_alt(summary: pd.DataFrame, names: dict[str, str], *, series: list[str] | None = None) -> str:
    """Alt text of :func:`band_chart`: per series the chosen weighting's latest level and its 90% band.

    Args:
        summary: The sensitivity summary the chart shows.
        names: Series names by id.
        series: Series in the chart's order (default: the total first, then the baskets).

    Returns:
        E.g. ``"Lijngrafieken per reeks: … In 2016: Index071 totaal 113 (band 112 tot 114); …"``.
    """
    order = list(dict.fromkeys(summary["series"]))
    series = series or order[-1:] + order[:-1]
    year = int(summary["year"].max())
    last = summary[summary["year"] == year].set_index("series")
    return nl.alt_band_chart(year, [(names.get(s, s), float(last.loc[s, "baseline"]), float(last.loc[s, "p05"]),
                                     float(last.loc[s, "p95"])) for s in series])


def tornado_alt(table: pd.DataFrame, labels: dict[str, str], *, measure: str = "effect_level", top: int = 15,
                year: int | None = None, named: int = 5) -> str:
    """Alt text of :func:`tornado_chart` with the same arguments: its title and the ``named`` largest effects."""
    rows = table.reindex(table[measure].abs().sort_values(ascending=False).index).head(top)
    bars = [(nl.left_out_label(k, labels.get(i, i)), float(v))
            for k, i, v in zip(rows["kind"], rows["id"], rows[measure])]
    return nl.alt_tornado_chart(nl.chart_tornado(measure, year), bars[:named], len(bars))


def sobol_alt(table: pd.DataFrame, factor_labels: dict[str, str], names: dict[str, str], *,
              measure: str = "change", title: str | None = None, named: int = 2) -> str:
    """Alt text of :func:`sobol_chart` with the same arguments: per series (the total first) the ``named``
    choices with the largest share on their own (first-order index, whole percents)."""
    rows = table[table["measure"] == measure]
    order = list(dict.fromkeys(rows["series"]))
    series = []
    for ident in order[-1:] + order[:-1]:
        part = rows[rows["series"] == ident].sort_values("S1", ascending=False, kind="stable").head(named)
        series.append((names.get(ident, ident), [(factor_labels.get(f, f), round_half_up(max(float(v), 0.0) * 100))
                                                 for f, v in zip(part["factor"], part["S1"])]))
    return nl.alt_sobol_chart(title or nl.sobol_chart_title(measure), series)
