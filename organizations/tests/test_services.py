"""Organization services: the tree's codes and parents are checked on every write (F-ORG, F-UNIT)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations import services
from organizations.models import GroupBasis, Organization, OrganizationKind, UnitKind

pytestmark = pytest.mark.django_db


def error_codes(exc: ValidationError, field: str) -> set[str | None]:
    return {e.code for e in exc.error_dict.get(field, [])}


def test_tree_is_built_with_codes_nested_by_prefix(county) -> None:
    assert county.township_a.parent == county.county
    assert county.village_a1.code == "350725100201"
    assert county.group_a1.code == "350725100201001"
    assert set(Organization.objects.within(county.township_a.code).values_list("code", flat=True)) == {
        "350725100",
        "350725100201",
        "350725100202",
        "350725100201001",
    }


def test_village_code_not_starting_with_its_township_code_is_refused(county) -> None:
    with pytest.raises(ValidationError) as info:
        services.village_create(township=county.township_a, code="350725101299", name="错村")
    assert error_codes(info.value, "code") == {"code_prefix"}
    assert not Organization.objects.filter(code="350725101299").exists()


def test_township_code_of_wrong_length_is_refused(county) -> None:
    with pytest.raises(ValidationError) as info:
        services.township_create(county=county.county, code="3507251", name="短码镇")
    assert error_codes(info.value, "code") == {"code_format"}


def test_duplicate_code_is_refused_with_a_translated_message(county) -> None:
    for language, expected in [("zh-hans", "已存在"), ("en", "already exists")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as info:
                services.village_create(township=county.township_a, code=county.village_a1.code, name="重复村")
            assert error_codes(info.value, "code") == {"unique"}
            assert expected in info.value.message_dict["code"][0]
    assert Organization.objects.filter(code=county.village_a1.code).count() == 1


def test_party_group_under_a_township_is_refused(county) -> None:
    with pytest.raises(ValidationError) as info:
        services.party_group_create(village=county.township_a, name="镇党小组")
    assert error_codes(info.value, "parent") == {"parent_kind"}
    assert not Organization.objects.party_groups().filter(parent=county.township_a).exists()


@pytest.mark.parametrize(
    ("kind", "parent_name", "code"),
    [
        ("township", "township_a", "350725100999"),  # a township under a township
        ("village", "village_a1", "350725100201999"),  # a village under a village
        ("county", "county", "350799"),  # a county under anything
    ],
)
def test_parent_of_the_wrong_kind_is_refused(county, kind: str, parent_name: str, code: str) -> None:
    org = Organization(kind=kind, parent=getattr(county, parent_name), code=code, name="错位单位")
    with pytest.raises(ValidationError) as info:
        org.full_clean()
    assert error_codes(info.value, "parent") == {"parent_kind"}


def test_township_without_parent_is_refused(db) -> None:
    with pytest.raises(ValidationError) as info:
        Organization(kind=OrganizationKind.TOWNSHIP, code="350725100", name="孤镇").full_clean()
    assert error_codes(info.value, "parent") == {"parent_missing"}


def test_party_group_codes_increment_within_a_village(county) -> None:
    second = services.party_group_create(village=county.village_a1, name="念山第二党小组")
    third = services.party_group_create(village=county.village_a1, name="念山第三党小组", basis=GroupBasis.INDUSTRY)
    assert second.code == county.village_a1.code + "002"
    assert third.code == county.village_a1.code + "003"
    # Another village counts from 001 on its own.
    first_a2 = services.party_group_create(village=county.village_a2, name="石门第一党小组")
    assert first_a2.code == county.village_a2.code + "001"


def test_next_party_group_code_follows_the_highest_existing(county) -> None:
    services.party_group_create(village=county.village_a1, name="跳号党小组", code=county.village_a1.code + "007")
    assert services.next_party_group_code(county.village_a1) == county.village_a1.code + "008"


def test_party_group_needs_a_basis_and_others_must_not_have_one(county) -> None:
    with pytest.raises(ValidationError) as info:
        services.party_group_create(village=county.village_a1, name="无方式党小组", basis="")
    assert error_codes(info.value, "basis") == {"required"}
    org = Organization(
        kind=OrganizationKind.VILLAGE,
        parent=county.township_a,
        code="350725100299",
        name="有方式村",
        basis=GroupBasis.INDUSTRY,
    )
    with pytest.raises(ValidationError) as info:
        org.full_clean()
    assert error_codes(info.value, "basis") == {"basis"}


def test_update_renames_but_keeps_code_and_records_history(county) -> None:
    village = county.village_a1
    services.organization_update(organization=village, name="念山新村", name_en="Nianshan New Village")
    village.refresh_from_db()
    assert (village.name, village.name_en, village.code) == ("念山新村", "Nianshan New Village", "350725100201")
    assert [h.name for h in village.history.order_by("history_date")] == ["念山村", "念山新村"]


def test_display_name_follows_language(county) -> None:
    with translation.override("en"):
        assert county.township_a.display_name == "Xiongshan Town"
        assert county.village_a1.display_name == "念山村"  # no English name: the Chinese one
    with translation.override("zh-hans"):
        assert county.township_a.display_name == "熊山镇"


def test_outside_unit_belongs_to_a_county_or_township(county) -> None:
    unit = services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name="县农业局")
    assert unit.pk is not None
    with pytest.raises(ValidationError) as info:
        services.outside_unit_create(home=county.village_a1, kind=UnitKind.ENTERPRISE, name="村企业")
    assert "home" in info.value.error_dict


def test_outside_unit_name_is_unique_per_home_and_kind(county) -> None:
    services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name="县农业局")
    with pytest.raises(ValidationError):
        services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name="县农业局")
    # The same name as another kind is a different unit.
    services.outside_unit_create(home=county.county, kind=UnitKind.CIVILIZED_UNIT, name="县农业局")
