"""The 2017 pages as a panel uses them in a meeting (issue 12 §5-§7), on a real build: no developer words or
internal ids in what a reader sees, the headline first, long tables and the method folded, the dashboard showing
what compute_index gives, and no page wider than a phone (390 px) in headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from index071lib.core.pipeline import compute_index
from index071lib.data.edition import load_edition
from index071lib.text.fmt import round_half_up

pytestmark = pytest.mark.integration

#: Never in reader text (whole words where it matters); the issue's list of wording to fix is in here too.
FORBIDDEN = [r"\bnotebooks?\b", r"jupyter", r"\byaml\b", r"\.yml\b", r"\bkernels?\b", r"\bbuilds?\b",
             r"opdrachtregel", r"command line", r"index071 (build|whatif|compute|panel|sensitivity)\b",
             r"chapter text", r"dirichlet", r"concentratie", r"startgetal", r"logiesaccomodaties",
             r"\b[hm]bo studenten\b", r"binnen 3 maanden", r"opleidingen binnen", r"onder andere wegingen",
             r"eén tegelijk weglaten", r"één tegelijk weglaten", r"rapporten in deze build",
             r"\b[a-z0-9]+(?:_[a-z0-9]+)+/\d{4}"]


class Visible(HTMLParser):
    """The text a reader sees (and hears: alt and aria-label texts), and the structure this test needs."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.details = 0
        self.tables: list[dict] = []  # per table: rows, inside a <details>
        self.order: list[str] = []  # h2 texts and the headline marker, in page order
        self.in_h2: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script", "title"):
            self.skip += 1
        for key in ("alt", "aria-label", "title"):
            if attrs.get(key):
                self.text.append(f" {attrs[key]} ")
        if tag == "details":
            self.details += 1
        elif tag == "table":
            self.tables.append({"rows": 0, "folded": self.details > 0})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"] += 1
        elif tag == "h2":
            self.in_h2 = []
        if attrs.get("id") == "kop":
            self.order.append("#kop")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        elif tag == "details":
            self.details -= 1
        elif tag == "h2" and self.in_h2 is not None:
            self.order.append("".join(self.in_h2).replace("¶", "").strip())
            self.in_h2 = None

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)
            if self.in_h2 is not None:
                self.in_h2.append(data)


def read(path: Path) -> Visible:
    page = Visible()
    page.feed(path.read_text(encoding="utf-8"))
    page.joined = " ".join(" ".join(page.text).split())
    return page


def test_no_developer_words_or_internal_ids_in_reader_text(built):
    edition = load_edition(2017)
    ids = [i for i in [*edition.parameters.index, *edition.theme_series.index.unique()] if "_" in str(i)]
    ids += ["life_sciences_20", "zonder_ranglijsten", "gelijke_wegingen"]
    found = []
    for path in sorted(built.glob("*.html")):
        text = read(path).joined
        found += [(path.name, m.group(0)) for rule in FORBIDDEN for m in re.finditer(rule, text, re.IGNORECASE)]
        found += [(path.name, i) for i in ids if re.search(rf"(?<![\w/]){re.escape(str(i))}(?![\w/])", text)]
    assert found == []


def test_what_if_page_headline_first_titles_and_folded_tables(built):
    page = read(built / "whatif.html")
    assert page.order[0] == "#kop" and page.order[1] == "De scenario's"  # the headline before any section
    assert "Van de vier scenario’s verandert ‘Zonder ranglijsten’ het beeld van 2016 het meest" in page.joined
    for title in ("Life Sciences & Health 20%", "Zonder ranglijsten", "Wegingen uit de hoofdstukteksten",
                  "Gelijke wegingen"):
        assert title in page.joined
    long_tables = [t for t in page.tables if t["rows"] > 12]
    assert len(long_tables) == 2 and all(t["folded"] for t in long_tables)  # per scenario/year; effective weights
    html = (built / "whatif.html").read_text(encoding="utf-8")
    assert html.count('<details class="ingeklapt">') == 3  # the scaled weights and the two tables


def test_sensitivity_page_verdict_first_and_method_folded(built):
    page = read(built / "sensitivity.html")
    assert page.order[0] == "Het oordeel"
    assert page.joined.index("In 100% van de 10.000 alternatieve wegingen stijgt de Index071") \
        < page.joined.index("Mediaan en band per jaar")
    assert all(t["folded"] for t in page.tables if t["rows"] > 12)
    html = (built / "sensitivity.html").read_text(encoding="utf-8")
    method = re.search(r'<details class="ingeklapt"><summary>Methode: de alternatieve wegingen en de band</summary>'
                       r"(.*?)</details>", html, re.S)
    assert method and "De index is 10.000 keer opnieuw berekend" in method.group(1)
    assert '<footer class="herkomst">' in html


def test_dashboard_shows_what_compute_index_gives(built):
    edition = load_edition(2017)
    series = compute_index(edition, warn=False).series
    html = (built / "index.html").read_text(encoding="utf-8")
    cards = dict(re.findall(r'<article class="card[^"]*" data-series="([^"]+)"[^>]*>(.*?)</article>', html))
    assert list(cards) == [edition.total_id, *edition.basket_ids]
    for sid, card in cards.items():
        level, before = round_half_up(series.loc[sid, 2016]), round_half_up(series.loc[sid, 2015])
        assert re.search(rf'<span class="value">{int(level)}\*?</span>', card), sid
        change = f"{int(level - before):+d}".replace("+0", "0")
        assert re.search(rf'<span class="change">{re.escape(change)}\*?</span>', card), sid
        assert card.count("<svg") == 1 and "<script" not in card
    assert re.search(r'<p class="meta">Editie 2017 · gemaakt op \d+ \w+ \d{4} om \d\d:\d\d UTC</p>', html)


def test_commentary_of_2017_is_labelled_as_the_publications(built):
    for path in sorted(built.glob("*.html")):
        assert "Commentaar van het expertpanel" not in path.read_text(encoding="utf-8"), path.name
    assert "Toelichting uit de publicatie — Regiomarketing" in (built / "basket-regiomarketing.html").read_text()


def test_no_page_is_wider_than_a_phone(built):
    from .browser_helpers import browser_session

    wide, navs, cues = {}, {}, 0
    with browser_session() as driver:
        driver.set_window_size(390, 900)
        for path in sorted(built.glob("*.html")):
            driver.get(path.as_uri())
            client, scroll, loose, nav = driver.execute_script("""
                const W = document.documentElement.clientWidth;
                const loose = [...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().width > W
                    && !t.closest('.tabel-scroll, .jp-OutputArea-output')).length;
                const nav = document.querySelector('nav.index071-nav');
                const rows = new Set([...nav.querySelectorAll('a')].map(a => Math.round(a.getBoundingClientRect().top)));
                return [W, document.documentElement.scrollWidth, loose, [rows.size, nav.scrollWidth > nav.clientWidth]];""")
            if scroll > client or loose:
                wide[path.name] = (client, scroll, loose)
            navs[path.name] = nav
            cues += driver.execute_script(
                "return [...document.querySelectorAll('.scroll-cue')].filter(c => c.offsetParent !== null).length")
    assert wide == {}
    # the navigation bar is one line that scrolls sideways, not eight lines above the headline
    assert {name: nav for name, nav in navs.items() if nav != [1, True]} == {}
    assert cues > 0  # wide tables say that they scroll


def test_small_multiples_reflow_to_the_width_of_the_screen(built):
    """Every grid of small charts: one column on a phone (390 px), at least two on a laptop (1280 px); the panels
    are loaded and never wider than the screen."""
    from .browser_helpers import browser_session

    pages = sorted(p for p in built.glob("*.html") if 'class="grafiekraster"' in p.read_text(encoding="utf-8"))
    names = {p.stem.split("-")[0] for p in pages}
    assert {"basket", "theme", "whatif", "sensitivity"} <= names, names
    found = {}
    with browser_session() as driver:
        for width in (390, 1280):
            driver.set_window_size(width, 1000)
            for path in pages:
                driver.get(path.as_uri())
                found[width, path.name] = driver.execute_script("""
                    const W = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('div.grafiekraster')].map(g => {
                        const figures = [...g.querySelectorAll('figure')];
                        const lefts = new Set(figures.map(f => Math.round(f.getBoundingClientRect().left)));
                        const imgs = [...g.querySelectorAll('img')];
                        return {columns: lefts.size, panels: figures.length,
                                loaded: imgs.every(i => i.complete && i.naturalWidth > 0),
                                inside: imgs.every(i => i.getBoundingClientRect().right <= W + 0.5),
                                page: document.documentElement.scrollWidth <= W};
                    });""")
    for (width, name), grids in found.items():
        assert grids, name
        for grid in grids:
            assert grid["loaded"] and grid["inside"] and grid["page"], (width, name, grid)
            if width == 390:
                assert grid["columns"] == 1, (name, grid)
            elif grid["panels"] > 1:
                assert grid["columns"] >= 2, (name, grid)
