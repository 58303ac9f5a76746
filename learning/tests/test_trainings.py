"""Trainings and attendance: the trainer's scope bounds who may attend; each refusal changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from learning import services
from learning.models import Attendance, Channel, Training

from .conftest import DAY, make_training


def test_attendance_defaults_to_the_training_hours(training_a1, members):
    rows = services.attendance_add(training=training_a1, people=[members.a1, members.a1_second])
    assert [r.hours for r in rows] == [Decimal("2.5"), Decimal("2.5")]
    assert Attendance.objects.filter(training=training_a1).count() == 2


def test_attendance_may_credit_fewer_hours(training_a1, members):
    (row,) = services.attendance_add(training=training_a1, people=[members.a1], hours="1.5")
    row.refresh_from_db()
    assert row.hours == Decimal("1.5")


def test_township_training_takes_members_of_all_its_villages(county, members):
    training = make_training(county.township_a, channel=Channel.EXPERT)
    services.attendance_add(training=training, people=[members.a1, members.a2])
    assert training.attendances.count() == 2


def test_county_training_takes_members_of_every_township(county, members):
    training = make_training(county.county, channel=Channel.DISTANCE)
    services.attendance_add(training=training, people=[members.a1, members.b1])
    assert training.attendances.count() == 2


@pytest.mark.parametrize("who", ["a2", "b1"])
def test_refuses_a_training_attendee_outside_the_trainers_scope(training_a1, members, who):
    """A village training takes only that village's members; nobody of the batch is added."""
    with pytest.raises(ValidationError, match="不在本次培训组织单位"):
        services.attendance_add(training=training_a1, people=[members.a1, getattr(members, who)])
    assert Attendance.objects.count() == 0


def test_township_training_refuses_a_member_of_another_township(county, members):
    training = make_training(county.township_a)
    with pytest.raises(ValidationError, match="东党员不在本次培训组织单位"):
        services.attendance_add(training=training, people=[members.b1])
    assert Attendance.objects.count() == 0


def test_refuses_duplicate_attendance(training_a1, members):
    services.attendance_add(training=training_a1, people=[members.a1])
    with pytest.raises(ValidationError, match="已登记参加本次培训"):
        services.attendance_add(training=training_a1, people=[members.a1_second, members.a1])
    assert list(Attendance.objects.values_list("person__name", flat=True)) == ["李党员"]


def test_refuses_a_person_who_is_not_a_party_member(county, training_a1):
    from xianfeng.tests import factories as f

    villager = f.person(county.village_a1, name="群众甲")
    with pytest.raises(ValidationError, match="只有党员"):
        services.attendance_add(training=training_a1, people=[villager])
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("hours", ["0", "-1", "24.5", "abc", 2.5])
def test_refuses_attendance_hours_out_of_range_or_not_a_number(training_a1, members, hours):
    with pytest.raises(ValidationError):
        services.attendance_add(training=training_a1, people=[members.a1], hours=hours)
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("hours", ["0", "-2", "24.1", "two", "NaN"])
def test_refuses_training_hours_out_of_range(county, hours):
    with pytest.raises(ValidationError, match="学时"):
        make_training(county.village_a1, hours=hours)
    assert Training.objects.count() == 0


def test_accepts_a_full_day_of_24_hours(county):
    assert make_training(county.village_a1, hours=24).hours == Decimal(24)


def test_refuses_a_training_dated_in_the_future(county):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        make_training(county.village_a1, date=timezone.localdate() + dt.timedelta(days=1))
    assert Training.objects.count() == 0


def test_refuses_a_training_organized_by_a_party_group(county):
    with pytest.raises(ValidationError, match="县、乡镇或村"):
        make_training(county.group_a1)
    assert Training.objects.count() == 0


def test_trainer_defaults_to_the_linked_persons_name(county, members):
    training = services.training_create(
        channel=Channel.CENTRAL_HOUSEHOLD,
        topic="党章学习",
        trainer_name="",
        trainer=members.a1_second,
        organization=county.village_a1,
        date=DAY,
        hours=Decimal("1.0"),
    )
    assert training.trainer_name == "王党员"
