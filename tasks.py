#!/usr/bin/env python3
"""The two commands of the README, with set-up included.

    python3 tasks.py build   # build the current (latest) edition: outputs/<edition>/index.html
    python3 tasks.py test    # run the whole test suite

On first use (and whenever pyproject.toml changes) this creates ``.venv/`` with the standard
library's ``venv`` and installs the project into it (``pip install -e .[test]``). Nothing else is
needed on the machine but Python >= 3.11. Extra arguments are passed on (e.g. ``test -k audit``,
``build --jobs 1``).
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
