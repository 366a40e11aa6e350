"""Where the data lives: the data folder, the editions in it, an edition's folder.

Only the standard library: the build's up-to-date check (:mod:`index071lib.build.cache`) finds the
edition a build would make without importing pandas. :mod:`index071lib.data.edition` re-exports these.
"""

from __future__ import annotations

import os
from pathlib import Path

from index071lib.errors import DataError


def default_data_dir() -> Path:
    """The data folder: ``$INDEX071_DATA``, else ``./data`` if it has editions, else the checkout's ``data/``.

    The last fallback exists only when the package runs from a source checkout (the editable install of
    the repository, e.g. a notebook opened in ``notebooks/``); an installed wheel has no data of its own.

    Returns:
        Path of the folder that holds ``editions/``.

    Raises:
        DataError: If none of these exists; the message asks for ``--data-dir`` or ``$INDEX071_DATA``.
    """
    env = os.environ.get("INDEX071_DATA")
    if env:
        return Path(env)
    cwd = Path.cwd() / "data"
    if (cwd / "editions").is_dir():
        return cwd
    checkout = checkout_data_dir()
    if checkout is not None:
        return checkout
    raise DataError(cwd / "editions", [("folder", "-", "no edition data here and $INDEX071_DATA is not set; give "
                                                      "the data folder (the one holding editions/) with --data-dir "
                                                      "(in a notebook: data_dir), or set $INDEX071_DATA")])


def checkout_data_dir() -> Path | None:
    """The ``data/`` folder of the source checkout this package runs from, or ``None`` for an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "data" / "editions").is_dir():
        return root / "data"
    return None


def available_editions(data_dir: Path | None = None) -> list[int]:
    """Edition years present in ``<data_dir>/editions`` (folders named by a year), ascending.

    Args:
        data_dir: Data folder (default: :func:`default_data_dir`).

    Returns:
        Sorted list of edition years.
    """
    root = Path(data_dir or default_data_dir()) / "editions"
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir()
                  if p.is_dir() and p.name.isdigit() and (p / "edition.yml").is_file())


def latest_edition(data_dir: Path | None = None) -> int:
    """The newest edition present (the default of every command).

    Raises:
        DataError: If there is no edition at all.
    """
    editions = available_editions(data_dir)
    if not editions:
        root = Path(data_dir or default_data_dir()) / "editions"
        raise DataError(root, [("folder", "-", "no edition found (expected <year>/edition.yml)")])
    return editions[-1]


def edition_dir(edition: int, data_dir: Path | None = None) -> Path:
    """Folder of an edition."""
    return Path(data_dir or default_data_dir()) / "editions" / str(edition)
