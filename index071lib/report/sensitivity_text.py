"""Dutch report text for the sensitivity analysis: method, verdicts and tables for readers."""

from __future__ import annotations

import pandas as pd

from index071lib.analysis.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SPREAD,
    SCHEMES,
    SensitivityResult,
)
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent, round_half_up

COL = nl.COL


def scheme_description_nl(scheme: str, concentration: float = DEFAULT_CONCENTRATION,
                          spread: float = DEFAULT_SPREAD) -> str:
    """The scheme in Dutch, for reports.

    Example:
        >>> scheme_description_nl("uniform", spread=0.25)
        'Elke weging (van de mandjes en van de parameters) is vermenigvuldigd met een toevallige factor tussen 0,75 en 1,25; daarna zijn de wegingen weer naar 100% geschaald.'
    """
    if scheme == "dirichlet":
        return nl.scheme_dirichlet(concentration)
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
    names = {**edition.basket_names, **edition.parameters["name"].to_dict()}
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
        'In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015. De stijging is robuust voor de keuze van de wegingen.'
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
        >>> method_nl(r).startswith("Er zijn 1.000 alternatieve wegingen getrokken (startgetal 1).")
        True
    """
    return nl.sensitivity_method(result.n, result.seed,
                                 scheme_description_nl(result.scheme, result.concentration, result.spread))


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
    lines = [f"**{verdict_nl(summary, total_id, name=nl.TOTAL_NAME, n=result.n)}**", ""]
    for series in dict.fromkeys(summary["series"]):
        if series != total_id:
            lines.append(f"- {verdict_nl(summary, series, name=nl.basket_name(names.get(series, series)))}")
    return "\n".join(lines)
