"""The yearly workflow: scaffold a new edition from the previous one (never overwriting, atomic).

``new_edition(2018, source=2017)`` creates ``data/editions/2018/`` with the same parameters, weights,
sources and themes, the years extended by one (the new year's values empty, to be filled in), the
next period of every chapter 7 theme series (``2016-2017`` after ``2015-2016``, ``2016`` after
``2015``; value empty), an empty ``published.csv`` (a new edition has no published figures yet), a
changelog skeleton (:func:`index071lib.data.changelog.skeleton`) and a ``commentary.yml`` skeleton with
an empty entry for the total and every basket, parameter and theme (and the source's other keys, emptied).
The folder is written under a temporary name next to the target and renamed in one step, so a failure
never leaves a half-made edition, and an existing edition is never overwritten.
"""

from __future__ import annotations

import os
import re
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


def commentary_skeleton(source: Edition, text: dict | None) -> dict:
    """The new edition's ``commentary.yml``: an empty note for the total and every basket, parameter and theme.

    Args:
        source: The edition the new one is made from (its ids).
        text: The source's commentary (parsed), whose keys are kept with empty texts; ``None`` if it has none.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> notes = commentary_skeleton(load_edition(2017), None)
        >>> notes["total"], notes["baskets"]["regiomarketing"], len(notes["parameters"])
        ('', '', 38)
    """
    skeleton = _blank_strings(text) if isinstance(text, dict) else {}
    skeleton.setdefault("total", "")
    for section, ids in (("baskets", source.basket_ids), ("parameters", list(source.parameters.index)),
                         ("themes", source.theme_ids)):
        notes = skeleton.get(section)
        notes = notes if isinstance(notes, dict) else {}
        skeleton[section] = {**{str(i): "" for i in ids}, **notes}  # the edition's order, then any other key
    return skeleton


_LABEL_YEARS = re.compile(r"^(\d{4})([-/])(\d{2}|\d{4})$|^(\d{4})$")


def next_period_label(label: str, steps: int, kind: str = "calendar_year") -> str:
    """The label of a theme period ``steps`` periods after ``label``, in the same notation.

    Args:
        label: A period label: ``2015``, ``2015-2016``, ``2015/2016`` or ``2015/16``.
        steps: How many periods later.
        kind: The series' ``period_kind`` (``calendar_year`` or ``school_year``), for a label in another form.

    Returns:
        The new label; an unrecognised ``label`` gives the period's plain form (``2016`` or ``2016-2017``).

    Example:
        >>> next_period_label("2016-2017", 1), next_period_label("2015", 2), next_period_label("2015/16", 1)
        ('2017-2018', '2017', '2016/17')
    """
    match = _LABEL_YEARS.match(str(label).strip())
    if match and match.group(4):
        return str(int(match.group(4)) + steps)
    if match:
        first, sep, second = int(match.group(1)) + steps, match.group(2), match.group(3)
        later = int(second) + steps
        return f"{first}{sep}{later % 100:02d}" if len(second) == 2 else f"{first}{sep}{later}"
    raise ValueError(f"not a period label: {label!r}")


def _period_label(rows: pd.DataFrame, year: int, kind: str) -> str:
    """Label of the theme period ``year`` (its first calendar year), after the series' last row."""
    last = rows.iloc[-1]
    try:
        return next_period_label(last["label"], year - int(last["year"]), kind)
    except ValueError:
        return f"{year}-{year + 1}" if kind == "school_year" else str(year)


def _new_theme_values(source: Edition, gap: int) -> pd.DataFrame:
    """The source's theme values (printed indices emptied), and per series ``gap`` new periods, empty.

    As text in the source's separator (``attrs["sep"]``, see :func:`_read_as_text`).
    """
    themes = _read_as_text(source.path / source.files["theme_values"])
    if "printed_index" in themes:
        themes["printed_index"] = ""  # printed by the previous publication, not by this one
    kinds = source.theme_series.get("period_kind", pd.Series(dtype=str))
    rows = []
    for series, group in themes.groupby("series", sort=False):
        group = group.assign(_y=group["year"].astype(int)).sort_values("_y").drop(columns="_y")
        rows.append(group)
        last = int(group["year"].iloc[-1])
        kind = kinds.get(series)
        kind = kind if isinstance(kind, str) else "calendar_year"
        new = [{**{c: "" for c in themes.columns}, "series": series, "year": str(last + k),
                "label": _period_label(group, last + k, kind)} for k in range(1, gap + 1)]
        rows.append(pd.DataFrame(new, columns=themes.columns))
    out = pd.concat(rows, ignore_index=True)
    out.attrs["sep"] = themes.attrs["sep"]
    return out


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
        themes = _new_theme_values(source, year - source.year)
        themes.to_csv(folder / meta["files"]["theme_values"], index=False, lineterminator="\n",
                      sep=themes.attrs["sep"])
    (folder / CHANGELOG_FILE).write_text(skeleton(year, source.year), encoding="utf-8")
    commentary = source.path / COMMENTARY_FILE
    text = read_yaml(commentary) if commentary.is_file() else None
    (folder / COMMENTARY_FILE).write_text(
        nl.commentary_skeleton_header(year, source.year)
        + yaml.safe_dump(commentary_skeleton(source, text), sort_keys=False, allow_unicode=True), encoding="utf-8")


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
