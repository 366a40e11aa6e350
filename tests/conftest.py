"""Shared fixtures: the bundled 2017 edition and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index071lib.edition import load_edition

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = ROOT.parent / "shared" / "seeds" / "000_3fcb334af2cc5e6e.txt"


@pytest.fixture(scope="session")
def edition():
    """The bundled 2017 edition (read-only)."""
    return load_edition(2017, DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of ``data/`` (editions only) for tests that change input files."""
    target = tmp_path / "data"
    shutil.copytree(DATA / "editions", target / "editions")
    return target
