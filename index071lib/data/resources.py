"""Files shipped inside the package (notebooks, scenarios, templates), found with :mod:`importlib.resources`.

Nothing is looked up relative to the repository: the same call finds the files in a checkout (editable
install) and in an installed wheel. In the repository the notebooks and shipped scenarios stay where
researchers open them (``notebooks/``, ``data/scenarios/``, ``data/factors/``); ``pyproject.toml`` maps those
folders to the packages :data:`NOTEBOOKS_PACKAGE`, :data:`SCENARIOS_PACKAGE` and :data:`FACTORS_PACKAGE` (see
``docs/packaging.md``).
"""

from __future__ import annotations

import atexit
import contextlib
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

#: The report notebooks (``notebooks/*.ipynb`` in the repository).
NOTEBOOKS_PACKAGE = "index071lib.notebooks"
#: The shipped scenarios (``data/scenarios/*.yml`` in the repository).
SCENARIOS_PACKAGE = "index071lib.scenarios"
#: The shipped factor files of the Sobol' analysis (``data/factors/*.yml`` in the repository).
FACTORS_PACKAGE = "index071lib.factors"

_KEPT = contextlib.ExitStack()  # files extracted from a zipped install live until the process ends
atexit.register(_KEPT.close)


@cache
def resource_path(package: str, *parts: str) -> Path:
    """A real file-system path of a resource shipped in ``package`` (a file or a folder).

    papermill, nbconvert and YAML loading need real paths. An installed wheel (pip always unpacks one) or
    a checkout has them already; only a zipped import would need extraction, kept until the process ends
    (:func:`importlib.resources.as_file`; folders of a zipped import need Python ≥ 3.12).

    Args:
        package: Dotted name of the package holding the resource.
        parts: Path of the resource inside the package (none: the package's folder).

    Returns:
        The path.

    Example:
        >>> resource_path(NOTEBOOKS_PACKAGE, "overview.ipynb").name
        'overview.ipynb'
    """
    ref = files(package).joinpath(*parts) if parts else files(package)
    if isinstance(ref, Path):
        return ref
    return _KEPT.enter_context(as_file(ref))
