"""Reads for P3 Practice: scoped lists for the pages, and each member's practice record (R-ONCE)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common import clock
from common.scope import Right, Scope
from learning.selectors import learning_record
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where
from people.models import PartyMembership

from .models import (
    ClaimStatus,
    Commitment,
    HouseholdAid,
    MutualAidGroup,
    PostClaim,
    PracticePost,
    VolunteerEntry,
    VolunteerStatus,
    active_during,
    hours_between,
)

# -- visibility --------------------------------------------------------------------


def visible_q(scope: Scope, village_path: str = "village", member_path: str | None = "member") -> Q:
    """Rows whose village is in the viewer's subtrees, plus a member's own rows."""
    q = scope.org_q(village_path)
    if member_path and scope.person_ids:
        q |= Q(**{f"{member_path}_id__in": list(scope.person_ids)})
    return q


def member_branch(scope: Scope) -> PartyMembership | None:
    """The logged-in member's own membership (the village whose posts they may claim)."""
    if not scope.person_ids:
        return None
    return (
        PartyMembership.objects.filter(person_id__in=list(scope.person_ids))
        .select_related("branch__parent", "person")
        .first()
    )


def writable_villages(scope: Scope) -> QuerySet[Organization]:
    return organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE])


def posts_visible_to(scope: Scope, *, year: int | None = None, kind: str = "") -> QuerySet[PracticePost]:
    """Posts in scope; a member also sees the posts of their own branch (to claim them)."""
    q = scope.org_q("village")
    membership = member_branch(scope)
    if membership is not None:
        q |= Q(village_id=membership.branch_id)
    qs = PracticePost.objects.filter(q).select_related("village__parent")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        assigned=Count("claims", filter=Q(claims__status=ClaimStatus.ASSIGNED)),
        applied=Count("claims", filter=Q(claims__status=ClaimStatus.APPLIED)),
    ).order_by("village__code", "-year", "kind", "id")


def post_detail(scope: Scope, pk: int) -> PracticePost:
    """Return one post in scope (404 otherwise) with its claims, reviews and events prefetched."""
    qs = posts_visible_to(scope).prefetch_related(
        Prefetch("claims", PostClaim.objects.select_related("member", "party_group").order_by("id")),
        "claims__reviews",
        "claims__events__actor",
    )
    try:
        return qs.get(pk=pk)
    except PracticePost.DoesNotExist:
        raise Http404 from None


def commitments_visible_to(scope: Scope, *, year: int | None = None) -> QuerySet[Commitment]:
    qs = Commitment.objects.filter(visible_q(scope)).select_related("member", "village__parent").with_kept()
    return qs.filter(year=year) if year else qs


def volunteer_visible_to(scope: Scope, *, status: str = "") -> QuerySet[VolunteerEntry]:
    qs = VolunteerEntry.objects.filter(visible_q(scope)).select_related("member", "village__parent")
    return qs.filter(status=status) if status else qs


def aids_visible_to(scope: Scope) -> QuerySet[HouseholdAid]:
    return (
        HouseholdAid.objects.filter(visible_q(scope))
        .select_related("member", "village__parent", "household__head", "household__village")
        .annotate(visit_count=Count("visits"))
    )


def groups_visible_to(scope: Scope) -> QuerySet[MutualAidGroup]:
    q = scope.org_q("village")
    if scope.person_ids:
        q |= Q(memberships__person_id__in=list(scope.person_ids))
    ids = MutualAidGroup.objects.filter(q).values("pk")
    return (
        MutualAidGroup.objects.filter(pk__in=ids)
        .select_related("village__parent", "leader")
        .annotate(member_count=Count("memberships"))
        .order_by("village__code", "name")
    )


# -- the practice record (R-ONCE) --------------------------------------------------


@dataclass
class PracticeRecord:
    """One member's practice facts for a year, gathered from the records (nothing typed twice)."""

    person_id: int
    year: int
    claims: list[PostClaim] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    volunteer_entries: list[VolunteerEntry] = field(default_factory=list)
    volunteer_hours: Decimal = Decimal("0")
    volunteer_pending_hours: Decimal = Decimal("0")
    trainings: dict[str, Any] | None = None  # {"sessions": n, "hours": Decimal} or None if P1 is not there
    aids: list[HouseholdAid] = field(default_factory=list)
    visits: int = 0
    groups_led: list[MutualAidGroup] = field(default_factory=list)

    @property
    def assigned_claims(self) -> list[PostClaim]:
        return [c for c in self.claims if c.status == ClaimStatus.ASSIGNED]

    @property
    def stars(self) -> list[int]:
        return [c.star_rating for c in self.assigned_claims if c.star_rating]

    @property
    def commitments_kept(self) -> int:
        return sum(1 for c in self.commitments if c.kept)

    @property
    def commitments_due(self) -> int:
        return sum(1 for c in self.commitments if c.deadline <= self._as_of)

    @property
    def commitments_due_not_kept(self) -> int:
        return sum(1 for c in self.commitments if c.deadline <= self._as_of and not c.kept)

    @property
    def households_helped(self) -> int:
        return len({a.household_id for a in self.aids})

    _as_of: dt.date = dt.date.max


def practice_record(person_ids: Iterable[int], year: int, *, as_of: dt.date | None = None) -> dict[int, PracticeRecord]:
    """Return each person's practice record for ``year`` in a constant number of queries.

    ``as_of`` (default: today, capped at the year's end) decides which commitments are
    already due when counting those not kept.
    """
    ids = list(dict.fromkeys(person_ids))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    as_of = min(as_of or clock.today(), last)
    records = {pid: PracticeRecord(person_id=pid, year=year) for pid in ids}
    for r in records.values():
        r._as_of = as_of
    if not ids:
        return records
    for claim in (
        PostClaim.objects.filter(member_id__in=ids, post__year=year)
        .select_related("post__village")
        .order_by("post__kind", "post_id")
    ):
        records[claim.member_id].claims.append(claim)
    for commitment in Commitment.objects.filter(member_id__in=ids, year=year).with_kept().order_by("deadline", "id"):
        records[commitment.member_id].commitments.append(commitment)
    tz = timezone.get_current_timezone()
    year_start = dt.datetime(year, 1, 1, tzinfo=tz)
    for entry in (
        VolunteerEntry.objects.filter(
            member_id__in=ids, start__gte=year_start, start__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz)
        )
        .exclude(status=VolunteerStatus.REJECTED)
        .order_by("start")
    ):
        record = records[entry.member_id]
        record.volunteer_entries.append(entry)
        hours = hours_between(entry.start, entry.end)
        if entry.status == VolunteerStatus.CONFIRMED:
            record.volunteer_hours += hours
        else:
            record.volunteer_pending_hours += hours
    for aid in (
        HouseholdAid.objects.filter(active_during(first, last), member_id__in=ids)
        .select_related("household__head", "household__village")
        .annotate(visits_in_year=Count("visits", filter=Q(visits__date__range=(first, last))))
        .order_by("start", "id")
    ):
        record = records[aid.member_id]
        record.aids.append(aid)
        record.visits += aid.visits_in_year
    for group in MutualAidGroup.objects.filter(leader_id__in=ids, founded_on__lte=last).order_by("name"):
        records[group.leader_id].groups_led.append(group)
    learned = learning_record(ids, first, last)
    for pid in ids:
        records[pid].trainings = learned.get(pid, {"sessions": 0, "hours": Decimal("0")})
    return records


# -- public page -------------------------------------------------------------------


def public_posts(village: Organization, year: int) -> list[Mapping[str, Any]]:
    """Assigned members with their posts (亮岗): name, post and duties only — never ID number or phone."""
    return list(
        PostClaim.objects.filter(post__village=village, post__year=year, status=ClaimStatus.ASSIGNED)
        .order_by("post__kind", "post__id", "member__name")
        .values("member__name", "post__kind", "post__title", "post__duties", "star_rating")
    )


def latest_public_year(village: Organization, up_to: int) -> int | None:
    """The latest year up to ``up_to`` with a public commitment or an assigned post in the village."""
    years = [
        Commitment.objects.filter(village=village, year__lte=up_to, public=True).aggregate(y=Max("year"))["y"],
        PostClaim.objects.filter(post__village=village, post__year__lte=up_to, status=ClaimStatus.ASSIGNED).aggregate(
            y=Max("post__year")
        )["y"],
    ]
    return max((y for y in years if y), default=None)


def public_commitments(village: Organization, year: int) -> list[Commitment]:
    return list(
        Commitment.objects.filter(village=village, year=year, public=True)
        .with_kept()
        .select_related("member")
        .only("member__name", "text", "deadline", "year", "promised_on", "village_id", "member_id")
        .order_by("member__name", "deadline")
    )


# -- a member's own (the mobile member page) ------------------------------------------


def claims_of_member(person_id: int, year: int) -> QuerySet[PostClaim]:
    return PostClaim.objects.filter(member_id=person_id, post__year=year).select_related("post").order_by("post__kind")


def commitments_of_member(person_id: int, year: int) -> QuerySet[Commitment]:
    return Commitment.objects.filter(member_id=person_id, year=year).with_kept().order_by("deadline", "id")


def volunteer_of_member(person_id: int, year: int) -> QuerySet[VolunteerEntry]:
    return VolunteerEntry.objects.filter(member_id=person_id, start__year=year).order_by("-start", "-id")
