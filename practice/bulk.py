"""The bulk path for the scenario loader and importers: county volumes in seconds, same checks as the services.

Each function takes unsaved model instances (foreign keys given as objects or ids),
loads what the checks need in a few queries, runs each row's ``fullclean_all()`` (the
model's own ``clean()``, with foreign keys already resolved so no row queries) plus
the services' cross-row refusals (duplicates, capacity, five commitments a year,
overlapping pairings), and writes all rows or none with
``simple_history.utils.bulk_create_with_history``. Errors name the row (1-based).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from common.bulk import Problems, attach, clean_all, write
from common.checks import messages_of, not_in_future
from organizations.models import Organization
from people.models import Household, Person

from . import checks
from .membership import membership_of
from .models import (
    AidVisit,
    ClaimEvent,
    ClaimEventKind,
    ClaimHow,
    ClaimStatus,
    Commitment,
    CommitmentReport,
    HouseholdAid,
    MutualAidGroup,
    MutualAidMember,
    PostClaim,
    PracticePost,
    VolunteerEntry,
    VolunteerEvent,
    VolunteerEventKind,
    VolunteerStatus,
)

# The checks need a member's branch, never their ID number or phone: those stay encrypted, not decrypted.
PEOPLE = Person.objects.select_related("membership").defer("id_number", "phone")


@transaction.atomic
def posts_bulk_create(posts: list[PracticePost], *, user: Any = None) -> list[PracticePost]:
    """Announce many posts at once."""
    problems = Problems()
    attach(posts, "village", Organization.objects.all())
    clean_all(posts, problems, ["village"])
    problems.raise_if_any()
    return write(posts, PracticePost, user)


@transaction.atomic
def claims_bulk_create(claims: list[PostClaim], *, at: dt.datetime | None = None, user: Any = None) -> list[PostClaim]:
    """Create claims with their events: ``status`` APPLIED (waiting) or ASSIGNED (applied, then assigned at ``at``).

    Refused like the services: a member of another village, a duplicate claim, an
    assignment beyond the post's capacity, a star outside 1–5 or on an unassigned claim.
    """
    problems = Problems()
    attach(claims, "post", PracticePost.objects.all())
    attach(claims, "member", PEOPLE)
    for c in claims:
        membership = membership_of(c.member) if c.member_id else None
        if c.party_group_id is None and membership is not None:
            c.party_group_id = membership.party_group_id
    clean_all(claims, problems, ["post", "member", "party_group"])
    post_ids = {c.post_id for c in claims}
    seen = set(PostClaim.objects.filter(post_id__in=post_ids).values_list("post_id", "member_id"))
    taken = Counter(
        PostClaim.objects.filter(post_id__in=post_ids, status=ClaimStatus.ASSIGNED).values_list("post_id", flat=True)
    )
    for i, c in enumerate(claims):
        key = (c.post_id, c.member_id)
        if found := messages_of(checks.not_claimed_yet, key in seen, c.member.name):
            problems.add(i, found)
        seen.add(key)
        if c.status == ClaimStatus.ASSIGNED:
            if found := messages_of(checks.post_not_full, taken[c.post_id], c.post.capacity, c.post.title):
                problems.add(i, found)
            taken[c.post_id] += 1
        elif c.status != ClaimStatus.APPLIED:
            problems.add(i, [_("批量导入只能是待定岗或已定岗。")])
    problems.raise_if_any()
    created = write(claims, PostClaim, user)
    when = at or clock.now()
    events = []
    for c in created:
        kind = ClaimEventKind.NOMINATED if c.how == ClaimHow.NOMINATED else ClaimEventKind.APPLIED
        events.append(ClaimEvent(claim=c, kind=kind, at=when))
        if c.status == ClaimStatus.ASSIGNED:
            events.append(ClaimEvent(claim=c, kind=ClaimEventKind.ASSIGNED, at=when))
        if c.star_rating:
            events.append(
                ClaimEvent(claim=c, kind=ClaimEventKind.RATED, at=when, note=checks.stars_note(c.star_rating))
            )
    write(events, ClaimEvent, user)
    return created


@transaction.atomic
def commitments_bulk_create(commitments: list[Commitment], *, user: Any = None) -> list[Commitment]:
    """Create many commitments; ``village`` defaults to the member's branch. Refuse a sixth in a year."""
    problems = Problems()
    attach(commitments, "member", PEOPLE)
    for c in commitments:
        membership = membership_of(c.member) if c.member_id else None
        if c.village_id is None and membership is not None:
            c.village_id = membership.branch_id
    clean_all(commitments, problems, ["member", "village"])
    member_ids = {c.member_id for c in commitments}
    count = Counter(
        Commitment.objects.filter(member_id__in=member_ids, year__in={c.year for c in commitments}).values_list(
            "member_id", "year"
        )
    )
    for i, c in enumerate(commitments):
        if found := messages_of(checks.commitments_left, count[(c.member_id, c.year)], c.member.name, c.year):
            problems.add(i, found)
        count[(c.member_id, c.year)] += 1
    problems.raise_if_any()
    return write(commitments, Commitment, user)


@transaction.atomic
def household_aids_bulk_create(aids: list[HouseholdAid], *, user: Any = None) -> list[HouseholdAid]:
    """Create many member ↔ household pairings; ``village`` defaults to the member's branch. Refuse an overlap."""
    problems = Problems()
    attach(aids, "member", PEOPLE)
    attach(aids, "household", Household.objects.select_related("village", "head"))
    for a in aids:
        membership = membership_of(a.member) if a.member_id else None
        if a.village_id is None and membership is not None:
            a.village_id = membership.branch_id
    attach(aids, "village", Organization.objects.all())
    clean_all(aids, problems, ["member", "household", "village"])
    terms: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for member_id, household_id, start, end in HouseholdAid.objects.filter(
        member_id__in={a.member_id for a in aids}
    ).values_list("member_id", "household_id", "start", "end"):
        terms[(member_id, household_id)].append((start, end or dt.date.max))
    for i, a in enumerate(aids):
        key = (a.member_id, a.household_id)
        end = a.end or dt.date.max
        overlap = any(s <= end and a.start <= e for s, e in terms[key])
        if found := messages_of(checks.not_aided_yet, overlap, a.member.name, a.household):
            problems.add(i, found)
        terms[key].append((a.start, end))
    problems.raise_if_any()
    return write(aids, HouseholdAid, user)


@transaction.atomic
def aid_visits_bulk_create(visits: list[AidVisit], *, user: Any = None) -> list[AidVisit]:
    problems = Problems()
    attach(visits, "aid", HouseholdAid.objects.all())
    clean_all(visits, problems, ["aid"])
    today = clock.today()
    for i, v in enumerate(visits):
        if found := messages_of(not_in_future, v.date, what=_("走访日期"), today=today):
            problems.add(i, found)
    problems.raise_if_any()
    return write(visits, AidVisit, user)


@transaction.atomic
def mutual_aid_groups_bulk_create(
    groups: Sequence[tuple[MutualAidGroup, Sequence[tuple[Person | int, dt.date]]]], *, user: Any = None
) -> list[MutualAidGroup]:
    """Create groups with their members (the leader joins on the founding day); same checks as the services."""
    problems = Problems()
    objs = [g for g, _members in groups]
    attach(objs, "village", Organization.objects.all())
    attach(objs, "leader", PEOPLE)
    clean_all(objs, problems, ["village", "leader"])
    names = set(
        MutualAidGroup.objects.filter(village_id__in={g.village_id for g in objs}).values_list("village_id", "name")
    )
    for i, g in enumerate(objs):
        if found := messages_of(checks.group_name_free, (g.village_id, g.name) in names, g.name):
            problems.add(i, found)
        names.add((g.village_id, g.name))
    problems.raise_if_any()
    created = write(objs, MutualAidGroup, user)
    rows: list[MutualAidMember] = []
    for group, members in zip(created, (m for _g, m in groups), strict=True):
        wanted = {group.leader_id: group.founded_on}
        for person, joined_on in members:
            wanted.setdefault(person if isinstance(person, int) else person.pk, joined_on)
        rows += [MutualAidMember(group=group, person_id=pid, joined_on=day) for pid, day in wanted.items()]
    attach(rows, "person", PEOPLE)
    clean_all(rows, problems, ["group", "person"])
    problems.raise_if_any()
    write(rows, MutualAidMember, user)
    return created


@transaction.atomic
def commitment_reports_bulk_create(reports: list[CommitmentReport], *, user: Any = None) -> list[CommitmentReport]:
    """Record many progress reports (践诺); refused like ``commitment_report``: no future or pre-promise dates."""
    problems = Problems()
    attach(reports, "commitment", Commitment.objects.all())
    clean_all(reports, problems, ["commitment", "reported_by"])
    today = clock.today()
    for i, r in enumerate(reports):
        if found := messages_of(not_in_future, r.date, what=_("报告日期"), today=today):
            problems.add(i, found)
    problems.raise_if_any()
    return write(reports, CommitmentReport, user)


@transaction.atomic
def volunteer_entries_bulk_create(
    entries: list[VolunteerEntry], *, confirmed_at: dt.datetime | None = None, user: Any = None
) -> list[VolunteerEntry]:
    """Record many volunteer entries, reported (and, with ``confirmed_at``, confirmed by the branch).

    Refused like ``volunteer_log``: end not after start, over the maximum hours, in the
    future, or overlapping another entry of the same member (on record or in the batch).
    """
    problems = Problems()
    attach(entries, "member", PEOPLE)
    for e in entries:
        membership = membership_of(e.member) if e.member_id else None
        if e.village_id is None and membership is not None:
            e.village_id = membership.branch_id
    clean_all(entries, problems, ["member", "village"])
    now = clock.now()
    spans: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for member_id, start, end in (
        VolunteerEntry.objects.filter(member_id__in={e.member_id for e in entries})
        .exclude(status=VolunteerStatus.REJECTED)
        .values_list("member_id", "start", "end")
    ):
        spans[member_id].append((start, end))
    for i, e in enumerate(entries):
        if found := messages_of(checks.service_has_happened, e.end, now):
            problems.add(i, found)
        if any(s < e.end and e.start < f for s, f in spans[e.member_id]):
            problems.add(i, [_("与已登记的志愿服务时间重叠。")])
        spans[e.member_id].append((e.start, e.end))
        if confirmed_at is not None:
            e.status = VolunteerStatus.CONFIRMED
    problems.raise_if_any()
    created = write(entries, VolunteerEntry, user)
    events = []
    for e in created:
        events.append(VolunteerEvent(entry=e, kind=VolunteerEventKind.REPORTED, at=e.end))
        if confirmed_at is not None:
            events.append(VolunteerEvent(entry=e, kind=VolunteerEventKind.CONFIRMED, at=max(confirmed_at, e.end)))
    write(events, VolunteerEvent, user)
    return created
