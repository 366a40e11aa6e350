"""Panel commentary: optional per-edition file, validated ids, rendered as the panel's words."""

import pytest

from index071lib.data.commentary import Commentary, commentary_html, load_commentary
from index071lib.data.edition import load_edition
from index071lib.errors import DataError


def test_2017_commentary_loads(edition):
    notes = load_commentary(edition)
    assert set(notes.baskets) == set(edition.basket_ids)
    assert set(notes.themes) == set(edition.theme_ids)
    assert "ROC Leiden" in notes.note("baskets", "onderwijs_arbeidsmarkt")
    assert notes.note("total").startswith("De index groeit in deze editie met 3 punten")
    assert notes.note("parameters", "expats") == ""


def test_missing_file_means_no_commentary(data_copy):
    (data_copy / "editions" / "2017" / "commentary.yml").unlink()
    notes = load_commentary(load_edition(2017, data_copy))
    assert notes == Commentary()


@pytest.mark.parametrize("text, key", [
    ("baskets:\n  life_science: tekst\n", "baskets.life_science"),
    ("parameters:\n  zzp: [1, 2]\n", "parameters.zzp"),
    ("opinion: x\n", "opinion"),
    ("source: pers\n", "source"),
    ("baskets:\n  regiomarketing: {text: x, source: krant}\n", "baskets.regiomarketing.source"),
    ("baskets:\n  regiomarketing: {tekst: x}\n", "baskets.regiomarketing"),
])
def test_bad_commentary_names_file_and_key(data_copy, text, key):
    (data_copy / "editions" / "2017" / "commentary.yml").write_text(text)
    with pytest.raises(DataError) as err:
        load_commentary(load_edition(2017, data_copy))
    assert "commentary.yml" in str(err.value) and f"key '{key}'" in str(err.value)


def test_invalid_yaml(data_copy):
    (data_copy / "editions" / "2017" / "commentary.yml").write_text("total: [unclosed\n")
    with pytest.raises(DataError, match="invalid YAML"):
        load_commentary(load_edition(2017, data_copy))


def test_html_is_verbatim_escaped_and_labelled():
    html = commentary_html("Rek <eruit>? & meer", "Overnachtingen")
    assert "Commentaar van het expertpanel — Overnachtingen" in html
    assert "Rek &lt;eruit&gt;? &amp; meer" in html


def test_empty_entry_of_a_dropped_id_is_only_noted(data_copy):
    """The scaffold writes an empty entry for every parameter; a parameter dropped afterwards is not an error."""
    path = data_copy / "editions" / "2017" / "commentary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "parameters:\n", "parameters:\n  misdrijf_oud: ''\n  weg_ermee:\n  expats: ''\n"), encoding="utf-8")
    notes = load_commentary(load_edition(2017, data_copy))
    assert notes.ignored == ["parameters.misdrijf_oud", "parameters.weg_ermee"]
    assert "misdrijf_oud" not in notes.parameters and notes.note("parameters", "expats") == ""
    assert notes.note("parameters", "shanghai_ranking").startswith("Een incidentele daling")


def test_a_note_on_a_dropped_id_is_still_an_error(data_copy):
    path = data_copy / "editions" / "2017" / "commentary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "parameters:\n", "parameters:\n  misdrijf_oud: ''\n  weg_ermee: Nog een tekst.\n"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_commentary(load_edition(2017, data_copy))
    message = str(err.value)
    assert "commentary.yml: key 'parameters.weg_ermee': unknown id" in message
    assert "misdrijf_oud" not in message  # the empty one is no problem


def test_2017_notes_are_the_publications(edition):
    notes = load_commentary(edition)
    assert notes.source == "publicatie"
    assert {notes.source_of("total"), notes.source_of("baskets", "regiomarketing")} == {"publicatie"}


def test_a_note_names_its_own_source(data_copy):
    (data_copy / "editions" / "2017" / "commentary.yml").write_text(
        "source: publicatie\ntotal: Uit de tekst.\n"
        "baskets:\n  regiomarketing: {text: Het panel vindt dit., source: panel}\n  vestigingsklimaat: Ook tekst.\n")
    notes = load_commentary(load_edition(2017, data_copy))
    assert notes.note("baskets", "regiomarketing") == "Het panel vindt dit."
    assert notes.source_of("baskets", "regiomarketing") == "panel"
    assert notes.source_of("baskets", "vestigingsklimaat") == notes.source_of("total") == "publicatie"


def test_without_source_the_notes_are_the_panels(data_copy):
    (data_copy / "editions" / "2017" / "commentary.yml").write_text("source: ''\ntotal: Iets.\n")
    notes = load_commentary(load_edition(2017, data_copy))
    assert notes.source_of("total") == "panel"


def test_label_follows_the_source():
    assert "Toelichting uit de publicatie — Expats" in commentary_html("Tekst.", "Expats", "publicatie")
    assert "Commentaar van het expertpanel" not in commentary_html("Tekst.", "Expats", "publicatie")
    assert "Commentaar van het expertpanel — Expats" in commentary_html("Tekst.", "Expats", "panel")
