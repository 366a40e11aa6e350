"""The PDF handout of ``index071 build --pdf`` (the session's build, see conftest), read back with pypdf."""

import json
import re

import pytest

from index071lib.build.runner import plan_build
from index071lib.report import context as report

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def handout(built):
    from pypdf import PdfReader

    reader = PdfReader(built / "index071-2017.pdf")
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    return reader, pages


def test_every_report_in_reading_order_with_page_numbers(built, handout):
    reader, pages = handout
    runs = plan_build(2017, output_dir=built.parent).runs
    # cover + contents, then every report starting on a new page: at least two pages per report (the
    # smallest, a theme, has a chart and a table), at most eight (the longest has five sections)
    assert 2 + 2 * len(runs) <= len(pages) <= 2 + 8 * len(runs)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline
               if not isinstance(item, list)]
    assert [title for title, _ in outline] == ["Inhoud"] + [run.title for run in runs]
    starts = [page for _, page in outline[1:]]
    assert starts == sorted(starts) and starts[0] == 2 and len(set(starts)) == len(runs)
    for (title, start), run in zip(outline[1:], runs):
        # the contents give the same start page, counted from 1 like the numbers at the foot of the pages
        assert re.search(re.escape(title) + rf"[ .]*{start + 1} ", pages[1]), title
        assert f"pagina {start + 1} van {len(pages)}" in pages[start], title
    manifest = json.loads((built / "build.json").read_text())
    assert manifest["runs"][-1]["name"] == "pdf" and manifest["runs"][-1]["pages"] == len(pages)
    assert f"PDF handout ({len(pages)} pages)" in (built / "build-stdout.txt").read_text()


def test_cover_and_every_basket_headline(handout):
    _reader, pages = handout
    ctx = report.load_context(2017)
    assert "Index071 2017" in pages[0] and "Kerncijfers 2016" in pages[0]
    assert report.series_headline(ctx, "index071") in pages[0]
    text = " ".join(pages)
    for basket in ctx.edition.basket_ids:
        assert report.series_headline(ctx, basket) in text, basket


def test_index_page_links_the_handout(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="index071-2017.pdf"' in page


def test_folded_sections_are_printed_open(handout):
    """Folded on screen (``<details>``), open on paper (issue 12 §5): the what-if comparison table and the
    sensitivity method are in the handout's text, not only their summary lines."""
    from index071lib.analysis.whatif import compare, load_scenarios
    from index071lib.text import nl
    from index071lib.text.fmt import nl_number

    _reader, pages = handout
    text = " ".join(pages)
    edition = report.load_context(2017).edition
    table = compare(edition, load_scenarios("zonder_ranglijsten", edition))
    row = table[(table["scenario"] == "zonder_ranglijsten") & (table["series"] == edition.total_id)
                & (table["year"] == 2016)].iloc[0]
    cell = f"{nl_number(row['value'], 1)} ({nl_number(row['value'] - row['baseline'], 1, sign=True)})"
    assert nl.FOLD_COMPARISON in text and cell in text  # a cell of the folded table: 114,9 (+2,3)
    method = text[text.index(nl.FOLD_METHOD):]
    assert "keer opnieuw berekend" in method and "krijgt precies dezelfde uitkomst" in method
