import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from organizations import services as org_services
from people import services
from people.models import Household, Person
from xianfeng.tests import factories as f


def _url(app: str, model: str, pk: int) -> str:
    return reverse("history", args=[app, model, pk])


def test_history_shows_who_when_and_what_changed(client, county, personas):
    client.force_login(personas.county_admin)
    client.post(reverse("organizations:edit", args=[county.village_a1.code]), {"name": "念山新村", "name_en": ""})
    page = client.get(_url("organizations", "organization", county.village_a1.pk)).content.decode()
    assert "county_admin" in page
    assert "念山村" in page
    assert "念山新村" in page
    assert "新建" in page
    assert "修改" in page


@pytest.mark.parametrize(
    ("persona", "village", "status"),
    [
        ("county_admin", "village_b1", 200),
        ("township_admin_a", "village_a1", 200),
        ("township_admin_a", "village_b1", 404),
        ("village_admin_b", "village_b1", 200),
        ("village_admin_b", "village_a2", 404),
        ("member", "village_a1", 404),
    ],
)
def test_organization_history_is_404_outside_scope(client, county, personas, persona, village, status):
    client.force_login(getattr(personas, persona))
    org = getattr(county, village)
    assert client.get(_url("organizations", "organization", org.pk)).status_code == status


def test_history_anonymous_goes_to_login(client, county):
    response = client.get(_url("organizations", "organization", county.village_a1.pk))
    assert response.status_code == 302


def test_history_of_unknown_model_is_404(client, personas):
    client.force_login(personas.county_admin)
    assert client.get(_url("auth", "user", personas.county_admin.pk)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("county_admin", 200), ("township_admin_a", 200), ("village_admin_b", 404), ("member", 200)],
)
def test_person_membership_and_household_history_follow_scope(client, county, personas, persona, status):
    person = personas.member_person
    household = services.household_set(
        head=person, village=county.village_a1, size=3, cause="illness", status="in_difficulty"
    )
    client.force_login(getattr(personas, persona))
    assert client.get(_url("people", "person", person.pk)).status_code == status
    # The member sees their own person record; branch and household records belong to the admins.
    admin_status = 404 if persona == "member" else status
    assert client.get(_url("people", "partymembership", person.membership.pk)).status_code == admin_status
    assert client.get(_url("people", "household", household.pk)).status_code == admin_status


def test_person_history_masks_phone_for_township_admin(client, personas):
    person = personas.member_person
    services.person_update(person=person, phone="13911112222")
    client.force_login(personas.township_admin_a)
    page = client.get(_url("people", "person", person.pk)).content.decode()
    assert "13911112222" not in page
    assert "139****2222" in page
    client.force_login(personas.county_admin)
    assert "13911112222" in client.get(_url("people", "person", person.pk)).content.decode()


def test_deleted_record_history_follows_its_last_scope(client, county, personas):
    person = f.person(county.village_b1, name="已删除")
    pk = person.pk
    Person.objects.filter(pk=pk).delete()
    client.force_login(personas.village_admin_b)
    page = client.get(_url("people", "person", pk)).content.decode()
    assert "删除" in page
    client.force_login(personas.township_admin_a)
    assert client.get(_url("people", "person", pk)).status_code == 404


def test_role_history_is_for_county_admins_only(client, personas):
    assignment = RoleAssignment.objects.get(user=personas.township_admin_a)
    client.force_login(personas.county_admin)
    assert client.get(_url("accounts", "roleassignment", assignment.pk)).status_code == 200
    client.force_login(personas.township_admin_a)
    assert client.get(_url("accounts", "roleassignment", assignment.pk)).status_code == 404


def test_outside_unit_history_follows_home(client, county, personas):
    unit = org_services.outside_unit_create(home=county.township_b, kind="organ", name="东平镇机关")
    client.force_login(personas.township_admin_a)
    assert client.get(_url("organizations", "outsideunit", unit.pk)).status_code == 404
    client.force_login(personas.county_admin)
    assert client.get(_url("organizations", "outsideunit", unit.pk)).status_code == 200


def test_history_query_count_does_not_grow_with_changes(client, county, personas, django_assert_max_num_queries):
    household = services.household_set(
        head=personas.member_person, village=county.village_a1, size=1, cause="illness", status="in_difficulty"
    )
    client.force_login(personas.county_admin)
    for size in range(2, 30):
        services.household_set(
            head=personas.member_person, village=county.village_a1, size=size, cause="illness", status="improving"
        )
    with django_assert_max_num_queries(12):
        response = client.get(_url("people", "household", household.pk))
    assert response.status_code == 200
    assert Household.history.filter(id=household.pk).count() == 29
