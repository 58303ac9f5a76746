"""A malformed or self-contradictory scenario is refused, naming the key, and writes nothing."""

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from organizations.models import Organization
from people.models import Person
from scenarios.loader import SMALL, load_scenario
from scenarios.schema import PLANNED_FIGURE_KEYS, ScenarioError, parse_scenario

pytestmark = pytest.mark.django_db
BASE = yaml.safe_load(SMALL.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def mutated(change: Callable[[dict], None]) -> dict:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def _set(path: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[int(key)] if isinstance(data, list) else data[key]
        if isinstance(data, list):
            data[int(last)] = value
        else:
            data[last] = value

    return change


def _delete(path: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[int(key)] if isinstance(data, list) else data[key]
        del data[last]

    return change


REFUSALS = {
    "county_code_too_short": (_set("county.code", "35079"), "county.code", "6 位数字"),
    "county_code_unquoted": (_set("county.code", 350799), "county.code", "带引号"),
    "township_code_outside_county": (
        _set("county.townships.1.code", "350725200"),
        "county.townships[1].code",
        "350799",
    ),
    "duplicate_township_code": (_set("county.townships.1.code", "350799100"), "county.townships[1].code", "重复"),
    "villages_do_not_add_up": (_set("county.townships.0.villages", 4), "figures.administrative_villages", "6"),
    "fewer_groups_than_villages": (_set("figures.party_groups", 4), "figures.party_groups", "每个村至少"),
    "fewer_members_than_groups": (_set("figures.rural_party_members", 8), "figures.rural_party_members", "党小组"),
    "missing_county_name": (_delete("county.name"), "county.name", "缺少"),
    "missing_required_figure": (_delete("figures.party_groups"), "figures.party_groups", "缺少"),
    "seed_not_a_number": (_set("random_seed", "seven"), "random_seed", "整数"),
    "villages_not_a_number": (_set("county.townships.0.villages", "3"), "county.townships[0].villages", "整数"),
    "figure_is_a_bool": (_set("figures.leadership_groups", True), "figures.leadership_groups", "整数"),
    "townships_empty": (_set("county.townships", []), "county.townships", "至少"),
    "figure_key_typo": (_set("figures.party_group", 9), "figures.party_group", "party_groups"),
    "top_level_typo": (_set("figures_", {}), "figures_", "拼写"),
    "points_share_over_100": (_set("points", {"shoppers_percent": 101}), "points.shoppers_percent", "101"),
    "points_key_typo": (_set("points", {"volunter": 5}), "points.volunter", "volunteer"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_bad_scenario_is_refused_naming_the_key_and_writes_nothing(tmp_path, case):
    change, key, hint = REFUSALS[case]
    path = write(tmp_path, mutated(change))

    with pytest.raises(CommandError) as refused:
        call_command("load_scenario", str(path))

    message = str(refused.value)
    assert f"{key}:" in message and hint in message
    assert Organization.objects.count() == 0
    assert Person.objects.count() == 0


def test_every_problem_is_reported_at_once():
    data = mutated(_set("county.code", "abc"))
    data["figures"]["party_groups"] = 1

    with pytest.raises(ScenarioError) as refused:
        parse_scenario(data)

    assert {"county.code", "figures.party_groups"} <= set(refused.value.keys)


def test_a_key_given_twice_is_refused(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("period: 2010", "period: 2010\nperiod: 2011")
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="period: .*重复"):
        call_command("load_scenario", str(path))
    assert Organization.objects.count() == 0


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("county: [unclosed\n", encoding="utf-8")

    with pytest.raises(CommandError, match="YAML"):
        call_command("load_scenario", str(path))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="nowhere.yaml"):
        call_command("load_scenario", str(tmp_path / "nowhere.yaml"))


def test_a_county_already_on_record_is_refused_and_left_as_it_was():
    load_scenario(SMALL)
    before = (Organization.objects.count(), Person.objects.count())

    with pytest.raises(CommandError) as refused:
        call_command("load_scenario", str(SMALL))

    assert "county.code" in str(refused.value) and "350799 已存在" in str(refused.value)
    assert (Organization.objects.count(), Person.objects.count()) == before


def test_every_planned_figure_key_is_accepted():
    data = mutated(lambda d: d["figures"].update(dict.fromkeys(PLANNED_FIGURE_KEYS, 1)))

    scenario = parse_scenario(data)

    assert set(PLANNED_FIGURE_KEYS) <= set(scenario.figures)


def test_money_figures_may_carry_fen():
    scenario = parse_scenario(mutated(_set("figures.development_funds_yuan", 1036000.5)))

    assert str(scenario.figures["development_funds_yuan"]) == "1036000.5"
