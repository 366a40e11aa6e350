"""Building a new edition with the papermill batch: 2018 on a temporary copy of data/ (fixture ``data_2018``).

Building 2018 must not touch ``outputs/2017``; the 2018 reports must show the numbers of the filled-in
data (recomputed here independently, see ``independent_index``), the changes section from the changelog
and the comparison with 2017.
"""

import html
import re

import pytest
from conftest import ADDED_2018, DROPPED_2018, REVISED_2018

from .test_new_edition import digest, independent_index, index071

pytestmark = pytest.mark.integration


def text_of(path):
    """Visible text of a report (tags stripped, entities decoded, whitespace collapsed)."""
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def outputs(data_2018, tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    first = index071("build", "--edition", 2017, "--data-dir", data_2018, "--output-dir", root,
                     "--only", "overview", "--jobs", 2)
    assert first.returncode == 0, first.stdout + first.stderr
    before = digest(root / "2017")
    second = index071("build", "--edition", 2018, "--data-dir", data_2018, "--output-dir", root, "--jobs", 2)
    assert second.returncode == 0, second.stdout + second.stderr
    (root / "2018-stderr.txt").write_text(second.stderr)
    return root, before


def test_2017_outputs_untouched_by_2018_build(outputs):
    root, before = outputs
    assert before and digest(root / "2017") == before


def test_2018_headline_from_independent_numbers(outputs, data_2018):
    root, _ = outputs
    total = independent_index(data_2018 / "editions" / "2018")["index071"]
    level, previous = int(total[2017] + 0.5), int(total[2016] + 0.5)
    change = level - previous
    verb = "stijgt" if change > 0 else "daalt" if change < 0 else "blijft gelijk"
    text = text_of(root / "2018" / "overview.html")
    assert f"komt uit op {level}." in text
    assert verb in text


def test_2018_changes_section_and_comparison(outputs, data_2018):
    root, _ = outputs
    text = text_of(root / "2018" / "overview.html")
    assert "Wijzigingen ten opzichte van de vorige editie" in text
    assert ADDED_2018[2] in text  # the added parameter, by its Dutch name
    assert "Aantal misdrijven" in text and DROPPED_2018 == "misdrijven"
    comparison = text_of(root / "2018" / "editions.html")
    assert "Aantal expats" in comparison  # a revised value (data revision) and the reweighted parameter
    assert all(str(v) in comparison for v in REVISED_2018.values())


def test_2018_build_has_every_report(outputs):
    root, _ = outputs
    names = {p.name for p in (root / "2018").glob("*.html")}
    assert {"index.html", "overview.html", "editions.html", "whatif.html", "sensitivity.html", "audit.html"} <= names
    assert len([n for n in names if n.startswith("basket-")]) == 5
    assert (root / "2018" / "index071-2018.xlsx").is_file()


def test_2018_dropped_parameter_empty_note_is_only_noted(outputs):
    """The scaffold's empty commentary entry of the dropped parameter: a note on stderr, not a failure."""
    root, _ = outputs
    err = (root / "2018-stderr.txt").read_text()
    assert re.search(r"note: \S*2018/commentary\.yml: key 'parameters\.misdrijven': empty note of an id this edition "
                     r"no longer has", err), err


def test_2018_audit_says_there_are_no_published_figures(outputs):
    root, _ = outputs
    text = text_of(root / "2018" / "audit.html")
    assert "Editie 2018 heeft (nog) geen gepubliceerde cijfers van mandjes en totaal" in text
    assert "reproduceert" not in text


def test_2018_theme_report_has_the_new_period(outputs):
    """The scaffolded next period of a school-year series appears, empty, in the theme report."""
    root, _ = outputs
    text = text_of(root / "2018" / "theme-betatechniek.html")
    assert "2016–2017" in text and "2015–2016" in text  # periods with an en dash
