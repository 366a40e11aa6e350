"""Why the index of an edition differs from the previous edition's: the revision of every series, by cause.

The revision of a basket or the total in a year is its value in the new edition minus its value in the
previous edition (both computed with the same method). :func:`index_revisions` splits it into causes by
swapping the new edition in one cause at a time, recomputing with :func:`~index071lib.core.pipeline.compute_index`
after every step, and taking the differences between consecutive steps. The steps, in this order:

1. ``revised`` — data revisions: values of the same parameter and year that differ (or that the new edition
   no longer has), for parameters whose source and method did not change;
2. ``method`` — the same for parameters whose changelog entry says their source or method changed;
3. ``late`` — late figures: values for years of the previous edition that were missing there;
4. ``years`` — the new edition's years: the new year's figures, and how the lag alignment shifts the series
   of a parameter that has no figure for it yet (dropped parameters have none);
5. ``parameter_weights`` — the new weights of the parameters in both editions;
6. ``basket_weights`` — the new weights of the baskets in both editions;
7. ``parameters`` — everything else: parameters added and dropped, parameters moved to another basket,
   baskets added and removed (the result is the new edition itself).

The causes telescope: they add up to the revision (to float precision) whatever the order, but how much
each one gets depends on the order (an effect of two causes together goes to the later one). The order
above is fixed and documented in ``docs/editions.md``.
"""

from __future__ import annotations

import copy
import dataclasses

import pandas as pd

from index071lib.core.pipeline import compute_index
from index071lib.data.changelog import Changelog
from index071lib.data.edition import Edition

#: The causes, in the order they are swapped in.
CAUSES = ("revised", "method", "late", "years", "parameter_weights", "basket_weights", "parameters")
#: Values closer than this count as equal (as :data:`index071lib.analysis.revisions.TOLERANCE`).
TOLERANCE = 1e-9


def _with(edition: Edition, **changes) -> Edition:
    """A copy of an edition with some attributes replaced (the source edition is not changed)."""
    return dataclasses.replace(edition, **changes)


def revision_steps(current: Edition, previous: Edition, changelog: Changelog | None = None,
                   *, tolerance: float = TOLERANCE) -> list[tuple[str, Edition]]:
    """The editions between the previous and the current one, one cause swapped in at a time.

    Args:
        current: The newer edition.
        previous: The older edition.
        changelog: The newer edition's changelog (its ``method_changed``/``source_changed`` parameters);
            ``None``: every revision counts as a data revision.
        tolerance: Absolute difference below which two values are equal.

    Returns:
        ``[("previous", previous), (cause, edition after that step) for each of CAUSES]``; the last
        edition is ``current`` itself.
    """
    method = changelog.method_changed if changelog is not None else set()
    common = [p for p in previous.parameters.index if p in current.parameters.index]
    years = [y for y in previous.years if y in current.years]
    prev = previous.values.loc[common, years]
    cur = current.values.loc[common, years]
    changed = (prev.notna() & ((cur - prev).abs() > tolerance)) | (prev.notna() & cur.isna())
    is_method = pd.Series([p in method for p in common], index=common)
    masks = {"revised": changed.mul(~is_method, axis=0), "method": changed.mul(is_method, axis=0),
             "late": prev.isna() & cur.notna()}
    steps = [("previous", previous)]
    state = previous
    for cause in ("revised", "method", "late"):
        values = state.values.copy()
        block = values.loc[common, years]
        values.loc[common, years] = block.mask(masks[cause].astype(bool), cur)
        state = _with(state, values=values)
        steps.append((cause, state))
    values = state.values.reindex(columns=current.years)
    values.loc[common, current.years] = current.values.loc[common, current.years]
    values.columns.name = "year"
    meta = {**state.meta, "years": list(current.years)}
    state = _with(state, values=values, meta=meta)
    steps.append(("years", state))
    parameters = state.parameters.copy()
    parameters.loc[common, "weight"] = current.parameters.loc[common, "weight"]
    state = _with(state, parameters=parameters)
    steps.append(("parameter_weights", state))
    new_weights = current.basket_weights
    meta = copy.deepcopy(state.meta)
    meta["baskets"] = [{**b, "weight": float(new_weights[b["id"]])} if b["id"] in new_weights.index else b
                       for b in meta["baskets"]]
    state = _with(state, meta=meta)
    steps.append(("basket_weights", state))
    steps.append(("parameters", current))
    return steps


def index_revisions(current: Edition, previous: Edition, changelog: Changelog | None = None, *,
                    alignment: str = "lag", aggregation: str = "arithmetic") -> pd.DataFrame:
    """Every basket and the total, previous vs current edition, per year, with the revision by cause.

    Args:
        current: The newer edition.
        previous: The older edition.
        changelog: The newer edition's changelog (which revisions are method changes).
        alignment: Alignment of both editions (default: the publication's ``lag``).
        aggregation: Aggregation of both editions (default: ``arithmetic``).

    Returns:
        Tidy ``series, year, previous, current, revision`` and one column per cause in :data:`CAUSES`
        (index points; they add up to ``revision``), for the series of both editions (the current
        edition's baskets that the previous one also had, then the total) and the years of both.
        Full precision.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> t = index_revisions(e, e)
        >>> len(t), float(t[["revision", *CAUSES]].abs().to_numpy().max())
        (30, 0.0)
    """
    results = [(cause, compute_index(edition, alignment=alignment, aggregation=aggregation, warn=False).series)
               for cause, edition in revision_steps(current, previous, changelog)]
    years = [y for y in current.years if y in previous.years]
    series = [s for s in results[-1][1].index if s in results[0][1].index]
    frames = {cause: frame.reindex(index=series, columns=years) for cause, frame in results}
    first, last = frames["previous"], frames["parameters"]
    out = pd.DataFrame({"series": [s for s in series for _ in years], "year": years * len(series),
                        "previous": first.to_numpy(dtype=float).ravel(),
                        "current": last.to_numpy(dtype=float).ravel()})
    out["revision"] = out["current"] - out["previous"]
    before = first
    for cause in CAUSES:
        out[cause] = (frames[cause] - before).to_numpy(dtype=float).ravel()
        before = frames[cause]
    return out
