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


def images(page_path):
    """``(png bytes, width attribute)`` of every image of a page."""
    text = page_path.read_text(encoding="utf-8")
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
    # the overview's lines and bars, the what-if and sensitivity panels: every basket colour
    for name, index in (("overview", 0), ("overview", 1), ("whatif", 0), ("sensitivity", 1)):
        found = colours_in(images(built / f"{name}.html")[index][0])
        assert set(baskets.values()) <= found, (name, index, set(baskets.values()) - found)
    # a basket page: its own colour in the series chart and the parameter charts, no other basket's colour
    for basket, colour in baskets.items():
        series, grid = (colours_in(data) for data, _ in images(built / f"basket-{basket}.html")[:2])
        others = set(baskets.values()) - {colour}
        assert colour in series and colour in grid, basket
        assert not others & (series | grid), (basket, others & (series | grid))
        assert style.TOTAL_COLOUR in series  # the total as reference line


def test_the_official_line_is_black_in_the_what_if_and_band_charts(built):
    assert "#000000" in colours_in(images(built / "whatif.html")[0][0], min_pixels=2000)
    assert "#000000" in colours_in(images(built / "sensitivity.html")[0][0], min_pixels=2000)


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
