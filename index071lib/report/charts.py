"""Charts for the reports (seaborn on matplotlib ``Figure`` objects; Dutch labels and numbers).

Each function returns a :class:`Chart`: a :class:`matplotlib.figure.Figure` built without pyplot (nothing
leaks between charts, no backend set-up needed) that Jupyter displays as one embedded PNG. The data year of
every point of a parameter is visible: observed points are filled, points carried forward by lag
alignment are open and labelled with the year of the figure, base-value fills are grey crosses.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from dataclasses import dataclass

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from index071lib.analysis.audit import RESIDUAL_LIMIT
from index071lib.report.context import ReportContext, displayed
from index071lib.text import nl
from index071lib.text.fmt import nl_number
from index071lib.text.markup import chart_text

BLUE, GREEN, RED, GREY = "#1f5f99", "#2e7d32", "#c62828", "#888888"

NL_AXIS = FuncFormatter(lambda v, _pos: nl_number(v, 0 if float(v).is_integer() else 1))
STATUS_LABEL = nl.CELL_STATUS_LEGEND


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
        """The chart as PNG bytes (100 dpi)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def save(self, path) -> None:
        """Write the chart to a file; the suffix gives the format (``.png``, ``.svg``, ``.pdf``)."""
        self.figure.savefig(path, dpi=100)

    def _repr_mimebundle_(self, include=None, exclude=None):
        alt = self.alt or nl.chart_alt(self.title)
        return ({"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": alt},
                {"image/png": {"alt": alt}})


def _style(ax, title: str, ylabel: str, wrap: int = 45) -> None:
    ax.set_title("\n".join(textwrap.wrap(chart_text(title), wrap)), fontsize=10)  # titles hold names from data
    ax.set_xlabel("")
    ax.set_ylabel(chart_text(ylabel), fontsize=8)
    ax.yaxis.set_major_formatter(NL_AXIS)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def series_chart(ctx: ReportContext, series_ids: list[str], title: str) -> Chart:
    """Line chart of baskets and/or the total over the years, with the latest level labelled.

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
    tidy = data.rename(index=lambda s: chart_text(ctx.name(s))).rename_axis("series").reset_index().melt(
        id_vars="series", var_name="year", value_name="index")
    tidy["year"] = tidy["year"].astype(int)
    fig = Figure(figsize=(8, 4.2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    sizes = {chart_text(ctx.name(s)): (3.2 if s == ctx.edition.total_id else 1.6) for s in series_ids}
    sns.lineplot(data=tidy, x="year", y="index", hue="series", size="series", sizes=sizes, marker="o", ax=ax,
                 palette="tab10" if len(series_ids) > 1 else [BLUE])
    for sid in series_ids:
        value = data.loc[sid, ctx.year]
        ax.annotate(nl_number(shown.level(sid, ctx.year)), (ctx.year, value), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8)
    _style(ax, title, nl.axis_index(ctx.edition.base_year))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # index points: whole-point ticks
    ax.set_xlim(min(data.columns) - 0.2, ctx.year + 0.6)
    if len(series_ids) > 1:
        ax.legend(title="", fontsize=8, loc="upper left", frameon=False)
    else:
        ax.get_legend().remove()
    first = int(min(data.columns))
    alt = nl.alt_series_chart(title, first, ctx.year, [(ctx.name(s), shown.level(s, first), shown.level(s, ctx.year))
                                                       for s in series_ids])
    return Chart(fig, title, alt)


def _parameter_axes(ax, ctx: ReportContext, pid: str) -> None:
    r = ctx.result
    values, status, vintage = r.aligned.loc[pid], r.status.loc[pid], r.vintage.loc[pid]
    years = [int(y) for y in values.index]
    ax.plot(years, values.to_numpy(dtype=float), color=BLUE, linewidth=1.4, zorder=1)
    styles = {"observed": dict(marker="o", facecolors=BLUE, edgecolors=BLUE),
              "lagged": dict(marker="o", facecolors="white", edgecolors=BLUE, linewidths=1.6),
              "filled": dict(marker="x", c=GREY)}
    for kind, style in styles.items():
        mask = (status == kind).to_numpy()
        if mask.any():
            ax.scatter([y for y, m in zip(years, mask) if m], values[mask].to_numpy(dtype=float), s=36, zorder=2,
                       **style)
    for year in values.index[(status == "lagged").to_numpy()]:
        ax.annotate(nl.data_year_label(int(vintage[year])), (int(year), values[year]), xytext=(0, 8),
                    textcoords="offset points", ha="center", fontsize=7, color=BLUE)
    _style(ax, ctx.name(pid), ylabel="", wrap=36)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    low, high = float(values.min()), float(values.max())
    pad = max(3.0, (high - low) * 0.15)
    ax.set_ylim(low - pad, high + pad * 1.6)


def parameter_grid(ctx: ReportContext, basket: str, columns: int = 3) -> Chart:
    """One small chart per parameter of a basket, showing which data year each point is.

    Args:
        ctx: Report context.
        basket: Basket id.
        columns: Charts per row.

    Returns:
        The chart (with a legend explaining the markers).

    Example:
        >>> from index071lib.report.context import load_context
        >>> len([ax for ax in parameter_grid(load_context(2017), "regiomarketing").figure.axes if ax.get_visible()])
        6
    """
    members = list(ctx.result.basket_of.index[ctx.result.basket_of == basket])
    rows = math.ceil(len(members) / columns)
    fig = Figure(figsize=(3.3 * columns, 2.7 * rows + 0.6), dpi=100, layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax, pid in zip(axes, members):
        _parameter_axes(ax, ctx, pid)
    for ax in axes[len(members):]:
        ax.set_visible(False)
    handles = [Line2D([], [], marker="o", color=BLUE, linestyle="", label=STATUS_LABEL["observed"]),
               Line2D([], [], marker="o", markerfacecolor="white", color=BLUE, linestyle="",
                      label=STATUS_LABEL["lagged"]),
               Line2D([], [], marker="x", color=GREY, linestyle="", label=STATUS_LABEL["filled"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    lagged = [ctx.name(p) for p in members if (ctx.result.status.loc[p, ctx.year] == "lagged")]
    return Chart(fig, nl.chart_parameters(ctx.name(basket)),
                 nl.alt_parameter_grid(ctx.name(basket), len(members), ctx.year, lagged))


def contribution_chart(table: pd.DataFrame, title: str) -> Chart:
    """Horizontal bars: contribution of each part to the change, in index points (rises green, falls red).

    Args:
        table: Output of :func:`~index071lib.report.context.parameter_contributions` or
            :func:`~index071lib.report.context.basket_contributions` (columns ``name``, ``contribution``).
        title: Chart title (Dutch).

    Returns:
        The chart.
    """
    data = table.sort_values("contribution", ascending=False)
    labels = ["\n".join(textwrap.wrap(chart_text(n), 40)) for n in data["name"]]
    fig = Figure(figsize=(8, 0.55 * len(data) + 1.2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    colours = [GREEN if v >= 0 else RED for v in data["contribution"]]
    sns.barplot(x=data["contribution"].to_numpy(), y=labels, hue=labels, palette=colours, legend=False, ax=ax,
                orient="h")
    for patch, value in zip(ax.patches, data["contribution"]):
        x = patch.get_x() + patch.get_width()
        ax.annotate(nl_number(value, 2, sign=True), (x, patch.get_y() + patch.get_height() / 2),
                    xytext=(4 if value >= 0 else -4, 0), textcoords="offset points", va="center",
                    ha="left" if value >= 0 else "right", fontsize=8)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(nl.AXIS_CONTRIBUTION, fontsize=8)
    ax.xaxis.set_major_formatter(NL_AXIS)
    ax.tick_params(labelsize=8)
    span = max(abs(data["contribution"]).max(), 0.1)
    ax.set_xlim(min(data["contribution"].min(), 0) - span * 0.3, max(data["contribution"].max(), 0) + span * 0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    alt = nl.alt_contribution_chart(title, list(zip(data["name"], data["contribution"])))
    return Chart(fig, title, alt)


def theme_chart(ctx: ReportContext, theme: str, columns: int = 3) -> Chart:
    """One small chart per series of a theme: the computed index (line) and the printed index (diamonds).

    Args:
        ctx: Report context.
        theme: Theme id.
        columns: Charts per row.

    Returns:
        The chart; each title names the unit and the polarity of the raw series.
    """
    table = ctx.theme(theme)
    series = list(dict.fromkeys(table["series"]))
    cols = min(columns, len(series))
    rows = math.ceil(len(series) / cols)
    fig = Figure(figsize=(3.6 * cols + 0.6, 2.9 * rows + 0.6), dpi=100, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, sid in zip(axes, series):
        rows_ = table[table["series"] == sid]
        sns.lineplot(x=rows_["label"].astype(str).map(chart_text), y=rows_["index"].to_numpy(dtype=float), marker="o",
                     color=BLUE,
                     ax=ax, sort=False)
        printed = rows_[rows_["printed_index"].notna()]
        if not printed.empty:  # a new edition has no printed index yet
            ax.scatter(printed["label"].astype(str).map(chart_text), printed["printed_index"].astype(float), marker="D",
                       s=22,
                       facecolors="none", edgecolors=RED, zorder=3)
        base = rows_[rows_["year"] == rows_["base_used"].iloc[0]]["label"].iloc[0]
        _style(ax, nl.theme_panel_title(rows_["name"].iloc[0], rows_["unit"].iloc[0], rows_["polarity"].iloc[0]),
               ylabel=nl.axis_index(base))
        ax.tick_params(axis="x", labelrotation=30)
    for ax in axes[len(series):]:
        ax.set_visible(False)
    handles = [Line2D([], [], marker="o", color=BLUE, label=nl.LEGEND_COMPUTED)]
    if table["printed_index"].notna().any():
        handles.append(Line2D([], [], marker="D", markerfacecolor="none", color=RED, linestyle="",
                              label=nl.LEGEND_PRINTED))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return Chart(fig, nl.chart_theme(ctx.name(theme)),
                 nl.alt_theme_chart(ctx.name(theme), [str(n) for n in dict.fromkeys(table["name"])]))


def reproduction_chart(table: pd.DataFrame, names: dict[str, str]) -> Chart:
    """Difference computed − published per series and year (audit), in index points.

    Args:
        table: Output of :func:`~index071lib.core.pipeline.reproduction`.
        names: Dutch name per series id.

    Returns:
        The chart.
    """
    data = table.assign(name=table["series"].map(names).map(chart_text), label=table["year"].astype(str))
    fig = Figure(figsize=(8, 3.8), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    sns.barplot(data=data, x="label", y="diff", hue="name", ax=ax, palette="tab10")
    ax.axhline(RESIDUAL_LIMIT, color=RED, linestyle="--", linewidth=0.8)
    ax.axhline(-RESIDUAL_LIMIT, color=RED, linestyle="--", linewidth=0.8)
    _style(ax, nl.chart_reproduction(RESIDUAL_LIMIT), ylabel=nl.AXIS_POINTS)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_number(v, 1)))
    ax.legend(title="", fontsize=7, ncols=2, frameon=False)
    return Chart(fig, nl.CHART_REPRODUCTION, nl.alt_reproduction_chart(float(table["diff"].abs().max()),
                                                                         RESIDUAL_LIMIT))
