"""The whole computation of an edition: align → baskets → total, and the reproduction check.

Two seams choose the method: the alignment (:data:`index071lib.core.align.ALIGNMENTS`, default ``lag``)
and the aggregation (:data:`index071lib.core.aggregate.AGGREGATIONS`, default ``arithmetic``); the
defaults reproduce the publication.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from index071lib.core.aggregate import (
    aggregate_baskets,
    aggregate_total,
    check_aggregation,
    effective_weights,
    non_positive_cells,
)
from index071lib.core.align import align, cell_status
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario, scenario_aggregation, scenario_weights
from index071lib.errors import DataError, OptionError
from index071lib.text.fmt import round_half_up


@dataclass
class IndexResult:
    """Result of :func:`compute_index`.

    Attributes:
        aligned: Parameters × years after alignment (full precision).
        vintage: Data year of each aligned cell (``<NA>`` = filled or missing).
        status: ``observed`` / ``lagged`` / ``filled`` / ``missing`` per cell.
        baskets: Baskets × years.
        total: The total index per year.
        weights: Parameter weights used (as given, before normalisation).
        basket_weights: Basket weights used (as given).
        basket_of: Basket id per parameter.
        alignment: The alignment method used.
        total_id: Id of the total series.
        base_year: Year in which every series is 100 (``None``: the edition's base year, as loaded).
        aggregation: The aggregation method used (``arithmetic`` or ``geometric``).
    """

    aligned: pd.DataFrame
    vintage: pd.DataFrame
    status: pd.DataFrame
    baskets: pd.DataFrame
    total: pd.Series
    weights: pd.Series
    basket_weights: pd.Series
    basket_of: pd.Series
    alignment: str
    total_id: str = "index071"
    base_year: int | None = None
    aggregation: str = "arithmetic"

    @property
    def series(self) -> pd.DataFrame:
        """Baskets and total, series × years."""
        total = self.total.to_frame(self.total_id).T
        return pd.concat([self.baskets, total])

    @property
    def effective_weights(self) -> pd.Series:
        """Weight of each parameter in the total, in percent."""
        return effective_weights(self.weights, self.basket_of, self.basket_weights)


def require_aggregation(edition: Edition, aggregation: str) -> str:
    """Check that an edition can be aggregated with a method: the geometric mean needs index values > 0.

    Args:
        edition: A loaded edition.
        aggregation: The method.

    Returns:
        ``aggregation``.

    Raises:
        OptionError: For an unknown method.
        DataError: Naming the values file, each parameter and year with a value ≤ 0 (geometric mean).
    """
    check_aggregation(aggregation)
    if aggregation == "geometric":
        bad = non_positive_cells(edition.values)
        if bad:
            raise DataError(edition.path / edition.files.get("values", "values.csv"),
                            [(f"parameter '{p}', year {y}", "value",
                              f"the geometric mean (aggregation: geometric) needs index values > 0, got {v:g}")
                             for p, y, v in bad])
    return aggregation


def compute_index(edition: Edition, *, alignment: str = "lag", weights: pd.Series | None = None,
                  basket_weights: pd.Series | None = None, warn: bool = True,
                  base_year: int | None = None, aggregation: str = "arithmetic") -> IndexResult:
    """Compute the basket and total series of an edition from its parameter table.

    Args:
        edition: A loaded edition.
        alignment: ``"lag"`` (default; reproduces the publication), ``"carry"`` or ``"available"``.
        weights: Parameter weights (default: the annex weights). Parameters with weight 0 count nothing.
        basket_weights: Basket weights (default: the annex weights).
        warn: Emit :class:`~index071lib.errors.WeightSumWarning` for weights not summing to 100.
        base_year: Present the result on another base year (:func:`index071lib.core.rereference.rereference`:
            every series divided by its value in that year; growth rates unchanged).
        aggregation: ``"arithmetic"`` (default; the publication's) or ``"geometric"`` weighted mean, for the
            baskets and the total alike.

    Raises:
        OptionError: If ``base_year`` is not one of the edition's years, or the aggregation is unknown.
        DataError: For the geometric mean, an index value ≤ 0 (naming the values file, parameter and year).

    Returns:
        An :class:`IndexResult` (nothing is rounded).
    """
    if base_year is not None and base_year not in edition.years:
        raise OptionError("base_year", f"{base_year} is not one of the years of edition {edition.year} "
                                       f"{edition.years}")
    require_aggregation(edition, aggregation)
    weights = edition.weights if weights is None else weights.reindex(edition.parameters.index)
    basket_weights = edition.basket_weights if basket_weights is None else basket_weights
    aligned, vintage = align(edition.values, alignment)
    with warnings.catch_warnings():
        if not warn:
            warnings.simplefilter("ignore")
        baskets = aggregate_baskets(aligned, weights, edition.basket_of, edition.basket_ids, warn=warn,
                                    aggregation=aggregation)
        total = aggregate_total(baskets, basket_weights, warn=warn, aggregation=aggregation)
    total.name = edition.total_id
    result = IndexResult(aligned=aligned, vintage=vintage, status=cell_status(vintage, aligned), baskets=baskets,
                         total=total, weights=weights, basket_weights=basket_weights, basket_of=edition.basket_of,
                         alignment=alignment, total_id=edition.total_id, base_year=edition.base_year,
                         aggregation=aggregation)
    if base_year is not None and base_year != edition.base_year:
        from index071lib.core.rereference import rereference
        result = rereference(result, base_year)
    return result


def reproduction(edition: Edition, result: IndexResult) -> pd.DataFrame:
    """Computed vs published series, cell by cell.

    Args:
        edition: The edition (its ``published`` table).
        result: A computed result.

    Returns:
        Tidy table ``series, year, computed, published, diff, rounded_equal`` (series in basket order,
        then the total). ``rounded_equal`` compares the computed value rounded half-up to whole points
        (``<NA>`` where nothing is published: a new edition, or a result on another base year, whose
        ``published`` column is then empty).
    """
    computed = result.series.stack().rename("computed")
    published = edition.published.stack().rename("published")
    if result.base_year is not None and result.base_year != edition.base_year:
        published = published.iloc[0:0]
    table = pd.concat([computed, published], axis=1).reset_index()
    table.columns = ["series", "year", "computed", "published"]
    order = {s: i for i, s in enumerate(list(result.series.index))}
    table = table[table["series"].isin(order)].copy()
    table["_o"] = table["series"].map(order)
    table = table.sort_values(["_o", "year"]).drop(columns="_o").reset_index(drop=True)
    table["year"] = table["year"].astype(int)
    table["diff"] = table["computed"] - table["published"]
    equal = (round_half_up(table["computed"]) == table["published"]).astype("boolean")
    table["rounded_equal"] = equal.where(table["published"].notna(), pd.NA)
    return table


def compute_scenario(edition: Edition, scenario: Scenario | None, *, alignment: str = "lag", warn: bool = True,
                     aggregation: str = "arithmetic"):
    """Run the standard pipeline with the weights of a scenario (nothing copied, same code path).

    Args:
        edition: The edition.
        scenario: The scenario (``None`` = baseline).
        alignment: Alignment method.
        warn: Emit weight-normalisation warnings.
        aggregation: The run's aggregation method; a scenario that names its own uses that one
            (:func:`~index071lib.data.scenarios.scenario_aggregation`).

    Returns:
        An :class:`~index071lib.core.pipeline.IndexResult`.
    """
    weights, baskets = scenario_weights(edition, scenario)
    return compute_index(edition, alignment=alignment, weights=weights, basket_weights=baskets, warn=warn,
                         aggregation=scenario_aggregation(scenario, aggregation))
