"""Table schemas of an edition (pandera), and the translation of failures into clear messages.

Tables are read as text (``"-"`` and blanks become missing) and coerced by the schemas, so a
non-numeric value is reported by pandera with its row, not silently turned into NaN.

Bounds (see ``docs/input-validation.md``): every number must be finite; an index value (``values.csv``,
``published.csv``, printed index numbers) must be > 0 and at most :data:`MAX_INDEX`; a parameter's value in
the base year must be 100; a weight must be between 0 and :data:`MAX_WEIGHT`; a year must lie in
:data:`YEARS`; a raw chapter 7 value must be > 0.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from index071lib.errors import DataError

SLUG = r"^[a-z][a-z0-9_]*\Z"
HIGHER = "higher_is_better"
LOWER = "lower_is_better"
#: A parameter's direction: a higher raw figure is better, or a lower one (misdrijven, leegstand, …).
POLARITIES = (HIGHER, LOWER)
#: Highest index value accepted (100 times the base year); higher is a typing or unit error.
MAX_INDEX = 10_000
#: Index values above this pass, with a :class:`~index071lib.errors.ValueRangeWarning` (ten times the base year).
WARN_INDEX = 1_000
#: Every parameter's value in the base year (values are index numbers, base year = 100).
BASE_VALUE = 100
#: Weights are percentages.
MAX_WEIGHT = 100
#: Years an edition, its data years and a new edition may have.
YEARS = (1900, 2100)


def _finite() -> pa.Check:
    return pa.Check(lambda s: np.isfinite(s.astype(float)), error="must be a finite number")


def _weight() -> list[pa.Check]:
    return [_finite(), pa.Check.in_range(0, MAX_WEIGHT, error=f"weight must be a number from 0 to {MAX_WEIGHT}")]


def _index_value() -> list[pa.Check]:
    return [_finite(), pa.Check.gt(0, error="index value must be > 0"),
            pa.Check.le(MAX_INDEX, error=f"index value above {MAX_INDEX:,} (100 times the base year): "
                                         f"a typing or unit error?")]


def parameters_schema(basket_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``parameters.csv`` (one row per parameter)."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, [pa.Check.str_matches(SLUG, error="must be a slug (a-z, 0-9, _)")], unique=True),
            "basket": pa.Column(str, pa.Check.isin(basket_ids, error=f"unknown basket; expected one of {basket_ids}")),
            "order": pa.Column(int, coerce=True, required=False),
            "name": pa.Column(str),
            "weight": pa.Column(float, _weight(), coerce=True),
            "polarity": pa.Column(str, pa.Check.isin(list(POLARITIES)), nullable=True, required=False),
            "source": pa.Column(str, nullable=True),
            "note": pa.Column(str, nullable=True, required=False),
        },
        strict=False,
    )


def values_schema(parameter_ids: list[str], years: list[int], base_year: int) -> pa.DataFrameSchema:
    """Schema of ``values.csv`` (tidy: parameter, year, value)."""
    return pa.DataFrameSchema(
        {
            "parameter": pa.Column(str, pa.Check.isin(parameter_ids, error="unknown parameter (not in parameters.csv)")),
            "year": pa.Column(int, pa.Check.isin(years, error=f"year outside the edition's years {years}"), coerce=True),
            "value": pa.Column(float, _index_value(), nullable=True, coerce=True),
        },
        unique=["parameter", "year"],
        checks=[pa.Check(lambda d: ~((d["year"] == base_year) & ((d["value"] - BASE_VALUE).abs() > 1e-9)
                                     & d["value"].notna()),
                         name="base_value", error=f"base value ({base_year}) must be {BASE_VALUE} "
                                                  f"(values are index numbers, base year = {BASE_VALUE})")],
    )


def published_schema(series_ids: list[str], years: list[int]) -> pa.DataFrameSchema:
    """Schema of ``published.csv`` (published basket and total series, for checking only)."""
    return pa.DataFrameSchema(
        {
            "series": pa.Column(str, pa.Check.isin(series_ids, error=f"unknown series; expected one of {series_ids}")),
            "year": pa.Column(int, pa.Check.isin(years, error=f"year outside the edition's years {years}"),
                              coerce=True),
            "value": pa.Column(float, _index_value(), nullable=True, coerce=True),
        },
        unique=["series", "year"],
    )


def chapter_weights_schema(parameter_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``chapter_weights.csv`` (weights as printed in the chapter texts)."""
    return pa.DataFrameSchema(
        {
            "parameter": pa.Column(str, pa.Check.isin(parameter_ids, error="unknown parameter"), unique=True),
            "weight": pa.Column(float, _weight(), coerce=True),
            "chapter": pa.Column(str, nullable=True, required=False),
        }
    )


def baskets_schema() -> pa.DataFrameSchema:
    """Schema of the ``baskets`` list in ``edition.yml``."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a slug"), unique=True),
            "name": pa.Column(str),
            "weight": pa.Column(float, _weight(), coerce=True),
        }
    )


def theme_series_schema(theme_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``theme_series.csv`` (chapter 7 raw series)."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a slug"), unique=True),
            "theme": pa.Column(str, pa.Check.isin(theme_ids, error=f"unknown theme; expected one of {theme_ids}")),
            "order": pa.Column(int, coerce=True, required=False),
            "name": pa.Column(str),
            "unit": pa.Column(str),
            "polarity": pa.Column(str, pa.Check.isin(list(POLARITIES))),
            "period_kind": pa.Column(str, pa.Check.isin(["calendar_year", "school_year"]), required=False),
            "note": pa.Column(str, nullable=True, required=False),
        }
    )


def theme_values_schema(series_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``theme_values.csv`` (chapter 7 raw values and printed index numbers)."""
    return pa.DataFrameSchema(
        {
            "series": pa.Column(str, pa.Check.isin(series_ids, error="unknown series (not in theme_series.csv)")),
            "year": pa.Column(int, pa.Check.in_range(*YEARS, error=f"year outside {YEARS[0]}–{YEARS[1]}"),
                              coerce=True),
            "label": pa.Column(str),
            "value": pa.Column(float, [_finite(), pa.Check.gt(0, error="raw value must be > 0")], nullable=True,
                               coerce=True),
            "printed_index": pa.Column(float, _index_value(), nullable=True, coerce=True, required=False),
        },
        unique=["series", "year"],
    )


_EXPLAIN = [
    (r"^coerce_dtype\('(float|int)", "not a number"),
    (r"^coerce_dtype", "wrong type"),
    (r"^dtype\(", None),  # follows a coerce failure: skip the duplicate
    (r"^not_nullable$", "is empty but required"),
    (r"^field_uniqueness$", "duplicate value"),
    (r"^multiple_fields_uniqueness$", "duplicate combination"),
    (r"^column_in_dataframe$", "required column is missing"),
    (r"^column_in_schema$", "unexpected column"),
]
#: Spelled-out non-numbers that Python's float() accepts but a table must not: a missing value is "-" or blank.
_NOT_A_NUMBER = re.compile(r"^\s*[-+]?(nan|inf|infinity)\s*$", re.IGNORECASE)


def _explain(check: str) -> str | None:
    for pattern, text in _EXPLAIN:
        if re.match(pattern, check):
            return text
    return check


def _line(df: pd.DataFrame, idx: int) -> int:
    """The file line of row ``idx`` (``attrs["lines"]`` from the reader; else header + 1-based row)."""
    lines = df.attrs.get("lines")
    return lines[idx] if lines and idx < len(lines) else idx + 2


def _where(df: pd.DataFrame, idx: int, key_column: str | None, key_label: str) -> str:
    labels = df.attrs.get("where")  # e.g. "baskets[2]" for the entries of a YAML list
    where = labels[idx] if labels and idx < len(labels) else f"row {_line(df, idx)}"
    if key_column and key_column in df.columns:
        key = df.iloc[idx][key_column]
        where += f" ({key_label} '{key if isinstance(key, str) else '?'}')"
    return where


def _spelled_out_non_numbers(df: pd.DataFrame, schema: pa.DataFrameSchema, key_column, key_label):
    """Cells like ``NaN`` or ``inf`` in float columns: reported, and blanked in the returned copy."""
    problems = []
    floats = [name for name, col in schema.columns.items() if str(col.dtype).startswith("float") and name in df]
    for name in floats:
        bad = df[name].map(lambda v: isinstance(v, str) and bool(_NOT_A_NUMBER.match(v)))
        for idx in map(int, bad.to_numpy().nonzero()[0]):
            problems.append(((_line(df, idx), False), _where(df, idx, key_column, key_label), name,
                             f"not a number (got {df[name].iloc[idx]!r}); leave the cell empty or '-' when "
                             f"the value is missing"))
        if bad.any():
            df = df.copy()
            df.loc[bad, name] = None
    return df, problems


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, file, key_column: str | None = None,
             key_label: str = "parameter", *, label: str = "column") -> pd.DataFrame:
    """Validate a table read from ``file``; raise :class:`DataError` with readable messages.

    Only the first cause is reported: a missing column hides the row checks (they cannot run), and a
    cell that is not a number hides the other checks of its column (a year ``20x3`` is not also "outside
    the edition's years" in every other row). Problems are listed in file order, at most
    :data:`~index071lib.errors.MAX_PROBLEMS`.

    Args:
        df: The table as read (strings); ``attrs["lines"]`` may give the file line of each row.
        schema: The pandera schema.
        file: Path named in the message.
        key_column: Column that identifies a row for people (e.g. ``"id"``).
        key_label: Word used for that key in the message.
        label: Word for a column in the message (``"key"`` for a list in a YAML file).

    Returns:
        The validated, coerced table.

    Raises:
        DataError: Naming the file, the row (CSV line number) and key, and the column.
    """
    checked, spelled = _spelled_out_non_numbers(df, schema, key_column, key_label)
    try:
        out = schema.validate(checked, lazy=True)
    except SchemaErrors as err:
        problems = _problems(df, schema, err.failure_cases, key_column, key_label) + spelled
    else:
        if not spelled:
            return out
        problems = spelled
    problems.sort(key=lambda p: p[0])
    cells, first = set(), []
    for problem in problems:  # one problem per cell: the first (a column check before a check over columns)
        cell = (problem[0][0], problem[1], problem[2])
        if problem[1] == "header" or cell not in cells:
            cells.add(cell)
            first.append(problem[1:])
    raise DataError(file, first, label=label) from None


def _problems(df, schema, cases: pd.DataFrame, key_column, key_label) -> list[tuple]:
    """``(line, where, column, message)`` for pandera's failure cases, first causes only."""
    missing = cases[cases["check"].astype(str) == "column_in_dataframe"]
    if len(missing):  # without the column, no row check means anything
        return [((0, False), "header", str(c), "required column is missing") for c in missing["failure_case"]]
    checks = cases["check"].astype(str)
    not_numbers = set(cases.loc[checks.str.startswith("coerce_dtype"), "column"].dropna())
    problems, seen = [], set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        message = _explain(check)
        column = case.column if isinstance(case.column, str) else None
        frame_level = case.schema_context == "DataFrameSchema"
        if message is None or (column in not_numbers and not check.startswith("coerce_dtype")):
            continue
        idx = case.index
        if idx is None or (isinstance(idx, float) and pd.isna(idx)):
            if not_numbers or frame_level and check not in ("column_in_schema",):
                continue  # a check that could not run because of another problem
            key = ("header", column, message)
            if key not in seen:
                seen.add(key)
                problems.append(((0, False), "header", column or "-", message))
            continue
        idx = int(idx)
        if frame_level and check == "multiple_fields_uniqueness":
            column = ", ".join(schema.unique)
        elif frame_level:  # a check over several columns reports each column: report the value column
            if "value" in df.columns and column != "value":
                continue
        key = (idx, column, message)
        if key in seen:
            continue
        seen.add(key)
        got = case.failure_case
        problems.append(((_line(df, idx), frame_level), _where(df, idx, key_column, key_label), column or "-",
                         f"{message} (got {got!r})"))
    return problems
