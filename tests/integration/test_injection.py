"""Hostile text in every text field of an edition and a scenario (issue 10 §1), through a real build.

Two builds of the injected data (:mod:`injection`): the official one and a scenario build with the PDF
handout. Every HTML page is parsed: no element or attribute came from the data (no ``on*`` attribute, no
script calling ``alert``, no ``javascript:`` URL, no ``<img src=x>``), and the texts themselves are
visible as written. Headless Chromium opens the pages that showed the problem (overview, what-if,
sensitivity) and the index: no alert fires. The workbooks hold no formula, the PDF no script or
``javascript:`` link, and the CLI prints the names as written.
"""

from __future__ import annotations

import re
import subprocess
import time

import openpyxl
import pytest

from .browser_helpers import browser_session
from .conftest import index071_exe
from .injection import PAYLOADS, SCENARIO, hostile_elements, inject, visible_text

pytestmark = pytest.mark.integration

#: Installed before any script of a page runs: alert, confirm and prompt only record their calls.
RECORD_ALERTS = ("window.__alerts = [];"
                 "for (const f of ['alert', 'confirm', 'prompt']) {"
                 "  window[f] = (m) => { window.__alerts.push(f + ':' + String(m)); return null; }; }")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    fields = inject(root / "data")
    out = root / "outputs"
    for extra in ([], ["--scenario", SCENARIO, "--pdf"]):
        proc = subprocess.run([index071_exe(), "build", "--edition", "2017", "--jobs", "2", "--quiet",
                               "--data-dir", str(root / "data"), "--output-dir", str(out), *extra],
                              capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"data": root / "data", "official": out / "2017", "scenario": out / "2017" / "scenarios" / SCENARIO,
            "fields": fields}


def pages(hostile) -> dict[str, str]:
    return {f"{kind}/{p.name}": p.read_text(encoding="utf-8")
            for kind in ("official", "scenario") for p in sorted(hostile[kind].glob("*.html"))}


def test_no_markup_from_data_in_any_page(hostile):
    found = {name: hostile_elements(page) for name, page in pages(hostile).items()}
    assert len(found) >= 20
    assert {name: f for name, f in found.items() if f} == {}


def test_the_texts_are_visible_as_written(hostile):
    texts = {name: visible_text(page) for name, page in pages(hostile).items()}
    everything = " ".join(texts.values())
    for payload in PAYLOADS:
        assert flat(payload) in everything, payload
    fields = hostile["fields"]
    for reason in fields["reasons"]:
        assert flat(reason) in texts["official/overview.html"], reason
    for name in fields["baskets"]:
        assert flat(name) in texts["official/sensitivity.html"], name
    assert flat(fields["total_note"][0]) in texts["official/overview.html"]
    for page in ("overview", "whatif", "sensitivity"):
        assert flat(fields["description"][0]) in texts[f"scenario/{page}.html"], page
    assert "49" not in re.findall(r"XSS\d+ (\S+)", texts["official/overview.html"])  # {{ 7*7 }} not evaluated


@pytest.fixture(scope="module")
def browser():
    with browser_session() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_ALERTS})
        yield driver


@pytest.mark.browser
@pytest.mark.parametrize("page", ["official/overview.html", "official/whatif.html", "official/sensitivity.html",
                                  "official/index.html", "scenario/overview.html", "scenario/whatif.html",
                                  "scenario/sensitivity.html", "scenario/index.html"])
def test_no_alert_fires_in_chromium(hostile, browser, page):
    kind, name = page.split("/")
    browser.get((hostile[kind] / name).as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    for _ in range(50):  # an <img onerror> fires once its image has failed to load
        if browser.execute_script("return Array.from(document.images).every(i => i.complete)"):
            break
        time.sleep(0.1)
    time.sleep(0.3)
    assert browser.execute_script("return Array.isArray(window.__alerts)")  # the recorder was in place
    assert browser.execute_script("return window.__alerts") == []
    assert "XSS" in browser.execute_script("return document.body.innerText")


def test_workbooks_hold_no_formula(hostile):
    for kind in ("official", "scenario"):
        workbook = openpyxl.load_workbook(hostile[kind] / "index071-2017.xlsx")
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert any(str(c.value).startswith("XSS") and "=HYPERLINK" in str(c.value) for c in cells)


def test_pdf_shows_the_text_and_has_no_script(hostile):
    from pypdf import PdfReader

    path = hostile["scenario"] / "index071-2017.pdf"
    assert b"/JavaScript" not in path.read_bytes() and b"/JS " not in path.read_bytes()
    reader = PdfReader(path)
    uris = [a.get_object().get("/A", {}).get("/URI") for p in reader.pages for a in (p.get("/Annots") or [])]
    assert not [u for u in uris if u and str(u).lower().startswith("javascript:")]
    text = flat(" ".join(p.extract_text() for p in reader.pages[:2]))
    assert "XSS-all-1 <img src=x onerror=alert(1)>" in text


def test_cli_prints_the_names_as_written(hostile):
    import csv
    import json

    with open(hostile["data"] / "editions" / "2017" / "parameters.csv", newline="", encoding="utf-8") as fh:
        written = [(r["name"], r["source"]) for r in csv.DictReader(fh)]
    proc = subprocess.run([index071_exe(), "params", "--data-dir", str(hostile["data"]), "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert [(r["name"], r["source"]) for r in json.loads(proc.stdout)] == written
    table = subprocess.run([index071_exe(), "params", "--data-dir", str(hostile["data"])],
                           capture_output=True, text=True)
    assert table.returncode == 0 and table.stderr == ""  # [/] in a name no longer ends it with a markup error
    assert "XSS" in table.stdout
