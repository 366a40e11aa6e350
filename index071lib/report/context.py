"""The report context (computed once per notebook), generated Dutch headlines, contributions, provenance.

Everything a notebook shows is computed here (or in :mod:`index071lib.report.tables` / :mod:`index071lib.report.charts`);
the notebooks only call these functions and display the result. Reader-facing text is Dutch with Dutch
number formatting; nothing is rounded except for display.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from index071lib import __version__
from index071lib.core.aggregate import contributions
from index071lib.core.pipeline import IndexResult, compute_scenario
from index071lib.data.commentary import Commentary, load_commentary
from index071lib.data.edition import Edition, load_edition
from index071lib.data.scenarios import Scenario, load_scenario
from index071lib.text.fmt import nl_number, round_half_up


class Html(str):
    """A string of HTML that Jupyter displays as HTML (the notebooks just evaluate it)."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass
class ReportContext:
    """Everything a report needs, computed once per notebook.

    Attributes:
        edition: The loaded edition.
        result: The computed index (official weights, or the scenario's).
        scenario: The scenario, or ``None`` for the official Index071.
        commentary: Panel notes of the edition (may be empty).
        year: Latest year of the edition.
        previous: The year before it.
    """

    edition: Edition
    result: IndexResult
    scenario: Scenario | None
    commentary: Commentary
    year: int
    previous: int

    def name(self, ident: str) -> str:
        """Dutch name of a basket, the total, a parameter or a theme."""
        if ident in self.edition.parameters.index:
            return str(self.edition.parameters.loc[ident, "name"])
        names = {**self.edition.basket_names, **self.edition.theme_names}
        return names.get(ident, ident)


def load_context(edition: int, scenario: str = "", data_dir: str = "") -> ReportContext:
    """Load an edition (and optional scenario) and compute the index: the first call of every notebook.

    Args:
        edition: Edition year; ``0`` (or ``None``) = the latest edition present.
        scenario: Path of a scenario YAML; ``""`` = the official weights.
        data_dir: Folder holding ``editions/``; ``""`` = the default.

    Returns:
        A :class:`ReportContext`.

    Raises:
        DataError: Invalid edition data or commentary.
        ScenarioError: Invalid scenario file.

    Example:
        >>> ctx = load_context(2017)
        >>> ctx.year, ctx.previous, ctx.scenario is None
        (2016, 2015, True)
    """
    loaded = load_edition(edition or None, Path(data_dir) if data_dir else None)
    chosen = load_scenario(scenario, loaded) if scenario else None
    result = compute_scenario(loaded, chosen, warn=False)
    years = loaded.years
    return ReportContext(edition=loaded, result=result, scenario=chosen, commentary=load_commentary(loaded),
                         year=years[-1], previous=years[-2])


def rounded_change(series: pd.Series, year: int, previous: int) -> tuple[float, float, float]:
    """Displayed level now, displayed level before, and the change between the two displayed levels.

    The publication prints whole index points and speaks of the difference between printed figures
    ("stijgt met 5 punten": 110 → 115), so the change is taken between the rounded levels.

    Args:
        series: Values indexed by year (full precision).
        year: The later year.
        previous: The earlier year.

    Returns:
        ``(level, previous_level, change)`` in whole points.

    Example:
        >>> rounded_change(pd.Series({2015: 109.89, 2016: 114.57}), 2016, 2015)
        (115.0, 110.0, 5.0)
    """
    now, before = round_half_up(float(series[year])), round_half_up(float(series[previous]))
    return now, before, now - before


def headline(subject: str, level: float, change: float) -> str:
    """One Dutch sentence in the style of the publication.

    Args:
        subject: Grammatical subject, e.g. ``"Het mandje"``.
        level: Displayed level (whole points).
        change: Change in whole points.

    Returns:
        The sentence.

    Example:
        >>> headline("Het mandje", 115, 5)
        'Het mandje stijgt met 5 punten ten opzichte van het voorgaande jaar en komt uit op 115.'
        >>> headline("De index", 104, -1)
        'De index daalt met 1 punt ten opzichte van het voorgaande jaar en komt uit op 104.'
    """
    if change == 0:
        return f"{subject} blijft gelijk ten opzichte van het voorgaande jaar en komt uit op {nl_number(level)}."
    verb = "stijgt" if change > 0 else "daalt"
    points = "punt" if abs(change) == 1 else "punten"
    return (f"{subject} {verb} met {nl_number(abs(change))} {points} ten opzichte van het voorgaande jaar "
            f"en komt uit op {nl_number(level)}.")


def series_headline(ctx: ReportContext, series_id: str) -> str:
    """The headline of a basket or of the total, from the computed series.

    Args:
        ctx: Report context.
        series_id: A basket id or the total id.

    Returns:
        The Dutch sentence.

    Example:
        >>> series_headline(load_context(2017), "ondernemerschap")
        'Het mandje Ondernemerschap en jong talent stijgt met 5 punten ten opzichte van het voorgaande jaar en komt uit op 115.'
    """
    series = ctx.result.series.loc[series_id]
    level, _, change = rounded_change(series, ctx.year, ctx.previous)
    subject = "De Index071" if series_id == ctx.edition.total_id else f"Het mandje {ctx.name(series_id)}"
    return headline(subject, level, change)


def parameter_contributions(ctx: ReportContext, basket: str) -> pd.DataFrame:
    """Contribution of each parameter of a basket to the basket's change over the last year.

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        Columns ``parameter, name, share`` (0–1), ``change`` and ``contribution`` (index points) and
        ``status`` (vintage of the latest cell), sorted by contribution (largest first).

    Example:
        >>> t = parameter_contributions(load_context(2017), "life_sciences_health")
        >>> t.loc[0, "parameter"], round(float(t.loc[0, "contribution"]), 2)
        ('bsp_werkzame_personen', 3.78)
    """
    r = ctx.result
    table = contributions(r.aligned, r.weights, ctx.year, ctx.previous, basket_of=r.basket_of,
                          aggregation=r.aggregation)
    table = table[table["basket"] == basket].drop(columns="basket")
    table.insert(0, "name", [ctx.name(p) for p in table.index])
    table["status"] = r.status.loc[table.index, ctx.year]
    table = table.rename_axis("parameter").reset_index()
    return table.sort_values("contribution", ascending=False, kind="stable").reset_index(drop=True)


def basket_contributions(ctx: ReportContext) -> pd.DataFrame:
    """Contribution of each basket to the change of the total over the last year.

    Args:
        ctx: Report context.

    Returns:
        Columns ``basket, name, share`` (0–1), ``change`` and ``contribution`` (index points), in basket order;
        the contributions add up to the change of the total.

    Example:
        >>> t = basket_contributions(load_context(2017))
        >>> round(float(t["contribution"].sum()), 2)
        2.9
    """
    r = ctx.result
    table = contributions(r.baskets, r.basket_weights, ctx.year, ctx.previous, aggregation=r.aggregation)
    table.insert(0, "name", [ctx.name(b) for b in table.index])
    return table.rename_axis("basket").reset_index()


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def movers_text(table: pd.DataFrame, n: int = 2) -> str:
    """Name the biggest risers and fallers of a contributions table (Dutch).

    Args:
        table: Output of :func:`parameter_contributions` or :func:`basket_contributions`.
        n: How many risers and fallers to name at most.

    Returns:
        One or two sentences.

    Example:
        >>> t = pd.DataFrame({"name": ["A", "B", "C"], "contribution": [2.25, 0.0, -0.4]})
        >>> movers_text(t)
        'De grootste bijdrage aan de stijging komt van A (+2,3 punten). De grootste daling komt van C (-0,4 punten).'
    """
    def fmt(row):
        return f"{row['name']} ({nl_number(row['contribution'], 1, sign=True)} punten)"

    shown = round_half_up(table["contribution"], 1)
    up = table[shown > 0].sort_values("contribution", ascending=False).head(n)
    down = table[shown < 0].sort_values("contribution").head(n)
    parts = []
    if len(up):
        noun = "bijdrage" if len(up) == 1 else "bijdragen"
        parts.append(f"De grootste {noun} aan de stijging {'komt' if len(up) == 1 else 'komen'} van "
                     f"{_listing([fmt(r) for _, r in up.iterrows()])}.")
    if len(down):
        noun = "daling komt" if len(down) == 1 else "dalingen komen"
        parts.append(f"De grootste {noun} van {_listing([fmt(r) for _, r in down.iterrows()])}.")
    return " ".join(parts) or "Geen enkel onderdeel verandert zichtbaar ten opzichte van het voorgaande jaar."


def vintage_note(ctx: ReportContext, basket: str) -> str:
    """How many parameters of a basket count in the latest year with a figure of an earlier year (Dutch).

    Example:
        >>> vintage_note(load_context(2017), "life_sciences_health")[:30]
        'In 2016 tellen 5 van de 7 para'
    """
    members = ctx.result.basket_of.index[ctx.result.basket_of == basket]
    status = ctx.result.status.loc[members, ctx.year]
    lagged = status[status == "lagged"].index
    if not len(lagged):
        return f"Alle {len(members)} parameters hebben een cijfer over {ctx.year}."
    years = sorted({int(ctx.result.vintage.loc[p, ctx.year]) for p in lagged})
    return (f"In {ctx.year} tellen {len(lagged)} van de {len(members)} parameters mee met het meest recente "
            f"beschikbare cijfer, uit {_listing([str(y) for y in years])}; in de grafieken zijn die punten open "
            f"getekend met het jaar van het cijfer erbij.")


def provenance(ctx: ReportContext, now: _dt.datetime | None = None) -> dict[str, str]:
    """Edition, data checksum, index071 version, run date (and scenario) of a report.

    Example:
        >>> p = provenance(load_context(2017), _dt.datetime(2026, 1, 2, 3, 4, tzinfo=_dt.timezone.utc))
        >>> p["Editie"], p["Versie index071"], p["Rapport gemaakt op"]
        ('2017', '0.1.0', '2026-01-02 03:04 UTC')
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    info = {"Editie": str(ctx.edition.year), "Controlegetal data (SHA-256)": ctx.edition.checksum,
            "Versie index071": __version__, "Rapport gemaakt op": now.strftime("%Y-%m-%d %H:%M UTC")}
    if ctx.scenario is not None:
        info["Scenario"] = f"{ctx.scenario.name} ({ctx.scenario.path or 'in code'})"
    return info


def provenance_html(ctx: ReportContext) -> Html:
    """The provenance footer as HTML."""
    items = "".join(f"<li><strong>{html.escape(k)}:</strong> {html.escape(v)}</li>" for k, v in provenance(ctx).items())
    return Html(f'<footer class="herkomst"><h3>Herkomst</h3><ul>{items}</ul></footer>')


def scenario_banner(ctx: ReportContext) -> str:
    """Dutch warning line for a scenario report (``""`` for the official index).

    Example:
        >>> s = Scenario(name="ls_20", description="Life sciences telt 20%")
        >>> scenario_banner(ReportContext(None, None, s, None, 2016, 2015))
        'Scenario: ls_20 — Life sciences telt 20% — niet de officiële Index071'
    """
    if ctx.scenario is None:
        return ""
    desc = f" — {ctx.scenario.description}" if ctx.scenario.description else ""
    return f"Scenario: {ctx.scenario.name}{desc} — niet de officiële Index071"


def changes_markdown(ctx: ReportContext) -> str:
    """The Dutch section "Wijzigingen ten opzichte van de vorige editie" for the overview report.

    Generated from the edition's ``changelog.yml`` (:mod:`index071lib.data.changelog`); the previous edition
    is loaded when it lies beside this one, for the names and weights of dropped or changed parameters.

    Args:
        ctx: The report context.

    Returns:
        Markdown text (a title, per kind of change the changes with their reasons).

    Example:
        >>> "Nieuw basisjaar" in changes_markdown(load_context(2017))
        True
    """
    from index071lib.data.changelog import changes_section, load_changelog
    from index071lib.data.scaffold import previous_edition

    data_dir = ctx.edition.path.parent.parent
    before = previous_edition(ctx.edition.year, data_dir)
    previous = load_edition(before, data_dir) if before is not None else None
    return changes_section(load_changelog(ctx.edition, previous), ctx.edition, previous)
