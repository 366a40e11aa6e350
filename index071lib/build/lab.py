"""JupyterLab saves the repository's notebooks the way git stores them (without outputs).

The set-up (``python3 tasks.py setup``) installs nbstripout as the git filter that ``.gitattributes``
names for ``*.ipynb``, and enables this module as a Jupyter server extension of the environment
(``.venv/etc/jupyter/jupyter_server_config.d/index071.json``), which registers :func:`save_as_git_stores`
as a pre-save hook of the server's contents manager.

The filter alone keeps outputs out of commits and diffs, but not out of ``git status``: git reports a
file whose size changed as modified without running the filter (an autosave after running
``whatif.ipynb`` adds ~830 lines of outputs). The hook passes every notebook that git would filter
through that same filter before it is written, so the file on disk stays the committed one and
``git status`` stays clean. Notebooks outside a git checkout, or not assigned to the filter, are saved
as they are; the outputs of a run stay on screen until the notebook is closed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

#: The git filter driver (``.gitattributes``: ``*.ipynb filter=nbstripout``).
FILTER = "nbstripout"


def _git(cwd: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def clean_command(path: Path) -> tuple[Path, str] | None:
    """The git checkout of ``path`` and the clean command git applies to it, if any.

    Args:
        path: A file (need not exist yet).

    Returns:
        ``(top of the working tree, command)``, or ``None`` when ``path`` is not in a git checkout, not
        assigned to the :data:`FILTER` driver, or the driver is not configured.
    """
    folder = path.parent if path.parent.is_dir() else None
    top = _git(folder, "rev-parse", "--show-toplevel") if folder else None
    if not top:
        return None
    attribute = _git(folder, "check-attr", "filter", "--", path.name)
    if not attribute or not attribute.endswith(f": filter: {FILTER}"):
        return None
    command = _git(folder, "config", "--get", f"filter.{FILTER}.clean")
    return (Path(top), command) if command else None


def clean_notebook(text: str, path: Path) -> str | None:
    """The notebook text as git would store it at ``path`` (``None``: git would store it unchanged).

    Raises:
        RuntimeError: If the filter command fails (git would refuse the file too: the filter is
            ``required``).
    """
    found = clean_command(path)
    if found is None:
        return None
    top, command = found
    # git runs filter commands through the shell at the top of the working tree; so does this
    proc = subprocess.run(command, shell=True, cwd=top, input=text, capture_output=True, text=True,  # noqa: S602
                          timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"git filter '{FILTER}' failed on {path}: {proc.stderr.strip()}")
    return proc.stdout


def save_as_git_stores(model: dict, path: str, contents_manager, **kwargs) -> None:
    """``ContentsManager.pre_save_hook``: strip a notebook the way the repository's git filter does.

    Args:
        model: The model being saved (``type``, ``content`` as a notebook dict).
        path: API path of the file (relative to the server's root).
        contents_manager: The server's contents manager (gives the file's path on disk).
        **kwargs: Further arguments of newer servers (ignored).
    """
    import nbformat

    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    os_path = Path(contents_manager._get_os_path(path))  # noqa: SLF001 - the documented hook example does this
    nb = nbformat.from_dict(model["content"])
    cleaned = clean_notebook(nbformat.writes(nb), os_path)
    if cleaned is not None:
        model["content"] = nbformat.reads(cleaned, as_version=nbformat.NO_CONVERT)


def _jupyter_server_extension_points() -> list[dict]:
    """This module as a Jupyter server extension (enabled by the set-up)."""
    return [{"module": "index071lib.build.lab"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Register :func:`save_as_git_stores` with the server's contents manager."""
    serverapp.contents_manager.register_pre_save_hook(save_as_git_stores)
    serverapp.log.info("index071: notebooks assigned to the git filter are saved as git stores them")
