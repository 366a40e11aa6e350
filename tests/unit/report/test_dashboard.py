"""The dashboard of the index page: every card shows what compute_index gives, by the one-number rule."""

from __future__ import annotations

import re
import pytest

from index071lib.core.pipeline import compute_index
from index071lib.report.context import load_context, series_headline
from index071lib.report.dashboard import dashboard_html
from index071lib.text.fmt import round_half_up


@pytest.fixture(scope="module")
def ctx():
    return load_context(2017)


def cards(page: str) -> dict[str, str]:
    return dict(re.findall(r'<article class="card[^"]*" data-series="([^"]+)"[^>]*>(.*?)</article>', page))


def test_every_card_matches_compute_index(ctx, edition):
    series = compute_index(edition, warn=False).series
    page = dashboard_html(ctx, lambda name: f"{name}.html")
    found = cards(page)
    assert list(found) == [edition.total_id, *edition.basket_ids]  # the total first
    published = edition.published
    for sid, card in found.items():
        level, before = round_half_up(series.loc[sid, 2016]), round_half_up(series.loc[sid, 2015])
        value = re.search(r'<span class="value">(\d+)(\*?)</span>', card)
        assert int(value.group(1)) == level
        change = re.search(r'<span class="change">([+-]?\d+)(\*?)</span>', card)
        assert int(change.group(1)) == level - before
        marked = bool(change.group(2))
        assert marked == (published.loc[sid, 2015] != before or published.loc[sid, 2016] != level)
        arrow = re.search(r'<span class="arrow (\w+)"', card).group(1)
        assert arrow == {1: "up", -1: "down", 0: "flat"}[(level > before) - (level < before)]
        assert f'<p class="verdict">{series_headline(ctx, sid)}</p>'.replace("&", "&amp;") in card
        trend = re.search(r'aria-label="Verloop [^"]+ 2012–2016: ([^"]+)"', card).group(1)
        assert trend == ", ".join(str(int(round_half_up(v))) for v in series.loc[sid])
        assert card.count("<polyline") == 1
    lsh = found["life_sciences_health"]  # 110 -> 117 here, 111 -> 117 printed: +7 with the marker
    assert '<span class="change">+7*</span>' in lsh and "▲" in lsh
    assert '<span class="change">-2</span>' in found["vestigingsklimaat"] and "▼" in found["vestigingsklimaat"]


def test_cards_link_their_report_only_when_it_exists(ctx):
    page = dashboard_html(ctx, lambda name: "overview.html" if name == "overview" else None)
    assert page.count("<a href=") == 1 and '<a href="overview.html">Index071 totaal</a>' in page


def test_names_from_data_stay_text(monkeypatch):
    ctx = load_context(2017)
    hostile = "<img src=x onerror=alert(1)>"
    basket = next(b for b in ctx.edition.meta["baskets"] if b["id"] == "regiomarketing")
    monkeypatch.setitem(basket, "name", hostile)
    page = dashboard_html(ctx, lambda name: None)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_cards_wear_the_colour_of_their_basket_in_the_charts(ctx, edition):
    from index071lib.report.style import basket_palette

    page = dashboard_html(ctx, lambda name: None)
    colours = dict(re.findall(r'data-series="([^"]+)" style="--kleur: (#[0-9a-f]{6})"', page))
    assert colours == basket_palette(edition.basket_ids, edition.total_id)  # the same colour as on every chart
    assert len(set(colours.values())) == 1 + len(edition.basket_ids)  # six cards, six colours
