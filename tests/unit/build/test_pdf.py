"""The PDF handout from report pages made by the real exporter (no kernel); the full handout is in tests/integration."""

import datetime as dt
import html
import re

import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from index071lib.build import pdf
from index071lib.build.notebook import JobResult, export_html
from index071lib.build.runner import _handout, plan_build
from index071lib.build.site import nav_html
from index071lib.report.charts import Chart, series_chart
from index071lib.report.context import load_context, published_notes
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


def test_the_cover_explains_its_marked_figures(three_reports):
    cover = pdf.handout_html(three_reports, NOW).split('<nav class="contents">')[0]
    ctx = load_context(2017)
    notes = published_notes(ctx, [ctx.edition.total_id, *ctx.edition.basket_ids])
    assert notes and "*</td>" in cover  # 2017: a key figure differs from the publication and is marked ...
    assert all(html.escape(note) in cover for note in notes)  # ... and its footnote is on the cover too


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


def test_print_layout_no_navigation_no_cut_chart_no_half_empty_page(tmp_path):
    """A report with the web page's navigation bar, two text cells and a chart taller than a page.

    On paper: the navigation bar is left out, the chart is scaled to fit its page instead of running off
    it, and the text cells stay on the first page (only a cell that ends with a heading keeps to what follows).
    """
    from matplotlib.figure import Figure

    plan = plan_build(2017, output_dir=tmp_path)
    plan.target.mkdir(parents=True)
    figure = Figure(figsize=(6.4, 13), dpi=100)
    figure.add_subplot().plot([0, 1], [0, 1])
    data, metadata = Chart(figure, "Lang", "Een lange grafiek.")._repr_mimebundle_()
    nb = new_notebook()
    code = new_code_cell("chart", execution_count=1)
    code.outputs = [new_output("execute_result", data=data, metadata=metadata, execution_count=1)]
    nb.cells = [new_markdown_cell("# Overzicht"), new_markdown_cell("Eerste alinea."),
                new_markdown_cell("Tweede alinea."), code, new_markdown_cell("Na de grafiek.")]
    export_html(nb, plan.target / "overview.html", page={"nav": nav_html(plan, "overview"), "footer": ""})
    assert "Gevoeligheid" in (plan.target / "overview.html").read_text(encoding="utf-8")  # the bar is on the page

    import weasyprint

    rendered = weasyprint.HTML(string=pdf.handout_html(plan, NOW)).render()
    texts = [" ".join(box.text for box in _boxes(page._page_box) if hasattr(box, "text")) for page in rendered.pages]
    assert not any("Gevoeligheid" in text for text in texts)  # no navigation bar on paper
    first = next(i for i, text in enumerate(texts) if "Overzicht" in text and i > 1)
    assert "Eerste alinea." in texts[first] and "Tweede alinea." in texts[first]  # not pushed on by the chart
    images = [(page, box) for page in rendered.pages for box in _boxes(page._page_box)
              if type(box).__name__ == "InlineReplacedBox"]
    assert len(images) == 1
    page, box = images[0]
    bottom = page._page_box.content_box_y() + page._page_box.height  # the foot of the page's text area
    assert box.position_y + box.height <= bottom  # the whole chart on its page, above the page's foot
    assert box.height < 13 * 96 * 0.8  # scaled down from its 13 inches


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)
