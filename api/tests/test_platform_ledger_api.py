"""The service platform, the village ledger and comments through the API: the pages' services, refusals and scope."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from api.tests.conftest import TokenClient
from api.tokens import token_create
from organizations.models import Organization
from service_platform import services as platform
from service_platform.models import Facility, LoanEvent, MicroLoan, SupportedProject
from village_affairs import services as affairs
from village_affairs.models import Feedback, LedgerEntry, ReviewComment
from village_affairs.tests.helpers import full_decision, publish_month
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20"):
        yield


@pytest.fixture
def elsewhere(db):
    """A village of another county: never in the home county's lists."""
    county = f.county(code="360797", name="外县", name_en="Elsewhere County")
    return f.village(f.township(county, "100", "外镇"), "201", "外村")


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# -- facilities and projects ------------------------------------------------------------


def test_a_facility_is_registered_listed_and_changed_through_the_service(api_as, county, elsewhere):
    api = api_as("township_admin_a")
    body = {"kind": "service_centre", "name": "熊山镇党员服务中心", "organization": county.township_a.code}
    body["opened_on"] = "2010-03-01"
    created = api.post_json("/api/v1/facilities/", body)
    assert created.status_code == 201, created.content
    stored = Facility.objects.get(pk=created.json()["id"])
    assert (stored.kind, stored.name, stored.organization, stored.status) == (
        "service_centre",
        "熊山镇党员服务中心",
        county.township_a,
        "open",
    )
    # A second open centre in the township: the service's refusal, in English on asking; nothing written.
    second = api.post_json("/api/v1/facilities/", {**body, "name": "第二中心"}, **ENGLISH)
    assert second.status_code == 400 and second.json()["code"] == "second_centre"
    assert "already has a party-member service centre" in second.json()["message"]
    at_a_village = api.post_json("/api/v1/facilities/", {**body, "organization": county.village_a1.code})
    assert at_a_village.json()["fields"]["organization"][0]["code"] == "not_a_township"
    assert Facility.objects.count() == 1
    other = platform.facility_create(
        kind="love_supermarket", name="外村超市", organization=elsewhere, opened_on=dt.date(2010, 1, 1)
    )
    assert _ids(api.get("/api/v1/facilities/", {"kind": "service_centre"})) == [stored.pk]
    assert other.pk not in _ids(api_as("county_admin").get("/api/v1/facilities/"))
    assert api.get(f"/api/v1/facilities/{other.pk}/").status_code == 404
    # Closed without a date: the model's refusal through the service; with one, changed.
    change = {"name": "服务中心", "opened_on": "2010-03-01", "status": "closed"}
    assert api.put_json(f"/api/v1/facilities/{stored.pk}/", change).json()["code"] == "closed_on_required"
    changed = api.put_json(f"/api/v1/facilities/{stored.pk}/", {**change, "closed_on": "2010-11-30"})
    assert changed.status_code == 200 and changed.json()["status"] == "closed"
    # Another township's village admin: 404 for the detail and the change, 404 creating in township A.
    b = api_as("village_admin_b")
    assert b.get(f"/api/v1/facilities/{stored.pk}/").status_code == 404
    assert b.put_json(f"/api/v1/facilities/{stored.pk}/", change).status_code == 404
    assert b.post_json("/api/v1/facilities/", {**body, "name": "乙"}).status_code == 404
    assert Facility.objects.get(pk=stored.pk).name == "服务中心"


def test_a_project_is_registered_with_its_amount_and_lead_checked(api_as, county, personas):
    api = api_as("township_admin_a")
    body = {"name": "茶叶基地", "organization": county.village_a1.code, "industry": "茶叶", "start": "2010-02-01"}
    created = api.post_json(
        "/api/v1/supported-projects/", {**body, "amount": "12,000.50", "responsible": personas.member_person.pk}
    )
    assert created.status_code == 201, created.content
    stored = SupportedProject.objects.get(pk=created.json()["id"])
    assert stored.amount == Decimal("12000.50") and stored.responsible == personas.member_person
    assert created.json()["amount"] == "12000.50" and created.json()["responsible_name"] == "李党员"
    refused = api.post_json("/api/v1/supported-projects/", {**body, "amount": "1e5"}, **ENGLISH)
    assert refused.status_code == 400 and refused.json()["fields"]["amount"][0]["code"]
    outsider = f.member(county.village_b1, name="东平党员")
    lead = api.post_json("/api/v1/supported-projects/", {**body, "responsible": outsider.pk}, **ENGLISH)
    assert lead.json()["fields"]["responsible"][0] == {
        "code": "person_out_of_scope",
        "message": "This member is not within your jurisdiction.",
    }
    ended = api.post_json("/api/v1/supported-projects/", {**body, "status": "completed"})
    assert ended.json()["fields"]["end"][0]["code"] == "end_required"
    assert SupportedProject.objects.count() == 1
    assert _ids(api.get("/api/v1/supported-projects/", {"year": "2010"})) == [stored.pk]
    assert api_as("village_admin_b").get(f"/api/v1/supported-projects/{stored.pk}/").status_code == 404
    assert _ids(api_as("village_admin_b").get("/api/v1/supported-projects/")) == []


# -- micro-loans ----------------------------------------------------------------------------


def test_a_loan_is_applied_for_approved_and_repaid_in_order(api_as, county, personas):
    api = api_as("township_admin_a")
    body = {"applicant": personas.member_person.pk, "purpose": "business", "amount": "50000"}
    body |= {"lender": "农村信用社", "applied_on": "2010-04-01"}
    too_much = api.post_json("/api/v1/loans/", {**body, "amount": "600000"}, **ENGLISH)
    assert too_much.status_code == 400 and too_much.json()["fields"]["amount"][0]["code"] == "amount_too_large"
    non_member = f.person(county.village_a1, name="群众甲")
    refused = api.post_json("/api/v1/loans/", {**body, "applicant": non_member.pk})
    assert refused.json()["fields"]["applicant"][0]["code"] == "not_a_member"
    assert not MicroLoan.objects.exists()
    created = api.post_json("/api/v1/loans/", body)
    assert created.status_code == 201, created.content
    loan = MicroLoan.objects.get(pk=created.json()["id"])
    assert (loan.village, loan.amount, loan.status) == (county.village_a1, Decimal("50000.00"), "applied")
    assert created.json()["allowed_steps"] == ["approved", "refused"]
    # Repaid before approval: the service's refusal of a step out of order (a conflict), in English.
    early = api.post_json(f"/api/v1/loans/{loan.pk}/repaid/", {"date": "2010-05-01"}, **ENGLISH)
    assert early.status_code == 409 and early.json()["code"] == "step_out_of_order"
    before = api.post_json(f"/api/v1/loans/{loan.pk}/approve/", {"date": "2010-03-01"})
    assert before.json()["fields"]["date"][0]["code"] == "before_previous_step"
    approved = api.post_json(f"/api/v1/loans/{loan.pk}/approve/", {"date": "2010-04-10", "note": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert [e["step"] for e in approved.json()["events"]] == ["applied", "approved"]
    again = api.post_json(f"/api/v1/loans/{loan.pk}/refuse/", {"date": "2010-04-11", "reason": "重复"})
    assert again.status_code == 409 and again.json()["code"] == "step_out_of_order"
    repaid = api.post_json(f"/api/v1/loans/{loan.pk}/repaid/", {"date": "2010-11-01"})
    assert repaid.json()["status"] == "repaid" and repaid.json()["allowed_steps"] == []
    assert list(LoanEvent.objects.filter(loan=loan).values_list("step", flat=True)) == ["applied", "approved", "repaid"]
    assert _ids(api.get("/api/v1/loans/", {"status": "repaid"})) == [loan.pk]
    assert "id_number" not in created.json() and "phone" not in str(created.json())


def test_a_refusal_needs_a_reason_and_a_village_admin_neither_approves_nor_sees_others(api_as, county, personas):
    loan = platform.loan_apply(
        applicant=personas.member_person,
        purpose="business",
        amount="1000",
        lender="信用社",
        applied_on=dt.date(2010, 4, 1),
    )
    api = api_as("township_admin_a")
    no_reason = api.post_json(f"/api/v1/loans/{loan.pk}/refuse/", {"date": "2010-04-02", "reason": " "}, **ENGLISH)
    assert no_reason.status_code == 400 and no_reason.json()["fields"]["reason"][0]["code"] == "reason_required"
    assert MicroLoan.objects.get(pk=loan.pk).status == "applied"
    b = api_as("village_admin_b")
    assert b.get(f"/api/v1/loans/{loan.pk}/").status_code == 404
    assert b.post_json(f"/api/v1/loans/{loan.pk}/approve/", {"date": "2010-04-02"}).status_code == 404
    assert _ids(b.get("/api/v1/loans/")) == []
    # In its own village, a village admin still may not approve (the township's step): 404, as on the page.
    own = f.member(county.village_b1, county.group_b1, name="东平党员")
    theirs = platform.loan_apply(
        applicant=own, purpose="employment", amount="800", lender="信用社", applied_on=dt.date(2010, 4, 1)
    )
    assert b.get(f"/api/v1/loans/{theirs.pk}/").json()["allowed_steps"] == []
    assert b.post_json(f"/api/v1/loans/{theirs.pk}/approve/", {"date": "2010-04-02"}).status_code == 404
    assert (
        b.post_json(
            "/api/v1/loans/",
            {"applicant": personas.member_person.pk, "purpose": "business"}
            | {"amount": "10", "lender": "社", "applied_on": "2010-04-01"},
        ).json()["code"]
        == "person_out_of_scope"
    )
    assert MicroLoan.objects.filter(status="applied").count() == 2


# -- the ledger ----------------------------------------------------------------------------------


ENTRY = {"date": "2010-11-03", "direction": "income", "category": "subsidy_income", "amount": "1,200.50"}
ENTRY |= {"voucher": "201011-1", "description": "转移支付"}
BOOKED: dict[str, Any] = {**ENTRY, "date": dt.date(2010, 11, 3)}  # the same entry, as the service takes it


def test_an_entry_is_booked_changed_reversed_and_deleted_through_the_service(api_as, county, elsewhere):
    api = api_as("township_admin_a")
    created = api.post_json("/api/v1/ledger-entries/", {**ENTRY, "village": county.village_a1.code})
    assert created.status_code == 201, created.content
    entry = LedgerEntry.objects.get(pk=created.json()["id"])
    assert (entry.village, entry.amount, entry.voucher) == (county.village_a1, Decimal("1200.50"), "201011-1")
    assert created.json()["amount"] == "1200.50"
    zero = api.post_json("/api/v1/ledger-entries/", {**ENTRY, "village": county.village_a1.code, "amount": "0"})
    assert zero.status_code == 400 and zero.json()["fields"]["amount"][0]["code"] == "amount_not_positive"
    assert LedgerEntry.objects.count() == 1
    changed = api.put_json(f"/api/v1/ledger-entries/{entry.pk}/", {**ENTRY, "amount": "1300"})
    assert changed.status_code == 200 and changed.json()["amount"] == "1300.00"
    no_reason = api.post_json(f"/api/v1/ledger-entries/{entry.pk}/reverse/", {"date": "2010-11-05", "reason": ""})
    assert no_reason.json()["fields"]["reason"][0]["code"] == "reason_required"
    reversal = api.post_json(f"/api/v1/ledger-entries/{entry.pk}/reverse/", {"date": "2010-11-05", "reason": "错账"})
    assert reversal.status_code == 201 and reversal.json()["corrects"] == entry.pk
    assert api.get(f"/api/v1/ledger-entries/{entry.pk}/").json()["reversed_by"] == reversal.json()["id"]
    twice = api.post_json(f"/api/v1/ledger-entries/{entry.pk}/reverse/", {"date": "2010-11-06", "reason": "再"})
    assert twice.status_code == 409 and twice.json()["code"] == "already_reversed"
    kept = api.delete(f"/api/v1/ledger-entries/{entry.pk}/")
    assert kept.status_code == 400 and kept.json()["code"] == "reversed_not_deletable"
    assert api.delete(f"/api/v1/ledger-entries/{reversal.json()['id']}/").status_code == 204
    assert api.delete(f"/api/v1/ledger-entries/{entry.pk}/").status_code == 204
    assert not LedgerEntry.objects.exists()
    # Out of scope: another township's admin gets 404 booking in, reading or changing village A1's ledger.
    mine = affairs.ledger_entry_create(village=county.village_a1, **{**BOOKED, "amount": "5"})
    b = api_as("village_admin_b")
    assert b.post_json("/api/v1/ledger-entries/", {**ENTRY, "village": county.village_a1.code}).status_code == 404
    assert b.get(f"/api/v1/ledger-entries/{mine.pk}/").status_code == 404
    assert b.delete(f"/api/v1/ledger-entries/{mine.pk}/").status_code == 404
    theirs = affairs.ledger_entry_create(village=elsewhere, **{**BOOKED, "amount": "7"})
    assert _ids(api_as("county_admin").get("/api/v1/ledger-entries/")) == [mine.pk]
    assert theirs.pk not in _ids(b.get("/api/v1/ledger-entries/"))


def test_a_published_month_refuses_change_and_the_statement_says_so(api_as, county):
    publish_month(county.village_a1, 2010, 10)
    api = api_as("township_admin_a")
    booked = LedgerEntry.objects.filter(village=county.village_a1).order_by("date").first()
    assert booked is not None
    into = api.post_json(
        "/api/v1/ledger-entries/", {**ENTRY, "village": county.village_a1.code, "date": "2010-10-20"}, **ENGLISH
    )
    assert into.status_code == 409 and into.json()["code"] == "month_published"
    changed = api.put_json(f"/api/v1/ledger-entries/{booked.pk}/", {**ENTRY, "date": "2010-10-03"}, **ENGLISH)
    assert changed.status_code == 409 and changed.json()["code"] == "published_immutable"
    assert changed.json()["message"].startswith("Entries of a published month")
    assert api.delete(f"/api/v1/ledger-entries/{booked.pk}/").json()["code"] == "published_immutable"
    back = api.post_json(f"/api/v1/ledger-entries/{booked.pk}/reverse/", {"date": "2010-10-30", "reason": "错"})
    assert back.status_code == 409 and back.json()["code"] == "month_published"
    assert LedgerEntry.objects.filter(village=county.village_a1).count() == 2
    assert LedgerEntry.objects.get(pk=booked.pk).amount == Decimal("10000.00")
    statement = api.get(f"/api/v1/villages/{county.village_a1.code}/ledger/2010/10/").json()
    assert statement["frozen"] is True and statement["published_at"]
    assert (statement["opening"], statement["income_total"], statement["expense_total"]) == (
        "0.00",
        "10000.00",
        "1234.50",
    )
    assert statement["closing"] == "8765.50" and len(statement["entries"]) == 2
    november = api.get(f"/api/v1/villages/{county.village_a1.code}/ledger/2010/11/").json()
    assert november["opening"] == "8765.50" and november["frozen"] is False and november["published_at"] is None
    assert api.get(f"/api/v1/villages/{county.village_a1.code}/ledger/2010/13/").status_code == 404
    b = api_as("village_admin_b")
    assert b.get(f"/api/v1/villages/{county.village_a1.code}/ledger/2010/10/").status_code == 404


# -- comments and feedback ----------------------------------------------------------------------


def test_a_review_comment_is_added_by_a_commenter_in_scope_only(api_as, county, personas):
    decision = full_decision(county.village_a1, upto=2)
    disclosure = affairs.disclosure_create(village=county.village_a1, kind="affairs", year=2010, period_number=3)
    supervisor = f.user("supervisor_a1", "village_supervisor", organization=county.village_a1)
    api = TokenClient(token_create(user=supervisor, name="t", writable=True)[1])
    empty = api.post_json(f"/api/v1/decisions/{decision.pk}/comments/", {"text": "  "}, **ENGLISH)
    assert empty.status_code == 400 and empty.json()["fields"]["text"][0]["code"] == "text_required"
    assert not ReviewComment.objects.exists()
    made = api.post_json(f"/api/v1/decisions/{decision.pk}/comments/", {"text": "表决人数不足？"})
    assert made.status_code == 201, made.content
    stored = ReviewComment.objects.get(pk=made.json()["id"])
    assert (stored.village, stored.decision, stored.text, stored.author) == (
        county.village_a1,
        decision,
        "表决人数不足？",
        supervisor,
    )
    on_disclosure = api.post_json(f"/api/v1/disclosures/{disclosure.pk}/comments/", {"text": "请补充附件"})
    assert on_disclosure.json()["disclosure"] == disclosure.pk
    assert [c["id"] for c in api.get(f"/api/v1/decisions/{decision.pk}/comments/").json()] == [stored.pk]
    b = api_as("village_admin_b")
    assert b.get(f"/api/v1/decisions/{decision.pk}/comments/").status_code == 404
    assert b.post_json(f"/api/v1/disclosures/{disclosure.pk}/comments/", {"text": "乙"}).status_code == 404
    # A member sees nothing of the village's affairs to comment on.
    assert api_as("member").post_json(f"/api/v1/decisions/{decision.pk}/comments/", {"text": "甲"}).status_code in (
        403,
        404,
    )
    assert ReviewComment.objects.count() == 2


def test_feedback_is_listed_and_answered_once_by_the_village_keepers(api_as, county, elsewhere):
    mine = affairs.feedback_submit(target=county.village_a1, text="路灯坏了", client_address="10.0.0.1")
    theirs = affairs.feedback_submit(target=elsewhere, text="外县意见", client_address="10.0.0.2")
    api = api_as("township_admin_a")
    rows = api.get("/api/v1/feedback/", {"answered": "false"}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk] and "client_hash" not in rows[0]
    assert theirs.pk not in _ids(api_as("county_admin").get("/api/v1/feedback/"))
    assert api.get(f"/api/v1/feedback/{theirs.pk}/").status_code == 404
    empty = api.post_json(f"/api/v1/feedback/{mine.pk}/answer/", {"answer": ""}, **ENGLISH)
    assert empty.status_code == 400 and empty.json()["fields"]["answer"][0]["code"] == "answer_required"
    assert Feedback.objects.get(pk=mine.pk).answered_at is None
    b = api_as("village_admin_b")
    assert b.post_json(f"/api/v1/feedback/{mine.pk}/answer/", {"answer": "乙"}).status_code == 404
    answered = api.post_json(f"/api/v1/feedback/{mine.pk}/answer/", {"answer": "已修好"})
    assert answered.status_code == 200 and answered.json()["answer"] == "已修好"
    assert Feedback.objects.get(pk=mine.pk).answered_at is not None
    twice = api.post_json(f"/api/v1/feedback/{mine.pk}/answer/", {"answer": "再答"})
    assert twice.status_code == 409 and twice.json()["code"] == "already_answered"
    assert Feedback.objects.get(pk=mine.pk).answer == "已修好"
    assert _ids(api.get("/api/v1/feedback/", {"answered": "true"})) == [mine.pk]


# -- query counts ----------------------------------------------------------------------------------


def _rows(county, personas, n: int) -> None:
    for i in range(n):
        suffix = 300 + Organization.objects.filter(parent=county.township_a).count()
        village = f.village(county.township_a, str(suffix), f"新村{suffix}")
        platform.facility_create(
            kind="mobile_station", name=f"站{i}", organization=village, opened_on=dt.date(2010, 1, 1)
        )
        person = f.member(village, name=f"贷款党员{i}")
        platform.loan_apply(
            applicant=person, purpose="business", amount="100", lender="社", applied_on=dt.date(2010, 3, 1)
        )
        platform.supported_project_create(
            name=f"项目{i}", organization=village, industry="茶", start=dt.date(2010, 1, 1), responsible=person
        )
        first = affairs.ledger_entry_create(village=village, **BOOKED)
        affairs.ledger_entry_reverse(entry=first, date=dt.date(2010, 11, 4), reason="错")
        affairs.feedback_submit(target=village, text=f"意见{i}", client_address=f"10.0.1.{i}")
        decision = affairs.decision_create(village=village, title=f"事项{i}", raised_by_name="村党支部")
        affairs.review_comment_add(village=village, text="意见", user=personas.county_admin, decision=decision)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/facilities/", "/api/v1/supported-projects/", "/api/v1/loans/", "/api/v1/ledger-entries/"]
    + ["/api/v1/feedback/"],
)
def test_list_queries_do_not_grow_with_rows(api_as, county, personas, url, django_assert_max_num_queries):
    api = api_as("county_admin")
    _rows(county, personas, 2)
    with django_assert_max_num_queries(10):
        small = api.get(url)
    _rows(county, personas, 8)
    with django_assert_max_num_queries(10):
        big = api.get(url)
    assert big.json()["count"] > small.json()["count"] > 0


def test_the_statement_and_comments_read_in_constant_queries(api_as, county, personas, django_assert_max_num_queries):
    api = api_as("county_admin")
    _rows(county, personas, 1)
    village = LedgerEntry.objects.order_by("pk").first().village  # type: ignore[union-attr]
    decision = ReviewComment.objects.order_by("pk").first().decision  # type: ignore[union-attr]
    for i in range(8):
        affairs.ledger_entry_create(village=village, **{**BOOKED, "voucher": f"v{i}"})
        affairs.review_comment_add(village=village, text=f"意见{i}", user=personas.county_admin, decision=decision)
    with django_assert_max_num_queries(10):
        statement = api.get(f"/api/v1/villages/{village.code}/ledger/2010/11/")
    assert len(statement.json()["entries"]) == 10
    with django_assert_max_num_queries(10):
        comments = api.get(f"/api/v1/decisions/{decision.pk}/comments/")  # type: ignore[union-attr]
    assert len(comments.json()) == 9
