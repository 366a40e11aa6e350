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
from index071lib.report.context import Html, rounded_change
from index071lib.report.tables import folded, table_html
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent, round_half_up
from index071lib.text.markup import md_text

COL = nl.COL


#: The weight whose spread the method text shows (about the heaviest basket of 2017, Life Sciences & Health).
EXAMPLE_WEIGHT = 0.30


def dirichlet_range(weight: float, concentration: float, share: float = 0.90) -> tuple[float, float]:
    """Where a weight lies in ``share`` of the draws around it (percent): its marginal is Beta(c·w, c·(1 − w)).

    Example:
        >>> [round(v, 1) for v in dirichlet_range(0.30, 100)]
        [22.7, 37.7]
    """
    from scipy.stats import beta

    tail = (1 - share) / 2
    dist = beta(concentration * weight, concentration * (1 - weight))
    return float(dist.ppf(tail) * 100), float(dist.ppf(1 - tail) * 100)


def scheme_description_nl(scheme: str, concentration: float = DEFAULT_CONCENTRATION,
                          spread: float = DEFAULT_SPREAD) -> str:
    """The scheme in plain Dutch, for reports (no distribution names: how far a weight moves).

    Example:
        >>> scheme_description_nl("uniform", spread=0.25)
        'Elke weging (van de mandjes en van de parameters) is vermenigvuldigd met een toevallige factor tussen 0,75 en 1,25; daarna zijn de wegingen weer naar 100% geschaald.'
        >>> scheme_description_nl("dirichlet", 100)[-132:]
        'Een mandje dat 30% weegt, weegt in 90% van de alternatieven tussen 23% en 38%; voor de parameters binnen een mandje geldt hetzelfde.'
    """
    if scheme == "dirichlet":
        return nl.scheme_dirichlet(EXAMPLE_WEIGHT * 100, *dirichlet_range(EXAMPLE_WEIGHT, concentration))
    if scheme == "uniform":
        return nl.scheme_uniform(spread)
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
        COL["series"]: summary["series"].map(lambda s: names.get(s, s)), COL["year"]: summary["year"].astype(str),
        COL["baseline"]: [nl_number(v, 1) for v in summary["baseline"]],
        COL["median"]: [nl_number(v, 1) for v in summary["median"]],
        COL["p05"]: [nl_number(v, 1) for v in summary["p05"]], COL["p95"]: [nl_number(v, 1) for v in summary["p95"]],
        COL["share_rising"]: ["" if pd.isna(v) else nl_percent(v * 100, 1) for v in summary["share_rising"]],
    })


def influence_nl(table: pd.DataFrame, edition) -> pd.DataFrame:
    """The one-at-a-time table for readers, largest effect on the latest total first.

    Args:
        table: Output of :func:`~index071lib.analysis.sensitivity.influence`.
        edition: The edition (names).

    Returns:
        Columns ``Weggelaten, Mandje, Totaal laatste jaar, Effect, Stijging laatste jaar, Effect op stijging``.
    """
    names = {**edition.basket_names, **edition.parameter_labels}  # a lower-is-better parameter says so
    rows = table.reindex(table["effect_level"].abs().sort_values(ascending=False).index)
    return pd.DataFrame({
        COL["left_out"]: [nl.left_out_label(k, names.get(i, i)) for k, i in zip(rows["kind"], rows["id"])],
        COL["basket"]: [edition.basket_names.get(b, b) for b in rows["basket"]],
        COL["total_latest"]: [nl_number(v, 2) for v in rows["latest"]],
        COL["effect"]: [nl_number(v, 2, sign=True) for v in rows["effect_level"]],
        COL["rise_latest"]: [nl_number(v, 2, sign=True) for v in rows["change"]],
        COL["effect_on_rise"]: [nl_number(v, 2, sign=True) for v in rows["effect_change"]],
    })


def verdict_nl(summary: pd.DataFrame, series: str, year: int | None = None, *, name: str = nl.VERDICT_DEFAULT_NAME,
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
        'In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015; de stijging is robuust voor de keuze van de wegingen.'
    """
    rows = summary[summary["series"] == series].sort_values("year")
    year = int(rows["year"].iloc[-1]) if year is None else int(year)
    years = list(rows["year"])
    if year not in years[1:]:
        raise ValueError(f"no year-on-year change for {series!r} in {year}")
    previous = years[years.index(year) - 1]
    share = round_half_up(float(rows.loc[rows["year"] == year, "share_rising"].iloc[0]) * 100.0)
    return nl.verdict(share, name, year, previous, n)


def method_nl(result: SensitivityResult) -> str:
    """A Dutch paragraph on how the alternative weightings were drawn.

    Example:
        >>> from index071lib.analysis.sensitivity import SensitivityResult
        >>> r = SensitivityResult(n=1000, seed=1, scheme="uniform", description="", summary=pd.DataFrame(),
        ...                       concentration=100.0, spread=0.25)
        >>> method_nl(r).startswith("De index is 1.000 keer opnieuw berekend")
        True
    """
    return nl.sensitivity_method(result.n, result.seed,
                                 scheme_description_nl(result.scheme, result.concentration, result.spread))


def method_html(result: SensitivityResult) -> Html:
    """The folded *Methode* section of the sensitivity page: how the weightings were made, what the band means."""
    body = "".join(f'<p class="tekst">{html.escape(p)}</p>' for p in (method_nl(result), nl.SENSITIVITY_BAND))
    return folded(nl.FOLD_METHOD, body)


def verdicts_markdown_nl(result: SensitivityResult, names: dict[str, str], total_id: str, choices=None) -> str:
    """The verdict sentence for the total (bold) and one per basket, as Markdown.

    Args:
        result: A :class:`~index071lib.analysis.sensitivity.SensitivityResult`.
        names: Series names by id.
        total_id: Id of the total series.
        choices: The analysis of *Welke keuze telt het zwaarst?* (a :class:`~index071lib.analysis.sobol.SobolResult`),
            if run: then a last paragraph says the verdicts are about the weights only (:func:`verdict_scope_nl`).

    Returns:
        Markdown text.
    """
    summary = result.summary
    lines = [f"**{md_text(verdict_nl(summary, total_id, name=nl.TOTAL_NAME, n=result.n))}**", ""]
    for series in dict.fromkeys(summary["series"]):  # the sentences hold basket names from data: as text
        if series != total_id:
            lines.append(f"- {md_text(verdict_nl(summary, series, name=nl.basket_name(names.get(series, series))))}")
    if choices is not None:
        lines += ["", md_text(verdict_scope_nl(choices, names))]
    return "\n".join(lines)


def verdict_scope_nl(choices, names: dict[str, str]) -> str:
    """That the verdicts are about the weights only, and whether the other choices can turn a direction around.

    From the analysis of *Welke keuze telt het zwaarst?*: a series can turn around when the 5–95% range of its
    latest change over all computations holds both a rise and a fall (in whole points, as shown).

    Args:
        choices: A :class:`~index071lib.analysis.sobol.SobolResult`.
        names: Series names by id.

    Returns:
        Dutch text: :data:`~index071lib.text.nl.VERDICT_SCOPE` and one sentence
        (:func:`~index071lib.text.nl.verdict_other_choices` with the total's range, or the baskets that can turn
        around, or that none does).
    """
    ids = choices.series_ids
    low, high = (round_half_up(np.asarray(q[:, 1], dtype=float)) for q in (choices.p05, choices.p95))
    turns = [i for i in range(len(ids)) if low[i] < 0 < high[i]]
    total = len(ids) - 1
    if total in turns:
        other = nl.verdict_other_choices(nl.TOTAL_NAME, choices.year, float(choices.p05[total, 1]),
                                         float(choices.p95[total, 1]))
    elif turns:
        other = nl.verdict_other_choices_baskets([nl.basket_name(names.get(ids[i], ids[i])) for i in turns])
    else:
        other = nl.verdict_same_direction()
    return f"{nl.VERDICT_SCOPE} {other}"


def band_intro_nl(alignment: str, scenario=None) -> str:
    """The paragraph (Markdown) under *Mediaan en band per jaar*: the black line is the official index only with
    the official weights and the publication's alignment (``lag``).

    Example:
        >>> band_intro_nl("lag").split(". ")[1]
        'De zwarte lijn is de officiële index'
    """
    return nl.band_intro(alignment == "lag" and scenario is None)


# --- Which choice matters most? (Sobol' indices; the words are in text/nl.py) -----------------------------------


def sobol_factor_nl(factor, names: dict[str, str], *, short: bool = False) -> str:
    """How the text names a factor (:class:`~index071lib.analysis.sobol.Factor`).

    Example:
        >>> from index071lib.analysis.sobol import Factor
        >>> sobol_factor_nl(Factor("parameter_weights.x", "parameter_weights", (0,), ("p",), basket="x"), {"x": "X&Y"})
        'de weging van de parameters binnen het mandje X&Y'
    """
    return nl.sobol_factor(factor.kind, names.get(factor.basket, factor.basket) if factor.basket else None,
                           short=short)


def _percent(value: float) -> float:
    """A share (0–1) in whole percents, negative estimates as 0."""
    return round_half_up(max(float(value), 0.0) * 100.0)


def sobol_sentence_nl(result, series: str, names: dict[str, str]) -> str:
    """One sentence: which choice counts most for the latest change of a series, and the next ones.

    Factors are ranked by their first-order index (the share of the variance of the change that the factor
    explains on its own); the two after the first are named when they explain at least 5%. When the
    first-order indices add up to less than 85%, a second sentence says that the rest comes from choices
    acting together. Then the 5–95% range of the change over the design's rows, and the change at the
    reference choices (:func:`index071lib.text.nl.sobol_sentence`).

    Args:
        result: A :class:`~index071lib.analysis.sobol.SobolResult`.
        series: Series id (the last of ``result.series_ids`` is the total).
        names: Series names by id.

    Returns:
        E.g. ``"Voor de stijging van de Index071 in 2016 telt de weging van de mandjes het zwaarst (62%); de
        manier waarop ontbrekende cijfers meetellen, 25%; de andere keuzes tellen elk minder. In 90% van de
        berekeningen verandert de Index071 met +1,2 tot +2,9 indexpunten (uitgangspunt: +2,8)."``
    """
    i = result.series_ids.index(series)
    name = nl.TOTAL_NAME if series == result.series_ids[-1] else nl.basket_name(names.get(series, series))
    level, exact = float(result.baseline[i, 0]), float(result.baseline[i, 1])
    # the change a reader sees everywhere: between the displayed (rounded) levels
    change = rounded_change(pd.Series({result.previous: level - exact, result.year: level}), result.year,
                            result.previous)[2]
    s1 = result.indices.s1.reshape(len(result.series_ids), 2, -1)[i, 1]
    if np.isnan(s1).all():
        return nl.sobol_no_effect(name, result.year, change)
    order = [int(k) for k in np.argsort(-np.nan_to_num(s1, nan=-1.0), kind="stable")]
    named = order[:1] + [k for k in order[1:3] if s1[k] >= 0.05]
    return nl.sobol_sentence(name, result.year, change,
                             [(sobol_factor_nl(result.factors[k], names), _percent(s1[k])) for k in named],
                             others=len(result.factors) > len(named),
                             together=round_half_up(float(np.nansum(np.clip(s1, 0.0, None))) * 100.0),
                             low=float(result.p05[i, 1]), high=float(result.p95[i, 1]))


def sobol_sentences_html(result, names: dict[str, str]) -> Html:
    """Section title, a short introduction, the sentence for the total (bold) and one per basket (escaped HTML)."""
    total = result.series_ids[-1]
    items = "".join(f"<li>{html.escape(sobol_sentence_nl(result, s, names))}</li>" for s in result.series_ids[:-1])
    return Html(f"<h2>{html.escape(nl.SOBOL_TITLE)}</h2><p class=\"tekst\">{html.escape(nl.SOBOL_INTRO)}</p>"
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
    level, change = (t[t["measure"] == m].reset_index(drop=True) for m in ("level", "change"))
    numbers = ["S1", "S1_conf", "ST", "ST_conf"]
    counts = (level[numbers].abs().sum(axis=1) + change[numbers].abs().sum(axis=1)) > 0
    order = {s: k for k, s in enumerate([result.series_ids[-1], *result.series_ids[:-1]])}
    keep = level.index[counts].sort_values(key=lambda i: level.loc[i, "series"].map(order) * 1000 + i)
    level, change = level.loc[keep], change.loc[keep]
    col = nl.sobol_columns(result.year, result.previous)

    def cells(frame: pd.DataFrame, index: str) -> list[str]:
        return [nl.sobol_cell(v * 100, c * 100) for v, c in zip(frame[index], frame[f"{index}_conf"])]

    return pd.DataFrame({
        col["series"]: [names.get(s, s) for s in level["series"]], col["factor"]: level["factor"].map(label).to_list(),
        col["level_first"]: cells(level, "S1"), col["level_total"]: cells(level, "ST"),
        col["change_first"]: cells(change, "S1"), col["change_total"]: cells(change, "ST"),
    })


def sobol_method_html(result, names: dict[str, str]) -> Html:
    """How the analysis was done, in plain Dutch, with the table of all indices, in a folded section (escaped)."""
    spec = result.spec
    paragraphs = nl.sobol_method(
        evaluations=result.evaluations, n=result.n, seed=result.seed, conf_level=result.indices.conf_level,
        resamples=result.indices.num_resamples, basket_spread=spec.basket_weight_spread, per_basket=spec.per_basket,
        parameter_spread=spec.parameter_weight_spread, alignments=spec.choices_of("alignment"),
        aggregations=spec.choices_of("aggregation"), noise=spec.noise)
    body = "".join(f'<p class="tekst">{html.escape(p)}</p>' for p in paragraphs)
    table = table_html(sobol_table_nl(result, names))
    return folded(nl.SOBOL_METHOD_SUMMARY, body + table)
