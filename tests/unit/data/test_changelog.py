"""index071lib.data.changelog: the 2017 changelog transcribed from the seed, validation, the Dutch section."""

from pathlib import Path

import pytest
import yaml
from conftest import SEED

from index071lib.data.changelog import (
    Changelog,
    changes_section,
    changes_table,
    load_changelog,
    skeleton,
)
from index071lib.data.edition import load_edition
from index071lib.errors import ChangelogError, DataError
from index071lib.text.nl import CHANGES_TITLE


def test_2017_changelog_matches_the_seed(edition):
    log = load_changelog(edition)
    assert (log.edition, log.previous) == (2017, 2016)
    kinds = log.changes.groupby("kind")["parameter"].apply(list).to_dict()
    # "Inleiding" point 3: international students, mbo→hbo, shop vacancy, museum visitors are new
    assert kinds["parameter_added"] == ["internationale_studenten", "doorstromers_mbo_hbo", "leegstand_winkels",
                                        "museumbezoekers"]
    assert len(kinds["parameter_dropped"]) == 4
    base = log.of_kind("base_year").iloc[0]
    assert (base["old"], base["new"]) == (2008, 2012)
    assert log.method_changed == {"lumc_onderzoeksbudget", "opheffingen", "plaatsingen_leerbaan", "mbo_techniek",
                                  "werkgelegenheid_totaal"}


@pytest.mark.skipif(not SEED.is_file(), reason="seed text not beside the repository")
def test_2017_dropped_names_are_quoted_from_the_seed(edition):
    seed = " ".join(SEED.read_text(encoding="utf-8").split()).lower()
    for name in load_changelog(edition).of_kind("parameter_dropped")["name"]:
        assert name.lower() in seed


def test_section_2017(edition):
    text = changes_section(load_changelog(edition), edition)
    assert text.startswith(f"## {CHANGES_TITLE}\n")
    for heading in ("**Nieuw basisjaar**", "**Nieuwe parameters**", "**Vervallen parameters**",
                    "**Andere bron (herziene cijfers)**", "**Andere meetmethode (herziene cijfers)**"):
        assert heading in text
    assert "- Het basisjaar is verschoven van 2008 naar 2012 (= 100) — " in text
    # names come from parameters.csv for parameters in the edition, from the changelog for dropped ones
    assert "- Aantal bezoekers Leidse musea — " in text
    assert "- Dagbezoeken van Nederlanders aan Leiden — Vervangen door" in text
    assert text.index("Nieuw basisjaar") < text.index("Nieuwe parameters") < text.index("Vervallen parameters")


def test_weight_change_rendered_in_dutch(edition):
    import pandas as pd
    log = Changelog(2018, 2017, pd.DataFrame([{"kind": "weight_changed", "parameter": "leerbedrijven", "name": None,
                                               "old": None, "new": 15, "reason": "Belangrijker geworden."}]))
    table = changes_table(log, None, edition)
    # old weight looked up in the previous edition (12.5 → "12,5%")
    assert table.iloc[0].tolist() == ["Gewijzigde weging", "Aantal leerbedrijven: weging van 12,5% naar 15%",
                                      "Belangrijker geworden."]


def test_empty_changelog_section():
    import pandas as pd
    log = Changelog(2018, 2017, pd.DataFrame(columns=["kind", "parameter", "name", "old", "new", "reason"]))
    assert "geen wijzigingen" in changes_section(log) and "(2017)" in changes_section(log)


def _edition_with_changelog(data_copy: Path, text: str):
    folder = data_copy / "editions" / "2017"
    (folder / "changelog.yml").write_text(text, encoding="utf-8")
    return load_edition(2017, data_copy)


def test_skeleton_loads_as_no_changes(data_copy):
    text = skeleton(2017, 2016)
    assert "reason" in text and "parameter_added" in text  # commented examples for the data collectors
    log = load_changelog(_edition_with_changelog(data_copy, text))
    assert log.changes.empty and log.previous == 2016


def test_no_changelog_file_is_empty(data_copy):
    (data_copy / "editions" / "2017" / "changelog.yml").unlink()
    log = load_changelog(load_edition(2017, data_copy))
    assert log.path is None and log.changes.empty


@pytest.mark.parametrize("entry, where, key, words", [
    ({"kind": "parameter_renamed", "parameter": "zzp", "reason": "x"}, "changes[0] (parameter 'zzp')", "kind",
     "unknown kind"),
    ({"kind": "parameter_added", "parameter": "zzp"}, "changes[0] (parameter 'zzp')", "reason", "missing"),
    ({"kind": "parameter_added", "parameter": "zzp", "reason": ""}, "changes[0] (parameter 'zzp')", "reason",
     "must not be empty"),
    ({"kind": "parameter_added", "reason": "x"}, "changes[0]", "parameter", "required"),
    ({"kind": "parameter_added", "parameter": "fiets", "reason": "x"}, "changes[0] (parameter 'fiets')",
     "parameter", "not in parameters.csv"),
    ({"kind": "parameter_dropped", "parameter": "zzp", "reason": "x"}, "changes[0] (parameter 'zzp')",
     "parameter", "still in parameters.csv"),
    ({"kind": "weight_changed", "parameter": "zzp", "new": 7, "reason": "x"}, "changes[0] (parameter 'zzp')",
     "new", "differs from parameters.csv (6)"),
    ({"kind": "weight_changed", "parameter": "zzp", "new": "zes", "reason": "x"}, "changes[0] (parameter 'zzp')",
     "new", "must be a finite number"),
    ({"kind": "base_year", "old": 2008, "new": 2015, "reason": "x"}, "changes[0]", "new",
     "not the edition's base year 2012"),
    ({"kind": "source_changed", "parameter": "zzp", "reason": "x", "bron": "KvK"}, "changes[0] (parameter 'zzp')",
     "bron", "unknown key"),
])
def test_invalid_entries_name_file_entry_and_key(data_copy, entry, where, key, words):
    text = yaml.safe_dump({"edition": 2017, "previous": 2016, "changes": [entry]}, allow_unicode=True)
    edition = _edition_with_changelog(data_copy, text)
    with pytest.raises(ChangelogError) as err:
        load_changelog(edition)
    message = str(err.value)
    assert message.startswith(str(data_copy / "editions" / "2017" / "changelog.yml") + ": ")
    assert f"{where}, key '{key}'" in message and words in message
    assert isinstance(err.value, DataError)  # the CLI reports it like any input error


def test_wrong_edition_and_previous(data_copy):
    edition = _edition_with_changelog(data_copy, "edition: 2018\nprevious: 2019\nchanges: []\n")
    with pytest.raises(ChangelogError, match=r"top level, key 'edition': must be 2017 \(got 2018\)") as err:
        load_changelog(edition)
    assert "key 'previous'" in str(err.value)


def test_checked_against_previous_edition(data_copy, edition):
    # with the previous edition at hand, a dropped parameter must have been in it
    text = yaml.safe_dump({"edition": 2017, "previous": 2016, "changes": [
        {"kind": "parameter_dropped", "parameter": "nooit_bestaan", "reason": "x"}]})
    current = _edition_with_changelog(data_copy, text)
    fake_previous = load_edition(2017)
    fake_previous.year = 2016
    with pytest.raises(ChangelogError, match="not a parameter of the previous edition 2016"):
        load_changelog(current, fake_previous)
    assert load_changelog(current).changes.shape[0] == 1  # without it, nothing to check against


def test_weight_change_checked_against_both_editions(data_2018, tmp_path):
    import shutil
    copy = tmp_path / "data"
    shutil.copytree(data_2018, copy)
    path = copy / "editions" / "2018" / "changelog.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("old: 19", "old: 18"), encoding="utf-8")
    current, previous = load_edition(2018, copy), load_edition(2017, copy)
    with pytest.raises(ChangelogError, match=r"changes\[2\] \(parameter 'expats'\), key 'old': weight 18 differs "
                                             r"from the previous edition 2017 \(19\)"):
        load_changelog(current, previous)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: parameter_added", "kind: parameter_added\n"
                                                             "    name: x").replace("parameter: fietsparkeren",
                                                                                   "parameter: expats"),
                    encoding="utf-8")
    with pytest.raises(ChangelogError, match="already a parameter of the previous edition 2017"):
        load_changelog(current, previous)


@pytest.fixture
def reweighted_2018(data_2018, tmp_path):
    """The workflow's 2018 edition with LSH 30 -> 28 and Regiomarketing 19 -> 21 (and a renamed basket)."""
    import shutil
    copy = tmp_path / "data"
    shutil.copytree(data_2018, copy)
    meta = copy / "editions" / "2018" / "edition.yml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    for basket in data["baskets"]:
        basket["weight"] = {"life_sciences_health": 28, "regiomarketing": 21}.get(basket["id"], basket["weight"])
        if basket["id"] == "regiomarketing":
            basket["name"] = "Regiomarketing en imago"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def _append(copy, entries: str):
    path = copy / "editions" / "2018" / "changelog.yml"
    path.write_text(path.read_text(encoding="utf-8") + entries, encoding="utf-8")


def test_basket_kinds_checked_and_rendered(reweighted_2018):
    _append(reweighted_2018, """\
  - kind: basket_weight_changed
    basket: life_sciences_health
    old: 30
    new: 28
    reason: "Iets minder nadruk op één cluster."
  - kind: basket_renamed
    basket: regiomarketing
    new: "Regiomarketing en imago"
    reason: "De naam dekt de lading beter."
""")
    current, previous = load_edition(2018, reweighted_2018), load_edition(2017, reweighted_2018)
    log = load_changelog(current, previous)
    assert list(log.of_kind("basket_weight_changed")["basket"]) == ["life_sciences_health"]
    section = changes_section(log, current, previous)
    assert "**Gewijzigde weging van de mandjes**\n\n- Life Sciences &amp; Health: weging van 30% naar 28% — Iets minder" \
        in section
    assert "- Regiomarketing heet nu Regiomarketing en imago — De naam dekt de lading beter." in section
    # the basket headings come before the parameter headings
    assert section.index("Gewijzigde weging van de mandjes") < section.index("Nieuwe parameters")


@pytest.mark.parametrize("entry, key, words", [
    ("  - kind: basket_weight_changed\n    basket: life_sciences_health\n    old: 29\n    reason: x\n", "old",
     "weight 29 differs from the previous edition 2017 (30)"),
    ("  - kind: basket_weight_changed\n    basket: life_sciences_health\n    new: 30\n    reason: x\n", "new",
     "weight 30 differs from edition.yml (28)"),
    ("  - kind: basket_added\n    basket: regiomarketing\n    reason: x\n", "basket",
     "already a basket of the previous edition 2017"),
    ("  - kind: basket_removed\n    basket: regiomarketing\n    reason: x\n", "basket", "is removed but still in"),
    ("  - kind: basket_removed\n    basket: toerisme\n    reason: x\n", "basket",
     "is not a basket of the previous edition 2017"),
    ("  - kind: basket_renamed\n    basket: regiomarketing\n    new: Regio\n    reason: x\n", "new",
     "'Regio' differs from the name in edition.yml ('Regiomarketing en imago')"),
    ("  - kind: basket_weight_changed\n    basket: Regio Marketing\n    reason: x\n", "basket", "must be a basket id"),
])
def test_basket_entries_validated(reweighted_2018, entry, key, words):
    _append(reweighted_2018, entry)
    current, previous = load_edition(2018, reweighted_2018), load_edition(2017, reweighted_2018)
    with pytest.raises(ChangelogError) as err:
        load_changelog(current, previous)
    assert f"key '{key}'" in str(err.value) and words in str(err.value)
