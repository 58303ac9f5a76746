"""Points derive from records by the county's rules, move by reversals, and are spent once at love supermarkets."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from branch_life import services as branch_life
from branch_life.models import Attendance, MeetingKind
from common.figures import compute_figures
from organizations.models import Organization
from points import services
from points.models import EntryKind, Fact, PointEntry, StockItem
from practice import services as practice
from practice.models import VolunteerEntry, VolunteerStatus
from xianfeng.tests import factories as f

from .conftest import YEAR


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _volunteer(person, day: dt.date, *, confirm: bool = True) -> VolunteerEntry:
    entry = practice.volunteer_log(member=person, start=_at(day, 9), end=_at(day, 11), activity="清扫村道")
    return practice.volunteer_confirm(entry=entry) if confirm else entry


def _rules(county, volunteer=(5, 10), meeting=(2, None), commitment=(20, None)):
    for fact, (points, cap) in {Fact.VOLUNTEER: volunteer, Fact.MEETING: meeting, Fact.COMMITMENT: commitment}.items():
        services.rule_set(county=county.county, fact=fact, points=points, monthly_cap=cap)


def _balance(person) -> int:
    return services.balance(person)


@pytest.fixture
def earned(county, personas):
    """李党员: three confirmed volunteer services in March (cap 10 → 5 + 5 + 0), one reported only, a meeting
    attended, a commitment kept by its deadline; 王党员 absent from the meeting."""
    li = personas.member_person
    _rules(county)
    for day in (3, 10, 17):
        _volunteer(li, dt.date(YEAR, 3, day))
    _volunteer(li, dt.date(YEAR, 4, 2), confirm=False)
    branch_life.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(YEAR, 5, 5),
        topic="学习",
        attendance={li.pk: "present"},
    )
    c = practice.commitment_make(
        member=li, year=YEAR, text="帮扶困难户", deadline=dt.date(YEAR, 9, 30), promised_on=dt.date(YEAR, 2, 1)
    )
    practice.commitment_report(commitment=c, date=dt.date(YEAR, 9, 1), text="已完成", done=True)
    return li


def test_points_derive_from_records_capped_per_month_and_idempotent(county, earned):
    booked, reversed_ = services.points_sync(county=county.county)
    assert (booked, reversed_) == (4, 0)  # 2 volunteer (third over the cap), meeting, commitment
    assert _balance(earned) == 5 + 5 + 2 + 20
    assert services.points_sync(county=county.county) == (0, 0)
    assert PointEntry.objects.count() == 4
    by_fact = {f: sum(PointEntry.objects.filter(fact=f).values_list("points", flat=True)) for f in Fact.values}
    assert by_fact == {Fact.VOLUNTEER: 10, Fact.MEETING: 2, Fact.COMMITMENT: 20, Fact.VISIT: 0, Fact.POST_RATED: 0}


def test_points_reverse_when_a_record_changes_and_never_edit(county, earned):
    services.points_sync(county=county.county)
    first = PointEntry.objects.filter(fact=Fact.VOLUNTEER).order_by("date").first()
    # A correction takes the first volunteer service back: its points are reversed, the third one now fits the cap.
    VolunteerEntry.objects.filter(pk=int(first.fact_key.split(":")[1])).update(status=VolunteerStatus.REJECTED)
    assert services.points_sync(county=county.county) == (1, 1)
    assert _balance(earned) == 32
    first.refresh_from_db()
    assert first.points == 5 and first.reversed_by.points == -5 and first.reversed_by.kind == EntryKind.REVERSAL
    # The attendance becomes an absence: its 2 points go back.
    Attendance.objects.update(status="absent")
    assert services.points_sync(county=county.county) == (0, 1)
    assert _balance(earned) == 30
    # The county raises the meeting's points and lowers the commitment's: reversed and booked anew (next generation).
    _rules(county, commitment=(15, None))
    assert services.points_sync(county=county.county) == (1, 1)
    assert _balance(earned) == 25
    assert set(
        PointEntry.objects.filter(fact=Fact.COMMITMENT, kind=EntryKind.EARNED).values_list("generation", flat=True)
    ) == {0, 1}


def test_a_holders_sync_books_theirs_only_and_takes_over_a_fact_moved_to_them(county, personas, earned):
    other = f.member(county.village_a1, name="王党员")
    moved = _volunteer(other, dt.date(YEAR, 6, 1))
    assert services.points_sync(county=county.county, holder=other) == (1, 0)  # the other member's one only
    assert not PointEntry.objects.filter(holder=earned).exists()
    assert services.points_sync(county=county.county, holder=earned) == (4, 0)
    # The service was li's after all: li's sync reverses it from the other member and books it for li.
    VolunteerEntry.objects.filter(pk=moved.pk).update(member=earned)
    assert services.points_sync(county=county.county, holder=earned) == (1, 1)
    assert services.balance(other) == 0 and services.balance(earned) == 5 + 5 + 2 + 20 + 5
    assert services.points_sync(county=county.county) == (0, 0)  # the county's run agrees with both


def test_entries_are_append_only_in_the_orm_and_the_database(county, earned):
    services.points_sync(county=county.county)
    entry = PointEntry.objects.first()
    entry.points = 99
    with pytest.raises(ValidationError) as e:
        entry.save()
    assert e.value.code == "points_entry_immutable"
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        PointEntry.objects.filter(pk=entry.pk).update(points=99)
    with pytest.raises(DatabaseError), transaction.atomic():
        PointEntry.objects.filter(pk=entry.pk).delete()
    assert PointEntry.objects.get(pk=entry.pk).points != 99


def test_rules_refused(county):
    with pytest.raises(ValidationError) as e:
        services.rule_set(county=county.county, fact=Fact.VOLUNTEER, points=10, monthly_cap=5)
    assert e.value.error_dict["monthly_cap"][0].code == "cap_below_points"
    with pytest.raises(ValidationError) as e:
        services.rule_set(county=county.village_a1, fact=Fact.VOLUNTEER, points=1, monthly_cap=None)
    assert e.value.error_dict["county"][0].code == "not_a_county"


def _code(e: pytest.ExceptionInfo) -> str:
    if hasattr(e.value, "error_dict"):
        return next(iter(e.value.error_dict.values()))[0].code
    return e.value.code


def test_redemption_books_once_and_is_refused_beyond_balance_or_stock(county, earned, supermarket):
    # 32 points (synced by the redemption itself)
    rice = services.stock_set(supermarket=supermarket, name="大米", price=10, quantity=2)
    entry = services.redeem(item=rice, holder=earned, quantity=2, request_key="k1")
    assert entry.points == -20 and _balance(earned) == 12
    assert StockItem.objects.get(pk=rice.pk).quantity == 0
    count = PointEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.redeem(item=rice, holder=earned, quantity=1, request_key="k1")
    assert _code(e) == "duplicate_redemption"
    with pytest.raises(ValidationError) as e:
        services.redeem(item=rice, holder=earned, quantity=1, request_key="k2")
    assert _code(e) == "beyond_stock"
    oil = services.stock_set(supermarket=supermarket, name="食用油", price=13, quantity=5)
    with pytest.raises(ValidationError) as e:
        services.redeem(item=oil, holder=earned, quantity=1, request_key="k3")
    assert _code(e) == "beyond_balance"
    assert PointEntry.objects.count() == count and StockItem.objects.get(pk=oil.pk).quantity == 5
    assert _balance(earned) == 12


def test_a_days_redemptions_book_each_line_as_redeem_would_and_refuse_the_rest(county, earned, supermarket):
    """By 1 June 李党员 has earned 12 (two volunteer services, one meeting; the commitment is kept in September)."""
    from service_platform import services as platform
    from service_platform.models import FacilityKind

    rice = services.stock_set(supermarket=supermarket, name="大米", price=10, quantity=5)
    other = f.village(f.township(f.county("350724", "松溪县", "Songxi County"), "100", "郑墩镇"), "201")
    elsewhere = platform.facility_create(
        kind=FacilityKind.LOVE_SUPERMARKET, name="外县爱心超市", organization=other, opened_on=dt.date(YEAR, 1, 1)
    )
    soap = services.stock_set(supermarket=elsewhere, name="肥皂", price=1, quantity=5)
    line = services.Redemption
    results = services.redeem_many(
        county=county.county,
        on=dt.date(YEAR, 6, 1),
        lines=[
            line(rice, earned, 1, "d1"),
            line(rice, earned, 1, "d2"),  # 2 left, the rice costs 10
            line(rice, earned, 1, " d1 "),  # the first line's key again
            line(soap, earned, 1, "d3"),  # a supermarket of another county
            line(rice, earned, 0, "d4"),
        ],
    )
    assert isinstance(results[0], PointEntry) and results[0].date == dt.date(YEAR, 6, 1)
    codes = [
        e.error_dict[next(iter(e.error_dict))][0].code if hasattr(e, "error_dict") else e.code for e in results[1:]
    ]
    assert codes == ["beyond_balance", "duplicate_redemption", "supermarket_not_in_county", "quantity_not_positive"]
    assert _balance(earned) == 2 and PointEntry.objects.filter(kind=EntryKind.REDEEMED).count() == 1
    assert StockItem.objects.get(pk=rice.pk).quantity == 4 and StockItem.objects.get(pk=soap.pk).quantity == 5
    # The earnings were booked up to that day only: the county's run books the September commitment later.
    assert not PointEntry.objects.filter(fact=Fact.COMMITMENT).exists()
    assert services.points_sync(county=county.county) == (1, 0)
    assert _balance(earned) == 22


def test_redemption_reversed_gives_points_and_stock_back_once(county, earned, supermarket):
    rice = services.stock_set(supermarket=supermarket, name="大米", price=10, quantity=3)
    entry = services.redeem(item=rice, holder=earned, quantity=1, request_key="k1")
    with pytest.raises(ValidationError) as e:
        services.redemption_reverse(entry=entry, note=" ")
    assert _code(e) == "reversal_reason_missing"
    services.redemption_reverse(entry=entry, note="登记错了")
    assert _balance(earned) == 32 and StockItem.objects.get(pk=rice.pk).quantity == 3
    with pytest.raises(ValidationError) as e:
        services.redemption_reverse(entry=entry, note="again")
    assert _code(e) == "already_reversed"
    with pytest.raises(ValidationError) as e:
        services.redemption_reverse(entry=PointEntry.objects.filter(kind=EntryKind.EARNED).first(), note="x")
    assert _code(e) == "not_a_redemption"


def test_stock_only_at_love_supermarkets(county, supermarket):
    supermarket.kind = "mobile_station"
    with pytest.raises(ValidationError) as e:
        services.stock_set(supermarket=supermarket, name="大米", price=1, quantity=1)
    assert _code(e) == "not_a_supermarket"


def test_figures_count_the_ledger(county, earned, supermarket):
    rice = services.stock_set(supermarket=supermarket, name="大米", price=10, quantity=3)
    services.redeem(item=rice, holder=earned, quantity=2, request_key="k1")
    reversal_target = services.redeem(item=rice, holder=earned, quantity=1, request_key="k2")
    services.redemption_reverse(entry=reversal_target, note="退回")
    figures = compute_figures(county.county, YEAR, ["points_earned", "points_redeemed"])
    assert figures == {"points_earned": 32, "points_redeemed": 20}
    other = compute_figures(Organization.objects.get(pk=county.township_b.pk), YEAR, ["points_earned"])
    assert other["points_earned"] == 0


def test_daily_command_books_once_and_figures_reach_the_campaign_report(county, earned, capsys):
    import json

    from django.core.management import call_command

    call_command("sync_points")
    assert f"{county.county.code} {county.county.name}: booked 4, reversed 0" in capsys.readouterr().out
    call_command("sync_points")
    assert "booked 0, reversed 0" in capsys.readouterr().out
    call_command("campaign_report", scope=county.county.code, period=YEAR, format="json", output="-", lang="en")
    figures = json.loads(capsys.readouterr().out)["figures"]
    assert (figures["points_earned"], figures["points_redeemed"]) == (32, 0)


def test_household_visits_and_rated_posts_earn_by_the_countys_rules(county, personas):
    from people import services as people
    from people.models import HouseholdCause, HouseholdStatus
    from practice.models import PostKind

    li = personas.member_person
    services.rule_set(county=county.county, fact=Fact.VISIT, points=3, monthly_cap=5)
    services.rule_set(county=county.county, fact=Fact.POST_RATED, points=4, monthly_cap=None)
    household = people.household_set(
        head=f.person(county.village_a1, name="困难户主"),
        village=county.village_a1,
        size=3,
        cause=HouseholdCause.ILLNESS,
        status=HouseholdStatus.IN_DIFFICULTY,
    )
    aid = practice.household_aid_start(member=li, household=household, start=dt.date(YEAR, 2, 1))
    for day in (3, 17):  # two visits in March: 3 + 2 (the cap is 5 a month)
        practice.aid_visit_add(aid=aid, date=dt.date(YEAR, 3, day))
    post = practice.post_announce(
        village=county.village_a1,
        kind=PostKind.PROSPERITY,
        title="茶叶带富岗",
        duties="带动5户茶农增收",
        year=YEAR,
        announced_on=dt.date(YEAR, 1, 10),
    )
    claim = practice.claim_assign(claim=practice.post_claim(post=post, member=li))
    practice.claim_rate(claim=claim, stars=4, at=_at(dt.date(YEAR, 12, 5), 10))
    on = dt.date(YEAR, 12, 20)
    assert services.points_sync(county=county.county, on=on) == (3, 0)
    by_fact = {f: sum(PointEntry.objects.filter(fact=f).values_list("points", flat=True)) for f in Fact.values}
    assert by_fact[Fact.VISIT] == 5 and by_fact[Fact.POST_RATED] == 16  # 4 points a star, 4 stars
    # Re-rated at three stars: the earning is reversed and booked anew; before the rating's day it earns nothing.
    practice.claim_rate(claim=claim, stars=3, at=_at(dt.date(YEAR, 12, 10), 10))
    assert services.points_sync(county=county.county, on=on) == (1, 1)
    assert services.balance(li) == 5 + 12
    assert services.desired(county.county, dt.date(YEAR, 12, 1)).keys() == set(
        PointEntry.objects.filter(fact=Fact.VISIT).values_list("fact_key", flat=True)
    )
