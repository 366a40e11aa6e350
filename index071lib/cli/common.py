"""Helpers shared by the subcommand modules: the common options and the human-readable table."""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:  # imported where used: `index071 build` with nothing to do starts without pandas
    import pandas as pd


def int_in(low: int, high: int | None = None):
    """An argparse type: a whole number from ``low`` to ``high`` (inclusive; ``None`` = no upper limit).

    Example:
        >>> int_in(1, 10)("11")
        Traceback (most recent call last):
        argparse.ArgumentTypeError: must be a whole number from 1 to 10, got 11
    """
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < low or (high is not None and value > high):
            limit = f"from {low:,} to {high:,}" if high is not None else f"at least {low:,}"
            raise argparse.ArgumentTypeError(f"must be a whole number {limit}, got {value:,}")
        return value

    parse.__name__ = "whole number"
    return parse


def float_in(low: float, high: float, *, low_open: bool = False, high_open: bool = False):
    """An argparse type: a finite number in a range (``nan`` and ``inf`` are refused).

    Example:
        >>> float_in(0, 1, high_open=True)("inf")
        Traceback (most recent call last):
        argparse.ArgumentTypeError: must be a finite number in [0, 1), got 'inf'
    """
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        inside = (low < value if low_open else low <= value) and (value < high if high_open else value <= high)
        if not math.isfinite(value) or not inside:
            raise argparse.ArgumentTypeError(f"must be a finite number in {interval}, got {text!r}")
        return value

    parse.__name__ = "number"
    return parse


def add_data_dir_arg(parser: argparse.ArgumentParser) -> None:
    """The ``--data-dir`` option (folder holding ``editions/``)."""
    parser.add_argument("--data-dir", default=None,
                        help="folder holding editions/ (default: $INDEX071_DATA, ./data, or the repository's data/)")


def add_edition_args(parser: argparse.ArgumentParser) -> None:
    """The options every edition command shares: ``--edition`` and ``--data-dir``."""
    parser.add_argument("--edition", type=int, default=None,
                        help="edition year (default: the latest edition in data/editions/)")
    add_data_dir_arg(parser)


def add_aggregation_arg(parser: argparse.ArgumentParser, *, scenarios: bool = False) -> None:
    """The ``--aggregation`` option: the weighted mean that makes the baskets and the total."""
    from index071lib.core.aggregate import AGGREGATIONS

    note = "; a scenario file's own 'aggregation' key wins for that scenario" if scenarios else ""
    parser.add_argument("--aggregation", choices=tuple(AGGREGATIONS), default="arithmetic",
                        help="weighted mean of parameters into baskets and of baskets into the total "
                             f"(default: arithmetic, as the publication; geometric needs values > 0){note}")


def print_table(title: str, frame: pd.DataFrame) -> None:
    """Print a table for people (rich); missing values as empty cells.

    Title and cells hold names from data files: ``[...]`` in them is shown, not read as rich markup (a
    name ``[/]`` would otherwise end the program with a markup error).
    """
    import pandas as pd

    table = Table(title=escape(title))
    for column in frame.columns:
        table.add_column(escape(str(column)), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*["" if (isinstance(v, float) and pd.isna(v)) else escape(str(v)) for v in row])
    Console(width=160).print(table)


def add_dutch_arg(parser: argparse.ArgumentParser) -> None:
    """The ``--dutch`` option of commands with CSV output: ``;`` between columns and decimal commas."""
    parser.add_argument("--dutch", action="store_true",
                        help="with --format csv: separate columns by ';' and write decimal commas, as a Dutch "
                             "spreadsheet (Excel with Dutch settings) reads and writes CSV")


def write_csv(frame: pd.DataFrame, *, dutch: bool = False, out=None) -> None:
    """Write a table as CSV to stdout: numbers without float noise (:func:`~index071lib.text.fmt.csv_number`).

    Args:
        frame: The table (its index is not written).
        dutch: ``;`` as separator and ``,`` as decimal separator.
        out: Stream (default: ``sys.stdout``).

    Example:
        >>> import pandas as pd
        >>> write_csv(pd.DataFrame({"series": ["a"], "value": [100.51000000000001], "diff": [-1.42e-14]}))
        series,value,diff
        a,100.51,0
        >>> write_csv(pd.DataFrame({"series": ["a"], "value": [99.5]}), dutch=True)
        series;value
        a;99,5
    """
    import pandas as pd

    from index071lib.text.fmt import csv_number  # imports pandas: see the note at the imports

    decimal = "," if dutch else "."
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = [csv_number(v, decimal=decimal) for v in shown[column]]
    shown.to_csv(out or sys.stdout, index=False, lineterminator="\n", sep=";" if dutch else ",")
