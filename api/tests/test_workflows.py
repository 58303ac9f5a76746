"""A refusal per workflow through the API: the page's service refuses, the API answers 400/409 with its code."""

import datetime as dt

import pytest

from api.tests.conftest import TokenClient
from api.tokens import token_create
from common import clock
from practice import services as practice
from practice.models import ClaimStatus, PostClaim, PostKind
from supervision.models import Review
from supervision.tests.helpers import contact_point, leader, leader_user
from village_affairs.models import Disclosure, DisclosureStatus

pytestmark = pytest.mark.django_db


def _client(user) -> TokenClient:
    return TokenClient(token_create(user=user, name="t", writable=True)[1])


def test_a_disclosure_is_drafted_published_once_and_then_only_corrected(api_as, county):
    api = api_as("township_admin_a")
    draft = {"village": county.village_a1.code, "kind": "affairs", "year": 2010, "period_number": 3, "content": "事项"}
    response = api.post_json("/api/v1/disclosures/", draft)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    # The same period twice: the service's own refusal.
    again = api.post_json("/api/v1/disclosures/", draft)
    assert again.status_code == 400 and again.json()["code"]

    assert api.post_json(f"/api/v1/disclosures/{pk}/publish/").json()["status"] == DisclosureStatus.PUBLISHED
    twice = api.post_json(f"/api/v1/disclosures/{pk}/publish/")
    assert twice.status_code == 409 and twice.json()["code"] == "published_immutable"
    changed = api.put_json(f"/api/v1/disclosures/{pk}/", {"title": "改", "content": "改过"})
    assert changed.status_code == 409 and changed.json()["code"] == "published_immutable"
    assert Disclosure.objects.get(pk=pk).content == "事项"

    no_reason = api.post_json(f"/api/v1/disclosures/{pk}/correct/", {"content": "更正后", "reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["fields"]["reason"][0]["code"] == "reason_required"
    correction = api.post_json(f"/api/v1/disclosures/{pk}/correct/", {"content": "更正后", "reason": "笔误"})
    assert correction.status_code == 201 and correction.json()["corrects"] == pk


def test_a_disclosure_of_another_township_is_404_and_a_village_supervisor_only_reads(api_as, county, personas):
    api = api_as("village_admin_b")
    draft = {"village": county.village_a1.code, "kind": "affairs", "year": 2010, "period_number": 3}
    assert api.post_json("/api/v1/disclosures/", draft).status_code == 404
    assert not Disclosure.objects.exists()


def test_a_linked_leader_records_a_review_and_a_future_date_is_refused(county):
    person = leader(county.township_a, "挂点领导甲")
    point = contact_point(person, county.village_a1)
    api = _client(leader_user(person))
    future = (clock.today() + dt.timedelta(days=30)).isoformat()
    refused = api.post_json(
        f"/api/v1/contact-points/{point.pk}/reviews/", {"date": future, "findings": "好", "rating": "good"}
    )
    assert refused.status_code == 400 and refused.json()["fields"]["date"][0]["code"]
    assert not Review.objects.exists()
    ok = api.post_json(
        f"/api/v1/contact-points/{point.pk}/reviews/", {"date": "2010-06-01", "findings": "好", "rating": "good"}
    )
    assert ok.status_code == 201, ok.content
    assert [r["id"] for r in api.get(f"/api/v1/contact-points/{point.pk}/reviews/").json()] == [ok.json()["id"]]


def test_another_leaders_contact_point_is_404(county):
    mine, theirs = leader(county.township_a, "甲"), leader(county.township_a, "乙")
    point = contact_point(theirs, county.village_a1)
    api = _client(leader_user(mine))
    assert api.get(f"/api/v1/contact-points/{point.pk}/").status_code == 404
    body = {"date": "2010-06-01", "findings": "好", "rating": "good"}
    assert api.post_json(f"/api/v1/contact-points/{point.pk}/reviews/", body).status_code == 404


def test_a_member_claims_a_post_once_and_the_branch_assigns_it_once(api_as, county, personas):
    post = practice.post_announce(
        village=county.village_a1,
        kind=PostKind.SERVICE,
        title="政策宣传岗",
        duties="宣传",
        year=2010,
        announced_on=dt.date(2010, 3, 1),
    )
    member = api_as("member")
    claimed = member.post_json(f"/api/v1/posts/{post.pk}/claims/")
    assert claimed.status_code == 201, claimed.content
    again = member.post_json(f"/api/v1/posts/{post.pk}/claims/")
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    claim = claimed.json()["id"]
    # The member may not assign their own claim (the branch's records: 404, as on the page).
    assert member.post_json(f"/api/v1/claims/{claim}/assign/").status_code == 404
    township = api_as("township_admin_a")
    assert township.post_json(f"/api/v1/claims/{claim}/assign/").json()["status"] == ClaimStatus.ASSIGNED
    twice = township.post_json(f"/api/v1/claims/{claim}/assign/")
    assert twice.status_code == 409 and twice.json()["code"] == "not_applied"
    assert PostClaim.objects.get(pk=claim).status == ClaimStatus.ASSIGNED
    assert api_as("village_admin_b").post_json(f"/api/v1/claims/{claim}/decline/").status_code == 404


def test_a_decisions_steps_are_recorded_in_order_with_the_services_refusals(api_as, county):
    api = api_as("township_admin_a")
    made = api.post_json(
        "/api/v1/decisions/", {"village": county.village_a1.code, "title": "修路", "raised_by_name": "村党支部"}
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["next_step"] == 1
    empty = api.post_json(f"/api/v1/decisions/{pk}/steps/", {"date": "2010-03-01", "content": ""})
    assert empty.status_code == 400 and empty.json()["fields"]["content"][0]["code"] == "content_required"
    meeting = {"due": 7, "present": 7, "votes_for": 7}
    first = api.post_json(
        f"/api/v1/decisions/{pk}/steps/", {"date": "2010-03-01", "content": "支部提议修路", **meeting}
    )
    assert first.status_code == 201 and first.json()["next_step"] == 2
    # A meeting without its attendance and votes: refused, and no step 2 recorded.
    second = api.post_json(f"/api/v1/decisions/{pk}/steps/", {"date": "2010-03-05", "content": "两委商议"})
    assert second.status_code == 400 and second.json()["code"] == "attendance_required"
    assert [s["number"] for s in api.get(f"/api/v1/decisions/{pk}/").json()["steps"]] == [1]
    assert api_as("village_admin_b").get(f"/api/v1/decisions/{pk}/").status_code == 404
