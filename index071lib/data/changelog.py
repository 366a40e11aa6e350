"""The changelog of an edition (``changelog.yml``): what changed since the previous edition, and why.

Each edition may carry a ``changelog.yml`` (name configurable as ``files: changelog:`` in
``edition.yml``) with a list of changes. Reasons are Dutch (they are printed in the report)::

    edition: 2018
    previous: 2017
    changes:
      - kind: parameter_added      # parameter: id in parameters.csv
        parameter: fietsparkeren
        reason: "Nieuwe parameter voor de bereikbaarheid van de binnenstad."
      - kind: parameter_dropped    # parameter: id of the previous edition; name: optional
        parameter: misdrijven
        reason: "Wordt niet meer per regio gepubliceerd."
      - kind: weight_changed       # old/new: optional numbers (checked against the editions)
        parameter: expats
        old: 19
        new: 21
        reason: "..."
      - kind: source_changed       # revised values; new: the new source (optional)
        parameter: werkgelegenheid_totaal
        new: "Holland Rijnland"
        reason: "..."
      - kind: method_changed       # same source, other definition (revised values)
        parameter: opheffingen
        reason: "..."
      - kind: base_year            # old/new: years (new must be the edition's base year)
        old: 2008
        new: 2012
        reason: "..."
      - kind: basket_weight_changed  # basket: id in edition.yml; old/new: optional numbers (checked)
        basket: life_sciences_health
        old: 30
        new: 28
        reason: "..."
      - kind: basket_added         # basket: id in edition.yml (not in the previous edition)
      - kind: basket_removed       # basket: id of the previous edition; name: optional
      - kind: basket_renamed       # basket: id in both editions; old/new: optional names (new is checked)

The file is validated on load by a pandera schema (kinds, slugs, non-empty reasons, numbers) and
against the edition (an added parameter must be in ``parameters.csv``, a dropped one must not);
problems raise :class:`~index071lib.errors.ChangelogError` naming the file, the entry and the key.
The Dutch report section is :func:`changes_section` (its wording: :mod:`index071lib.text.nl`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from index071lib.data.edition import Edition
from index071lib.data.readers import read_yaml
from index071lib.data.schemas import SLUG, YEARS
from index071lib.errors import ChangelogError
from index071lib.text import nl
from index071lib.text.markup import md_text

PARAMETER_KINDS = ("parameter_added", "parameter_dropped", "weight_changed", "source_changed", "method_changed")
#: Kinds about a basket (the entry names it with ``basket:``).
BASKET_KINDS = ("basket_weight_changed", "basket_added", "basket_removed", "basket_renamed")
KINDS = (*PARAMETER_KINDS, "base_year", *BASKET_KINDS)
#: Kinds whose ``old``/``new`` are numbers (weights, years).
NUMBER_KINDS = ("weight_changed", "basket_weight_changed", "base_year")
#: Kinds after which the values of a parameter are not comparable with the previous edition.
METHOD_KINDS = ("source_changed", "method_changed")
COLUMNS = ["kind", "parameter", "basket", "name", "old", "new", "reason"]
DEFAULT_FILE = "changelog.yml"


@dataclass
class Changelog:
    """The validated changelog of an edition.

    Attributes:
        edition: Edition year the changelog belongs to.
        previous: Year of the previous edition (``None`` if not stated).
        changes: One row per change: ``kind, parameter, basket, name, old, new, reason`` (in file order).
        path: The file read (``None`` when the edition has no changelog).
    """

    edition: int
    previous: int | None
    changes: pd.DataFrame
    path: Path | None = None

    def of_kind(self, *kinds: str) -> pd.DataFrame:
        """The changes of the given kinds."""
        return self.changes[self.changes["kind"].isin(kinds)]

    @property
    def method_changed(self) -> set[str]:
        """Parameters whose source or method changed (their revisions are method changes)."""
        return set(self.of_kind(*METHOD_KINDS)["parameter"])


def changelog_path(edition: Edition) -> Path:
    """Where an edition's changelog lives (``files: changelog:`` in edition.yml, else ``changelog.yml``).

    Args:
        edition: A loaded edition.

    Returns:
        The path (the file may not exist).
    """
    return edition.path / (edition.files.get("changelog") or DEFAULT_FILE)


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "kind": pa.Column(str, pa.Check.isin(KINDS, error=f"unknown kind; expected one of {list(KINDS)}")),
            "parameter": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a parameter id (slug)"),
                                   nullable=True),
            "basket": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a basket id (slug)"), nullable=True),
            "name": pa.Column(str, nullable=True),
            "reason": pa.Column(str, pa.Check.str_length(min_value=1, error="reason must not be empty")),
        },
    )


def _entry_label(index: int, row: dict) -> str:
    label = f"changes[{index}]"
    for key in ("parameter", "basket"):
        if isinstance(row.get(key), str):
            label += f" ({key} '{row[key]}')"
    return label


def _validate_entries(path: Path, entries: list) -> pd.DataFrame:
    problems = []
    rows = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append((f"changes[{i}]", "-", "must be a mapping with kind and reason"))
            continue
        unknown = sorted(set(entry) - set(COLUMNS))
        for key in unknown:
            problems.append((_entry_label(i, entry), key, f"unknown key; allowed: {COLUMNS}"))
        if "reason" not in entry:
            problems.append((_entry_label(i, entry), "reason", "required key is missing (why, in Dutch)"))
        rows.append({c: entry.get(c) for c in COLUMNS})
    if problems:
        raise ChangelogError(path, problems)
    if not rows:
        return pd.DataFrame(columns=COLUMNS, dtype=object)
    for row in rows:
        for key in ("kind", "parameter", "basket", "name", "reason"):
            row[key] = None if row[key] is None else str(row[key]).strip()
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    text = frame[["kind", "parameter", "basket", "name", "reason"]]
    try:
        _schema().validate(text, lazy=True)
    except SchemaErrors as err:
        seen = set()
        for case in err.failure_cases.itertuples(index=False):
            idx = case.index
            if idx is None or (isinstance(idx, float) and pd.isna(idx)):
                continue
            column = case.column if isinstance(case.column, str) else "parameter"
            key = (int(idx), column)
            if key in seen:
                continue
            seen.add(key)
            message = {"not_nullable": "is empty but required"}.get(str(case.check), str(case.check))
            problems.append((_entry_label(int(idx), rows[int(idx)]), column, f"{message} (got {case.failure_case!r})"))
        if not problems:  # a table-level failure without a row
            problems = [("changes", "-", str(c)) for c in err.failure_cases["check"].unique()]
        raise ChangelogError(path, sorted(problems)) from None
    for i, row in frame.iterrows():
        for key in ("old", "new"):
            value = row[key]
            if row["kind"] in NUMBER_KINDS and _given(value):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
                    problems.append((_entry_label(i, rows[i]), key, f"must be a finite number ≥ 0 (got {value!r})"))
                elif row["kind"] == "base_year" and not (float(value).is_integer() and YEARS[0] <= value <= YEARS[1]):
                    problems.append((_entry_label(i, rows[i]), key, f"must be a year (got {value!r})"))
        if row["kind"] in PARAMETER_KINDS and not _given(row["parameter"]):
            problems.append((_entry_label(i, rows[i]), "parameter", f"required for kind {row['kind']}"))
        if row["kind"] in BASKET_KINDS and not _given(row["basket"]):
            problems.append((_entry_label(i, rows[i]), "basket", f"required for kind {row['kind']} (a basket id)"))
        if row["kind"] == "base_year" and not _given(row["new"]):
            problems.append((_entry_label(i, rows[i]), "new", "required for kind base_year (the new base year)"))
    if problems:
        raise ChangelogError(path, problems)
    return frame


def _check_against(path: Path, frame: pd.DataFrame, edition: Edition, previous: Edition | None) -> None:
    problems = []
    ids = set(edition.parameters.index)
    for i, row in frame.iterrows():
        where = _entry_label(i, row.to_dict())
        kind, param = row["kind"], row["parameter"]
        if kind == "parameter_dropped":
            if param in ids:
                problems.append((where, "parameter", "is dropped but still in parameters.csv"))
            elif previous is not None and param not in previous.parameters.index:
                problems.append((where, "parameter", f"is not a parameter of the previous edition {previous.year}"))
        elif kind in PARAMETER_KINDS:
            if param not in ids:
                problems.append((where, "parameter", "unknown parameter (not in parameters.csv)"))
            elif kind == "parameter_added" and previous is not None and param in previous.parameters.index:
                problems.append((where, "parameter", f"already a parameter of the previous edition {previous.year}"))
            elif kind == "weight_changed" and _given(row["new"]) \
                    and abs(float(row["new"]) - float(edition.weights[param])) > 1e-9:
                problems.append((where, "new", f"weight {row['new']!r} differs from parameters.csv "
                                               f"({edition.weights[param]:g})"))
            elif kind == "weight_changed" and _given(row["old"]) and previous is not None \
                    and param in previous.parameters.index \
                    and abs(float(row["old"]) - float(previous.weights[param])) > 1e-9:
                problems.append((where, "old", f"weight {row['old']!r} differs from the previous edition "
                                               f"{previous.year} ({previous.weights[param]:g})"))
        if kind == "base_year" and int(row["new"]) != edition.base_year:
            problems.append((where, "new", f"{row['new']!r} is not the edition's base year {edition.base_year}"))
        if kind in BASKET_KINDS:
            problems += _check_basket(where, row, edition, previous)
    if problems:
        raise ChangelogError(path, problems)


def _check_basket(where: str, row: pd.Series, edition: Edition, previous: Edition | None) -> list[tuple]:
    """Problems of a basket entry: the basket must (not) be in this / the previous edition; numbers must agree."""
    kind, basket = row["kind"], row["basket"]
    here = basket in edition.basket_ids
    before = None if previous is None else basket in previous.basket_ids
    if kind == "basket_removed":
        if here:
            return [(where, "basket", "is removed but still in edition.yml")]
        if before is False:
            return [(where, "basket", f"is not a basket of the previous edition {previous.year}")]
        return []
    if not here:
        return [(where, "basket", f"unknown basket (not in edition.yml; baskets: {', '.join(edition.basket_ids)})")]
    if kind == "basket_added" and before:
        return [(where, "basket", f"already a basket of the previous edition {previous.year}")]
    if kind == "basket_renamed" and _given(row["new"]) and str(row["new"]) != edition.basket_names[basket]:
        return [(where, "new", f"{row['new']!r} differs from the name in edition.yml "
                               f"({edition.basket_names[basket]!r})")]
    if kind == "basket_weight_changed":
        if _given(row["new"]) and abs(float(row["new"]) - float(edition.basket_weights[basket])) > 1e-9:
            return [(where, "new", f"weight {row['new']!r} differs from edition.yml "
                                   f"({edition.basket_weights[basket]:g})")]
        if _given(row["old"]) and before and abs(float(row["old"]) - float(previous.basket_weights[basket])) > 1e-9:
            return [(where, "old", f"weight {row['old']!r} differs from the previous edition {previous.year} "
                                   f"({previous.basket_weights[basket]:g})")]
    return []


def load_changelog(edition: Edition, previous: Edition | None = None) -> Changelog:
    """Load and validate the changelog of an edition.

    Args:
        edition: The loaded edition.
        previous: The previous edition, if present, to check dropped/added parameters against.

    Returns:
        The :class:`Changelog`; an empty one (no changes) when the edition has no changelog file.

    Raises:
        ChangelogError: Naming the file, the entry (``changes[i]`` and parameter) and the key.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> log = load_changelog(load_edition(2017))
        >>> log.previous, "museumbezoekers" in set(log.of_kind("parameter_added")["parameter"])
        (2016, True)
    """
    path = changelog_path(edition)
    if not path.exists():
        return Changelog(edition=edition.year, previous=None, changes=pd.DataFrame(columns=COLUMNS), path=None)
    meta = read_yaml(path, error=ChangelogError)
    if not isinstance(meta, dict):
        raise ChangelogError(path, [("file", "-", "must be a mapping with edition, previous and changes")])
    problems = []
    if meta.get("edition") != edition.year:
        problems.append(("top level", "edition", f"must be {edition.year} (got {meta.get('edition')!r})"))
    prev = meta.get("previous")
    if prev is not None and (not isinstance(prev, int) or isinstance(prev, bool) or prev >= edition.year
                             or prev < YEARS[0]):
        problems.append(("top level", "previous", f"must be a year before {edition.year} (got {prev!r})"))
    entries = meta.get("changes")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        problems.append(("top level", "changes", "must be a list of changes"))
    if problems:
        raise ChangelogError(path, problems)
    frame = _validate_entries(path, entries)
    if previous is not None and prev is not None and previous.year != prev:
        previous = None  # compared with another edition than the changelog describes
    _check_against(path, frame, edition, previous)
    return Changelog(edition=edition.year, previous=prev, changes=frame, path=path)


def skeleton(edition: int, previous: int) -> str:
    """Text of an empty ``changelog.yml`` for a new edition, with commented examples in Dutch.

    Args:
        edition: The new edition year.
        previous: The edition it was created from.

    Returns:
        YAML text that :func:`load_changelog` accepts (no changes yet).

    Example:
        >>> import yaml
        >>> yaml.safe_load(skeleton(2018, 2017))
        {'edition': 2018, 'previous': 2017, 'changes': []}
    """
    return nl.changelog_skeleton(edition, previous)


def _name(parameter: str, row: pd.Series, edition: Edition | None, previous: Edition | None) -> str:
    if _given(row.get("name")) and row["name"]:
        return row["name"]
    for source in (edition, previous):
        if source is not None and parameter in source.parameters.index:
            return str(source.parameters.loc[parameter, "name"])
    return parameter


def _basket_name(basket: str, row: pd.Series, edition: Edition | None, previous: Edition | None) -> str:
    if row["kind"] != "basket_renamed" and _given(row.get("name")) and row["name"]:
        return row["name"]
    for source in (edition, previous):
        if source is not None and basket in source.basket_ids:
            return str(source.basket_names[basket])
    return basket


def _basket_detail(row: pd.Series, edition: Edition | None, previous: Edition | None) -> str:
    kind, basket = row["kind"], row["basket"]
    name = _basket_name(basket, row, edition, previous)
    if kind == "basket_weight_changed":
        old, new = row["old"], row["new"]
        if not _given(old) and previous is not None and basket in previous.basket_ids:
            old = float(previous.basket_weights[basket])
        if not _given(new) and edition is not None and basket in edition.basket_ids:
            new = float(edition.basket_weights[basket])
        return nl.change_weight(name, old if _given(old) else None, new if _given(new) else None)
    if kind == "basket_renamed":
        old = row["old"] if _given(row["old"]) else (
            previous.basket_names.get(basket) if previous is not None else None)
        return nl.change_name(str(old) if old else None, name)
    return name


def _detail(row: pd.Series, edition: Edition | None, previous: Edition | None) -> str:
    kind, param = row["kind"], row["parameter"]
    if kind == "base_year":
        return nl.change_base_year(int(row["new"]), int(row["old"]) if _given(row["old"]) else None)
    if kind in BASKET_KINDS:
        return _basket_detail(row, edition, previous)
    name = _name(param, row, edition, previous)
    if kind == "weight_changed":
        old = row["old"]
        if not _given(old) and previous is not None and param in previous.parameters.index:
            old = float(previous.weights[param])
        new = row["new"] if _given(row["new"]) else (
            float(edition.weights[param]) if edition is not None and param in edition.weights.index else None)
        return nl.change_weight(name, old if _given(old) else None, new if _given(new) else None)
    if kind == "source_changed" and _given(row["new"]):
        return nl.change_source(name, row["new"])
    return name


def changes_table(changelog: Changelog, edition: Edition | None = None,
                  previous: Edition | None = None) -> pd.DataFrame:
    """The changes as a Dutch table for the report.

    Args:
        changelog: The edition's changelog.
        edition: The edition (for parameter names and weights).
        previous: The previous edition (for names and weights of dropped/changed parameters).

    Returns:
        Columns ``Wijziging``, ``Parameter of onderdeel``, ``Reden`` (:data:`index071lib.text.nl.COL`), in
        the order of :data:`index071lib.text.nl.CHANGE_KIND`.
    """
    columns = [nl.COL["change"], nl.COL["changed_item"], nl.COL["reason"]]
    order = {k: i for i, k in enumerate(nl.CHANGE_KIND)}
    rows = [dict(zip(["_o", *columns], [order[r["kind"]], nl.CHANGE_KIND[r["kind"]], _detail(r, edition, previous),
                                        r["reason"]]))
            for _, r in changelog.changes.iterrows()]
    frame = pd.DataFrame(rows, columns=["_o", *columns])
    return frame.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def changes_section(changelog: Changelog, edition: Edition | None = None, previous: Edition | None = None,
                    *, level: int = 2) -> str:
    """The Dutch report section "Wijzigingen ten opzichte van de vorige editie", as Markdown.

    Args:
        changelog: The edition's changelog.
        edition: The edition (names, weights).
        previous: The previous edition (names and weights of dropped or changed parameters).
        level: Heading level of the section title (``##`` by default).

    Returns:
        Markdown: the title, then per kind of change a bold heading and one bullet per change
        with its reason; a single sentence when nothing changed.

    Example:
        >>> log = Changelog(2018, 2017, pd.DataFrame([{"kind": "base_year", "parameter": None, "name": None,
        ...                 "old": 2012, "new": 2015, "reason": "Aansluiting bij het CBS."}]))
        >>> print(changes_section(log))
        ## Wijzigingen ten opzichte van de vorige editie
        <BLANKLINE>
        **Nieuw basisjaar**
        <BLANKLINE>
        - Het basisjaar is verschoven van 2012 naar 2015 (= 100) — Aansluiting bij het CBS.
    """
    lines = ["#" * level + " " + nl.CHANGES_TITLE, ""]
    table = changes_table(changelog, edition, previous)
    if table.empty:
        lines.append(nl.no_changes(changelog.previous))
        return "\n".join(lines)
    for heading, group in table.groupby(nl.COL["change"], sort=False):
        lines += [f"**{heading}**", ""]
        for item, reason in zip(group[nl.COL["changed_item"]], group[nl.COL["reason"]]):
            lines.append(nl.change_line(md_text(item), md_text(reason)))  # names and reasons are data: text
        lines.append("")
    return "\n".join(lines).rstrip()
