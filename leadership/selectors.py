"""Reads for M1: each township's group and whether it is led by the party secretary on a date."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from organizations.models import Organization
from people.models import Appointment, Person, Post

from .models import GroupMember, GroupRole, LeadershipGroup


@dataclass
class TownshipLeadership:
    township: Organization
    group: LeadershipGroup | None
    leaders: list[GroupMember]
    secretaries: list[Appointment]

    @property
    def has_group(self) -> bool:
        return self.group is not None

    @property
    def led_by_secretary(self) -> bool:
        secretary_ids = {a.person_id for a in self.secretaries}
        return bool(self.leaders) and bool(secretary_ids) and all(m.person_id in secretary_ids for m in self.leaders)


def township_leadership(unit: Organization, on: dt.date) -> list[TownshipLeadership]:
    """Return one row per township in ``scope`` with its group, leader(s) and secretary on ``on``.

    Four queries whatever the number of townships.
    """
    townships = list(Organization.objects.townships().within(unit.code).order_by("code"))
    if unit.kind == "village" or unit.kind == "party_group":
        townships = list(Organization.objects.filter(code=unit.code[:9]))
    ids = [t.pk for t in townships]
    groups = {g.township_id: g for g in LeadershipGroup.objects.filter(township_id__in=ids, established_on__lte=on)}
    leaders: dict[int, list[GroupMember]] = {}
    for m in (
        GroupMember.objects.on(on)
        .filter(group__township_id__in=ids, role=GroupRole.LEADER)
        .select_related("person", "group")
    ):
        leaders.setdefault(m.group.township_id, []).append(m)
    secretaries: dict[int, list[Appointment]] = {}
    for a in (
        Appointment.objects.on(on)
        .filter(organization_id__in=ids, post=Post.TOWNSHIP_SECRETARY)
        .select_related("person")
    ):
        secretaries.setdefault(a.organization_id, []).append(a)
    return [
        TownshipLeadership(
            township=t, group=groups.get(t.pk), leaders=leaders.get(t.pk, []), secretaries=secretaries.get(t.pk, [])
        )
        for t in townships
    ]


def township_people(township: Organization) -> QuerySet[Person]:
    """People who may sit on a township's group: its cadres (and the county's), the members of its villages.

    The page's picker offers these; the API refuses anyone else.
    """
    return Person.objects.filter(
        Q(cadre__organization=township)
        | Q(cadre__organization=township.parent_id)
        | Q(membership__branch__code__startswith=township.code)
    ).order_by("name")
