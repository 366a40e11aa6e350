import pytest

from index071lib.data.scenarios import saved_scenarios_dir
from index071lib.errors import DataError, ParameterError
from index071lib.report import params
from index071lib.report.context import load_context


def one_line(err) -> str:
    lines = err.value._render_traceback_()
    assert len(lines) == 1
    return lines[0]


def test_a_basket_name_instead_of_its_id_is_one_dutch_line_with_every_id(edition):
    with pytest.raises(ParameterError) as err:
        params.check_basket(edition, "Vestigingsklimaat")
    line = one_line(err)
    assert "Ongeldige parameter basket = 'Vestigingsklimaat'" in line and "Bedoelt u 'vestigingsklimaat'?" in line
    for basket in edition.basket_ids:
        assert basket in line
    assert params.check_basket(edition, "regiomarketing") == "regiomarketing"


def test_unknown_alignment_theme_and_edition(edition, tmp_path):
    with pytest.raises(ParameterError) as err:
        params.check_alignment("carried")
    assert "Bedoelt u 'carry'?" in one_line(err) and "lag (" in one_line(err) and "available (" in one_line(err)
    with pytest.raises(ParameterError, match="Kies uit: energie"):
        params.check_theme(edition, "Energie- en klimaatneutraliteit")
    with pytest.raises(ParameterError) as err:
        params.check_edition(2019)
    assert "Kies uit: 0, 2017" in one_line(err)
    assert params.check_edition(0).year == 2017


def test_scenarios_by_name_saved_or_shipped_and_unknown(edition, data_copy):
    saved = saved_scenarios_dir(data_copy)
    saved.mkdir(parents=True)
    (saved / "minder_lsh_25.yml").write_text("name: minder_lsh_25\nbasket_weights: {life_sciences_health: 25}\n")
    chosen = params.check_scenarios("life_sciences_20, minder_lsh_25", edition, data_copy)
    assert [s.name for s in chosen] == ["life_sciences_20", "minder_lsh_25"]
    with pytest.raises(ParameterError) as err:
        params.check_scenarios("life_sciences_20,minder_lsh_26", edition, data_copy)
    line = one_line(err)
    assert "'minder_lsh_26' is geen scenariobestand" in line and "minder_lsh_25" in line and "gelijke_wegingen" in line
    (saved / "kapot.yml").write_text("name: kapot\nbasket_weights: {regiomarketing: veel}\n")
    with pytest.raises(ParameterError, match="het scenariobestand klopt niet: .*kapot.yml"):
        params.check_scenario("kapot", edition, data_copy)
    assert params.check_scenario("", edition) is None


def test_load_context_takes_alignment_and_checks_its_parameters():
    ctx = load_context(2017, alignment="carry")
    assert ctx.alignment == "carry" and not ctx.is_official and ctx.result.alignment == "carry"
    assert ctx.official.alignment == "lag"  # the audit and the index page compare with the publication
    assert load_context(2017, "life_sciences_20").scenario.name == "life_sciences_20"  # a name, like the CLI
    with pytest.raises(ParameterError, match="alignment"):
        load_context(2017, alignment="Carry ")


def test_other_index071_errors_show_their_message_without_traceback():
    err = DataError("data/x.csv", [("row 3", "value", "not a number"), ("row 4", "-", "missing")])
    lines = err._render_traceback_()
    assert lines == ["\x1b[0;31mDataError:\x1b[0m data/x.csv: row 3, column 'value': not a number",
                     "data/x.csv: row 4: missing"]
