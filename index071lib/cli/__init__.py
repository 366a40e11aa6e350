"""The ``index071`` command line: one entry point (:func:`main`), one module per group of subcommands."""

from index071lib.cli.main import main

__all__ = ["main"]
