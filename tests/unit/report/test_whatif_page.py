"""The what-if page for a meeting: the headline from the comparison, the scenarios by title, folded notes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from index071lib.analysis.whatif import compare, load_scenarios
from index071lib.data.scenarios import Scenario
from index071lib.report import whatif_page
from index071lib.text.fmt import round_half_up

SCENARIOS = Path(__file__).resolve().parents[3] / "data" / "scenarios"
SHIPPED = "life_sciences_20,zonder_ranglijsten,hoofdstuktekst,gelijke_wegingen"


@pytest.fixture(scope="module")
def four(edition):
    return load_scenarios(SHIPPED, edition)


def test_headline_names_the_scenario_that_moves_2016_most(edition, four):
    table = compare(edition, four)
    text = whatif_page.headline_nl(table, edition, four)
    last = table[(table["year"] == 2016) & (table["series"] == "index071")]
    biggest = last.loc[last["diff"].abs().idxmax()]
    title = {s.name: s.title for s in four}[biggest["scenario"]]
    level, official = round_half_up(biggest["value"]), round_half_up(biggest["baseline"])
    assert text.startswith(f"Van de vier scenario’s verandert ‘{title}’ het beeld van 2016 het meest")
    assert f"komt uit op {level:.0f} in plaats van {official:.0f} ({level - official:+.0f} punten)" in text
    assert title == "Zonder ranglijsten" and (level, official) == (115, 113)  # the 2017 data: 114,86 vs 112,52


def test_headline_lists_every_series_that_turns(edition, four):
    table = compare(edition, four)
    text = whatif_page.headline_nl(table, edition, four)
    shown = table.assign(level=round_half_up(table["value"]), base=round_half_up(table["baseline"]))
    turns = []
    for (run, series), rows in shown.groupby(["scenario", "series"], sort=False):
        rows = rows.set_index("year")
        change, before = rows.loc[2016, "level"] - rows.loc[2015, "level"], rows.loc[2016, "base"] - rows.loc[2015, "base"]
        if np.sign(change) != np.sign(before):
            turns.append((run, series))
    assert turns == [("gelijke_wegingen", "vestigingsklimaat")]  # 105 -> 105 instead of 104 -> 102
    assert text.endswith("Een andere richting in 2016: bij ‘Gelijke wegingen’ blijft het mandje Vestigingsklimaat "
                         "gelijk (0 in plaats van -2 punten).")


def test_headline_without_turns_and_with_one_scenario(edition):
    one = load_scenarios("hoofdstuktekst", edition)
    text = whatif_page.headline_nl(compare(edition, one), edition, one)
    # 112,49 against 112,52: the displayed levels differ by a point (the one-number rule of every page)
    assert text == ("Met ‘Wegingen uit de hoofdstukteksten’ komt de Index071 van 2016 uit op 112 in plaats van 113 "
                    "(-1 punt). In geen enkel scenario gaat een mandje of de totale index in 2016 een andere kant op.")
    same = load_scenarios("life_sciences_20", edition)  # 112,02: 112 as well
    assert whatif_page.headline_nl(compare(edition, same), edition, same).startswith(
        "Met ‘Life Sciences & Health 20%’ komt de Index071 van 2016 uit op 112 in plaats van 113 (-1 punt).")


def test_scenarios_by_title_with_the_scaled_weights_folded(edition, four):
    page = whatif_page.scenarios_html(edition, four)
    items = re.findall(r"<li><strong>(.*?)</strong>", page.split("<details")[0])
    assert items == ["Life Sciences &amp; Health 20%", "Zonder ranglijsten", "Wegingen uit de hoofdstukteksten",
                     "Gelijke wegingen"]
    assert "_" not in page.split("<details")[0]  # no slug
    assert ".yml" not in page and "YAML" not in page
    folded = re.search(r'<details class="ingeklapt"><summary>Wegingen die niet optelden tot 100% \((\d+) rijen\)'
                       r"</summary><ul>(.*)</ul></details>", page)
    # 11 sums of percentage sets, and one sentence for the equal weights (not their six sums, such as 7%)
    assert folded and int(folded.group(1)) == folded.group(2).count("<li>") == 12
    assert folded.group(2).endswith("<li>Gelijke wegingen: alle parameters binnen een mandje en alle mandjes tellen "
                                    "even zwaar.</li>") and "tot 7%" not in folded.group(2)
    assert "<li>Officiële weging: de wegingen van de mandjes tellen op tot 99%; ze zijn naar verhouding herschaald " \
           "tot 100%.</li>" in folded.group(2)


def test_titles_and_descriptions_stay_text(edition):
    hostile = Scenario(name="x", title="<img src=x onerror=alert(1)>", description="<script>")
    page = whatif_page.scenarios_html(edition, [hostile])
    assert "<img" not in page and "<script>" not in page and "&lt;img src=x" in page
    table = compare(edition, [hostile])
    assert "<img" not in whatif_page.headline_html(table, edition, [hostile])


def test_titled_table_feeds_the_chart_legend(edition, four):
    table = whatif_page.titled(compare(edition, four), four)
    assert list(dict.fromkeys(table["scenario"])) == [s.title for s in four]
    assert isinstance(table, pd.DataFrame) and len(table) == 30 * 4


def test_scenario_titles_as_column_headers_stay_text(edition):
    from index071lib.analysis.whatif import contributions_nl, effective_weight_table, effective_weights_nl
    from index071lib.report.tables import table_html

    hostile = Scenario(name="x", title="<script>alert(1)</script>", basket_weights={"regiomarketing": 25})
    for frame in (contributions_nl(edition, [hostile]),
                  effective_weights_nl(edition, effective_weight_table(edition, [hostile]), {"x": hostile.title})):
        page = table_html(frame.reset_index() if frame.index.nlevels > 1 else frame)
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
