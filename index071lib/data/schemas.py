"""Table schemas of an edition (pandera), and the translation of failures into clear messages.

Tables are read as text (``"-"`` and blanks become missing) and coerced by the schemas, so a
non-numeric value is reported by pandera with its row, not silently turned into NaN.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from index071lib.errors import DataError

SLUG = r"^[a-z][a-z0-9_]*$"
HIGHER = "higher_is_better"
LOWER = "lower_is_better"
#: A parameter's direction: a higher raw figure is better, or a lower one (misdrijven, leegstand, …).
POLARITIES = (HIGHER, LOWER)


def parameters_schema(basket_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``parameters.csv`` (one row per parameter)."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, [pa.Check.str_matches(SLUG, error="must be a slug (a-z, 0-9, _)")], unique=True),
            "basket": pa.Column(str, pa.Check.isin(basket_ids, error=f"unknown basket; expected one of {basket_ids}")),
            "order": pa.Column(int, coerce=True, required=False),
            "name": pa.Column(str),
            "weight": pa.Column(float, pa.Check.ge(0, error="weight must be a number ≥ 0"), coerce=True),
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
            "value": pa.Column(float, nullable=True, coerce=True),
        },
        unique=["parameter", "year"],
        checks=[pa.Check(lambda d: ~((d["year"] == base_year) & (d["value"] == 0)),
                         name="base_value_nonzero", error=f"base value ({base_year}) is zero")],
    )


def published_schema(series_ids: list[str], years: list[int]) -> pa.DataFrameSchema:
    """Schema of ``published.csv`` (published basket and total series, for checking only)."""
    return pa.DataFrameSchema(
        {
            "series": pa.Column(str, pa.Check.isin(series_ids, error=f"unknown series; expected one of {series_ids}")),
            "year": pa.Column(int, pa.Check.isin(years), coerce=True),
            "value": pa.Column(float, nullable=True, coerce=True),
        },
        unique=["series", "year"],
    )


def chapter_weights_schema(parameter_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``chapter_weights.csv`` (weights as printed in the chapter texts)."""
    return pa.DataFrameSchema(
        {
            "parameter": pa.Column(str, pa.Check.isin(parameter_ids, error="unknown parameter"), unique=True),
            "weight": pa.Column(float, pa.Check.ge(0, error="weight must be a number ≥ 0"), coerce=True),
            "chapter": pa.Column(str, nullable=True, required=False),
        }
    )


def baskets_schema() -> pa.DataFrameSchema:
    """Schema of the ``baskets`` list in ``edition.yml``."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a slug"), unique=True),
            "name": pa.Column(str),
            "weight": pa.Column(float, pa.Check.ge(0, error="weight must be a number ≥ 0"), coerce=True),
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
            "year": pa.Column(int, coerce=True),
            "label": pa.Column(str),
            "value": pa.Column(float, pa.Check.gt(0, error="raw value must be > 0"), nullable=True, coerce=True),
            "printed_index": pa.Column(float, nullable=True, coerce=True, required=False),
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


def _explain(check: str) -> str | None:
    for pattern, text in _EXPLAIN:
        if re.match(pattern, check):
            return text
    return check


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, file, key_column: str | None = None,
             key_label: str = "parameter") -> pd.DataFrame:
    """Validate a table read from ``file``; raise :class:`DataError` with readable messages.

    Args:
        df: The table as read (strings).
        schema: The pandera schema.
        file: Path named in the message.
        key_column: Column that identifies a row for people (e.g. ``"id"``).
        key_label: Word used for that key in the message.

    Returns:
        The validated, coerced table.

    Raises:
        DataError: Naming the file, the row (CSV line number) and key, and the column.
    """
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as err:
        problems: list[tuple[str, str, str]] = []
        seen = set()
        cases = err.failure_cases
        for case in cases.itertuples(index=False):
            message = _explain(str(case.check))
            if message is None:
                continue
            column = case.column if isinstance(case.column, str) else "?"
            if case.check == "column_in_dataframe":
                column = str(case.failure_case)
            idx = case.index
            if idx is None or (isinstance(idx, float) and pd.isna(idx)):
                where = "header"
            else:
                idx = int(idx)
                where = f"row {idx + 2}"
                if key_column and key_column in df.columns:
                    where += f" ({key_label} '{df.iloc[idx][key_column]}')"
                # multi-column checks report every involved column: report one
                if str(case.check).startswith("base value") and column != "value":
                    continue
                if case.check == "multiple_fields_uniqueness":
                    if column != schema.unique[0]:
                        continue
                    column = ", ".join(schema.unique)
            got = case.failure_case
            detail = message if case.check in ("column_in_dataframe",) else f"{message} (got {got!r})"
            key = (where, column, message)
            if key in seen:
                continue
            seen.add(key)
            problems.append((where, column, detail))
        raise DataError(file, problems) from None
