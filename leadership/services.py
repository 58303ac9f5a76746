"""Writes for M1 leadership groups. Pages and the scenario loader call these."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from organizations.models import Organization
from people.models import Person

from .models import GroupMember, GroupRole, LeadershipGroup, WorkLogEntry


@transaction.atomic
def leadership_group_create(
    *,
    township: Organization,
    established_on: dt.date,
    name: str = "",
    office_location: str = "",
    office_phone: str = "",
) -> LeadershipGroup:
    if LeadershipGroup.objects.filter(township=township).exists():
        raise ValidationError({"township": ValidationError(_("该乡镇已经成立了领导小组。"), code="group_exists")})
    group = LeadershipGroup(
        township=township,
        established_on=established_on,
        name=name or _("%(township)s创先争优活动领导小组") % {"township": township.name},
        office_location=office_location,
        office_phone=office_phone,
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_member_add(
    *, group: LeadershipGroup, person: Person, role: str, start: dt.date, end: dt.date | None = None
) -> GroupMember:
    """Add a member; a group has one leader and one office director at a time."""
    member = GroupMember(group=group, person=person, role=role, start=start, end=end)
    member.full_clean()
    if role in (GroupRole.LEADER, GroupRole.OFFICE_DIRECTOR):
        clash = GroupMember.objects.filter(group=group, role=role).on(start).exclude(person=person)
        if clash.exists():
            raise ValidationError(
                {
                    "role": ValidationError(
                        _("该日期已有%(role)s，请先结束其任期。") % {"role": GroupRole(role).label}, code="role_taken"
                    )
                }
            )
    if GroupMember.objects.filter(group=group, person=person, role=role).on(start).exists():
        raise ValidationError({"person": ValidationError(_("此人在该日期已担任该职务。"), code="already_in_role")})
    member.save()
    return member


@transaction.atomic
def group_member_end(*, member: GroupMember, end: dt.date) -> GroupMember:
    member.end = end
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def work_log_add(
    *,
    group: LeadershipGroup,
    date: dt.date,
    kind: str,
    title: str,
    description: str = "",
    recorded_by=None,
) -> WorkLogEntry:
    if date > clock.today():
        raise ValidationError({"date": ValidationError(_("工作记录的日期不能晚于今天。"), code="in_future")})
    entry = WorkLogEntry(
        group=group, date=date, kind=kind, title=title, description=description, recorded_by=recorded_by
    )
    entry.full_clean()
    entry.save()
    return entry
