import pandas as pd
import pytest

from index071lib.analysis.sensitivity import influence, simulate
from index071lib.core.fastindex import WeightModel
from index071lib.report.sensitivity_text import (
    influence_nl,
    method_html,
    method_nl,
    scheme_description_nl,
    summary_nl,
    verdict_nl,
    verdicts_markdown_nl,
)


def _summary(share):
    return pd.DataFrame({"series": ["x", "x"], "year": [2015, 2016], "share_rising": [float("nan"), share]})


@pytest.mark.parametrize("share,start,end", [
    (0.97, "In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015;", "de stijging is robuust"),
    (0.40, "In 60% van de alternatieve wegingen daalt", "; of de index daalt, hangt af van de keuze van de wegingen."),
    (0.005, "In 99% van de alternatieve wegingen daalt", "; de daling is robuust"),
    (0.945, "In 95% van de", "; de stijging is robuust"),  # judged on the rounded share the sentence shows
])
def test_verdict(share, start, end):
    text = verdict_nl(_summary(share), "x")
    assert text.startswith(start) and end in text


def test_verdict_names_the_count_and_rejects_the_first_year():
    assert verdict_nl(_summary(1.0), "x", n=10000, name="de Index071").startswith(
        "In 100% van de 10.000 alternatieve wegingen stijgt de Index071 in 2016")
    with pytest.raises(ValueError):
        verdict_nl(_summary(1.0), "x", 2015)


@pytest.fixture(scope="module")
def result(edition):
    return simulate(WeightModel.from_edition(edition), 2000, seed=1)


def test_summary_nl_uses_dutch_numbers(edition, result):
    table = summary_nl(result.summary, edition.basket_names)
    row = table[(table["Reeks"] == "Index071 totaal") & (table["Jaar"] == "2016")].iloc[0]
    assert row["Basisweging"] == "112,5" and row["Aandeel stijgend"].endswith("%") and "," in row["Aandeel stijgend"]
    assert table[table["Jaar"] == "2012"]["Aandeel stijgend"].eq("").all()


def test_influence_nl_sorted_by_effect(edition):
    table = influence_nl(influence(WeightModel.from_edition(edition)), edition)
    assert len(table) == 43
    assert table.iloc[0]["Weggelaten"] == "Mandje Vestigingsklimaat" and table.iloc[0]["Effect"].startswith("+2,")


def test_method_and_verdicts_markdown(edition, result):
    assert method_nl(result).startswith("De index is 2.000 keer opnieuw berekend, elke keer met een andere weging")
    assert "(toevalsreeks 1)" in method_nl(result)
    folded = method_html(result)
    assert folded.startswith('<details class="ingeklapt"><summary>Methode: de alternatieve wegingen en de band</summary><p class="tekst">De index is 2.000')
    for word in ("Dirichlet", "concentratie", "startgetal"):
        assert word not in folded
    text = verdicts_markdown_nl(result, edition.basket_names, edition.total_id)
    assert text.startswith("**In ") and text.count("\n- ") == 5 and "Vestigingsklimaat" in text
    assert "tussen 0,90 en 1,10" in scheme_description_nl("uniform", spread=0.1)


# --- which choice matters most (Sobol') ---------------------------------------------------------------------

import numpy as np  # noqa: E402

from index071lib.analysis.saltelli import SobolIndices  # noqa: E402
from index071lib.analysis.sobol import Factor, FactorSpec, SobolResult  # noqa: E402
from index071lib.report.sensitivity_text import (  # noqa: E402
    sobol_method_html,
    sobol_sentence_nl,
    sobol_sentences_html,
    sobol_table_nl,
)

NAMES = {"a": "Mandje <A>", "b": "B", "index071": "Index071 totaal"}


def _sobol_result(s1_change_total, *, change_total=2.8):
    """A hand-made result: series a, b and the total; factors basket weights, weights within a, alignment."""
    factors = [Factor("basket_weights", "basket_weights", (0, 1), ("a", "b"), spread=0.25),
               Factor("parameter_weights.a", "parameter_weights", (2,), ("p",), basket="a", spread=0.25),
               Factor("alignment", "alignment", (3,), ("alignment",), choices=("lag", "carry"))]
    s1 = np.zeros((3, 2, 3))
    s1[0, :, 1:] = [[0.3, 0.7], [0.2, 0.8]]  # basket a: its own weights and the alignment
    s1[1, :, 2] = 1.0  # basket b: only the alignment
    s1[2, 0] = [0.5, 0.1, 0.4]
    s1[2, 1] = s1_change_total
    st = s1 + 0.01 * (s1 > 0)
    conf = np.where(s1 > 0, 0.02, 0.0)
    indices = SobolIndices(s1=s1.reshape(6, 3), st=st.reshape(6, 3), s1_conf=conf.reshape(6, 3),
                           st_conf=conf.reshape(6, 3), num_resamples=1000, conf_level=0.95)
    baseline = np.array([[110.0, -1.2], [105.0, 0.001], [112.5, change_total]])
    return SobolResult(n=1024, seed=7, spec=FactorSpec("x", basket_weight_spread=0.25, parameter_weight_spread=0.25,
                                                        choices=(("alignment", ("lag", "carry")),)),
                       factors=factors, series_ids=["a", "b", "index071"], year=2016, previous=2015, indices=indices,
                       baseline=baseline, mean=baseline, sd=np.ones((3, 2)),
                       p05=baseline - np.array([[1.0, 1.05], [1.0, 0.5], [1.0, 1.62]]), p95=baseline + 0.44)


def test_sobol_sentence_names_the_heaviest_choices():
    result = _sobol_result([0.62, 0.03, 0.25])
    assert sobol_sentence_nl(result, "index071", NAMES) == (
        "Voor de stijging van de Index071 in 2016 telt de weging van de mandjes het zwaarst (62%), daarna de manier "
        "waarop ontbrekende cijfers meetellen (25%); de andere keuzes tellen elk minder. In 90% van de berekeningen "
        "verandert de Index071 met +1 tot +3 indexpunten (uitgangspunt: +3).")  # 109,7 → 112,5: 110 → 113
    assert sobol_sentence_nl(result, "a", NAMES).startswith(
        "Voor de daling van het mandje Mandje <A> in 2016 telt de manier waarop ontbrekende cijfers meetellen het "
        "zwaarst (80%), daarna de weging van de parameters binnen het mandje Mandje <A> (20%); de andere keuzes "
        "tellen elk minder.")
    assert sobol_sentence_nl(result, "b", NAMES).startswith(
        "Voor de verandering van het mandje B in 2016 telt de manier waarop ontbrekende cijfers meetellen het zwaarst "
        "(100%); de andere keuzes tellen elk minder dan 5%. In 90%")


def test_sobol_sentence_on_interactions_and_small_shares():
    text = sobol_sentence_nl(_sobol_result([0.5, 0.004, 0.1]), "index071", NAMES)
    assert "het zwaarst (50%), daarna de manier waarop ontbrekende cijfers meetellen (10%); de andere keuzes" in text
    assert ("Afzonderlijk verklaren de keuzes samen 60% van de verschillen; de rest ontstaat doordat keuzes op "
            "elkaar inwerken.") in text
    result = _sobol_result([np.nan, np.nan, np.nan])
    assert sobol_sentence_nl(result, "index071", NAMES) == (
        "Voor de stijging van de Index071 in 2016 maakt geen van deze keuzes verschil: de uitkomst is steeds "
        "dezelfde.")


def test_sobol_html_is_escaped():
    result = _sobol_result([0.62, 0.03, 0.25])
    for block in (sobol_sentences_html(result, NAMES), sobol_method_html(result, NAMES)):
        assert "Mandje &lt;A&gt;" in block and "<A>" not in block
    method = sobol_method_html(result, NAMES)
    assert method.startswith('<details class="ingeklapt"><summary>Methode: welke keuze telt het zwaarst?</summary>')
    assert "De index is 5.120 keer opnieuw berekend" in method and "toevalsreeks 7" in method
    assert "1.000 herhalingen" in method and "tussen 0,75 en 1,25" in method


def test_sobol_table_leaves_out_what_cannot_count():
    table = sobol_table_nl(_sobol_result([0.62, 0.03, 0.25]), NAMES)
    assert table["Reeks"].tolist() == ["Index071 totaal"] * 3 + ["Mandje <A>"] * 2 + ["B"]
    assert table["Keuze"].tolist()[3:] == ["Weging binnen Mandje <A>", "Ontbrekende cijfers",
                                           "Ontbrekende cijfers"]
    first = table.iloc[0]
    assert (first["niveau 2016: alleen deze keuze"], first["verandering 2015–2016: met samenspel"]) == (
        "50% ± 2", "63% ± 2")


def test_the_verdict_says_it_is_about_the_weights(edition, result):
    from index071lib.report.sensitivity_text import band_intro_nl, verdict_scope_nl

    choices = _sobol_result([0.62, 0.03, 0.25])  # total: +1,2 to +3,2; a: -2,3 to -0,8; b: -0,5 to +0,4 (0 to 0)
    assert verdict_scope_nl(choices, NAMES) == (
        "Dit oordeel gaat alleen over de wegingen. Ook met een andere behandeling van ontbrekende cijfers of een "
        "andere manier van middelen blijft de richting in 90% van de berekeningen dezelfde (zie ‘Welke keuze telt "
        "het zwaarst?’).")
    choices.p05[1, 1], choices.p95[1, 1] = -1.2, 0.6  # b: -1 to +1 in whole points
    assert verdict_scope_nl(choices, NAMES) == (
        "Dit oordeel gaat alleen over de wegingen. Een andere behandeling van ontbrekende cijfers of een andere "
        "manier van middelen kan de richting van het mandje B wel omdraaien (zie ‘Welke keuze telt het zwaarst?’).")
    choices.p05[2, 1] = -6.9
    assert verdict_scope_nl(choices, NAMES).endswith(
        "verandert de Index071 in 2016 met -7 tot +3 indexpunten (zie ‘Welke keuze telt het zwaarst?’).")
    text = verdicts_markdown_nl(result, edition.basket_names, edition.total_id, choices)
    assert text.endswith(verdict_scope_nl(choices, NAMES)) and "Dit oordeel" not in verdicts_markdown_nl(
        result, edition.basket_names, edition.total_id)
    assert "De zwarte lijn is de officiële index." in band_intro_nl("lag")
    assert "niet de officiële index" in band_intro_nl("carry") and "legenda zegt of" not in band_intro_nl("carry")
