"""Loading a county creates its prefecture and province from its division code, or reuses them."""

from dataclasses import replace

import pytest

from organizations.models import Organization
from scenarios.loader import SMALL, load_scenario, read_scenario
from scenarios.schema import ScenarioError, TownshipSpec

pytestmark = pytest.mark.django_db


def at(code: str, **changes: object):
    s = read_scenario(SMALL)
    townships = tuple(TownshipSpec(t.name, t.name_en, code + t.code[6:], t.villages) for t in s.townships)
    return replace(s, county_code=code, townships=townships, **changes)  # type: ignore[arg-type]


def upper() -> list[tuple[str, str, str, str | None]]:
    return [
        (o.code, o.kind, o.name, o.parent.code if o.parent else None)
        for o in Organization.objects.filter(kind__in=["province", "prefecture"]).select_related("parent")
    ]


def test_a_county_is_loaded_under_its_prefecture_and_province_named_from_the_table():
    county = load_scenario(SMALL).county
    assert upper() == [("35", "province", "福建省", None), ("3507", "prefecture", "南平市", "35")]
    assert county.parent.code == "3507"


def test_a_second_county_of_the_prefecture_reuses_it_and_one_elsewhere_gets_its_own():
    load_scenario(SMALL)
    second = load_scenario(at("350798", random_seed=8)).county
    third = load_scenario(at("350198", random_seed=9)).county

    assert second.parent.code == "3507" and third.parent.code == "3501"
    assert upper() == [
        ("35", "province", "福建省", None),
        ("3501", "prefecture", "福州市", "35"),
        ("3507", "prefecture", "南平市", "35"),
    ]


def test_names_in_the_scenario_win(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace(
        '  code: "350799"\n',
        '  code: "350799"\n  prefecture: {name: 南平, name_en: Nanping}\n  province: {name: 闽, name_en: Fujian}\n',
    )
    path = tmp_path / "named.yaml"
    path.write_text(text, encoding="utf-8")
    load_scenario(path)
    assert [(o.code, o.name, o.name_en) for o in Organization.objects.filter(code__in=["35", "3507"])] == [
        ("35", "闽", "Fujian"),
        ("3507", "南平", "Nanping"),
    ]


def test_a_code_outside_the_table_without_a_name_is_refused_and_nothing_is_written():
    with pytest.raises(ScenarioError) as exc:
        load_scenario(at("359999"))
    assert exc.value.keys == ["county.prefecture.name"]
    assert "3599" in str(exc.value)
    assert not Organization.objects.exists()

    load_scenario(at("359999", prefecture_name="试点市"))  # named in the scenario: built
    assert Organization.objects.get(code="3599").name == "试点市"


def test_a_malformed_province_entry_is_refused_naming_the_key(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace('  code: "350799"\n', '  code: "350799"\n  province: 福建省\n')
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert exc.value.keys == ["county.province"]
    assert not Organization.objects.exists()
