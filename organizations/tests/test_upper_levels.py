"""Provinces (2 digits) and prefectures (4 digits) above the counties, and the national division table."""

import pytest
from django.core.exceptions import ValidationError

from common.division_codes import ancestor_codes
from organizations import services
from organizations.divisions import division_name, division_names
from organizations.models import Organization, OrganizationKind
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


def codes_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.code for errors in exc.value.error_dict.values() for e in errors if e.code}


def test_a_county_stands_under_its_prefecture_and_province():
    fujian = f.province()
    nanping = f.prefecture(fujian)
    zhenghe = f.county(prefecture=nanping)

    assert (fujian.kind, nanping.kind, zhenghe.kind) == ("province", "prefecture", "county")
    assert zhenghe.parent == nanping and nanping.parent == fujian
    assert list(Organization.objects.within("35").values_list("code", flat=True)) == ["35", "3507", "350725"]
    assert list(ancestor_codes("350725100201")) == ["35", "3507", "350725", "350725100"]


def test_a_county_without_a_prefecture_is_still_accepted():
    assert f.county().parent is None


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: services.province_create(code="350", name="福建省"), "code_format"),
        (lambda: services.prefecture_create(province=f.province(), code="3607", name="赣州市"), "code_prefix"),
        (lambda: services.prefecture_create(province=f.province(), code="3500", name="零"), "code_zero"),
        (
            lambda: services.county_create(code="360721", name="赣县", prefecture=f.prefecture(f.province())),
            "code_prefix",
        ),
    ],
)
def test_malformed_upper_codes_are_refused_and_nothing_is_written(make, code):
    before = set(Organization.objects.values_list("code", flat=True))
    with pytest.raises(ValidationError) as exc:
        make()
    assert code in codes_of(exc)
    # Only what the lambda built before the refused call (its parents) is new.
    assert all(len(c) < 6 or c in before for c in Organization.objects.values_list("code", flat=True))


def test_a_province_has_no_parent_and_a_prefecture_must_have_one():
    fujian = f.province()
    with pytest.raises(ValidationError) as exc:
        Organization(kind=OrganizationKind.PROVINCE, code="36", name="江西省", parent=fujian).full_clean()
    assert "parent_kind" in codes_of(exc)
    with pytest.raises(ValidationError) as exc:
        Organization(kind=OrganizationKind.PREFECTURE, code="3607", name="赣州市").full_clean()
    assert "parent_missing" in codes_of(exc)


def test_upper_levels_are_created_once_named_from_the_table():
    first = services.upper_levels_ensure(county_code="350725")
    second = services.upper_levels_ensure(county_code="350781")

    assert first == second  # two counties sharing 4 digits land under one prefecture
    assert (first.code, first.name, first.parent.code, first.parent.name) == ("3507", "南平市", "35", "福建省")
    assert Organization.objects.filter(kind__in=["province", "prefecture"]).count() == 2


def test_names_given_win_over_the_table_and_an_unknown_code_is_refused():
    given = services.upper_levels_ensure(county_code="360721", province_name="江西", prefecture_name_en="Ganzhou")
    assert (given.name, given.name_en, given.parent.name) == ("赣州市", "Ganzhou", "江西")
    services.upper_levels_ensure(county_code="350725")
    made = services.upper_levels_ensure(county_code="359901", prefecture_name="试点市", province_name="不用")
    assert made.name == "试点市"  # 3599 is not in the table: named by the scenario
    assert made.parent.name == "福建省"  # the province on record is reused, not renamed
    with pytest.raises(ValidationError) as exc:
        services.upper_levels_ensure(county_code="359801")
    assert exc.value.code == "division_unknown"
    assert "3598" in " ".join(exc.value.messages)
    assert not Organization.objects.filter(code="3598").exists()


def test_the_division_table_holds_fujians_prefectures_and_only_well_formed_codes():
    names = division_names()
    assert division_name("35") == "福建省" and division_name("3507") == "南平市"
    assert [c for c in names if c.startswith("35") and len(c) == 4] == [f"350{n}" for n in range(1, 10)]
    assert all(len(code) in (2, 4) and code.isdigit() for code in names)
    assert all(code[:2] in names for code in names)  # every prefecture's province is listed
    assert len([c for c in names if len(c) == 2]) == 31
