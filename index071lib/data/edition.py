"""Loading an edition (``data/editions/<year>/``) into validated pandas objects.

An edition is a folder of its own: ``edition.yml`` (metadata, baskets, themes, file names) and tidy
CSV tables. Every table is validated on load by a pandera schema (:mod:`index071lib.data.schemas`);
bad input raises :class:`~index071lib.errors.DataError` naming the file, row/parameter and column.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from index071lib.data import rawvalues, schemas
from index071lib.data.locations import (  # noqa: F401 (re-exported: the loaders' long-standing home)
    available_editions,
    checkout_data_dir,
    default_data_dir,
    edition_dir,
    latest_edition,
)
from index071lib.data.readers import read_csv, read_yaml
from index071lib.data.schemas import SLUG, YEARS
from index071lib.errors import DataError, ValueRangeWarning

REQUIRED_FILES = ("parameters", "values", "published")
#: Columns of the reference figures (``reference.csv``, :func:`index071lib.data.schemas.reference_schema`).
REFERENCE_COLUMNS = ["id", "page", "label", "region", "period", "value", "unit", "compare", "source"]
OPTIONAL_FILES = ("chapter_weights", "theme_series", "theme_values", "reference")


def _read_csv(path: Path) -> pd.DataFrame:
    return read_csv(path)


def _problem(path: Path, where: str, key: str, message: str):
    return DataError(path, [(where, key, message)], label="key")


def _is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and YEARS[0] <= value <= YEARS[1]


def _check_top(path: Path, meta: dict, folder: Path) -> list[tuple]:
    """Problems with the scalar keys of edition.yml: edition, years, base year, total id and names."""
    problems = []
    edition = meta["edition"]
    if not _is_year(edition):
        problems.append(("top level", "edition", f"must be a year from {YEARS[0]} to {YEARS[1]} (got {edition!r})"))
    elif folder.name.isdigit() and int(folder.name) != edition:
        problems.append(("top level", "edition", f"is {edition} but the folder is named {folder.name}; "
                                                 f"they must agree"))
    years = meta["years"]
    if not (isinstance(years, list) and years and all(_is_year(y) for y in years)
            and years == list(range(years[0], years[-1] + 1))):
        problems.append(("top level", "years", f"must be a list of consecutive years from {YEARS[0]} to {YEARS[1]}"))
    elif _is_year(edition) and years[-1] > edition:
        problems.append(("top level", "years", f"ends in {years[-1]}, after the edition year {edition}"))
    elif meta["base_year"] not in years or isinstance(meta["base_year"], bool):
        problems.append(("top level", "base_year", f"{meta['base_year']!r} is not one of the years"))
    for key in ("title", "total_name"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(("top level", key, "must be text"))
    total = meta.get("total_id", "index071")
    if not (isinstance(total, str) and re.match(SLUG, total)):
        problems.append(("top level", "total_id", "must be a slug (a-z, 0-9, _)"))
    return problems


def _check_files(meta: dict) -> list[tuple]:
    problems = []
    files = meta["files"]
    if not isinstance(files, dict):
        return [("top level", "files", "must be a mapping of table to file name")]
    for key in REQUIRED_FILES:
        if key not in files:
            problems.append(("files", key, "required file entry is missing"))
    for key, name in files.items():
        if name is None and key in OPTIONAL_FILES + ("changelog",):
            continue
        if not (isinstance(name, str) and name and Path(name).name == name and name not in (".", "..")):
            problems.append(("files", str(key), f"must be the name of a file in the edition folder (got {name!r})"))
    return problems


def _check_lists(meta: dict) -> list[tuple]:
    """Problems with the shape of ``baskets`` and ``themes`` (lists of mappings with id and name)."""
    problems = []
    for key, fields in (("baskets", ("id", "name", "weight")), ("themes", ("id", "name"))):
        entries = meta.get(key, [] if key == "themes" else None)
        if entries is None and key == "themes":
            continue
        if not isinstance(entries, list) or (key == "baskets" and not entries):
            problems.append(("top level", key, f"must be a list of entries with {', '.join(fields)}"))
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                problems.append((f"{key}[{i}]", "-", f"must be a mapping with {', '.join(fields)}"))
                continue
            for field_name in fields:
                if entry.get(field_name) is None:
                    problems.append((f"{key}[{i}]", field_name, "required key is missing"))
            if key == "themes" and entry.get("id") is not None and not re.match(SLUG, str(entry["id"])):
                problems.append((f"{key}[{i}]", "id", f"must be a slug (got {entry['id']!r})"))
        ids = [str(e.get("id")) for e in entries if isinstance(e, dict)]
        for dupe in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append((key, "id", f"{dupe!r} appears more than once"))
    return problems


def _read_meta(path: Path, folder: Path | None = None) -> dict:
    meta = read_yaml(path)
    if not isinstance(meta, dict):
        raise _problem(path, "file", "-", "must be a mapping (edition, base_year, years, baskets, files, …)")
    problems = [("top level", key, "required key is missing")
                for key in ("edition", "base_year", "years", "baskets", "files") if key not in meta]
    if problems:
        raise DataError(path, problems, label="key")
    problems = _check_top(path, meta, folder or path.parent) + _check_files(meta) + _check_lists(meta)
    if problems:
        raise DataError(path, problems, label="key")
    if "themes" in meta and meta["themes"] is None:
        meta["themes"] = []
    return meta


def _entries(meta: dict, key: str, label: str) -> pd.DataFrame:
    """A YAML list of mappings as a table of text, each row labelled ``key[i] (label 'id')`` in messages."""
    frame = pd.DataFrame([{k: (None if v is None else str(v)) for k, v in e.items()} for e in meta[key]])
    frame.attrs["where"] = [f"{key}[{i}]" for i in range(len(frame))]
    return frame


def _check_parameters(path: Path, parameters: pd.DataFrame, basket_ids: list[str]) -> None:
    if parameters.empty:
        raise DataError(path, [("file", "-", "has no rows (only the header)")])
    problems = []
    sums = parameters.groupby("basket")["weight"].sum()
    for basket in basket_ids:
        if basket not in sums.index:
            problems.append((f"basket '{basket}'", "basket", "has no parameters (every basket in edition.yml "
                                                            "needs at least one)"))
        elif not sums[basket] > 0:
            problems.append((f"basket '{basket}'", "weight", "all weights of the basket are zero"))
    if problems:
        raise DataError(path, problems)


def _check_values(path: Path, values: pd.DataFrame, ids: list[str], base_year: int) -> None:
    """Every parameter needs its base-year value (100) and at least one row; warn about very high values."""
    if values.empty:
        raise DataError(path, [("file", "-", "has no rows (only the header)")])
    present = values.dropna(subset=["value"])
    with_base = set(present.loc[present["year"] == base_year, "parameter"])
    with_rows = set(values["parameter"])
    problems = []
    for pid in ids:
        if pid not in with_rows:
            problems.append((f"parameter '{pid}'", "-", "has no rows (every parameter in parameters.csv needs "
                                                        "its values)"))
        elif pid not in with_base:
            problems.append((f"parameter '{pid}'", "value", f"no value for the base year {base_year} "
                                                            f"(it must be {schemas.BASE_VALUE})"))
    if problems:
        raise DataError(path, problems)
    high = (values["value"] > schemas.WARN_INDEX).to_numpy().nonzero()[0]
    if len(high):
        names = schemas.RowNames(values)
        rows = ", ".join(f"row {names.line(i)} ({values['parameter'].iat[i]} {values['year'].iat[i]}: "
                         f"{values['value'].iat[i]:g})" for i in high[:5])
        more = f" and {len(high) - 5} more" if len(high) > 5 else ""
        warnings.warn(ValueRangeWarning(f"{path}: index value above {schemas.WARN_INDEX:,} (ten times the base "
                                        f"year) in {rows}{more}; check the unit"), stacklevel=3)


def _check_raw_parameters(path: Path, parameters: pd.DataFrame) -> None:
    """``base_raw`` and ``raw_unit`` of ``parameters.csv`` come together (a raw figure needs its unit)."""
    if "base_raw" not in parameters and "raw_unit" not in parameters:
        return
    base = parameters["base_raw"] if "base_raw" in parameters else pd.Series(float("nan"), parameters.index)
    unit = parameters["raw_unit"] if "raw_unit" in parameters else pd.Series(None, parameters.index, dtype=object)
    names = schemas.RowNames(parameters, "id")
    problems = [(names.where(i), "raw_unit" if pd.isna(unit.iat[i]) else "base_raw",
                 "base_raw and raw_unit go together: give both (the parameter is entered raw) or neither")
                for i in range(len(parameters)) if pd.isna(base.iat[i]) != pd.isna(unit.iat[i])]
    if problems:
        raise DataError(path, problems)


def _raw_to_index(path: Path, values: pd.DataFrame, parameters: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Fill ``value`` from ``raw_value`` (with ``base_raw`` and the polarity); one problem per bad row."""
    if "raw_value" not in values or not values["raw_value"].notna().any():
        return values
    names = schemas.RowNames(values, "parameter")
    base = values["parameter"].map(parameters["base_raw"] if "base_raw" in parameters else {}).astype(float)
    polarity = values["parameter"].map(parameters["polarity"])
    raw = values["raw_value"]
    computed = pd.Series(float("nan"), index=values.index)
    for kind in schemas.POLARITIES:
        rows = polarity == kind
        computed[rows] = rawvalues.to_index(raw[rows], base[rows], kind)
    problems = []
    for i in raw.notna().to_numpy().nonzero()[0]:
        where = names.where(i)
        if pd.notna(values["value"].iat[i]):
            problems.append((where, "raw_value", "give value (an index number) or raw_value, not both"))
        elif pd.isna(base.iat[i]):
            problems.append((where, "raw_value", "a raw value needs the parameter's base_raw and raw_unit in "
                                                 "parameters.csv"))
        elif values["year"].iat[i] == base_year and abs(computed.iat[i] - schemas.BASE_VALUE) > 1e-9:
            problems.append((where, "raw_value", f"raw value in the base year {base_year} must equal the "
                                                 f"parameter's base_raw ({base.iat[i]:g}) (got {raw.iat[i]:g})"))
        elif computed.iat[i] > schemas.MAX_INDEX:
            problems.append((where, "raw_value", f"gives index {computed.iat[i]:,.0f}, above {schemas.MAX_INDEX:,} "
                                                 f"(100 times the base year): a typing or unit error? "
                                                 f"(got {raw.iat[i]:g})"))
    if problems:
        raise DataError(path, problems)
    out = values.copy()
    out["value"] = out["value"].where(raw.isna(), computed)
    return out


def read_values(frame: pd.DataFrame, path: Path, parameters: pd.DataFrame, years: list[int],
                base_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate a table of values (``values.csv`` as read, or a workbook's cells) and make it wide.

    The one validation of values, shared by the loader and ``index071 import``: the schema, raw values
    turned into index numbers (:mod:`~index071lib.data.rawvalues`), the base-year and completeness checks.

    Args:
        frame: Text table with ``parameter``, ``year``, ``value`` and optionally ``raw_value``.
        path: File named in messages.
        parameters: The edition's parameters, indexed by id (with polarity, optionally base_raw).
        years: The edition's years.
        base_year: The edition's base year.

    Returns:
        ``(values, raw_values)``: parameters × years of index numbers (raw values computed) and of the raw
        values entered (NaN where a value was entered as an index number or is missing).

    Raises:
        DataError: Naming the file, the row and parameter, and the column.
    """
    ids = list(parameters.index)
    values = schemas.validate(frame, schemas.values_schema(ids, years, base_year), path, "parameter")
    values = _raw_to_index(path, values, parameters, base_year)
    _check_values(path, values, ids, base_year)

    def wide(column: str) -> pd.DataFrame:
        table = (values.pivot(index="parameter", columns="year", values=column) if column in values
                 else pd.DataFrame(float("nan"), index=ids, columns=years))
        table = table.reindex(index=ids, columns=years).astype(float)
        table.columns.name, table.index.name = "year", "parameter"
        return table

    return wide("value"), wide("raw_value")


@dataclass
class Edition:
    """A validated edition.

    Attributes:
        year: Edition year (e.g. 2017).
        path: Folder of the edition.
        meta: Parsed ``edition.yml``.
        parameters: One row per parameter, indexed by id (basket, order, name, weight, polarity, source, note).
        values: Parameters × years of index values (NaN = missing), as published.
        published: Series (baskets + total) × years as published — for checking only.
        chapter_weights: Weight per parameter as printed in the chapter texts (may be empty).
        theme_series: Chapter 7 raw series metadata, indexed by id.
        theme_values: Chapter 7 raw values and printed index numbers (tidy).
        files: Table name → file name in the edition folder.
        raw_values: Parameters × years of the raw values entered (``raw_value`` of ``values.csv``; NaN where a
            value was entered as an index number); their index numbers are in :attr:`values`.
        reference: Context figures of the publication (``reference.csv``): national GDP growth, the national
            waste trend, other knowledge regions; one row per figure with the page it is shown on.
    """

    year: int
    path: Path
    meta: dict
    parameters: pd.DataFrame
    values: pd.DataFrame
    published: pd.DataFrame
    chapter_weights: pd.Series
    theme_series: pd.DataFrame
    theme_values: pd.DataFrame
    files: dict = field(default_factory=dict)
    raw_values: pd.DataFrame = field(default_factory=pd.DataFrame)
    reference: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REFERENCE_COLUMNS))

    @property
    def base_year(self) -> int:
        return int(self.meta["base_year"])

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.meta["years"]]

    @property
    def total_id(self) -> str:
        return self.meta.get("total_id", "index071")

    @property
    def basket_ids(self) -> list[str]:
        return [b["id"] for b in self.meta["baskets"]]

    @property
    def basket_weights(self) -> pd.Series:
        return pd.Series({b["id"]: float(b["weight"]) for b in self.meta["baskets"]}, name="weight")

    @property
    def basket_names(self) -> dict[str, str]:
        names = {b["id"]: b["name"] for b in self.meta["baskets"]}
        names[self.total_id] = self.meta.get("total_name", "Index071 totaal")
        return names

    @property
    def parameter_labels(self) -> dict[str, str]:
        """Reader label of every parameter: its name (units written properly, m²), with the inverse note
        (``omgekeerd: minder misdrijven = hogere index``) when a lower raw figure is better
        (:func:`index071lib.text.nl.polarity_name`)."""
        from index071lib.text.nl import polarity_name, unit_label

        return {str(pid): polarity_name(unit_label(str(name)), str(polarity))
                for pid, name, polarity in zip(self.parameters.index, self.parameters["name"],
                                               self.parameters["polarity"])}

    @property
    def parameter_chart_labels(self) -> dict[str, str]:
        """Chart label of every parameter: its name (m²) with the short marker ``(omgekeerd)`` when a lower raw
        figure is better (:func:`index071lib.text.nl.polarity_chart_name`; the chart explains the marker)."""
        from index071lib.text.nl import polarity_chart_name, unit_label

        return {str(pid): polarity_chart_name(unit_label(str(name)), str(polarity))
                for pid, name, polarity in zip(self.parameters.index, self.parameters["name"],
                                               self.parameters["polarity"])}

    @property
    def names_in_sentence(self) -> dict[str, str]:
        """Every parameter's name inside a running sentence, with its article: the column ``name_in_sentence``
        of ``parameters.csv`` where filled in (``de score in de Shanghai Ranking``), else derived from the name
        (:func:`index071lib.text.nl.in_sentence`: ``Aantal starters`` → ``het aantal starters``)."""
        from index071lib.text.nl import in_sentence, unit_label

        given = (self.parameters["name_in_sentence"] if "name_in_sentence" in self.parameters
                 else pd.Series(None, index=self.parameters.index, dtype=object))
        return {str(pid): str(form).strip() if isinstance(form, str) and form.strip() else in_sentence(unit_label(str(name)))
                for pid, name, form in zip(self.parameters.index, self.parameters["name"], given)}

    @property
    def theme_ids(self) -> list[str]:
        return [t["id"] for t in self.meta.get("themes", [])]

    @property
    def theme_names(self) -> dict[str, str]:
        return {t["id"]: t["name"] for t in self.meta.get("themes", [])}

    @property
    def weights(self) -> pd.Series:
        """Parameter weights as printed in the annex."""
        return self.parameters["weight"]

    @property
    def basket_of(self) -> pd.Series:
        """Basket id per parameter."""
        return self.parameters["basket"]

    @property
    def data_files(self) -> list[str]:
        """Names of the edition's data files: those ``edition.yml`` lists, and ``edition.yml`` itself (sorted).

        The panel's ``commentary.yml`` is not one of them (unless ``edition.yml`` lists it).
        """
        return sorted(self.files.values()) + ["edition.yml"]

    @cached_property
    def sha256(self) -> str:
        """SHA-256 over the edition's data files (:attr:`data_files`, name + bytes), all 64 hex digits."""
        digest = hashlib.sha256()
        for name in self.data_files:
            path = self.path / name
            if path.is_file():
                digest.update(name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()

    @property
    def checksum(self) -> str:
        """The first 12 hex digits of :attr:`sha256` (shown in every report's footer)."""
        return self.sha256[:12]


def load_edition(edition: int | None = None, data_dir: Path | None = None) -> Edition:
    """Load and validate an edition.

    Args:
        edition: Edition year; default the latest present.
        data_dir: Data folder (default: :func:`default_data_dir`).

    Returns:
        The validated :class:`Edition`.

    Raises:
        DataError: On any invalid input, naming the file, row/parameter and column.
    """
    data_dir = Path(data_dir or default_data_dir())
    if edition is None:
        edition = latest_edition(data_dir)
    folder = edition_dir(edition, data_dir)
    if not folder.is_dir():
        raise DataError(folder, [("folder", "-", f"edition {edition} not found; available: {available_editions(data_dir)}")])
    return load_edition_folder(folder)


def load_edition_folder(folder: Path) -> Edition:
    """Load and validate the edition in ``folder`` (e.g. a new edition before it is moved into place).

    Args:
        folder: A folder holding ``edition.yml`` and the tables it names.

    Returns:
        The validated :class:`Edition`.

    Raises:
        DataError: On any invalid input, naming the file, row/parameter and column.
    """
    folder = Path(folder)
    meta_path = folder / "edition.yml"
    if not folder.is_dir():
        raise DataError(folder, [("folder", "-", "is not a directory" if folder.exists() else "not found")])
    meta = _read_meta(meta_path)
    files = {k: v for k, v in meta["files"].items() if v is not None}

    baskets = schemas.validate(_entries(meta, "baskets", "basket"), schemas.baskets_schema(), meta_path, "id",
                               "basket", label="key")
    if not baskets["weight"].sum() > 0:
        raise _problem(meta_path, "baskets", "weight", "all basket weights are zero")
    meta["baskets"] = [{**e, "id": r["id"], "name": r["name"], "weight": r["weight"]}
                       for e, r in zip(meta["baskets"], baskets.to_dict("records"))]
    basket_ids = list(baskets["id"])
    years = [int(y) for y in meta["years"]]
    base_year = int(meta["base_year"])

    p_path = folder / files["parameters"]
    parameters = schemas.validate(_read_csv(p_path), schemas.parameters_schema(basket_ids), p_path, "id")
    _check_parameters(p_path, parameters, basket_ids)
    _check_raw_parameters(p_path, parameters)
    parameters = parameters.set_index("id")
    if "polarity" not in parameters:
        parameters["polarity"] = "higher_is_better"
    parameters["polarity"] = parameters["polarity"].fillna("higher_is_better")
    if "order" in parameters:
        parameters = parameters.assign(_b=parameters["basket"].map(basket_ids.index)).sort_values(["_b", "order"]).drop(columns="_b")
    ids = list(parameters.index)

    v_path = folder / files["values"]
    wide, raw_values = read_values(_read_csv(v_path), v_path, parameters, years, base_year)

    total_id = meta.get("total_id", "index071")
    pub_path = folder / files["published"]
    published = schemas.validate(_read_csv(pub_path), schemas.published_schema(basket_ids + [total_id], years),
                                 pub_path, "series", "series")
    published = published.pivot(index="series", columns="year", values="value").reindex(columns=years)
    published = published.reindex([s for s in basket_ids + [total_id] if s in published.index])

    chapter_weights = pd.Series(dtype=float, name="weight")
    if files.get("chapter_weights"):
        c_path = folder / files["chapter_weights"]
        cw = schemas.validate(_read_csv(c_path), schemas.chapter_weights_schema(ids), c_path, "parameter")
        chapter_weights = cw.set_index("parameter")["weight"]

    theme_series = pd.DataFrame(columns=["theme", "order", "name", "unit", "polarity", "period_kind", "note"])
    theme_values = pd.DataFrame(columns=["series", "year", "label", "value", "printed_index"])
    if files.get("theme_series"):
        ts_path = folder / files["theme_series"]
        theme_ids = [t["id"] for t in meta.get("themes", [])]
        theme_series = schemas.validate(_read_csv(ts_path), schemas.theme_series_schema(theme_ids), ts_path, "id", "series")
        theme_series = theme_series.set_index("id")
        if files.get("theme_values"):
            tv_path = folder / files["theme_values"]
            theme_values = schemas.validate(_read_csv(tv_path), schemas.theme_values_schema(list(theme_series.index)),
                                            tv_path, "series", "series")
            theme_values = theme_values.sort_values(["series", "year"]).reset_index(drop=True)

    reference = pd.DataFrame(columns=REFERENCE_COLUMNS)
    if files.get("reference"):
        r_path = folder / files["reference"]
        pages = ["overview", *(f"basket:{b}" for b in basket_ids), *(f"theme:{t['id']}" for t in meta.get("themes", []))]
        reference = schemas.validate(_read_csv(r_path), schemas.reference_schema(pages), r_path, "id", "id")
        reference = reference.reindex(columns=REFERENCE_COLUMNS).reset_index(drop=True)
        known = {total_id, *basket_ids, *ids, *theme_series.index}
        bad = [(str(i + 2), "compare", f"unknown series {c!r} (the total, a basket, a parameter or a theme series)")
               for i, c in enumerate(reference["compare"]) if isinstance(c, str) and c and c not in known]
        if bad:
            raise DataError(r_path, bad)

    return Edition(year=int(meta["edition"]), path=folder, meta=meta, parameters=parameters, values=wide,
                   published=published, chapter_weights=chapter_weights, theme_series=theme_series,
                   theme_values=theme_values, files=files, raw_values=raw_values, reference=reference)
