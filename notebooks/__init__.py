"""The report notebooks, shipped in the wheel as the package ``index071lib.notebooks``.

This file only lets :mod:`importlib.resources` find the notebooks, in this repository (editable install)
and in an installed wheel alike; see ``docs/packaging.md``. Open the ``.ipynb`` files in JupyterLab.
"""
