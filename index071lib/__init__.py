"""index071lib — compute, audit and report the Index071 of the Leiden region.

One sub-package per layer; a module imports only from layers below its own (checked by import-linter,
``[tool.importlinter]`` in ``pyproject.toml``):

* :mod:`index071lib.cli` — the ``index071`` command and its subcommands.
* :mod:`index071lib.build` — the edition build: plan, parallel runner, notebook execution, index page.
* :mod:`index071lib.report` — report context, Dutch tables, charts, widgets, Excel.
* :mod:`index071lib.analysis` — audit, status and revisions, what-if, sensitivity.
* :mod:`index071lib.core` — index arithmetic, alignment, aggregation, pipeline, themes, fast weight model.
* :mod:`index071lib.data` — editions, schemas, changelog, commentary, scenario files, scaffolding.
* :mod:`index071lib.text` — reader-facing Dutch text and number formatting.

:mod:`index071lib.errors` (the exceptions and warnings) may be imported by every layer.
"""

__version__ = "0.1.0"

from index071lib.errors import DataError  # noqa: E402,F401
