"""index071lib.data.scaffold: scaffolding a new edition (atomic, never overwriting)."""

import csv
import hashlib
from pathlib import Path

import pytest
import yaml

from index071lib.core.pipeline import compute_index, reproduction
from index071lib.data import scaffold as editions_mod
from index071lib.data.changelog import load_changelog
from index071lib.data.edition import available_editions, latest_edition, load_edition
from index071lib.data.scaffold import new_edition, previous_edition
from index071lib.errors import DataError, EditionExistsError


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_new_edition_scaffold(data_copy):
    src = data_copy / "editions" / "2017"
    before = tree_digest(src)
    folder = new_edition(2018, 2017, data_copy)
    assert folder == data_copy / "editions" / "2018"
    assert tree_digest(src) == before  # the source edition is untouched
    assert available_editions(data_copy) == [2017, 2018] and latest_edition(data_copy) == 2018

    e = load_edition(2018, data_copy)
    assert e.year == 2018 and e.years == [2012, 2013, 2014, 2015, 2016, 2017] and e.base_year == 2012
    # same parameters, weights and sources: the file is copied byte for byte
    assert (folder / "parameters.csv").read_bytes() == (src / "parameters.csv").read_bytes()
    # the old years' values as they were, the new year empty for every parameter
    old = {(r["parameter"], r["year"]): r["value"] for r in read_rows(src / "values.csv")}
    new = {(r["parameter"], r["year"]): r["value"] for r in read_rows(folder / "values.csv")}
    assert {k: v for k, v in new.items() if k[1] != "2017"} == old
    assert {k for k in new if k[1] == "2017"} == {(p, "2017") for p in e.parameters.index}
    assert all(new[(p, "2017")] == "" for p in e.parameters.index)
    assert e.values[2017].isna().all()
    # nothing published yet; publication-specific files and claims are not carried over
    assert (folder / "published.csv").read_text() == "series,year,value\n" and e.published.empty
    assert not (folder / "chapter_weights.csv").exists() and "text_claims" not in e.meta
    assert e.theme_values["printed_index"].isna().all() and len(e.theme_values) > 0
    # the changelog skeleton is valid and empty
    log = load_changelog(e, load_edition(2017, data_copy))
    assert log.changes.empty and log.previous == 2017
    assert oct((folder).stat().st_mode)[-3:] == oct(src.stat().st_mode)[-3:]
    assert [p.name for p in (data_copy / "editions").iterdir() if p.name.startswith(".")] == []


def test_unfilled_new_edition_is_the_old_one_shifted_by_a_year(data_copy):
    """With nothing filled in, every parameter lags one more year: 2018's 2017 column is 2017's 2016."""
    new_edition(2018, 2017, data_copy)
    new = compute_index(load_edition(2018, data_copy), warn=False)
    old = compute_index(load_edition(2017, data_copy), warn=False)
    for year in (2013, 2014, 2015, 2016):
        assert new.series[year + 1].tolist() == pytest.approx(old.series[year].tolist(), abs=1e-12)
    assert set(new.status[2017]) == {"lagged"}
    table = reproduction(load_edition(2018, data_copy), new)
    assert table["published"].isna().all() and table["rounded_equal"].isna().all()


def test_commentary_skeleton(data_copy):
    src = data_copy / "editions" / "2017"
    (src / "commentary.yml").write_text(yaml.safe_dump(
        {"inleiding": "De Index maakt dit jaar een groei door van 3 punten.",
         "mandjes": {"regiomarketing": "Gestage groei van het aantal expats."}, "jaar": 2017},
        allow_unicode=True), encoding="utf-8")
    folder = new_edition(2018, 2017, data_copy)
    skeleton = yaml.safe_load((folder / "commentary.yml").read_text(encoding="utf-8"))
    source = load_edition(2017, data_copy)
    # the source's own keys, emptied, and an empty entry for the total and every basket, parameter and theme
    assert {k: skeleton[k] for k in ("inleiding", "mandjes", "jaar")} == {"inleiding": "", "mandjes": {"regiomarketing": ""},
                                                                       "jaar": 2017}
    assert skeleton["total"] == ""
    assert skeleton["baskets"] == {b: "" for b in source.basket_ids}
    assert list(skeleton["parameters"]) == list(source.parameters.index) and set(skeleton["parameters"].values()) == {""}
    assert skeleton["themes"] == {t: "" for t in source.theme_ids}


def test_commentary_skeleton_of_the_2017_notes_loads_empty(data_copy):
    """The real 2017 notes give one empty entry per id; the new edition loads them as no notes at all."""
    from index071lib.data.commentary import load_commentary

    new_edition(2018, 2017, data_copy)
    notes = load_commentary(load_edition(2018, data_copy))
    assert len(notes.parameters) == 38 and set(notes.parameters.values()) == {""}
    assert notes.total == "" and notes.ignored == []


def test_new_periods_of_the_themes(data_copy):
    """Chapter 7: each series gets its next period, in the series' own notation, with an empty value."""
    new_edition(2018, 2017, data_copy)
    rows = read_rows(data_copy / "editions" / "2018" / "theme_values.csv")
    old = read_rows(data_copy / "editions" / "2017" / "theme_values.csv")
    assert len(rows) == len(old) + 9  # nine series, one new period each
    new = {(r["series"], r["year"]): r for r in rows}
    assert new[("examendeelnemers_n_profiel", "2016")]["label"] == "2016-2017"  # school year after 2015-2016
    assert new[("restafval_huishoudens", "2016")]["label"] == "2016"  # calendar year after 2015
    assert all(new[(s, "2016")]["value"] == "" for s in {r["series"] for r in old})
    edition = load_edition(2018, data_copy)
    latest = edition.theme_values[edition.theme_values["year"] == 2016]
    assert len(latest) == 9 and latest["value"].isna().all()


def test_themes_two_years_on(data_copy):
    """An edition two years after its source gets two new periods per series."""
    new_edition(2019, 2017, data_copy)
    rows = [r for r in read_rows(data_copy / "editions" / "2019" / "theme_values.csv")
            if r["series"] == "mbo_techniek_n34"]
    assert [r["label"] for r in rows][-3:] == ["2015-2016", "2016-2017", "2017-2018"]


@pytest.mark.parametrize("label, steps, kind, expected", [
    ("2016-2017", 1, "school_year", "2017-2018"),
    ("2015", 1, "calendar_year", "2016"),
    ("2015", 3, "calendar_year", "2018"),
    ("2015/2016", 1, "school_year", "2016/2017"),
    ("2015/16", 1, "school_year", "2016/17"),
    ("1999/00", 1, "school_year", "2000/01"),
])
def test_next_period_label(label, steps, kind, expected):
    assert editions_mod.next_period_label(label, steps, kind) == expected


def test_next_period_label_of_another_notation_falls_back_on_the_kind():
    with pytest.raises(ValueError):
        editions_mod.next_period_label("schooljaar 15", 1)
    import pandas as pd

    rows = pd.DataFrame({"year": ["2015"], "label": ["schooljaar 15"]})
    assert editions_mod._period_label(rows, 2016, "school_year") == "2016-2017"
    assert editions_mod._period_label(rows, 2016, "calendar_year") == "2016"


def test_refuses_to_overwrite(data_copy):
    existing = data_copy / "editions" / "2018"
    existing.mkdir()
    (existing / "notes.txt").write_text("work in progress")
    before = tree_digest(data_copy)
    with pytest.raises(EditionExistsError, match=r"editions/2018: edition 2018 already exists"):
        new_edition(2018, 2017, data_copy)
    assert tree_digest(data_copy) == before
    # an empty folder is not silently replaced either
    (existing / "notes.txt").unlink()
    with pytest.raises(EditionExistsError):
        new_edition(2018, 2017, data_copy)
    assert list(existing.iterdir()) == []


def test_year_must_follow_source(data_copy):
    with pytest.raises(DataError, match="year 2016 must be after the source edition 2017"):
        new_edition(2016, 2017, data_copy)
    assert available_editions(data_copy) == [2017]


def test_invalid_source_writes_nothing(data_copy):
    values = data_copy / "editions" / "2017" / "values.csv"
    values.write_text(values.read_text().replace("expats,2013,105", "expats,2013,1o5"))
    before = sorted(p.name for p in (data_copy / "editions").iterdir())
    with pytest.raises(DataError, match="values.csv"):
        new_edition(2018, 2017, data_copy)
    assert sorted(p.name for p in (data_copy / "editions").iterdir()) == before


def test_failure_midway_leaves_nothing(data_copy, monkeypatch):
    real = editions_mod.skeleton

    def broken(*args):
        real(*args)
        raise OSError("disk full")  # after edition.yml, parameters.csv and values.csv were written

    monkeypatch.setattr(editions_mod, "skeleton", broken)
    with pytest.raises(OSError, match="disk full"):
        new_edition(2018, 2017, data_copy)
    assert sorted(p.name for p in (data_copy / "editions").iterdir()) == ["2017"]  # no 2018, no temp folder


def test_default_source_is_latest(data_copy):
    new_edition(2018, data_dir=data_copy)
    new_edition(2019, data_dir=data_copy)
    assert load_edition(2019, data_copy).years[-1] == 2018
    assert load_edition(data_dir=data_copy).year == 2019
    assert previous_edition(2019, data_copy) == 2018 and previous_edition(2017, data_copy) is None
