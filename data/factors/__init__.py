"""The shipped factor files of the Sobol' analysis, in the wheel as the package ``index071lib.factors``.

This file only lets :mod:`importlib.resources` find the factor files, in this repository (editable install)
and in an installed wheel alike; see ``docs/packaging.md``. The factor files are the ``.yml`` files beside it.
"""
