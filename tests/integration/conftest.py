"""One full build of the 2017 edition per test session (12 notebooks and the PDF handout), shared by the integration tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def index071_exe() -> str:
    return shutil.which("index071") or str(Path(sys.executable).with_name("index071"))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``index071 build --edition 2017 --jobs 2 --pdf`` into a temporary outputs folder; returns ``outputs/2017``."""
    root = tmp_path_factory.mktemp("outputs")
    proc = subprocess.run([index071_exe(), "build", "--edition", "2017", "--jobs", "2", "--pdf",
                           "--output-dir", str(root)], capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = root / "2017"
    out.joinpath("build-stdout.txt").write_text(proc.stdout)
    return out
