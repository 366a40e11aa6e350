"""Every CLI output for 2017 and a filled-in 2018 is byte-identical to the committed snapshot.

A refactoring must not change a number or a word; when a change is intended, regenerate the snapshot
with ``python tests/golden/snapshot.py`` and say so in the commit.
"""

from __future__ import annotations

import pytest
from snapshot import EXPECTED, capture


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    return capture(tmp_path_factory.mktemp("golden"))


def test_snapshot_covers_every_output(captured):
    assert sorted(captured) == sorted(p.name for p in EXPECTED.iterdir())


@pytest.mark.parametrize("name", sorted(p.name for p in EXPECTED.iterdir()))
def test_output_is_byte_identical(captured, name):
    assert captured[name] == (EXPECTED / name).read_bytes(), f"{name} changed"
