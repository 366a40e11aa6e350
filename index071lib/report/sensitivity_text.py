"""Dutch report text for the sensitivity analysis: method, verdicts and tables for readers."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from index071lib.analysis.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SPREAD,
    SCHEMES,
    SensitivityResult,
)
from index071lib.report.context import Html
from index071lib.report.tables import table_html
from index071lib.text.fmt import nl_number, nl_percent, round_half_up


def scheme_description_nl(scheme: str, concentration: float = DEFAULT_CONCENTRATION,
                          spread: float = DEFAULT_SPREAD) -> str:
    """The scheme in Dutch, for reports.

    Example:
        >>> scheme_description_nl("uniform", spread=0.25)
        'Elke weging (van de mandjes en van de parameters) is vermenigvuldigd met een toevallige factor tussen 0,75 en 1,25; daarna zijn de wegingen weer naar 100% geschaald.'
    """
    if scheme == "dirichlet":
        return ("De wegingen van de mandjes en, per mandje, die van de parameters zijn getrokken uit een "
                f"Dirichlet-verdeling rond de gekozen wegingen (concentratie {nl_number(concentration, 0)}; hoe "
                "hoger, hoe dichter bij de gekozen wegingen). Gemiddeld zijn de getrokken wegingen gelijk aan de "
                "gekozen wegingen.")
    if scheme == "uniform":
        return ("Elke weging (van de mandjes en van de parameters) is vermenigvuldigd met een toevallige factor "
                f"tussen {nl_number(1 - spread, 2)} en {nl_number(1 + spread, 2)}; daarna zijn de wegingen weer "
                "naar 100% geschaald.")
    raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")


def summary_nl(summary: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The sensitivity summary for readers (Dutch labels and numbers).

    Args:
        summary: A :func:`~index071lib.analysis.sensitivity.summarise` table.
        names: Series names by id.

    Returns:
        Columns ``Reeks, Jaar, Basisweging, Mediaan, 5%, 95%, Aandeel stijgend``.
    """
    return pd.DataFrame({
        "Reeks": summary["series"].map(lambda s: names.get(s, s)), "Jaar": summary["year"].astype(str),
        "Basisweging": [nl_number(v, 1) for v in summary["baseline"]],
        "Mediaan": [nl_number(v, 1) for v in summary["median"]],
        "5%": [nl_number(v, 1) for v in summary["p05"]], "95%": [nl_number(v, 1) for v in summary["p95"]],
        "Aandeel stijgend": ["" if pd.isna(v) else nl_percent(v * 100, 1) for v in summary["share_rising"]],
    })


def influence_nl(table: pd.DataFrame, edition) -> pd.DataFrame:
    """The one-at-a-time table for readers, largest effect on the latest total first.

    Args:
        table: Output of :func:`~index071lib.analysis.sensitivity.influence`.
        edition: The edition (names).

    Returns:
        Columns ``Weggelaten, Mandje, Totaal laatste jaar, Effect, Stijging laatste jaar, Effect op stijging``.
    """
    names = {**edition.basket_names, **edition.parameters["name"].to_dict()}
    rows = table.reindex(table["effect_level"].abs().sort_values(ascending=False).index)
    return pd.DataFrame({
        "Weggelaten": [("mandje " if k == "basket" else "") + names.get(i, i) for k, i in zip(rows["kind"], rows["id"])],
        "Mandje": [edition.basket_names.get(b, b) for b in rows["basket"]],
        "Totaal laatste jaar": [nl_number(v, 2) for v in rows["latest"]],
        "Effect": [nl_number(v, 2, sign=True) for v in rows["effect_level"]],
        "Stijging laatste jaar": [nl_number(v, 2, sign=True) for v in rows["change"]],
        "Effect op stijging": [nl_number(v, 2, sign=True) for v in rows["effect_change"]],
    })


def verdict_nl(summary: pd.DataFrame, series: str, year: int | None = None, *, name: str = "de index",
               n: int | None = None) -> str:
    """The Dutch verdict sentence: in what share of the alternative weightings the series rises.

    Args:
        summary: A :func:`~index071lib.analysis.sensitivity.summarise` table.
        series: Series id.
        year: Year (default: the latest).
        name: How to call the series in the sentence.
        n: Number of draws (mentioned when given).

    Returns:
        E.g. ``"In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015."``
        followed by a judgement (robust rise / robust fall / depends on the weighting).

    Example:
        >>> t = pd.DataFrame({"series": ["x", "x"], "year": [2015, 2016], "share_rising": [float("nan"), 0.97]})
        >>> verdict_nl(t, "x")
        'In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015. De stijging is robuust voor de keuze van de wegingen.'
    """
    rows = summary[summary["series"] == series].sort_values("year")
    year = int(rows["year"].iloc[-1]) if year is None else int(year)
    years = list(rows["year"])
    if year not in years[1:]:
        raise ValueError(f"no year-on-year change for {series!r} in {year}")
    previous = years[years.index(year) - 1]
    share = round_half_up(float(rows.loc[rows["year"] == year, "share_rising"].iloc[0]) * 100.0)
    count = f"de {nl_number(n)} " if n else "de "
    text = f"In {nl_percent(share, 0)} van {count}alternatieve wegingen stijgt {name} in {year} ten opzichte van {previous}."
    if share >= 95:
        return text + " De stijging is robuust voor de keuze van de wegingen."
    if share <= 5:
        return text + " De daling is robuust voor de keuze van de wegingen."
    return text + " Of er een stijging is, hangt af van de keuze van de wegingen."


def method_nl(result: SensitivityResult) -> str:
    """A Dutch paragraph on how the alternative weightings were drawn.

    Example:
        >>> from index071lib.analysis.sensitivity import SensitivityResult
        >>> r = SensitivityResult(n=1000, seed=1, scheme="uniform", description="", summary=pd.DataFrame(),
        ...                       concentration=100.0, spread=0.25)
        >>> method_nl(r).startswith("Er zijn 1.000 alternatieve wegingen getrokken (startgetal 1).")
        True
    """
    return (f"Er zijn {nl_number(result.n)} alternatieve wegingen getrokken (startgetal {result.seed}). "
            + scheme_description_nl(result.scheme, result.concentration, result.spread)
            + " Parameters die in de gekozen weging niet meetellen, tellen ook in de alternatieven niet mee.")


def verdicts_markdown_nl(result: SensitivityResult, names: dict[str, str], total_id: str) -> str:
    """The verdict sentence for the total (bold) and one per basket, as Markdown.

    Args:
        result: A :class:`~index071lib.analysis.sensitivity.SensitivityResult`.
        names: Series names by id.
        total_id: Id of the total series.

    Returns:
        Markdown text.
    """
    summary = result.summary
    lines = [f"**{verdict_nl(summary, total_id, name='de Index071', n=result.n)}**", ""]
    for series in dict.fromkeys(summary["series"]):
        if series != total_id:
            lines.append(f"- {verdict_nl(summary, series, name='het mandje ' + names.get(series, series))}")
    return "\n".join(lines)


# --- Which choice matters most? (Sobol' indices) --------------------------------------------------------------
# Dutch reader text of the variance-based analysis (index071lib.analysis.sobol). Kept together in this block so
# that it can move to index071lib/text/nl.py with the other reader text.

SOBOL_TITLE_NL = "Welke keuze telt het zwaarst?"
#: Factor kind → how a sentence names it (baskets filled in where needed).
SOBOL_FACTOR_NL = {
    "basket_weights": "de weging van de mandjes",
    "basket_weights.one": "de weging van het mandje {basket}",
    "parameter_weights": "de weging van de parameters binnen {basket}",
    "alignment": "de manier waarop ontbrekende cijfers meetellen",
    "aggregation": "de manier van middelen (rekenkundig of meetkundig)",
    "noise": "meetruis in de nieuwste cijfers",
}
#: The same, short, for chart labels.
SOBOL_FACTOR_SHORT_NL = {
    "basket_weights": "Weging van de mandjes",
    "basket_weights.one": "Weging mandje {basket}",
    "parameter_weights": "Weging binnen {basket}",
    "alignment": "Ontbrekende cijfers",
    "aggregation": "Manier van middelen",
    "noise": "Meetruis nieuwste cijfers",
}
ALIGNMENT_NL = {"lag": "het laatste cijfer telt voor het laatste jaar en de eerdere cijfers schuiven mee",
                "carry": "het laatste cijfer wordt doorgetrokken naar de jaren zonder cijfer",
                "available": "de parameter telt in een jaar zonder cijfer niet mee"}

AGGREGATION_NL = {"arithmetic": "het gewone (rekenkundige) gewogen gemiddelde, zoals in de publicatie",
                  "geometric": "het meetkundige gewogen gemiddelde, waarin een lage waarde zwaarder doorweegt"}


def sobol_factor_nl(factor, names: dict[str, str], *, short: bool = False) -> str:
    """How the text names a factor (:class:`~index071lib.analysis.sobol.Factor`).

    Example:
        >>> from index071lib.analysis.sobol import Factor
        >>> sobol_factor_nl(Factor("parameter_weights.x", "parameter_weights", (0,), ("p",), basket="x"), {"x": "X&Y"})
        'de weging van de parameters binnen X&Y'
    """
    labels = SOBOL_FACTOR_SHORT_NL if short else SOBOL_FACTOR_NL
    key = "basket_weights.one" if factor.kind == "basket_weights" and factor.basket else factor.kind
    return labels[key].format(basket=names.get(factor.basket, factor.basket) if factor.basket else "")


def _share_nl(value: float) -> str:
    """A share of the variance (0–1) in whole percents; below half a percent: 'minder dan 1%'."""
    percent = round_half_up(max(float(value), 0.0) * 100.0)
    return "minder dan 1%" if percent == 0 else nl_percent(percent, 0)


def sobol_sentence_nl(result, series: str, names: dict[str, str], *, total_name: str = "de Index071") -> str:
    """One sentence: which choice counts most for the latest change of a series, and the next ones.

    Factors are ranked by their first-order index (the share of the variance of the change that the factor
    explains on its own); the two after the first are named when they explain at least 5%. When the
    first-order indices add up to less than 85%, a second sentence says that the rest comes from choices
    acting together.

    Args:
        result: A :class:`~index071lib.analysis.sobol.SobolResult`.
        series: Series id (the last of ``result.series_ids`` is the total).
        names: Series names by id.
        total_name: How the sentence calls the total.

    Returns:
        E.g. ``"Voor de stijging van de Index071 in 2016 telt de weging van de mandjes het zwaarst (62%); de
        manier waarop ontbrekende cijfers meetellen, 25%; de andere keuzes tellen elk minder. In 90% van de
        berekeningen verandert de Index071 met +1,2 tot +2,9 indexpunten (uitgangspunt: +2,8)."`` The range is
        the 5–95% range of the change over the design's rows; the starting point is the reference choices.
    """
    i = result.series_ids.index(series)
    name = total_name if series == result.series_ids[-1] else f"het mandje {names.get(series, series)}"
    change = float(result.baseline[i, 1])
    what = "stijging" if change >= 0.005 else "daling" if change <= -0.005 else "verandering"
    s1 = result.indices.s1.reshape(len(result.series_ids), 2, -1)[i, 1]
    start = f"Voor de {what} van {name} in {result.year}"
    if np.isnan(s1).all():
        return f"{start} maakt geen van deze keuzes verschil: de uitkomst is steeds dezelfde."
    order = [int(k) for k in np.argsort(-np.nan_to_num(s1, nan=-1.0), kind="stable")]
    label = [sobol_factor_nl(f, names) for f in result.factors]
    text = f"{start} telt {label[order[0]]} het zwaarst ({_share_nl(s1[order[0]])})"
    others = [k for k in order[1:3] if s1[k] >= 0.05]
    text += "".join(f"; {label[k]}, {_share_nl(s1[k])}" for k in others)
    if len(result.factors) > 1 + len(others):
        text += "; de andere keuzes tellen elk minder" if others else "; de andere keuzes tellen elk minder dan 5%"
    text += "."
    together = float(np.nansum(np.clip(s1, 0.0, None)))
    if together < 0.85:
        text += (f" Ieder voor zich verklaren de keuzes samen {_share_nl(together)} van de verschillen; de rest "
                 "ontstaat doordat keuzes op elkaar inwerken.")
    low, high = (nl_number(float(v[i, 1]), 1, sign=True) for v in (result.p05, result.p95))
    return text + (f" In 90% van de berekeningen verandert {name} met {low} tot {high} indexpunten "
                   f"(uitgangspunt: {nl_number(change, 1, sign=True)}).")


SOBOL_INTRO_NL = ("Het panel kiest meer dan de wegingen alleen, bijvoorbeeld ook hoe parameters zonder cijfer voor "
                  "het laatste jaar meetellen en hoe er gemiddeld wordt. Welke keuze bepaalt de uitkomst het meest? Daarvoor is de index vele duizenden "
                  "keren opnieuw berekend, steeds met een andere combinatie van keuzes. Het percentage achter een "
                  "keuze is het deel van de verschillen tussen al die uitkomsten dat door die ene keuze komt.")


def sobol_sentences_html(result, names: dict[str, str]) -> Html:
    """Section title, a short introduction, the sentence for the total (bold) and one per basket (escaped HTML)."""
    total = result.series_ids[-1]
    items = "".join(f"<li>{html.escape(sobol_sentence_nl(result, s, names))}</li>" for s in result.series_ids[:-1])
    return Html(f"<h2>{html.escape(SOBOL_TITLE_NL)}</h2><p class=\"tekst\">{html.escape(SOBOL_INTRO_NL)}</p>"
                f'<p class="tekst"><strong>{html.escape(sobol_sentence_nl(result, total, names))}</strong></p>'
                f"<ul>{items}</ul>")


def sobol_labels_nl(result, names: dict[str, str]) -> dict[str, str]:
    """Short Dutch chart label of every factor of a result, by factor id."""
    return {f.id: sobol_factor_nl(f, names, short=True) for f in result.factors}


def sobol_table_nl(result, names: dict[str, str]) -> pd.DataFrame:
    """All indices for readers: per series and factor, for the level and the change, both indices with interval.

    Factors that cannot change a series at all (every index and interval exactly 0, e.g. the basket
    weights for a basket) are left out.

    Returns:
        Columns ``Reeks, Keuze``, then ``alleen deze keuze`` and ``met samenspel`` for the level and for the
        change (percentages ± half-width of the interval); the total first.
    """
    t = result.table()
    label = sobol_labels_nl(result, names)

    def cell(value, conf) -> str:
        return "–" if np.isnan(value) else f"{nl_percent(value * 100, 0)} ± {nl_number(conf * 100, 0)}"

    level, change = (t[t["measure"] == m].reset_index(drop=True) for m in ("level", "change"))
    numbers = ["S1", "S1_conf", "ST", "ST_conf"]
    counts = (level[numbers].abs().sum(axis=1) + change[numbers].abs().sum(axis=1)) > 0
    order = {s: k for k, s in enumerate([result.series_ids[-1], *result.series_ids[:-1]])}
    keep = level.index[counts].sort_values(key=lambda i: level.loc[i, "series"].map(order) * 1000 + i)
    level, change = level.loc[keep], change.loc[keep]
    lvl, chg = f"niveau {result.year}", f"verandering {result.previous}–{result.year}"
    return pd.DataFrame({
        "Reeks": [names.get(s, s) for s in level["series"]], "Keuze": level["factor"].map(label).to_list(),
        f"{lvl}: alleen deze keuze": [cell(v, c) for v, c in zip(level["S1"], level["S1_conf"])],
        f"{lvl}: met samenspel": [cell(v, c) for v, c in zip(level["ST"], level["ST_conf"])],
        f"{chg}: alleen deze keuze": [cell(v, c) for v, c in zip(change["S1"], change["S1_conf"])],
        f"{chg}: met samenspel": [cell(v, c) for v, c in zip(change["ST"], change["ST_conf"])],
    })


def sobol_method_html(result, names: dict[str, str]) -> Html:
    """How the analysis was done, in plain Dutch, in a folded section (escaped HTML)."""
    spec = result.spec
    parts = []
    if spec.basket_weight_spread is not None:
        each = " (elk mandje apart)" if spec.per_basket else ""
        parts.append(f"de weging van elk mandje is vermenigvuldigd met een toevallige factor tussen "
                     f"{nl_number(1 - spec.basket_weight_spread, 2)} en {nl_number(1 + spec.basket_weight_spread, 2)}"
                     f"{each} en daarna zijn de wegingen weer naar 100% geschaald")
    if spec.parameter_weight_spread is not None:
        parts.append(f"de weging van elke parameter net zo, met een factor tussen "
                     f"{nl_number(1 - spec.parameter_weight_spread, 2)} en "
                     f"{nl_number(1 + spec.parameter_weight_spread, 2)} (per mandje één keuze)")
    choices = spec.choices_of("alignment")
    if choices:
        parts.append("voor parameters zonder cijfer voor het laatste jaar is steeds een van deze manieren gekozen: "
                     + "; ".join(ALIGNMENT_NL.get(c, c) for c in choices))
    choices = spec.choices_of("aggregation")
    if choices:
        parts.append("voor het middelen van de parameters en van de mandjes is steeds een van deze manieren "
                     "gekozen: " + "; ".join(AGGREGATION_NL.get(c, c) for c in choices))
    if spec.noise is not None:
        parts.append(f"het meest recente cijfer van elke parameter is met een toevallig percentage tussen "
                     f"-{nl_percent(spec.noise * 100, 0)} en +{nl_percent(spec.noise * 100, 0)} veranderd")
    conf = nl_percent(result.indices.conf_level * 100, 0)
    text = [
        f"De index is {nl_number(result.evaluations)} keer opnieuw berekend, telkens met een andere combinatie van "
        f"keuzes: " + "; ".join(parts) + ".",
        "Daarna is gemeten hoeveel van de verschillen tussen al die uitkomsten bij elke keuze hoort "
        "(de gevoeligheidsindices van Sobol'). ‘Alleen deze keuze’ is het deel dat die keuze op zichzelf "
        "verklaart; ‘inclusief samenspel’ telt ook mee wat de keuze samen met andere keuzes doet. Een keuze die "
        "bij een mandje niets kan veranderen, zoals de weging van de mandjes bij één mandje, krijgt 0% en staat "
        "niet in de grafiek en de tabel. Hoe groot "
        "het deel van een keuze is, hangt ook af van hoe ver de alternatieven gaan: hierboven staat welke "
        "alternatieven zijn meegenomen.",
        f"De getallen na ± geven de onzekerheid van de berekening zelf ({conf}-interval, uit "
        f"{nl_number(result.indices.num_resamples)} herhalingen met teruglegging). De combinaties zijn gekozen "
        f"met een quasi-toevallige reeks (Sobol'-reeks, {nl_number(result.n)} basispunten, startgetal "
        f"{result.seed}); dezelfde instellingen geven dezelfde uitkomst. Dit is de werkwijze die het JRC en de "
        f"OESO voor samengestelde indicatoren aanraden (Saisana, Saltelli en Tarantola, 2005).",
    ]
    body = "".join(f'<p class="tekst">{html.escape(p)}</p>' for p in text)
    table = table_html(sobol_table_nl(result, names))
    return Html(f"<details><summary>Hoe is dit berekend?</summary>{body}{table}</details>")
