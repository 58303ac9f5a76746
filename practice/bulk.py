"""The bulk path for the scenario loader and importers: county volumes in seconds, same checks as the services.

Each function takes unsaved model instances (foreign keys given as objects or ids),
loads what the checks need in a few queries, runs each row's ``full_clean()`` (the
model's own ``clean()``, with foreign keys already resolved so no row queries) plus
the services' cross-row refusals (duplicates, capacity, five commitments a year,
overlapping pairings), and writes all rows or none with
``simple_history.utils.bulk_create_with_history``. Errors name the row (1-based).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations.models import Organization
from people.models import Household, Person

from .models import (
    MAX_COMMITMENTS_PER_YEAR,
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
    membership_of,
)

M = TypeVar("M", bound=Model)
BATCH = 500  # rows per INSERT: well under SQLite's bound-parameter limit for these models


class Problems:
    """Collect row errors, then refuse the whole batch with the first fifty."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, index: int, messages: Iterable[str]) -> None:
        self.rows.append(_("第%(row)s行：%(msg)s") % {"row": index + 1, "msg": "；".join(messages)})

    def raise_if_any(self) -> None:
        if self.rows:
            extra = [_("……另有%(n)s行有误。") % {"n": len(self.rows) - 50}] if len(self.rows) > 50 else []
            raise ValidationError(self.rows[:50] + extra)


def _attach(objs: Sequence[Model], field: str, queryset: QuerySet) -> None:
    """Replace ``obj.<field>`` with instances loaded in one query (with what their checks need)."""
    ids = {getattr(o, f"{field}_id") for o in objs} - {None}
    found = queryset.in_bulk(list(ids)) if ids else {}
    for o in objs:
        pk = getattr(o, f"{field}_id")
        if pk is not None:
            if pk not in found:
                raise ValidationError(_("找不到编号为%(pk)s的关联记录（%(field)s）。") % {"pk": pk, "field": field})
            setattr(o, field, found[pk])


def _clean(objs: Sequence[Model], problems: Problems, exclude: list[str]) -> None:
    for i, obj in enumerate(objs):
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.add(i, exc.messages)


def _write(objs: list[M], model: type[M], user: Any) -> list[M]:
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user)


PEOPLE = Person.objects.select_related("membership")


@transaction.atomic
def posts_bulk_create(posts: list[PracticePost], *, user: Any = None) -> list[PracticePost]:
    """Announce many posts at once."""
    problems = Problems()
    _attach(posts, "village", Organization.objects.all())
    _clean(posts, problems, ["village"])
    problems.raise_if_any()
    return _write(posts, PracticePost, user)


@transaction.atomic
def claims_bulk_create(
    claims: list[PostClaim], *, at: dt.datetime | None = None, user: Any = None
) -> list[PostClaim]:
    """Create claims with their events: ``status`` APPLIED (waiting) or ASSIGNED (applied, then assigned at ``at``).

    Refused like the services: a member of another village, a duplicate claim, an
    assignment beyond the post's capacity, a star outside 1–5 or on an unassigned claim.
    """
    problems = Problems()
    _attach(claims, "post", PracticePost.objects.all())
    _attach(claims, "member", PEOPLE)
    for c in claims:
        membership = membership_of(c.member) if c.member_id else None
        if c.party_group_id is None and membership is not None:
            c.party_group_id = membership.party_group_id
    _clean(claims, problems, ["post", "member", "party_group"])
    post_ids = {c.post_id for c in claims}
    seen = set(PostClaim.objects.filter(post_id__in=post_ids).values_list("post_id", "member_id"))
    taken = Counter(
        PostClaim.objects.filter(post_id__in=post_ids, status=ClaimStatus.ASSIGNED).values_list("post_id", flat=True)
    )
    for i, c in enumerate(claims):
        key = (c.post_id, c.member_id)
        if key in seen:
            problems.add(i, [_("%(name)s已认领过该岗位。") % {"name": c.member.name}])
        seen.add(key)
        if c.status == ClaimStatus.ASSIGNED:
            taken[c.post_id] += 1
            if taken[c.post_id] > c.post.capacity:
                problems.add(i, [_("岗位“%(post)s”定岗%(capacity)s人，已满。") % {"post": c.post.title, "capacity": c.post.capacity}])
        elif c.status != ClaimStatus.APPLIED:
            problems.add(i, [_("批量导入只能是待定岗或已定岗。")])
    problems.raise_if_any()
    created = _write(claims, PostClaim, user)
    when = at or timezone.now()
    events = []
    for c in created:
        kind = ClaimEventKind.NOMINATED if c.how == ClaimHow.NOMINATED else ClaimEventKind.APPLIED
        events.append(ClaimEvent(claim=c, kind=kind, at=when))
        if c.status == ClaimStatus.ASSIGNED:
            events.append(ClaimEvent(claim=c, kind=ClaimEventKind.ASSIGNED, at=when))
        if c.star_rating:
            events.append(ClaimEvent(claim=c, kind=ClaimEventKind.RATED, at=when, note=_("%(stars)s星") % {"stars": c.star_rating}))
    _write(events, ClaimEvent, user)
    return created


@transaction.atomic
def commitments_bulk_create(commitments: list[Commitment], *, user: Any = None) -> list[Commitment]:
    """Create many commitments; ``village`` defaults to the member's branch. Refuse a sixth in a year."""
    problems = Problems()
    _attach(commitments, "member", PEOPLE)
    for c in commitments:
        membership = membership_of(c.member) if c.member_id else None
        if c.village_id is None and membership is not None:
            c.village_id = membership.branch_id
    _clean(commitments, problems, ["member", "village"])
    member_ids = {c.member_id for c in commitments}
    count = Counter(
        Commitment.objects.filter(member_id__in=member_ids, year__in={c.year for c in commitments}).values_list(
            "member_id", "year"
        )
    )
    for i, c in enumerate(commitments):
        count[(c.member_id, c.year)] += 1
        if count[(c.member_id, c.year)] > MAX_COMMITMENTS_PER_YEAR:
            problems.add(
                i,
                [_("每名党员每年最多%(max)s项承诺，%(name)s在%(year)s年已有%(max)s项。")
                 % {"max": MAX_COMMITMENTS_PER_YEAR, "name": c.member.name, "year": c.year}],
            )
    problems.raise_if_any()
    return _write(commitments, Commitment, user)


@transaction.atomic
def household_aids_bulk_create(aids: list[HouseholdAid], *, user: Any = None) -> list[HouseholdAid]:
    """Create many member ↔ household pairings; ``village`` defaults to the member's branch. Refuse an overlap."""
    problems = Problems()
    _attach(aids, "member", PEOPLE)
    _attach(aids, "household", Household.objects.select_related("village", "head"))
    for a in aids:
        membership = membership_of(a.member) if a.member_id else None
        if a.village_id is None and membership is not None:
            a.village_id = membership.branch_id
    _attach(aids, "village", Organization.objects.all())
    _clean(aids, problems, ["member", "household", "village"])
    terms: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for member_id, household_id, start, end in HouseholdAid.objects.filter(
        member_id__in={a.member_id for a in aids}
    ).values_list("member_id", "household_id", "start", "end"):
        terms[(member_id, household_id)].append((start, end or dt.date.max))
    for i, a in enumerate(aids):
        key = (a.member_id, a.household_id)
        end = a.end or dt.date.max
        if any(s <= end and a.start <= e for s, e in terms[key]):
            problems.add(i, [_("%(name)s已在帮扶%(household)s。") % {"name": a.member.name, "household": a.household}])
        terms[key].append((a.start, end))
    problems.raise_if_any()
    return _write(aids, HouseholdAid, user)


@transaction.atomic
def aid_visits_bulk_create(visits: list[AidVisit], *, user: Any = None) -> list[AidVisit]:
    problems = Problems()
    _attach(visits, "aid", HouseholdAid.objects.all())
    _clean(visits, problems, ["aid"])
    today = timezone.localdate()
    for i, v in enumerate(visits):
        if v.date > today:
            problems.add(i, [_("走访日期不能晚于今天。")])
    problems.raise_if_any()
    return _write(visits, AidVisit, user)


@transaction.atomic
def mutual_aid_groups_bulk_create(
    groups: list[tuple[MutualAidGroup, list[tuple[Person | int, dt.date]]]], *, user: Any = None
) -> list[MutualAidGroup]:
    """Create groups with their members (the leader joins on the founding day); same checks as the services."""
    problems = Problems()
    objs = [g for g, _members in groups]
    _attach(objs, "village", Organization.objects.all())
    _attach(objs, "leader", PEOPLE)
    _clean(objs, problems, ["village", "leader"])
    names = set(MutualAidGroup.objects.filter(village_id__in={g.village_id for g in objs}).values_list("village_id", "name"))
    for i, g in enumerate(objs):
        if (g.village_id, g.name) in names:
            problems.add(i, [_("本村已有名为“%(name)s”的互助组。") % {"name": g.name}])
        names.add((g.village_id, g.name))
    problems.raise_if_any()
    created = _write(objs, MutualAidGroup, user)
    rows: list[MutualAidMember] = []
    for group, members in zip(created, (m for _g, m in groups), strict=True):
        wanted = {group.leader_id: group.founded_on}
        for person, joined_on in members:
            wanted.setdefault(person if isinstance(person, int) else person.pk, joined_on)
        rows += [MutualAidMember(group=group, person_id=pid, joined_on=day) for pid, day in wanted.items()]
    _attach(rows, "person", PEOPLE)
    _clean(rows, problems, ["group", "person"])
    problems.raise_if_any()
    _write(rows, MutualAidMember, user)
    return created


@transaction.atomic
def commitment_reports_bulk_create(reports: list[CommitmentReport], *, user: Any = None) -> list[CommitmentReport]:
    """Record many progress reports (践诺); refused like ``commitment_report``: no future or pre-promise dates."""
    problems = Problems()
    _attach(reports, "commitment", Commitment.objects.all())
    _clean(reports, problems, ["commitment", "reported_by"])
    today = timezone.localdate()
    for i, r in enumerate(reports):
        if r.date > today:
            problems.add(i, [_("报告日期不能晚于今天。")])
    problems.raise_if_any()
    return _write(reports, CommitmentReport, user)


@transaction.atomic
def volunteer_entries_bulk_create(
    entries: list[VolunteerEntry], *, confirmed_at: dt.datetime | None = None, user: Any = None
) -> list[VolunteerEntry]:
    """Record many volunteer entries, reported (and, with ``confirmed_at``, confirmed by the branch).

    Refused like ``volunteer_log``: end not after start, over the maximum hours, in the
    future, or overlapping another entry of the same member (on record or in the batch).
    """
    problems = Problems()
    _attach(entries, "member", PEOPLE)
    for e in entries:
        membership = membership_of(e.member) if e.member_id else None
        if e.village_id is None and membership is not None:
            e.village_id = membership.branch_id
    _clean(entries, problems, ["member", "village"])
    now = timezone.now()
    spans: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for member_id, start, end in (
        VolunteerEntry.objects.filter(member_id__in={e.member_id for e in entries})
        .exclude(status=VolunteerStatus.REJECTED)
        .values_list("member_id", "start", "end")
    ):
        spans[member_id].append((start, end))
    for i, e in enumerate(entries):
        if e.end > now:
            problems.add(i, [_("不能登记尚未发生的志愿服务。")])
        if any(s < e.end and e.start < f for s, f in spans[e.member_id]):
            problems.add(i, [_("与已登记的志愿服务时间重叠。")])
        spans[e.member_id].append((e.start, e.end))
        if confirmed_at is not None:
            e.status = VolunteerStatus.CONFIRMED
    problems.raise_if_any()
    created = _write(entries, VolunteerEntry, user)
    events = []
    for e in created:
        events.append(VolunteerEvent(entry=e, kind=VolunteerEventKind.REPORTED, at=e.end))
        if confirmed_at is not None:
            events.append(VolunteerEvent(entry=e, kind=VolunteerEventKind.CONFIRMED, at=max(confirmed_at, e.end)))
    _write(events, VolunteerEvent, user)
    return created
