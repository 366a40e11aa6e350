"""Every reader-facing Dutch word of index071, in one file: vocabularies, table headers, titles, chart
labels, banners and the sentences generated from computed values.

The other modules keep only keys and calls (``nl.COL["year"]``, ``nl.headline(...)``), so a change of
wording is a change of this file, and a second language is a sibling module with the same names. The
functions take plain values (numbers, years, names) and return text; numbers are formatted by
:mod:`index071lib.text.fmt` (babel, ``nl_NL``). Names from data files are inserted as given: escaping
for HTML or Markdown is the caller's job, except in the ``*_html`` functions, which escape their
arguments themselves.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from index071lib.text.fmt import nl_number, nl_percent, nl_weight, round_half_up

# --------------------------------------------------------------------------------------------------
# Small words and vocabularies
# --------------------------------------------------------------------------------------------------

#: Yes/no cells; map a boolean column with it (a missing value stays missing).
YES_NO = {True: "ja", False: "nee"}
NUMBER_WORDS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
                "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien",
                "twintig")


def number_word(n: int) -> str:
    """A count in running text: up to twenty as a word (``vijf``), larger ones as digits (Dutch style).

    Example:
        >>> number_word(5), number_word(20), number_word(21)
        ('vijf', 'twintig', '21')
    """
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else nl_number(n)


def period_label(label: str) -> str:
    """A period as readers see it: two years joined by an en dash (``2015-2016`` → ``2015–2016``).

    Example:
        >>> period_label("2015-2016"), period_label("2016")
        ('2015–2016', '2016')
    """
    import re

    return re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", "\\1–\\2", str(label))


def listing(items: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``.

    Example:
        >>> listing(["2014", "2015", "2016"])
        '2014, 2015 en 2016'
    """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def points(n: float) -> str:
    """``punt`` for a change of at most one point (``0,1 punt``, ``1 punt``), else ``punten`` (``1,2 punten``).

    One rule for every page: the value as it is shown (rounded) decides.

    Example:
        >>> points(1), points(-0.1), points(0), points(1.2), points(-3)
        ('punt', 'punt', 'punten', 'punten', 'punten')
    """
    return "punt" if 0 < abs(n) <= 1 else "punten"


#: Polarity of a raw series (``data.schemas`` vocabulary).
POLARITY = {"higher_is_better": "hoger is beter", "lower_is_better": "lager is beter"}
#: Short note beside a parameter or series whose raw figure is better when lower (the index is inverted).
INVERSE_GENERIC = "omgekeerd: minder = hogere index"


def less_of(name: str) -> str:
    """What there is less of when a lower-is-better parameter improves, from its name (``Aantal misdrijven``
    → ``misdrijven``): without a leading *Aantal* and a trailing bracket, lower case unless an abbreviation.

    Example:
        >>> less_of("Aantal misdrijven"), less_of("Leegstaande bedrijfsruimte (in m2 bvo)"), less_of("CO2-uitstoot")
        ('misdrijven', 'leegstaande bedrijfsruimte', 'CO2-uitstoot')
    """
    text = name.strip()
    if text.lower().startswith("aantal "):
        text = text[len("aantal "):]
    if text.endswith(")") and "(" in text:
        text = text[:text.rindex("(")].strip()
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def inverse_note(name: str, limit: int | None = None) -> str:
    """The note of a lower-is-better parameter, naming the quantity: ``omgekeerd: minder misdrijven = hogere
    index``. Only a name that gives no quantity (or, with ``limit``, a longer one) gets :data:`INVERSE_GENERIC`.

    Example:
        >>> inverse_note("Aantal misdrijven")
        'omgekeerd: minder misdrijven = hogere index'
        >>> inverse_note("Aantal leegstaande vierkante meters winkelvloeroppervlak")
        'omgekeerd: minder leegstaande vierkante meters winkelvloeroppervlak = hogere index'
        >>> inverse_note("Aardgasverbruik particuliere woningen")
        'omgekeerd: minder aardgasverbruik particuliere woningen = hogere index'
    """
    noun = less_of(name)
    fits = noun and (limit is None or len(noun) <= limit)
    return f"omgekeerd: minder {noun} = hogere index" if fits else INVERSE_GENERIC


def polarity_name(name: str, polarity: str) -> str:
    """A name with the inverse note in brackets when the raw figure is better when lower, else the name.

    Example:
        >>> polarity_name("Aantal misdrijven", "lower_is_better"), polarity_name("Aantal starters", "higher_is_better")
        ('Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)', 'Aantal starters')
    """
    return f"{name} ({inverse_note(name)})" if polarity == "lower_is_better" else name


#: The short marker of a lower-is-better parameter in a chart label; :data:`INVERSE_KEY` says what it means.
INVERSE_MARK = "omgekeerd"
#: Under a chart that carries :data:`INVERSE_MARK`: the note in full.
INVERSE_KEY = "(omgekeerd): minder is beter, een lager cijfer geeft een hogere index"


def polarity_chart_name(name: str, polarity: str) -> str:
    """A chart label: the name with the short marker when the raw figure is better when lower.

    The full note (:func:`polarity_name`) makes a chart label two or three lines long; a chart carries the
    marker and says once what it means (:data:`INVERSE_KEY`).

    Example:
        >>> polarity_chart_name("Aantal misdrijven", "lower_is_better"), polarity_chart_name("Aantal starters", "x")
        ('Aantal misdrijven (omgekeerd)', 'Aantal starters')
    """
    return f"{name} ({INVERSE_MARK})" if polarity == "lower_is_better" else name


def unit_label(unit: str) -> str:
    """A unit as it is written: ``m3 (x 1000)`` → ``m³ (× 1.000)``.

    Example:
        >>> unit_label("m3 (x 1000)"), unit_label("kWh (x 1000)"), unit_label("in m2 bvo")
        ('m³ (× 1.000)', 'kWh (× 1.000)', 'in m² bvo')
    """
    import re

    text = re.sub(r"\bm([23])\b", lambda m: "m" + "²³"[int(m.group(1)) - 2], unit)
    return re.sub(r"\(\s*x\s*(\d+)\s*\)", lambda m: f"(× {nl_number(int(m.group(1)))})", text)


#: Status of a lag-aligned cell in tables ("does the latest year have its own figure?").
CELL_STATUS = {"observed": "ja", "lagged": "nee, eerder jaar", "filled": "nee, basiswaarde"}
#: The same status as chart legend.
CELL_STATUS_LEGEND = {"observed": "cijfer over dat jaar", "lagged": "meest recente cijfer van een eerder jaar",
                      "filled": "geen cijfer: basiswaarde"}
#: Kinds of audit findings (``analysis.audit``).
AUDIT_KIND = {"theme_index_mismatch": "Afwijkend indexcijfer (hoofdstuk 7)", "theme_method": "Andere rekenmethode",
              "base_year_fallback": "Ander basisjaar", "weight_sum": "Wegingen tellen niet op tot 100%",
              "chapter_weight": "Weging in tekst wijkt af van bijlage",
              "reproduction_residual": "Verschil met publicatie", "text_claim": "Tekst klopt niet met de data"}
#: Index methods of a theme series.
INDEX_METHOD = {"fixed_base": "vast basisjaar", "chain": "jaar-op-jaar (kettingindex)",
                "fixed_base_inverted": "vast basisjaar met omgekeerde polariteit"}
#: Revised values between editions (``analysis.revisions``): kind and cause.
REVISION_KIND = {"revised": "herzien", "filled": "nu ingevuld", "removed": "niet meer ingevuld"}
REVISION_CAUSE = {"data": "herziening cijfers", "method": "andere bron/methode", "late": "nagekomen cijfer"}
#: Structural changes between editions.
STRUCTURE_CHANGE = {"added": "nieuw", "dropped": "vervallen", "weight": "weging", "source": "bron",
                    "basket": "ander mandje", "renamed": "andere naam", "base_year": "basisjaar"}
#: What a structural change is about (``analysis.revisions.structure_changes`` levels).
STRUCTURE_LEVEL = {"parameter": "parameter", "basket": "mandje", "edition": "editie"}
#: Causes of a revision of the index, in the order they are swapped in (``analysis.revision_causes.CAUSES``).
REVISION_CAUSES = {"revised": "Herziene cijfers", "method": "Andere bron/methode", "late": "Nagekomen cijfers",
                   "years": "Nieuw jaar", "parameter_weights": "Weging parameters",
                   "basket_weights": "Weging mandjes", "parameters": "Parameters erbij of eraf"}
#: Fill-in status of a parameter in a new edition (``analysis.status``).
FILL_STATUS = {"complete": "compleet", "lagged": "ouder cijfer (verschoven)", "empty": "geen cijfers"}
#: Headings of the changelog section, in report order (``data.changelog`` kinds).
CHANGE_KIND = {
    "base_year": "Nieuw basisjaar",
    "basket_added": "Nieuwe mandjes",
    "basket_removed": "Vervallen mandjes",
    "basket_renamed": "Andere naam van een mandje",
    "basket_weight_changed": "Gewijzigde weging van de mandjes",
    "parameter_added": "Nieuwe parameters",
    "parameter_dropped": "Vervallen parameters",
    "weight_changed": "Gewijzigde weging",
    "source_changed": "Andere bron (herziene cijfers)",
    "method_changed": "Andere meetmethode (herziene cijfers)",
}
#: Titles of the reports of a build (``build.runner`` job prefixes); basket and theme get ": <name>".
REPORT_TITLES = {"overview": "Het globale overzicht", "basket": "Mandje", "theme": "Trendthema",
                 "audit": "Controle van de publicatie", "whatif": "Wat als: andere wegingen",
                 "sensitivity": "Gevoeligheid voor de wegingen", "editions": "Vergelijking met de vorige editie"}

# --------------------------------------------------------------------------------------------------
# Table headers (one vocabulary for every table, report, Excel and index page)
# --------------------------------------------------------------------------------------------------

COL = {
    "series": "Reeks", "year": "Jaar", "basket": "Mandje", "parameter": "Parameter", "theme": "Thema",
    "source": "Bron", "weight": "Weging", "weight_pct": "Weging (%)", "counts_for": "Telt mee voor",
    "share": "Aandeel", "share_in_basket": "Aandeel in mandje", "share_in_total": "Aandeel in Index071",
    "change_points": "Verandering onafgerond (punten)", "contribution_points": "Bijdrage (punten)",
    "latest_figure": "Cijfer over laatste jaar", "unit": "Eenheid", "direction": "Richting", "period": "Periode",
    "value": "Waarde", "index_computed": "Index (berekend)", "index_printed": "Index (afgedrukt)",
    "kind": "Soort", "subject": "Onderwerp", "finding": "Bevinding", "computed": "Berekend",
    "published": "Gepubliceerd", "difference": "Verschil", "equal_rounded": "Gelijk na afronding",
    "previous_edition": "Vorige editie", "this_edition": "Deze editie", "cause": "Oorzaak",
    "change": "Wijziging", "in_changelog": "In wijzigingsoverzicht", "item": "Onderdeel", "name": "Naam",
    "revision": "Herziening", "changed_item": "Parameter of onderdeel",
    "reason": "Reden", "last_year": "Laatste jaar", "missing": "Ontbreekt", "status": "Status",
    "scenario": "Scenario", "baseline": "Basisweging", "median": "Mediaan", "p05": "5%", "p95": "95%",
    "share_rising": "Aandeel stijgend", "left_out": "Weggelaten", "total_latest": "Totaal laatste jaar",
    "effect": "Effect", "rise_latest": "Stijging laatste jaar", "effect_on_rise": "Effect op stijging",
}


def col_change(year: int) -> str:
    """Header of the change over the last year: ``Verandering 2016``."""
    return f"Verandering {year}"


def cell_with_year(text: str, year: int) -> str:
    """An annex cell counted with the figure of an earlier year: ``115 (2015)``."""
    return f"{text} ({year})"


def cell_base_value(text: str) -> str:
    """An annex cell no data reaches (the base value counts): ``100 (basis)``."""
    return f"{text} (basis)"


#: An annex cell where the publication prints no figure.
ANNEX_MISSING = "-"
#: Heading and note of the annex table as counted (basket page, below the annex as printed).
HEADING_ANNEX_COUNTED = "Tabel zoals meegeteld (tussen haakjes het jaar van het cijfer)"
ANNEX_COUNTED_NOTE = ("Dezelfde parameters zoals ze in de index meetellen: waar het cijfer van een jaar nog "
                      "ontbreekt, telt het meest recente cijfer van een eerder jaar mee (tussen haakjes dat jaar); "
                      "basis = nog geen cijfer, de basiswaarde telt mee. Onderaan het mandje zoals het met deze "
                      "cijfers is berekend.")


def numbered(number: int, name: str) -> str:
    """A parameter as the annex lists it: ``1. Aantal starters``."""
    return f"{number}. {name}"


# --------------------------------------------------------------------------------------------------
# Headlines and generated paragraphs of the reports
# --------------------------------------------------------------------------------------------------

SUBJECT_TOTAL = "De Index071"
TOTAL_NAME = "de Index071"
NO_VISIBLE_CHANGE = "Geen enkel onderdeel verandert zichtbaar ten opzichte van het voorgaande jaar."


def subject_basket(name: str) -> str:
    """Subject of a basket headline: ``Het mandje <name>``."""
    return f"Het mandje {name}"


def basket_label(name: str) -> str:
    """A basket as a label (total row of a sheet, tornado bar): ``Mandje <name>``."""
    return f"Mandje {name}"


def basket_name(name: str) -> str:
    """A basket inside a sentence: ``het mandje <name>``."""
    return f"het mandje {name}"


def headline(subject: str, level: float, change: float) -> str:
    """One sentence in the style of the publication (level and change in whole points, as displayed).

    Args:
        subject: Grammatical subject, e.g. ``"Het mandje Regiomarketing"``.
        level: Displayed level.
        change: Change between the displayed levels.

    Example:
        >>> headline("De index", 104, -1)
        'De index daalt met 1 punt ten opzichte van het voorgaande jaar en komt uit op 104.'
    """
    if change == 0:
        return f"{subject} blijft gelijk ten opzichte van het voorgaande jaar en komt uit op {nl_number(level)}."
    verb = "stijgt" if change > 0 else "daalt"
    return (f"{subject} {verb} met {nl_number(abs(change))} {points(change)} ten opzichte van het voorgaande jaar "
            f"en komt uit op {nl_number(level)}.")


#: First words of a name that stay capitalised inside a sentence (proper names).
PROPER_WORDS = frozenset({"Leiden", "Leidse", "Leids", "Nederland", "Nederlandse", "Holland", "Randstad", "Katwijk",
                          "Oegstgeest", "Leiderdorp", "Zoeterwoude", "Teylingen", "Noordwijk", "Kaag", "Voorschoten",
                          "Wassenaar", "Hillegom", "Lisse", "Bollenstreek", "Rijnland", "Naturalis", "LUMC"})


#: The article of a name inside a sentence, by its first word (lower case); other names go without one.
ARTICLES = {"aantal": "het", "percentage": "het", "totaal": "het", "score": "de", "totale": "de",
            "werkgelegenheid": "de", "leegstaande": "de", "huishoudelijk": "het", "gasverbruik": "het",
            "elektriciteitsverbruik": "het", "aardgasverbruik": "het", "verbruik": "het", "woningen": "de",
            "geleverde": "de", "geleverd": "het", "examendeelnemers": "de"}
#: A first word that changes form after its article (``het geleverde aardgas``).
INFLECTED = {"geleverd": "geleverde"}


def in_sentence(name: str) -> str:
    """A name inside a running sentence: the first word in lower case where Dutch wants it, with its article.

    A name that starts with a common word (``Aantal``, ``Score``, ``Totale``) gets a lower-case first letter
    and, for the words in :data:`ARTICLES`, its article (``het aantal starters``); one that starts with a proper
    name, an abbreviation or a number stays as written. Names a rule cannot phrase (``de score in de Shanghai
    Ranking``) are given in the edition's data (``parameters.csv``, column ``name_in_sentence``).

    Example:
        >>> in_sentence("Aantal bedrijven zorgsector"), in_sentence("LUMC-budget"), in_sentence("Leidse musea")
        ('het aantal bedrijven zorgsector', 'LUMC-budget', 'Leidse musea')
    """
    first = name.split(" ", 1)[0]
    if len(first) < 2 or first in PROPER_WORDS or not (first[0].isupper() and first[1:].islower()):
        return name
    article = ARTICLES.get(first.lower())
    word = INFLECTED.get(first.lower(), first.lower())
    return (f"{article} " if article else "") + word + name[len(first):]


def movers(risers: Sequence[tuple[str, float]], fallers: Sequence[tuple[str, float]]) -> str:
    """Name the biggest risers and fallers with their contributions (index points).

    Example:
        >>> movers([("A", 2.25)], [("C", -0.4)])
        'De grootste bijdrage aan de stijging komt van A (+2,3 punten). De grootste daling komt van C (-0,4 punt).'
    """
    def part(name, value):
        return f"{name} ({nl_number(value, 1, sign=True)} {points(round_half_up(value, 1))})"

    parts = []
    if risers:
        one = len(risers) == 1
        parts.append(f"De grootste {'bijdrage' if one else 'bijdragen'} aan de stijging {'komt' if one else 'komen'} "
                     f"van {listing([part(*r) for r in risers])}.")
    if fallers:
        noun = "daling komt" if len(fallers) == 1 else "dalingen komen"
        parts.append(f"De grootste {noun} van {listing([part(*f) for f in fallers])}.")
    return " ".join(parts) or NO_VISIBLE_CHANGE


def vintage_note(year: int, lagged: int, members: int, data_years: Iterable[int]) -> str:
    """How many parameters of a basket count in ``year`` with a figure of an earlier year.

    Example:
        >>> vintage_note(2016, 0, 6, [])
        'Alle zes parameters hebben een cijfer over 2016.'
    """
    if not lagged:
        return f"Alle {number_word(members)} parameters hebben een cijfer over {year}."
    return (f"In {year} tellen {number_word(lagged)} van de {number_word(members)} parameters mee met het meest recente "
            f"beschikbare cijfer, uit {listing([str(y) for y in data_years])}; in de grafieken zijn die punten open "
            f"getekend met het jaar van het cijfer erbij.")


def _findings(findings: int) -> str:
    found = "geen bevindingen" if findings == 0 else f"{findings} {'bevinding' if findings == 1 else 'bevindingen'}"
    return f"De audit levert {found} op."


def audit_summary(equal: int, compared: int, largest_difference: float, findings: int) -> str:
    """Headline of the audit report: how much of the publication the recomputation reproduces.

    Example:
        >>> audit_summary(28, 30, 0.6, 1)
        'De herberekening reproduceert 28 van de 30 gepubliceerde cijfers van mandjes en totaal na afronding (grootste verschil 0,60 punt). De audit levert 1 bevinding op.'
    """
    return (f"De herberekening reproduceert {equal} van de {compared} gepubliceerde cijfers van mandjes en totaal "
            f"na afronding (grootste verschil {nl_number(largest_difference, 2)} "
            f"{points(round_half_up(largest_difference, 2))}). {_findings(findings)}")


def audit_summary_unpublished(edition: int, findings: int) -> str:
    """Headline of the audit of an edition without published figures (a new edition, not yet published).

    Example:
        >>> audit_summary_unpublished(2018, 0)
        'Editie 2018 heeft (nog) geen gepubliceerde cijfers van mandjes en totaal: er is niets om de herberekening mee te vergelijken. De audit levert geen bevindingen op.'
    """
    return (f"Editie {edition} heeft (nog) geen gepubliceerde cijfers van mandjes en totaal: er is niets om de "
            f"herberekening mee te vergelijken. {_findings(findings)}")


# --------------------------------------------------------------------------------------------------
# Page and chart titles, axis labels, legends
# --------------------------------------------------------------------------------------------------

def title_overview(year: int) -> str:
    return f"Index071 {year}: het globale overzicht"


def title_basket(year: int, name: str) -> str:
    return f"Index071 {year}: {name}"


def title_theme(year: int, name: str) -> str:
    return f"Index071 {year}, trendthema: {name}"


def title_audit(year: int) -> str:
    return f"Index071 {year}: controle van de publicatie"


def axis_index(base: object) -> str:
    """Axis label of an index: ``index (2012 = 100)`` (``base``: year or period label)."""
    return f"index ({base} = 100)"


def chart_overview(baskets: int) -> str:
    """Title of the overview line chart: ``De Index071 en de vijf mandjes``."""
    return f"De Index071 en de {number_word(baskets)} mandjes"


def chart_basket(base_year: int) -> str:
    """Title of a basket's line chart."""
    return f"Verloop van het mandje ({base_year} = 100)"


CHART_PARAMETER_CONTRIBUTIONS = "Bijdrage van iedere parameter aan de verandering van het mandje"
CHART_BASKET_CONTRIBUTIONS = "Bijdrage van ieder mandje aan de verandering van de Index071"
AXIS_CONTRIBUTION = "bijdrage aan de verandering (indexpunten)"
AXIS_POINTS = "indexpunten"
LEGEND_COMPUTED = "index berekend uit de ruwe cijfers"
#: Label of the legend above a grid of small charts (for screen readers).
LEGEND_LABEL = "Legenda"
LEGEND_PRINTED = "index zoals afgedrukt in de publicatie"
CHART_REPRODUCTION = "Verschil tussen herberekening en publicatie"


def chart_alt(title: str) -> str:
    """Text fallback of a chart image."""
    return f"Grafiek: {title}"


def data_year_label(year: int) -> str:
    """Label at an open point: the year of the figure it carries (``cijfer 2015``)."""
    return f"cijfer {year}"


def chart_parameters(name: str) -> str:
    return f"De parameters van het mandje {name}"


def chart_theme(name: str) -> str:
    return f"Trendthema {name}"


def theme_panel_title(name: str, unit: str, polarity: str, *, with_unit: bool = False) -> str:
    """Title of one theme series chart: the name and (for a lower-is-better series) the inverse note.

    The chart's y axis is an index, so the raw figure's unit stays out of the title (it is in the table of raw
    figures); ``with_unit`` adds it, for a chart of the raw figures.

    Example:
        >>> theme_panel_title("Huishoudelijk restafval", "kg (x 1000)", "lower_is_better")
        'Huishoudelijk restafval (omgekeerd: minder huishoudelijk restafval = hogere index)'
        >>> theme_panel_title("Restafval", "kg (x 1000)", "higher_is_better", with_unit=True)
        'Restafval, kg (× 1.000)'
    """
    note = f" ({inverse_note(name)})" if polarity == "lower_is_better" else ""
    shown = with_unit and unit.strip().lower() != "aantal"  # a count needs no unit
    return f"{name}{f', {unit_label(unit)}' if shown else ''}{note}"


def reference_total(name: str) -> str:
    """Legend of the total drawn as a reference line in a basket's chart."""
    return f"{name} (ter vergelijking)"


def theme_headline(theme: str, label: str, series: Sequence[tuple[str, float, str]]) -> str:
    """The one headline of a trend theme page, from each series' latest index and its base period.

    Args:
        theme: Theme name.
        label: The latest period.
        series: ``(name, latest index, base period)`` per series.

    Example:
        >>> theme_headline("Afval", "2015", [("Huishoudelijk restafval", 105.9, "2012")])
        'Huishoudelijk restafval: index 106 in 2015 (2012 = 100), een verbetering ten opzichte van 2012.'
        >>> theme_headline("Energie", "2015", [("A", 118.0, "2012"), ("B", 97.0, "2012"), ("C", 126.4, "2012")])
        'Energie in 2015: twee van de drie reeksen staan boven 100, dus beter dan in het basisjaar; het hoogst staat C (126), het laagst B (97).'
    """
    if len(series) == 1:
        name, index, base = series[0]
        shown = round_half_up(index)
        verdict = "een verbetering" if shown > 100 else "een verslechtering" if shown < 100 else "gelijk"
        return f"{name}: index {nl_number(index)} in {label} ({base} = 100), {verdict} ten opzichte van {base}."
    above = sum(1 for _, index, _ in series if round_half_up(index) > 100)
    count = (f"alle {number_word(len(series))}" if above == len(series)
             else f"{number_word(above)} van de {number_word(len(series))}")
    high = max(series, key=lambda s: s[1])
    low = min(series, key=lambda s: s[1])
    return (f"{theme} in {label}: {count} reeksen staan boven 100, dus beter dan in het "
            f"basisjaar; het hoogst staat {in_sentence(high[0])} ({nl_number(high[1])}), het laagst "
            f"{in_sentence(low[0])} ({nl_number(low[1])}).")


def theme_printed_note(name: str, method: str | None, cells: Sequence[tuple[str, float, float]], base_label: str,
                       example: tuple[str, float, str, float] | None = None) -> str:
    """Why the theme page's index differs from the printed one for a series.

    Args:
        name: Series name.
        method: The method the printed series follows in every period (:data:`INDEX_METHOD` key, e.g.
            ``chain``), or ``None``.
        cells: ``(period, printed, recomputed)`` where they differ.
        base_label: The base period of the recomputation.
        example: For the chain method: ``(period, value, previous period, previous value)`` of the last cell.

    Example:
        >>> theme_printed_note("N-profielers", "chain", [("2014-2015", 115, 109.6), ("2015-2016", 93, 102.41)],
        ...                    "2012-2013", ("2015-2016", 425, "2014-2015", 455))
        'N-profielers: de publicatie drukt 115 (2014-2015) en 93 (2015-2016) af; met een vast basisjaar (2012-2013 = 100), zoals op deze pagina, is dat 110 en 102. De publicatie vergelijkt bij deze reeks elk jaar met het voorgaande jaar: 425 (2015-2016) / 455 (2014-2015) × 100 = 93.'
    """
    printed = listing([f"{nl_number(p)} ({period})" for period, p, _ in cells])
    computed = listing([nl_number(c) for _, _, c in cells])
    text = (f"{name}: de publicatie drukt {printed} af; met een vast basisjaar ({base_label} = 100), zoals op deze "
            f"pagina, is dat {computed}.")
    if method == "chain":
        text += " De publicatie vergelijkt bij deze reeks elk jaar met het voorgaande jaar"
        if example:
            period, value, previous, before = example
            text += (f": {nl_number(value)} ({period}) / {nl_number(before)} ({previous}) × 100 = "
                     f"{nl_number(value / before * 100)}")
        text += "."
    elif method in INDEX_METHOD:
        text += f" De publicatie volgt bij deze reeks de methode {INDEX_METHOD[method]}."
    else:
        text += " De afgedrukte reeks volgt geen bekende methode."
    return text


THEME_PRINTED_TITLE = "Waar deze pagina afwijkt van de publicatie"
THEME_INDEX_NOTE = ("Tussen haakjes en met * het indexcijfer zoals de publicatie het afdrukt, waar het na afronding "
                    "afwijkt; zie de toelichting hieronder.")


def printed_differs(computed: str, printed: str) -> str:
    """A theme index cell where the printed index differs: ``110 (115)*``."""
    return f"{computed} ({printed})*"


def printed_only(printed: str) -> str:
    """A theme index cell with only a printed index (no raw figure): ``(100)*``."""
    return f"({printed})*"


def chart_reproduction(limit: float) -> str:
    return f"{CHART_REPRODUCTION} (stippellijn: ±{nl_number(limit, 1)} {points(round_half_up(limit, 1))})"


# What-if and sensitivity charts
BASELINE_LABEL = "Basisweging (officieel)"
CHART_SCENARIOS = "Basisweging en scenario's"
AXIS_INDEX_BASE = "Index (basisjaar = 100)"
CHART_BAND = "Gevoeligheid voor de wegingen: mediaan en 90%-band"
LEGEND_BAND = "90% van de alternatieve wegingen"
LEGEND_MEDIAN = "Mediaan"
LEGEND_TORNADO_TITLE = "Kleur van het mandje"
LEGEND_TORNADO_PARAMETER = "lichter: een parameter van dat mandje"


def chart_tornado(measure: str, year: int | None = None) -> str:
    """Title of a tornado chart: which figure the bars move (``effect_level`` or ``effect_change``).

    Example:
        >>> chart_tornado("effect_level", 2016)
        'Weglaten van één parameter of mandje: effect op de stand van de Index071 in 2016'
        >>> chart_tornado("effect_change", 2016)
        'Weglaten van één parameter of mandje: effect op de stijging van de Index071 in 2016'
    """
    what = "de stand" if measure == "effect_level" else "de stijging"
    return f"Weglaten van één parameter of mandje: effect op {what} van de Index071{f' in {year}' if year else ''}"
LEGEND_SLIDER_BAND = "90% van de wegingen rond de schuifjes"


def scenario_label(name: str) -> str:
    return f"Scenario {name}"


def left_out_label(kind: str, name: str) -> str:
    """A parameter or basket left out (tornado chart, influence table): ``Mandje <name>`` for a basket."""
    return basket_label(name) if kind == "basket" else name


def axis_tornado(measure: str, year: int | None = None) -> str:
    """x-axis of the tornado chart (``measure``: ``effect_level`` or ``effect_change``)."""
    what = "verschil in de totale index" if measure == "effect_level" else "verschil in de stijging van de totale index"
    return f"{what}{f' {year}' if year else ''} bij weglaten (indexpunten)"


# --------------------------------------------------------------------------------------------------
# Scenario banner and provenance footer
# --------------------------------------------------------------------------------------------------

def scenario_banner(scenario) -> str:
    """THE marker of every page, table and workbook computed with a scenario's weights (``""`` without).

    Args:
        scenario: An object with ``label`` (its title, else its slug) and ``description`` (a
            :class:`~index071lib.data.scenarios.Scenario`), or ``None`` for the official weights.

    Returns:
        Plain text (the caller escapes it: title and description come from a scenario file).

    Example:
        >>> from types import SimpleNamespace as S
        >>> scenario_banner(S(label="Life sciences 20%", description="Life sciences telt 20%."))
        'Let op: dit is het scenario ‘Life sciences 20%’, niet de officiële Index071. Life sciences telt 20%.'
    """
    if scenario is None:
        return ""
    text = f"Let op: dit is het scenario {quoted(scenario.label)}, niet de officiële Index071."
    return f"{text} {scenario.description.strip()}" if (scenario.description or "").strip() else text


def index_page_title(year: int, scenario_title: str | None = None) -> str:
    """Title of the index page and the handout (``scenario_title``: the scenario's title, ``None`` = official).

    Example:
        >>> index_page_title(2017), index_page_title(2017, "Gelijke wegingen")
        ('Index071 2017', 'Index071 2017 — scenario ‘Gelijke wegingen’ (niet officieel)')
    """
    return f"Index071 {year}" + (f" — scenario {quoted(scenario_title)} (niet officieel)" if scenario_title else "")


PROVENANCE_TITLE = "Herkomst"
PROVENANCE = {"edition": "Editie", "checksum": "Controlegetal data (SHA-256)", "version": "Versie index071",
              "made": "Rapport gemaakt op", "scenario": "Scenario", "build": "Rapporten in deze versie",
              "alignment": "Uitlijning van de cijfers"}


def scenario_provenance(title: str) -> str:
    """The footer's scenario line: the scenario's title, and that it is not the official index.

    Example:
        >>> scenario_provenance("Gelijke wegingen")
        '‘Gelijke wegingen’ (andere wegingen dan de officiële Index071)'
    """
    return f"{quoted(title)} (andere wegingen dan de officiële Index071)"


def alignment_provenance(alignment: str) -> str:
    """The footer's alignment line: the method in words (never its id), and whether it is the publication's.

    Example:
        >>> alignment_provenance("lag")
        'meest recente cijfer telt mee in het laatste jaar, zoals in de publicatie'
        >>> alignment_provenance("carry")
        'laatste cijfer doorgetrokken naar latere jaren (niet de officiële Index071)'
    """
    text = ALIGNMENT.get(alignment, alignment)
    return text if alignment == "lag" else f"{text} (niet de officiële Index071)"


# --------------------------------------------------------------------------------------------------
# The index page of a build (build.site)
# --------------------------------------------------------------------------------------------------

PAGE_REPORTS = "rapporten"
HEADING_REPORTS = "Rapporten"


def heading_key_figures(year: int) -> str:
    return f"Kerncijfers {year}"


def col_index(year: int) -> str:
    return f"Index {year}"


#: Context figures of the publication beside the index (report.reference).
REFERENCE_HEADING = "Ter vergelijking"
REFERENCE_COLUMNS = {"label": "Reeks", "region": "Gebied", "period": "Periode", "value": "Verandering"}
OWN_REGION = "Regio 071 (deze index)"


def reference_sources(sources: str) -> str:
    return f"Bron van de vergelijkingscijfers: {sources}."


#: The key figures as a table under the dashboard (folded).
FOLD_KEY_FIGURES = "Tabel: kerncijfers"
#: Arrows of the dashboard: rise, fall, no change.
ARROW = {1: "▲", -1: "▼", 0: "="}


def dashboard_line(year: int, made: str) -> str:
    """Under the index page's title: the edition and when the pages were made."""
    return f"Editie {year} · gemaakt op {made}"


def change_label(change: float, previous: int) -> str:
    """The dashboard's arrow in words (title and screen readers).

    Example:
        >>> change_label(-2, 2015), change_label(0, 2015)
        ('gedaald met 2 punten ten opzichte van 2015', 'gelijk gebleven ten opzichte van 2015')
    """
    if change == 0:
        return f"gelijk gebleven ten opzichte van {previous}"
    verb = "gestegen" if change > 0 else "gedaald"
    return f"{verb} met {nl_number(abs(change))} {points(change)} ten opzichte van {previous}"


def trend_label(name: str, first: int, last: int, levels: Sequence[float]) -> str:
    """What a sparkline shows, in words: ``Verloop Regiomarketing 2012–2016: 100, 103, 109, 117, 119``."""
    return f"Verloop {name} {first}–{last}: " + ", ".join(nl_number(v) for v in levels)


def years_span(first: int, last: int) -> str:
    return f"{first}–{last}"


def col_change_since(previous: int) -> str:
    return f"Verandering ten opzichte van {previous} (punten)"


def failed_marker(previous_present: bool) -> str:
    """After a report that failed in this build (an earlier version may still be linked)."""
    return "(bijwerken mislukt; " + ("dit is de vorige versie)" if previous_present else "geen rapport)")


def handout_link(filename: str) -> str:
    """Index page: the link to the printed handout."""
    return f"Alle rapporten als pdf om te printen ({filename})"


#: The printed handout (``index071 build --pdf``): cover and contents.
HANDOUT_SERIES = "Economische monitor van de regio Leiden"
HANDOUT_SUBTITLE = "Alle rapporten van deze editie, voor de vergadering van het expertpanel"
HANDOUT_CONTENTS = "Inhoud"


def workbook_link(filename: str) -> str:
    return f"Tabellen als Excel-werkmap ({filename})"


def build_counts(ok: int, failed: int) -> str:
    return f"{ok} gelukt, {failed} mislukt"


# --------------------------------------------------------------------------------------------------
# Audit findings (analysis.audit); the CLI shows the English message, reports these
# --------------------------------------------------------------------------------------------------

def audit_base_year_fallback(name: str, base: object, used: object) -> str:
    return (f"{name}: geen waarde voor het basisjaar {period_label(str(base))}; het eerste beschikbare jaar "
            f"{period_label(str(used))} is als basis (100) genomen.")


def audit_theme_index(name: str, label: object, printed: float, recomputed: float) -> str:
    return (f"{name} {period_label(str(label))}: afgedrukt indexcijfer {nl_number(printed)}, herberekend (vast basisjaar) "
            f"{nl_number(recomputed, 1)}.")


def audit_theme_method(name: str, method: str | None, fixed_matches: int = 0, compared: int = 0) -> str:
    """The method a printed theme series follows (``method=None``: no known method)."""
    if method is None:
        return f"{name}: de afgedrukte reeks volgt geen bekende methode."
    return (f"{name}: de afgedrukte reeks volgt de methode {INDEX_METHOD[method]}, niet het vaste basisjaar "
            f"({fixed_matches} van {compared} jaren kloppen met vast basisjaar).")


def audit_basket_weight_sum(basket: str, total: float) -> str:
    return f"De wegingen in het mandje {basket} tellen in de bijlage op tot {nl_weight(total)}, niet 100%."


def audit_baskets_weight_sum(baskets: int, total: float) -> str:
    return f"De wegingen van de {number_word(baskets)} mandjes tellen op tot {nl_weight(total)}, niet 100%."


def audit_chapter_weight(name: str, chapter: float, annex: float) -> str:
    return f"{name}: weging in de hoofdstuktekst {nl_weight(chapter)}, in de bijlage {nl_weight(annex)}."


def audit_chapter_weight_sum(basket: str, total: float) -> str:
    return f"De wegingen in de hoofdstuktekst van {basket} tellen op tot {nl_weight(total)}."


def audit_residual(series: str, year: int, computed: float, published: float, difference: float) -> str:
    return (f"{series} {year}: berekend {nl_number(computed, 2)}, gepubliceerd {nl_number(published)} "
            f"(verschil {nl_number(difference, 2, sign=True)}).")


def audit_same_weight(quote: str, weights: Sequence[tuple[str, float]]) -> str:
    """A text claims equal weights; ``weights``: ``(name, annex weight)`` per parameter."""
    given = ", ".join(f"{name} {nl_weight(w)}" for name, w in weights)
    return f"De tekst zegt dat deze parameters dezelfde weging hebben (“{quote}”), maar de bijlage geeft: {given}."


def audit_parameter_count(claimed: object, counted: int) -> str:
    return f"De tekst noemt {claimed} parameters, de bijlage telt er {counted}."


# --------------------------------------------------------------------------------------------------
# Sensitivity (report.sensitivity_text, CLI verdict)
# --------------------------------------------------------------------------------------------------

def scheme_dirichlet(example: float, low: float, high: float) -> str:
    """The scheme around the chosen weights, in plain words: how far a weight of ``example`` % moves (90% range)."""
    return ("Elke alternatieve weging ligt toevallig rond de gekozen weging: gemiddeld gelijk aan de gekozen "
            "wegingen, met kleine afwijkingen naar boven en naar beneden. Een mandje dat "
            f"{nl_percent(example, 0)} weegt, weegt in 90% van de alternatieven tussen {nl_percent(low, 0)} en "
            f"{nl_percent(high, 0)}; voor de parameters binnen een mandje geldt hetzelfde.")


def scheme_uniform(spread: float) -> str:
    return ("Elke weging (van de mandjes en van de parameters) is vermenigvuldigd met een toevallige factor "
            f"tussen {nl_number(1 - spread, 2)} en {nl_number(1 + spread, 2)}; daarna zijn de wegingen weer "
            "naar 100% geschaald.")


def sensitivity_method(n: int, seed: int, scheme_text: str) -> str:
    """How the alternative weightings were made, in plain Dutch (``scheme_text``: :func:`scheme_dirichlet` or
    :func:`scheme_uniform`).

    Example:
        >>> sensitivity_method(1000, 7, "Zo.")[:80]
        'De index is 1.000 keer opnieuw berekend, elke keer met een andere weging van de '
    """
    return (f"De index is {nl_number(n)} keer opnieuw berekend, elke keer met een andere weging van de mandjes "
            f"en van de parameters binnen elk mandje. {scheme_text} Parameters die in de gekozen weging niet "
            "meetellen, tellen ook in de alternatieven niet mee. Wie de berekening herhaalt met dezelfde "
            f"instellingen (toevalsreeks {seed}), krijgt precies dezelfde uitkomst.")


#: What the band and the share rising mean (the folded method section).
SENSITIVITY_BAND = ("Per reeks en jaar staat de middelste uitkomst (mediaan) en de band waarbinnen 90% van de uitkomsten "
            "valt. Het oordeel bovenaan telt in hoeveel procent van de alternatieve wegingen de reeks in het laatste "
            "jaar stijgt: 95% of meer heet een robuuste stijging, 5% of minder een robuuste daling, daartussen "
            "hangt de richting van de keuze van de wegingen af.")


VERDICT_DEFAULT_NAME = "de index"


def verdict(share: float, name: str, year: int, previous: int, n: int | None = None) -> str:
    """In what share (percent, whole) of the alternative weightings ``name`` rises or falls, and the judgement.

    The sentence names the direction most weightings give: a series that rises in 1% of them *falls* in 99%.

    Example:
        >>> verdict(97, "de index", 2016, 2015)
        'In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015; de stijging is robuust voor de keuze van de wegingen.'
        >>> verdict(1, "het mandje Vestigingsklimaat", 2016, 2015)
        'In 99% van de alternatieve wegingen daalt het mandje Vestigingsklimaat in 2016 ten opzichte van 2015; de daling is robuust voor de keuze van de wegingen.'
        >>> verdict(15, "het mandje Onderwijs", 2016, 2015).split("; ")[1]
        'of het mandje daalt, hangt af van de keuze van de wegingen.'
    """
    count = f"de {nl_number(n)} " if n else "de "
    rising = share >= 50
    shown, verb = (share, "stijgt") if rising else (100 - share, "daalt")
    text = (f"In {nl_percent(shown, 0)} van {count}alternatieve wegingen {verb} {name} in {year} "
            f"ten opzichte van {previous}")
    if share >= 95 or share <= 5:
        return text + f"; de {'stijging' if rising else 'daling'} is robuust voor de keuze van de wegingen."
    short = "het mandje" if name.startswith("het mandje ") else name
    return text + f"; of {short} {verb}, hangt af van de keuze van de wegingen."


#: After the verdicts: they are about the weights only (the Sobol' section varies the other choices too).
VERDICT_SCOPE = "Dit oordeel gaat alleen over de wegingen."


def verdict_other_choices(name: str, year: int, low: float, high: float) -> str:
    """The other choices can turn the direction around (``low``/``high``: 5% and 95% of the change, whole points).

    Example:
        >>> verdict_other_choices("de Index071", 2016, -6.9, 3.1)
        'Een andere behandeling van ontbrekende cijfers of een andere manier van middelen kan de richting wel omdraaien: in 90% van de berekeningen met ook die keuzes verandert de Index071 in 2016 met -7 tot +3 indexpunten (zie ‘Welke keuze telt het zwaarst?’).'
    """
    return ("Een andere behandeling van ontbrekende cijfers of een andere manier van middelen kan de richting wel "
            f"omdraaien: in 90% van de berekeningen met ook die keuzes verandert {name} in {year} met "
            f"{nl_number(low, 0, sign=True)} tot {nl_number(high, 0, sign=True)} indexpunten "
            f"(zie {quoted(SOBOL_TITLE)}).")


def verdict_other_choices_baskets(names: Sequence[str]) -> str:
    """As :func:`verdict_other_choices` when only baskets (``names``: inside a sentence) can turn around."""
    return ("Een andere behandeling van ontbrekende cijfers of een andere manier van middelen kan de richting van "
            f"{listing(list(names))} wel omdraaien (zie {quoted(SOBOL_TITLE)}).")


def verdict_same_direction() -> str:
    """As :func:`verdict_other_choices` when no series turns around."""
    return ("Ook met een andere behandeling van ontbrekende cijfers of een andere manier van middelen blijft de "
            f"richting in 90% van de berekeningen dezelfde (zie {quoted(SOBOL_TITLE)}).")


def band_intro(official: bool) -> str:
    """The paragraph under *Mediaan en band per jaar* (``official``: the line is the official index)."""
    line = ("De zwarte lijn is de officiële index." if official else
            "De zwarte lijn is de gekozen weging met de uitlijning die bovenaan staat; dat is niet de officiële "
            "index (zie de legenda).")
    return (f"90% van de alternatieve wegingen geeft een index binnen de band. {line} De band gaat over het niveau "
            "van de index. Een andere weging verschuift alle jaren tegelijk; daarom kan de stijging van jaar op "
            "jaar robuuster zijn dan de breedte van de band doet vermoeden (zie het oordeel hierboven en de kolom "
            "*Aandeel stijgend*).")


# --------------------------------------------------------------------------------------------------
# What-if (analysis.whatif, report.widgets, notebooks/whatif.ipynb)
# --------------------------------------------------------------------------------------------------

WEIGHT_NOTES_HEADING = "Geschaalde wegingen:"
#: The folded list of scaled weights on the what-if page (the summary line; the count is added).
WEIGHT_NOTES_SUMMARY = "Wegingen die niet optelden tot 100%"
#: Summary lines of the folded tables on the what-if and sensitivity pages.
FOLD_COMPARISON = "Tabel: elke reeks per scenario en jaar"
FOLD_EFFECTIVE_WEIGHTS = "Tabel: effectieve weging van elke parameter per scenario"
FOLD_SENSITIVITY_SUMMARY = "Tabel: mediaan, band en aandeel stijgend per reeks en jaar"
FOLD_INFLUENCE = "Tabel: het effect van elke weggelaten parameter en elk mandje"
FOLD_METHOD = "Methode: de alternatieve wegingen en de band"
#: Cue under a table that is wider than a phone's screen (shown by the page style at small widths).
SCROLL_CUE = "Schuif de tabel opzij voor de andere kolommen."


def whatif_static_heading(title: str) -> str:
    """Heading (Markdown) of the last year under the scenario of a static what-if report (``title``: escaped
    with :func:`index071lib.text.markup.md_text`)."""
    return f"## Het laatste jaar: {title} naast de officiële weging"


def folded_rows(summary: str, rows: int) -> str:
    """The summary line of a folded table, with its size: ``Tabel: … (40 rijen)``."""
    return f"{summary} ({nl_number(rows)} {'rij' if rows == 1 else 'rijen'})"


def official_label() -> str:
    return "Officiële weging"


def quoted(title: str) -> str:
    """A scenario title inside a sentence: ‘Gelijke wegingen’."""
    return f"‘{title}’"


def whatif_biggest(count: int, title: str, year: int, previous: int, level: float, official: float,
                   change: float, official_change: float) -> str:
    """The what-if headline: the scenario that moves the total of the last year the most (whole points).

    Example:
        >>> whatif_biggest(4, "Zonder ranglijsten", 2016, 2015, 115, 113, 4, 3)
        'Van de vier scenario’s verandert ‘Zonder ranglijsten’ het beeld van 2016 het meest: de Index071 komt uit op 115 in plaats van 113 (+2 punten) en stijgt met 4 in plaats van 3 punten ten opzichte van 2015.'
        >>> whatif_biggest(2, "X", 2016, 2015, 110, 113, -1, 3)[-79:]
        '(-3 punten) en daalt met 1 punt ten opzichte van 2015 (officieel stijgt met 3).'
    """
    if level == official:
        return (f"Geen van de {number_word(count)} scenario’s verandert de Index071 van {year} met een heel punt: "
                f"het grootste verschil is bij {quoted(title)}, en ook daar komt de index uit op {nl_number(official)}.")
    diff = level - official
    return (f"Van de {number_word(count)} scenario’s verandert {quoted(title)} het beeld van {year} het meest: "
            f"de Index071 komt uit op {nl_number(level)} in plaats van {nl_number(official)} "
            f"({nl_number(diff, 0, sign=True)} {points(diff)}) en {_moves(change, official_change, previous)}.")


def _verb(change: float) -> str:
    return "stijgt" if change > 0 else "daalt" if change < 0 else "blijft gelijk"


def _moves(change: float, official: float, previous: int) -> str:
    """``stijgt met 4 in plaats van 3 punten ten opzichte van 2015`` (or the official direction named)."""
    since = f"ten opzichte van {previous}"
    if change == 0:
        return f"blijft gelijk ten opzichte van {previous} (officieel {_verb(official)} met {nl_number(abs(official))})"
    if (change > 0) == (official > 0) and official != 0:
        return (f"{_verb(change)} met {nl_number(abs(change))} in plaats van {nl_number(abs(official))} "
                f"{points(official)} {since}")
    officially = "blijft gelijk" if official == 0 else f"{_verb(official)} met {nl_number(abs(official))}"
    return f"{_verb(change)} met {nl_number(abs(change))} {points(change)} {since} (officieel {officially})"


def whatif_one_scenario(title: str, year: int, level: float, official: float) -> str:
    """The what-if headline when only one scenario is compared."""
    if level == official:
        return f"Met {quoted(title)} komt de Index071 van {year} net als officieel uit op {nl_number(official)}."
    diff = level - official
    return (f"Met {quoted(title)} komt de Index071 van {year} uit op {nl_number(level)} in plaats van "
            f"{nl_number(official)} ({nl_number(diff, 0, sign=True)} {points(diff)}).")


def direction_flip(title: str, subject: str, change: float, official_change: float) -> str:
    """A series that moves the other way under a scenario (``subject``: ``het mandje X`` or ``de Index071``).

    Example:
        >>> direction_flip("Gelijke wegingen", "het mandje Vestigingsklimaat", 0, -2)
        'bij ‘Gelijke wegingen’ blijft het mandje Vestigingsklimaat gelijk (0 in plaats van -2 punten)'
    """
    numbers = (f"({nl_number(change, 0, sign=True)} in plaats van {nl_number(official_change, 0, sign=True)} "
               f"{points(official_change)})")
    if change == 0:
        return f"bij {quoted(title)} blijft {subject} gelijk {numbers}"
    return f"bij {quoted(title)} {'stijgt' if change > 0 else 'daalt'} {subject} {numbers}"


def direction_flips(items: Sequence[str], year: int) -> str:
    """The second sentence of the what-if headline: where a series changes direction in the last year."""
    if not items:
        return f"In geen enkel scenario gaat een mandje of de totale index in {year} een andere kant op."
    return f"Een andere richting in {year}: {listing(list(items))}."


def weight_note(scenario: str | None, basket: str | None, total: float) -> str:
    """Weights that were scaled to 100 (``scenario``: its title, ``None`` = the official weights; ``basket``: its
    name, ``None`` = the basket weights of the total).

    Example:
        >>> weight_note("Meer regio", "Regiomarketing", 101)
        'Meer regio: de wegingen van het mandje Regiomarketing tellen op tot 101%; ze zijn naar verhouding herschaald tot 100%.'
    """
    decimals = 0 if float(total).is_integer() else 2
    what = "de wegingen van de mandjes" if basket is None else f"de wegingen van het mandje {basket}"
    who = scenario if scenario else official_label()
    return f"{who}: {what} tellen op tot {nl_percent(total, decimals)}; ze zijn naar verhouding herschaald tot 100%."


def equal_weight_note(scenario: str, baskets: Sequence[str] | None, across: bool) -> str:
    """A scenario whose weights are all equal, instead of their sum (``baskets``: the baskets whose parameters
    count equally, ``None`` = every basket, empty = none; ``across``: the baskets count equally).

    Example:
        >>> equal_weight_note("Gelijke wegingen", None, True)
        'Gelijke wegingen: alle parameters binnen een mandje en alle mandjes tellen even zwaar.'
        >>> equal_weight_note("X", ["Regiomarketing"], False)
        'X: alle parameters binnen het mandje Regiomarketing tellen even zwaar.'
    """
    parts = []
    if baskets is None:
        parts.append("alle parameters binnen een mandje")
    elif baskets:
        noun = "het mandje" if len(baskets) == 1 else "de mandjes"
        parts.append(f"alle parameters binnen {noun} {listing(list(baskets))}")
    if across:
        parts.append("alle mandjes")
    return f"{scenario}: {listing(parts)} tellen even zwaar."


NOT_APPLICABLE_HEADING = "Niet van toepassing op deze editie:"


def not_applicable(name: str, kind: str, ids: list[str], edition: int) -> str:
    """Why a scenario does not apply to an edition (Markdown; ``name`` and ``ids`` already escaped by the caller).

    Args:
        name: The scenario's name.
        kind: ``editions`` (it is written for other editions), ``parameter`` or ``basket`` (ids it names that
            the edition does not have).
        ids: The editions it is written for, or the missing ids.
        edition: The edition of the report.

    Example:
        >>> not_applicable("zonder_ranglijsten", "parameter", ["shanghai_ranking"], 2018)
        'zonder_ranglijsten: niet van toepassing — het noemt de parameter shanghai_ranking, die editie 2018 niet heeft.'
        >>> not_applicable("x", "editions", ["2017"], 2018)
        'x: niet van toepassing — het is geschreven voor editie 2017, niet voor editie 2018.'
    """
    if kind == "editions":
        why = f"het is geschreven voor editie {_and_list(ids)}, niet voor editie {edition}"
    else:
        noun = {"parameter": ("de parameter", "de parameters"), "basket": ("het mandje", "de mandjes")}[kind]
        why = f"het noemt {noun[len(ids) > 1]} {_and_list(ids)}, die editie {edition} niet heeft"
    return f"{name}: niet van toepassing — {why}."


def _and_list(items: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# The slider panel (report.whatif_view, report.widgets; the *_html functions escape their arguments)
FIELD_NAME, FIELD_DESCRIPTION, SAVE_BUTTON = "Naam", "Omschrijving", "Bewaar als scenario"
FIELD_SCENARIO, FIELD_SCENARIOS = "Scenario", "Scenario's"
NAME_PLACEHOLDER = "bijv. minder LSH 25"
RESET_BUTTON, LOAD_BUTTON, COMPARE_BUTTON = "Terug naar de officiële weging", "Laad in de schuifjes", "Vergelijk"
BASKET_WEIGHTS_HTML = "<b>Weging van de mandjes</b>"
PARAMETER_WEIGHTS_HTML = "<b>Weging van de parameters per mandje</b>"
NOTHING_TO_COMPUTE_HTML = ("<b>Er valt niets te berekenen:</b> geen enkel mandje weegt mee (zet een mandje en minstens "
                           "één van zijn parameters boven 0, of kies <i>Terug naar de officiële weging</i>).")
NOTHING_TO_COMPUTE_STATIC_HTML = "<p>Er valt niets te berekenen met deze wegingen.</p>"
CHOOSE_SCENARIO_FIRST = "Kies eerst een scenario."
#: Headers of the panel's table (the last year is added to two of them).
SLIDER_TABLE = {"series": "Reeks", "share_official": "Telt mee<br>officieel", "share": "Telt mee<br>schuifjes",
                "official": "{year}<br>officieel", "value": "{year}<br>schuifjes", "diff": "Verschil"}
#: The same table in a static report of a scenario (no sliders there: the scenario's weights).
SCENARIO_TABLE = {**SLIDER_TABLE, "share": "Telt mee<br>scenario", "value": "{year}<br>scenario"}
#: Column labels of the scenario comparison (besides the scenarios' own names).
COMPARISON_COLUMNS = {"official": "Officieel", "sliders": "Schuifjes"}
CHART_DIFFERENCE = "Verschil schuifjes min officiële weging"
CHART_DIFFERENCE_SCENARIO = "Verschil scenario min officiële weging"
#: After the difference in the panel's headline (``official``: the total under the official weights).
SLIDER_COMPARED = "ten opzichte van {official} bij de officiële weging"


def slider_status(name: str, year: int, value: str, diff: str, official: str) -> str:
    """The panel's headline (numbers already formatted; ``diff`` empty when none shows).

    Example:
        >>> slider_status("Index071", 2016, "112,28", "−0,24", "112,52")
        'Index071 2016: 112,28 (−0,24 ten opzichte van 112,52 bij de officiële weging)'
        >>> slider_status("Index071", 2016, "112,52", "", "112,52")
        'Index071 2016: 112,52 (de officiële weging)'
    """
    if not diff:
        return f"{name} {year}: {value} (de officiële weging)"
    return f"{name} {year}: {value} ({diff} {SLIDER_COMPARED.format(official=official)})"


def slider_status_html(name: str, year: int, value: str, diff: str, official: str, css: str = "") -> str:
    """:func:`slider_status` as HTML: the level bold, the difference in a ``<span class="{css}">``."""
    head = f"<b>{html.escape(name)} {year}: {html.escape(value)}</b>"
    if not diff:
        return f"{head} (de officiële weging)"
    return (f'{head} (<span class="{css}">{html.escape(diff)}</span> '
            f'{SLIDER_COMPARED.format(official=html.escape(official))})')


def basket_weight_sum(total: str, exact: bool) -> str:
    """Under the basket sliders: their sum, and that the baskets count scaled to 100%.

    Example:
        >>> basket_weight_sum("99", False)
        'De mandjes tellen op tot 99; in de index telt elk mandje naar verhouding (geschaald naar 100%).'
    """
    if exact:
        return "De mandjes tellen op tot 100%."
    return f"De mandjes tellen op tot {total}; in de index telt elk mandje naar verhouding (geschaald naar 100%)."


def share_html(share: str) -> str:
    """Beside a basket slider: the percentage the basket counts for."""
    return f"<small>= {html.escape(share)}</small>"


def empty_baskets_html(names: Sequence[str]) -> str:
    """Baskets with weight but no weighted parameter (they do not count)."""
    them = "dat mandje telt" if len(names) == 1 else "die mandjes tellen"
    return (f"<b>Let op:</b> geen enkele parameter weegt mee in {html.escape(listing(list(names)))}; "
            f"{them} niet mee.")


def other_method_html(alignment: str | None, aggregation: str | None) -> str:
    """When "officieel" in the panel means the annex weights computed otherwise than the publication."""
    other = [html.escape(ALIGNMENT_SHORT.get(alignment, alignment))] if alignment else []
    other += [f"{html.escape(aggregation)} gemiddelde"] if aggregation else []
    return (f"<b>Let op:</b> gerekend met {' en '.join(other)}; <i>officieel</i> is hier de weging van de bijlage "
            "met die rekenwijze, niet de gepubliceerde Index071.")


def comparison_caption_html(year: int) -> str:
    return f"<p>{year}: waarde per scenario, tussen haakjes het verschil met de officiële weging (indexpunten)</p>"


def scenarios_intro_html(folder: str) -> str:
    """Heading of the panel's scenario tools: where saved scenarios go and that their names work everywhere."""
    return (f"<b>Scenario's</b> — bewaarde scenario's staan in {html.escape(folder)}; hun naam werkt overal waar een "
            "meegeleverde scenarionaam werkt (<code>scenario</code>, <code>scenarios</code>, "
            "<code>index071 whatif --scenario</code>).")


def name_hint_html(folder: str, slug: str, path: str) -> str:
    """Under the name field: the file name the typed name gives (the naming rule while nothing is typed)."""
    if not slug:
        return (f"<small>Typ een naam; het scenario wordt bewaard in {html.escape(folder)} als <code>naam.yml</code> "
                "(kleine letters, cijfers en _).</small>")
    return f"<small>Wordt bewaard als <code>{html.escape(slug)}</code> ({html.escape(path)}).</small>"


def not_saved_html(reason_html: str) -> str:
    """Next to the save button, in red (``reason_html`` is HTML made by the functions below)."""
    return f'<span style="color:#c62828"><b>Niet bewaard:</b> {reason_html}</span>'


NO_NAME_HTML = "geef het scenario een naam met letters of cijfers, bijv. <i>minder LSH 25</i>."
ALL_BASKETS_ZERO_HTML = "alle mandjes staan op 0."


def name_taken_html(slug: str, path: str) -> str:
    return f"er is al een scenario <code>{html.escape(slug)}</code> ({html.escape(path)}); kies een andere naam."


def empty_in_html(names: Sequence[str]) -> str:
    return f"in {html.escape(listing(list(names)))} staat elke parameter op 0."


def invalid_sliders_html(message: str) -> str:
    return f"de schuifjes vormen geen geldig scenario ({html.escape(message)})."


def saved_html(slug: str, path: str, spec: str) -> str:
    """Next to the save button after saving: the name, the file, and how to use it (``spec``: name or file)."""
    use = html.escape(spec)
    return (f'<span style="color:#2e7d32"><b>Bewaard als {html.escape(slug)}</b></span> ({html.escape(path)}). '
            f'Gebruik: <code>scenarios = "…,{use}"</code> in een notebook, of '
            f"<code>index071 whatif --scenario {use}</code>.")


def not_loaded_html(message: str) -> str:
    return f'<span style="color:#c62828"><b>Niet geladen:</b> {html.escape(message)}</span>'


def loaded_html(name: str, description: str) -> str:
    return f"Geladen: <b>{html.escape(name)}</b> {html.escape(description)}"


def other_aggregation_html(scenario: str, sliders: str) -> str:
    """A loaded scenario that names another aggregation method than the panel's."""
    return (f" <b>Let op:</b> dit scenario rekent met het {html.escape(scenario)} gemiddelde, de schuifjes met het "
            f"{html.escape(sliders)}; alleen de wegingen zijn geladen.")


def baseline_label(alignment: str = "lag", scenario: str | None = None) -> str:
    """Legend of the reference line: official only with the annex weights and the publication's alignment.

    Example:
        >>> baseline_label(), baseline_label("carry"), baseline_label("lag", "LS 20%")
        ('Basisweging (officieel)', 'Basisweging, laatste cijfer doorgetrokken (niet officieel)', 'Scenario LS 20%')
    """
    if scenario:
        return scenario_label(scenario) + ("" if alignment == "lag" else f", {ALIGNMENT_SHORT[alignment]}")
    return BASELINE_LABEL if alignment == "lag" else f"Basisweging, {ALIGNMENT_SHORT[alignment]} (niet officieel)"


# --------------------------------------------------------------------------------------------------
# Notebook parameters (report.params): one line for a value a parameter cannot take
# --------------------------------------------------------------------------------------------------

#: The alignment methods (``core.align``): what a reader is told about the method in force.
ALIGNMENT = {
    "lag": "meest recente cijfer telt mee in het laatste jaar, zoals in de publicatie",
    "carry": "laatste cijfer doorgetrokken naar latere jaren",
    "available": "alleen jaren met een cijfer tellen mee",
}
#: The same in a few words (chart legends, a note in the slider panel).
ALIGNMENT_SHORT = {"lag": "uitlijning zoals de publicatie", "carry": "laatste cijfer doorgetrokken",
                   "available": "alleen jaren met een cijfer"}
#: What a parameter's value is, as a noun (``geen {noun}``).
PARAMETER_NOUN = {"basket": "mandje", "theme": "trendthema", "alignment": "uitlijning", "scheme": "trekkingsschema"}


def alignment_sentence(alignment: str) -> str:
    """The alignment in force (and that another one than the publication's is not the official index).

    Example:
        >>> alignment_sentence("lag")
        'Uitlijning van de cijfers: meest recente cijfer telt mee in het laatste jaar, zoals in de publicatie.'
        >>> alignment_sentence("carry")
        'Uitlijning van de cijfers: laatste cijfer doorgetrokken naar latere jaren; dit is niet de officiële Index071.'
    """
    text = f"Uitlijning van de cijfers: {ALIGNMENT[alignment]}"
    if alignment == "lag":
        return text + "."
    return text + "; dit is niet de officiële Index071."


def bad_choice(name: str, value: object, noun: str, valid: str, hint: str | None = None) -> str:
    """A parameter value that is not one of the valid ones (``valid``: the list, formatted).

    Example:
        >>> bad_choice("basket", "Regiomarketing", "mandje", "regiomarketing (Regiomarketing)", "regiomarketing")
        "Ongeldige parameter basket = 'Regiomarketing': geen mandje. Bedoelt u 'regiomarketing'? Kies uit: regiomarketing (Regiomarketing)."
    """
    close = f" Bedoelt u '{hint}'?" if hint else ""
    return f"Ongeldige parameter {name} = {value!r}: geen {noun}.{close} Kies uit: {valid}."


def bad_edition(value: object, folder: str, valid: str) -> str:
    return f"Ongeldige parameter edition = {value!r}: geen editie in {folder}. Kies uit: {valid} (0 = de nieuwste)."


def unknown_scenario(name: str, spec: str, valid: str) -> str:
    return (f"Ongeldige parameter {name}: '{spec}' is geen scenariobestand en geen naam van een scenario. "
            f"Kies uit: {valid}, of geef het pad van een scenariobestand (.yml).")


def invalid_scenario_file(name: str, message: str) -> str:
    return f"Ongeldige parameter {name}: het scenariobestand klopt niet: {message}"


# --------------------------------------------------------------------------------------------------
# Comparison of editions (report.comparison, notebooks/editions.ipynb)
# --------------------------------------------------------------------------------------------------

NO_STRUCTURE_CHANGES = "Geen verschillen."
NO_REVISIONS = "Geen herziene cijfers."
NO_OLD_INDEX = "Deze editie bevat geen reeks van de oude index."
ALL_FILLED_IN = "Alle parameters hebben een cijfer voor het laatste jaar."
AXIS_YEAR = "jaar"


def comparison_intro(year: int, previous: int | None, parameters: int = 0, first: int = 0, last: int = 0) -> str:
    """The sentence naming the editions compared (Markdown)."""
    if previous is None:
        return (f"**Editie {year}**: er is geen vorige editie om de cijfers mee te vergelijken. "
                f"De wijzigingen hieronder komen uit het wijzigingsoverzicht van deze editie.")
    return f"**Editie {year}** ({parameters} parameters, jaren {first}–{last}) vergeleken met **editie {previous}**."


def edition_label(year: int) -> str:
    return f"editie {year}"


def comparison_title(name: str, year: int, previous: int | None) -> str:
    return f"{name}: editie {year}" + (f" en {previous}" if previous is not None else "")


def new_index_label(base_year: int) -> str:
    return f"nieuwe index ({base_year} = 100)"


def old_index_label(overlap: int, old_base: object | None = None) -> str:
    return "oude index" + (f" (basis {old_base})" if old_base else "") + f", gekoppeld in {overlap}"


def old_new_title(name: str) -> str:
    return f"{name}: oude en nieuwe index"


# --------------------------------------------------------------------------------------------------
# Changelog section and new-edition skeletons (data.changelog, data.scaffold, data.commentary)
# --------------------------------------------------------------------------------------------------

CHANGES_TITLE = "Wijzigingen ten opzichte van de vorige editie"
PANEL_NOTE_LABEL = "Commentaar van het expertpanel"
#: Label of a note by its source (``data.commentary.SOURCES``).
NOTE_LABEL = {"panel": PANEL_NOTE_LABEL, "publicatie": "Toelichting uit de publicatie"}


def no_changes(previous: int | None) -> str:
    prev = f" ({previous})" if previous else ""
    return (f"Deze editie heeft geen wijzigingen in parameters, weging, bronnen of basisjaar "
            f"ten opzichte van de vorige editie{prev}.")


def change_base_year(new: int, old: int | None = None) -> str:
    if old is None:
        return f"Het basisjaar is nu {new} (= 100)"
    return f"Het basisjaar is verschoven van {old} naar {new} (= 100)"


def change_weight(name: str, old: float | None, new: float | None) -> str:
    parts = [f"van {nl_weight(old)}" if old is not None else "", f"naar {nl_weight(new)}" if new is not None else ""]
    return f"{name}: weging " + " ".join(p for p in parts if p)


def change_name(old: str | None, new: str) -> str:
    return f"{old} heet nu {new}" if old else f"nieuwe naam: {new}"


def change_source(name: str, source: str) -> str:
    return f"{name}: nieuwe bron {source}"


def change_line(item: str, reason: str) -> str:
    """One bullet of the changelog section (Markdown)."""
    return f"- {item} — {reason}"


def changelog_skeleton(edition: int, previous: int) -> str:
    """An empty ``changelog.yml`` for a new edition, with commented examples in Dutch."""
    return f"""\
# Wijzigingen van de Index071 {edition} ten opzichte van de editie {previous}.
# Noteer hier elke wijziging met de reden (in het Nederlands); het rapport toont ze in de paragraaf
# "{CHANGES_TITLE}". Soorten (kind):
#   parameter_added    nieuwe parameter (staat in parameters.csv)
#   parameter_dropped  vervallen parameter (niet meer in parameters.csv); name: de naam zoals gepubliceerd
#   weight_changed     andere weging; old/new: oude en nieuwe weging
#   source_changed     andere cijferbron, herziene cijfers; new: de nieuwe bron
#   method_changed     andere definitie of meetmethode, herziene cijfers
#   base_year          nieuw basisjaar; old/new: oud en nieuw basisjaar
#   basket_weight_changed  andere weging van een mandje; basket: id; old/new: oude en nieuwe weging
#   basket_added / basket_removed / basket_renamed  mandje erbij, vervallen of anders genoemd; basket: id
# Voorbeeld:
#   - kind: weight_changed
#     parameter: expats
#     old: 19
#     new: 21
#     reason: "Het panel acht de internationale oriëntatie belangrijker."
edition: {edition}
previous: {previous}
changes: []
"""


def commentary_skeleton_header(edition: int, previous: int) -> str:
    return f"# Commentaar bij de Index071 {edition} (skelet uit {previous}; vul de teksten in).\n"


def panel_note_label(subject: str = "") -> str:
    return note_label("panel", subject)


def note_label(source: str, subject: str = "") -> str:
    """The label above a note: who wrote it (``panel`` or ``publicatie``) and what it is about."""
    return NOTE_LABEL[source] + (f" — {subject}" if subject else "")


# --------------------------------------------------------------------------------------------------
# Which choice matters most: Sobol' indices (report.sensitivity_text, report.whatif_charts)
# --------------------------------------------------------------------------------------------------

SOBOL_TITLE = "Welke keuze telt het zwaarst?"
SOBOL_INTRO = ("Het panel kiest meer dan de wegingen alleen, bijvoorbeeld ook hoe parameters zonder cijfer voor het "
               "laatste jaar meetellen en hoe er gemiddeld wordt. Welke keuze bepaalt de uitkomst het meest? Daarvoor "
               "is de index vele duizenden keren opnieuw berekend, steeds met een andere combinatie van keuzes. Het "
               "percentage achter een keuze is het deel van de verschillen tussen al die uitkomsten dat door die ene "
               "keuze komt.")
#: A factor (``analysis.sobol.Factor.kind``; ``basket_weights.one``: one basket's weight) inside a sentence.
SOBOL_FACTOR = {
    "basket_weights": "de weging van de mandjes",
    "basket_weights.one": "de weging van het mandje {basket}",
    "parameter_weights": "de weging van de parameters binnen het mandje {basket}",
    "alignment": "de manier waarop ontbrekende cijfers meetellen",
    "aggregation": "de manier van middelen (rekenkundig of meetkundig)",
    "noise": "meetruis in de nieuwste cijfers",
}
#: The same as a chart label or table cell.
SOBOL_FACTOR_SHORT = {
    "basket_weights": "Weging van de mandjes",
    "basket_weights.one": "Weging mandje {basket}",
    "parameter_weights": "Weging binnen {basket}",
    "alignment": "Ontbrekende cijfers",
    "aggregation": "Manier van middelen",
    "noise": "Meetruis nieuwste cijfers",
}
#: A basket's own parameter weights in its chart panel (the panel title names the basket).
SOBOL_OWN_WEIGHTS = "Weging van de parameters"
SOBOL_LEGEND_FIRST = "Alleen deze keuze"
SOBOL_LEGEND_TOTAL = "Inclusief samenspel met andere keuzes"
SOBOL_AXIS = "Deel van de verschillen dat bij de keuze hoort"
SOBOL_METHOD_SUMMARY = "Methode: welke keuze telt het zwaarst?"
#: The alignment and aggregation choices in the method text.
ALIGNMENT_CHOICE = {"lag": "het laatste cijfer telt voor het laatste jaar en de eerdere cijfers schuiven mee",
                    "carry": "het laatste cijfer wordt doorgetrokken naar de jaren zonder cijfer",
                    "available": "de parameter telt in een jaar zonder cijfer niet mee"}
AGGREGATION_CHOICE = {"arithmetic": "het gewone (rekenkundige) gewogen gemiddelde, zoals in de publicatie",
                      "geometric": "het meetkundige gewogen gemiddelde, waarin een lage waarde zwaarder doorweegt"}


def sobol_factor(kind: str, basket: str | None = None, *, short: bool = False) -> str:
    """A factor by its kind (``basket``: the basket's name, for per-basket factors).

    Example:
        >>> sobol_factor("parameter_weights", "Regiomarketing"), sobol_factor("alignment", short=True)
        ('de weging van de parameters binnen het mandje Regiomarketing', 'Ontbrekende cijfers')
    """
    key = "basket_weights.one" if kind == "basket_weights" and basket else kind
    return (SOBOL_FACTOR_SHORT if short else SOBOL_FACTOR)[key].format(basket=basket or "")


def sobol_share(percent: float) -> str:
    """A share of the variance, already rounded to whole percents: ``62%``; 0 reads ``minder dan 1%``."""
    return "minder dan 1%" if percent <= 0 else nl_percent(percent, 0)


def sobol_direction(change: float) -> str:
    """The latest change as a noun: ``stijging``, ``daling`` or (within 0,005 points of 0) ``verandering``."""
    return "stijging" if change >= 0.005 else "daling" if change <= -0.005 else "verandering"


def sobol_sentence(name: str, year: int, change: float, ranked: Sequence[tuple[str, float]], *, others: bool,
                   together: float, low: float, high: float) -> str:
    """Which choices count most for the latest change of a series.

    Args:
        name: The series inside a sentence (``de Index071``, ``het mandje …``).
        year: The latest year.
        change: The change at the reference choices, as displayed: between the rounded levels (its sign gives
            ``stijging``/``daling``).
        ranked: The heaviest factor, then those named after it: (phrase, share in whole percents).
        others: There are other factors, not named (they count less).
        together: The first-order shares added up, in whole percents; below 85 a sentence on interactions.
        low: 5% quantile of the change over all computations (shown in whole points, as every change).
        high: 95% quantile.

    Example:
        >>> sobol_sentence("de Index071", 2016, 3, [("de weging van de mandjes", 62), ("x", 25)], others=True,
        ...                together=90, low=1.18, high=3.24)
        'Voor de stijging van de Index071 in 2016 telt de weging van de mandjes het zwaarst (62%), daarna x (25%); de andere keuzes tellen elk minder. In 90% van de berekeningen verandert de Index071 met +1 tot +3 indexpunten (uitgangspunt: +3).'
    """
    (first, share), rest = ranked[0], ranked[1:]
    text = f"Voor de {sobol_direction(change)} van {name} in {year} telt {first} het zwaarst ({sobol_share(share)})"
    if rest:
        text += ", daarna " + listing([f"{label} ({sobol_share(value)})" for label, value in rest])
    if others:
        text += "; de andere keuzes tellen elk minder" + ("" if rest else " dan 5%")
    text += "."
    if together < 85:
        text += (f" Afzonderlijk verklaren de keuzes samen {sobol_share(together)} van de verschillen; de rest "
                 "ontstaat doordat keuzes op elkaar inwerken.")
    return text + (f" In 90% van de berekeningen verandert {name} met {nl_number(low, 0, sign=True)} tot "
                   f"{nl_number(high, 0, sign=True)} indexpunten (uitgangspunt: {nl_number(change, 0, sign=True)}).")


def sobol_no_effect(name: str, year: int, change: float) -> str:
    """The sentence for a series that no factor changes."""
    return (f"Voor de {sobol_direction(change)} van {name} in {year} maakt geen van deze keuzes verschil: de "
            "uitkomst is steeds dezelfde.")


def sobol_chart_title(measure: str) -> str:
    """Title of the bar chart (``measure``: ``change`` or ``level``)."""
    what = "de verandering in het laatste jaar" if measure == "change" else "het niveau in het laatste jaar"
    return f"Welke keuze bepaalt {what} het meest?"


def sobol_columns(year: int, previous: int) -> dict[str, str]:
    """Headers of the table of all indices: series, factor, then both indices for the level and the change."""
    level, change = f"niveau {year}", f"verandering {previous}–{year}"
    return {"series": COL["series"], "factor": "Keuze", "level_first": f"{level}: alleen deze keuze",
            "level_total": f"{level}: met samenspel", "change_first": f"{change}: alleen deze keuze",
            "change_total": f"{change}: met samenspel"}


def sobol_cell(percent: float, conf: float) -> str:
    """An index and the half-width of its interval, in percents: ``50% ± 2`` (missing: ``–``)."""
    return "–" if percent != percent else f"{nl_percent(percent, 0)} ± {nl_number(conf, 0)}"


def sobol_method(*, evaluations: int, n: int, seed: int, conf_level: float, resamples: int,
                 basket_spread: float | None, per_basket: bool, parameter_spread: float | None,
                 alignments: Sequence[str] | None, aggregations: Sequence[str] | None,
                 noise: float | None) -> list[str]:
    """How the analysis was done, as paragraphs (plain text; the caller escapes)."""
    parts = []
    if basket_spread is not None:
        parts.append(f"de weging van elk mandje is vermenigvuldigd met een toevallige factor tussen "
                     f"{nl_number(1 - basket_spread, 2)} en {nl_number(1 + basket_spread, 2)}"
                     f"{' (elk mandje apart)' if per_basket else ''} en daarna zijn de wegingen weer naar 100% "
                     "geschaald")
    if parameter_spread is not None:
        parts.append(f"de weging van elke parameter net zo, met een factor tussen {nl_number(1 - parameter_spread, 2)} "
                     f"en {nl_number(1 + parameter_spread, 2)} (per mandje één keuze)")
    if alignments:
        parts.append("voor parameters zonder cijfer voor het laatste jaar is steeds een van deze manieren gekozen: "
                     + "; ".join(ALIGNMENT_CHOICE.get(c, c) for c in alignments))
    if aggregations:
        parts.append("voor het middelen van de parameters en van de mandjes is steeds een van deze manieren "
                     "gekozen: " + "; ".join(AGGREGATION_CHOICE.get(c, c) for c in aggregations))
    if noise is not None:
        parts.append(f"het meest recente cijfer van elke parameter is met een toevallig percentage tussen "
                     f"-{nl_percent(noise * 100, 0)} en +{nl_percent(noise * 100, 0)} veranderd")
    return [
        f"De index is {nl_number(evaluations)} keer opnieuw berekend, telkens met een andere combinatie van "
        "keuzes: " + "; ".join(parts) + ".",
        "Daarna is gemeten hoeveel van de verschillen tussen al die uitkomsten bij elke keuze hoort "
        "(de gevoeligheidsindices van Sobol'). ‘Alleen deze keuze’ is het deel dat die keuze op zichzelf "
        "verklaart; ‘inclusief samenspel’ telt ook mee wat de keuze samen met andere keuzes doet. Een keuze die "
        "bij een mandje niets kan veranderen, zoals de weging van de mandjes bij één mandje, krijgt 0% en staat "
        "niet in de grafiek en de tabel. Hoe groot het deel van een keuze is, hangt ook af van hoe ver de "
        "alternatieven gaan: hierboven staat welke alternatieven zijn meegenomen.",
        f"De getallen na ± geven de onzekerheid van de berekening zelf ({nl_percent(conf_level * 100, 0)}-interval, "
        f"uit {nl_number(resamples)} herhalingen met teruglegging). De combinaties zijn gekozen met een "
        f"quasi-toevallige reeks (Sobol'-reeks, {nl_number(n)} basispunten, toevalsreeks {seed}); dezelfde "
        "instellingen geven dezelfde uitkomst. Dit is de werkwijze die het JRC en de OESO voor samengestelde "
        "indicatoren aanraden (Saisana, Saltelli en Tarantola, 2005).",
    ]

# --------------------------------------------------------------------------------------------------
# Excel workbook (report.excel)
# --------------------------------------------------------------------------------------------------

SHEET_OVERVIEW = "Overzicht"
SHEET_THEMES = "Trendthema's"
LEGEND_TITLE = "Legenda"
LEGEND_LAGGED = "Geel: meest recente cijfer van een eerder jaar (jaar in de opmerking)"
LEGEND_FILLED = "Grijs: nog geen cijfer; de basiswaarde telt mee"
COMMENT_FILLED = "Nog geen cijfer: basiswaarde"


def workbook_title(year: int) -> str:
    return f"Index071 {year} — globale overzicht"


def sheet_heading(basket: str) -> str:
    return f"{basket} — indexcijfers per parameter"


def comment_lagged(year: int) -> str:
    return f"Cijfer uit {year} (meest recente beschikbare)"


SHEET_PARAMETERS = "Parameters"
#: Group labels above the two tables of a basket sheet.
SHEET_GROUP_PRINTED = "Zoals gedrukt in de bijlage (per jaar van het cijfer)"
SHEET_GROUP_COUNTED = "Zoals meegeteld (geel: cijfer van een eerder jaar, tussen haakjes)"
SHEET_GROUP_PUBLISHED = "Gepubliceerd"
SHEET_GROUP_DIFFERENCE = "Verschil berekend − gepubliceerd"
SHEET_DIFFERENCE_ROW = "Verschil berekend − gepubliceerd (punten, onafgerond)"
PARAMETERS_TITLE = "Parameters: definitie, eenheid, richting, bron en laatste jaar met een cijfer"
#: Unit of a parameter entered as an index number.
UNIT_INDEX = "indexcijfer (basisjaar = 100)"
#: Extra headers of the workbook (the others are in :data:`COL`).
COL_WORKBOOK = {"id": "id", "definition": "Definitie", "note": "Opmerking", "last_data_year": "Laatste jaar met cijfer",
                "published_year": "Gepubliceerd {year}", "difference_year": "Verschil {year}"}


def direction_label(name: str, polarity: str) -> str:
    """The direction of a parameter in words: ``hoger is beter``, or for a lower-is-better one its inverse note
    (``omgekeerd: minder misdrijven = hogere index``).

    Example:
        >>> direction_label("Aantal misdrijven", "lower_is_better")
        'omgekeerd: minder misdrijven = hogere index'
        >>> direction_label("Aantal starters", "higher_is_better")
        'hoger is beter'
    """
    return inverse_note(name) if polarity == "lower_is_better" else POLARITY.get(polarity, POLARITY["higher_is_better"])


# --- One number everywhere: marker and footnote where the kit's figure differs from the published one ---
PUBLISHED_MARKER = "*"
HEADING_NOTES = "Voetnoten"


def published_footnote(name: str, year: int, shown: float, published: float, computed: float | None = None) -> str:
    """Footnote of a displayed level that differs from the printed one (whole points), from the numbers.

    With ``computed`` (the recomputation at full precision) it says how far that lies from the printed level:
    up to half a point, rounding in the source can explain the difference; beyond that it cannot.

    Example:
        >>> published_footnote("Life Sciences & Health", 2015, 110, 111, 110.46)
        '* Life Sciences & Health 2015: hier 110, gepubliceerd: 111; herberekend uit de afgeronde cijfers van de bijlage: 110,46 (verschil 0,54 punt, meer dan afronding kan verklaren), zie audit.'
        >>> published_footnote("X", 2016, 104, 105, 104.6).split("; ")[1]
        'herberekend uit de afgeronde cijfers van de bijlage: 104,60 (verschil 0,40 punt, kan door afronding komen), zie audit.'
    """
    text = f"{PUBLISHED_MARKER} {name} {year}: hier {nl_number(shown)}, gepubliceerd: {nl_number(published)}; "
    if computed is None:
        return text + "verschil door afronding in de bron, zie audit."
    diff = round_half_up(abs(published - computed), 2)
    why = "kan door afronding komen" if diff <= 0.5 else "meer dan afronding kan verklaren"
    return (text + f"herberekend uit de afgeronde cijfers van de bijlage: {nl_number(computed, 2)} "
            f"(verschil {nl_number(diff, 2)} {points(diff)}, {why}), zie audit.")


def col_workbook_change(previous: int, year: int) -> str:
    """Header of the workbook's change column (between the displayed whole-point levels)."""
    return f"Verandering {previous}→{year} (punten)"


# --- Alternative texts of the figures (what each figure shows) ---


def alt_series_chart(title: str, first: int, last: int, series: Sequence[tuple[str, float, float]]) -> str:
    """Alt text of a line chart of baskets/total: each series from its first to its last displayed level."""
    lines = "; ".join(f"{name} van {nl_number(a)} naar {nl_number(b)}" for name, a, b in series)
    return f"Lijngrafiek: {title}. Van {first} tot {last}: {lines}."


def alt_parameter_grid(basket: str, count: int, year: int, lagged: Sequence[str]) -> str:
    """Alt text of the small charts of a basket's parameters."""
    text = (f"{count} kleine lijngrafieken, één per parameter van het mandje {basket}, met het indexcijfer per "
            f"jaar; een open stip is een cijfer van een eerder jaar.")
    if lagged:
        text += f" In {year} tellen met een cijfer van een eerder jaar: {listing(list(lagged))}."
    return text


def alt_contribution_chart(title: str, parts: Sequence[tuple[str, float]]) -> str:
    """Alt text of a bar chart of contributions (index points), largest first."""
    bars = "; ".join(f"{name} {nl_number(value, 2, sign=True)}" for name, value in parts)
    return f"Staafgrafiek: {title}, in indexpunten: {bars}."


def alt_theme_chart(theme: str, series: Sequence[str]) -> str:
    """Alt text of the charts of a trend theme."""
    return (f"Lijngrafieken van het trendthema {theme}: per reeks de berekende index en (als ruit) de index uit "
            f"de publicatie. Reeksen: {listing(list(series))}.")


def alt_reproduction_chart(largest: float, limit: float) -> str:
    """Alt text of the audit's bar chart of differences computed − published."""
    return (f"Staafgrafiek van het verschil tussen herberekening en publicatie per mandje en jaar; het grootste "
            f"verschil is {nl_number(largest, 2)} {points(round_half_up(largest, 2))}, de stippellijnen liggen op "
            f"±{nl_number(limit, 1)} {points(round_half_up(limit, 1))}.")


def alt_band_chart(year: int, series: Sequence[tuple[str, float, float, float]]) -> str:
    """Alt text of the sensitivity band chart: per series the chosen weighting's level of ``year`` and the band.

    Example:
        >>> alt_band_chart(2016, [("Index071 totaal", 113.1, 111.6, 114.4)])
        'Lijngrafieken per reeks: de gekozen weging (zwarte lijn), de mediaan en de band waarbinnen 90% van de alternatieve wegingen valt. In 2016: Index071 totaal 113 (band 112 tot 114).'
    """
    parts = "; ".join(f"{name} {nl_number(level)} (band {nl_number(low)} tot {nl_number(high)})"
                      for name, level, low, high in series)
    return ("Lijngrafieken per reeks: de gekozen weging (zwarte lijn), de mediaan en de band waarbinnen 90% van de "
            f"alternatieve wegingen valt. In {year}: {parts}.")


def alt_tornado_chart(title: str, bars: Sequence[tuple[str, float]], shown: int) -> str:
    """Alt text of a tornado chart: its title, the number of bars and the largest effects (index points).

    Example:
        >>> alt_tornado_chart("Weglaten: effect", [("Mandje A", -1.234), ("B", 0.5)], 15)
        'Staafgrafiek: Weglaten: effect. 15 staven, de grootste effecten in indexpunten: Mandje A -1,23; B +0,50.'
    """
    effects = "; ".join(f"{name} {nl_number(value, 2, sign=True)}" for name, value in bars)
    return f"Staafgrafiek: {title}. {nl_number(shown)} staven, de grootste effecten in indexpunten: {effects}."


def alt_sobol_chart(title: str, series: Sequence[tuple[str, Sequence[tuple[str, float]]]]) -> str:
    """Alt text of the Sobol' bar chart: per series the heaviest choices (share alone, whole percents).

    Example:
        >>> alt_sobol_chart("Welke keuze?", [("Index071 totaal", [("Weging van de mandjes", 84), ("Ontbrekende cijfers", 6)])])
        'Staafgrafiek: Welke keuze? Per reeks het deel van de verschillen dat bij elke keuze hoort (alleen die keuze). Index071 totaal: Weging van de mandjes 84%, Ontbrekende cijfers 6%.'
    """
    parts = " ".join(f"{name}: {', '.join(f'{f} {sobol_share(v)}' for f, v in factors)}." for name, factors in series)
    return (f"Staafgrafiek: {title} Per reeks het deel van de verschillen dat bij elke keuze hoort (alleen die "
            f"keuze). {parts}")


def alt_parameter_panel(name: str, first: int, last: int, start: float, end: float, carried: int | None) -> str:
    """Alt text of one small chart of a parameter: its index from the first to the last year (whole points).

    Example:
        >>> alt_parameter_panel("Aantal expats", 2012, 2016, 100, 123.4, 2015)
        'Lijngrafiek: Aantal expats, indexcijfer van 100 in 2012 naar 123 in 2016; het cijfer van 2016 is dat van 2015.'
    """
    text = f"Lijngrafiek: {name}, indexcijfer van {nl_number(start)} in {first} naar {nl_number(end)} in {last}"
    if carried is not None:
        text += f"; het cijfer van {last} is dat van {carried}"
    return text + "."


def alt_theme_panel(title: str, first: str, last: str, start: float, end: float, printed: float | None) -> str:
    """Alt text of one series of a trend theme: the computed index from the first to the last period.

    Example:
        >>> alt_theme_panel("Restafval, kg per inwoner", "2012", "2016", 100, 110.2, 108)
        'Lijngrafiek: Restafval, kg per inwoner. Berekende index van 100 in 2012 naar 110 in 2016; in de publicatie 108.'
    """
    text = (f"Lijngrafiek: {title}. Berekende index van {nl_number(start)} in {first} naar {nl_number(end)} "
            f"in {last}")
    if printed is not None:
        text += f"; in de publicatie {nl_number(printed)}"
    return text + "."


def alt_scenario_panel(name: str, year: int, baseline: str, levels: Sequence[tuple[str, float]],
                       official: float) -> str:
    """Alt text of one panel of the what-if chart: the baseline and every scenario in the last year.

    Example:
        >>> alt_scenario_panel("Index071", 2016, "Basisweging (officieel)", [("Gelijke wegingen", 111.96)], 112.96)
        'Lijngrafiek: Index071 per jaar, basisweging en scenario’s. In 2016: Basisweging (officieel) 113,0; Gelijke wegingen 112,0.'
    """
    parts = "; ".join([f"{baseline} {nl_number(official, 1)}"] + [f"{n} {nl_number(v, 1)}" for n, v in levels])
    return f"Lijngrafiek: {name} per jaar, basisweging en scenario’s. In {year}: {parts}."


def alt_band_panel(name: str, year: int, baseline: str, median: float, low: float, high: float,
                   centre: float) -> str:
    """Alt text of one panel of the sensitivity band chart: median and 90% band in the last year.

    Example:
        >>> alt_band_panel("Index071", 2016, "Basisweging (officieel)", 113.0, 112.1, 113.9, 113.0)
        'Lijngrafiek: Index071 per jaar, mediaan en 90%-band van de alternatieve wegingen. In 2016: mediaan 113,0, band 112,1 tot 113,9; Basisweging (officieel) 113,0.'
    """
    return (f"Lijngrafiek: {name} per jaar, mediaan en 90%-band van de alternatieve wegingen. In {year}: mediaan "
            f"{nl_number(median, 1)}, band {nl_number(low, 1)} tot {nl_number(high, 1)}; {baseline} "
            f"{nl_number(centre, 1)}.")


def alt_grid(title: str, count: int) -> str:
    """Text fallback and group label of a grid of small charts: ``De parameters van … (7 grafieken)``."""
    return f"{title} ({count} {'grafiek' if count == 1 else 'grafieken'})"


def alt_section_figure(section: str) -> str:
    """Alt text of a figure without its own description: the section of the page it illustrates."""
    return f"Grafiek bij het onderdeel '{section}'." if section else "Grafiek bij deze pagina."


# --- Navigation bar of every page ---
NAV_LABEL = "Rapporten"
NAV_HOME = "Start"
#: Short labels of the reports in the navigation bar (job prefixes); baskets and themes show their names.
NAV_REPORTS = {"overview": "Overzicht", "audit": "Audit", "whatif": "Wat als", "sensitivity": "Gevoeligheid",
               "editions": "Vorige editie"}
NAV_GROUPS = {"basket": "Mandjes", "theme": "Thema's"}


def in_chapter_text(name: str) -> str:
    """An audit subject as printed in the chapter text: ``Regiomarketing (hoofdstuktekst)``."""
    return f"{name} (hoofdstuktekst)"


def unrounded_note(what: str) -> str:
    """The line under a contributions table: its change column is not rounded, and where the rounded one is
    (``what``: ``basket`` on the overview, ``parameter`` on a basket page)."""
    where = ("de afgeronde verandering van elk mandje staat in de tabel bovenaan" if what == "basket" else
             "de afgeronde cijfers staan in de tabel bovenaan en in de tabel met indexcijfers")
    return (f"{COL['change_points']}: op volle precisie, zodat de bijdragen optellen tot de verandering; "
            f"{where}.")


def basket_weights_sum_note(total: float) -> str:
    """Under a basket's weights table: the parameter weights do not add up to 100 and were rescaled.

    Example:
        >>> basket_weights_sum_note(94)
        'De wegingen tellen op tot 94%; ze zijn naar verhouding herschaald tot 100% (kolom Aandeel in mandje).'
    """
    return (f"De wegingen tellen op tot {nl_weight(total)}; ze zijn naar verhouding herschaald tot 100% "
            f"(kolom {COL['share_in_basket']}).")


def weights_sum_note(total: float) -> str:
    """The sum of the basket weights and, if it is not 100, that they were rescaled.

    Example:
        >>> weights_sum_note(100.0)
        'De wegingen tellen op tot 100%.'
    """
    if abs(total - 100) < 1e-9:
        return "De wegingen tellen op tot 100%."
    return (f"De wegingen tellen op tot {nl_weight(total)}; ze zijn naar verhouding herschaald tot 100% "
            "(kolom Telt mee voor).")


#: Sheet names of ``report.export.to_excel`` for the tables of ``report.export.frames``.
EXPORT_SHEETS = {"series": "reeksen", "aligned": "uitgelijnd", "values": "cijfers", "status": "status",
                 "weights": "wegingen"}


# --------------------------------------------------------------------------------------------------
# Workbook to fill in (report.template; read back by data.entry)
# --------------------------------------------------------------------------------------------------

#: The sheet with the instructions (the import skips it; every other sheet holds one basket's rows).
ENTRY_HELP_SHEET = "Toelichting"
#: Column headers of a basket sheet, before the years (the id column is read back, the others are for people).
ENTRY_COLUMNS = {"id": "id", "name": "Parameter", "source": "Bron", "kind": "Invoer", "unit": "Eenheid",
                 "last_year": "Laatste jaar ingevuld"}
#: The entry column: an index number (base year = 100) or a raw figure (a count, an amount).
ENTRY_KINDS = {"index": "index", "raw": "ruw"}
ENTRY_LEGEND_FILL = "Geel: nog in te vullen (jaren na het laatste ingevulde jaar van de parameter)"
ENTRY_ERROR_TITLE = "Geen geldig getal"


def entry_unit_index(base_year: int) -> str:
    """Unit of a row of index numbers: ``index (2012 = 100)``."""
    return f"index ({base_year} = 100)"


def entry_sheet_heading(year: int, basket: str) -> str:
    """First line of a basket sheet: ``Index071 2018 — invoer: Vestigingsklimaat``."""
    return f"Index071 {year} — invoer: {basket}"


def entry_error_index(maximum: int) -> str:
    """Message of Excel's data validation on an index cell."""
    return f"Een indexcijfer is een getal van 0 tot {nl_number(maximum)} (basisjaar = 100). Laat de cel leeg als het cijfer ontbreekt."


ENTRY_ERROR_RAW = "Een ruw cijfer is een getal groter dan 0. Laat de cel leeg als het cijfer ontbreekt."


def entry_instructions(year: int, base_year: int, years: Sequence[int]) -> list[str]:
    """The lines of the instructions sheet of the workbook to fill in."""
    return [
        f"Invulbestand Index071 {year} (jaren {years[0]}–{years[-1]})",
        "",
        "Elk volgend blad is een mandje: één rij per parameter, één kolom per jaar.",
        "Vul de gele cellen in: dat zijn de jaren na het laatste jaar waarvoor de parameter een cijfer heeft. "
        "Een cijfer dat later binnenkomt (een eerder jaar) mag ook; laat een ontbrekend cijfer leeg.",
        f"Rij met invoer 'index': het indexcijfer ({base_year} = 100), zoals in de bijlage van de publicatie.",
        "Rij met invoer 'ruw': het cijfer zelf (een aantal, een bedrag) in de eenheid van de kolom Eenheid; "
        "het indexcijfer wordt berekend met de waarde in het basisjaar en de richting van de parameter. Geef per "
        "jaar óf een indexcijfer óf een ruw cijfer.",
        "Een cijfer van een eerder jaar veranderen is een herziening: het inlezen toont elke herziening "
        "(oud → nieuw) voordat er iets wordt opgeslagen.",
        "Verander de kolom id en de jaren in de kopregel niet, en voeg geen rijen toe en verwijder er geen: de "
        "parameters staan in parameters.csv. Naam, bron en eenheid zijn ter informatie.",
        "Typ bij voorkeur de getallen; een formule telt mee met de uitkomst die Excel bij het opslaan bewaart.",
        "",
        f"Inlezen: index071 import --edition {year} BESTAND.xlsx --dry-run (toont wat verandert), "
        "daarna zonder --dry-run (schrijft values.csv, alleen als alles klopt).",
    ]
