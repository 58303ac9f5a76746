import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from people import services
from people.id_numbers import make_id_number, mask_id_number
from people.models import Household, PartyMembership, Person
from xianfeng.tests import factories as f


@pytest.fixture
def b1_person(county):
    return f.member(county.village_b1, county.group_b1, name="王东平", phone="13900005678")


@pytest.fixture
def a2_person(county):
    return f.person(county.village_a2, name="赵石门", sex="F")


PERSON_NAMES = {"李党员", "王东平", "赵石门"}
VISIBLE_PERSONS = {
    "county_admin": {"李党员", "王东平", "赵石门"},
    "township_admin_a": {"李党员", "赵石门"},
    "village_admin_b": {"王东平"},
    "member": {"李党员"},
}
VISIBLE_MEMBERS = {
    "county_admin": {"李党员", "王东平"},
    "township_admin_a": {"李党员"},
    "village_admin_b": {"王东平"},
    "member": {"李党员"},
}


def _rows(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_person_list_shows_only_people_in_scope(persona_client, b1_person, a2_person):
    response = persona_client.get(reverse("people:person_list"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        return
    page = response.content.decode()
    assert {n for n in PERSON_NAMES if n in page} == VISIBLE_PERSONS[persona_client.persona]


def test_member_list_shows_only_members_in_scope(persona_client, b1_person, a2_person):
    response = persona_client.get(reverse("people:member_list"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert {n for n in PERSON_NAMES if n in page} == VISIBLE_MEMBERS[persona_client.persona]


def test_person_export_respects_scope_and_filters(client, personas, b1_person, a2_person):
    client.force_login(personas.township_admin_a)
    rows = _rows(client.get(reverse("people:person_list"), {"format": "xlsx"}))
    assert rows[0][0] == "姓名"
    assert {r[0] for r in rows[1:]} == {"李党员", "赵石门"}
    rows = _rows(client.get(reverse("people:person_list"), {"format": "xlsx", "sex": "F"}))
    assert {r[0] for r in rows[1:]} == {"赵石门"}


def test_person_list_searches_name_and_full_id_number_only(client, personas, b1_person, a2_person):
    client.force_login(personas.county_admin)
    assert "赵石门" in client.get(reverse("people:person_list"), {"q": "石门"}).content.decode()
    page = client.get(reverse("people:person_list"), {"q": b1_person.id_number}).content.decode()
    assert "王东平" in page
    assert "赵石门" not in page
    # A fragment of an ID number matches nobody: it would let a masked viewer guess digits.
    page = client.get(reverse("people:person_list"), {"q": b1_person.id_number[6:12]}).content.decode()
    assert "王东平" not in page


def test_person_list_filters_by_village_prefix(client, personas, county, b1_person, a2_person):
    client.force_login(personas.county_admin)
    page = client.get(reverse("people:person_list"), {"org": county.township_a.code}).content.decode()
    assert "赵石门" in page
    assert "王东平" not in page


def test_township_admin_sees_masked_id_and_phone(client, personas):
    person = personas.member_person
    client.force_login(personas.township_admin_a)
    for url in (reverse("people:person_list"), reverse("people:person_detail", args=[person.pk])):
        page = client.get(url).content.decode()
        assert person.id_number not in page
        assert mask_id_number(person.id_number) in page
        assert "13800001234" not in page
        assert "138****1234" in page
    rows = _rows(client.get(reverse("people:member_list"), {"format": "xlsx"}))
    assert rows[1][3] == mask_id_number(person.id_number)
    assert rows[1][4] == "138****1234"


@pytest.mark.parametrize("persona", ["county_admin", "member"])
def test_county_admin_and_the_person_see_full_id_and_phone(client, personas, persona):
    person = personas.member_person
    client.force_login(getattr(personas, persona))
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert person.id_number in page
    assert "13800001234" in page
    rows = _rows(client.get(reverse("people:person_list"), {"format": "xlsx"}))
    assert (person.id_number, "13800001234") in {(r[3], r[4]) for r in rows[1:]}


@pytest.mark.parametrize(
    ("persona", "who", "status"),
    [
        ("county_admin", "b1", 200),
        ("township_admin_a", "a2", 200),
        ("township_admin_a", "b1", 404),
        ("village_admin_b", "b1", 200),
        ("village_admin_b", "member", 404),
        ("member", "member", 200),
        ("member", "a2", 404),
    ],
)
def test_person_detail_is_404_outside_scope(client, personas, b1_person, a2_person, persona, who, status):
    person = {"b1": b1_person, "a2": a2_person, "member": personas.member_person}[who]
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == status


def test_person_detail_anonymous_goes_to_login(client, personas):
    response = client.get(reverse("people:person_detail", args=[personas.member_person.pk]))
    assert response.status_code == 302


def test_person_detail_shows_membership_appointments_and_household(client, county, personas):
    person = personas.member_person
    services.appointment_create(
        person=person, organization=county.village_a1, post="village_director", start=dt.date(2008, 3, 1)
    )
    services.household_set(head=person, village=county.village_a1, size=4, cause="illness", status="in_difficulty")
    client.force_login(personas.county_admin)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "正式党员" in page
    assert "念山第一党小组" in page
    assert "村委会主任" in page
    assert "因病" in page
    assert reverse("history", args=["people", "person", person.pk]) in page


# -- households --------------------------------------------------------------------


@pytest.fixture
def households(county, b1_person, a2_person):
    services.household_set(head=a2_person, village=county.village_a2, size=3, cause="illness", status="in_difficulty")
    services.household_set(head=b1_person, village=county.village_b1, size=5, cause="disaster", status="out")


def test_household_list_is_scoped(persona_client, households):
    response = persona_client.get(reverse("people:household_list"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    expected = {
        "county_admin": {"赵石门", "王东平"},
        "township_admin_a": {"赵石门"},
        "village_admin_b": {"王东平"},
        "member": set(),
    }[persona_client.persona]
    assert {n for n in ("赵石门", "王东平") if n in page} == expected


def test_household_export_filters_by_status_and_cause(client, personas, households):
    client.force_login(personas.county_admin)
    rows = _rows(client.get(reverse("people:household_list"), {"format": "xlsx", "status": "out"}))
    assert [r[0] for r in rows[1:]] == ["王东平"]
    rows = _rows(client.get(reverse("people:household_list"), {"format": "xlsx", "cause": "illness"}))
    assert [r[0] for r in rows[1:]] == ["赵石门"]


def test_admin_records_a_household(client, personas, county, a2_person):
    client.force_login(personas.township_admin_a)
    url = reverse("people:household_edit", args=[a2_person.pk])
    response = client.post(url, {"village": county.village_a2.pk, "size": 4, "cause": "labour", "status": "improving"})
    assert response.status_code == 302
    assert Household.objects.get(head=a2_person).cause == "labour"


def test_household_with_too_many_people_is_refused(client, personas, county, a2_person):
    client.force_login(personas.township_admin_a)
    url = reverse("people:household_edit", args=[a2_person.pk])
    response = client.post(url, {"village": county.village_a2.pk, "size": 99, "cause": "labour", "status": "improving"})
    assert response.status_code == 200
    assert "家庭人口应在1到30之间" in response.content.decode()
    assert not Household.objects.exists()


def test_household_outside_write_scope_is_404(client, personas, county, a2_person):
    client.force_login(personas.village_admin_b)
    url = reverse("people:household_edit", args=[a2_person.pk])
    assert client.get(url).status_code == 404


# -- person forms --------------------------------------------------------------------


def _person_post(county, **overrides) -> dict:
    born = dt.date(1980, 2, 29)
    data = {
        "name": "陈新人",
        "sex": "M",
        "birth_date": born.isoformat(),
        "id_number": make_id_number("350725", born, 77, "M"),
        "phone": "13712345678",
        "education": "senior",
        "home_village": county.village_a1.pk,
        "is_member": "on",
        "member_status": "probationary",
        "member_joined_on": "2009-07-01",
        "member_branch": county.village_a1.pk,
        "member_party_group": county.group_a1.pk,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_creates_a_person_with_membership(client, personas, county):
    client.force_login(personas.township_admin_a)
    response = client.post(reverse("people:person_create"), _person_post(county))
    assert response.status_code == 302
    person = Person.objects.get(name="陈新人")
    assert person.membership.status == "probationary"
    assert person.membership.party_group == county.group_a1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "350725198002290771"}, "身份证号校验位不正确"),
        ({"birth_date": "1980-03-01"}, "出生日期与身份证号不一致"),
        ({"sex": "F"}, "性别与身份证号不一致"),
        ({"phone": "12345"}, "电话号码“12345”无效"),
        ({"member_joined_on": "1990-01-01"}, "入党时应年满18岁"),
        ({"member_joined_on": ""}, "党员必须填写此项"),
    ],
)
def test_bad_person_input_is_refused_and_nothing_is_written(client, personas, county, overrides, message):
    client.force_login(personas.township_admin_a)
    before = (Person.objects.count(), PartyMembership.objects.count())
    response = client.post(reverse("people:person_create"), _person_post(county, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Person.objects.count(), PartyMembership.objects.count()) == before


def test_person_form_offers_only_villages_in_write_scope(client, personas, county):
    client.force_login(personas.township_admin_a)
    response = client.post(reverse("people:person_create"), _person_post(county, home_village=county.village_b1.pk))
    assert response.status_code == 200
    assert not Person.objects.filter(name="陈新人").exists()


def test_member_cannot_add_people(client, personas, county):
    client.force_login(personas.member)
    assert client.get(reverse("people:person_create")).status_code == 404
    assert client.post(reverse("people:person_create"), _person_post(county)).status_code == 404
    assert not Person.objects.filter(name="陈新人").exists()


def test_admin_edits_a_person(client, personas):
    person = personas.member_person
    client.force_login(personas.township_admin_a)
    url = reverse("people:person_edit", args=[person.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="李改名", is_member="on")
    data["member_joined_on"] = person.membership.joined_on.isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    before = (person.birth_date, person.id_number, person.phone)
    person.refresh_from_db()
    assert person.name == "李改名"
    # The township admin may not see the ID number, phone and birth date: left empty, they are kept.
    assert (person.birth_date, person.id_number, person.phone) == before


def test_edit_outside_write_scope_is_404(client, personas):
    client.force_login(personas.village_admin_b)
    url = reverse("people:person_edit", args=[personas.member_person.pk])
    assert client.post(url, {"name": "x"}).status_code == 404


# -- query counts ---------------------------------------------------------------------


def _add_members(county, n: int) -> None:
    for _ in range(n):
        p = f.member(county.village_a2, phone="13600001111")
        services.household_set(head=p, village=county.village_a2, size=2, cause="other", status="in_difficulty")


@pytest.mark.parametrize("url_name", ["people:person_list", "people:member_list", "people:household_list"])
@pytest.mark.parametrize("persona", ["county_admin", "township_admin_a"])
def test_list_query_count_does_not_grow_with_rows(client, personas, county, url_name, persona):
    client.force_login(getattr(personas, persona))
    _add_members(county, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _add_members(county, 30)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_unit_filter_offers_only_units_in_scope(client, personas, county):
    client.force_login(personas.township_admin_a)
    form = client.get(reverse("people:person_list")).context["form"]
    codes = {code for code, _label in form.fields["org"].choices if code}
    assert codes == {county.township_a.code, county.village_a1.code, county.village_a2.code}


def test_unit_filter_outside_scope_is_ignored_not_obeyed(client, personas, county, b1_person):
    client.force_login(personas.township_admin_a)
    page = client.get(reverse("people:person_list"), {"org": county.village_b1.code}).content.decode()
    assert "王东平" not in page


def test_member_list_filters_by_party_group_and_status(client, personas, county, b1_person):
    other = f.member(county.village_a1, name="无组党员")
    services.membership_set(
        person=other, status="probationary", joined_on=dt.date(2009, 7, 1), branch=county.village_a1
    )
    client.force_login(personas.county_admin)
    url = reverse("people:member_list")
    page = client.get(url, {"org": county.village_a1.code, "party_group": county.group_a1.code}).content.decode()
    assert "李党员" in page
    assert "无组党员" not in page
    rows = _rows(client.get(url, {"status": "probationary", "format": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["无组党员"]
