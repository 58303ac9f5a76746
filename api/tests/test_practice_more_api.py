"""Commitments, volunteer hours and household aid in the API: the pages' services after the pages' checks, so the
same rows, the same refusals (stable code, translated message), nothing written on a refusal, the pages' scope."""

import datetime as dt
import re

import pytest
from django.test import override_settings

from people import services as people_services
from people.models import HouseholdCause, HouseholdStatus
from practice import services
from practice.models import AidVisit, Commitment, CommitmentRating, CommitmentReport, HouseholdAid, VolunteerEntry
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20"):
        yield


def _english_refusal(response, http: int, code: str, english: str = "") -> None:
    assert response.status_code == http, response.content
    body = response.json()
    assert body["code"] == code
    if english:  # a message naming people: their names stay Chinese
        assert english in body["message"], body["message"]
    else:
        assert body["message"] and not CHINESE.search(body["message"]), body["message"]


def test_commitments_made_reported_rated_as_on_the_page(api_as, county, personas, django_assert_max_num_queries):
    member, branch = api_as("member"), api_as("township_admin_a")
    late = member.post_json(
        "/api/v1/commitments/", {"text": "修路", "deadline": "2010-01-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    _english_refusal(late, 400, "deadline_before_promise")
    assert not Commitment.objects.exists()
    made = member.post_json("/api/v1/commitments/", {"text": "帮助三户茶农", "deadline": "2010-12-31"})
    assert made.status_code == 201, made.content
    c = Commitment.objects.get()
    assert made.json() | {"reports": [], "ratings": []} == {
        "id": c.pk,
        "village": county.village_a1.code,
        "member": personas.member_person.pk,
        "member_name": "李党员",
        "year": 2010,
        "text": c.text,
        "deadline": "2010-12-31",
        "public": True,
        "promised_on": "2010-12-20",
        "reported": False,
        "kept": False,
        "reports": [],
        "ratings": [],
    }
    assert c.village == county.village_a1 and c.promised_on == dt.date(2010, 12, 20)
    # The branch sees it; another township's village admin does not; only a member makes one.
    assert branch.get(f"/api/v1/commitments/{c.pk}/").status_code == 200
    outsider = api_as("village_admin_b")
    assert outsider.get(f"/api/v1/commitments/{c.pk}/").status_code == 404
    assert outsider.get("/api/v1/commitments/").json()["count"] == 0
    assert outsider.post_json(f"/api/v1/commitments/{c.pk}/ratings/", {}).status_code == 404
    assert branch.post_json("/api/v1/commitments/", {"text": "x", "deadline": "2010-12-31"}).status_code == 403

    reports = f"/api/v1/commitments/{c.pk}/reports/"
    future = member.post_json(reports, {"date": "2011-01-05", "text": "完成"}, HTTP_ACCEPT_LANGUAGE="en")
    _english_refusal(future, 400, "in_future")
    assert branch.post_json(reports, {"date": "2010-12-20", "text": "完成"}).status_code == 403
    assert not CommitmentReport.objects.exists()
    done = member.post_json(reports, {"date": "2010-12-20", "text": "已帮助三户", "done": True})
    assert done.status_code == 201 and CommitmentReport.objects.get().done

    ratings = f"/api/v1/commitments/{c.pk}/ratings/"
    body = {"rater_kind": "branch", "score": 5, "rated_on": "2010-12-20"}
    assert member.post_json(ratings, body).status_code == 403
    rated = branch.post_json(ratings, body)
    assert rated.status_code == 201 and CommitmentRating.objects.get().score == 5
    _english_refusal(branch.post_json(ratings, body, HTTP_ACCEPT_LANGUAGE="en"), 400, "already_rated")
    assert CommitmentRating.objects.count() == 1
    detail = branch.get(f"/api/v1/commitments/{c.pk}/").json()
    assert detail["kept"] is True and [r["rater_kind"] for r in detail["ratings"]] == ["branch"]

    for text in ("二", "三", "四"):
        services.commitment_make(member=personas.member_person, year=2010, text=text, deadline=dt.date(2010, 12, 31))
    with django_assert_max_num_queries(12):
        listed = branch.get("/api/v1/commitments/", {"year": 2010})
    assert listed.json()["count"] == Commitment.objects.filter(year=2010).count() == 4


def test_volunteer_hours_logged_and_decided_as_on_the_page(api_as, county, personas, django_assert_max_num_queries):
    member, branch = api_as("member"), api_as("township_admin_a")
    body = {"start": "2010-12-01T09:00:00+08:00", "end": "2010-12-01T11:30:00+08:00", "activity": "清扫村道"}
    ahead = {**body, "start": "2011-01-01T09:00:00+08:00", "end": "2011-01-01T10:00:00+08:00"}
    _english_refusal(member.post_json("/api/v1/volunteer/", ahead, HTTP_ACCEPT_LANGUAGE="en"), 400, "service_in_future")
    assert branch.post_json("/api/v1/volunteer/", body).status_code == 403
    assert not VolunteerEntry.objects.exists()
    logged = member.post_json("/api/v1/volunteer/", body)
    assert logged.status_code == 201, logged.content
    entry = VolunteerEntry.objects.get()
    assert logged.json()["id"] == entry.pk and logged.json()["hours"] == str(entry.hours) == "2.5"
    assert logged.json()["status"] == entry.status == "reported" and logged.json()["village"] == county.village_a1.code

    outsider = api_as("village_admin_b")
    assert outsider.post_json(f"/api/v1/volunteer/{entry.pk}/confirm/").status_code == 404
    assert member.post_json(f"/api/v1/volunteer/{entry.pk}/confirm/").status_code == 404  # as the page: the branch's
    confirmed = branch.post_json(f"/api/v1/volunteer/{entry.pk}/confirm/", {"note": "属实"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    again = branch.post_json(f"/api/v1/volunteer/{entry.pk}/confirm/", HTTP_ACCEPT_LANGUAGE="en")
    _english_refusal(again, 409, "already_decided")
    back = branch.post_json(f"/api/v1/volunteer/{entry.pk}/reject/", HTTP_ACCEPT_LANGUAGE="en")
    _english_refusal(back, 409, "already_decided")
    entry.refresh_from_db()
    assert entry.status == "confirmed" and entry.events.count() == 2

    for day in (2, 3, 4):
        services.volunteer_log(
            member=personas.member_person,
            start=dt.datetime(2010, 12, day, 9, tzinfo=dt.UTC),
            end=dt.datetime(2010, 12, day, 10, tzinfo=dt.UTC),
            activity="值守",
        )
    with django_assert_max_num_queries(12):
        listed = branch.get("/api/v1/volunteer/", {"status": "reported"})
    assert listed.json()["count"] == VolunteerEntry.objects.filter(status="reported").count() == 3
    assert outsider.get("/api/v1/volunteer/").json()["count"] == 0


def _household(village, name: str = "困难户主"):
    return people_services.household_set(
        head=f.person(village, name=name), village=village, size=3, cause=HouseholdCause.ILLNESS,
        status=HouseholdStatus.IN_DIFFICULTY,
    )  # fmt: skip


def test_household_aid_paired_and_visited_as_on_the_page(api_as, county, personas, django_assert_max_num_queries):
    member, branch = api_as("member"), api_as("township_admin_a")
    household = _household(county.village_a1)
    body = {"member": personas.member_person.pk, "household": household.pk, "start": "2010-03-01", "measures": "技术"}
    assert member.post_json("/api/v1/aids/", body).status_code == 403
    far = branch.post_json("/api/v1/aids/", {**body, "member": f.member(county.village_b1).pk})
    assert far.status_code == 400 and far.json()["code"] == "member_not_offered"
    made = branch.post_json("/api/v1/aids/", body)
    assert made.status_code == 201, made.content
    aid = HouseholdAid.objects.get()
    assert made.json() == {
        "id": aid.pk,
        "village": county.village_a1.code,
        "member": personas.member_person.pk,
        "member_name": "李党员",
        "household": household.pk,
        "household_head": "困难户主",
        "household_village": county.village_a1.code,
        "start": "2010-03-01",
        "end": None,
        "measures": aid.measures,
        "visit_count": 0,
        "visits": [],
    }
    assert "phone" not in made.content.decode() and "13800001234" not in made.content.decode()
    _english_refusal(
        branch.post_json("/api/v1/aids/", body, HTTP_ACCEPT_LANGUAGE="en"), 400, "already_aided", " is already helping "
    )
    assert HouseholdAid.objects.count() == 1

    outsider = api_as("village_admin_b")
    assert outsider.get(f"/api/v1/aids/{aid.pk}/").status_code == 404
    assert outsider.post_json(f"/api/v1/aids/{aid.pk}/visits/", {"date": "2010-12-01"}).status_code == 404
    visits = f"/api/v1/aids/{aid.pk}/visits/"
    _english_refusal(member.post_json(visits, {"date": "2010-12-25"}, HTTP_ACCEPT_LANGUAGE="en"), 400, "in_future")
    assert not AidVisit.objects.exists()
    visited = member.post_json(visits, {"date": "2010-12-01", "note": "送药"})
    assert visited.status_code == 201 and AidVisit.objects.get().note == "送药"
    assert branch.post_json(visits, {"date": "2010-12-02"}).status_code == 201
    assert branch.get(f"/api/v1/aids/{aid.pk}/").json()["visit_count"] == 2

    for name in ("二户主", "三户主"):
        services.household_aid_start(
            member=personas.member_person, household=_household(county.village_a2, name), start=dt.date(2010, 5, 1)
        )
    with django_assert_max_num_queries(12):
        listed = branch.get("/api/v1/aids/")
    assert listed.json()["count"] == HouseholdAid.objects.count() == 3
    assert [r["visit_count"] for r in listed.json()["results"]] == [2, 0, 0]
