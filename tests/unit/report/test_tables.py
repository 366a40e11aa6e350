"""Reader-facing tables: Dutch headers and numbers, vintage marks, audit in Dutch."""

import re

import pytest

from index071lib.data.scenarios import Scenario
from index071lib.report import context as report
from index071lib.report import tables


@pytest.fixture(scope="module")
def ctx():
    return report.load_context(2017)


def test_annex_table_marks_the_data_year_of_lagged_cells(ctx):
    table = tables.annex_table(ctx, "life_sciences_health")
    status, vintage = ctx.result.status, ctx.result.vintage
    members = status.index[ctx.result.basket_of == "life_sciences_health"]
    for i, pid in enumerate(members):
        for year in status.columns:
            cell = table.loc[i, str(year)]
            if status.loc[pid, year] == "lagged":
                assert cell.endswith(f"({int(vintage.loc[pid, year])})")
            elif status.loc[pid, year] == "filled":
                assert cell.endswith("(basis)")
            else:
                assert re.fullmatch(r"[\d.]+", cell)
    assert list(table.columns[-1:]) == ["Bron"] and table["Bron"][:len(members)].str.len().gt(0).all()


def test_annex_as_counted_ends_with_the_displayed_basket_levels_marked_where_the_publication_differs(ctx):
    row = tables.annex_table(ctx, "life_sciences_health").iloc[-1]
    shown = report.displayed(ctx)
    assert row["Parameter"] == "Life Sciences & Health" and row["Bron"] == ""
    # computed 110,46 in 2015 shows as 110, the publication printed 111: marked as on every other page
    assert ctx.result.baskets.loc["life_sciences_health", 2015] == pytest.approx(110.46, abs=0.01)
    assert row["2015"] == "110*" and row["2016"] == "117"
    assert [row[str(y)].rstrip("*") for y in ctx.edition.years] == [
        str(int(shown.level("life_sciences_health", y))) for y in ctx.edition.years]


#: The annex of the 2017 publication ("Bijlage"), transcribed from the printed text: weight, 2012 … 2016.
PRINTED_LSH = [
    ["1. Aantal werkzame personen bij life sciences bedrijven op BSP", "27%", "100", "120", "119", "133", "-"],
    ["2. Aantal life sciences bedrijven BSP", "14%", "100", "102", "108", "112", "-"],
    ["3. Totaal aantal bedrijven BSP", "10%", "100", "101", "108", "111", "-"],
    ["4. Aantal bedrijven zorgsector (niet zijnde life sciences of individuele artsen)", "13%",
     "100", "105", "105", "109", "117"],
    ["5. Verworven onderzoeksbudget LUMC", "10%", "100", "105", "102", "112", "-"],
    ["6. Score Shanghai Ranking Universiteit (clinical medicine & pharmacy)", "14%", "100", "99", "100", "100", "95"],
    ["7. Aantal studenten life sciences & health gerelateerde opleidingen", "12%", "100", "109", "117", "122", "-"],
    ["Life Sciences & Health", "", "100", "101", "108", "111", "117"],
]
PRINTED_VESTIGING = [  # names as the kit writes them (m², the inverse note); numbers as printed
    ["1. Totale werkgelegenheid", "27%", "100", "99", "99", "97", "-"],
    ["2. Werkgelegenheid industrie", "10%", "100", "100", "97", "103", "-"],
    ["3. Werkgelegenheid zakelijke dienstverlening", "8%", "100", "99", "98", "94", "-"],
    ["4. Leegstaande bedrijfsruimte (in m² bvo) (omgekeerd: minder leegstaande bedrijfsruimte = hogere index)", "8%",
     "100", "92", "101", "104", "109"],
    ["5. Aantal in- en uitstappende treinreizigers", "8%", "100", "109", "110", "110", "-"],
    ["6. Autobereikbaarheid economische hotspots", "15%", "100", "100", "100", "108", "98"],
    ["7. Aantal horecabedrijven per 10.000 inwoners", "9%", "100", "103", "106", "109", "112"],
    ["8. Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)", "5%", "100", "106", "119", "126", "-"],
    ["9. Aantal leegstaande vierkante meters winkelvloeroppervlak (omgekeerd: minder leegstaande vierkante meters "
     "winkelvloeroppervlak = hogere index)", "10%", "100", "100", "82", "104", "98"],
    ["Vestigingsklimaat", "", "100", "100", "99", "104", "102"],
]
PRINTED_REGIOMARKETING_FIRST = ["1. Aantal verhuisde personen naar 071 regio (excl. migratie)", "15%",
                                "100", "98", "107", "-", "-"]


@pytest.mark.parametrize(("basket", "printed"), [("life_sciences_health", PRINTED_LSH),
                                                 ("vestigingsklimaat", PRINTED_VESTIGING)])
def test_annex_as_printed_is_the_publications_bijlage(ctx, basket, printed):
    table = tables.printed_annex_table(ctx, basket)
    assert list(table.columns) == ["Parameter", "Weging", "2012", "2013", "2014", "2015", "2016"]
    assert table.to_numpy().tolist() == printed


def test_annex_as_printed_keeps_values_in_their_data_year_where_counting_moves_them(ctx):
    printed = tables.printed_annex_table(ctx, "regiomarketing")
    counted = tables.annex_table(ctx, "regiomarketing")
    assert printed.iloc[0].tolist() == PRINTED_REGIOMARKETING_FIRST
    # counted two years late: the 2014 figure counts in 2016, the 2013 figure in 2015
    assert counted.iloc[0, 4:6].tolist() == ["98 (2013)", "107 (2014)"]


def test_annex_tables_escape_names_from_data(ctx, monkeypatch):
    hostile = "<img src=x onerror=alert(1)>"
    params = ctx.edition.parameters.copy()
    params.loc["starters", "name"] = hostile
    monkeypatch.setattr(ctx.edition, "parameters", params)
    page = tables.annex_html(ctx, "ondernemerschap")
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<table") == 2 and "Tabel zoals meegeteld (tussen haakjes het jaar van het cijfer)" in page
    assert page.startswith('<div class="bijlage">') and ".bijlage table.index071-tabel tr:last-child" in tables.STYLE


def test_weights_table_shares(ctx):
    table = tables.weights_table(ctx, "ondernemerschap")  # annex weights sum to 94
    assert table.loc[0, "Weging"] == "15%"
    shares = [float(s.rstrip("%").replace(",", ".")) for s in table["Aandeel in mandje"]]
    assert sum(shares) == pytest.approx(100, abs=0.2)
    assert table.loc[0, "Aandeel in mandje"] == "16,0%"  # 15 / 94


def test_basket_weights_and_series_tables(ctx):
    weights = tables.basket_weights_table(ctx)
    assert list(weights.columns) == ["Mandje", "Weging", "Telt mee voor"]
    assert weights.loc[0, "Weging"] == "30%" and weights.loc[0, "Telt mee voor"] == "30,3%"  # 30 / 99
    series = tables.series_table(ctx)
    assert series.iloc[-1]["2016"] == "113" and series.iloc[-1]["Verandering 2016"] == "+3"
    # Life Sciences & Health: the change between the displayed levels, marked where the publication differs
    assert series.iloc[0][["2015", "2016", "Verandering 2016"]].tolist() == ["110*", "117", "+7*"]
    assert tables.published_notes_html(ctx).count("<li>") == 1
    assert "gepubliceerd: 111" in tables.basket_levels_html(ctx, "life_sciences_health")
    assert tables.basket_levels_html(ctx, "regiomarketing").count("*") == 0


def test_contributions_table_dutch_format(ctx):
    table = tables.contributions_table(report.parameter_contributions(ctx, "life_sciences_health"))
    assert list(table.columns) == ["Parameter", "Aandeel", "Verandering onafgerond (punten)", "Bijdrage (punten)",
                                   "Cijfer over laatste jaar"]
    assert table["Bijdrage (punten)"].str.match(r"^[+-]?\d+,\d\d$").all()
    assert set(table["Cijfer over laatste jaar"]) <= {"ja", "nee, eerder jaar", "nee, basiswaarde"}


def test_theme_table_units_and_polarity(ctx):
    table = tables.theme_display_table(ctx, "afval")
    assert set(table["Eenheid"]) == {"kg (× 1.000)"} and set(table["Richting"]) == {"lager is beter"}
    assert table.loc[0, "Waarde"] == "62.250"
    # lower is better: a falling amount of waste gives a rising index
    assert table["Index (afgedrukt)"].tolist() == ["100", "102", "103", "106"]
    assert "Huishoudelijk restafval: index 106 in 2015" in tables.theme_headline(ctx, "afval")


def test_audit_tables_are_dutch(ctx):
    summary = tables.audit_summary(ctx)
    assert "29 van de 30" in summary and "15 bevindingen" in summary
    findings = tables.audit_findings_table(ctx)
    assert len(findings) == 15 and "Wegingen tellen niet op tot 100%" in set(findings["Soort"])
    repro = tables.reproduction_table(ctx)
    assert (repro["Gelijk na afronding"] == "nee").sum() == 1


def test_headers_escape_and_mark_scenario(ctx, tmp_path):
    html = tables.basket_header(ctx, "life_sciences_health")
    assert 'id="kop"' in html and "Life Sciences &amp; Health" in html and 'class="scenario-banner"' not in html
    path = tmp_path / "s.yml"
    path.write_text("name: gelijk\ntitle: Alles <even> zwaar\ndescription: Alles gelijk\nequal_weights: both\n")
    scen = report.load_context(2017, str(path))
    # the title from the file (escaped), not the slug
    banner = "Let op: dit is het scenario ‘Alles &lt;even&gt; zwaar’, niet de officiële Index071. Alles gelijk"
    assert f'<p class="scenario-banner">{banner}</p>' in tables.overview_header(scen)
    assert tables.banner_html(None) == ""
    hostile = tables.banner_html(Scenario(name="x", description="<script>alert(1)</script>"), style=False)
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_notes_are_marked_by_their_source(ctx):
    html = tables.note_html(ctx, "baskets", "regiomarketing")  # 2017: drawn from the publication's chapter texts
    assert "Toelichting uit de publicatie — Regiomarketing" in html and "expertpanel" not in html
    assert tables.note_html(ctx, "baskets", "nonexistent") == ""
    assert "Shanghai" in tables.parameter_notes_html(ctx, "life_sciences_health")


def test_audit_findings_name_their_subjects_in_dutch(ctx):
    subjects = tables.audit_findings_table(ctx).iloc[:, 1]
    assert not subjects.str.contains(r"_|chapter text").any(), subjects.tolist()
    assert "Ondernemerschap en jong talent (hoofdstuktekst)" in subjects.tolist()
    assert "Aantal N-profielers doorstromend naar technische h.o.-opleiding, 2014-2015" in subjects.tolist()


def test_audit_tables_of_a_new_edition_without_published_figures(data_2018):
    """A scaffolded 2018 has no published figures yet: '–' and an empty cell instead of an error (seen in the build)."""
    ctx = report.load_context(2018, "", str(data_2018))
    repro = tables.reproduction_table(ctx)
    assert len(repro) == 6 * 6 and set(repro["Gepubliceerd"]) == {"–"} and set(repro["Gelijk na afronding"]) == {"–"}
    summary = tables.audit_summary(ctx)
    assert summary.startswith("Editie 2018 heeft (nog) geen gepubliceerde cijfers van mandjes en totaal")
    assert "reproduceert" not in summary and "van de 36" not in summary


def test_basket_weights_note_names_the_sum(ctx):
    # 2017: the basket weights add up to 99 (30 + 19 + 9 + 22 + 19)
    assert tables.basket_weights_note(ctx) == (
        "De wegingen tellen op tot 99%; ze zijn naar verhouding herschaald tot 100% (kolom Telt mee voor).")
    html = tables.basket_weights_html(ctx)
    assert isinstance(html, tables.Html) and "herschaald tot 100%" in html and "<table" in html


def test_theme_tables_series_by_period_with_units_and_the_printed_difference(ctx):
    raw = tables.theme_raw_table(ctx, "energie")
    assert list(raw.columns) == ["Reeks", "Eenheid", "2012", "2013", "2014", "2015"]
    assert raw.loc[0, "Eenheid"] == "m³ (× 1.000)" and raw.loc[0, "2012"] == "150.102"
    assert raw.loc[0, "Reeks"].endswith("(omgekeerd: minder aardgasverbruik particuliere woningen = hogere index)")
    assert raw.loc[2, "Reeks"] == "Woningen met stadsverwarming"
    index = tables.theme_index_table(ctx, "betatechniek")
    assert index.loc[1].tolist()[1:] == ["100", "95", "110 (115)*", "102 (93)*"]
    assert index.loc[0, "2012–2013"] == "(100)*"  # no raw figure; the publication prints 100
    assert not tables.theme_index_table(ctx, "afval").iloc[0].str.contains(r"\*").any()


def test_theme_page_says_where_and_why_it_differs_from_the_publication(ctx):
    notes = tables.theme_printed_notes(ctx, "betatechniek")
    chain = next(n for n in notes if n.startswith("Aantal N-profielers"))
    assert "93 (2015–2016)" in chain and "is dat 110 en 102" in chain  # periods with an en dash
    assert "425 (2015–2016) / 455 (2014–2015) × 100 = 93" in chain
    assert any("2013–2014 is als basis (100) genomen" in n for n in notes)
    assert tables.theme_printed_notes(ctx, "afval") == [] and tables.theme_notes_html(ctx, "afval") == ""
    html = tables.theme_notes_html(ctx, "betatechniek")
    assert html.startswith('<div class="afwijking">') and html.count("<li>") == len(notes)


def test_one_theme_headline(ctx):
    text = tables.theme_headline(ctx, "energie")
    assert text.count("lager is beter") == 0 and text.startswith("Energie- en klimaatneutraliteit in 2015: alle vijf")
    beta = tables.theme_headline(ctx, "betatechniek")
    assert "het hoogst staat het aantal mbo-studenten techniek (niveau 3 en 4) (" in beta
    assert "2016-" not in beta and "2015-2016" not in beta


def test_lower_is_better_parameters_are_labelled_in_the_basket_tables(ctx):
    weights = tables.weights_table(ctx, "vestigingsklimaat")["Parameter"].tolist()
    annex = tables.annex_table(ctx, "vestigingsklimaat")["Parameter"].tolist()
    contributions = tables.contributions_table(report.parameter_contributions(ctx, "vestigingsklimaat"))
    for names in (weights, annex, contributions["Parameter"].tolist()):
        assert "Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)" in names
        assert "Totale werkgelegenheid" in names
    assert sum("omgekeerd" in n for n in weights) == 3  # leegstand (2) and misdrijven


def test_a_number_column_with_an_empty_cell_stays_right_aligned():
    """The annex's basket row has no weight: the weights column is still a column of numbers."""
    html = tables.table_html(tables.pd.DataFrame({"Weging": ["27%", ""], "2016": ["-", "117"]}))
    assert "text-align: left" not in html and "text-align: right" in html
    assert "text-align: left" in tables.table_html(tables.pd.DataFrame({"Bron": ["", "CBS"]}))


def test_rescaled_basket_weights_are_said_only_where_they_do_not_add_up(ctx):
    from index071lib.report.tables import weights_html

    assert weights_html(ctx, "ondernemerschap").endswith(  # 2017 annex: the weights add up to 94
        '<p class="tekst">De wegingen tellen op tot 94%; ze zijn naar verhouding herschaald tot 100% (kolom Aandeel '
        'in mandje).</p>')
    assert "herschaald" not in weights_html(ctx, "regiomarketing")  # 100


def test_contributions_say_their_change_is_not_rounded(ctx):
    from index071lib.report.context import basket_contributions
    from index071lib.report.tables import contributions_html

    block = contributions_html(basket_contributions(ctx), "basket")
    assert "Verandering onafgerond (punten)</th>" in block
    assert block.endswith("Verandering onafgerond (punten): op volle precisie, zodat de bijdragen optellen tot de "
                          "verandering; de afgeronde verandering van elk mandje staat in de tabel bovenaan.</p>")
