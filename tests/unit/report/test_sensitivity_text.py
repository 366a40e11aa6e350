import pandas as pd
import pytest

from index071lib.analysis.sensitivity import influence, simulate
from index071lib.core.fastindex import WeightModel
from index071lib.report.sensitivity_text import (
    influence_nl,
    method_nl,
    scheme_description_nl,
    summary_nl,
    verdict_nl,
    verdicts_markdown_nl,
)


def _summary(share):
    return pd.DataFrame({"series": ["x", "x"], "year": [2015, 2016], "share_rising": [float("nan"), share]})


@pytest.mark.parametrize("share,start,end", [
    (0.97, "In 97% van de alternatieve wegingen stijgt de index in 2016 ten opzichte van 2015.", "De stijging is robuust"),
    (0.40, "In 40% van de", "hangt af van de keuze van de wegingen."),
    (0.005, "In 1% van de", "De daling is robuust"),
    (0.945, "In 95% van de", "De stijging is robuust"),  # judged on the rounded share the sentence shows
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
    assert method_nl(result).startswith("Er zijn 2.000 alternatieve wegingen getrokken (startgetal 1).")
    text = verdicts_markdown_nl(result, edition.basket_names, edition.total_id)
    assert text.startswith("**In ") and text.count("\n- ") == 5 and "Vestigingsklimaat" in text
    assert "tussen 0,90 en 1,10" in scheme_description_nl("uniform", spread=0.1)
