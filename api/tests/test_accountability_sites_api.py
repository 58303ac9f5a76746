"""Withdrawing a decision step, accountability cases, demonstration sites and model members through the API: each
calls the page's service after the page's scope check, so the same result, the same refusal (code and English
message), nothing written on a refusal, and a record out of scope as if missing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from supervision.models import DemonstrationSite, ModelMember
from village_affairs.models import AccountabilityCase, CaseStatus, DecisionStep, RewardPenalty
from village_affairs.tests.helpers import appoint, full_decision
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20", VILLAGE_AFFAIRS={"required_from": dt.date(2010, 1, 1)}):
        yield


def test_only_the_last_unpublished_step_is_withdrawn(api_as, county):
    decision = full_decision(county.village_a1, upto=3)
    api = api_as("township_admin_a")
    url = f"/api/v1/decisions/{decision.pk}/steps/%d/withdraw/"
    early = api.post_json(url % 2, **EN)
    assert early.status_code == 400 and early.json()["code"] == "not_last_step"
    assert early.json()["message"] == "Only the last step can be undone."
    assert DecisionStep.objects.filter(decision=decision).count() == 3
    done = api.post_json(url % 3)
    assert done.status_code == 200, done.content
    assert [s["number"] for s in done.json()["steps"]] == [1, 2] and done.json()["next_step"] == 3
    assert list(DecisionStep.objects.filter(decision=decision).values_list("number", flat=True)) == [1, 2]
    assert api.post_json(url % 3).status_code == 404  # no such step any more
    assert api_as("village_admin_b").post_json(url % 2).status_code == 404
    assert DecisionStep.objects.filter(decision=decision).count() == 2


def test_a_published_step_is_not_withdrawn(api_as, county):
    decision = full_decision(county.village_a1, upto=6)
    refused = api_as("township_admin_a").post_json(f"/api/v1/decisions/{decision.pk}/steps/6/withdraw/", **EN)
    assert refused.status_code == 409 and refused.json()["code"] == "published_immutable"
    assert "公开" not in refused.json()["message"]
    assert DecisionStep.objects.filter(decision=decision).count() == 6


def _finding(county) -> dict[str, str]:
    """March 2010's finances of village A1 unpublished on 30 April: R-DISCLOSE's finding (as the page test's)."""
    appoint(county.village_a1, "village_secretary", "陈书记")
    appoint(county.village_a1, "township_cadre_in_charge", "郑包村")
    return {
        "village": county.village_a1.code,
        "rule": "R-DISCLOSE",
        "subject": "finance:2010-month-3",
        "on": "2010-04-30",
    }


def test_a_case_is_opened_from_the_recomputed_finding(api_as, county):
    body = _finding(county)
    assert api_as("village_admin_b").post_json("/api/v1/accountability-cases/", body).status_code == 404
    api = api_as("township_admin_a")
    gone = api.post_json("/api/v1/accountability-cases/", {**body, "subject": "finance:2010-month-13"}, **EN)
    assert gone.status_code == 400 and gone.json()["code"] == "finding_gone"
    assert gone.json()["message"] == "This problem no longer exists; no case can be opened."
    assert not AccountabilityCase.objects.exists()
    opened = api.post_json("/api/v1/accountability-cases/", body)
    assert opened.status_code == 201, opened.content
    case = AccountabilityCase.objects.get()
    got = opened.json()
    assert got["id"] == case.pk and got["village"] == county.village_a1.code and got["status"] == CaseStatus.OPEN
    assert got["finding_text"] == case.finding_text and got["finding_since"] == case.finding_since.isoformat()
    assert got["directly_responsible_name"] == "陈书记" == case.directly_responsible.name
    assert got["jointly_responsible_name"] == "郑包村" == case.jointly_responsible.name
    assert [e["kind"] for e in got["events"]] == ["opened"]
    again = api.post_json("/api/v1/accountability-cases/", body, **EN)
    assert again.status_code == 400 and again.json()["code"] == "case_exists"
    assert again.json()["message"] == "A case has already been opened for this problem."
    assert AccountabilityCase.objects.count() == 1


def test_a_case_is_decided_once_with_its_penalty(api_as, county):
    api = api_as("township_admin_a")
    pk = api.post_json("/api/v1/accountability-cases/", _finding(county)).json()["id"]
    url = f"/api/v1/accountability-cases/{pk}/decide/"
    assert api_as("village_admin_b").post_json(url, {"outcome": "none", "decision": "x"}).status_code == 404
    decided = api.post_json(url, {"outcome": "penalty", "decision": "通报批评", "date": "2010-05-10", "amount": "100"})
    assert decided.status_code == 200, decided.content
    record = RewardPenalty.objects.get()
    assert (record.person.name, record.kind, record.date, record.amount) == (
        "陈书记",
        "penalty",
        dt.date(2010, 5, 10),
        Decimal("100"),
    )
    got = decided.json()
    assert got["status"] == CaseStatus.DECIDED and got["outcome"] == "penalty" and got["decision"] == "通报批评"
    assert got["rewards_penalties"] == [
        {
            "id": record.pk,
            "person": record.person_id,
            "person_name": "陈书记",
            "kind": "penalty",
            "date": "2010-05-10",
            "reason": "通报批评",
            "amount": "100.00",
        }
    ]
    twice = api.post_json(url, {"outcome": "reward", "decision": "表扬"}, **EN)
    assert twice.status_code == 409 and twice.json()["code"] == "already_decided"
    assert twice.json()["message"] == "This case has already been decided."
    assert RewardPenalty.objects.count() == 1


def test_the_case_list_keeps_to_the_scope_in_constant_queries(api_as, county, django_assert_max_num_queries):
    api = api_as("township_admin_a")
    api.post_json("/api/v1/accountability-cases/", _finding(county))
    assert api.get("/api/v1/accountability-cases/").json()["count"] == 1
    assert api_as("village_admin_b").get("/api/v1/accountability-cases/").json()["count"] == 0
    pk = AccountabilityCase.objects.get().pk
    assert api_as("village_admin_b").get(f"/api/v1/accountability-cases/{pk}/").status_code == 404
    assert api.get(f"/api/v1/accountability-cases/{pk}/").json()["id"] == pk
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/accountability-cases/").json()["results"]) == 1


def test_a_demonstration_site_is_selected_by_the_county(api_as, county, django_assert_max_num_queries):
    body = {"organization": county.village_a1.code, "year": 2010, "reason": "党建引领产业发展"}
    assert api_as("township_admin_a").post_json("/api/v1/demonstration-sites/", body).status_code == 403
    api = api_as("county_admin")
    other = f.village(f.township(f.county("350722", "浦城县", "Pucheng County")), "201")
    assert api.post_json("/api/v1/demonstration-sites/", {**body, "organization": other.code}).status_code == 404
    made = api.post_json("/api/v1/demonstration-sites/", body)
    assert made.status_code == 201, made.content
    site = DemonstrationSite.objects.get()
    assert made.json() == {"id": site.pk, "organization": county.village_a1.code, "year": 2010, "reason": site.reason}
    assert site.reason == body["reason"]
    again = api.post_json("/api/v1/demonstration-sites/", body, **EN)
    assert again.status_code == 400 and again.json()["code"] == "already_demonstration_site"
    assert "2010" in again.json()["message"] and "示范点" not in again.json()["message"]
    assert DemonstrationSite.objects.count() == 1
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/demonstration-sites/").json()["count"] == 1


def test_a_model_member_is_named_by_the_county(api_as, county, personas, django_assert_max_num_queries):
    person = personas.member_person
    body = {"person": person.pk, "year": 2010, "deeds": "带头致富", "citation": "致富能手"}
    assert api_as("township_admin_a").post_json("/api/v1/model-members/", body).status_code == 403
    api = api_as("county_admin")
    outsider = f.person(county.village_a1, name="群众")
    assert api.post_json("/api/v1/model-members/", {**body, "person": outsider.pk}).status_code == 404
    made = api.post_json("/api/v1/model-members/", body)
    assert made.status_code == 201, made.content
    stored = ModelMember.objects.get()
    assert made.json() == {
        "id": stored.pk,
        "person": person.pk,
        "person_name": "李党员",
        "organization": county.village_a1.code,
        "year": 2010,
        "deeds": "带头致富",
        "citation": "致富能手",
    }
    assert "13800001234" not in made.content.decode()
    again = api.post_json("/api/v1/model-members/", body, **EN)
    assert again.status_code == 400 and again.json()["code"] == "already_model_member"
    assert "2010" in again.json()["message"] and "标兵" not in again.json()["message"]
    assert ModelMember.objects.count() == 1
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/model-members/").json()["count"] == 1
