"""The yearly workflow: scaffold a new edition from the previous one (never overwriting, atomic).

``new_edition(2018, source=2017)`` creates ``data/editions/2018/`` with the same parameters, weights,
sources and themes, the years extended by one (the new year's values empty, to be filled in), an
empty ``published.csv`` (a new edition has no published figures yet), a changelog skeleton
(:func:`index071lib.data.changelog.skeleton`) and, if the source has one, a ``commentary.yml`` skeleton
(same keys, empty texts). The folder is written under a temporary name next to the target and
renamed in one step, so a failure never leaves a half-made edition, and an existing edition is
never overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from index071lib.data.changelog import DEFAULT_FILE as CHANGELOG_FILE
from index071lib.data.changelog import skeleton
from index071lib.data.edition import (
    Edition,
    available_editions,
    default_data_dir,
    edition_dir,
    latest_edition,
    load_edition,
    load_edition_folder,
)
from index071lib.data.readers import detect_separator, read_text, read_yaml
from index071lib.data.schemas import YEARS
from index071lib.errors import DataError, EditionExistsError
from index071lib.text import nl

#: A new edition lies at most this many years after the edition it is made from.
MAX_GAP = 10

COMMENTARY_FILE = "commentary.yml"
#: Keys of edition.yml that describe the publication text of one edition and are not carried over.
NOT_CARRIED = ("text_claims",)


def previous_edition(edition: int, data_dir: Path | None = None) -> int | None:
    """The newest edition present before ``edition`` (``None`` if there is none).

    Args:
        edition: An edition year.
        data_dir: Data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Returns:
        The year of the previous edition, or ``None``.

    Example:
        >>> previous_edition(2017) is None
        True
    """
    earlier = [e for e in available_editions(data_dir) if e < edition]
    return earlier[-1] if earlier else None


def _blank_strings(node):
    """Same structure, every text emptied (the commentary skeleton)."""
    if isinstance(node, dict):
        return {k: _blank_strings(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_blank_strings(v) for v in node]
    return "" if isinstance(node, str) else node


def _new_meta(source: Edition, year: int) -> dict:
    meta = {k: v for k, v in source.meta.items() if k not in NOT_CARRIED}
    last = source.years[-1]
    meta["edition"] = year
    meta["title"] = f"Index071 {year}"
    meta["years"] = source.years + list(range(last + 1, last + 1 + (year - source.year)))
    files = {k: v for k, v in source.files.items() if k in ("parameters", "values", "published",
                                                            "theme_series", "theme_values")}
    files["changelog"] = CHANGELOG_FILE
    meta["files"] = files
    meta["baskets"] = [{"id": b["id"], "name": b["name"], "weight": _plain(b["weight"])} for b in source.meta["baskets"]]
    return meta


def _plain(number):
    number = float(number)
    return int(number) if number.is_integer() else number


def _read_as_text(path: Path) -> pd.DataFrame:
    """A table cell by cell as text, in the separator it was saved with (``attrs["sep"]``: a file saved by a
    Dutch spreadsheet stays one, its decimal commas untouched)."""
    sep = detect_separator(read_text(path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep)
    frame.attrs["sep"] = sep
    return frame


def _new_values(source: Edition, new_years: list[int]) -> pd.DataFrame:
    path = source.path / source.files["values"]
    values = _read_as_text(path)
    empty = pd.DataFrame([{"parameter": p, "year": str(y), "value": ""}
                          for p in source.parameters.index for y in new_years], columns=values.columns)
    out = pd.concat([values, empty], ignore_index=True)
    order = {p: i for i, p in enumerate(source.parameters.index)}
    out["_o"] = out["parameter"].map(order)
    out["_y"] = out["year"].astype(int)
    out = out.sort_values(["_o", "_y"], kind="stable").drop(columns=["_o", "_y"])
    out.attrs["sep"] = values.attrs["sep"]
    return out


def _write_edition(source: Edition, year: int, folder: Path) -> None:
    meta = _new_meta(source, year)
    new_years = [y for y in meta["years"] if y not in source.years]
    header = (f"# Index071 — edition {year}, created from edition {source.year} by `index071 new-edition`.\n"
              f"# Fill in values.csv for {', '.join(map(str, new_years))}; record every change in {CHANGELOG_FILE}.\n")
    (folder / "edition.yml").write_text(header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                                        encoding="utf-8")
    shutil.copyfile(source.path / source.files["parameters"], folder / meta["files"]["parameters"])
    values = _new_values(source, new_years)
    values.to_csv(folder / meta["files"]["values"], index=False, lineterminator="\n", sep=values.attrs["sep"])
    (folder / meta["files"]["published"]).write_text("series,year,value\n", encoding="utf-8")
    if "theme_series" in meta["files"]:
        shutil.copyfile(source.path / source.files["theme_series"], folder / meta["files"]["theme_series"])
    if "theme_values" in meta["files"]:
        themes = _read_as_text(source.path / source.files["theme_values"])
        if "printed_index" in themes:
            themes["printed_index"] = ""  # printed by the previous publication, not by this one
        themes.to_csv(folder / meta["files"]["theme_values"], index=False, lineterminator="\n",
                      sep=themes.attrs["sep"])
    (folder / CHANGELOG_FILE).write_text(skeleton(year, source.year), encoding="utf-8")
    commentary = source.path / COMMENTARY_FILE
    if commentary.is_file():
        text = read_yaml(commentary)
        (folder / COMMENTARY_FILE).write_text(
            nl.commentary_skeleton_header(year, source.year)
            + yaml.safe_dump(_blank_strings(text), sort_keys=False, allow_unicode=True), encoding="utf-8")


def new_edition(year: int, source: int | None = None, data_dir: Path | None = None) -> Path:
    """Create ``<data_dir>/editions/<year>/`` from an existing edition, atomically.

    Args:
        year: The new edition year (after the source edition).
        source: Edition to start from (default: the latest present).
        data_dir: Data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Returns:
        The folder of the new edition (it loads with :func:`~index071lib.data.edition.load_edition`).

    Raises:
        EditionExistsError: If the edition folder already exists (nothing is written).
        DataError: If the source edition is invalid or ``year`` is not after it (nothing is written).

    Example:
        >>> import shutil, tempfile
        >>> tmp = Path(tempfile.mkdtemp())
        >>> _ = shutil.copytree(edition_dir(2017).parent, tmp / "editions")
        >>> load_edition(2018, new_edition(2018, 2017, tmp).parent.parent).years[-1]
        2017
        >>> shutil.rmtree(tmp)
    """
    data_dir = Path(data_dir or default_data_dir())
    if source is None:
        source = latest_edition(data_dir)
    target = edition_dir(year, data_dir)
    if target.exists():
        raise EditionExistsError(f"{target}: edition {year} already exists; an edition is never overwritten "
                                 f"(remove the folder yourself to start it again)")
    if not YEARS[0] <= year <= YEARS[1]:
        raise DataError(target, [("new edition", "-", f"year {year} must lie from {YEARS[0]} to {YEARS[1]}")])
    if not source < year <= source + MAX_GAP:
        raise DataError(target, [("new edition", "-", f"year {year} must be after the source edition {source}, "
                                                      f"by at most {MAX_GAP} years")])
    src = load_edition(source, data_dir)  # check the input first
    tmp = Path(tempfile.mkdtemp(prefix=f".new-{year}-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; an edition folder is not
    try:
        _write_edition(src, year, tmp)
        load_edition_folder(tmp)  # the result must load before it becomes visible
        os.rename(tmp, target)  # atomic; fails rather than replace if the target appeared meanwhile
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
