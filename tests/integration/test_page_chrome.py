"""Every HTML page of the real 2017 build has the navigation bar linking every report, the provenance footer,
and no image without a Dutch alt text (never nbconvert's English placeholder)."""

from __future__ import annotations

import html
import re

from index071lib.text import nl

PLACEHOLDER = "No description has been provided for this image"
GENERIC, GENERIC_PAGE = nl.alt_section_figure("x"), nl.alt_section_figure("")


def pages(built):
    found = sorted(built.glob("*.html"))
    assert len(found) >= 12, found
    return found


def test_every_page_has_the_navigation_to_every_report(built):
    reports = [p.name for p in pages(built) if p.name != "index.html"]
    for page in pages(built):
        text = page.read_text(encoding="utf-8")
        nav = re.search(r'<nav\b[^>]*class="index071-nav"[^>]*>(.*?)</nav>', text, re.S)  # attribute order varies
        assert nav, page.name
        links = set(re.findall(r'href="([^"]+)"', nav.group(1)))
        assert links == {"index.html", *reports}, (page.name, links ^ {"index.html", *reports})
        current = [re.search(r'href="([^"]+)"', a).group(1) for a in re.findall(r"<a\b[^>]*>", nav.group(1))
                   if 'aria-current="page"' in a]
        assert current == [page.name], page.name
        for label in ("Overzicht", "Mandjes:", "Thema's:", "Audit", "Wat als", "Gevoeligheid"):
            assert label in html.unescape(nav.group(1)), (page.name, label)


def test_every_page_has_the_provenance_footer(built):
    for page in pages(built):
        text = page.read_text(encoding="utf-8")
        assert text.count('<footer class="herkomst">') == 1, page.name
        footer = text[text.index('<footer class="herkomst">'):]
        assert "Editie:</strong> 2017" in footer and "Controlegetal data (SHA-256):" in footer, page.name


def test_every_image_has_a_dutch_alt_text(built):
    images = 0
    for page in pages(built):
        text = page.read_text(encoding="utf-8")
        assert PLACEHOLDER not in text, page.name
        for img in re.findall(r"<img\b[^>]*>", text):
            images += 1
            alt = re.search(r'\balt="([^"]+)"', img)
            assert alt, (page.name, img[:80])
            text_ = html.unescape(alt.group(1))
            # what the chart is, then what it shows: never only the section it stands in (the fallback of
            # build.notebook.with_alt_texts for a figure without a description)
            assert re.match(r"(Lijngrafiek|Lijngrafieken|Staafgrafiek|Grafiek|\d+ kleine lijngrafieken)\b",
                            text_), (page.name, text_)
            assert not text_.startswith(GENERIC.split("'")[0]) and text_ != GENERIC_PAGE, (page.name, text_)
    assert images >= 20


def test_every_panel_of_a_grid_says_what_it_shows(built):
    """Small multiples are one image per panel, each with its own Dutch alt text (issue 12 §3, §6)."""
    from index071lib.data.edition import load_edition

    edition = load_edition(2017)
    for basket in edition.basket_ids:
        text = (built / f"basket-{basket}.html").read_text(encoding="utf-8")
        grid = re.search(r'<div\b([^>]*\bclass="grafiekraster"[^>]*)>(.*?)</div>', text, re.S)  # attributes in any order
        assert grid and 'role="group"' in grid.group(1), basket
        label = re.search(r'\baria-label="([^"]+)"', grid.group(1)).group(1)
        alts = [html.unescape(a) for a in re.findall(r'<img\b[^>]*\balt="([^"]+)"', grid.group(2))]
        members = edition.parameters.index[edition.parameters["basket"] == basket]
        assert len(alts) == len(members) == len(set(alts)), basket
        assert all(a.startswith("Lijngrafiek: ") and ", indexcijfer van " in a for a in alts), alts
        assert html.unescape(label).startswith(f"{len(members)} kleine lijngrafieken"), basket
    for name in ("whatif", "sensitivity", "theme-energie"):
        text = (built / f"{name}.html").read_text(encoding="utf-8")
        grid = re.search(r'<div\b[^>]*\bclass="grafiekraster"[^>]*>(.*?)</div>', text, re.S)
        alts = re.findall(r'<img\b[^>]*\balt="([^"]+)"', grid.group(1))
        assert len(alts) >= 2 and len(set(alts)) == len(alts) and all(a.startswith("Lijngrafiek: ") for a in alts)
