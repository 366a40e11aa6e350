"""Helpers shared by the subcommand modules: the common options and the human-readable table."""

from __future__ import annotations

import argparse

import pandas as pd
from rich.console import Console
from rich.table import Table


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
    """Print a table for people (rich); missing values as empty cells."""
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*["" if (isinstance(v, float) and pd.isna(v)) else str(v) for v in row])
    Console(width=160).print(table)
