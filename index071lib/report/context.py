"""The report context (computed once per notebook), generated Dutch headlines, contributions, provenance.

Everything a notebook shows is computed here (or in :mod:`index071lib.report.tables` / :mod:`index071lib.report.charts`);
the notebooks only call these functions and display the result. Reader-facing text is Dutch with Dutch
number formatting; nothing is rounded except for display.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from index071lib import __version__
from index071lib.analysis.audit import Finding, run_audit
from index071lib.core.aggregate import contributions
from index071lib.core.pipeline import (
    IndexResult,
    compute_index,
    compute_scenario,
    reproduction,
)
from index071lib.core.themes import theme_table
from index071lib.data.commentary import Commentary, load_commentary
from index071lib.data.edition import Edition, load_edition
from index071lib.data.scenarios import Scenario
from index071lib.text import nl
from index071lib.text.fmt import nl_datetime, round_half_up


class Html(str):
    """A string of HTML that Jupyter displays as HTML (the notebooks just evaluate it)."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass
class ReportContext:
    """Everything a report needs, computed once per notebook (tables, charts and the index page only read it).

    Attributes:
        edition: The loaded edition.
        result: The computed index (official weights, or the scenario's).
        scenario: The scenario, or ``None`` for the official Index071.
        commentary: Panel notes of the edition (may be empty).
        year: Latest year of the edition.
        previous: The year before it.
        alignment: Alignment method the index was computed with (``lag`` is the publication's).

    The audit's results (always of the official weights) and the theme tables are computed on first use
    and then kept: :attr:`official`, :attr:`reproduction`, :attr:`findings`, :meth:`theme`.
    """

    edition: Edition
    result: IndexResult
    scenario: Scenario | None
    commentary: Commentary
    year: int
    previous: int
    alignment: str = "lag"
    _themes: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_official(self) -> bool:
        """Whether this is the official Index071: the annex weights and the publication's alignment."""
        return self.scenario is None and self.alignment == "lag"

    def name(self, ident: str) -> str:
        """Dutch name of a basket, the total, a parameter or a theme."""
        if ident in self.edition.parameters.index:
            return nl.unit_label(str(self.edition.parameters.loc[ident, "name"]))  # m2 -> m²
        names = {**self.edition.basket_names, **self.edition.theme_names}
        return names.get(ident, ident)

    def label(self, ident: str) -> str:
        """Like :meth:`name`, but a lower-is-better parameter carries its inverse note (for tables and charts)."""
        return self.edition.parameter_labels.get(ident) or self.name(ident)

    def chart_label(self, ident: str) -> str:
        """Like :meth:`label`, with the short marker ``(omgekeerd)`` instead of the whole note (chart labels)."""
        return self.edition.parameter_chart_labels.get(ident) or self.name(ident)

    def inverted(self, idents) -> bool:
        """Whether any of these parameters is lower-is-better (a chart showing them explains the marker)."""
        polarity = self.edition.parameters["polarity"]
        return any(polarity.get(i) == "lower_is_better" for i in idents)

    @cached_property
    def official(self) -> IndexResult:
        """The index with the official weights (the result itself when there is no scenario)."""
        return self.result if self.is_official else compute_index(self.edition, warn=False)

    @cached_property
    def reproduction(self) -> pd.DataFrame:
        """Official computation vs published series, cell by cell (:func:`~index071lib.core.pipeline.reproduction`)."""
        return reproduction(self.edition, self.official)

    @cached_property
    def findings(self) -> list[Finding]:
        """The audit findings of the edition (:func:`~index071lib.analysis.audit.run_audit`)."""
        return run_audit(self.edition)

    def theme(self, theme: str) -> pd.DataFrame:
        """The table of a trend theme (:func:`~index071lib.core.themes.theme_table`), computed once; its period
        labels joined by an en dash (``2015–2016``, :func:`~index071lib.text.nl.period_label`)."""
        if theme not in self._themes:
            table = theme_table(self.edition, theme)  # periods as readers see them: 2015–2016 (en dash)
            self._themes[theme] = table.assign(label=table["label"].map(nl.period_label))
        return self._themes[theme]


def build_context(edition: Edition, scenario: Scenario | None = None, alignment: str = "lag") -> ReportContext:
    """The report context of a loaded edition (and scenario): computes the index once.

    Args:
        edition: The loaded edition.
        scenario: The scenario, or ``None`` for the official weights.
        alignment: Alignment method (``lag`` is the publication's).

    Returns:
        A :class:`ReportContext`.
    """
    result = compute_scenario(edition, scenario, alignment=alignment, warn=False)
    years = edition.years
    return ReportContext(edition=edition, result=result, scenario=scenario, commentary=load_commentary(edition),
                         year=years[-1], previous=years[-2], alignment=alignment)


def load_context(edition: int, scenario: str = "", data_dir: str = "", alignment: str = "lag") -> ReportContext:
    """Load an edition (and optional scenario) and compute the index: the first call of every notebook.

    The notebook's parameters are checked first: a wrong value stops the notebook with one Dutch line
    naming the valid values (:mod:`index071lib.report.params`).

    Args:
        edition: Edition year; ``0`` (or ``None``) = the latest edition present.
        scenario: Path or name of a scenario YAML; ``""`` = the official weights.
        data_dir: Folder holding ``editions/``; ``""`` = the default.
        alignment: Alignment method (``lag``, ``carry``, ``available``), as ``index071 compute --alignment``.

    Returns:
        A :class:`ReportContext`.

    Raises:
        ParameterError: An edition, scenario or alignment that does not exist.
        DataError: Invalid edition data or commentary.

    Example:
        >>> ctx = load_context(2017)
        >>> ctx.year, ctx.previous, ctx.scenario is None, ctx.is_official
        (2016, 2015, True, True)
    """
    from index071lib.report.params import check_alignment, check_edition, check_scenario

    alignment = check_alignment(alignment)
    loaded = check_edition(edition, data_dir or None)
    return build_context(loaded, check_scenario(scenario, loaded, data_dir or None), alignment=alignment)


def alignment_note(ctx: ReportContext) -> str:
    """One Dutch sentence on the alignment in force (:func:`index071lib.text.nl.alignment_sentence`).

    Example:
        >>> alignment_note(load_context(2017, alignment="carry"))[:60]
        'Uitlijning van de cijfers: laatste cijfer doorgetrokken naar'
    """
    return nl.alignment_sentence(ctx.alignment)


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
    shown = displayed_figures(series.to_frame().T)
    sid = shown.levels.index[0]
    return shown.level(sid, year), shown.level(sid, previous), shown.change(sid, year, previous)


@dataclass(frozen=True)
class Displayed:
    """The levels and changes a reader sees, one rule for every page and the workbook.

    Attributes:
        levels: Series × years in whole points (rounded half up from full precision).
        published: Series × years: the printed level where it differs from the displayed one, else NaN.
    """

    levels: pd.DataFrame
    published: pd.DataFrame

    def level(self, series_id: str, year: int) -> float:
        """The displayed level of a series in a year (whole points)."""
        return float(self.levels.loc[series_id, year])

    def change(self, series_id: str, year: int, previous: int) -> float:
        """The change between the two displayed levels (as the publication prints it: 111 → 117 = +6)."""
        return self.level(series_id, year) - self.level(series_id, previous)

    def differs(self, series_id: str, year: int) -> float | None:
        """The published level where it differs from the displayed one, else ``None``."""
        value = self.published.loc[series_id, year] if series_id in self.published.index else float("nan")
        return None if pd.isna(value) else float(value)


def displayed_figures(series: pd.DataFrame, published: pd.DataFrame | None = None) -> Displayed:
    """Displayed levels (whole points) of computed series, and where the publication printed another figure.

    Args:
        series: Series × years at full precision.
        published: The printed series (same ids/years, whole points), or ``None`` (a scenario, a new edition).

    Returns:
        A :class:`Displayed`.

    Example:
        >>> s = pd.DataFrame({2015: [110.6], 2016: [117.4]}, index=["lsh"])
        >>> d = displayed_figures(s, pd.DataFrame({2015: [111.0], 2016: [117.0]}, index=["lsh"]))
        >>> d.level("lsh", 2016), d.change("lsh", 2016, 2015), d.differs("lsh", 2015), d.differs("lsh", 2016)
        (117.0, 6.0, None, None)
    """
    levels = series.apply(lambda col: round_half_up(col.astype(float)))
    pub = pd.DataFrame(float("nan"), index=levels.index, columns=levels.columns)
    if published is not None:
        printed = published.reindex(index=levels.index, columns=levels.columns).astype(float)
        pub = printed.where(printed.notna() & (printed != levels))
    return Displayed(levels=levels, published=pub)


def displayed(ctx: ReportContext) -> Displayed:
    """The displayed figures of a report (compared with the publication only for the official weights)."""
    published = ctx.edition.published if ctx.scenario is None and ctx.result is ctx.official else None
    return displayed_figures(ctx.result.series, published)


def published_notes(ctx: ReportContext, series_ids: list[str] | None = None) -> list[str]:
    """Dutch footnotes for every displayed level (of the given series) that differs from the publication."""
    shown = displayed(ctx)
    notes = []
    for sid in series_ids or list(shown.levels.index):
        for year in shown.levels.columns:
            printed = shown.differs(sid, year)
            if printed is not None:
                notes.append(nl.published_footnote(ctx.name(sid), int(year), shown.level(sid, year), printed,
                                                   float(ctx.result.series.loc[sid, year])))
    return notes


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
    shown = displayed(ctx)
    level, change = shown.level(series_id, ctx.year), shown.change(series_id, ctx.year, ctx.previous)
    subject = nl.SUBJECT_TOTAL if series_id == ctx.edition.total_id else nl.subject_basket(ctx.name(series_id))
    return nl.headline(subject, level, change)


def parameter_contributions(ctx: ReportContext, basket: str) -> pd.DataFrame:
    """Contribution of each parameter of a basket to the basket's change over the last year.

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        Columns ``parameter, name, label`` (with the inverse note), ``chart_label`` (with the short marker),
        ``share`` (0–1), ``change`` and ``contribution`` (index points) and ``status`` (vintage of the latest
        cell), sorted by contribution (largest first).

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
    table.insert(1, "label", [ctx.label(p) for p in table.index])
    table.insert(2, "chart_label", [ctx.chart_label(p) for p in table.index])
    in_sentence = ctx.edition.names_in_sentence
    table.insert(3, "in_sentence", [in_sentence.get(p, ctx.name(p)) for p in table.index])
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


def movers_text(table: pd.DataFrame, n: int = 2) -> str:
    """Name the biggest risers and fallers of a contributions table (Dutch).

    Parameter names are written as inside a sentence, with their article (column ``in_sentence`` of
    :func:`parameter_contributions`, from :attr:`~index071lib.data.edition.Edition.names_in_sentence`: ``het
    aantal starters``, ``de werkgelegenheid in de industrie``); basket names stay as they are.

    Args:
        table: Output of :func:`parameter_contributions` or :func:`basket_contributions`.
        n: How many risers and fallers to name at most.

    Returns:
        One or two sentences.

    Example:
        >>> t = pd.DataFrame({"name": ["A", "B", "C"], "contribution": [2.25, 0.0, -0.4]})
        >>> movers_text(t)
        'De grootste bijdrage aan de stijging komt van A (+2,3 punten). De grootste daling komt van C (-0,4 punt).'
    """
    shown = round_half_up(table["contribution"], 1)
    up = table[shown > 0].sort_values("contribution", ascending=False).head(n)
    down = table[shown < 0].sort_values("contribution").head(n)
    if "in_sentence" in table.columns:
        up, down = (t.assign(name=t["in_sentence"]) for t in (up, down))
    return nl.movers(list(zip(up["name"], up["contribution"])), list(zip(down["name"], down["contribution"])))


def vintage_note(ctx: ReportContext, basket: str) -> str:
    """How many parameters of a basket count in the latest year with a figure of an earlier year (Dutch).

    Example:
        >>> vintage_note(load_context(2017), "life_sciences_health")[:30]
        'In 2016 tellen vijf van de zev'
    """
    members = ctx.result.basket_of.index[ctx.result.basket_of == basket]
    status = ctx.result.status.loc[members, ctx.year]
    lagged = status[status == "lagged"].index
    years = sorted({int(ctx.result.vintage.loc[p, ctx.year]) for p in lagged})
    return nl.vintage_note(ctx.year, len(lagged), len(members), years)


def provenance(ctx: ReportContext, now: _dt.datetime | None = None) -> dict[str, str]:
    """Edition, data checksum, index071 version, run date (and scenario) of a report.

    Example:
        >>> p = provenance(load_context(2017), _dt.datetime(2026, 1, 2, 3, 4, tzinfo=_dt.timezone.utc))
        >>> list(p.values())[2:]
        ['0.1.0', '2 januari 2026 om 03:04 UTC', 'meest recente cijfer telt mee in het laatste jaar, zoals in de publicatie']
    """
    return provenance_info(ctx.edition, ctx.scenario, now, alignment=ctx.alignment)


def provenance_info(edition: Edition, scenario: Scenario | None, now: _dt.datetime | None = None, *,
                    alignment: str | None = None) -> dict[str, str]:
    """Edition, data checksum, index071 version, run date (and scenario, alignment): the labels and values of
    the footer.

    Reader text only: a scenario by its title (never its slug or file), the alignment in words (never its id).
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    label = nl.PROVENANCE
    info = {label["edition"]: str(edition.year), label["checksum"]: edition.checksum,
            label["version"]: __version__, label["made"]: nl_datetime(now)}
    if scenario is not None:
        info[label["scenario"]] = nl.scenario_provenance(scenario.label)
    if alignment is not None:
        info[label["alignment"]] = nl.alignment_provenance(alignment)
    return info


def provenance_html(ctx: ReportContext) -> Html:
    """The provenance footer as HTML."""
    return Html(footer_html(provenance(ctx)))


def footer_html(info: dict[str, str]) -> str:
    """A provenance footer (labels and values escaped), as on every report and the index page."""
    items = "".join(f"<li><strong>{html.escape(k)}:</strong> {html.escape(v)}</li>" for k, v in info.items())
    return f'<footer class="herkomst"><h3>{html.escape(nl.PROVENANCE_TITLE)}</h3><ul>{items}</ul></footer>'


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
