import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from branch_life import services as branch_life
from branch_life.models import Meeting, MeetingKind, Notice
from people.models import Person
from practice import services as practice
from xianfeng.tests import factories as f

TODAY = dt.date(2010, 12, 20)


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        yield


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@dataclass
class World:
    li: Person  # the member persona's person (village A1)
    wang: Person  # another member of A1
    zhou: Person  # a member of village B1
    today_a1: Meeting  # A1's theme day today: wang present, li not recorded
    earlier_a1: Meeting  # A1's meeting on 1 December: li excused
    today_b1: Meeting  # B1's meeting today
    read: Notice
    unread: Notice


def volunteer(member: Person, day: dt.date, hours: int, activity: str, confirm: bool = True) -> None:
    entry = practice.volunteer_log(member=member, start=at(day, 8), end=at(day, 8 + hours), activity=activity)
    if confirm:
        practice.volunteer_confirm(entry=entry)


def notice(county, title: str, day: int) -> Notice:
    with override_settings(XIANFENG_TODAY=f"2010-12-{day:02d}"):
        return branch_life.notice_send(
            origin=county.township_a, target=county.township_a, title=title, body="请阅。", deadline=TODAY
        )


@pytest.fixture
def world(county, personas) -> World:
    li = personas.member_person
    wang = f.member(county.village_a1, county.group_a1, name="王党员")
    zhou = f.member(county.village_b1, name="周党员")
    today_a1 = branch_life.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.THEME_DAY,
        date=TODAY,
        topic="清理村道",
        attendance={wang.pk: "present"},
    )
    earlier_a1 = branch_life.meeting_record(
        branch=county.village_a1,
        kind=MeetingKind.LECTURE,
        date=dt.date(2010, 12, 1),
        topic="党课：村规民约",
        attendance={li.pk: "excused", wang.pk: "present"},
    )
    today_b1 = branch_life.meeting_record(
        branch=county.village_b1, kind=MeetingKind.THEME_DAY, date=TODAY, topic="B村主题党日", attendance={}
    )
    for month in range(1, 10):  # li paid January to September: October and November are owed
        branch_life.dues_pay(member=li, month=dt.date(2010, month, 1), amount=Decimal("0.50"))
    for month in range(1, 12):
        branch_life.dues_pay(member=wang, month=dt.date(2010, month, 1), amount=Decimal("0.80"))
    post = practice.post_announce(
        village=county.village_a1, kind="service", title="卫生监督岗", duties="督促保洁", year=2010, announced_on=TODAY
    )
    practice.post_claim(post=post, member=li)
    other_post = practice.post_announce(
        village=county.village_a1, kind="venture", title="王的创业岗", duties="带头创业", year=2010, announced_on=TODAY
    )
    practice.post_claim(post=other_post, member=wang)
    practice.commitment_make(member=li, year=2010, text="李的承诺：修好水渠", deadline=dt.date(2010, 12, 31))
    practice.commitment_make(member=wang, year=2010, text="王的承诺：种植茶树", deadline=dt.date(2010, 12, 31))
    volunteer(li, dt.date(2010, 11, 3), 2, "李的志愿：打扫祠堂")
    volunteer(li, dt.date(2010, 11, 10), 3, "李的志愿：修桥")
    volunteer(li, dt.date(2010, 11, 17), 1, "李的志愿：待确认", confirm=False)
    volunteer(wang, dt.date(2010, 11, 3), 4, "王的志愿：植树")
    read = notice(county, "已读的通知", 10)  # sent later than the unread one: unread still comes first
    unread = notice(county, "未读的通知", 5)
    branch_life.notice_open(notice=read, user=personas.member)
    return World(li, wang, zhou, today_a1, earlier_a1, today_b1, read, unread)
