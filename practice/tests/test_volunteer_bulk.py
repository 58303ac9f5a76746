"""The bulk path for volunteer entries refuses what volunteer_log refuses, and writes all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice import bulk
from practice.models import VolunteerEntry, VolunteerEvent, VolunteerStatus

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2010, 5, day, hour))


def _entry(member, start, hours=2):
    return VolunteerEntry(member=member, start=start, end=start + dt.timedelta(hours=hours), activity="义务清扫村道")


def test_confirmed_entries_are_written_with_their_events(personas):
    member = personas.member_person
    created = bulk.volunteer_entries_bulk_create(
        [_entry(member, _at(3, 8)), _entry(member, _at(4, 8))], confirmed_at=_at(31, 18)
    )
    assert [e.status for e in created] == [VolunteerStatus.CONFIRMED] * 2
    assert VolunteerEvent.objects.filter(entry__in=created).count() == 4
    assert created[0].village_id == member.membership.branch_id


@pytest.mark.parametrize(
    "bad",
    [
        lambda m: _entry(m, _at(3, 9)),  # overlaps the first entry
        lambda m: _entry(m, _at(5, 8), hours=13),  # over twelve hours
        lambda m: _entry(m, timezone.now() + dt.timedelta(days=1)),  # in the future
    ],
)
def test_one_bad_entry_writes_nothing(personas, bad):
    member = personas.member_person
    with pytest.raises(ValidationError):
        bulk.volunteer_entries_bulk_create([_entry(member, _at(3, 8)), bad(member)])
    assert VolunteerEntry.objects.count() == 0
    assert VolunteerEvent.objects.count() == 0
