#!/usr/bin/env python3
"""The two commands of the README, with set-up included.

    python3 tasks.py build   # build the current (latest) edition: outputs/<edition>/index.html
    python3 tasks.py test    # run the whole test suite

On first use (and whenever pyproject.toml changes) this creates ``.venv/`` with the standard
library's ``venv`` and installs the project into it (``pip install -e .[test]``). Nothing else is
needed on the machine but Python >= 3.11. Extra arguments are passed on (e.g. ``test -k audit``,
``build --jobs 1``, ``build --edition 2017``: a new edition whose newest year is still empty is not
built, the message says what to do). ``build`` makes again only the reports whose inputs changed.

In a git checkout the set-up also installs nbstripout as the git filter that ``.gitattributes`` names
for ``*.ipynb`` (commits and diffs never carry notebook outputs), and makes the Jupyter server of
``.venv`` save those notebooks the way git stores them (``index071lib.build.lab``), so running and
autosaving a notebook of ``notebooks/`` in JupyterLab leaves ``git status`` clean.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".index071-installed"

#: What the notebook filter strips besides outputs and execution counts (nbstripout's defaults): the
#: language details a kernel writes into the notebook on every run. Cell ids are kept (``--keep-id``),
#: so the committed notebooks are what the filter makes of them.
NBSTRIPOUT_EXTRA_KEYS = tuple(f"metadata.language_info.{key}" for key in (
    "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer", "version"))


def nbstripout_command(python: Path | str) -> list[str]:
    """The clean command of the notebook filter (also used by the tests on the committed notebooks)."""
    return [str(python), "-m", "nbstripout", "--keep-id", "--extra-keys", " ".join(NBSTRIPOUT_EXTRA_KEYS)]


def configure_git(root: Path = ROOT, python: str | None = None) -> bool:
    """Install nbstripout as the ``nbstripout`` git filter and ``ipynb`` diff driver of the checkout.

    Writes the repository's git config (``git config --local``) when it differs; the committed
    ``.gitattributes`` assigns the filter to ``*.ipynb``. The command names the interpreter relative to
    the checkout (git runs filters at the top of the working tree), so every worktree of one repository
    uses its own ``.venv``. Does nothing outside a git checkout or without git.

    Args:
        root: The checkout.
        python: Interpreter with nbstripout (default: ``.venv``'s, relative to the checkout).

    Returns:
        Whether the config was written (``False``: already so, or not a git checkout).
    """
    import shlex

    if not (root / ".git").exists():
        return False
    clean = shlex.join(nbstripout_command(python or PYTHON.relative_to(ROOT).as_posix()))
    settings = {"filter.nbstripout.clean": clean, "filter.nbstripout.smudge": "cat",
                "filter.nbstripout.required": "true", "diff.ipynb.textconv": clean + " -t"}
    changed = False
    try:
        for key, value in settings.items():
            now = subprocess.run(["git", "config", "--local", "--get", key], cwd=root, capture_output=True, text=True)
            if now.stdout.strip() != value:
                subprocess.run(["git", "config", "--local", key, value], cwd=root, check=True, capture_output=True)
                changed = True
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"[setup] git filter for notebooks not configured: {err}", file=sys.stderr)
        return False
    return changed


#: Jupyter server config of ``.venv``: the extension that saves the repository's notebooks as git stores them.
JUPYTER_CONFIG = VENV / "etc" / "jupyter" / "jupyter_server_config.d" / "index071.json"
JUPYTER_SETTINGS = {"ServerApp": {"jpserver_extensions": {"index071lib.build.lab": True}}}


def configure_jupyter(path: Path = JUPYTER_CONFIG) -> bool:
    """Enable the save hook's server extension in the environment (``sys.prefix/etc/jupyter``).

    Returns:
        Whether the file was written (``False``: already so).
    """
    import json

    text = json.dumps(JUPYTER_SETTINGS, indent=2) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """Create ``.venv`` and install the project if missing or out of date; return its python."""
    if sys.version_info < (3, 11):
        sys.exit(f"index071 needs Python >= 3.11 (this is {sys.version.split()[0]})")
    if not PYTHON.exists():
        print(f"[setup] creating virtual environment in {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    if not STAMP.exists() or STAMP.read_text() != _fingerprint():
        print("[setup] installing index071 and its dependencies (first use; takes a few minutes)", flush=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(_fingerprint())
    if configure_git():
        print("[setup] git now strips notebook outputs (nbstripout filter for *.ipynb, see .gitattributes)", flush=True)
    if configure_jupyter():
        print(f"[setup] JupyterLab saves the repository's notebooks without outputs ({JUPYTER_CONFIG})", flush=True)
    return PYTHON


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "test", "setup"):
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if command == "setup":
        return 0
    if command == "test":
        return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    # build: every notebook of the latest edition → outputs/<edition>/ (HTML reports, index.html, Excel)
    return subprocess.run([python, "-m", "index071lib.cli", "build", *rest], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
