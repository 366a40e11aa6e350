"""Property: a randomly spoilt input file either loads (and then within the documented bounds) or raises the
kit's own validation error; never anything else (no KeyError, TypeError, ValueError, UnicodeDecodeError …).

Mutations of the real 2017 files: text spliced in at a random place, a line deleted, doubled or cut off, a
CSV cell replaced by a hostile value, a byte that is not UTF-8, and for YAML a random node replaced by a
random value of any type.
"""

from __future__ import annotations

import math
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index071lib.data.changelog import load_changelog
from index071lib.data.commentary import load_commentary
from index071lib.data.edition import load_edition
from index071lib.data.scenarios import load_scenario
from index071lib.data.schemas import BASE_VALUE, MAX_INDEX, MAX_WEIGHT
from index071lib.errors import DataError, ScenarioError

ROOT = Path(__file__).resolve().parents[3]
EDITION = ROOT / "data" / "editions" / "2017"
SCENARIOS = ROOT / "data" / "scenarios"
CSV_FILES = ["values.csv", "parameters.csv", "published.csv", "chapter_weights.csv", "theme_series.csv",
             "theme_values.csv"]
YAML_FILES = ["edition.yml", "changelog.yml", "commentary.yml"]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])

HOSTILE = st.sampled_from(["", "-", "inf", "-inf", "NaN", "nan", "1e309", "1e300", "-1", "0", "1,5", "1.5",
                           "2012.5", '"', '""', "'", "\t", ";", "\\", "\x00", "é", "💥", " 100", "100 ", "0x10",
                           "1_000", "<img src=x onerror=alert(1)>", "{{ x }}", "A" * 5000])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | HOSTILE


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("property") / "data"
    shutil.copytree(EDITION.parent, data / "editions")
    return data


def _splice(draw, text: str) -> str:
    kind = draw(st.sampled_from(["insert", "delete_line", "double_line", "cut", "swap_lines"]))
    lines = text.splitlines(keepends=True)
    if kind == "insert":
        i = draw(st.integers(0, len(text)))
        return text[:i] + draw(TEXT) + text[i:]
    if kind == "cut":
        return text[:draw(st.integers(0, len(text)))]
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete_line":
        return "".join(lines[:i] + lines[i + 1:])
    if kind == "double_line":
        return "".join(lines[:i + 1] + lines[i:])
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@st.composite
def spoilt_csv(draw, text: str) -> bytes:
    kind = draw(st.sampled_from(["cell", "cell", "splice", "bad_byte"]))
    if kind == "cell":
        lines = text.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        cells = lines[i].rstrip("\n").split(",")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(TEXT)
        lines[i] = ",".join(cells) + "\n"
        return "".join(lines).encode("utf-8")
    if kind == "splice":
        return _splice(draw, text).encode("utf-8")
    raw = text.encode("utf-8")
    i = draw(st.integers(0, len(raw)))
    return raw[:i] + draw(st.sampled_from([b"\xe9", b"\xff", b"\x80", b"\xc3"])) + raw[i:]


ANY = st.recursive(st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | TEXT,
                   lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


@st.composite
def spoilt_yaml(draw, text: str) -> bytes:
    kind = draw(st.sampled_from(["node", "node", "splice", "bad_byte"]))
    if kind == "splice":
        return _splice(draw, text).encode("utf-8")
    if kind == "bad_byte":
        raw = text.encode("utf-8")
        i = draw(st.integers(0, len(raw)))
        return raw[:i] + b"\xe9" + raw[i:]
    document = yaml.safe_load(text)
    path = draw(st.sampled_from(list(_paths(document))))
    value = draw(ANY)
    if not path:
        return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def _with(copy: Path, name: str, content: bytes, check) -> None:
    path = copy / "editions" / "2017" / name
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check()
    finally:
        path.write_bytes(original)


def _within_bounds(edition) -> None:
    values = edition.values.to_numpy(dtype=float)
    present = values[~np.isnan(values)]
    assert np.isfinite(present).all() and (present >= 0).all() and (present <= MAX_INDEX).all()
    assert (edition.values[edition.base_year] == BASE_VALUE).all()
    weights = edition.weights.to_numpy(dtype=float)
    assert ((weights >= 0) & (weights <= MAX_WEIGHT)).all()
    assert edition.basket_weights.sum() > 0 and edition.year == 2017


def _load_all(copy: Path) -> None:
    try:
        edition = load_edition(2017, copy)
    except DataError:
        return
    _within_bounds(edition)
    try:
        load_changelog(edition)
        load_commentary(edition)
    except DataError:
        pass


@pytest.mark.parametrize("name", CSV_FILES)
@SETTINGS
@given(data=st.data())
def test_a_spoilt_table_loads_or_raises_a_data_error(copy, name, data):
    text = (EDITION / name).read_text(encoding="utf-8")
    _with(copy, name, data.draw(spoilt_csv(text)), lambda: _load_all(copy))


@pytest.mark.parametrize("name", YAML_FILES)
@SETTINGS
@given(data=st.data())
def test_a_spoilt_yaml_file_loads_or_raises_a_data_error(copy, name, data):
    text = (EDITION / name).read_text(encoding="utf-8")
    _with(copy, name, data.draw(spoilt_yaml(text)), lambda: _load_all(copy))


@pytest.fixture(scope="module")
def edition():
    return load_edition(2017, ROOT / "data")


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yml")))
@SETTINGS
@given(data=st.data())
def test_a_spoilt_scenario_loads_or_raises_a_scenario_error(tmp_path_factory, edition, name, data):
    text = (SCENARIOS / name).read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("scenario") / name
    path.write_bytes(data.draw(spoilt_yaml(text)))
    try:
        scenario = load_scenario(path, edition)
    except ScenarioError:
        return
    weights = list(scenario.basket_weights.values()) + list(scenario.parameter_weights.values())
    assert all(math.isfinite(w) and w >= 0 for w in weights)
