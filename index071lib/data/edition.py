"""Loading an edition (``data/editions/<year>/``) into validated pandas objects.

An edition is a folder of its own: ``edition.yml`` (metadata, baskets, themes, file names) and tidy
CSV tables. Every table is validated on load by a pandera schema (:mod:`index071lib.data.schemas`);
bad input raises :class:`~index071lib.errors.DataError` naming the file, row/parameter and column.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml

from index071lib.data import schemas
from index071lib.errors import DataError

REQUIRED_FILES = ("parameters", "values", "published")
OPTIONAL_FILES = ("chapter_weights", "theme_series", "theme_values")


def default_data_dir() -> Path:
    """The data folder: ``$INDEX071_DATA``, else ``./data`` if it has editions, else the checkout's ``data/``.

    The last fallback exists only when the package runs from a source checkout (the editable install of
    the repository, e.g. a notebook opened in ``notebooks/``); an installed wheel has no data of its own.

    Returns:
        Path of the folder that holds ``editions/``.

    Raises:
        DataError: If none of these exists; the message asks for ``--data-dir`` or ``$INDEX071_DATA``.
    """
    env = os.environ.get("INDEX071_DATA")
    if env:
        return Path(env)
    cwd = Path.cwd() / "data"
    if (cwd / "editions").is_dir():
        return cwd
    checkout = checkout_data_dir()
    if checkout is not None:
        return checkout
    raise DataError(cwd / "editions", [("folder", "-", "no edition data here and $INDEX071_DATA is not set; give "
                                                      "the data folder (the one holding editions/) with --data-dir "
                                                      "(in a notebook: data_dir), or set $INDEX071_DATA")])


def checkout_data_dir() -> Path | None:
    """The ``data/`` folder of the source checkout this package runs from, or ``None`` for an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "data" / "editions").is_dir():
        return root / "data"
    return None


def available_editions(data_dir: Path | None = None) -> list[int]:
    """Edition years present in ``<data_dir>/editions`` (folders named by a year), ascending.

    Args:
        data_dir: Data folder (default: :func:`default_data_dir`).

    Returns:
        Sorted list of edition years.
    """
    root = Path(data_dir or default_data_dir()) / "editions"
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir()
                  if p.is_dir() and p.name.isdigit() and (p / "edition.yml").is_file())


def latest_edition(data_dir: Path | None = None) -> int:
    """The newest edition present (the default of every command).

    Raises:
        DataError: If there is no edition at all.
    """
    editions = available_editions(data_dir)
    if not editions:
        root = Path(data_dir or default_data_dir()) / "editions"
        raise DataError(root, [("folder", "-", "no edition found (expected <year>/edition.yml)")])
    return editions[-1]


def edition_dir(edition: int, data_dir: Path | None = None) -> Path:
    """Folder of an edition."""
    return Path(data_dir or default_data_dir()) / "editions" / str(edition)


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(path, [("file", "-", "file not found")])
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=["-", ""])
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(path, [("file", "-", f"cannot be read as CSV: {err}")]) from None


def _read_meta(path: Path) -> dict:
    if not path.is_file():
        raise DataError(path, [("file", "-", "file not found")])
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise DataError(path, [("file", "-", f"invalid YAML: {err}")]) from None
    if not isinstance(meta, dict):
        raise DataError(path, [("file", "-", "must be a mapping")])
    problems = []
    for key in ("edition", "base_year", "years", "baskets", "files"):
        if key not in meta:
            problems.append(("top level", key, "required key is missing"))
    if problems:
        raise DataError(path, problems)
    years = meta["years"]
    if not (isinstance(years, list) and years and all(isinstance(y, int) for y in years)
            and years == list(range(years[0], years[-1] + 1))):
        raise DataError(path, [("top level", "years", "must be a list of consecutive years")])
    if meta["base_year"] not in years:
        raise DataError(path, [("top level", "base_year", f"{meta['base_year']!r} is not one of the years")])
    for key in REQUIRED_FILES:
        if key not in (meta.get("files") or {}):
            problems.append(("files", key, "required file entry is missing"))
    if problems:
        raise DataError(path, problems)
    return meta


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

    @cached_property
    def checksum(self) -> str:
        """SHA-256 over the edition's files (name + bytes), first 12 hex digits."""
        digest = hashlib.sha256()
        for name in sorted(self.files.values()) + ["edition.yml"]:
            path = self.path / name
            if path.is_file():
                digest.update(name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:12]


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
    meta = _read_meta(meta_path)
    files = dict(meta["files"])

    baskets = pd.DataFrame(meta["baskets"]).astype({"id": str, "name": str})
    baskets = schemas.validate(baskets.astype(str), schemas.baskets_schema(), meta_path, "id", "basket")
    meta["baskets"] = [dict(r) for r in baskets.to_dict("records")]
    basket_ids = list(baskets["id"])
    years = [int(y) for y in meta["years"]]
    base_year = int(meta["base_year"])

    p_path = folder / files["parameters"]
    parameters = schemas.validate(_read_csv(p_path), schemas.parameters_schema(basket_ids), p_path, "id")
    parameters = parameters.set_index("id")
    if "polarity" not in parameters:
        parameters["polarity"] = "higher_is_better"
    parameters["polarity"] = parameters["polarity"].fillna("higher_is_better")
    if "order" in parameters:
        parameters = parameters.assign(_b=parameters["basket"].map(basket_ids.index)).sort_values(["_b", "order"]).drop(columns="_b")
    ids = list(parameters.index)

    v_path = folder / files["values"]
    values = schemas.validate(_read_csv(v_path), schemas.values_schema(ids, years, base_year), v_path, "parameter")
    wide = values.pivot(index="parameter", columns="year", values="value").reindex(index=ids, columns=years)
    wide.columns.name = "year"
    wide.index.name = "parameter"

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

    return Edition(year=int(meta["edition"]), path=folder, meta=meta, parameters=parameters, values=wide,
                   published=published, chapter_weights=chapter_weights, theme_series=theme_series,
                   theme_values=theme_values, files=files)
