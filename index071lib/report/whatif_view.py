"""What the what-if panel shows, as plain tables and Dutch text (no widgets: tested on content).

The panel (:mod:`index071lib.report.widgets`) answers "what did my change do?": the last year's total and
each basket under the official weights and under the sliders, with the difference, the weight each basket
counts for, and the same for saved or shipped scenarios side by side. Everything is computed at full
precision; only the display rounds (2 decimals: a slider step moves the total by hundredths of a point).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from index071lib.analysis.whatif import compare
from index071lib.core.fastindex import WeightModel
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent

#: Decimals of levels and differences in the panel.
DECIMALS = 2
#: The panel's style: a cell whose displayed value differs from the official one has a yellow background
#: (``td.changed``), the total's row is bold, a fall is red and a rise green in the status line.
STYLE = """<style>
table.whatif {border-collapse: collapse; font-size: 12.5px; line-height: 1.3; margin: .3em 0}
table.whatif th, table.whatif td {border-bottom: 1px solid #ddd; padding: 2px 5px; text-align: right;
  white-space: nowrap}
table.whatif th:first-child, table.whatif td:first-child {text-align: left; white-space: normal; max-width: 140px}
table.whatif tr.total td {font-weight: bold; border-bottom: 2px solid #999}
table.whatif td.changed {background: #fff3cd}
.whatif-status {font-size: 16px; line-height: 1.4; padding: 2px 0}
.whatif-status .fall {color: #c62828} .whatif-status .rise {color: #2e7d32}
</style>"""


def last_year_frame(model: WeightModel, weights, basket_weights) -> pd.DataFrame:
    """The last year's total and baskets, official weights vs the given ones (full precision).

    Args:
        model: The model (its reference weights are the official ones).
        weights: Parameter weights ``(P,)`` in model order.
        basket_weights: Basket weights ``(K,)`` in model order.

    Returns:
        Rows: the total, then the baskets (model order); columns ``share_official``, ``share`` (the
        percentage a basket counts for in the total, after scaling to 100; ``NaN`` for the total),
        ``official``, ``value`` and ``diff`` (index points).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> m = WeightModel.from_edition(load_edition(2017))
        >>> f = last_year_frame(m, m.weights, m.basket_weights)
        >>> f.index[0], float(f["diff"].abs().max()), round(float(f.loc["life_sciences_health", "share"]), 1)
        ('index071', 0.0, 30.3)
    """
    year = model.years[-1]
    official = model.frame().loc[:, year]
    value = model.frame(weights, basket_weights).loc[:, year]
    order = [model.series_ids[-1], *model.series_ids[:-1]]  # the total first
    share = pd.Series(np.asarray(basket_weights, dtype=float), index=list(model.baskets))
    share_official = pd.Series(np.asarray(model.basket_weights, dtype=float), index=list(model.baskets))
    frame = pd.DataFrame({"share_official": share_official / share_official.sum() * 100.0,
                          "share": share / share.sum() * 100.0 if share.sum() > 0 else np.nan,
                          "official": official, "value": value}).reindex(order)
    frame["diff"] = frame["value"] - frame["official"]
    return frame


def shown_differs(a: float, b: float, decimals: int = DECIMALS) -> bool:
    """Whether two values look different at the displayed precision.

    Example:
        >>> shown_differs(112.511, 112.514), shown_differs(112.51, 112.27)
        (False, True)
    """
    return nl_number(a, decimals) != nl_number(b, decimals)


def signed(value: float, decimals: int = DECIMALS) -> str:
    """A difference with its sign, a true minus sign for a fall.

    Example:
        >>> signed(-0.2449), signed(0.2), signed(-0.001)
        ('−0,24', '+0,20', '0,00')
    """
    return nl_number(value, decimals, sign=True).replace("-", "−")


def status_parts(frame: pd.DataFrame, total_id: str) -> tuple[str, str, str]:
    """Level, difference and official level of the total as displayed (difference ``""`` if none shows)."""
    row = frame.loc[total_id]
    moved = shown_differs(row["value"], row["official"])
    return (nl_number(row["value"], DECIMALS), signed(row["diff"]) if moved else "",
            nl_number(row["official"], DECIMALS))


def status_text(frame: pd.DataFrame, total_id: str, year: int, name: str = "Index071") -> str:
    """The panel's headline: the total under the sliders and its difference with the official index.

    Example:
        >>> f = pd.DataFrame({"official": [112.51], "value": [112.27], "diff": [-0.24]}, index=["index071"])
        >>> status_text(f, "index071", 2016)
        'Index071 2016: 112,27 (−0,24 ten opzichte van 112,51 bij de officiële weging)'
    """
    return nl.slider_status(name, year, *status_parts(frame, total_id))


def status_html(frame: pd.DataFrame, total_id: str, year: int, name: str = "Index071") -> str:
    """:func:`status_text` as HTML, the difference coloured (red for a fall, green for a rise)."""
    value, diff, official = status_parts(frame, total_id)
    css = "fall" if diff.startswith("−") else "rise"
    return f'{STYLE}<div class="whatif-status">{nl.slider_status_html(name, year, value, diff, official, css)}</div>'


def _cell(text: str, changed: bool) -> str:
    return f'<td class="changed">{html.escape(text)}</td>' if changed else f"<td>{html.escape(text)}</td>"


def results_html(frame: pd.DataFrame, names: dict[str, str], year: int,
                 headers: dict[str, str] = nl.SLIDER_TABLE) -> str:
    """The panel's table: per series the share, the official and the slider value of the last year.

    Cells whose displayed value differs from the official one are highlighted.

    Args:
        frame: Output of :func:`last_year_frame`.
        names: Series names by id.
        year: The last year.
        headers: Column headers (:data:`~index071lib.text.nl.SCENARIO_TABLE` in a static scenario report).

    Returns:
        HTML (a ``<table class="whatif sliders">``; names escaped).
    """
    head = "<tr>" + "".join(f"<th>{label.format(year=year)}</th>" for label in headers.values()) + "</tr>"
    rows = []
    for ident, row in frame.iterrows():
        total = pd.isna(row["share_official"])
        share0 = "" if total else nl_percent(row["share_official"], 1)
        share1 = "" if total or pd.isna(row["share"]) else nl_percent(row["share"], 1)
        moved = shown_differs(row["value"], row["official"])
        diff = signed(row["diff"]) if moved else signed(0.0)  # same decimals as the headline: 0,00
        cells = [f"<td>{html.escape(names.get(ident, ident))}</td>", _cell(share0, False),
                 _cell(share1, share1 != share0), _cell(nl_number(row["official"], DECIMALS), False),
                 _cell(nl_number(row["value"], DECIMALS), moved), _cell(diff, moved)]
        rows.append(("<tr class='total'>" if total else "<tr>") + "".join(cells) + "</tr>")
    return f'{STYLE}<table class="whatif sliders"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def basket_weight_note(basket_weights) -> str:
    """Dutch note on the basket weights: their sum and that they count scaled to 100%.

    Example:
        >>> basket_weight_note([30, 20, 15, 19, 15])
        'De mandjes tellen op tot 99; in de index telt elk mandje naar verhouding (geschaald naar 100%).'
    """
    total = float(np.sum(basket_weights))
    return nl.basket_weight_sum(nl_number(total, 0 if total.is_integer() else 1), abs(total - 100.0) < 1e-9)


def comparison_frame(edition: Edition, scenarios: list[Scenario], *, alignment: str = "lag",
                     aggregation: str = "arithmetic", sliders: pd.Series | None = None) -> pd.DataFrame:
    """Last-year levels of several scenarios side by side, with the official ones (full precision).

    Args:
        edition: The edition.
        scenarios: Scenarios (computed with the standard pipeline, :func:`~index071lib.analysis.whatif.compare`).
        alignment: Alignment method.
        aggregation: Aggregation method of the official weights and of scenarios that do not name their own.
        sliders: Optionally the current sliders' last-year values by series id (shown as "Schuifjes").

    Returns:
        Rows: the total, then the baskets; columns ``official``, then one per scenario (and ``sliders``).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> f = comparison_frame(load_edition(2017), [Scenario(name="x", basket_weights={"regiomarketing": 30})])
        >>> list(f.columns), f.index[0]
        (['official', 'x'], 'index071')
    """
    year = edition.years[-1]
    table = compare(edition, scenarios, alignment=alignment, aggregation=aggregation)
    last = table[table["year"] == year]
    order = [edition.total_id, *edition.basket_ids]
    if last.empty:
        from index071lib.core.pipeline import compute_scenario

        frame = pd.DataFrame({"official": compute_scenario(edition, None, alignment=alignment, warn=False,
                                                           aggregation=aggregation).series[year]}).reindex(order)
    else:
        frame = last.pivot(index="series", columns="scenario", values="value").reindex(order)
        frame = frame[[s.name for s in scenarios]]
        frame.insert(0, "official", last.drop_duplicates("series").set_index("series")["baseline"].reindex(order))
    if sliders is not None:
        frame["sliders"] = sliders.reindex(order)
    frame.columns.name = None
    return frame


def comparison_html(frame: pd.DataFrame, names: dict[str, str], year: int) -> str:
    """:func:`comparison_frame` for readers: value and difference with the official value per cell.

    Returns:
        HTML (``<table class="whatif comparison">``; scenario and series names escaped); differing cells
        highlighted.
    """
    head = "".join(f"<th>{html.escape(nl.COMPARISON_COLUMNS.get(c, c))}</th>" for c in frame.columns)
    rows = []
    for i, (ident, row) in enumerate(frame.iterrows()):
        cells = [f"<td>{html.escape(names.get(ident, ident))}</td>"]
        for column in frame.columns:
            value, official = row[column], row["official"]
            if column == "official":
                cells.append(_cell(nl_number(value, DECIMALS), False))
                continue
            moved = shown_differs(value, official)
            diff = signed(value - official)
            cells.append(_cell(f"{nl_number(value, DECIMALS)} ({diff})" if moved else nl_number(value, DECIMALS),
                               moved))
        rows.append(("<tr class='total'>" if i == 0 else "<tr>") + "".join(cells) + "</tr>")
    return (f"{STYLE}{nl.comparison_caption_html(year)}<table class=\"whatif comparison\"><thead><tr>"
            f"<th>{nl.SLIDER_TABLE['series']}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
