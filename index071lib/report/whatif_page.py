"""The what-if report for a meeting: the headline first, the scenarios by their titles, long tables folded.

The headline answers the panel's question "which weighting changes the picture of the last year, and by how
much?" with the one-number rule of every page (whole points, the change between the displayed levels,
:func:`index071lib.report.context.displayed_figures`): the scenario that moves the total the most, and every
basket (or the total) that goes the other way under some scenario.
"""

from __future__ import annotations

import html

import pandas as pd

from index071lib.analysis.whatif import scenario_titles, weight_notes, weight_notes_nl
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario
from index071lib.errors import ScenarioNotApplicable
from index071lib.report.context import Html, displayed_figures
from index071lib.report.tables import STYLE, folded
from index071lib.text import nl


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _shown(table: pd.DataFrame, column: str):
    """Displayed levels (whole points) of one column of a comparison table: ``(scenario, series) × year``."""
    wide = table.pivot_table(index=["scenario", "series"], columns="year", values=column, sort=False)
    return displayed_figures(wide)


def headline_nl(table: pd.DataFrame, edition: Edition, scenarios: list[Scenario]) -> str:
    """The what-if headline: which scenario changes the last year's total the most, and which series turn.

    Args:
        table: Output of :func:`index071lib.analysis.whatif.compare` (full precision).
        edition: The edition (names, total id).
        scenarios: The scenarios of the table (their titles).

    Returns:
        Two Dutch sentences (names and titles as given; escape for HTML).

    Example:
        >>> from index071lib.analysis.whatif import compare, load_scenarios
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> s = load_scenarios("zonder_ranglijsten,gelijke_wegingen", e)
        >>> print(headline_nl(compare(e, s), e, s))  # doctest: +NORMALIZE_WHITESPACE
        Van de twee scenario’s verandert ‘Zonder ranglijsten’ het beeld van 2016 het meest: de Index071 komt uit
        op 115 in plaats van 113 (+2 punten) en stijgt met 4 in plaats van 3 punten ten opzichte van 2015. Een andere richting in 2016: bij ‘Gelijke wegingen’ blijft het mandje Vestigingsklimaat gelijk
        (0 in plaats van -2 punten).
    """
    titles, total = scenario_titles(scenarios), edition.total_id
    years = sorted(table["year"].unique())
    year, previous = int(years[-1]), int(years[-2])
    base, value = _shown(table, "baseline"), _shown(table, "value")
    runs = list(dict.fromkeys(table["scenario"]))
    last = table[(table["year"] == year) & (table["series"] == total)].set_index("scenario")
    biggest = max(runs, key=lambda s: abs(float(last.loc[s, "diff"])))  # full precision; the first on a tie
    key = (biggest, total)
    official = base.level(key, year)
    if len(runs) == 1:
        first = nl.whatif_one_scenario(titles.get(biggest, biggest), year, value.level(key, year), official)
    else:
        first = nl.whatif_biggest(len(runs), titles.get(biggest, biggest), year, previous, value.level(key, year),
                                  official, value.change(key, year, previous), base.change(key, year, previous))
    flips = []
    for run in runs:
        for series in dict.fromkeys(table["series"]):
            change, before = value.change((run, series), year, previous), base.change((run, series), year, previous)
            if _sign(change) != _sign(before):
                subject = nl.TOTAL_NAME if series == total else nl.basket_name(edition.basket_names[series])
                flips.append(nl.direction_flip(titles.get(run, run), subject, change, before))
    return f"{first} {nl.direction_flips(flips, year)}"


def headline_html(table: pd.DataFrame, edition: Edition, scenarios: list[Scenario]) -> Html:
    """:func:`headline_nl` as the page's headline block (``<p class="kop" id="kop">``, escaped, with its style)."""
    return Html(f'{STYLE}<div class="index071"><p class="kop" id="kop">'
                f'{html.escape(headline_nl(table, edition, scenarios))}</p></div>')


def scenarios_html(edition: Edition, scenarios: list[Scenario],
                   not_applicable: list[ScenarioNotApplicable] | None = None) -> Html:
    """The scenarios by title with their descriptions, and the weights that were scaled to 100%, folded.

    Scenarios that do not fit the edition (``not_applicable``, from
    :func:`index071lib.analysis.whatif.load_scenarios`) are listed last, *niet van toepassing*, with the reason.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> page = scenarios_html(load_edition(2017), [Scenario(name="x", title="<Meer>", description="Tekst.")])
        >>> page.startswith("<ul><li><strong>&lt;Meer&gt;</strong>: Tekst.</li></ul>")
        True
    """
    titles = scenario_titles(scenarios)
    items = "".join(f"<li><strong>{html.escape(s.label)}</strong>: {html.escape(s.description)}</li>"
                    for s in scenarios)
    notes = weight_notes_nl(edition, [n for s in [None, *scenarios] for n in weight_notes(edition, s)], titles)
    body = f"<ul>{items}</ul>"
    if notes:
        listed = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        body += folded(nl.folded_rows(nl.WEIGHT_NOTES_SUMMARY, len(notes)), f"<ul>{listed}</ul>")
    if not_applicable:
        items = []
        for err in not_applicable:  # names and ids are data: escaped
            kind, ids = err.reason
            shown = [str(i) if kind == "editions" else f"<code>{html.escape(str(i))}</code>" for i in ids]
            items.append(f"<li>{nl.not_applicable(f'<strong>{html.escape(err.scenario)}</strong>', kind, shown, err.edition)}</li>")
        body += f"<p>{html.escape(nl.NOT_APPLICABLE_HEADING)}</p><ul>{''.join(items)}</ul>"
    return Html(body)


def titled(table: pd.DataFrame, scenarios: list[Scenario]) -> pd.DataFrame:
    """A comparison table whose ``scenario`` column holds the titles (for the chart's legend)."""
    titles = scenario_titles(scenarios)
    return table.assign(scenario=table["scenario"].map(lambda s: titles.get(s, s)))
