"""The learning record selector read by P3's practice record: sessions and hours per member, constant queries."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import services
from learning.models import Channel
from learning.selectors import learning_record
from people.models import Person
from xianfeng.tests import factories as f

from .conftest import make_training


def test_record_counts_sessions_and_hours_by_channel(county, members, training_a1):
    distance = make_training(county.township_a, topic="远程教育", channel=Channel.DISTANCE, hours="3")
    services.attendance_add(training=training_a1, people=[members.a1, members.a1_second])
    services.attendance_add(training=distance, people=[members.a1], hours="1.5")
    record = learning_record([members.a1.pk, members.a1_second.pk, members.b1.pk])
    assert record[members.a1.pk]["sessions"] == 2
    assert record[members.a1.pk]["hours"] == Decimal("4.0")
    assert record[members.a1.pk]["by_channel"] == {
        Channel.FARM_CLASSROOM: {"sessions": 1, "hours": Decimal("2.5")},
        Channel.DISTANCE: {"sessions": 1, "hours": Decimal("1.5")},
    }
    assert record[members.a1_second.pk]["hours"] == Decimal("2.5")
    # Everyone asked about has an entry, zeros included.
    assert record[members.b1.pk] == {"sessions": 0, "hours": Decimal("0.0"), "by_channel": {}}


def test_record_counts_only_trainings_in_the_window(county, members, training_a1):
    older = make_training(county.village_a1, topic="去年", date=dt.date(2009, 11, 1), hours=4)
    services.attendance_add(training=training_a1, people=[members.a1])
    services.attendance_add(training=older, people=[members.a1])
    in_2010 = learning_record([members.a1.pk], dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert in_2010[members.a1.pk]["sessions"] == 1 and in_2010[members.a1.pk]["hours"] == Decimal("2.5")
    assert learning_record([members.a1.pk])[members.a1.pk]["hours"] == Decimal("6.5")
    assert learning_record([members.a1.pk], end=dt.date(2009, 12, 31))[members.a1.pk]["sessions"] == 1


def test_record_accepts_a_person_queryset(county, members, training_a1):
    services.attendance_add(training=training_a1, people=[members.a1])
    record = learning_record(Person.objects.filter(membership__branch=county.village_a1))
    assert set(record) == {members.a1.pk, members.a1_second.pk}
    assert record[members.a1.pk]["sessions"] == 1


def test_record_takes_the_same_queries_for_one_or_many_members(county, members, training_a1):
    many = [f.member(county.village_a1, county.group_a1) for _ in range(6)]
    services.attendance_add(training=training_a1, people=many)
    with CaptureQueriesContext(connection) as one:
        learning_record([members.a1.pk])
    with CaptureQueriesContext(connection) as all_of_them:
        record = learning_record([p.pk for p in many] + [members.a1.pk])
    assert len(all_of_them.captured_queries) == len(one.captured_queries) == 1
    assert sum(e["sessions"] for e in record.values()) == 6
    with CaptureQueriesContext(connection) as by_queryset:
        learning_record(Person.objects.all())
    assert len(by_queryset.captured_queries) == 2
