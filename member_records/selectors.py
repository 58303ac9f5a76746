"""Reads of member records: the list (one query per page), a member's record, the export's rows (a few queries in all).

The derived sub-records come from the apps that hold them: organizational activity and dues from
``branch_life.selectors``, cultivation from ``membership.selectors``.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from branch_life import selectors as branch_life
from common.division_codes import clean_code_prefix
from common.scope import Scope
from membership.config import rules_for
from membership.models import Recruit
from membership.selectors import recruits_visible
from people.models import MembershipStatus, PartyMembership, Person
from people.phones import mask_phone
from people.selectors import place_code, search_q, with_shown_contact

from .kinds import KINDS, Kind


def memberships_q(scope: Scope) -> Q:
    """Memberships whose branch is in scope, and the viewer's own."""
    return scope.org_q("branch") | Q(person_id__in=list(scope.person_ids))


def members_listed(scope: Scope, *, org: str = "", q: str = "") -> QuerySet[PartyMembership]:
    """Members in scope with how many of each sub-record they have (annotated: no query per row)."""
    qs = PartyMembership.objects.filter(memberships_q(scope)).select_related("person__home_village", "branch__parent")
    if org := clean_code_prefix(org):
        qs = qs.filter(branch__code__startswith=org)
    if q:
        qs = qs.filter(search_q(q, "person__"))
    return qs.annotate(
        n_posts=Count("person__posts_held", distinct=True),
        n_sanctions=Count("person__sanctions", distinct=True),
        n_family=Count("person__family", distinct=True),
        n_difficulties=Count("person__difficulties", distinct=True),
    ).order_by("branch__code", "person__name", "id")


def member_or_404(scope: Scope, pk: int) -> Person:
    """A person with a membership, whose branch is in scope or who is the viewer: else 404."""
    membership = (
        PartyMembership.objects.filter(memberships_q(scope), person_id=pk)
        .select_related("person__home_village__parent", "branch__parent", "party_group")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.person


def items_of(kind: Kind, person_ids: list[int]) -> QuerySet[Model]:
    return kind.model.objects.filter(person_id__in=person_ids)  # type: ignore[attr-defined]


def item_or_404(kind: Kind, person: Person, pk: int) -> Model:
    found = items_of(kind, [person.pk]).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def show_phones(items: list[Any], masked_of: dict[int, bool]) -> list[Any]:
    """A family member's phone in full only where the member is shown unmasked (``with_shown_contact`` decided)."""
    for item in items:
        if hasattr(item, "phone"):
            item.shown_phone = mask_phone(item.phone) if masked_of.get(item.person_id, True) else item.phone
    return items


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has fewer days): the end of a probation."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Record:
    person: Person
    membership: PartyMembership
    year: int
    items: dict[str, list[Any]]
    meetings: list[Any]
    attended: int
    dues: Any
    recruits: list[Recruit] = field(default_factory=list)
    probation_until: dt.date | None = None


def record_of(scope: Scope, person: Person, today: dt.date) -> Record:
    """The whole 党员信息 form of one member: basic data masked per viewer, own sub-records and the derived ones."""
    with_shown_contact(scope, [person])
    membership = person.membership
    masked = {person.pk: person.masked}  # type: ignore[attr-defined]
    items = {slug: show_phones(list(items_of(kind, [person.pk])), masked) for slug, kind in KINDS.items()}
    meetings = list(branch_life.meetings_of_member(membership, today.year).select_related("branch"))
    recruits = list(
        recruits_visible(scope).filter(person=person).select_related("branch").prefetch_related("events")
        if scope.can_see_code(membership.branch.code)
        else Recruit.objects.filter(person=person).select_related("branch").prefetch_related("events")
    )
    return Record(
        person=person,
        membership=membership,
        year=today.year,
        items=items,
        meetings=meetings,
        attended=sum(1 for m in meetings if getattr(m, "my_status", None) == "present"),
        dues=branch_life.dues_summary(membership, today),
        recruits=recruits,
        probation_until=(
            months_after(membership.joined_on, rules_for(membership.branch).probation_months)
            if membership.status == MembershipStatus.PROBATIONARY
            else None
        ),
    )


@dataclass
class Export:
    members: list[PartyMembership]
    items: dict[str, list[Any]]


def export_rows(scope: Scope, *, org: str, today: dt.date) -> Export:
    """Every member in scope under ``org`` with the derived columns, and each kind's rows: a fixed number of queries."""
    members = list(
        PartyMembership.objects.filter(memberships_q(scope), branch__code__startswith=org)
        .select_related("person__home_village", "branch__parent", "party_group")
        .order_by("branch__code", "person__name", "id")
    )
    persons = with_shown_contact(scope, [m.person for m in members])
    by_id = {p.pk: p for p in persons}
    ids = list(by_id)
    attended = branch_life.attendance_counts(ids, today.year)
    paid = {
        m.person_id: getattr(m, "last_paid", None)
        for m in branch_life.dues_rows(scope, today.year, branch=org, on=today).filter(person_id__in=ids)
    }
    latest = {r.person_id: r for r in recruits_visible(scope).filter(person_id__in=ids).order_by("applied_on", "id")}
    for m in members:
        m.attended = attended.get(m.person_id, 0)  # type: ignore[attr-defined]
        m.paid_up_to = paid.get(m.person_id)  # type: ignore[attr-defined]
        m.recruit = latest.get(m.person_id)  # type: ignore[attr-defined]
    masked = {p.pk: p.masked for p in persons}  # type: ignore[attr-defined]
    items: dict[str, list[Any]] = {}
    for slug, kind in KINDS.items():
        rows = show_phones(list(items_of(kind, ids).order_by("person_id", "id")), masked)
        for row in rows:
            row.member = by_id[row.person_id]
        items[slug] = rows
    return Export(members, items)


def unmasked_for(scope: Scope, person: Person) -> bool:
    return scope.sees_unmasked(person.pk, place_code(person))
