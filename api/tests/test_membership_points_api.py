"""Recruitment, transfers and points through the API: the pages' services, their refusals, the pages' scope."""

import datetime as dt

import pytest
from django.test import override_settings

from branch_life import services as branch_life
from membership.models import StepEvent, Transfer
from membership.tests.walk import walk
from people.models import PartyMembership
from points import services as points
from points.models import Fact, PointEntry, StockItem
from service_platform import services as platform
from service_platform.models import FacilityKind
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20"):
        yield


def test_a_recruitment_step_is_recorded_in_order_only(api_as, county):
    recruit = walk(county.village_a1, county.group_a1, until="talk")
    api = api_as("township_admin_a")
    file = api.get(f"/api/v1/recruits/{recruit.pk}/").json()
    assert file["latest"] == 2 and file["next_steps"] == ["activist"]
    assert [e["step"] for e in file["events"]] == ["apply", "talk"]
    # Step 7 before step 3: the service's refusal, a conflict of state; nothing recorded.
    skipped = api.post_json(
        f"/api/v1/recruits/{recruit.pk}/steps/", {"step": "candidate", "on": "2010-06-01", "basis": "支部会议"}
    )
    assert skipped.status_code == 409 and skipped.json()["code"] == "step_out_of_order"
    no_basis = api.post_json(
        f"/api/v1/recruits/{recruit.pk}/steps/", {"step": "activist", "on": "2008-06-01", "basis": ""}
    )
    assert no_basis.status_code == 400 and no_basis.json()["fields"]["basis"][0]["code"] == "basis_required"
    earlier = api.post_json(
        f"/api/v1/recruits/{recruit.pk}/steps/", {"step": "activist", "on": "2008-03-02", "basis": "支部会议"}
    )
    assert earlier.status_code == 400 and earlier.json()["code"] == "step_before_previous"
    assert StepEvent.objects.filter(recruit=recruit).count() == 2
    done = api.post_json(
        f"/api/v1/recruits/{recruit.pk}/steps/", {"step": "activist", "on": "2008-06-01", "basis": "支部会议"}
    )
    assert done.status_code == 201, done.content
    assert done.json()["latest"] == 3 and done.json()["next_steps"] == ["activist_filed"]
    assert [r["id"] for r in api.get("/api/v1/recruits/", {"stage": "open"}).json()["results"]] == [recruit.pk]
    # Another township's admin: 404; a member of the branch sees nothing of the file.
    assert api_as("village_admin_b").get(f"/api/v1/recruits/{recruit.pk}/").status_code == 404
    body = {"step": "activist_filed", "on": "2008-06-10", "basis": "备案"}
    assert api_as("village_admin_b").post_json(f"/api/v1/recruits/{recruit.pk}/steps/", body).status_code == 404
    assert StepEvent.objects.filter(recruit=recruit).count() == 3


def test_contacts_must_be_full_members_of_the_county(api_as, county):
    recruit = walk(county.village_a1, county.group_a1, until="activist_filed")
    outsider = f.person(county.village_a1, name="非党员")
    full = f.member(county.village_a1, county.group_a1, name="正式党员")
    body = {"step": "contacts", "on": "2008-06-15", "basis": "支委会", "first_person": full.pk}
    body["second_person"] = outsider.pk
    refused = api_as("township_admin_a").post_json(f"/api/v1/recruits/{recruit.pk}/steps/", body)
    assert refused.status_code == 400 and refused.json()["fields"]["second_person"][0]["code"] == "not_full_members"
    assert not StepEvent.objects.filter(recruit=recruit, step="contacts").exists()


def test_a_transfer_is_issued_and_received_once(api_as, county):
    person = f.member(county.village_a1, county.group_a1, name="转出党员")
    letter = {
        "person": person.pk,
        "to_branch": county.village_b1.code,
        "reach": "county",
        "on": "2010-06-01",
        "letter_number": "政组转2010-001",
        "dues_paid_to": "2010-05-31",
    }
    # The receiving township may not issue it: the member is not of a branch it keeps.
    assert api_as("village_admin_b").post_json("/api/v1/transfers/", letter).status_code == 404
    same = api_as("township_admin_a").post_json("/api/v1/transfers/", {**letter, "to_branch": county.village_a1.code})
    assert same.status_code == 400 and same.json()["code"] == "same_branch"
    issued = api_as("township_admin_a").post_json("/api/v1/transfers/", letter)
    assert issued.status_code == 201, issued.content
    pk = issued.json()["id"]
    assert issued.json()["from_branch"] == county.village_a1.code and issued.json()["received_on"] is None
    assert PartyMembership.objects.get(person=person).branch == county.village_b1
    # The sending side sees the letter but records no receipt: the receiving branch does.
    township_a = api_as("township_admin_a")
    assert township_a.get(f"/api/v1/transfers/{pk}/").status_code == 200
    receipt = {"received_on": "2010-06-05", "receipt_by": "东平村支书", "party_group": county.group_b1.code}
    assert township_a.post_json(f"/api/v1/transfers/{pk}/receipt/", receipt).status_code == 403
    receiver = api_as("village_admin_b")
    early = receiver.post_json(f"/api/v1/transfers/{pk}/receipt/", {**receipt, "received_on": "2010-05-01"})
    assert early.status_code == 400 and early.json()["code"] == "receipt_before_letter"
    done = receiver.post_json(f"/api/v1/transfers/{pk}/receipt/", receipt)
    assert done.status_code == 200 and done.json()["received_on"] == "2010-06-05"
    assert PartyMembership.objects.get(person=person).party_group == county.group_b1
    twice = receiver.post_json(f"/api/v1/transfers/{pk}/receipt/", receipt)
    assert twice.status_code == 409 and twice.json()["code"] == "receipt_twice"
    assert [t["id"] for t in receiver.get("/api/v1/transfers/", {"direction": "in"}).json()["results"]] == [pk]
    assert Transfer.objects.count() == 1


@pytest.fixture
def shop(county, personas):
    points.rule_set(county=county.county, fact=Fact.MEETING, points=10, monthly_cap=None)
    for month in (1, 2, 3):
        branch_life.meeting_record(
            branch=county.village_a1,
            kind="theme_day",
            date=dt.date(2010, month, 5),
            topic="学习",
            attendance={personas.member_person.pk: "present"},
        )
    points.points_sync(county=county.county)
    market = platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET,
        name="念山爱心超市",
        organization=county.village_a1,
        opened_on=dt.date(2010, 1, 1),
    )
    points.stock_set(supermarket=market, name="大米", price=10, quantity=5)
    return market


def test_a_redemption_books_once_per_request_key(api_as, county, personas, shop):
    holder = personas.member_person
    item = StockItem.objects.get()
    township = api_as("township_admin_a")
    url = f"/api/v1/supermarkets/{shop.pk}/redemptions/"
    body = {"holder": holder.pk, "item": item.pk, "quantity": 2, "request_key": "erp-7f3a"}
    first = township.post_json(url, body)
    assert first.status_code == 201, first.content
    assert first.json()["points"] == -20 and first.json()["kind"] == "redeemed"
    # The same request again (a retry): refused, nothing more spent.
    again = township.post_json(url, body, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and again.json()["code"] == "duplicate_redemption"
    assert again.json()["message"] == "This redemption has already been booked: it cannot be booked twice."
    more = township.post_json(url, {**body, "request_key": "erp-7f3b"})
    assert more.status_code == 400 and more.json()["code"] == "beyond_balance"
    no_key = township.post_json(url, {**body, "request_key": ""})
    assert no_key.status_code == 400 and no_key.json()["code"] == "request_key_missing"
    stranger = f.member(county.village_b1, name="东平党员")
    outside = township.post_json(url, {**body, "holder": stranger.pk, "request_key": "erp-1"})
    assert outside.status_code == 400 and outside.json()["code"] == "holder_not_served"
    assert points.balance(holder) == 10 and StockItem.objects.get().quantity == 3
    assert PointEntry.objects.filter(kind="redeemed").count() == 1
    # Who may not run the shop: its member (404, as the page), another township (404 on everything).
    assert api_as("member").post_json(url, {**body, "request_key": "m-1"}).status_code == 404
    assert api_as("village_admin_b").get(f"/api/v1/supermarkets/{shop.pk}/").status_code == 404
    assert api_as("village_admin_b").post_json(url, {**body, "request_key": "b-1"}).status_code == 404
    assert [r["points"] for r in township.get(url).json()] == [-20]
    assert township.get(f"/api/v1/supermarkets/{shop.pk}/").json()["stock"] == [
        {"id": item.pk, "name": "大米", "price": 10, "quantity": 3}
    ]


def test_balances_and_entries_are_read_in_scope(api_as, county, personas, shop):
    holder = personas.member_person
    balances = api_as("township_admin_a").get("/api/v1/points/balances/").json()["results"]
    assert [(b["holder"], b["balance"], b["earned"]) for b in balances] == [(holder.pk, 30, 30)]
    assert api_as("village_admin_b").get("/api/v1/points/balances/").json()["count"] == 0
    assert api_as("member").get("/api/v1/points/balances/").status_code == 404  # the page sends them to their own
    mine = api_as("member").get("/api/v1/points/entries/").json()
    assert mine["count"] == 3 and {e["holder"] for e in mine["results"]} == {holder.pk}
    assert api_as("village_admin_b").get("/api/v1/points/entries/").json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/v1/recruits/", "/api/v1/transfers/", "/api/v1/points/balances/", "/api/v1/points/entries/"]
)
def test_membership_and_points_lists_do_not_grow_with_rows(api_as, county, url, django_assert_max_num_queries):
    api = api_as("county_admin")
    points.rule_set(county=county.county, fact=Fact.MEETING, points=1, monthly_cap=None)

    def add(n: int) -> None:
        for _i in range(n):
            walk(county.village_a1, county.group_a1, until="talk")
            person = f.member(county.village_a1, county.group_a1)
            branch_life.meeting_record(
                branch=county.village_a1,
                kind="theme_day",
                date=dt.date(2010, 5, 1),
                topic="学习",
                attendance={person.pk: "present"},
            )
            from membership import services as membership

            membership.transfer_issue(
                membership=person.membership,
                to_branch=county.village_a2,
                reach="county",
                on=dt.date(2010, 6, 1),
                letter_number="x",
                dues_paid_to=dt.date(2010, 5, 31),
            )
        points.points_sync(county=county.county)

    add(2)
    with django_assert_max_num_queries(14):
        small = api.get(url)
    add(10)
    with django_assert_max_num_queries(14):
        big = api.get(url)
    assert small.status_code == big.status_code == 200
    assert big.json()["count"] > small.json()["count"]
