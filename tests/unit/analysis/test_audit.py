import pytest

from index071lib.analysis.audit import (
    audit_reproduction,
    audit_text_claims,
    audit_themes,
    audit_weights,
    findings_frame,
    run_audit,
)
from index071lib.core.themes import theme_table


def test_theme_indices_match_print_except_chained_series(edition):
    for theme in edition.theme_ids:
        t = theme_table(edition, theme)
        t = t[t["series"] != "n_profiel_naar_techniek_ho"].dropna(subset=["value"])
        from index071lib.core.indices import round_half_up
        assert (round_half_up(t["index"]) == t["printed_index"]).all(), theme


def test_theme_table_units_and_fallback(edition):
    t = theme_table(edition, "betatechniek")
    n = t[t.series == "examendeelnemers_n_profiel"]
    assert n["base_used"].iloc[0] == 2013 and n["label"].tolist()[0] == "2012-2013"
    assert set(theme_table(edition, "energie")["unit"]) == {"m3 (x 1000)", "kWh (x 1000)", "aantal woningen"}
    with pytest.raises(KeyError):
        theme_table(edition, "smart_city")


def test_audit_detects_chained_series(edition):
    findings = audit_themes(edition)
    method = [f for f in findings if f.kind == "theme_method"]
    assert [f.subject for f in method] == ["n_profiel_naar_techniek_ho"]
    assert method[0].details["method"] == "chain"
    mismatches = {f.subject for f in findings if f.kind == "theme_index_mismatch"}
    assert mismatches == {"n_profiel_naar_techniek_ho/2014-2015", "n_profiel_naar_techniek_ho/2015-2016"}
    assert [f.subject for f in findings if f.kind == "base_year_fallback"] == ["examendeelnemers_n_profiel"]


def test_audit_weights(edition):
    findings = audit_weights(edition)
    sums = {f.subject: f.details["sum"] for f in findings if f.kind == "weight_sum"}
    assert sums == {"ondernemerschap": 94, "index071": 99, "ondernemerschap (chapter text)": 99,
                    "regiomarketing (chapter text)": 101}
    chapter = {f.subject: (f.details["chapter"], f.details["annex"]) for f in findings if f.kind == "chapter_weight"}
    assert chapter == {"starters": (16, 15), "toegevoegde_waarde": (25, 23), "hoogopgeleiden": (15, 14),
                       "studenten_hl_ul": (14, 13), "ranglijsten_gemeenten": (18, 17)}


def test_audit_reproduction_and_claims(edition):
    res = audit_reproduction(edition)
    assert [f.subject for f in res] == ["life_sciences_health/2015"]
    assert res[0].details["diff"] == pytest.approx(110.46 - 111)
    claims = audit_text_claims(edition)
    assert len(claims) == 1 and claims[0].details["weights"] == {"leegstand_winkels": 10, "leegstand_bedrijfsruimte": 8}


def test_consistent_edition_has_no_weight_findings(edition, data_copy):
    from index071lib.data.edition import load_edition
    path = data_copy / "editions" / "2017" / "edition.yml"
    path.write_text(path.read_text().replace("    weight: 22\n", "    weight: 23\n"))
    e = load_edition(2017, data_copy)
    assert "index071" not in {f.subject for f in audit_weights(e)}


def test_findings_frame(edition):
    f = findings_frame(run_audit(edition))
    assert list(f.columns) == ["kind", "subject", "message", "message_nl"]
    assert len(f) == 15
