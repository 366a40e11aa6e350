"""The charts as the real 2017 build embeds them: 2× PNGs, one colour per basket on every page, the official
line black, and the theme pages' tables and notes (issue 12 §3, §4)."""

from __future__ import annotations

import base64
import html
import io
import re
import struct

import pytest
from PIL import Image

from index071lib.data.edition import load_edition
from index071lib.report import style

pytestmark = pytest.mark.integration


def images(page_path, where: str = "all"):
    """``(png bytes, width attribute)`` of every image of a page; ``where``: ``"grid"`` only the panels of small
    multiples (``<div class="grafiekraster">``), ``"solo"`` only the other images."""
    text = page_path.read_text(encoding="utf-8")
    # panels are <figure>s: the first </div> ends a grid (nbconvert writes the attributes in its own order)
    grids = re.compile(r'<div\b[^>]*\bclass="grafiekraster"[^>]*>.*?</div>', re.S)
    if where == "grid":
        text = "".join(grids.findall(text))
    elif where == "solo":
        text = grids.sub("", text)
    found = []
    for img in re.findall(r"<img\b[^>]*>", text):
        data = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', img).group(1))
        width = re.search(r'\bwidth="?(\d+)', img)
        found.append((data, int(width.group(1)) if width else None))
    return found


def colours_in(png: bytes, min_pixels: int = 40) -> set[str]:
    """The colours that fill at least ``min_pixels`` pixels of a PNG (lines and bars, not anti-aliasing)."""
    counts = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20)
    return {"#%02x%02x%02x" % rgb for n, rgb in counts if n >= min_pixels}


@pytest.fixture(scope="module")
def palette():
    edition = load_edition(2017)
    return style.basket_palette(edition.basket_ids, edition.total_id)


def test_every_chart_is_a_2x_png_shown_at_half_its_pixels(built):
    count = 0
    for page in sorted(built.glob("*.html")):
        for data, width in images(page):
            pixels = struct.unpack(">II", data[16:24])[0]
            assert width is not None and abs(pixels - 2 * width) <= 2, (page.name, pixels, width)
            count += 1
    assert count >= 25


def test_one_colour_per_basket_on_every_page(built, palette):
    baskets = {b: c for b, c in palette.items() if b != "index071"}
    # the overview's lines and bars, the sensitivity tornado: every basket colour
    for name, index in (("overview", 0), ("overview", 1), ("sensitivity", 0)):
        found = colours_in(images(built / f"{name}.html", "solo")[index][0])
        assert set(baskets.values()) <= found, (name, index, set(baskets.values()) - found)
    # the what-if and band panels: one per series, the total first, a basket's panel in its colour only (the
    # band's median is a thin dashed line: checked for the absence of the other baskets' colours)
    for name in ("whatif", "sensitivity"):
        panels = [colours_in(data) for data, _ in images(built / f"{name}.html", "grid")]
        assert len(panels) == 1 + len(baskets), name
        for basket_colour, found in zip(baskets.values(), panels[1:]):
            assert basket_colour in found or name == "sensitivity", name
            assert not (set(baskets.values()) - {basket_colour}) & found, name
    # a basket page: its own colour in the series chart and the parameter charts, no other basket's colour
    for basket, colour in baskets.items():
        series = colours_in(images(built / f"basket-{basket}.html", "solo")[0][0])
        grid = set().union(*(colours_in(data) for data, _ in images(built / f"basket-{basket}.html", "grid")))
        others = set(baskets.values()) - {colour}
        assert colour in series and colour in grid, basket
        assert not others & (series | grid), (basket, others & (series | grid))
        assert style.TOTAL_COLOUR in series  # the total as reference line


def test_the_official_line_is_black_in_the_what_if_and_band_charts(built):
    for name in ("whatif", "sensitivity"):  # in every panel of the grid
        for data, _ in images(built / f"{name}.html", "grid"):
            assert "#000000" in colours_in(data, min_pixels=1500), name


def test_theme_pages_have_one_headline_the_tables_and_the_note(built):
    beta = html.unescape((built / "theme-betatechniek.html").read_text(encoding="utf-8"))
    headline = re.search(r'<p class="kop" id="kop">(.*?)</p>', beta, re.S).group(1)
    assert "lager is beter" not in headline and headline.endswith(".") and ". " not in headline  # one sentence
    assert "Waar deze pagina afwijkt van de publicatie" in beta
    assert "de publicatie drukt 115 (2014–2015) en 93 (2015–2016) af" in beta
    assert "425 (2015–2016) / 455 (2014–2015) × 100 = 93" in beta
    assert "102 (93)*" in beta
    energy = html.unescape((built / "theme-energie.html").read_text(encoding="utf-8"))
    assert "m³ (× 1.000)" in energy and "m3 (x 1000)" not in energy
    assert energy.count("lager is beter, dus een daling telt als verbetering") == 0
    assert "Waar deze pagina afwijkt" not in html.unescape((built / "theme-afval.html").read_text(encoding="utf-8"))


def test_lower_is_better_parameters_are_labelled_on_their_basket_page(built):
    page = html.unescape((built / "basket-vestigingsklimaat.html").read_text(encoding="utf-8"))
    # the weights table, the annex table and the contributions table each name it with its note
    assert page.count("Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)") >= 3
