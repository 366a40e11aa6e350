"""Subcommands of the ``index071`` CLI, one module per feature."""
