"""The PDF handout from report pages made by the real exporter (no kernel); the full handout is in tests/integration."""

import datetime as dt
import re

import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from index071lib.build import pdf
from index071lib.build.notebook import JobResult, export_html
from index071lib.build.runner import _handout, plan_build
from index071lib.report.charts import series_chart
from index071lib.report.context import load_context
from index071lib.report.tables import STYLE, folded

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def write_report(path, title: str, text: str, chart=None) -> None:
    """A report page as the build writes it: an executed notebook exported by the build's exporter."""
    nb = new_notebook()
    cells = [new_markdown_cell(f"# {title}"), new_markdown_cell(text)]
    if chart is not None:
        code = new_code_cell("chart", execution_count=1)
        data, metadata = chart._repr_mimebundle_()
        code.outputs = [new_output("execute_result", data=data, metadata=metadata, execution_count=1)]
        cells.append(code)
    table = new_code_cell("table", execution_count=2)
    table.outputs = [new_output("display_data", data={"text/html": STYLE + '<table class="index071-tabel"><thead>'
                                                      "<tr><th>Reeks</th></tr></thead><tbody><tr><td>1</td></tr>"
                                                      "</tbody></table>"})]
    nb.cells = cells + [table]
    export_html(nb, path)


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory):
    """overview, basket-regiomarketing and theme-afval present in the target of a 2017 plan (in that order)."""
    plan = plan_build(2017, output_dir=tmp_path_factory.mktemp("outputs"))
    plan.target.mkdir(parents=True)
    chart = series_chart(load_context(2017), ["index071"], "Index071")
    write_report(plan.target / "theme-afval.html", "Afval", "Tekst over afval.")
    write_report(plan.target / "basket-regiomarketing.html", "Regiomarketing", "Tekst over regiomarketing.", chart)
    write_report(plan.target / "overview.html", "Overzicht", "Tekst over het geheel.")
    return plan


def pdf_text(path) -> tuple[list[str], list]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages], reader


def test_chapters_follow_the_plan_and_skip_missing_reports(three_reports):
    chapters = pdf.chapters(three_reports)
    assert [c.name for c in chapters] == ["overview", "basket-regiomarketing", "theme-afval"]
    assert [c.title for c in chapters] == ["Het globale overzicht", "Mandje: Regiomarketing",
                                           "Trendthema: Circulaire economie: huishoudelijk restafval"]


def test_split_report_keeps_styles_once_and_the_body(three_reports):
    page = (three_reports.target / "overview.html").read_text(encoding="utf-8")
    styles, body = pdf.split_report(page)
    assert styles and all(s.startswith("<style") for s in styles)
    assert "counter(pages)" in "".join(styles)  # the print style every report carries
    assert "Tekst over het geheel." in body and "<head" not in body and "</body>" not in body
    document = pdf.handout_html(three_reports, NOW)
    assert document.count("<body") == 1 and document.count("</body>") == 1
    assert document.count(max(styles, key=len)) == 1  # the same lab styles of three reports, once


def test_cover_and_contents(three_reports):
    document = pdf.handout_html(three_reports, NOW)
    assert '<html lang="nl">' in document
    assert "De Index071 stijgt met 3 punten ten opzichte van het voorgaande jaar en komt uit op 113." in document
    assert '<a href="#report-overview">Index071 totaal</a>' in document  # key figures link to the report ...
    assert "<td>Life Sciences &amp; Health</td>" in document  # ... or, absent, name it only
    contents = re.search(r'<nav class="contents">(.*?)</nav>', document, re.S).group(1)
    assert re.findall(r'href="#([^"]+)"', contents) == ["report-overview", "report-basket-regiomarketing",
                                                         "report-theme-afval"]
    assert '<section class="report" id="report-basket-regiomarketing" data-title="Mandje: Regiomarketing">' in document
    assert "1 januari 2026 om 00:00 UTC" in document  # the provenance footer of the cover


def test_names_from_the_data_are_escaped(data_copy, tmp_path):
    meta_path = data_copy / "editions" / "2017" / "edition.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["baskets"][4]["name"] = 'Regio<script>alert(1)</script>"&'
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    plan = plan_build(2017, data_dir=data_copy, output_dir=tmp_path / "out")
    plan.target.mkdir(parents=True)
    write_report(plan.target / "basket-regiomarketing.html", "R", "t")
    document = pdf.handout_html(plan, NOW)
    assert "<script>" not in document
    assert 'data-title="Mandje: Regio&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"' in document
    assert ">Mandje: Regio&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;</a>" in document


def test_pdf_has_cover_contents_page_numbers_and_bookmarks(three_reports):
    result = pdf.write_handout(three_reports, three_reports.target)
    assert result.ok, result.error
    path = three_reports.target / "index071-2017.pdf"
    assert result.html == str(path)
    pages, reader = pdf_text(path)
    assert result.pages == len(pages) == 5  # cover, contents, one page per report
    assert "Index071 2017" in pages[0] and "Kerncijfers 2016" in pages[0] and "pagina" not in pages[0]
    # the contents give the page each report starts on; every page after the cover is numbered
    assert re.search(r"Het globale overzicht[ .]*3 ", pages[1])
    assert re.search(r"Mandje: Regiomarketing[ .]*4 ", pages[1])
    assert re.search(r"Trendthema: Circulaire economie: huishoudelijk restafval[ .]*5 ", pages[1])
    for number, text in enumerate(pages[1:], start=2):
        assert f"pagina {number} van 5" in text
    assert "Tekst over regiomarketing." in pages[3] and "Mandje: Regiomarketing" in pages[3]  # running header
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline
               if not isinstance(item, list)]
    assert outline == [("Inhoud", 1), ("Het globale overzicht", 2), ("Mandje: Regiomarketing", 3),
                       ("Trendthema: Circulaire economie: huishoudelijk restafval", 4)]
    assert len(reader.pages[3].images) == 1  # the chart, embedded


def test_folded_sections_print_open(tmp_path):
    """A long table folded in a ``<details>`` on screen is on paper: the handout opens it (issue 12 §5)."""
    plan = plan_build(2017, output_dir=tmp_path / "outputs")
    plan.target.mkdir(parents=True)
    nb = new_notebook()
    code = new_code_cell("folded", execution_count=1)
    code.outputs = [new_output("display_data", data={"text/html": STYLE + folded(
        "Tabel: elke reeks per scenario en jaar", "<table><tr><td>Ingeklapte waarde 117,0</td></tr></table>")})]
    nb.cells = [new_markdown_cell("# Wat als"), code]
    export_html(nb, plan.target / "whatif.html")
    page = (plan.target / "whatif.html").read_text(encoding="utf-8")
    assert '<details class="ingeklapt">' in page  # folded on screen
    assert "beforeprint" in page  # and opened by the page itself when a browser prints it
    document = pdf.handout_html(plan, NOW)
    assert "<details open" in document and '<details class="ingeklapt">' not in document
    assert "<script" not in document  # paper needs no script
    result = pdf.write_handout(plan, plan.target)
    assert result.ok, result.error
    pages, _ = pdf_text(plan.target / "index071-2017.pdf")
    assert any("Ingeklapte waarde 117,0" in text for text in pages)


def test_a_failed_pdf_keeps_the_earlier_one(three_reports, monkeypatch, tmp_path):
    path = three_reports.target / "index071-2017.pdf"
    earlier = path.read_bytes() if path.exists() else b"%PDF earlier good handout"
    path.write_bytes(earlier)
    staging = tmp_path / "staging"
    staging.mkdir()

    def broken(document, target):
        target.write_bytes(b"%PDF half")
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    result = pdf.write_handout(three_reports, staging)
    assert not result.ok and result.error == "PDF: OSError: disk full"
    assert path.read_bytes() == earlier


def test_no_report_no_pdf(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path)
    plan.target.mkdir(parents=True)
    result = pdf.write_handout(plan, plan.target)
    assert not result.ok and "no HTML report in" in result.error
    assert not (plan.target / "index071-2017.pdf").exists()


def test_build_makes_no_pdf_after_a_failed_report(tmp_path, monkeypatch):
    plan = plan_build(2017, output_dir=tmp_path)
    plan.target.mkdir(parents=True)
    (plan.target / "overview.html").write_text("<html><head></head><body>x</body></html>", encoding="utf-8")
    monkeypatch.setattr(pdf, "render_pdf", lambda document, target: pytest.fail("a PDF was made"))
    runs = [JobResult("overview", True, 1.0), JobResult("audit", False, 1.0, error="cell 3: boom")]
    result = _handout(plan, tmp_path, runs)
    assert not result.ok and result.name == "pdf"
    assert result.error == "PDF not made: 1 report(s) failed in this build; the earlier PDF is kept"
    assert not (plan.target / "index071-2017.pdf").exists()
