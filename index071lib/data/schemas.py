"""Table schemas of an edition (pandera), and the translation of failures into clear messages.

Tables are read as text (``"-"`` and blanks become missing) and coerced by the schemas, so a
non-numeric value is reported by pandera with its row, not silently turned into NaN.

Bounds (see ``docs/input-validation.md``): every number must be finite; an index value (``values.csv``,
``published.csv``, printed index numbers) must be ≥ 0 (0: the quantity fell to nothing; the geometric
aggregation refuses it itself) and at most :data:`MAX_INDEX`; a parameter's value in the base year must be
100; a weight must be between 0 and :data:`MAX_WEIGHT`; a year must lie in :data:`YEARS`; a raw value (chapter 7,
``raw_value`` of ``values.csv``, ``base_raw`` of ``parameters.csv``) must be > 0.
"""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from index071lib.data.readers import dutch_numbers
from index071lib.errors import MAX_PROBLEMS, DataError


def load_checks_without_strategies() -> bool:
    """Load pandera's built-in checks without importing hypothesis for its data-synthesis strategies.

    pandera loads its built-in checks on the first validation in a process, and with them the modules
    that generate example data with hypothesis (which index071 never does); they import hypothesis when
    it is installed (it is, for the tests). That import costs about 0.5 CPU-s, more than loading and
    validating the edition itself, in every process that loads an edition: each report's kernel and the
    build. While those modules load, hypothesis is hidden (so they note it as missing), and it is back
    right after: the process can still import and use hypothesis; only pandera's ``strategy()`` and
    ``example()`` then say that hypothesis is not installed. Nothing is done when hypothesis or those
    modules are imported already.

    Returns:
        Whether the checks were loaded here without hypothesis.
    """
    if "hypothesis" in sys.modules or "pandera.strategies.base_strategies" in sys.modules:
        return False
    sys.modules["hypothesis"] = None  # `import hypothesis` raises ImportError meanwhile
    try:
        import pandera.backends.pandas.builtin_checks  # noqa: F401 - the checks, and pandera's strategy modules
    finally:
        if sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]
    return True


load_checks_without_strategies()

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
    return [_finite(), pa.Check.ge(0, error="index value must not be negative"),
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
            # the name inside a running sentence, with its article ("de werkgelegenheid in de industrie");
            # empty: derived from the name (index071lib.text.nl.in_sentence)
            "name_in_sentence": pa.Column(str, nullable=True, required=False),
            "weight": pa.Column(float, _weight(), coerce=True),
            "polarity": pa.Column(str, pa.Check.isin(list(POLARITIES)), nullable=True, required=False),
            "source": pa.Column(str, nullable=True),
            "note": pa.Column(str, nullable=True, required=False),
            "raw_unit": pa.Column(str, nullable=True, required=False),
            "base_raw": pa.Column(float, _raw_value(), nullable=True, coerce=True, required=False),
        },
        strict=False,
    )


def _raw_value() -> list[pa.Check]:
    return [_finite(), pa.Check.gt(0, error="raw value must be > 0")]


def values_schema(parameter_ids: list[str], years: list[int], base_year: int) -> pa.DataFrameSchema:
    """Schema of ``values.csv`` (tidy: parameter, year, value)."""
    return pa.DataFrameSchema(
        {
            "parameter": pa.Column(str, pa.Check.isin(parameter_ids, error="unknown parameter (not in parameters.csv)")),
            "year": pa.Column(int, pa.Check.isin(years, error=f"year outside the edition's years {years}"), coerce=True),
            "value": pa.Column(float, _index_value(), nullable=True, coerce=True),
            "raw_value": pa.Column(float, _raw_value(), nullable=True, coerce=True, required=False),
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
            "value": pa.Column(float, _raw_value(), nullable=True, coerce=True),
            "printed_index": pa.Column(float, _index_value(), nullable=True, coerce=True, required=False),
        },
        unique=["series", "year"],
    )


#: Units of a reference figure (``reference.csv``).
REFERENCE_UNITS = ("percent",)


def reference_schema(pages: list[str]) -> pa.DataFrameSchema:
    """Schema of ``reference.csv``: context figures the publication prints beside the index (national GDP
    growth, the national waste trend, other knowledge regions), each with the page it belongs on."""
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(SLUG, error="must be a slug (a-z, 0-9, _)"), unique=True),
            "page": pa.Column(str, pa.Check.isin(pages, error="unknown page (overview, basket:<id> or theme:<id>)")),
            "label": pa.Column(str),
            "region": pa.Column(str),
            "period": pa.Column(str),
            "value": pa.Column(float, [_finite(), pa.Check.in_range(-100, 1000, error="percent outside -100–1000")],
                               coerce=True),
            "unit": pa.Column(str, pa.Check.isin(list(REFERENCE_UNITS))),
            "compare": pa.Column(str, nullable=True, required=False),
            "source": pa.Column(str),
        },
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


class RowNames:
    """How messages name the rows of a table: file line (``attrs["lines"]`` from the reader) and key.

    Looked up once per table, not per problem (a row lookup in pandas copies the frame's ``attrs``).
    """

    def __init__(self, df: pd.DataFrame, key_column: str | None = None, key_label: str = "parameter"):
        lines = df.attrs.get("lines")  # a readers.FileLines
        self.lines = lines.array if lines is not None and len(lines) == len(df) else None
        self.labels = df.attrs.get("where")  # e.g. "baskets[2]" for the entries of a YAML list
        self.keys = df[key_column].tolist() if key_column and key_column in df.columns else None
        self.key_label = key_label

    def line(self, idx):
        """The file line of row ``idx`` (else header + 1-based row); ``idx`` may be an array."""
        return self.lines[idx] if self.lines is not None else np.asarray(idx) + 2

    def where(self, idx: int) -> str:
        """``row 7 (parameter 'zzp')``."""
        where = self.labels[idx] if self.labels else f"row {int(self.line(idx))}"
        if self.keys is not None:
            key = self.keys[idx]
            where += f" ({self.key_label} '{key if isinstance(key, str) else '?'}')"
        return where


#: Columns of the table of row problems: sort key (line, a check over several columns last), row, column, message.
_ROW_PROBLEM = ["line", "frame", "row", "column", "message", "got"]


def _not_numbers(df: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[dict]]:
    """Cells of number columns that are not numbers (``20x3``, ``NaN``, ``inf``; a year ``2012.5``).

    Found with one vectorised pass (pandera checks a failed coercion cell by cell, which takes minutes for a
    file of 390,000 bad rows), reported, and blanked in the returned copy so that the schema checks the rest.
    """
    problems = []
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if name not in df or not kind.startswith(("float", "int")):
            continue
        raw = df[name]
        number = pd.to_numeric(raw, errors="coerce")
        bad = (number.isna() & raw.notna()).to_numpy(dtype=bool)
        text = raw.astype(object).to_numpy()
        spelled = np.fromiter((isinstance(v, str) and bool(_NOT_A_NUMBER.match(v)) for v in text), bool, len(text))
        fraction = np.zeros(len(text), dtype=bool)
        if kind.startswith("int"):
            values = np.asarray(number.fillna(0), dtype=float)
            fraction = np.isfinite(values) & (values % 1 != 0)
        for i in (bad | spelled | fraction).nonzero()[0]:
            hint = ("not a whole number" if fraction[i] else
                    "not a number" + ("; leave the cell empty or '-' when the value is missing" if spelled[i] else ""))
            problems.append({"frame": False, "row": int(i), "column": name, "message": hint, "got": text[i]})
        if (bad | spelled | fraction).any():
            df = df.copy()
            df.loc[bad | spelled | fraction, name] = None
    return df, problems


def _number_columns(df: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    return [name for name, column in schema.columns.items()
            if name in df and str(column.dtype).startswith(("float", "int"))]


def _decimal_commas(df: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[dict]]:
    """The number columns of a ``;``-separated file read with decimal commas (:func:`readers.dutch_numbers`).

    Whether the file writes decimal commas is decided once for the file: some number cell holds a comma.
    """
    columns = _number_columns(df, schema)
    comma_file = any(df[c].astype(str).str.contains(",", regex=False).any() for c in columns)
    hint = ("a dot in a number of a file with decimal commas: write 1234,5 (thousands without dots) or 1.234,5"
            if comma_file else "unclear in a file separated by semicolons: 1234 or 1.234? write 1234 (no "
                               "thousands dots) or 1,234 (a decimal comma)")
    problems = []
    df = df.copy()
    for name in columns:
        df[name], unclear = dutch_numbers(df[name], comma_file)
        text = df[name].to_numpy()
        for i in unclear.nonzero()[0]:
            problems.append({"frame": False, "row": int(i), "column": name, "message": hint, "got": text[i]})
        if unclear.any():
            df.loc[unclear, name] = None
    return df, problems


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, file, key_column: str | None = None,
             key_label: str = "parameter", *, label: str = "column") -> pd.DataFrame:
    """Validate a table read from ``file``; raise :class:`DataError` with readable messages.

    Only the first cause is reported: a missing column hides the row checks (they cannot run), a cell
    that is not a number hides the other checks of its column (a year ``20x3`` is not also "outside the
    edition's years" in every other row), and a cell gets one message. Problems are listed in file order,
    at most :data:`~index071lib.errors.MAX_PROBLEMS` (the rest is counted), in bounded time also for a
    file with hundreds of thousands of bad rows.

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
    unclear = []
    if df.attrs.get("decimal_comma"):
        df, unclear = _decimal_commas(df, schema)
    checked, not_numbers = _not_numbers(df, schema)
    not_numbers = unclear + not_numbers
    try:
        out = schema.validate(checked, lazy=True)
    except SchemaErrors as err:
        header, row_problems = _problems(df, schema, err.failure_cases)
    else:
        if not not_numbers:
            return out
        header, row_problems = [], pd.DataFrame(columns=_ROW_PROBLEM[1:])
    rows = RowNames(df, key_column, key_label)
    table = pd.concat([pd.DataFrame(not_numbers, columns=_ROW_PROBLEM[1:]), row_problems], ignore_index=True)
    table["line"] = rows.line(table["row"].to_numpy(dtype=int)) if len(table) else []
    # one problem per cell: the first (not a number, then a column check, then a check over several columns)
    table = table.sort_values(["line", "frame"], kind="stable").drop_duplicates(["row", "column"])
    shown = max(0, MAX_PROBLEMS - len(header))
    problems = header + [(rows.where(int(r.row)), r.column,
                          r.message if r.got is None else f"{r.message} (got {r.got!r})")
                         for r in table.head(shown).itertuples(index=False)]
    raise DataError(file, problems, label=label, omitted=len(table) - min(shown, len(table))) from None


def _problems(df: pd.DataFrame, schema: pa.DataFrameSchema, cases: pd.DataFrame) -> tuple[list, pd.DataFrame]:
    """Pandera's failure cases as header problems and a table of row problems (first causes only)."""
    cases = cases.assign(check=cases["check"].astype(str))
    missing = cases[cases["check"] == "column_in_dataframe"]
    if len(missing):  # without the column, no row check means anything
        return ([("header", str(c), "required column is missing") for c in missing["failure_case"]],
                pd.DataFrame(columns=_ROW_PROBLEM[1:]))
    codes, checks = pd.factorize(cases["check"])  # few distinct checks, many cases: work on the distinct ones
    cases["message"] = np.asarray([_explain(c) for c in checks], dtype=object)[codes]
    coerce = pd.Series(np.asarray([c.startswith("coerce_dtype") for c in checks], dtype=bool)[codes],
                       index=cases.index)
    not_numbers = set(cases.loc[coerce, "column"].dropna())
    frame = (cases["schema_context"] == "DataFrameSchema").to_numpy()
    keep = cases["message"].notna() & (coerce | ~cases["column"].isin(not_numbers))
    has_row = cases["index"].notna()
    header = []
    if not not_numbers:  # a check without a row that did not fail because of another problem
        for case in cases[keep & ~has_row & ~frame].itertuples(index=False):
            problem = ("header", case.column if isinstance(case.column, str) else "-", case.message)
            if problem not in header:
                header.append(problem)
    rows = cases[keep & has_row].copy()
    rows["frame"] = frame[(keep & has_row).to_numpy()]
    unique = rows["frame"] & (rows["check"] == "multiple_fields_uniqueness")
    if schema.unique:
        rows.loc[unique, "column"] = ", ".join(schema.unique)
    if "value" in df.columns:  # a check over several columns reports each column: report the value column
        rows = rows[~rows["frame"] | unique | (rows["column"] == "value")]
    rows["row"] = rows["index"].astype(int)
    rows["got"] = rows["failure_case"].astype(object).where(~unique, None)  # a duplicate: its key names the row
    return header, rows.drop_duplicates(["row", "column", "message"])[_ROW_PROBLEM[1:]]
