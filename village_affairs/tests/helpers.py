"""Builders for A3 tests: cadres on posts, a decision taken through its steps, a published month."""

import datetime as dt
from typing import Any

from django.utils import timezone

from people import services as people_services
from people.models import Post
from village_affairs import services
from village_affairs.models import Decision, DisclosureKind
from xianfeng.tests import factories as f

START = dt.date(2010, 1, 1)


def appoint(village, post, name, start=START, end=None):
    person = f.person(village, name=name)
    people_services.appointment_create(person=person, organization=village, post=post, start=start, end=end)
    return person


def one_shoulder(village, name="林书记"):
    """One person as branch secretary and committee director (一肩挑)."""
    person = f.person(village, name=name)
    for post in (Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR):
        people_services.appointment_create(person=person, organization=village, post=post, start=START)
    return person


MEETING: dict[str, Any] = {"due": 9, "present": 7, "votes_for": 6, "votes_against": 1, "votes_abstain": 0}


def full_decision(village, title="修建村道", start=dt.date(2010, 3, 1), upto=6, merged=False):
    decision = services.decision_create(village=village, title=title, raised_by_name="村党支部")
    day = start
    number = 1
    if merged:
        services.decision_step_record(decision=decision, number=1, date=day, content="合并会议", merged=True, **MEETING)
        number = 3
    while number <= upto:
        kwargs: dict = {"content": f"第{number}步", "result": "通过"}
        if number <= 4:
            kwargs.update(MEETING)
        if number == 3:
            kwargs.update(due=30, present=25, votes_for=24, votes_against=1)
        if number == 4:
            kwargs.update(body="representatives", due=45, present=33, votes_for=30, votes_against=2, votes_abstain=1)
        if number == 6:
            day = day + dt.timedelta(days=6)
        services.decision_step_record(decision=decision, number=number, date=day, **kwargs)
        day = day + dt.timedelta(days=2)
        number += 1
    return Decision.objects.get(pk=decision.pk)


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def publish_month(village, year, month, on=None, entries=True):
    """Book two entries in the month and publish its finance disclosure (on the 5th of the next month)."""
    if entries:
        services.ledger_entry_create(
            village=village,
            date=dt.date(year, month, 3),
            direction="income",
            category="subsidy_income",
            amount="10000.00",
            voucher=f"{year}{month:02d}-1",
            description="转移支付",
        )
        services.ledger_entry_create(
            village=village,
            date=dt.date(year, month, 15),
            direction="expense",
            category="administration",
            amount="1234.50",
            voucher=f"{year}{month:02d}-2",
            description="办公用品",
        )
    d = services.disclosure_create(village=village, kind=DisclosureKind.FINANCE, year=year, period_number=month)
    if on is None:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 5)
        on = nxt
    return services.disclosure_publish(disclosure=d, at=aware(on))
