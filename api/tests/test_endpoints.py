"""The endpoints ask the same Scope and the same services as the pages: scope, masking, refusals, queries."""

import pytest

from evaluation import services as evaluation
from evaluation.models import Status
from evaluation.tests.conftest import make_period, make_small_standard, walk
from people.models import Person
from security.models import Kind, SecurityEvent
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(county, personas):
    standard, _big, _small = make_small_standard(county.county)
    period = make_period(county.county)
    return {
        v: evaluation.assessment_start(period=period, standard=standard, organization=getattr(county, v))
        for v in ("village_a1", "village_a2", "village_b1")
    }


def test_organizations_are_those_of_the_callers_subtree(api_as, county):
    codes = [o["code"] for o in api_as("township_admin_a").get("/api/v1/organizations/").json()["results"]]
    assert county.village_a1.code in codes and county.township_a.code in codes
    assert county.village_b1.code not in codes and county.county.code not in codes
    api = api_as("township_admin_a")
    assert api.get(f"/api/v1/organizations/{county.village_a1.code}/").status_code == 200
    response = api.get(f"/api/v1/organizations/{county.village_b1.code}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_county_admin_sees_id_numbers_in_full_and_the_read_is_logged(api_as, personas):
    person = personas.member_person
    body = api_as("county_admin").get(f"/api/v1/people/{person.pk}/").json()
    assert body["masked"] is False and body["phone"] == "13800001234"
    event = SecurityEvent.objects.filter(kind=Kind.UNMASKED_VIEWED).latest("seq")
    assert event.detail["person_ids"] == [person.pk] and event.username == "county_admin"


def test_a_township_admin_gets_the_pages_mask(api_as, personas):
    person = personas.member_person
    body = api_as("township_admin_a").get(f"/api/v1/people/{person.pk}/").json()
    assert body["masked"] is True
    assert body["phone"] == "138****1234"
    assert body["birth_date"] == f"{person.birth_date.year}年"
    assert person.id_number not in str(body)
    assert not SecurityEvent.objects.filter(kind=Kind.UNMASKED_VIEWED).exists()


def test_people_outside_scope_are_404(api_as, personas):
    person = personas.member_person  # of village A1, township A
    assert api_as("village_admin_b").get(f"/api/v1/people/{person.pk}/").status_code == 404
    listed = api_as("village_admin_b").get("/api/v1/people/").json()["results"]
    assert person.pk not in [p["id"] for p in listed]


def test_pushing_a_person_calls_the_service_and_its_refusals_come_back_with_their_codes(api_as, county):
    api = api_as("township_admin_a")
    ok = {"name": "王五", "sex": "M", "birth_date": "1980-05-01", "home_village": county.village_a1.code}
    response = api.post_json("/api/v1/people/", ok)
    assert response.status_code == 201, response.content
    assert Person.objects.filter(name="王五", home_village=county.village_a1).count() == 1

    # The model's own refusal (a future birth date), in English when asked in English; nothing written.
    bad = {**ok, "name": "赵六", "birth_date": "2999-01-01"}
    response = api.post_json("/api/v1/people/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert "birth_date" in body["fields"] and body["code"] == body["fields"]["birth_date"][0]["code"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert not Person.objects.filter(name="赵六").exists()

    # A village of another township: out of scope, as if missing.
    response = api.post_json("/api/v1/people/", {**ok, "name": "钱七", "home_village": county.village_b1.code})
    assert response.status_code == 404
    assert not Person.objects.filter(name="钱七").exists()


def test_a_membership_is_pushed_through_the_service(api_as, county):
    person = f.person(county.village_a1, name="孙八")
    api = api_as("township_admin_a")
    body = {"status": "full", "joined_on": "2005-07-01", "branch": county.village_a1.code}
    response = api.put_json(f"/api/v1/people/{person.pk}/membership/", body)
    assert response.status_code == 200, response.content
    assert response.json()["branch"] == county.village_a1.code
    members = api.get("/api/v1/memberships/", {"q": "孙八"}).json()["results"]
    assert [m["person"] for m in members] == [person.pk]


def test_the_assessment_workflow_through_the_api_with_the_pages_refusals(api_as, cycle, personas):
    a1 = cycle["village_a1"]
    county_admin, township = api_as("county_admin"), api_as("township_admin_a")
    # Approving before the township review: the service's refusal, a conflict of state.
    response = county_admin.post_json(f"/api/v1/assessments/{a1.pk}/approve/")
    assert response.status_code == 409 and response.json()["code"] == "out_of_order"
    # The township may not approve at all: 403, as the page's button is absent.
    assert township.post_json(f"/api/v1/assessments/{a1.pk}/approve/").status_code == 403
    # Another township's village: 404.
    b1 = cycle["village_b1"]
    assert township.post_json(f"/api/v1/assessments/{b1.pk}/review/").status_code == 404
    walk(a1, ("50", "30"), until="review")
    response = township.post_json(f"/api/v1/assessments/{a1.pk}/review/", {"comment": "好"})
    assert response.status_code == 200 and response.json()["status"] == Status.APPROVAL
    response = county_admin.post_json(f"/api/v1/assessments/{a1.pk}/approve/")
    assert response.status_code == 200 and response.json()["status"] == Status.APPROVED
    response = county_admin.post_json(f"/api/v1/assessments/{a1.pk}/approve/")
    assert response.status_code == 409 and response.json()["code"] == "approved"


def test_submitting_an_incomplete_self_assessment_is_refused(api_as, cycle, county):
    f.user("village_a1", "village_admin", organization=county.village_a1)
    from django.contrib.auth import get_user_model

    from api.tests.conftest import TokenClient
    from api.tokens import token_create

    _t, secret = token_create(user=get_user_model().objects.get(username="village_a1"), name="t", writable=True)
    response = TokenClient(secret).post_json(f"/api/v1/assessments/{cycle['village_a1'].pk}/submit/")
    assert response.status_code == 400 and response.json()["code"] == "incomplete"


def test_lists_filter_and_order(api_as, cycle):
    api = api_as("county_admin")
    walk(cycle["village_a1"], ("50", "30"), until="review")
    rows = api.get("/api/v1/assessments/", {"status": Status.REVIEW}).json()["results"]
    assert [r["id"] for r in rows] == [cycle["village_a1"].pk]
    ordered = api.get("/api/v1/assessments/", {"ordering": "-organization"}).json()["results"]
    assert [r["organization"] for r in ordered] == sorted((r["organization"] for r in ordered), reverse=True)


@pytest.mark.parametrize(
    "url", ["/api/v1/people/", "/api/v1/memberships/", "/api/v1/assessments/", "/api/v1/organizations/"]
)
def test_list_queries_do_not_grow_with_rows(api_as, county, cycle, url, django_assert_max_num_queries):
    api = api_as("county_admin")
    for i in range(3):
        f.member(county.village_a1, name=f"党员{i}")
    with django_assert_max_num_queries(12):
        small = api.get(url)
    for i in range(30):
        f.member(county.village_a2, name=f"新党员{i}")
    for n, village in enumerate((county.village_a1, county.village_b1)):
        f.village(village.parent, str(301 + n), f"新村{n}")  # three digits: pks grow across PostgreSQL tests
    with django_assert_max_num_queries(12):
        big = api.get(url)
    assert small.status_code == big.status_code == 200
    assert big.json()["count"] >= small.json()["count"]


def test_a_nul_character_in_the_query_is_refused_not_a_server_error(api_as, county):
    response = api_as("township_admin_a").get("/api/v1/people/", {"q": "李\x00"})
    assert response.status_code == 400 and response.json()["code"] == "nul_character"


def test_a_path_under_api_that_names_no_endpoint_is_a_json_404(api_as, county):
    response = api_as("township_admin_a").get("/api/v1/people/-1/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_post_to_a_path_that_names_no_endpoint_is_a_json_404_too(api_as, county):
    response = api_as("township_admin_a").post_json("/api/v1/contact-points/-1/reviews/", {})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
