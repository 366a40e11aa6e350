"""The papermill edition build, asserted on its real outputs (one build per session, see conftest)."""

import html
import json
import re

import nbformat
import openpyxl
import pytest

from index071lib.build.notebook import TEMPLATES
from index071lib.build.runner import plan_build
from index071lib.core.indices import round_half_up
from index071lib.core.pipeline import compute_index
from index071lib.data.edition import load_edition
from index071lib.report import context as report
from index071lib.text.fmt import nl_number

pytestmark = pytest.mark.integration

PRINT_JS = (TEMPLATES / "print.js").read_text(encoding="utf-8")

# single charts per report kind: series + contributions (basket, overview), the audit chart, two tornados and the
# Sobol' indices (sensitivity); and the small multiples (one grid of panels that reflows, report.charts.ChartGrid):
# a basket's parameters, a theme's series, the what-if scenarios per series, the sensitivity band per series. The
# panel's difference chart is left out of the official static what-if picture, where it would be flat at 0.
SINGLE_CHARTS = {"basket": 2, "overview": 2, "theme": 0, "audit": 1, "whatif": 0, "sensitivity": 3}
GRIDS = {"basket": 1, "overview": 0, "theme": 1, "audit": 0, "whatif": 1, "sensitivity": 1}


def reports(out):
    return {p.stem: p.read_text(encoding="utf-8") for p in out.glob("*.html") if p.name != "index.html"}


def kop(page):
    return re.search(r'<p class="kop" id="kop">(.*?)</p>', page, re.S).group(1)


def test_every_run_has_notebook_and_html(built):
    names = [r.name for r in plan_build(2017, output_dir=built.parent).runs]
    assert sorted(reports(built)) == sorted(names)
    for name in names:
        nb = nbformat.read(built / "notebooks" / f"{name}.ipynb", as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, name
        assert nb.metadata.papermill.parameters["edition"] == 2017
    manifest = json.loads((built / "build.json").read_text())
    assert all(r["ok"] for r in manifest["runs"])
    assert [r["name"] for r in manifest["runs"]] == names + ["excel", "pdf"]  # the workbook, the PDF handout


def test_html_has_no_code_and_loads_nothing_from_the_network(built):
    for name, page in reports(built).items():
        # code cells keep only their outputs: no editor, no highlighted source, no prompts
        assert not re.search(r'class="[^"]*\b(jp-CodeMirrorEditor|highlight|jp-InputPrompt)\b', page), name
        assert re.search(r'class="[^"]*\bjp-OutputArea\b', page), name
        assert "from index071lib" not in page and "load_context" not in page, name
        assert not re.search(r"<script[^>]+src=", page), name
        assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page), name
        assert not re.search(r"@import|url\([\"']?(https?:)?//", page), name
        assert "cdnjs" not in page and "unpkg" not in page and "require.js" not in page.lower(), name
        assert "widget-state" not in page, name  # no dead widget state (no widget script is loaded)


def test_pages_are_dutch_and_titled(built):
    page = reports(built)["basket-regiomarketing"]
    assert '<html lang="nl">' in page
    assert "<title>Index071 2017 — Mandje: Regiomarketing</title>" in page


def test_every_chart_is_embedded(built):
    edition = load_edition(2017)
    panels = {"whatif": 1 + len(edition.basket_ids), "sensitivity": 1 + len(edition.basket_ids)}
    for name, page in reports(built).items():
        kind = name.split("-")[0]
        if kind == "basket":
            panels[name] = int((edition.parameters["basket"] == name.split("-", 1)[1]).sum())
        elif kind == "theme":
            panels[name] = int((edition.theme_series["theme"] == name.split("-", 1)[1]).sum())
        images = re.findall(r'<img[^>]+src="([^"]+)"', page)
        in_grids = page.count('class="grafiekpaneel"')
        assert page.count('class="grafiekraster"') == GRIDS[kind], name
        assert in_grids == (panels.get(name) or panels.get(kind) or 0), name
        assert len(images) == SINGLE_CHARTS[kind] + in_grids, name
        assert all(src.startswith("data:image/png;base64,") for src in images), name


def test_headlines_equal_the_library(built):
    edition = load_edition(2017)
    result = compute_index(edition, warn=False)
    pages = reports(built)
    for sid in edition.basket_ids + ["index071"]:
        page = pages["overview" if sid == "index071" else f"basket-{sid}"]
        level = round_half_up(result.series.loc[sid, 2016])
        change = level - round_half_up(result.series.loc[sid, 2015])
        text = kop(page)
        assert text.endswith(f"komt uit op {nl_number(level)}."), sid
        assert f"met {nl_number(abs(change))} punt" in text, sid
        assert int(level) == int(edition.published.loc[sid, 2016]) or sid == "life_sciences_health"


def test_reports_show_commentary_weights_annex_and_provenance(built, edition):
    page = reports(built)["basket-vestigingsklimaat"]
    assert "Toelichting uit de publicatie — Vestigingsklimaat" in page  # the 2017 notes quote the publication
    assert "Toelichting uit de publicatie — Autobereikbaarheid economische hotspots" in page
    assert "Commentaar van het expertpanel" not in page
    assert "Aandeel in Index071" in page and "Kantorenmonitor Holland Rijnland" in page
    assert edition.checksum in page and "Versie index071" in page
    assert re.search(r"\d+ \(2015\)", page)  # annex table marks a lagged cell with its data year
    theme = reports(built)["theme-afval"]
    assert "kg (× 1.000)" in theme and "omgekeerd: minder huishoudelijk restafval = hogere index" in theme
    audit = reports(built)["audit"]
    assert "29 van de 30" in kop(audit)


def test_index_page_links_everything_with_headline(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    ctx = report.load_context(2017)
    assert kop(page) == report.series_headline(ctx, "index071")
    for name in reports(built):
        assert f'href="{name}.html"' in page
    assert 'href="index071-2017.xlsx"' in page
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)  # only the inline print.js (folded sections
    assert [s.strip() for s in scripts] == [PRINT_JS.strip()]  # open when printing): nothing loaded, nothing else
    assert f"{len(plan_build(2017).runs)} gelukt, 0 mislukt" in page  # every run of the plan (12 for 2017)


def test_workbook(built):
    wb = openpyxl.load_workbook(built / "index071-2017.xlsx")
    assert wb.sheetnames[0] == "Overzicht" and len(wb.sheetnames) == 8 and wb.sheetnames[-1] == "Parameters"


def test_no_staging_left(built):
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".build-")]


def test_scenario_build_is_marked_and_separate(tmp_path):
    import subprocess
    from pathlib import Path

    from .conftest import index071_exe

    scenario = Path(__file__).resolve().parents[2] / "data" / "scenarios" / "life_sciences_20.yml"
    proc = subprocess.run([index071_exe(), "build", "--edition", "2017", "--scenario", str(scenario), "--only",
                           "overview", "basket-regiomarketing", "--output-dir", str(tmp_path), "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "2017" / "scenarios" / "life_sciences_20"
    assert sorted(p.name for p in out.glob("*.html")) == ["basket-regiomarketing.html", "index.html", "overview.html"]
    assert not (tmp_path / "2017" / "overview.html").exists()  # the official outputs are not touched
    banner = ("Let op: dit is het scenario ‘Life Sciences & Health 20%’, niet de officiële Index071. "
              "Life Sciences & Health telt voor 20% in plaats van 30%")
    for page in ("index.html", "overview.html", "basket-regiomarketing.html"):
        text = html.unescape((out / page).read_text(encoding="utf-8"))  # nbconvert re-serialises the entities
        assert f'<p class="scenario-banner">{banner}' in text, page
    # the browser tab names the scenario by its title too (never the slug or the file)
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert ("<title>Index071 2017 — scenario ‘Life Sciences &amp; Health 20%’ (niet officieel) — "
            "Het globale overzicht</title>") in overview
    assert "life_sciences_20" not in overview and ".yml" not in overview
    ctx = report.load_context(2017, str(scenario))
    assert kop((out / "overview.html").read_text(encoding="utf-8")) == report.series_headline(ctx, "index071")
    sheet = openpyxl.load_workbook(out / "index071-2017.xlsx")["Overzicht"]
    assert sheet["A2"].value.startswith("Let op: dit is het scenario ‘Life Sciences & Health 20%’, niet de officiële")
