"""The page actions that came to the API late: opening a recruitment file, members away, dues rates and arrears
reasons, shelving stock and reversing a redemption, a county's settings. Each calls the page's service: the
same result, the same refusal (code and translated message), nothing written on a refusal, the pages' scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from branch_life import services as branch_life
from branch_life.models import ArrearsReason, DuesRange, DuesRate, MeetingCadence, MeetingKind
from branch_life.rules import cadence_of
from membership.models import Away, Recruit, RecruitmentRules
from people.models import PartyMembership
from points import services as points
from points.models import Fact, PointEntry, PointRule, StockItem
from service_platform import services as platform
from service_platform.models import FacilityKind
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY="2010-12-20"):
        yield


# -- opening a recruitment file ----------------------------------------------------------


def test_a_recruitment_file_is_opened_as_on_the_page(api_as, county, personas):
    applicant = f.person(county.village_a1, name="申请人", born=dt.date(1990, 3, 1))
    api = api_as("township_admin_a")
    body = {"person": applicant.pk, "branch": county.village_a1.code, "applied_on": "2010-03-01", "basis": "入党申请书"}
    too_young = api.post_json("/api/v1/recruits/", {**body, "applied_on": "2008-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert too_young.status_code == 400 and too_young.json()["code"] == "applicant_under_18"
    assert "18" in too_young.json()["message"] and "岁" not in too_young.json()["message"]
    assert not Recruit.objects.exists()
    opened = api.post_json("/api/v1/recruits/", body)
    assert opened.status_code == 201, opened.content
    assert opened.json()["latest"] == 1 and [e["step"] for e in opened.json()["events"]] == ["apply"]
    again = api.post_json("/api/v1/recruits/", body)
    assert again.status_code == 409 and again.json()["code"] == "recruit_open"
    assert Recruit.objects.count() == 1
    # Another township's village: as if missing; a member may not open files at all.
    other = {**body, "person": f.person(county.village_b1).pk, "branch": county.village_b1.code}
    assert api.post_json("/api/v1/recruits/", other).status_code == 404
    assert api_as("member").post_json("/api/v1/recruits/", body).status_code == 403
    assert Recruit.objects.count() == 1


# -- members away ------------------------------------------------------------------------


def test_a_member_away_is_recorded_lost_and_back_as_on_the_page(api_as, county, personas):
    api = api_as("township_admin_a")
    member = f.member(county.village_a1, name="外出党员", phone="13900002222")
    body = {"person": member.pk, "since": "2010-03-01", "place": "厦门", "receiving_org": county.village_a2.code}
    half = api.post_json("/api/v1/aways/", {**body, "certificate_number": "FJ-001"}, HTTP_ACCEPT_LANGUAGE="en")
    assert half.status_code == 400 and half.json()["code"] == "certificate_incomplete"
    assert "活动证" not in half.json()["message"]
    assert not Away.objects.exists()
    made = api.post_json("/api/v1/aways/", body)
    assert made.status_code == 201, made.content
    away = made.json()
    assert away["receiving_org"] == county.village_a2.code and away["lost_since"] is None
    assert api.post_json("/api/v1/aways/", body).json()["code"] == "away_twice"
    act = f"/api/v1/aways/{away['id']}/actions/"
    lost = api.post_json(act, {"action": "lose", "on": "2010-06-01"})
    assert lost.status_code == 200 and lost.json()["lost_since"] == "2010-06-01"
    twice = api.post_json(act, {"action": "lose", "on": "2010-07-01"})
    assert twice.status_code == 409 and twice.json()["code"] == "lost_twice"
    early = api.post_json(act, {"action": "return", "on": "2010-02-01"})
    assert early.status_code == 400 and early.json()["code"] == "return_before_leaving"
    back = api.post_json(act, {"action": "return", "on": "2010-08-01"})
    assert back.status_code == 200 and back.json()["returned_on"] == "2010-08-01"
    assert api.get("/api/v1/aways/", {"state": "returned"}).json()["count"] == 1
    assert api.get("/api/v1/aways/").json()["count"] == 0  # current: not returned
    # Another township's admin: the record is as if missing, to read and to write.
    other = api_as("village_admin_b")
    assert other.get(f"/api/v1/aways/{away['id']}/").status_code == 404
    assert other.post_json(act, {"action": "regain", "on": "2010-09-01"}).status_code == 404
    assert other.get("/api/v1/aways/", {"state": "all"}).json()["count"] == 0


def test_an_away_contact_is_masked_where_the_person_is(api_as, county, personas):
    member = f.member(county.village_a1, name="外出党员", phone="13900002222")
    api = api_as("county_admin")
    body = {"person": member.pk, "since": "2010-03-01", "place": "厦门", "receiving": "厦门市某党委"}
    body["contact"] = "13900002222"
    assert api.post_json("/api/v1/aways/", body).status_code == 201
    person = api.get(f"/api/v1/people/{member.pk}/").json()
    shown = api.get("/api/v1/aways/").json()["results"][0]["contact"]
    # The contact shows as the person's phone shows to the same caller: both full, or both masked.
    assert (shown == "13900002222") == ("13900002222" in str(person))
    assert shown.endswith("2222")


def test_the_list_of_members_away_is_a_constant_number_of_queries(
    api_as, county, personas, django_assert_max_num_queries
):
    for n in range(6):
        member = f.member(county.village_a1 if n % 2 else county.village_a2, name=f"外出{n}", phone=f"1390000{n:04d}")
        api_as("county_admin").post_json(
            "/api/v1/aways/",
            {"person": member.pk, "since": "2010-03-01", "place": "厦门", "receiving": "某党委", "contact": ""},
        )
    api = api_as("county_admin")
    with django_assert_max_num_queries(14):
        assert api.get("/api/v1/aways/").json()["count"] == 6


# -- dues rates and arrears reasons ------------------------------------------------------------


def test_dues_rates_and_arrears_reasons_as_on_the_dues_pages(api_as, county, personas, django_assert_max_num_queries):
    li = personas.member_person
    api = api_as("township_admin_a")
    high = api.post_json("/api/v1/dues-rates/", {"member": li.pk, "since": "2010-01-15", "base": "100000", "rate": "3"})
    assert high.status_code == 400 and high.json()["code"] == "dues_out_of_range" and not DuesRate.objects.exists()
    set_ = api.post_json("/api/v1/dues-rates/", {"member": li.pk, "since": "2010-01-15", "base": "100", "rate": "0.5"})
    assert set_.status_code == 201, set_.content
    assert set_.json()["since"] == "2010-01-01" and Decimal(set_.json()["monthly"]) == Decimal("0.50")
    backwards = {"member": li.pk, "start": "2010-06-01", "end": "2010-03-01", "reason": "外出务工"}
    refused = api.post_json("/api/v1/arrears-reasons/", backwards, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and refused.json()["code"] == "end_before_start"
    assert "月份" not in refused.json()["message"]
    no_reason = api.post_json("/api/v1/arrears-reasons/", {"member": li.pk, "start": "2010-06-01", "reason": " "})
    assert no_reason.json()["code"] == "reason_required" and not ArrearsReason.objects.exists()
    made = api.post_json("/api/v1/arrears-reasons/", {"member": li.pk, "start": "2010-06-09", "reason": "住院"})
    assert made.status_code == 201 and made.json()["start"] == "2010-06-01" and made.json()["end"] is None
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/dues-rates/", {"member": li.pk}).json()["count"] == 1
        assert api.get("/api/v1/arrears-reasons/").json()["count"] == 1
    # A village admin of another township neither sees nor writes them.
    other = api_as("village_admin_b")
    assert other.get("/api/v1/arrears-reasons/").json()["count"] == 0
    body = {"member": li.pk, "since": "2010-02-01", "base": "1000", "rate": "1"}
    assert other.post_json("/api/v1/dues-rates/", body).status_code == 404
    assert DuesRate.objects.count() == 1


# -- love supermarkets: stock and reversals -------------------------------------------------------


def _supermarket(county):
    return platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET,
        name="念山爱心超市",
        organization=county.village_a1,
        opened_on=dt.date(2010, 1, 1),
    )


def test_stock_is_shelved_and_a_redemption_reversed_as_on_the_page(api_as, county, personas):
    shop = _supermarket(county)
    li = personas.member_person
    api = api_as("township_admin_a")
    free = api.post_json(f"/api/v1/supermarkets/{shop.pk}/stock/", {"name": "大米", "price": 0, "quantity": 5})
    assert free.status_code == 400 and free.json()["code"] == "price_not_positive"
    assert not StockItem.objects.exists()
    shelved = api.post_json(f"/api/v1/supermarkets/{shop.pk}/stock/", {"name": "大米", "price": 4, "quantity": 5})
    assert shelved.status_code == 200 and shelved.json()["quantity"] == 5, shelved.content
    assert (
        api_as("village_admin_b")
        .post_json(f"/api/v1/supermarkets/{shop.pk}/stock/", {"name": "油", "price": 4, "quantity": 5})
        .status_code
        == 404
    )
    points.rule_set(county=county.county, fact=Fact.MEETING, points=10, monthly_cap=None)
    branch_life.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2010, 12, 1),
        topic="主题党日",
        attendance={li.pk: "present"},
    )
    points.points_sync(county=county.county)
    assert points.balance(li) == 10
    item = StockItem.objects.get()
    entry = points.redeem(item=item, holder=li, quantity=2, request_key="k1")
    url = f"/api/v1/supermarkets/{shop.pk}/redemptions/{entry.pk}/reverse/"
    no_note = api.post_json(url, {"note": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert no_note.status_code == 400 and no_note.json()["code"] == "reversal_reason_missing"
    reversed_ = api.post_json(url, {"note": "登记错了"})
    assert reversed_.status_code == 201 and reversed_.json()["points"] == 8, reversed_.content
    assert points.balance(li) == 10 and StockItem.objects.get().quantity == 5
    assert api.post_json(url, {"note": "再冲"}).json()["code"] == "already_reversed"
    assert api_as("village_admin_b").post_json(url, {"note": "x"}).status_code == 404
    assert PointEntry.objects.filter(reverses=entry).count() == 1


# -- a county's settings --------------------------------------------------------------------------


def test_a_countys_settings_are_read_and_changed_together(api_as, county, personas):
    url = f"/api/v1/counties/{county.county.code}/settings/"
    api = api_as("county_admin")
    before = api.get(url).json()
    assert before["cadence"] == cadence_of(county.county.code)
    assert {r["fact"] for r in before["points"]} == set(Fact.values)
    assert before["recruitment"]["probation_months"] == RecruitmentRules(county=county.county).probation_months
    # A refusal in one section leaves every section as it was (one transaction).
    bad = api.patch(
        url,
        {"cadence": {"theme_day": 3}, "dues_range": {"minimum": "5", "maximum": "1"}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400, bad.content
    assert not MeetingCadence.objects.exists() and not DuesRange.objects.exists()
    rules = api.patch(url, {"recruitment": {"extension_min_months": 13}}, content_type="application/json")
    assert rules.status_code == 400 and rules.json()["code"] == "extension_range"
    good = api.patch(
        url,
        {
            "cadence": {"theme_day": 3},
            "dues_range": {"minimum": "0.5", "maximum": "30"},
            "points": [{"fact": Fact.MEETING, "points": 2, "monthly_cap": None}],
            "recruitment": {"probation_months": 12},
        },
        content_type="application/json",
    )
    assert good.status_code == 200, good.content
    after = good.json()
    assert after["cadence"]["theme_day"] == 3 and after["dues_range"] == {"minimum": "0.50", "maximum": "30.00"}
    assert PointRule.objects.get(county=county.county, fact=Fact.MEETING).points == 2
    assert RecruitmentRules.objects.get(county=county.county).probation_months == 12
    # Without CONFIGURE on the county: as if missing; a read-only token may not write.
    assert (
        api_as("township_admin_a")
        .patch(url, {"cadence": {"theme_day": 1}}, content_type="application/json")
        .status_code
        == 404
    )  # noqa: E501
    assert api_as("county_admin", writable=False).patch(url, {}, content_type="application/json").status_code == 403
    assert MeetingCadence.objects.get().months == 3


# -- a member from outside the county, the end of a membership ----------------------------------


def test_a_transfer_in_from_outside_and_the_end_of_a_membership(api_as, county, personas):
    newcomer = f.person(county.village_a1, name="转入丙")
    api = api_as("township_admin_a")
    body = {
        "person": newcomer.pk,
        "to_branch": county.village_a1.code,
        "party_group": county.group_a1.code,
        "status": "probationary",
        "joined_on": "2010-05-01",
        "outside": "浙江省庆元县某村党支部",
        "reach": "county",
        "on": "2010-11-10",
        "letter_number": "浙组转2010-78",
        "dues_paid_to": "2010-10-31",
    }
    inside = api.post_json("/api/v1/transfers/from-outside/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert inside.status_code == 400 and inside.json()["code"] == "reach_not_outside"
    assert not PartyMembership.objects.filter(person=newcomer).exists()
    made = api.post_json("/api/v1/transfers/from-outside/", {**body, "reach": "province"})
    assert made.status_code == 201, made.content
    assert made.json()["from_branch"] is None and made.json()["valid_until"] == "2011-02-10"
    assert PartyMembership.objects.get(person=newcomer).status == "probationary"
    assert (
        api_as("village_admin_b")
        .post_json("/api/v1/transfers/from-outside/", {**body, "person": f.person(county.village_a1).pk})
        .status_code
        == 404
    )
    url = f"/api/v1/memberships/{newcomer.pk}/end/"
    before = api.post_json(url, {"on": "2010-01-01", "reason": "died"})
    assert before.status_code == 400 and before.json()["code"] == "end_before_joining"
    assert api_as("village_admin_b").post_json(url, {"on": "2010-12-01", "reason": "died"}).status_code == 404
    ended = api.post_json(url, {"on": "2010-12-01", "reason": "other"})
    assert ended.status_code == 201 and ended.json() == {"person": newcomer.pk, "on": "2010-12-01", "reason": "other"}
    twice = api.post_json(url, {"on": "2010-12-02", "reason": "died"})
    assert twice.status_code == 409 and twice.json()["code"] == "membership_ended"
