"""The shipped what-if scenarios, in the wheel as the package ``index071lib.scenarios``.

This file only lets :mod:`importlib.resources` find the scenarios, in this repository (editable install)
and in an installed wheel alike; see ``docs/packaging.md``. The scenarios are the ``.yml`` files beside it.
"""
