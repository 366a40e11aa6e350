from pathlib import Path

import pytest

from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.scenarios import (
    Scenario,
    load_scenario,
    parse_scenario,
    scenario_weights,
)
from index071lib.errors import ScenarioError

SCENARIOS = Path(__file__).resolve().parents[3] / "data" / "scenarios"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yml")), ids=lambda p: p.stem)
def test_shipped_scenarios_load(edition, path):
    s = load_scenario(path, edition)
    assert s.name == path.stem and s.description


def test_equal_weights_is_plain_mean(edition):
    r = compute_scenario(edition, Scenario(name="eq", equal_within=True, equal_across=True), warn=False)
    baseline = compute_index(edition, warn=False)
    members = edition.basket_of == "vestigingsklimaat"
    assert r.baskets.loc["vestigingsklimaat"].tolist() == pytest.approx(baseline.aligned[members].mean().tolist())
    assert r.total.tolist() == pytest.approx(r.baskets.mean().tolist())


def test_annex_weights_scenario_equals_baseline(edition):
    s = Scenario(name="annex", parameter_weights=edition.weights.to_dict(),
                 basket_weights=edition.basket_weights.to_dict())
    assert compute_scenario(edition, s, warn=False).series.equals(compute_index(edition, warn=False).series)


def test_drop_equals_zero_weight(edition):
    dropped = compute_scenario(edition, Scenario(name="d", drop=["expats"]), warn=False)
    zero = compute_scenario(edition, Scenario(name="z", parameter_weights={"expats": 0}), warn=False)
    assert dropped.series.equals(zero.series)
    assert dropped.baskets.loc["regiomarketing", 2016] != compute_index(edition, warn=False).baskets.loc["regiomarketing", 2016]


def test_life_sciences_20(edition):
    w, b = scenario_weights(edition, load_scenario(SCENARIOS / "life_sciences_20.yml", edition))
    assert b["life_sciences_health"] == 20 and b["regiomarketing"] == 19
    r = compute_scenario(edition, Scenario(name="x", basket_weights={"life_sciences_health": 20}), warn=False)
    base = compute_index(edition, warn=False)
    expected = (base.baskets.mul(b, axis=0).sum() / b.sum())
    assert r.total.tolist() == pytest.approx(expected.tolist())


def test_roundtrip_yaml(edition, tmp_path):
    s = Scenario(name="rt", description="x", basket_weights={"regiomarketing": 25.5}, drop=["zzp"], equal_within=True)
    path = tmp_path / "rt.yml"
    path.write_text(s.to_yaml())
    back = load_scenario(path, edition)
    assert (back.basket_weights, back.drop, back.equal_within, back.equal_across) == ({"regiomarketing": 25.5}, ["zzp"], True, False)


@pytest.mark.parametrize("data,key", [
    ({"name": "x", "weights": {}}, "weights"),
    ({"name": "x", "basket_weights": {"life_science": 20}}, "basket_weights.life_science"),
    ({"name": "x", "parameter_weights": {"zzp": -1}}, "parameter_weights.zzp"),
    ({"name": "x", "parameter_weights": {"zzp": "veel"}}, "parameter_weights.zzp"),
    ({"name": "x", "drop": ["nope"]}, "drop.nope"),
    ({"name": "x", "drop": ["leerbedrijven", "plaatsingen_leerbaan", "mbo4_aandeel", "hbo_verpleegkunde_biotechniek",
                            "mbo_techniek", "gediplomeerden_baan_3mnd", "gediplomeerden_eigen_niveau",
                            "doorstromers_mbo_hbo"]}, "drop"),
    ({"description": "no name"}, "name"),
    ({"name": "x", "equal_weights": "sometimes"}, "equal_weights"),
    ({"name": "x", "aggregation": "harmonic"}, "aggregation"),
    ({"name": "x", "aggregation": ["geometric"]}, "aggregation"),
    ({"name": "x", "aggregation": True}, "aggregation"),
    ({"name": "x", "title": ["Lijst"]}, "title"),
    ({"name": "x", "title": "Twee\nregels"}, "title"),
    ({"name": "x", "title": "x" * 81}, "title"),
])
def test_invalid_scenarios_name_file_and_key(edition, data, key):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data, edition, "my.yml")
    assert info.value.key == key
    assert str(info.value).startswith("my.yml: key ")


def test_missing_file(edition, tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "nope.yml", edition)


@pytest.mark.parametrize("data,key", [
    ({"name": "x", "parameter_weights": {"zzp": float("inf")}}, "parameter_weights.zzp"),
    ({"name": "x", "basket_weights": {"regiomarketing": float("nan")}}, "basket_weights.regiomarketing"),
    ({"name": "x", "equal_weights": ["within"]}, "equal_weights"),
    ({"name": "x", "equal_weights": 1}, "equal_weights"),
    ({"name": "x", "basket_weights": {"regiomarketing": 0}, "drop": ["expats", "verhuisde_personen", "overnachtingen",
      "museumbezoekers", "ranglijsten_gemeenten", "ranglijsten_onderwijs"]}, "drop"),
    ({"name": "x", "basket_weights": {k: 0 for k in ["life_sciences_health", "ondernemerschap", "onderwijs_arbeidsmarkt",
                                                     "vestigingsklimaat", "regiomarketing"]}}, "basket_weights"),
    ("just text", "(top level)"),
])
def test_more_invalid_scenarios(edition, data, key):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data, edition, "my.yml")
    assert info.value.key == key


def test_invalid_yaml_names_the_file(edition, tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("name: x\nbasket_weights: {regiomarketing: 20\n")
    with pytest.raises(ScenarioError, match="broken.yml: key '\\(file\\)': invalid YAML"):
        load_scenario(path, edition)


def test_resolve_scenario_path(tmp_path):
    from index071lib.data.scenarios import resolve_scenario_path

    assert resolve_scenario_path("gelijke_wegingen", data_dir=SCENARIOS.parent) == SCENARIOS / "gelijke_wegingen.yml"
    own = tmp_path / "own.yml"
    own.write_text("name: own\n")
    assert resolve_scenario_path(str(own)) == own
    assert resolve_scenario_path("nope") == Path("nope")
    assert resolve_scenario_path("x", data_dir=tmp_path) == Path("x")


def test_shipped_scenario_found_from_another_data_dir(edition, tmp_path):
    from index071lib.data.scenarios import resolve_scenario_path

    assert resolve_scenario_path("life_sciences_20", tmp_path) == SCENARIOS / "life_sciences_20.yml"
    own = tmp_path / "scenarios"
    own.mkdir()
    (own / "life_sciences_20.yml").write_text("name: life_sciences_20\nbasket_weights: {life_sciences_health: 25}\n")
    assert resolve_scenario_path("life_sciences_20", tmp_path) == own / "life_sciences_20.yml"
    assert resolve_scenario_path("nope", tmp_path) == __import__("pathlib").Path("nope")


def test_saved_scenario_found_by_name_after_the_shipped_ones(edition, tmp_path):
    from index071lib.data.scenarios import (
        available_scenarios,
        resolve_scenario_path,
        saved_scenarios_dir,
        scenario_search_path,
    )

    data = tmp_path / "data"
    saved = saved_scenarios_dir(data)
    assert saved == tmp_path.resolve() / "outputs" / "scenarios"
    assert scenario_search_path(data) == [data / "scenarios", SCENARIOS, saved]
    saved.mkdir(parents=True)
    (saved / "minder_lsh_25.yml").write_text("name: minder_lsh_25\nbasket_weights: {life_sciences_health: 25}\n")
    (saved / "life_sciences_20.yml").write_text("name: life_sciences_20\nbasket_weights: {regiomarketing: 1}\n")
    assert resolve_scenario_path("minder_lsh_25", data) == saved / "minder_lsh_25.yml"
    assert resolve_scenario_path("minder LSH 25", data) == saved / "minder_lsh_25.yml"  # as typed in the panel
    assert resolve_scenario_path("life_sciences_20", data) == SCENARIOS / "life_sciences_20.yml"  # shipped first
    found = available_scenarios(data)
    assert found["minder_lsh_25"] == saved / "minder_lsh_25.yml"
    assert found["life_sciences_20"] == SCENARIOS / "life_sciences_20.yml"
    assert set(found) == {p.stem for p in SCENARIOS.glob("*.yml")} | {"minder_lsh_25"}
    assert resolve_scenario_path("minder_lsh_25.yml", data) == Path("minder_lsh_25.yml")  # a file name stays a path


def test_load_scenarios_by_saved_name_and_message_for_unknown(edition, tmp_path):
    from index071lib.analysis.whatif import load_scenarios
    from index071lib.data.scenarios import saved_scenarios_dir

    data = tmp_path / "data"
    saved = saved_scenarios_dir(data)
    saved.mkdir(parents=True)
    (saved / "minder_lsh_25.yml").write_text("name: minder_lsh_25\nbasket_weights: {life_sciences_health: 25}\n")
    assert [s.name for s in load_scenarios("life_sciences_20,minder_lsh_25", edition, data)] == [
        "life_sciences_20", "minder_lsh_25"]
    with pytest.raises(ScenarioError, match="nor a scenario of that name in .*outputs/scenarios"):
        load_scenarios("minder_lsh_26", edition, data)


@pytest.mark.parametrize("text, slug", [("minder LSH 25", "minder_lsh_25"), ("Meer  zorg!", "meer_zorg"),
                                        ("café-scenario", "cafe-scenario"), ("__x__", "x"), ("€", "")])
def test_scenario_slug(text, slug):
    from index071lib.data.scenarios import SLUG, scenario_slug

    assert scenario_slug(text) == slug
    assert slug == "" or SLUG.match(slug)


def test_aggregation_key_message_names_the_choices(edition):
    with pytest.raises(ScenarioError, match=r"^my.yml: key 'aggregation': must be one of: arithmetic, geometric "
                                            r"\(got 'Geometric'\)$"):
        parse_scenario({"name": "x", "aggregation": "Geometric"}, edition, "my.yml")


def test_aggregation_key_roundtrip_and_precedence(edition, tmp_path):
    from index071lib.data.scenarios import scenario_aggregation

    path = tmp_path / "geo.yml"
    path.write_text(Scenario(name="geo", basket_weights={"regiomarketing": 25.0}, aggregation="geometric").to_yaml())
    geo = load_scenario(path, edition)
    assert geo.aggregation == "geometric" and geo.basket_weights == {"regiomarketing": 25.0}
    assert "aggregation" not in Scenario(name="plain").to_yaml()
    assert load_scenario(SCENARIOS / "life_sciences_20.yml", edition).aggregation is None
    # the scenario's own method wins over the run's; without one the scenario follows the run
    assert [scenario_aggregation(geo, "arithmetic"), scenario_aggregation(Scenario(name="p"), "geometric"),
            scenario_aggregation(None, "geometric")] == ["geometric", "geometric", "geometric"]
    assert scenario_aggregation(Scenario(name="a", aggregation="arithmetic"), "geometric") == "arithmetic"
    weights = Scenario(name="w", basket_weights={"regiomarketing": 25.0})
    assert compute_scenario(edition, geo, warn=False).series.equals(
        compute_scenario(edition, weights, warn=False, aggregation="geometric").series)
    assert compute_scenario(edition, geo, warn=False).aggregation == "geometric"


def test_shipped_scenario_by_name_without_any_data_folder(edition, tmp_path, monkeypatch):
    """An installed wheel run outside a data folder still finds the shipped scenarios (importlib.resources)."""
    from index071lib.data import locations
    from index071lib.data.resources import SCENARIOS_PACKAGE, resource_path
    from index071lib.data.scenarios import resolve_scenario_path

    monkeypatch.delenv("INDEX071_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(locations, "checkout_data_dir", lambda: None)
    assert resolve_scenario_path("hoofdstuktekst") == resource_path(SCENARIOS_PACKAGE) / "hoofdstuktekst.yml"
    assert load_scenario("hoofdstuktekst", edition).name == "hoofdstuktekst"
    with pytest.raises(ScenarioError, match="nope: key '\\(file\\)': scenario file not found"):
        load_scenario("nope", edition)


def test_load_scenario_by_name_prefers_the_data_folder(edition, tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "eigen.yml").write_text("name: eigen\nbasket_weights: {life_sciences_health: 25}\n")
    assert load_scenario("eigen", edition, tmp_path).path == tmp_path / "scenarios" / "eigen.yml"
    assert load_scenario("life_sciences_20", edition, tmp_path).path == SCENARIOS / "life_sciences_20.yml"


def test_title_is_how_readers_see_a_scenario(edition, tmp_path):
    s = parse_scenario({"name": "ls", "title": " Minder LSH ", "basket_weights": {"life_sciences_health": 20}}, edition)
    assert (s.title, s.label) == ("Minder LSH", "Minder LSH")
    path = tmp_path / "ls.yml"
    path.write_text(s.to_yaml())
    assert load_scenario(path, edition).label == "Minder LSH"
    assert parse_scenario({"name": "ls"}, edition).label == "ls"
    assert "title" not in parse_scenario({"name": "ls"}, edition).to_yaml()


def test_every_shipped_scenario_has_a_title(edition):
    for path in sorted(SCENARIOS.glob("*.yml")):
        scenario = load_scenario(path, edition)
        assert scenario.title and scenario.title != scenario.name, path.name
