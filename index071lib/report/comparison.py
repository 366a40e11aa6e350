"""Everything the comparison report (``notebooks/editions.ipynb``) shows, with Dutch tables and a chart.

:func:`compare_editions` loads an edition and the previous one and computes the changelog, the
structural changes, the revised values, both index series, the revision of every basket and the total
by cause, and the fill-in status. The ``*_nl``
functions turn those tables into Dutch, display-rounded tables (numbers stay full precision in the
comparison object).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from index071lib.analysis.revision_causes import CAUSES, index_revisions
from index071lib.analysis.revisions import compare_series, revisions, structure_changes
from index071lib.analysis.status import edition_status
from index071lib.core.pipeline import compute_index
from index071lib.core.rereference import linked_old_index, load_old_index
from index071lib.data.changelog import Changelog, changes_section, load_changelog
from index071lib.data.edition import Edition, load_edition
from index071lib.data.scaffold import previous_edition
from index071lib.errors import OptionError
from index071lib.text import nl
from index071lib.text.fmt import MISSING, nl_number, nl_weight
from index071lib.text.markup import chart_text

COL = nl.COL


@dataclass
class EditionComparison:
    """An edition next to the previous one (``previous`` is ``None`` when there is none)."""

    current: Edition
    previous: Edition | None
    changelog: Changelog
    structure: pd.DataFrame
    revisions: pd.DataFrame
    series: pd.DataFrame
    status: pd.DataFrame
    linked: pd.DataFrame | None = None
    index: pd.DataFrame | None = None  # analysis.revision_causes.index_revisions (None without a previous edition)

    def intro(self) -> str:
        """One Dutch sentence naming the editions compared (Markdown)."""
        if self.previous is None:
            return nl.comparison_intro(self.current.year, None)
        return nl.comparison_intro(self.current.year, self.previous.year, len(self.current.parameters),
                                   self.current.years[0], self.current.years[-1])

    def section(self) -> str:
        """The Dutch "Wijzigingen ten opzichte van de vorige editie" section (Markdown)."""
        return changes_section(self.changelog, self.current, self.previous)


def compare_editions(edition: int | None = None, against: int | None = None,
                     data_dir: Path | str | None = None) -> EditionComparison:
    """Load an edition and its predecessor and compare them.

    Args:
        edition: Edition year (default / 0: the latest present).
        against: Edition to compare with (default / 0: the newest before ``edition``).
        data_dir: Data folder (default / ``""``: the default data folder).

    Returns:
        An :class:`EditionComparison`; without a previous edition its tables are empty. ``linked``
        holds the old index linked to the new one when the edition carries one (``old_index.csv``).

    Raises:
        OptionError: If ``against`` is the edition itself.
        DataError: For invalid input files.

    Example:
        >>> c = compare_editions(2017)
        >>> c.previous is None, c.revisions.empty, len(c.status)
        (True, True, 38)
    """
    data_dir = data_dir or None
    current = load_edition(edition or None, data_dir)
    against = against or previous_edition(current.year, data_dir)
    if against == current.year:
        raise OptionError("against", f"must be another edition than {current.year}")
    previous = load_edition(against, data_dir) if against else None
    changelog = load_changelog(current, previous)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # weight normalisation notes belong to the overview report
        result = compute_index(current, warn=False)
        prev_result = compute_index(previous, warn=False) if previous is not None else None
    index = None
    if previous is None:
        structure = structure_changes(current, current).iloc[0:0]
        revised = revisions(current, current).iloc[0:0]
        series = compare_series(result, result).assign(previous=float("nan"), difference=float("nan"))
    else:
        structure = structure_changes(current, previous, changelog)
        revised = revisions(current, previous, changelog)
        series = compare_series(result, prev_result)
        index = index_revisions(current, previous, changelog)
    old = load_old_index(current)
    linked = linked_old_index(result.series, old) if old is not None else None
    if linked is not None:
        linked.attrs["old_base_year"] = old.attrs.get("base_year")
    return EditionComparison(current=current, previous=previous, changelog=changelog, structure=structure,
                             revisions=revised, series=series, status=edition_status(current), linked=linked,
                             index=index)


def revisions_nl(table: pd.DataFrame) -> pd.DataFrame:
    """Revised values as a Dutch table (index numbers with one decimal, Dutch notation).

    Args:
        table: Output of :func:`~index071lib.analysis.revisions.revisions`.

    Returns:
        Columns Parameter, Jaar, Vorige editie, Deze editie, Verschil, Soort, Oorzaak (text); a value that was
        missing before (``filled``) has cause *nagekomen cijfer* unless its method changed.

    Example:
        >>> t = pd.DataFrame([{"parameter": "x", "name": "Aantal x", "year": 2015, "previous": 104.0,
        ...                    "current": 106.5, "change": 2.5, "kind": "revised", "cause": "data"}])
        >>> revisions_nl(t).iloc[0].tolist()
        ['Aantal x', '2015', '104,0', '106,5', '+2,5', 'herzien', 'herziening cijfers']
    """
    return pd.DataFrame({
        COL["parameter"]: table["name"], COL["year"]: table["year"].astype(int).astype(str),
        COL["previous_edition"]: table["previous"].map(lambda v: nl_number(v, 1)),
        COL["this_edition"]: table["current"].map(lambda v: nl_number(v, 1)),
        COL["difference"]: table["change"].map(lambda v: nl_number(v, 1, sign=True)),
        COL["kind"]: table["kind"].map(nl.REVISION_KIND),
        COL["cause"]: table["cause"].where((table["kind"] != "filled") | (table["cause"] != "data"), "late")
                                    .map(nl.REVISION_CAUSE),  # a value missing before is a late figure
    })


def structure_nl(table: pd.DataFrame) -> pd.DataFrame:
    """Structural changes as a Dutch table (weights as ``15%``; ``ja``/``nee`` for the changelog).

    Args:
        table: Output of :func:`~index071lib.analysis.revisions.structure_changes`.

    Returns:
        Columns Onderdeel, Naam, Wijziging, Vorige editie, Deze editie, In changelog (text); weights (also of
        what was added or dropped) as percentages.

    Example:
        >>> t = pd.DataFrame([{"level": "basket", "id": "x", "name": "Regio", "change": "weight", "previous": 19.0,
        ...                    "current": 21.0, "documented": False}])
        >>> structure_nl(t).iloc[0].tolist()
        ['mandje', 'Regio', 'weging', '19%', '21%', 'nee']
    """
    def show(value, change):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return MISSING
        return nl_weight(value) if change in ("weight", "added", "dropped") else str(value)

    return pd.DataFrame({
        COL["item"]: table["level"].map(nl.STRUCTURE_LEVEL),
        COL["name"]: [MISSING if n is None or n != n else str(n) for n in table["name"]],
        COL["change"]: table["change"].map(nl.STRUCTURE_CHANGE),
        COL["previous_edition"]: [show(v, c) for v, c in zip(table["previous"], table["change"])],
        COL["this_edition"]: [show(v, c) for v, c in zip(table["current"], table["change"])],
        COL["in_changelog"]: table["documented"].map(nl.YES_NO),
    })


def index_nl(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Every basket and the total in both editions, per year, with the revision (Dutch, one decimal).

    Args:
        table: Output of :func:`~index071lib.analysis.revision_causes.index_revisions`.
        names: Display name per series id (``Edition.basket_names``).

    Returns:
        Columns Reeks, Jaar, Vorige editie, Deze editie, Herziening (text).

    Example:
        >>> t = pd.DataFrame([{"series": "t", "year": 2016, "previous": 112.52, "current": 110.91,
        ...                    "revision": -1.61}])
        >>> index_nl(t, {"t": "Totaal"}).iloc[0].tolist()
        ['Totaal', '2016', '112,5', '110,9', '-1,6']
    """
    return pd.DataFrame({
        COL["series"]: table["series"].map(lambda s: names.get(s, s)),
        COL["year"]: table["year"].astype(int).astype(str),
        COL["previous_edition"]: table["previous"].map(lambda v: nl_number(v, 1)),
        COL["this_edition"]: table["current"].map(lambda v: nl_number(v, 1)),
        COL["revision"]: table["revision"].map(lambda v: nl_number(v, 1, sign=True)),
    })


def causes_nl(table: pd.DataFrame, names: dict[str, str], *, decimals: int = 2) -> pd.DataFrame:
    """The revision of every basket and the total per year, split by cause (Dutch).

    Only the causes that move some series by at least half the last shown decimal get a column (the
    others are zero here); the shown causes may then differ from the revision by rounding.

    Args:
        table: Output of :func:`~index071lib.analysis.revision_causes.index_revisions`.
        names: Display name per series id.
        decimals: Decimals shown.

    Returns:
        Columns Reeks, Jaar, Herziening, then one per cause (:data:`index071lib.text.nl.REVISION_CAUSES`), in
        the order they were swapped in (text; ``0`` shown as ``0,00``).

    Example:
        >>> row = {"series": "t", "year": 2016, "previous": 1.0, "current": 1.5, "revision": 0.5, "revised": 0.2,
        ...        "method": 0.0, "late": 0.3, "years": 0.0, "parameter_weights": 0.0, "basket_weights": 0.0,
        ...        "parameters": 0.0}
        >>> causes_nl(pd.DataFrame([row]), {"t": "Totaal"}).iloc[0].tolist()
        ['Totaal', '2016', '+0,50', '+0,20', '+0,30']
    """
    threshold = 0.5 * 10 ** -decimals
    shown = [c for c in CAUSES if (table[c].abs() >= threshold).any()]
    frame = pd.DataFrame({
        COL["series"]: table["series"].map(lambda s: names.get(s, s)),
        COL["year"]: table["year"].astype(int).astype(str),
        COL["revision"]: table["revision"].map(lambda v: nl_number(v, decimals, sign=True)),
    })
    for cause in shown:
        frame[nl.REVISION_CAUSES[cause]] = table[cause].map(lambda v: nl_number(v, decimals, sign=True))
    return frame


def status_nl(table: pd.DataFrame) -> pd.DataFrame:
    """The fill-in status of the parameters that are not complete, as a Dutch table.

    Args:
        table: Output of :func:`~index071lib.analysis.status.edition_status`.

    Returns:
        Columns Parameter, Bron, Laatste jaar, Ontbreekt, Status (text), one row per open parameter.

    Example:
        >>> t = pd.DataFrame([{"id": "x", "basket": "b", "name": "Aantal x", "source": "CBS", "last_year": 2016,
        ...                    "lag": 1, "missing_years": "2017", "status": "lagged"}])
        >>> status_nl(t).iloc[0].tolist()
        ['Aantal x', 'CBS', '2016', '2017', 'ouder cijfer (verschoven)']
    """
    open_ = table[table["status"] != "complete"]
    return pd.DataFrame({
        COL["parameter"]: open_["name"], COL["source"]: open_["source"],
        COL["last_year"]: open_["last_year"].map(lambda v: MISSING if pd.isna(v) else str(int(v))),
        COL["missing"]: open_["missing_years"], COL["status"]: open_["status"].map(nl.FILL_STATUS),
    }).reset_index(drop=True)


def _finish(fig, ax, title: str, base_year: int):
    """Title, Dutch axis labels and numbers, legend and layout shared by the comparison charts."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_title(chart_text(title))  # names a series from data
    ax.set_xlabel(nl.AXIS_YEAR)
    ax.set_ylabel(nl.axis_index(base_year))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: nl_number(v)))
    ax.legend()
    fig.tight_layout()
    return fig


def comparison_chart(comparison: EditionComparison, series: str | None = None):
    """Line chart (Dutch labels) of one series in both editions.

    Args:
        comparison: From :func:`compare_editions`.
        series: Series id (default: the total).

    Returns:
        A matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    series = series or comparison.current.total_id
    data = comparison.series[comparison.series["series"] == series]
    names = comparison.current.basket_names
    fig, ax = plt.subplots(figsize=(7, 3.5))
    previous = comparison.previous.year if comparison.previous is not None else None
    ax.plot(data["year"], data["current"], marker="o", label=nl.edition_label(comparison.current.year))
    if previous is not None:
        ax.plot(data["year"], data["previous"], marker="s", linestyle="--", label=nl.edition_label(previous))
    title = nl.comparison_title(names.get(series, series), comparison.current.year, previous)
    return _finish(fig, ax, title, comparison.current.base_year)


def old_new_chart(comparison: EditionComparison, series: str | None = None):
    """The old index (previous base, linked at the overlap year) and the new one in one chart.

    Args:
        comparison: From :func:`compare_editions`, with ``linked`` set.
        series: Series id (default: the total).

    Returns:
        A matplotlib Figure with Dutch labels.

    Raises:
        ValueError: If the edition carries no old index.
    """
    import matplotlib.pyplot as plt

    if comparison.linked is None:
        raise ValueError(f"edition {comparison.current.year} has no old index (files: old_index: in edition.yml)")
    series = series or comparison.current.total_id
    data = comparison.linked[comparison.linked["series"] == series]
    overlap = comparison.linked.attrs["overlap_year"]
    old_base = comparison.linked.attrs.get("old_base_year")
    base = comparison.current.base_year
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(data["year"], data["new"], marker="o", label=nl.new_index_label(base))
    ax.plot(data["year"], data["old_linked"], marker="s", linestyle="--", label=nl.old_index_label(overlap, old_base))
    return _finish(fig, ax, nl.old_new_title(comparison.current.basket_names.get(series, series)), base)
