"""What-if comparisons: baseline vs scenarios, effective weights, normalisation notes, contributions.

Every scenario runs through the standard pipeline (:func:`~index071lib.core.pipeline.compute_scenario`), so a
comparison shows exactly what ``index071 compute`` would show with those weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from index071lib.core.aggregate import TOLERANCE, contributions
from index071lib.core.pipeline import compute_scenario
from index071lib.data.edition import Edition
from index071lib.data.scenarios import (
    Scenario,
    load_scenario,
    resolve_scenario_path,
    scenario_search_path,
    scenario_weights,
)
from index071lib.errors import ScenarioError, ScenarioNotApplicable
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent

COL = nl.COL


@dataclass(frozen=True)
class WeightNote:
    """Weights that do not sum to 100 and were normalised.

    Attributes:
        scenario: Scenario name (``None`` = the baseline).
        scope: A basket id, or ``"baskets"`` for the basket weights of the total.
        total: The sum found.
        equal: Every weight that counts in the set is the same (an equal weighting): the sum is a count,
            not a set of percentages, and the reader is told "they count equally" instead of the sum.
    """

    scenario: str | None
    scope: str
    total: float
    equal: bool = False

    @property
    def en(self) -> str:
        """English text (CLI)."""
        what = "the basket weights" if self.scope == "baskets" else f"the weights of basket '{self.scope}'"
        who = f"scenario '{self.scenario}'" if self.scenario else "baseline"
        return f"{who}: {what} sum to {self.total:g}, not 100; normalised to 100"

    def nl(self, names: dict[str, str] | None = None, titles: dict[str, str] | None = None) -> str:
        """Dutch text for reports.

        Args:
            names: Basket names by id (default: the ids).
            titles: Scenario titles by name (:func:`scenario_titles`; default: the names).

        Returns:
            E.g. ``"Meer regio: de wegingen van het mandje Regiomarketing tellen op tot 101%; ze zijn naar
            verhouding herschaald tot 100%."``
        """
        basket = None if self.scope == "baskets" else (names or {}).get(self.scope, self.scope)
        who = None if self.scenario is None else (titles or {}).get(self.scenario, self.scenario)
        return nl.weight_note(who, basket, self.total)


def weight_notes(edition: Edition, scenario: Scenario | None) -> list[WeightNote]:
    """The normalisations a scenario's weights need (the pipeline warns about the same ones).

    Args:
        edition: The edition.
        scenario: The scenario (``None`` = baseline).

    Returns:
        One :class:`WeightNote` per basket whose parameter weights do not sum to 100, and one for the
        basket weights if they do not.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> [n.en for n in weight_notes(load_edition(2017), None)]  # doctest: +NORMALIZE_WHITESPACE
        ["baseline: the weights of basket 'ondernemerschap' sum to 94, not 100; normalised to 100",
         'baseline: the basket weights sum to 99, not 100; normalised to 100']
    """
    weights, baskets = scenario_weights(edition, scenario)
    name = scenario.name if scenario else None
    sums = weights.groupby(edition.basket_of).sum()
    notes = [WeightNote(name, b, float(sums[b]), _all_equal(weights[edition.basket_of == b]))
             for b in edition.basket_ids if abs(sums[b] - 100) > TOLERANCE]
    if abs(baskets.sum() - 100) > TOLERANCE:
        notes.append(WeightNote(name, "baskets", float(baskets.sum()), _all_equal(baskets)))
    return notes


def _all_equal(weights: pd.Series) -> bool:
    """Two or more weights count (are above 0) and they are all the same."""
    counted = weights[weights > 0]
    return len(counted) > 1 and float(counted.max() - counted.min()) <= TOLERANCE


def weight_notes_nl(edition: Edition, notes: list[WeightNote], titles: dict[str, str] | None = None) -> list[str]:
    """The reader's lines for the scaled weights: one per set whose sum is a set of percentages.

    The rule: a sum is told ("tellen op tot 94%") only when the weights were meant as percentages. A set whose
    weights are all equal (a scenario with equal weights, where every weight is 1) is a count, not a
    percentage set; such sets of one scenario become one sentence that they count equally
    (:func:`index071lib.text.nl.equal_weight_note`).

    Args:
        edition: The edition (basket names, number of baskets).
        notes: The notes of :func:`weight_notes`, for one or more scenarios, in order.
        titles: Scenario titles by name (:func:`scenario_titles`).

    Returns:
        Dutch sentences, in the order of ``notes``; a scenario's equal-weight sentence where its first equal
        set was.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> from index071lib.data.scenarios import Scenario
        >>> e = load_edition(2017)
        >>> weight_notes_nl(e, weight_notes(e, Scenario(name="g", equal_within=True, equal_across=True)))
        ['g: alle parameters binnen een mandje en alle mandjes tellen even zwaar.']
    """
    names, lines, done = edition.basket_names, [], set()
    for note in notes:
        if not note.equal:
            lines.append(note.nl(names, titles))
            continue
        if note.scenario in done:
            continue
        done.add(note.scenario)
        mine = [n for n in notes if n.scenario == note.scenario and n.equal]
        within = [n.scope for n in mine if n.scope != "baskets"]
        across = any(n.scope == "baskets" for n in mine)
        who = nl.official_label() if note.scenario is None else (titles or {}).get(note.scenario, note.scenario)
        every = len(within) == len(edition.basket_ids)
        lines.append(nl.equal_weight_note(who, None if every else [names.get(b, b) for b in within], across))
    return lines


def load_scenarios(specs, edition: Edition, data_dir=None, *,
                   not_applicable: list[ScenarioNotApplicable] | None = None) -> list[Scenario]:
    """Load several scenario files (paths or names), all validated before any is used.

    Args:
        specs: Paths or scenario names (shipped or saved, see
            :func:`~index071lib.data.scenarios.scenario_search_path`); a comma-separated string is split.
        edition: Edition to validate against.
        data_dir: Folder holding ``scenarios/``.
        not_applicable: If given, a scenario that does not fit the edition (written for other editions, or
            naming a parameter or basket it does not have) is appended here, with its reason, and left out;
            otherwise it is an error like any other.

    Returns:
        The scenarios, in order.

    Raises:
        ScenarioError: For the first invalid file, or two scenarios with the same name
            (:class:`~index071lib.errors.ScenarioNotApplicable` for one that does not fit the edition,
            unless ``not_applicable`` collects those).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> [s.name for s in load_scenarios("life_sciences_20, gelijke_wegingen", load_edition(2017))]
        ['life_sciences_20', 'gelijke_wegingen']
    """
    if isinstance(specs, str):
        specs = [s.strip() for s in specs.split(",")]
    scenarios, seen = [], set()
    for spec in [s for s in specs if s]:
        path = resolve_scenario_path(spec, data_dir)
        if not path.exists():
            folders = ", ".join(str(f) for f in scenario_search_path(data_dir))
            raise ScenarioError(path, "(file)", f"scenario file not found, nor a scenario of that name in {folders}")
        if path.resolve() in seen:  # the same file twice (e.g. the batch scenario is also in the list)
            continue
        seen.add(path.resolve())
        try:
            scenario = load_scenario(path, edition)
        except ScenarioNotApplicable as err:
            if not_applicable is None:
                raise
            not_applicable.append(err)
            continue
        if any(s.name == scenario.name for s in scenarios):
            raise ScenarioError(path, "name", f"scenario name {scenario.name!r} used twice")
        scenarios.append(scenario)
    return scenarios


def compare(edition: Edition, scenarios: list[Scenario], *, alignment: str = "lag",
            aggregation: str = "arithmetic") -> pd.DataFrame:
    """Baseline vs each scenario, for every basket and the total, all years (full precision).

    Args:
        edition: The edition.
        scenarios: Scenarios to compare.
        alignment: Alignment method.
        aggregation: Aggregation method of the baseline and of the scenarios that do not name their own.

    Returns:
        Tidy ``scenario, series, year, baseline, value, diff`` (series: baskets in order, then the total).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> t = compare(e, [Scenario(name="ls", basket_weights={"life_sciences_health": 20})])
        >>> list(t.columns), len(t)
        (['scenario', 'series', 'year', 'baseline', 'value', 'diff'], 30)
    """
    base = compute_scenario(edition, None, alignment=alignment, warn=False, aggregation=aggregation).series
    frames = []
    for scenario in scenarios:
        value = compute_scenario(edition, scenario, alignment=alignment, warn=False, aggregation=aggregation).series
        frame = pd.DataFrame({"baseline": base.stack(), "value": value.stack()}).reset_index()
        frame.columns = ["series", "year", "baseline", "value"]
        frame.insert(0, "scenario", scenario.name)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["scenario", "series", "year", "baseline", "value", "diff"])
    table = pd.concat(frames, ignore_index=True)
    table["year"] = table["year"].astype(int)
    table["diff"] = table["value"] - table["baseline"]
    return table


def effective_weight_table(edition: Edition, scenarios: list[Scenario]) -> pd.DataFrame:
    """Effective weight of every parameter in the total (percent) under the baseline and each scenario.

    Args:
        edition: The edition.
        scenarios: Scenarios.

    Returns:
        Tidy ``scenario, parameter, basket, baseline, value, diff`` (weights in percent; each scenario's
        ``value`` column sums to 100).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> t = effective_weight_table(load_edition(2017), [Scenario(name="eq", equal_within=True, equal_across=True)])
        >>> round(float(t["value"].sum()), 6), round(float(t["value"].iloc[0]), 4)
        (100.0, 2.8571)
    """
    from index071lib.core.aggregate import effective_weights

    def eff(scenario):
        weights, baskets = scenario_weights(edition, scenario)
        return effective_weights(weights, edition.basket_of, baskets)

    base = eff(None)
    frames = [pd.DataFrame({"scenario": s.name, "parameter": base.index, "basket": edition.basket_of.values,
                            "baseline": base.values, "value": eff(s).reindex(base.index).values})
              for s in scenarios]
    if not frames:
        return pd.DataFrame(columns=["scenario", "parameter", "basket", "baseline", "value", "diff"])
    table = pd.concat(frames, ignore_index=True)
    table["diff"] = table["value"] - table["baseline"]
    return table


def basket_contributions(edition: Edition, scenario: Scenario | None, *, year: int | None = None,
                         alignment: str = "lag", aggregation: str = "arithmetic") -> pd.DataFrame:
    """Contribution of each basket to the change of the total between the previous year and ``year``.

    Computed by :func:`~index071lib.core.aggregate.contributions` (arithmetic mean: basket weight share ×
    change of the basket, in index points); the contributions add up to the change of the total.

    Args:
        edition: The edition.
        scenario: Scenario (``None`` = baseline).
        year: The later year (default: the latest).
        alignment: Alignment method.
        aggregation: Aggregation method (a scenario's own wins).

    Returns:
        One row per basket: ``basket, share`` (percent), ``change``, ``contribution``.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> t = basket_contributions(load_edition(2017), None)
        >>> round(float(t["contribution"].sum()), 2)
        2.9
    """
    result = compute_scenario(edition, scenario, alignment=alignment, warn=False, aggregation=aggregation)
    years = list(result.baskets.columns)
    year = years[-1] if year is None else year
    previous = years[years.index(year) - 1]
    table = contributions(result.baskets, result.basket_weights, year, previous, aggregation=result.aggregation)
    return pd.DataFrame({"basket": result.baskets.index, "share": (table["share"] * 100.0).values,
                         "change": table["change"].values, "contribution": table["contribution"].values})


def scenario_from_weights(edition: Edition, name: str, description: str, weights, basket_weights, *,
                          aggregation: str | None = None, title: str = "") -> Scenario:
    """A scenario holding only the weights that differ from the annex (for saving slider settings).

    Args:
        edition: The edition (annex weights are the reference).
        name: Scenario name (slug).
        description: Text.
        weights: Parameter weights by id (mapping or Series).
        basket_weights: Basket weights by id.
        aggregation: Aggregation method the scenario names (``None``: none, it follows the run).
        title: How reports name the scenario (e.g. the name as typed; empty: the slug).

    Returns:
        The scenario (validated: raises :class:`~index071lib.errors.ScenarioError` like a file would).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> s = scenario_from_weights(e, "x", "", e.weights, {**e.basket_weights, "regiomarketing": 25})
        >>> s.basket_weights, s.parameter_weights
        ({'regiomarketing': 25.0}, {})
    """
    from index071lib.data.scenarios import parse_scenario

    weights, basket_weights = pd.Series(weights, dtype=float), pd.Series(basket_weights, dtype=float)
    params = {k: float(v) for k, v in weights.items() if abs(v - edition.weights[k]) > TOLERANCE}
    baskets = {k: float(v) for k, v in basket_weights.items() if abs(v - edition.basket_weights[k]) > TOLERANCE}
    data = {"name": name, "title": title, "description": description}
    if params:
        data["parameter_weights"] = params
    if baskets:
        data["basket_weights"] = baskets
    if aggregation:
        data["aggregation"] = aggregation
    scenario = parse_scenario(data, edition, f"<scenario {name}>")
    scenario.path = None
    return scenario


def scenario_titles(scenarios: list[Scenario]) -> dict[str, str]:
    """Scenario name (slug) → how readers see it (:attr:`Scenario.label`: the file's title, else the slug).

    Example:
        >>> scenario_titles([Scenario(name="a", title="Alles anders"), Scenario(name="b")])
        {'a': 'Alles anders', 'b': 'b'}
    """
    return {s.name: s.label for s in scenarios}


def comparison_wide_nl(table: pd.DataFrame, names: dict[str, str], decimals: int = 1,
                       titles: dict[str, str] | None = None) -> pd.DataFrame:
    """A comparison table for readers: one row per scenario and series, years as columns, Dutch numbers.

    Args:
        table: Output of :func:`compare`.
        names: Series names by id (``Edition.basket_names``).
        decimals: Decimals shown.
        titles: Scenario name → title (:func:`scenario_titles`); default: the names.

    Returns:
        Rows ``(Scenario, Reeks)`` in the order of the table, columns per year, cells ``"112,5 (+0,3)"``
        (value, difference).
    """
    titles = titles or {}
    cells = table.assign(cell=[f"{nl_number(v, decimals)} ({nl_number(d, decimals, sign=True)})"
                               for v, d in zip(table["value"], table["diff"])],
                         _name=table["series"].map(lambda s: names.get(s, s)),
                         _title=table["scenario"].map(lambda s: titles.get(s, s)))
    order = list(dict.fromkeys(table["series"]))
    runs = list(dict.fromkeys(table["scenario"]))
    cells["_o"] = cells["series"].map(order.index)
    cells["_s"] = cells["scenario"].map(runs.index)
    wide = cells.pivot_table(index=["_s", "_title", "_o", "_name"], columns="year", values="cell", aggfunc="first",
                             sort=False)
    wide = wide.sort_index(level=["_s", "_o"], sort_remaining=False).droplevel(["_s", "_o"])
    wide.index.names = [COL["scenario"], COL["series"]]
    wide.columns.name = None
    return wide


def effective_weights_nl(edition: Edition, table: pd.DataFrame, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Effective weights for readers: one row per parameter, the baseline and each scenario (Dutch %).

    Args:
        edition: The edition (names).
        table: Output of :func:`effective_weight_table`.
        titles: Scenario name → column header (:func:`scenario_titles`); default: the names.

    Returns:
        Rows ``(Mandje, Parameter)``; columns ``Basisweging`` and one per scenario; cells like ``"8,2%"``.
    """
    wide = table.pivot(index="parameter", columns="scenario", values="value").reindex(edition.parameters.index)
    base = table.drop_duplicates("parameter").set_index("parameter")["baseline"].reindex(wide.index)
    out = pd.DataFrame({COL["basket"]: edition.basket_of.map(edition.basket_names).reindex(wide.index).values,
                        COL["parameter"]: [edition.parameter_labels[p] for p in wide.index],
                        COL["baseline"]: [nl_percent(v, 1) for v in base]})
    for scenario in dict.fromkeys(table["scenario"]):
        out[(titles or {}).get(scenario, scenario)] = [nl_percent(v, 1) for v in wide[scenario]]
    return out.set_index([COL["basket"], COL["parameter"]])


def contributions_nl(edition: Edition, scenarios: list[Scenario], *, alignment: str = "lag",
                     aggregation: str = "arithmetic") -> pd.DataFrame:
    """Contribution of each basket to the latest change of the total, baseline and each scenario (Dutch).

    Args:
        edition: The edition.
        scenarios: Scenarios.
        alignment: Alignment method.
        aggregation: Aggregation method of the baseline and of the scenarios that do not name their own.

    Returns:
        One row per basket plus a total row; columns ``Mandje``, ``Basisweging`` and one per scenario;
        cells are contributions in index points (``"+1,98"``).
    """
    names = edition.basket_names
    columns = {COL["baseline"]: basket_contributions(edition, None, alignment=alignment, aggregation=aggregation)}
    for scenario in scenarios:
        columns[scenario.label] = basket_contributions(edition, scenario, alignment=alignment, aggregation=aggregation)
    out = pd.DataFrame({COL["basket"]: [names[b] for b in edition.basket_ids] + [names[edition.total_id]]})
    for label, frame in columns.items():
        values = list(frame["contribution"]) + [frame["contribution"].sum()]
        out[label] = [nl_number(v, 2, sign=True) for v in values]
    return out
