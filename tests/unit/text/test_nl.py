"""index071lib.text.nl: every kind of generated sentence, rendered from values computed from the 2017 edition.

The expected sentences are the publication's wording and figures (annex table of the baskets and total,
chapter texts), not copies of the code's output: the values are computed here by the core and analysis
layers and only then put into words by the catalogue.
"""

from types import SimpleNamespace

import pandas as pd
import pytest

from index071lib.analysis import sensitivity
from index071lib.analysis.audit import run_audit
from index071lib.analysis.whatif import weight_notes
from index071lib.core.aggregate import contributions
from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_index, reproduction
from index071lib.core.themes import theme_table
from index071lib.data.changelog import load_changelog
from index071lib.data.scenarios import load_scenario, resolve_scenario_path
from index071lib.report.context import rounded_change
from index071lib.text import nl
from index071lib.text.fmt import round_half_up


@pytest.fixture(scope="module")
def result(edition):
    return compute_index(edition, warn=False)


def basket_headline(edition, result, basket, year=2016, previous=2015):
    level, _, change = rounded_change(result.series.loc[basket], year, previous)
    return nl.headline(nl.subject_basket(edition.basket_names[basket]), level, change)


def test_headline_of_a_rising_basket(edition, result):
    # Annex: Ondernemerschap en jong talent 110 (2015) → 115 (2016).
    assert basket_headline(edition, result, "ondernemerschap") == (
        "Het mandje Ondernemerschap en jong talent stijgt met 5 punten ten opzichte van het voorgaande jaar "
        "en komt uit op 115.")


def test_headline_of_a_falling_basket_singular_point(edition, result):
    # Annex: Onderwijs – Arbeidsmarkt 106 → 105.
    assert basket_headline(edition, result, "onderwijs_arbeidsmarkt") == (
        "Het mandje Onderwijs – Arbeidsmarkt daalt met 1 punt ten opzichte van het voorgaande jaar en komt uit "
        "op 105.")


def test_headline_of_an_unchanged_basket(edition, result):
    # Annex: Onderwijs – Arbeidsmarkt 100 (2012) and 100 (2013).
    assert basket_headline(edition, result, "onderwijs_arbeidsmarkt", 2013, 2012) == (
        "Het mandje Onderwijs – Arbeidsmarkt blijft gelijk ten opzichte van het voorgaande jaar en komt uit op 100.")


def test_headline_of_the_total(edition, result):
    # Annex: Index071 110 → 113 ("een groei ... van 3 punten").
    level, _, change = rounded_change(result.total, 2016, 2015)
    assert nl.headline(nl.SUBJECT_TOTAL, level, change) == (
        "De Index071 stijgt met 3 punten ten opzichte van het voorgaande jaar en komt uit op 113.")


def test_movers_from_real_contributions(edition, result):
    table = contributions(result.aligned, result.weights, 2016, 2015, basket_of=result.basket_of)
    table = table[table["basket"] == "onderwijs_arbeidsmarkt"]
    shown = round_half_up(table["contribution"], 1)
    up = table[shown > 0].sort_values("contribution", ascending=False).head(2)
    down = table[shown < 0].sort_values("contribution").head(2)
    names = edition.names_in_sentence
    text = nl.movers([(names[p], c) for p, c in up["contribution"].items()],
                     [(names[p], c) for p, c in down["contribution"].items()])
    assert text == (
        "De grootste bijdragen aan de stijging komen van het aantal hbo-studenten verpleegkunde en (bio)techniek "
        "(+1,5 punten) en het aantal leerbedrijven (+0,8 punt). De grootste dalingen komen van het aantal plaatsingen "
        "op een leerbaan of stageplaats (bbl en bol) (-2,3 punten) en het aantal mbo-studenten techniek (niveau 4) "
        "(-0,9 punt).")
    assert table["contribution"].sum() == pytest.approx(result.baskets.loc["onderwijs_arbeidsmarkt", 2016]
                                                        - result.baskets.loc["onderwijs_arbeidsmarkt", 2015])
    assert nl.movers([], []) == nl.NO_VISIBLE_CHANGE
    assert nl.movers([("A", 1.04)], []) == "De grootste bijdrage aan de stijging komt van A (+1,0 punt)."


def test_vintage_note_from_the_lag_alignment(result):
    members = result.basket_of.index[result.basket_of == "regiomarketing"]
    lagged = members[result.status.loc[members, 2016] == "lagged"]
    years = sorted({int(result.vintage.loc[p, 2016]) for p in lagged})
    assert nl.vintage_note(2016, len(lagged), len(members), years) == (
        "In 2016 tellen drie van de zes parameters mee met het meest recente beschikbare cijfer, uit 2014 en 2015; "
        "in de grafieken zijn die punten open getekend met het jaar van het cijfer erbij.")
    assert nl.vintage_note(2016, 0, len(members), []) == "Alle zes parameters hebben een cijfer over 2016."


def test_theme_headline_is_one_sentence_without_repeating_the_polarity(edition):
    waste = theme_table(edition, "afval").dropna(subset=["index"]).iloc[-1]
    assert nl.theme_headline("Afval", "2015", [(waste["name"], waste["index"], "2012")]) == (
        "Huishoudelijk restafval: index 106 in 2015 (2012 = 100), een verbetering ten opzichte van 2012.")
    energy = theme_table(edition, "energie").dropna(subset=["index"])
    latest = [(r["name"], r["index"], "2012") for _, r in energy[energy["year"] == 2015].iterrows()]
    text = nl.theme_headline("Energie", "2015", latest)
    assert text == ("Energie in 2015: alle vijf reeksen staan boven 100, dus beter dan in het basisjaar; het hoogst staat "
                    "de woningen met stadsverwarming (126), het laagst de geleverde elektriciteit aan bedrijven via "
                    "openbare net (103).")
    assert "lager is beter" not in text and text.count(".") == 1
    assert nl.theme_headline("T", "2015", [("A", 99.4, "2012")]).endswith("een verslechtering ten opzichte van 2012.")


def test_inverse_notes_and_units():
    assert nl.polarity_name("Aantal misdrijven", "lower_is_better") == (
        "Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)")
    assert nl.polarity_name("Aantal opheffingen van bedrijven", "lower_is_better") == (
        "Aantal opheffingen van bedrijven (omgekeerd: minder opheffingen van bedrijven = hogere index)")
    assert nl.polarity_name("Aantal starters", "higher_is_better") == "Aantal starters"
    assert nl.less_of("LUMC-budget") == "LUMC-budget"  # an abbreviation keeps its capitals
    assert nl.inverse_note("x" * 31, limit=30) == nl.INVERSE_GENERIC and nl.inverse_note("") == nl.INVERSE_GENERIC
    assert nl.inverse_note("Aantal leegstaande vierkante meters winkelvloeroppervlak") == (
        "omgekeerd: minder leegstaande vierkante meters winkelvloeroppervlak = hogere index")  # the quantity named
    assert nl.unit_label("m3 (x 1000)") == "m³ (× 1.000)" and nl.unit_label("kWh (x 1000000)") == "kWh (× 1.000.000)"
    assert nl.unit_label("aantal woningen") == "aantal woningen" and nl.unit_label("m30") == "m30"
    assert nl.theme_panel_title("Mbo-studenten", "aantal", "higher_is_better") == "Mbo-studenten"


def test_theme_printed_note_explains_the_chain_index():
    text = nl.theme_printed_note("N-profielers", "chain", [("2015-2016", 93, 102.41)], "2012-2013",
                                 ("2015-2016", 425, "2014-2015", 455))
    assert "drukt 93 (2015-2016) af" in text and "(2012-2013 = 100), zoals op deze pagina, is dat 102" in text
    assert text.endswith("425 (2015-2016) / 455 (2014-2015) × 100 = 93.")
    assert nl.theme_printed_note("A", None, [("2015", 90, 95)], "2012").endswith("geen bekende methode.")


def test_audit_summary_and_findings(edition, result):
    table = reproduction(edition, result)
    findings = run_audit(edition)
    assert nl.audit_summary(int(table["rounded_equal"].sum()), len(table), table["diff"].abs().max(),
                            len(findings)) == (
        "De herberekening reproduceert 29 van de 30 gepubliceerde cijfers van mandjes en totaal na afronding "
        "(grootste verschil 0,54 punt). De audit levert 15 bevindingen op.")
    dutch = {f.message_nl for f in findings}
    assert {  # the annex weights (94 and 99), the chapter text (16 vs 15), the printed theme index and Shanghai
        "De wegingen in het mandje Ondernemerschap en jong talent tellen in de bijlage op tot 94%, niet 100%.",
        "De wegingen van de vijf mandjes tellen op tot 99%, niet 100%.",
        "Aantal starters: weging in de hoofdstuktekst 16%, in de bijlage 15%.",
        "Aantal N-profielers doorstromend naar technische h.o.-opleiding 2014–2015: afgedrukt indexcijfer 115, "
        "herberekend (vast basisjaar) 109,6.",
        "Aantal N-profielers doorstromend naar technische h.o.-opleiding: de afgedrukte reeks volgt de methode "
        "jaar-op-jaar (kettingindex), niet het vaste basisjaar (2 van 4 jaren kloppen met vast basisjaar).",
        "Life Sciences & Health 2015: berekend 110,46, gepubliceerd 111 (verschil -0,54).",
    } <= dutch
    assert edition.basket_weights.sum() == 99
    assert nl.audit_summary(30, 30, 0.2, 0).endswith("De audit levert geen bevindingen op.")
    assert nl.audit_theme_method("X", None) == "X: de afgedrukte reeks volgt geen bekende methode."
    assert nl.audit_parameter_count(40, 38) == "De tekst noemt 40 parameters, de bijlage telt er 38."


@pytest.fixture(scope="module")
def simulation(edition):
    return sensitivity.simulate(WeightModel.from_edition(edition), 2000, seed=2017)


def share(simulation, series, year=2016):
    s = simulation.summary
    return round_half_up(float(s[(s["series"] == series) & (s["year"] == year)]["share_rising"].iloc[0]) * 100)


def test_verdicts_of_all_three_kinds(edition, simulation):
    assert nl.verdict(share(simulation, "index071"), nl.TOTAL_NAME, 2016, 2015, n=2000) == (
        "In 100% van de 2.000 alternatieve wegingen stijgt de Index071 in 2016 ten opzichte van 2015; "
        "de stijging is robuust voor de keuze van de wegingen.")
    name = nl.basket_name(edition.basket_names["vestigingsklimaat"])  # annex: 104 → 102
    rising = share(simulation, "vestigingsklimaat")
    assert rising <= 5
    assert nl.verdict(rising, name, 2016, 2015) == (
        f"In {100 - rising:g}% van de alternatieve wegingen daalt het mandje Vestigingsklimaat in 2016 ten opzichte "
        "van 2015; de daling is robuust voor de keuze van de wegingen.")
    assert 5 < share(simulation, "vestigingsklimaat", 2014) < 50  # falls in most weightings, not in all
    text = nl.verdict(share(simulation, "vestigingsklimaat", 2014), name, 2014, 2013)
    assert text.endswith("daalt het mandje Vestigingsklimaat in 2014 ten opzichte van 2013; of het mandje daalt, "
                         "hangt af van de keuze van de wegingen.")
    assert nl.verdict(60, nl.TOTAL_NAME, 2016, 2015).endswith("; of de Index071 stijgt, hangt af van de keuze van "
                                                                "de wegingen.")
    education = share(simulation, "onderwijs_arbeidsmarkt")  # annex: 106 → 105, falls in most weightings
    assert 5 < education < 50
    assert nl.verdict(education, nl.basket_name("Onderwijs – Arbeidsmarkt"), 2016, 2015) == (
        f"In {100 - education:g}% van de alternatieve wegingen daalt het mandje Onderwijs – Arbeidsmarkt in 2016 ten "
        "opzichte van 2015; of het mandje daalt, hangt af van de keuze van de wegingen.")


def test_sensitivity_method(simulation):
    assert nl.sensitivity_method(simulation.n, simulation.seed, nl.scheme_dirichlet(30, 22.7, 37.7)) == (
        "De index is 2.000 keer opnieuw berekend, elke keer met een andere weging van de mandjes en van de "
        "parameters binnen elk mandje. Elke alternatieve weging ligt toevallig rond de gekozen weging: gemiddeld "
        "gelijk aan de gekozen wegingen, met kleine afwijkingen naar boven en naar beneden. Een mandje dat 30% weegt, "
        "weegt in 90% van de alternatieven tussen 23% en 38%; voor de parameters binnen een mandje geldt hetzelfde. "
        "Parameters die in de gekozen weging niet meetellen, tellen ook in de alternatieven niet mee. Wie de "
        "berekening herhaalt met dezelfde instellingen (toevalsreeks 2017), krijgt precies dezelfde uitkomst.")
    assert "tussen 0,75 en 1,25;" in nl.scheme_uniform(0.25)


def test_weight_note_of_the_annex(edition):
    notes = weight_notes(edition, None)
    assert [nl.weight_note(n.scenario, None if n.scope == "baskets" else edition.basket_names[n.scope], n.total)
            for n in notes] == [
        "Officiële weging: de wegingen van het mandje Ondernemerschap en jong talent tellen op tot 94%; "
        "ze zijn naar verhouding herschaald tot 100%.",
        "Officiële weging: de wegingen van de mandjes tellen op tot 99%; ze zijn naar verhouding herschaald tot 100%."]


def test_one_scenario_banner(edition):
    scenario = load_scenario(resolve_scenario_path("life_sciences_20"), edition)
    assert nl.scenario_banner(scenario) == (  # the title from the file, not the slug
        f"Let op: dit is het scenario ‘Life Sciences & Health 20%’, niet de officiële Index071. "
        f"{scenario.description.strip()}")
    assert "life_sciences_20" not in nl.scenario_banner(scenario)
    assert nl.scenario_banner(SimpleNamespace(label="x", description="")) == (
        "Let op: dit is het scenario ‘x’, niet de officiële Index071.")
    assert nl.scenario_banner(None) == ""


def test_changelog_lines_of_2017(edition):
    log = load_changelog(edition)
    base = log.of_kind("base_year").iloc[0]
    assert nl.change_base_year(int(base["new"]), int(base["old"])) == (
        "Het basisjaar is verschoven van 2008 naar 2012 (= 100)")
    assert nl.change_base_year(2012) == "Het basisjaar is nu 2012 (= 100)"
    assert nl.change_weight("Expats", 19, 21) == "Expats: weging van 19% naar 21%"
    assert nl.change_weight("Expats", None, 12.5) == "Expats: weging naar 12,5%"
    assert nl.no_changes(2016).endswith("ten opzichte van de vorige editie (2016).")


def test_html_pieces_escape_their_arguments():
    assert nl.empty_baskets_html(["A & B"]) == (
        "<b>Let op:</b> geen enkele parameter weegt mee in A &amp; B; dat mandje telt niet mee.")
    assert nl.empty_baskets_html(["A", "B"]).endswith("in A en B; die mandjes tellen niet mee.")
    assert nl.name_taken_html("a<b>", "x/a<b>.yml") == (
        "er is al een scenario <code>a&lt;b&gt;</code> (x/a&lt;b&gt;.yml); kies een andere naam.")
    assert nl.saved_html("a<b>", "x/a<b>.yml", "a<b>").startswith(
        '<span style="color:#2e7d32"><b>Bewaard als a&lt;b&gt;</b></span> (x/a&lt;b&gt;.yml). Gebruik: ')
    assert nl.loaded_html("<s>", "<d>") == "Geladen: <b>&lt;s&gt;</b> &lt;d&gt;"
    assert nl.slider_status_html("I", 2016, "1", "−2", "3", "fall") == (
        '<b>I 2016: 1</b> (<span class="fall">−2</span> ten opzichte van 3 bij de officiële weging)')


def test_small_words():
    assert [nl.number_word(n) for n in (1, 5, 12, 13, 20, 21)] == ["één", "vijf", "twaalf", "dertien", "twintig", "21"]
    assert nl.period_label("2015-2016") == "2015–2016" and nl.in_sentence("Geleverd aardgas via openbaar net") == (
        "het geleverde aardgas via openbaar net")
    assert nl.listing(["a"]) == "a" and nl.listing(["a", "b", "c"]) == "a, b en c"
    assert nl.points(1) == "punt" and nl.points(-1) == "punt" and nl.points(2) == "punten"
    assert nl.basket_weight_sum("100", True) == "De mandjes tellen op tot 100%."
    assert nl.chart_overview(5) == "De Index071 en de vijf mandjes"
    assert set(nl.CELL_STATUS) == set(nl.CELL_STATUS_LEGEND) == {"observed", "lagged", "filled"}


def test_vocabularies_cover_the_codes(edition):
    """Every code the lower layers produce has a Dutch word (a new code without one would show raw)."""
    from index071lib.analysis.audit import __doc__ as audit_doc
    from index071lib.data.changelog import KINDS
    from index071lib.data.schemas import POLARITIES

    assert set(nl.CHANGE_KIND) == set(KINDS)
    assert set(nl.POLARITY) == set(POLARITIES)
    kinds = {line.split("``")[1] for line in audit_doc.splitlines() if line.strip().startswith("``")}
    assert kinds == set(nl.AUDIT_KIND)
    assert pd.Series([f.kind for f in run_audit(edition)]).isin(list(nl.AUDIT_KIND)).all()


def test_names_inside_a_sentence_have_their_article(edition):
    names = edition.names_in_sentence
    assert names["bsp_werkzame_personen"] == "het aantal werkzame personen bij life sciences bedrijven op BSP"
    assert names["shanghai_ranking"].startswith("de score in de Shanghai Ranking")  # from parameters.csv
    assert names["werkgelegenheid_industrie"] == "de werkgelegenheid in de industrie"
    assert names["autobereikbaarheid"] == "de autobereikbaarheid van economische hotspots"
    assert all(n[0].islower() for n in names.values())  # every 2017 name starts in lower case inside a sentence
    assert nl.in_sentence("Aantal N-profielers") == "het aantal N-profielers"
    assert nl.in_sentence("Score Shanghai Ranking") == "de score Shanghai Ranking"  # the rule; the data says better


def test_one_rule_for_punt_and_punten():
    assert [nl.points(x) for x in (1, -1, 0.1, -0.4, 1.2, 2, -3)] == ["punt"] * 4 + ["punten"] * 3
    assert nl.movers([("a", 1.04)], [("b", -1.06)]) == ("De grootste bijdrage aan de stijging komt van a "
                                                        "(+1,0 punt). De grootste daling komt van b (-1,1 punten).")
