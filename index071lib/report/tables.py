"""Reader-facing tables and page blocks for the reports (Dutch headers, Dutch number format, HTML).

Every function returns either a pandas DataFrame of display strings (tested on content) or an
:class:`~index071lib.report.context.Html` block that Jupyter shows as HTML. Styling is inline (offline reports).
"""

from __future__ import annotations

import hashlib
import html
import itertools

import pandas as pd

from index071lib.analysis.audit import findings_frame
from index071lib.data.commentary import commentary_html
from index071lib.report.context import (
    Displayed,
    Html,
    ReportContext,
    alignment_note,
    displayed,
    displayed_figures,
    published_notes,
    series_headline,
)
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent, nl_weight, round_half_up

STYLE = """<style>
.index071 h1 {font-size: 1.7em; margin-bottom: .2em}
.scenario-banner {background: #fff3cd; border: 2px solid #c77c02; padding: .6em 1em; font-weight: bold}
.kop {font-size: 1.25em; background: #eef4fa; border-left: 6px solid #1f5f99; padding: .6em 1em}
.panel-commentaar {border-left: 6px solid #7a4f9a; background: #f6f0fa; margin: 1em 0; padding: .4em 1em}
.panel-label {font-weight: bold; color: #5a2f7a; margin-bottom: .2em}
.panel-commentaar.publicatie {border-left-color: #5b6b7b; background: #f3f5f7}
.panel-commentaar.publicatie .panel-label {color: #3d4b59}
table.index071-tabel {border-collapse: collapse; margin: .5em 0 1em}
table.index071-tabel th, table.index071-tabel td,
.jp-RenderedHTMLCommon table.index071-tabel th, .jp-RenderedHTMLCommon table.index071-tabel td {
  border-bottom: 1px solid #ccc; padding: .2em .6em; text-align: left; vertical-align: top}
.uitlijning {color: #555; font-size: .9em}
.herkomst {color: #555; font-size: .9em; border-top: 1px solid #ccc; margin-top: 2em}
.afwijking {border-left: 6px solid #c62828; background: #fdf0f0; margin: 1em 0; padding: .2em 1em}
.bijlage table.index071-tabel tr:last-child td {font-weight: bold; border-top: 2px solid #888}
</style>"""

COL = nl.COL
#: A cell that is a number (right-aligned): ``12,5%``, ``115 (2015)`` (data year), ``110 (115)*`` (printed
#: value beside the computed one), ``(100)*`` (printed only), ``–``.
NUMBER_CELL = r"[+-]?[\d.]+(,\d+)?%?\*?( \((\d{4}|basis|[\d.]+(,\d+)?)\))?\*?|\([\d.]+(,\d+)?\)\*|–|-"


#: A table with more columns than this gets the scroll cue on narrow screens (page.css shows it there).
WIDE_COLUMNS = 4


_TABLES = itertools.count(1)


def table_id(frame: pd.DataFrame) -> str:
    """The id of a table's styles: its content's digest and its number in this process.

    pandas gives every styled table a random id; this one is the same whenever the same report is made
    again (so an unchanged report is byte for byte the same), and differs between tables of different
    content (the PDF handout binds many reports into one document, where the ids must not collide).

    Example:
        >>> table_id(pd.DataFrame({"a": [1]}))[:7] == table_id(pd.DataFrame({"a": [1]}))[:7]
        True
    """
    content = hashlib.sha256(frame.to_csv().encode("utf-8")).hexdigest()
    return f"{content[:7]}{next(_TABLES)}"


def table_html(frame: pd.DataFrame) -> Html:
    """A display table as HTML (cells and column headers escaped, no index); columns of numbers are
    right-aligned, text left.

    The table sits in a box that scrolls sideways on a narrow screen (``<div class="tabel-scroll">``); a table
    of more than :data:`WIDE_COLUMNS` columns says so above it on such a screen.

    Example:
        >>> html = table_html(pd.DataFrame({"Naam": ["a&b"], "Index": ["1.234,5"], "<b>": ["x"]}))
        >>> "a&amp;b" in html and "text-align: right" in html and html.startswith('<div class="tabel-scroll">')
        True
        >>> "<b>" in html, "&lt;b&gt;" in html
        (False, True)
    """
    numeric = [c for c in frame.columns if _numeric(frame[c])]
    text = [c for c in frame.columns if c not in numeric]
    styler = (frame.style.set_uuid(table_id(frame)).hide(axis="index").format(escape="html")
              .format_index(escape="html", axis=1)
              .set_table_attributes('class="index071-tabel"')
              .set_properties(subset=numeric, **{"text-align": "right"})
              .set_properties(subset=text, **{"text-align": "left"})
              .set_table_styles({**{c: [{"selector": "th", "props": "text-align: right"}] for c in numeric},
                                 **{c: [{"selector": "th", "props": "text-align: left"}] for c in text}}))
    return Html(scrolling(styler.to_html(), wide=len(frame.columns) > WIDE_COLUMNS))


def _numeric(column: pd.Series) -> bool:
    """Whether a column holds numbers: every cell that is not empty is one, and at least one is not empty
    (the annex's basket row has no weight)."""
    cells = column.astype(str)
    filled = cells[cells != ""]
    return bool(len(filled)) and bool(filled.str.fullmatch(NUMBER_CELL).all())


def scrolling(table: str, *, wide: bool = False) -> str:
    """An HTML table in a box that scrolls sideways (page.css), with the cue for a narrow screen if ``wide``."""
    cue = f'<p class="scroll-cue">{html.escape(nl.SCROLL_CUE)}</p>' if wide else ""
    return f'{cue}<div class="tabel-scroll">{table}</div>'


def folded(summary: str, body: str, *, open_: bool = False) -> Html:
    """A folded section: ``<details>`` with a summary line (escaped) and an HTML body (already safe).

    Example:
        >>> folded("Tabel <1>", "<p>x</p>")
        '<details class="ingeklapt"><summary>Tabel &lt;1&gt;</summary><p>x</p></details>'
    """
    state = " open" if open_ else ""
    return Html(f'<details class="ingeklapt"{state}><summary>{html.escape(summary)}</summary>{body}</details>')


def folded_table(summary: str, frame: pd.DataFrame) -> Html:
    """A long table folded away: the summary line names it and its number of rows."""
    return folded(nl.folded_rows(summary, len(frame)), table_html(frame))


def style_html() -> Html:
    """The reports' style sheet alone, for a page without :func:`page_header` (e.g. the editions report)."""
    return Html(STYLE)


def page_header(ctx: ReportContext, title: str, headline_text: str) -> Html:
    """Style, title, the scenario banner (if any) and the generated headline.

    Args:
        ctx: Report context.
        title: Page title (Dutch).
        headline_text: The generated headline sentence(s).

    Returns:
        HTML with the headline in a ``<p class="kop" id="kop">``.
    """
    alignment = (f'<p class="uitlijning{"" if ctx.alignment == "lag" else " scenario-banner"}">'
                 f'{html.escape(alignment_note(ctx))}</p>')
    return Html(f'{STYLE}<div class="index071"><h1>{html.escape(title)}</h1>{banner_html(ctx.scenario, style=False)}'
                f'<p class="kop" id="kop">{html.escape(headline_text)}</p>{alignment}</div>')


def banner_html(scenario, *, style: bool = True) -> Html:
    """The scenario banner (:func:`index071lib.text.nl.scenario_banner`) as a marked HTML block.

    Every page computed with a scenario's weights shows this block (report headers, the index page, the
    what-if and sensitivity reports).

    Args:
        scenario: The scenario, or ``None`` (then the result is empty).
        style: Include the report style (for a page that shows no :func:`page_header`).

    Returns:
        ``<p class="scenario-banner">…</p>`` (text escaped), or an empty block.

    Example:
        >>> from index071lib.data.scenarios import Scenario
        >>> banner_html(Scenario(name="x", title="A & <i>", description="<b>"), style=False)
        '<p class="scenario-banner">Let op: dit is het scenario ‘A &amp; &lt;i&gt;’, niet de officiële Index071. &lt;b&gt;</p>'
    """
    text = nl.scenario_banner(scenario)
    if not text:
        return Html("")
    return Html((STYLE if style else "") + f'<p class="scenario-banner">{html.escape(text)}</p>')


def note_html(ctx: ReportContext, kind: str, ident: str | None = None) -> Html:
    """The panel's note for a basket/parameter/theme/total, marked as the panel's words (or nothing)."""
    subject = "" if kind == "total" else ctx.name(ident)
    return Html(commentary_html(ctx.commentary.note(kind, ident), subject, ctx.commentary.source_of(kind, ident)))


def parameter_notes_html(ctx: ReportContext, basket: str) -> Html:
    """All panel notes on the parameters of a basket."""
    members = ctx.result.basket_of.index[ctx.result.basket_of == basket]
    return Html("".join(commentary_html(ctx.commentary.parameters[p], ctx.name(p),
                                        ctx.commentary.source_of("parameters", p))
                        for p in members if p in ctx.commentary.parameters))


def series_table(ctx: ReportContext) -> pd.DataFrame:
    """Total and baskets per year (whole points) with the change over the last year.

    Args:
        ctx: Report context.

    Returns:
        Columns ``Reeks``, one per year, and ``Verandering <year>`` (Dutch number format).

    Example:
        >>> from index071lib.report.context import load_context
        >>> series_table(load_context(2017)).iloc[-1].tolist()
        ['Index071 totaal', '100', '101', '105', '110', '113', '+3']
    """
    return levels_table(ctx, list(ctx.result.series.index))


def shown_level(shown: Displayed, series_id: str, year: int) -> str:
    """A displayed level, marked when the publication printed another figure (:func:`published_notes`)."""
    marker = nl.PUBLISHED_MARKER if shown.differs(series_id, year) is not None else ""
    return nl_number(shown.level(series_id, year)) + marker


def shown_change(shown: Displayed, series_id: str, year: int, previous: int) -> str:
    """The change between two displayed levels, marked when either level differs from the publication."""
    marked = any(shown.differs(series_id, y) is not None for y in (year, previous))
    return nl_number(shown.change(series_id, year, previous), sign=True) + (nl.PUBLISHED_MARKER if marked else "")


def levels_table(ctx: ReportContext, series_ids: list[str]) -> pd.DataFrame:
    """Displayed levels per year (whole points) and the change over the last year, of the given series.

    The same figures as the headlines, the index page and the workbook (:func:`displayed`); a level that
    differs from the published one carries :data:`~index071lib.text.nl.PUBLISHED_MARKER`.
    """
    shown = displayed(ctx)
    out = pd.DataFrame({COL["series"]: [ctx.name(i) for i in series_ids]})
    for year in shown.levels.columns:
        out[str(year)] = [shown_level(shown, i, year) for i in series_ids]
    out[nl.col_change(ctx.year)] = [shown_change(shown, i, ctx.year, ctx.previous) for i in series_ids]
    return out


def published_notes_html(ctx: ReportContext, series_ids: list[str] | None = None) -> Html:
    """The footnotes of the marked figures (or nothing)."""
    notes = published_notes(ctx, series_ids)
    if not notes:
        return Html("")
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return Html(f'<div class="voetnoten"><p><strong>{html.escape(nl.HEADING_NOTES)}</strong></p>'
                f'<ul>{items}</ul></div>')


def basket_levels_html(ctx: ReportContext, basket: str) -> Html:
    """The basket's displayed levels and change with the footnotes of marked figures (basket report)."""
    return Html(table_html(levels_table(ctx, [basket])) + published_notes_html(ctx, [basket]))


def overview_levels_html(ctx: ReportContext) -> Html:
    """The baskets' and total's displayed levels and changes with footnotes (overview report)."""
    return Html(table_html(series_table(ctx)) + published_notes_html(ctx))


def basket_weights_note(ctx: ReportContext) -> str:
    """What the basket weights add up to and whether they were rescaled (Dutch).

    Example:
        >>> from index071lib.report.context import load_context
        >>> basket_weights_note(load_context(2017))
        'De wegingen tellen op tot 99%; ze zijn naar verhouding herschaald tot 100% (kolom Telt mee voor).'
    """
    return nl.weights_sum_note(float(ctx.result.basket_weights.sum()))


def basket_weights_html(ctx: ReportContext) -> Html:
    """The basket weights table and the sentence on their sum (overview report)."""
    return Html(table_html(basket_weights_table(ctx)) + text_html(basket_weights_note(ctx)))


def basket_weights_table(ctx: ReportContext) -> pd.DataFrame:
    """Basket weights as given and as they count after normalisation."""
    w = ctx.result.basket_weights
    return pd.DataFrame({COL["basket"]: [ctx.name(b) for b in w.index], COL["weight"]: [nl_weight(v) for v in w],
                         COL["counts_for"]: [nl_percent(v / w.sum() * 100) for v in w]})


def weights_table(ctx: ReportContext, basket: str) -> pd.DataFrame:
    """Parameter weights of a basket: as given, share of the basket, share of the total, and source.

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        Columns ``Parameter, Weging, Aandeel in mandje, Aandeel in Index071, Bron``.

    Example:
        >>> from index071lib.report.context import load_context
        >>> weights_table(load_context(2017), "ondernemerschap").iloc[0, :3].tolist()
        ['Aantal starters', '15%', '16,0%']
    """
    r = ctx.result
    members = r.basket_of.index[r.basket_of == basket]
    w = r.weights.reindex(members).astype(float)
    eff = r.effective_weights.reindex(members)
    return pd.DataFrame({COL["parameter"]: [ctx.label(p) for p in members], COL["weight"]: [nl_weight(v) for v in w],
                         COL["share_in_basket"]: [nl_percent(v / w.sum() * 100) for v in w],
                         COL["share_in_total"]: [nl_percent(v) for v in eff],
                         COL["source"]: list(ctx.edition.parameters.loc[members, "source"].fillna(""))})


def weights_html(ctx: ReportContext, basket: str) -> Html:
    """A basket's weights table and, when its weights do not add up to 100, the sentence that they were rescaled.

    Example:
        >>> from index071lib.report.context import load_context
        >>> weights_html(load_context(2017), "ondernemerschap").endswith(
        ...     "De wegingen tellen op tot 94%; ze zijn naar verhouding herschaald tot 100% (kolom Aandeel in mandje).</p>")
        True
    """
    r = ctx.result
    total = float(r.weights.reindex(r.basket_of.index[r.basket_of == basket]).astype(float).sum())
    note = "" if abs(total - 100) < 1e-9 else text_html(nl.basket_weights_sum_note(total))
    return Html(table_html(weights_table(ctx, basket)) + note)


def printed_annex_table(ctx: ReportContext, basket: str) -> pd.DataFrame:
    """The basket's table of the publication's annex (*Bijlage*), as printed.

    Every parameter's index number under its own data year (not moved by the lag alignment), ``-`` where the
    publication has no figure, whole numbers, the annex weights; at the bottom the basket's row as printed
    (``edition.published``; the kit's computed level where the publication printed none).

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        Columns ``Parameter`` (numbered as in the annex), ``Weging``, one per year.

    Example:
        >>> from index071lib.report.context import load_context
        >>> printed_annex_table(load_context(2017), "life_sciences_health").iloc[-1].tolist()
        ['Life Sciences & Health', '', '100', '101', '108', '111', '117']
    """
    edition = ctx.edition
    members = list(ctx.result.basket_of.index[ctx.result.basket_of == basket])
    years = [int(y) for y in ctx.result.aligned.columns]
    values = edition.values.reindex(index=members, columns=years)
    out = pd.DataFrame({COL["parameter"]: [nl.numbered(i, ctx.label(p)) for i, p in enumerate(members, start=1)],
                        COL["weight"]: [nl_weight(float(edition.weights[p])) for p in members]})
    for year in years:
        out[str(year)] = [nl.ANNEX_MISSING if pd.isna(v) else nl_number(round_half_up(float(v)))
                          for v in values[year]]
    row = {COL["parameter"]: ctx.name(basket), COL["weight"]: ""}
    for year, level in printed_levels(ctx, basket).items():
        row[str(year)] = nl_number(level)
    return pd.concat([out, pd.DataFrame([row])], ignore_index=True)


def printed_levels(ctx: ReportContext, series_id: str) -> dict[int, float]:
    """A basket's (or the total's) levels as the publication printed them, per year; the kit's displayed level
    where the publication has none (a new edition before it is printed)."""
    shown = displayed_figures(ctx.official.series)
    published = ctx.edition.published
    out = {}
    for year in ctx.result.aligned.columns:
        value = published.loc[series_id, year] if series_id in published.index and year in published.columns \
            else float("nan")
        out[int(year)] = float(value) if pd.notna(value) else shown.level(series_id, year)
    return out


def annex_table(ctx: ReportContext, basket: str) -> pd.DataFrame:
    """The annex table as counted: parameter × year lag-aligned, with the data year of carried cells, and the
    basket's computed level at the bottom.

    A lagged cell shows its data year in brackets (``115 (2015)``); a cell no data reaches shows ``100 (basis)``.
    The basket row holds the displayed levels of every other page (:func:`displayed`), marked
    :data:`~index071lib.text.nl.PUBLISHED_MARKER` where the publication printed another figure.

    Args:
        ctx: Report context.
        basket: Basket id.

    Returns:
        Columns ``Parameter``, one per year, ``Bron`` (empty in the basket row).

    Example:
        >>> from index071lib.report.context import load_context
        >>> ctx = load_context(2017)
        >>> annex_table(ctx, "life_sciences_health").iloc[0, 1:6].tolist()
        ['100 (basis)', '100 (2012)', '120 (2013)', '119 (2014)', '133 (2015)']
        >>> annex_table(ctx, "life_sciences_health").iloc[-1, :6].tolist()
        ['Life Sciences & Health', '100', '101', '108', '110*', '117']
    """
    r = ctx.result
    members = r.basket_of.index[r.basket_of == basket]
    out = pd.DataFrame({COL["parameter"]: [ctx.label(p) for p in members]})
    for year in r.aligned.columns:
        cells = []
        for p in members:
            value, status = r.aligned.loc[p, year], r.status.loc[p, year]
            text = nl_number(value)
            if status == "lagged":
                text = nl.cell_with_year(text, int(r.vintage.loc[p, year]))
            elif status == "filled":
                text = nl.cell_base_value(text)
            cells.append(text)
        out[str(year)] = cells
    out[COL["source"]] = list(ctx.edition.parameters.loc[members, "source"].fillna(""))
    shown = displayed(ctx)
    row = {COL["parameter"]: ctx.name(basket), COL["source"]: ""}
    for year in r.aligned.columns:
        row[str(year)] = shown_level(shown, basket, year)
    return pd.concat([out, pd.DataFrame([row])], ignore_index=True)


def annex_html(ctx: ReportContext, basket: str) -> Html:
    """The two annex tables of a basket page: as printed, then as counted with its heading and the footnotes
    of marked levels; the basket row of each table is bold (the style's ``.bijlage``)."""
    return Html(f'<div class="bijlage">{table_html(printed_annex_table(ctx, basket))}'
                f"<h3>{html.escape(nl.HEADING_ANNEX_COUNTED)}</h3>"
                f"<p>{html.escape(nl.ANNEX_COUNTED_NOTE)}</p>"
                f"{table_html(annex_table(ctx, basket))}</div>" + published_notes_html(ctx, [basket]))


def contributions_table(table: pd.DataFrame, what: str = "parameter") -> pd.DataFrame:
    """Display form of a contributions table (share, change, contribution in index points).

    Args:
        table: Output of :func:`~index071lib.report.context.parameter_contributions` or ``basket_contributions``.
        what: Key of the header of the first column in :data:`index071lib.text.nl.COL` (``parameter``, ``basket``).

    Returns:
        Dutch headers and numbers.

    Example:
        >>> t = pd.DataFrame({"name": ["A"], "share": [0.25], "change": [4.0], "contribution": [1.0]})
        >>> contributions_table(t).iloc[0].tolist()
        ['A', '25,0%', '+4,0', '+1,00']
    """
    out = pd.DataFrame({COL[what]: table["label"] if "label" in table else table["name"], COL["share"]: [nl_percent(v * 100) for v in table["share"]],
                        COL["change_points"]: [nl_number(v, 1, sign=True) for v in table["change"]],
                        COL["contribution_points"]: [nl_number(v, 2, sign=True) for v in table["contribution"]]})
    if "status" in table:
        out[COL["latest_figure"]] = table["status"].map(nl.CELL_STATUS).fillna("")
    return out


def contributions_html(table: pd.DataFrame, what: str = "parameter") -> Html:
    """The contributions table and the line that its change column is not rounded (:func:`contributions_table`)."""
    return Html(table_html(contributions_table(table, what)) + text_html(nl.unrounded_note(what)))


def theme_display_table(ctx: ReportContext, theme: str) -> pd.DataFrame:
    """A theme's raw series with unit and polarity, the computed index and the printed index (one row per cell).

    Args:
        ctx: Report context.
        theme: Theme id.

    Returns:
        One row per series and period (Dutch headers, Dutch numbers, units as written: m³, × 1.000).

    Example:
        >>> from index071lib.report.context import load_context
        >>> theme_display_table(load_context(2017), "afval").iloc[3, 1:].tolist()
        ['kg (× 1.000)', 'lager is beter', '2015', '58.799', '105,9', '106']
    """
    t = ctx.theme(theme)
    return pd.DataFrame({COL["series"]: t["name"], COL["unit"]: t["unit"].map(nl.unit_label),
                         COL["direction"]: t["polarity"].map(nl.POLARITY),
                         COL["period"]: t["label"], COL["value"]: [nl_number(v) for v in t["value"]],
                         COL["index_computed"]: [nl_number(v, 1) for v in t["index"]],
                         COL["index_printed"]: [nl_number(v) for v in t["printed_index"].astype(float)]})


def _theme_wide(ctx: ReportContext, theme: str, cell) -> pd.DataFrame:
    t = ctx.theme(theme)
    periods = list(dict.fromkeys(zip(t["year"], t["label"])))
    out = []
    for sid, rows in t.groupby("series", sort=False):
        first = rows.iloc[0]
        row = {COL["series"]: nl.polarity_name(str(first["name"]), str(first["polarity"])),
               COL["unit"]: nl.unit_label(str(first["unit"]))}
        by_year = rows.set_index("year")
        for year, label in periods:
            row[str(label)] = cell(by_year.loc[year]) if year in by_year.index else "–"
        out.append(row)
    return pd.DataFrame(out)


def theme_raw_table(ctx: ReportContext, theme: str) -> pd.DataFrame:
    """The raw figures of a theme as the publication's chapter 7 prints them: series × periods.

    Example:
        >>> from index071lib.report.context import load_context
        >>> theme_raw_table(load_context(2017), "afval").iloc[0].tolist()
        ['Huishoudelijk restafval (omgekeerd: minder huishoudelijk restafval = hogere index)', 'kg (× 1.000)', '62.250', '61.142', '60.269', '58.799']
    """
    return _theme_wide(ctx, theme, lambda r: nl_number(r["value"]))


def theme_index_table(ctx: ReportContext, theme: str) -> pd.DataFrame:
    """The indices of a theme, series × periods: computed (fixed base), the printed one in brackets where it
    differs after rounding, marked with an asterisk.

    Example:
        >>> from index071lib.report.context import load_context
        >>> theme_index_table(load_context(2017), "betatechniek").iloc[1, 1:].tolist()
        ['100', '95', '110 (115)*', '102 (93)*']
    """
    def cell(r):
        if pd.isna(r["index"]):
            return "–" if pd.isna(r["printed_index"]) else nl.printed_only(nl_number(float(r["printed_index"])))
        text = nl_number(r["index"])
        printed = r["printed_index"]
        if pd.notna(printed) and round_half_up(float(r["index"])) != float(printed):
            text = nl.printed_differs(text, nl_number(float(printed)))
        return text

    return _theme_wide(ctx, theme, cell).drop(columns=COL["unit"])


def theme_headline(ctx: ReportContext, theme: str) -> str:
    """The one headline of a theme page: the latest index of each series against its base period.

    Example:
        >>> from index071lib.report.context import load_context
        >>> theme_headline(load_context(2017), "afval")
        'Huishoudelijk restafval: index 106 in 2015 (2012 = 100), een verbetering ten opzichte van 2012.'
    """
    latest, label = [], ""
    for _, rows in ctx.theme(theme).groupby("series", sort=False):
        last = rows.dropna(subset=["index"]).iloc[-1]
        base = rows[rows["year"] == last["base_used"]]["label"].iloc[0]
        latest.append((str(last["name"]), float(last["index"]), str(base)))
        label = str(last["label"])
    return nl.theme_headline(ctx.name(theme), label, latest)


def theme_printed_notes(ctx: ReportContext, theme: str) -> list[str]:
    """Where a theme page's recomputed index differs from the printed one, and why (from the audit).

    Example:
        >>> from index071lib.report.context import load_context
        >>> theme_printed_notes(load_context(2017), "betatechniek")[1][:75]
        'Aantal N-profielers doorstromend naar technische h.o.-opleiding: de publica'
    """
    table = ctx.theme(theme)
    notes = []
    for finding in ctx.findings:
        details = finding.details
        if details.get("theme") != theme:
            continue
        if finding.kind == "base_year_fallback":
            notes.append(finding.message_nl)
        if finding.kind != "theme_method":
            continue
        rows = table[table["series"] == finding.subject].set_index("year")
        shown = rows.dropna(subset=["index", "printed_index"])
        cells = [(str(r["label"]), float(r["printed_index"]), float(r["index"])) for _, r in shown.iterrows()
                 if round_half_up(float(r["index"])) != float(r["printed_index"])]
        if not cells:
            continue
        example = None
        last = shown.index[-1]
        if last - 1 in rows.index and pd.notna(rows.loc[last - 1, "value"]):
            example = (str(rows.loc[last, "label"]), float(rows.loc[last, "value"]), str(rows.loc[last - 1, "label"]),
                       float(rows.loc[last - 1, "value"]))
        base = str(rows.loc[int(rows["base_used"].iloc[0]), "label"])
        method = details.get("method") if len(cells) else None
        matches = details.get("matches", {})
        if matches.get(method, 0) != details.get("compared"):
            method = None
        notes.append(nl.theme_printed_note(str(rows["name"].iloc[0]), method, cells, base, example))
    return notes


def theme_notes_html(ctx: ReportContext, theme: str) -> Html:
    """The notes of :func:`theme_printed_notes` as a marked block (empty when the page agrees with the print)."""
    notes = theme_printed_notes(ctx, theme)
    if not notes:
        return Html("")
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return Html(f'<div class="afwijking"><p><strong>{html.escape(nl.THEME_PRINTED_TITLE)}</strong> '
                f"{html.escape(nl.THEME_INDEX_NOTE)}</p><ul>{items}</ul></div>")


def audit_summary(ctx: ReportContext) -> str:
    """Dutch headline of the audit (always of the official weights): reproduction and number of findings.

    Only the cells with a published figure count; an edition without any says so.
    """
    table = ctx.reproduction
    compared = table[table["published"].notna()]
    if compared.empty:
        return nl.audit_summary_unpublished(ctx.edition.year, len(ctx.findings))
    return nl.audit_summary(int(compared["rounded_equal"].sum()), len(compared), compared["diff"].abs().max(),
                            len(ctx.findings))


def finding_subject(ctx: ReportContext, subject: str) -> str:
    """The Dutch subject of an audit finding: names instead of the ids the CLI prints.

    Example:
        >>> from index071lib.report.context import load_context
        >>> ctx = load_context(2017)
        >>> finding_subject(ctx, "n_profiel_naar_techniek_ho/2014-2015")
        'Aantal N-profielers doorstromend naar technische h.o.-opleiding, 2014-2015'
        >>> finding_subject(ctx, "ondernemerschap (chapter text)")
        'Ondernemerschap en jong talent (hoofdstuktekst)'
    """
    series = ctx.edition.theme_series["name"]

    def name(ident: str) -> str:
        return str(series[ident]) if ident in series.index else ctx.name(ident)

    if subject.endswith(" (chapter text)"):
        return nl.in_chapter_text(name(subject.removesuffix(" (chapter text)")))
    if " = " in subject:
        return " = ".join(name(part) for part in subject.split(" = "))
    ident, _, period = subject.partition("/")
    return f"{name(ident)}, {period}" if period else name(ident)


def audit_findings_table(ctx: ReportContext) -> pd.DataFrame:
    """The audit findings in Dutch (kind, subject by name, message)."""
    frame = findings_frame(ctx.findings)
    return pd.DataFrame({COL["kind"]: frame["kind"].map(nl.AUDIT_KIND).fillna(frame["kind"]),
                         COL["subject"]: [finding_subject(ctx, s) for s in frame["subject"]],
                         COL["finding"]: frame["message_nl"]})


def reproduction_frame(ctx: ReportContext) -> pd.DataFrame:
    """Reproduction of the published series with the official weights (the audit ignores scenarios)."""
    return ctx.reproduction


def reproduction_table(ctx: ReportContext) -> pd.DataFrame:
    """Computed (official weights) vs published series, cell by cell (Dutch headers)."""
    t = ctx.reproduction
    return pd.DataFrame({COL["series"]: [ctx.name(s) for s in t["series"]], COL["year"]: t["year"].astype(str),
                         COL["computed"]: [nl_number(v, 2) for v in t["computed"]],
                         COL["published"]: [nl_number(v) for v in t["published"]],
                         COL["difference"]: [nl_number(v, 2, sign=True) for v in t["diff"]],
                         COL["equal_rounded"]: [nl.YES_NO[v] if isinstance(v, bool) else "–"
                                                for v in t["rounded_equal"].astype(object)]})


def text_html(text: str) -> Html:
    """A generated Dutch paragraph as HTML (escaped)."""
    return Html(f'<p class="tekst">{html.escape(text)}</p>')


def overview_header(ctx: ReportContext) -> Html:
    """Header of the overview report: title and the headline of the total."""
    return page_header(ctx, nl.title_overview(ctx.edition.year), series_headline(ctx, ctx.edition.total_id))


def basket_header(ctx: ReportContext, basket: str) -> Html:
    """Header of a basket report: title and the headline of the basket."""
    return page_header(ctx, nl.title_basket(ctx.edition.year, ctx.name(basket)), series_headline(ctx, basket))


def theme_header(ctx: ReportContext, theme: str) -> Html:
    """Header of a theme report: title and one sentence per series."""
    return page_header(ctx, nl.title_theme(ctx.edition.year, ctx.name(theme)), theme_headline(ctx, theme))


def audit_header(ctx: ReportContext) -> Html:
    """Header of the audit report: title and the audit summary."""
    return page_header(ctx, nl.title_audit(ctx.edition.year), audit_summary(ctx))
