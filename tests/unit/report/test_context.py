"""Generated Dutch headlines, contributions and provenance, on the 2017 edition."""

import datetime as dt

import pytest

from index071lib.core.indices import round_half_up
from index071lib.data.scenarios import load_scenario
from index071lib.report import context as report
from index071lib.text import nl
from index071lib.text.fmt import nl_number


@pytest.fixture(scope="module")
def ctx():
    return report.load_context(2017)


def test_total_headline_matches_publication(ctx, edition):
    # The publication: "De Index maakt dit jaar een groei door van 3 punten ... indexcijfer van 113."
    pub = edition.published.loc["index071"]
    text = report.series_headline(ctx, "index071")
    assert f"stijgt met {int(pub[2016] - pub[2015])} punten" in text
    assert text.endswith(f"komt uit op {int(pub[2016])}.")


@pytest.mark.parametrize("basket", ["ondernemerschap", "regiomarketing", "onderwijs_arbeidsmarkt", "vestigingsklimaat"])
def test_basket_headlines_agree_with_published_levels(ctx, edition, basket):
    pub = edition.published.loc[basket]
    change = int(pub[2016] - pub[2015])
    text = report.series_headline(ctx, basket)
    verb = "stijgt" if change > 0 else "daalt"
    unit = "punt" if abs(change) == 1 else "punten"
    assert f"{verb} met {abs(change)} {unit} " in text
    assert text.endswith(f"komt uit op {int(pub[2016])}.")


def test_parameter_contributions_add_up_to_basket_change(ctx):
    for basket in ctx.edition.basket_ids:
        table = report.parameter_contributions(ctx, basket)
        change = ctx.result.baskets.loc[basket, 2016] - ctx.result.baskets.loc[basket, 2015]
        assert table["contribution"].sum() == pytest.approx(change, abs=1e-9)
        assert list(table["contribution"]) == sorted(table["contribution"], reverse=True)


def test_basket_contributions_add_up_to_total_change(ctx):
    table = report.basket_contributions(ctx)
    assert table["contribution"].sum() == pytest.approx(ctx.result.total[2016] - ctx.result.total[2015], abs=1e-9)


def test_movers_name_biggest_riser_and_faller(ctx):
    table = report.parameter_contributions(ctx, "life_sciences_health")
    text = report.movers_text(table)
    top, bottom = table.iloc[0], table.iloc[-1]
    # parameter names inside the sentence with their article ("komen van het aantal werkzame personen ...")
    assert "van het aantal werkzame personen bij life sciences bedrijven op BSP (+3,8 punten)" in text.split(".")[0]
    assert top["name"] == "Aantal werkzame personen bij life sciences bedrijven op BSP"
    assert bottom["contribution"] < 0 and bottom["in_sentence"] in text.split("De grootste daling")[1]
    shanghai = table.set_index("parameter").loc["shanghai_ranking", "in_sentence"]
    assert shanghai == "de score in de Shanghai Ranking (clinical medicine & pharmacy)"  # parameters.csv
    assert "(+1,0 punt)" in text  # the second riser: one point is "punt"


def test_movers_when_nothing_moves():
    import pandas as pd
    assert "verandert zichtbaar" in report.movers_text(pd.DataFrame({"name": ["a"], "contribution": [0.01]}))


def test_vintage_note_counts_lagged_parameters(ctx):
    members = ctx.result.basket_of.index[ctx.result.basket_of == "life_sciences_health"]
    lagged = int((ctx.result.status.loc[members, 2016] == "lagged").sum())
    assert lagged > 0
    assert (f"tellen {nl.number_word(lagged)} van de {nl.number_word(len(members))} parameters"
            in report.vintage_note(ctx, "life_sciences_health"))


def test_provenance(ctx, edition):
    info = report.provenance(ctx, dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.timezone.utc))
    assert info["Controlegetal data (SHA-256)"] == edition.checksum and len(edition.checksum) == 12
    assert info["Rapport gemaakt op"] == "1 mei 2026 om 12:00 UTC"
    assert "Scenario" not in info and nl.scenario_banner(ctx.scenario) == ""
    # the alignment in words, as the what-if page says it (never the internal id "lag")
    assert info["Uitlijning van de cijfers"] == nl.ALIGNMENT["lag"] and "lag" not in info.values()
    html = report.provenance_html(ctx)
    assert "Herkomst" in html and edition.checksum in html
    carry = report.provenance(report.load_context(2017, alignment="carry"))
    assert carry["Uitlijning van de cijfers"].endswith("(niet de officiële Index071)") and "carry" not in str(carry)


def test_scenario_context(tmp_path, edition):
    path = tmp_path / "ls.yml"
    path.write_text("name: ls_20\ndescription: Life sciences 20%\nbasket_weights: {life_sciences_health: 20}\n")
    ctx = report.load_context(2017, str(path))
    assert ctx.scenario.name == "ls_20"
    assert nl.scenario_banner(ctx.scenario) == (  # no title in the file: the slug is all there is
        "Let op: dit is het scenario ‘ls_20’, niet de officiële Index071. Life sciences 20%")
    assert report.provenance(ctx)["Scenario"] == "‘ls_20’ (andere wegingen dan de officiële Index071)"
    assert str(path) not in str(report.provenance(ctx))  # no file paths in reader text
    # the scenario changes the total, not the baskets
    official = report.load_context(2017)
    assert ctx.result.total[2016] != pytest.approx(official.result.total[2016])
    assert round_half_up(ctx.result.baskets[2016]).tolist() == round_half_up(official.result.baskets[2016]).tolist()
    assert load_scenario(path, edition).name == "ls_20"


def test_edition_zero_means_latest(data_copy):
    """Notebooks default to ``edition: int = 0``: the newest edition present, here a scaffolded 2018."""
    from index071lib.data.scaffold import new_edition

    assert report.load_context(0).edition.year == 2017
    new_edition(2018, 2017, data_copy)
    assert report.load_context(0, data_dir=str(data_copy)).edition.year == 2018


def test_contributions_of_a_geometric_scenario_add_up(tmp_path):
    path = tmp_path / "geo.yml"
    path.write_text("name: geo\ndescription: Meetkundig gemiddelde.\naggregation: geometric\n")
    geo = report.load_context(2017, str(path))
    assert geo.result.aggregation == "geometric"
    for basket in geo.edition.basket_ids:
        table = report.parameter_contributions(geo, basket)
        change = geo.result.baskets.loc[basket, 2016] - geo.result.baskets.loc[basket, 2015]
        assert table["contribution"].sum() == pytest.approx(change, abs=1e-9)
    table = report.basket_contributions(geo)
    assert table["contribution"].sum() == pytest.approx(geo.result.total[2016] - geo.result.total[2015], abs=1e-9)
    assert table["contribution"].sum() != pytest.approx(2.9, abs=0.05)  # not the arithmetic +2,90


def test_context_computes_the_audit_once_with_official_weights(tmp_path):
    """Tables read the audit from the context: one computation per notebook, official weights under a scenario."""
    from index071lib.analysis.audit import run_audit
    from index071lib.core.pipeline import compute_index, reproduction

    path = tmp_path / "ls.yml"
    path.write_text("name: ls_20\nbasket_weights: {life_sciences_health: 20}\n")
    ctx = report.load_context(2017, str(path))
    official = compute_index(ctx.edition, warn=False)
    assert ctx.official is not ctx.result and ctx.official.total.equals(official.total)
    assert not ctx.result.total.equals(official.total)
    assert ctx.reproduction is ctx.reproduction  # kept, not recomputed
    assert ctx.reproduction.equals(reproduction(ctx.edition, official))
    assert [f.message for f in ctx.findings] == [f.message for f in run_audit(ctx.edition)]
    assert ctx.theme("afval") is ctx.theme("afval")
    plain = report.load_context(2017)
    assert plain.official is plain.result


def test_displayed_figures_one_rule_and_the_published_differences(ctx, edition):
    # Life Sciences & Health: computed 110,46 (2015) and 117,04 (2016); the publication prints 111 → 117 (+6).
    shown = report.displayed(ctx)
    assert (shown.level("life_sciences_health", 2015), shown.level("life_sciences_health", 2016)) == (110.0, 117.0)
    assert shown.change("life_sciences_health", 2016, 2015) == 7.0
    assert shown.differs("life_sciences_health", 2015) == 111.0
    assert shown.differs("life_sciences_health", 2016) is None
    # every other displayed level is the printed one
    differing = [(s, y) for s in shown.levels.index for y in shown.levels.columns if shown.differs(s, y) is not None]
    assert differing == [("life_sciences_health", 2015)]
    # the headline and rounded_change follow the same rule
    assert "stijgt met 7 punten" in report.series_headline(ctx, "life_sciences_health")
    assert report.rounded_change(ctx.result.series.loc["life_sciences_health"], 2016, 2015) == (117.0, 110.0, 7.0)
    computed = ctx.result.series.loc["life_sciences_health", 2015]
    assert 111 - computed > 0.5  # more than rounding explains (the audit's finding), so the note says so
    assert report.published_notes(ctx) == [
        f"* Life Sciences & Health 2015: hier 110, gepubliceerd: 111; herberekend uit de afgeronde cijfers van de "
        f"bijlage: {nl_number(computed, 2)} (verschil {nl_number(111 - computed, 2)} punt, meer dan afronding "
        "kan verklaren), zie audit."]


def test_displayed_figures_of_a_scenario_are_not_compared_with_the_publication(tmp_path, edition):
    path = tmp_path / "ls.yml"
    path.write_text("name: ls_20\ndescription: Life sciences 20%\nbasket_weights: {life_sciences_health: 20}\n")
    scenario_ctx = report.load_context(2017, str(path))
    shown = report.displayed(scenario_ctx)
    assert shown.published.isna().all().all()
    assert report.published_notes(scenario_ctx) == []
