import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organizations import services
from organizations.models import Organization, OrganizationKind, OutsideUnit, UnitKind
from people import services as people_services
from xianfeng.tests import factories as f

# Which villages each persona sees in the tree (names from the conftest county).
VISIBLE_VILLAGES = {
    "county_admin": {"念山村", "石门村", "东平村"},
    "township_admin_a": {"念山村", "石门村"},
    "village_admin_b": {"东平村"},
    "member": set(),
}
ALL_VILLAGES = {"念山村", "石门村", "东平村"}


def _rows(response) -> list[tuple]:
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_tree_shows_only_the_personas_subtree(persona_client, county):
    response = persona_client.get(reverse("organizations:tree"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        return
    page = response.content.decode()
    seen = {name for name in ALL_VILLAGES if name in page}
    assert seen == VISIBLE_VILLAGES[persona_client.persona]


def test_tree_counts_villages_groups_and_members(client, county, personas):
    f.member(county.village_a2)
    client.force_login(personas.county_admin)
    response = client.get(reverse("organizations:tree"), {"format": "xlsx"})
    rows = {row[1]: row for row in _rows(response)[1:]}
    # columns: kind, code, name, name_en, parent, basis, villages, groups, members
    assert rows[county.county.code][6:] == (3, 2, 2)
    assert rows[county.township_a.code][6:] == (2, 1, 2)
    assert rows[county.village_a1.code][6:] == (0, 1, 1)
    assert rows[county.group_a1.code][8] == 1
    assert rows[county.township_b.code][6:] == (1, 1, 0)


def test_tree_export_respects_scope(client, county, personas):
    client.force_login(personas.township_admin_a)
    codes = {row[1] for row in _rows(client.get(reverse("organizations:tree"), {"format": "xlsx"}))[1:]}
    assert county.township_a.code in codes
    assert county.village_b1.code not in codes
    assert county.county.code not in codes


def test_tree_filter_keeps_matches_and_their_parents(client, county, personas):
    client.force_login(personas.county_admin)
    page = client.get(reverse("organizations:tree"), {"q": "石门"}).content.decode()
    assert "石门村" in page
    assert "熊山镇" in page
    assert "东平村" not in page


def _grow(county, start: int, n: int) -> None:
    for i in range(start, start + n):
        village = f.village(county.township_b, f"{300 + i}", f"新村{i}")
        f.member(village, f.party_group(village, f"新村{i}党小组"))


@pytest.mark.parametrize("url_name", ["organizations:tree", "organizations:detail"])
def test_tree_query_count_does_not_grow_with_units(client, county, personas, url_name):
    client.force_login(personas.county_admin)
    url = reverse(url_name, args=[county.township_b.code] if url_name.endswith("detail") else [])
    _grow(county, 0, 5)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(county, 5, 25)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert "新村29" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("persona", "village", "status"),
    [
        ("county_admin", "village_b1", 200),
        ("township_admin_a", "village_a1", 200),
        ("township_admin_a", "village_b1", 404),
        ("township_admin_a", "county", 404),
        ("village_admin_b", "village_b1", 200),
        ("village_admin_b", "village_a1", 404),
        ("member", "village_a1", 404),
    ],
)
def test_detail_is_404_outside_scope(client, county, personas, persona, village, status):
    client.force_login(getattr(personas, persona))
    org = getattr(county, village)
    assert client.get(reverse("organizations:detail", args=[org.code])).status_code == status


def test_detail_of_unknown_code_is_404(client, county, personas):
    client.force_login(personas.county_admin)
    assert client.get(reverse("organizations:detail", args=["350725999"])).status_code == 404


def test_detail_anonymous_goes_to_login(client, county):
    response = client.get(reverse("organizations:detail", args=[county.village_a1.code]))
    assert response.status_code == 302


def test_detail_shows_children_and_current_post_holders(client, county, personas):
    secretary = f.member(county.village_a1, name="张书记")
    people_services.appointment_create(
        person=secretary, organization=county.village_a1, post="village_secretary", start=dt.date(2008, 1, 1)
    )
    former = f.person(county.village_a1, name="王前任")
    people_services.appointment_create(
        person=former,
        organization=county.village_a1,
        post="village_director",
        start=dt.date(2001, 1, 1),
        end=dt.date(2005, 1, 1),
    )
    client.force_login(personas.township_admin_a)
    page = client.get(reverse("organizations:detail", args=[county.village_a1.code])).content.decode()
    assert "念山第一党小组" in page
    assert "张书记" in page
    assert "王前任" not in page
    assert reverse("history", args=["organizations", "organization", county.village_a1.pk]) in page


# -- forms ------------------------------------------------------------------------


def test_county_admin_adds_a_township(client, county, personas):
    client.force_login(personas.county_admin)
    response = client.post(
        reverse("organizations:child_create", args=[county.county.code]),
        {"code": "350725102", "name": "澄源乡", "name_en": ""},
    )
    assert response.status_code == 302
    org = Organization.objects.get(code="350725102")
    assert org.kind == OrganizationKind.TOWNSHIP
    assert org.parent == county.county


def test_township_admin_cannot_add_a_township(client, county, personas):
    client.force_login(personas.township_admin_a)
    response = client.post(
        reverse("organizations:child_create", args=[county.county.code]), {"code": "350725102", "name": "澄源乡"}
    )
    assert response.status_code == 404
    assert not Organization.objects.filter(code="350725102").exists()


def test_township_admin_adds_a_village_in_own_township_only(client, county, personas):
    client.force_login(personas.township_admin_a)
    ok = client.post(
        reverse("organizations:child_create", args=[county.township_a.code]), {"code": "350725100203", "name": "新村"}
    )
    assert ok.status_code == 302
    refused = client.post(
        reverse("organizations:child_create", args=[county.township_b.code]), {"code": "350725101203", "name": "外村"}
    )
    assert refused.status_code == 404
    assert not Organization.objects.filter(code="350725101203").exists()


def test_village_admin_adds_a_party_group_with_automatic_code(client, county, personas):
    client.force_login(personas.village_admin_b)
    response = client.post(
        reverse("organizations:child_create", args=[county.village_b1.code]),
        {"code": "", "name": "茶叶党小组", "basis": "industry"},
    )
    assert response.status_code == 302
    group = Organization.objects.get(name="茶叶党小组")
    assert group.code == county.village_b1.code + "002"
    assert group.basis == "industry"


def test_party_group_cannot_be_added_under_a_party_group(client, county, personas):
    client.force_login(personas.county_admin)
    response = client.get(reverse("organizations:child_create", args=[county.group_a1.code]))
    assert response.status_code == 404


def test_code_with_wrong_prefix_is_refused_clearly(client, county, personas):
    client.force_login(personas.township_admin_a)
    before = Organization.objects.count()
    response = client.post(
        reverse("organizations:child_create", args=[county.township_a.code]), {"code": "350725101209", "name": "错村"}
    )
    assert response.status_code == 200
    assert "必须以上级单位代码“350725100”开头" in response.content.decode()
    assert Organization.objects.count() == before


def test_code_of_wrong_length_is_refused_clearly(client, county, personas):
    client.force_login(personas.township_admin_a)
    response = client.post(
        reverse("organizations:child_create", args=[county.township_a.code]), {"code": "35072510020", "name": "错村"}
    )
    assert "应为 12 位数字" in response.content.decode()
    assert not Organization.objects.filter(name="错村").exists()


def test_duplicate_code_is_refused_with_a_message(client, county, personas):
    client.force_login(personas.township_admin_a)
    before = Organization.objects.count()
    response = client.post(
        reverse("organizations:child_create", args=[county.township_a.code]),
        {"code": county.village_a1.code, "name": "重复村"},
    )
    assert response.status_code == 200
    assert f"代码“{county.village_a1.code}”已被其他组织使用" in response.content.decode()
    assert Organization.objects.count() == before


def test_rename_changes_name_and_records_history(client, county, personas):
    client.force_login(personas.village_admin_b)
    response = client.post(
        reverse("organizations:edit", args=[county.village_b1.code]), {"name": "东平新村", "name_en": "Dongping"}
    )
    assert response.status_code == 302
    county.village_b1.refresh_from_db()
    assert county.village_b1.name == "东平新村"
    assert county.village_b1.history.count() == 2


def test_rename_with_empty_name_changes_nothing(client, county, personas):
    client.force_login(personas.village_admin_b)
    response = client.post(reverse("organizations:edit", args=[county.village_b1.code]), {"name": ""})
    assert response.status_code == 200
    county.village_b1.refresh_from_db()
    assert county.village_b1.name == "东平村"


def test_rename_outside_write_scope_is_404(client, county, personas):
    client.force_login(personas.village_admin_b)
    response = client.post(reverse("organizations:edit", args=[county.village_a1.code]), {"name": "改名"})
    assert response.status_code == 404
    county.village_a1.refresh_from_db()
    assert county.village_a1.name == "念山村"


# -- outside units ----------------------------------------------------------------


@pytest.fixture
def units(county):
    return [
        services.outside_unit_create(home=county.county, kind=UnitKind.DEPARTMENT, name="县农业局"),
        services.outside_unit_create(home=county.county, kind=UnitKind.ENTERPRISE, name="茶业公司"),
        services.outside_unit_create(home=county.township_a, kind=UnitKind.ORGAN, name="熊山镇机关"),
        services.outside_unit_create(home=county.township_b, kind=UnitKind.ORGAN, name="东平镇机关"),
    ]


def test_unit_list_is_scoped(persona_client, units):
    response = persona_client.get(reverse("organizations:unit_list"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    expected = {
        "county_admin": {"县农业局", "茶业公司", "熊山镇机关", "东平镇机关"},
        "township_admin_a": {"熊山镇机关"},
        "village_admin_b": set(),
        "member": set(),
    }[persona_client.persona]
    assert {u.name for u in units if u.name in page} == expected


def test_unit_list_filters_by_kind_and_exports(client, personas, units):
    client.force_login(personas.county_admin)
    page = client.get(reverse("organizations:unit_list"), {"kind": "organ"}).content.decode()
    assert "熊山镇机关" in page
    assert "县农业局" not in page
    response = client.get(reverse("organizations:unit_list"), {"kind": "organ", "format": "xlsx"})
    names = {row[2] for row in _rows(response)[1:]}
    assert names == {"熊山镇机关", "东平镇机关"}
    assert OutsideUnit.objects.count() == 4


def test_detail_shows_post_holders_on_a_chosen_day(client, county, personas):
    former = f.person(county.village_a1, name="王前任")
    people_services.appointment_create(
        person=former,
        organization=county.village_a1,
        post="village_director",
        start=dt.date(2001, 1, 1),
        end=dt.date(2005, 1, 1),
    )
    client.force_login(personas.county_admin)
    url = reverse("organizations:detail", args=[county.village_a1.code])
    assert "王前任" in client.get(url, {"on": "2003-06-30"}).content.decode()
    assert "王前任" not in client.get(url, {"on": "not-a-date"}).content.decode()
    assert client.get(url, {"on": "2010-02-30"}).status_code == 200
