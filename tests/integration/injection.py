"""Hostile text for every text field of an edition and a scenario (issue 10 §1), and a checker of HTML pages.

:func:`inject` copies the 2017 data and puts one of :data:`PAYLOADS` (with a field marker) into every
text that comes from data: basket, theme and total names, the title, parameter names, sources and notes,
theme series names, units, notes and period labels, chapter names, audit quotes, changelog reasons and
names, panel commentary, and a scenario's description. :func:`hostile_elements` parses a page and lists
everything in it that came from data as markup instead of text.
"""

from __future__ import annotations

import csv
import html.parser
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

#: What an attacker (or a careless copy-paste) could put into a text field.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "![plaatje](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "&lt;b&gt; &amp; &#60;i&#62;",
    "{{ 7*7 }} {% raw %}",
    "*vet* _schuin_ `code` <b>vet</b>",
    "=HYPERLINK(\"http://x\",\"y\")",
    "<svg onload=alert(1)>",
    "kosten $\\frac{$ en $5 \\ [/] [bold]",
    "1. regel\n# kop\n- lijst\n\n<script>alert(1)</script>",
]
#: Scenario used for the scenario build.
SCENARIO = "hostile"


def payload(i: int) -> str:
    """A field's text: a marker ``XSSn`` and a payload (the marker makes the text findable)."""
    return f"XSS{i} {PAYLOADS[i % len(PAYLOADS)]}"


class _Counter:
    def __init__(self):
        self.i = 0

    def __call__(self) -> str:
        self.i += 1
        return payload(self.i)


def _rewrite_csv(path: Path, columns: list[str], nxt) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for row in rows:
        for column in columns:
            if column in row:
                row[column] = " ".join(nxt().split())  # a table cell is one line (readers refuse a line break)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


#: Every payload in one text (a scenario description, the panel's note on the total).
ALL = " ".join(f"XSS-all-{i} {p}" for i, p in enumerate(PAYLOADS))


def inject(target: Path) -> dict[str, list[str]]:
    """Copy ``data/`` to ``target`` with hostile text in every text field.

    Returns:
        Some fields and the texts put into them: ``baskets``, ``reasons`` (changelog), ``total_note``
        (commentary), ``description`` (scenario :data:`SCENARIO` in ``target/scenarios``).
    """
    shutil.copytree(ROOT / "data" / "editions", target / "editions")
    folder = target / "editions" / "2017"
    nxt = _Counter()
    meta = yaml.safe_load((folder / "edition.yml").read_text(encoding="utf-8"))
    meta["title"], meta["total_name"] = nxt(), nxt()
    for entry in meta["baskets"] + meta["themes"]:
        entry["name"] = nxt()
    for claim in meta.get("text_claims", []):
        claim["quote"], claim["chapter"] = nxt(), nxt()
    (folder / "edition.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _rewrite_csv(folder / "parameters.csv", ["name", "source", "note"], nxt)
    _rewrite_csv(folder / "theme_series.csv", ["name", "unit", "note"], nxt)
    _rewrite_csv(folder / "chapter_weights.csv", ["chapter"], nxt)
    _rewrite_csv(folder / "theme_values.csv", ["label"], nxt)
    _rewrite_csv(folder / "reference.csv", ["label", "region", "period", "source"], nxt)
    log = yaml.safe_load((folder / "changelog.yml").read_text(encoding="utf-8"))
    for change in log["changes"]:
        change["reason"] = nxt()
        if change.get("name"):
            change["name"] = nxt()
    (folder / "changelog.yml").write_text(yaml.safe_dump(log, allow_unicode=True, sort_keys=False), encoding="utf-8")
    notes = yaml.safe_load((folder / "commentary.yml").read_text(encoding="utf-8"))
    notes["total"] = ALL
    for section in ("baskets", "parameters", "themes"):
        for key in notes.get(section) or {}:
            notes[section][key] = nxt()
    (folder / "commentary.yml").write_text(yaml.safe_dump(notes, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    scenarios = target / "scenarios"
    scenarios.mkdir()
    (scenarios / f"{SCENARIO}.yml").write_text(yaml.safe_dump(
        {"name": SCENARIO, "title": " ".join(nxt().split())[:80], "description": ALL, "basket_weights": {"life_sciences_health": 20}},
        allow_unicode=True), encoding="utf-8")
    return {"baskets": [b["name"] for b in meta["baskets"]], "reasons": [c["reason"] for c in log["changes"]],
            "total_note": [ALL], "description": [ALL]}


class _Page(html.parser.HTMLParser):
    """Every element with its attributes, the text of scripts, and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
        elif not (self._in and self._in[-1] == "style"):
            self.text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def hostile_elements(page: str) -> list[str]:
    """What in the page came from data as markup: ``on*`` attributes, scripts that call ``alert``,
    ``javascript:`` URLs, links to a payload's ``http://x``, and ``<img src=x>``."""
    parsed = parse(page)
    found = []
    for tag, attrs in parsed.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and (
                    value.strip().lower().replace("\t", "").startswith("javascript:") or "http://x" in value):
                found.append(f"<{tag} {name}={value!r}>")  # a link made of a payload (http://x: the =HYPERLINK one)
        if tag == "img" and attrs.get("src") == "x":
            found.append("<img src=x>")
    found += [f"<script>{s.strip()[:60]}" for s in parsed.scripts if "alert(1)" in s]
    return found


def visible_text(page: str) -> str:
    return " ".join(" ".join(parse(page).text).split())
