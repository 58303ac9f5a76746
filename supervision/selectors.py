"""Reads for supervision: what a user may see, and the review status of contact points (one place for pages and R-REVIEW)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from common.scope import Right, Scope
from organizations.models import Organization
from organizations.selectors import organizations_in

from .models import (
    ContactPoint,
    ContactPointQuerySet,
    DemonstrationSite,
    LeaderLevel,
    ModelMember,
    Review,
    ReviewRequirement,
)
from .review_schedule import ReviewState, ReviewStatus, evaluate

# -- visibility ------------------------------------------------------------------------


def leader_person_ids(scope: Scope) -> set[int]:
    """Return the people this user acts for as a linked leader (挂点领导): their own contact points."""
    return set(scope.person_ids) if Right.RECORD_REVIEW in scope.own_rights else set()


def contact_points_visible(scope: Scope) -> ContactPointQuerySet:
    """Contact points this user may see.

    Admins see the contact points whose target lies in their subtree; a linked leader sees
    their own (not other leaders' points at the same village, although the leader may read
    that village); a member sees none.
    """
    qs = ContactPoint.objects.select_related("target", "target__parent", "leader")
    if scope.is_superuser:
        return qs  # type: ignore[return-value]
    q = scope.right_q(Right.MANAGE, "target")
    leaders = leader_person_ids(scope)
    if leaders:
        q |= Q(leader_id__in=leaders)
    return qs.filter(q)  # type: ignore[return-value]


def demonstration_sites_visible(scope: Scope) -> QuerySet[DemonstrationSite]:
    return scope.filter(
        DemonstrationSite.objects.select_related("organization", "organization__parent"), "organization"
    )


def model_members_visible(scope: Scope) -> QuerySet[ModelMember]:
    return scope.filter(ModelMember.objects.select_related("person", "organization"), "organization")


def townships_by_code(scope: Scope) -> dict[str, Organization]:
    """Return the townships the user may see, by code (for filters and the township column)."""
    return {o.code: o for o in organizations_in(scope).townships().order_by("code")}


# -- review requirements and status ------------------------------------------------


def review_requirements(county_codes: Iterable[str]) -> dict[tuple[str, str], ReviewRequirement]:
    """Return the requirement per (county code, level); the defaults where a county has not set one."""
    codes = set(county_codes)
    found = {
        (r.county.code, r.level): r
        for r in ReviewRequirement.objects.filter(county__code__in=codes).select_related("county")
    }
    for code in codes:
        for level in LeaderLevel:
            if (code, level) not in found:
                found[(code, level)] = ReviewRequirement.default(None, level)  # type: ignore[arg-type]
    return found


def reviews_required_per_year(counties: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Reviews a leader of each level owes each contact point in a year: the least and the most any of ``counties``
    requires (one number twice for one county, or for counties that agree; the defaults for no county)."""
    codes = set(counties)
    requirements = review_requirements(codes)
    out: dict[str, tuple[int, int]] = {}
    for level in LeaderLevel:
        rows = [requirements[(c, level)] for c in codes] or [ReviewRequirement.default(None, level)]  # type: ignore[arg-type]
        per_year = [r.reviews_required * 12 // r.period_months for r in rows]
        out[str(level)] = (min(per_year), max(per_year))
    return out


def review_status(contact_points: Iterable[ContactPoint], on: dt.date) -> dict[int, ReviewStatus]:
    """Return each contact point's review status on ``on``: required, done, state, overdue_on.

    Two queries however many points: the requirements and the reviews. The points must come
    with ``target`` loaded (``contact_points_visible`` does that).
    """
    points = list(contact_points)
    if not points:
        return {}
    requirements = review_requirements(p.target.code[:6] for p in points)
    dates: dict[int, list[dt.date]] = defaultdict(list)
    # Every period lies within the calendar year (period lengths divide 12).
    rows = Review.objects.filter(
        contact_point_id__in=[p.pk for p in points], date__gte=dt.date(on.year, 1, 1), date__lte=on
    ).values_list("contact_point_id", "date")
    for point_id, day in rows:
        dates[point_id].append(day)
    statuses = {}
    for p in points:
        requirement = requirements[(p.target.code[:6], p.level)]
        statuses[p.pk] = evaluate(
            on=on,
            start=p.start,
            end=p.end,
            review_dates=dates[p.pk],
            reviews_required=requirement.reviews_required,
            period_months=requirement.period_months,
            due_soon_days=requirement.due_soon_days,
        )
    return statuses


def contact_points_in_year(scope_code: str, on: dt.date) -> QuerySet[ContactPoint]:
    """Contact points under ``scope_code`` active at some time from 1 January up to ``on``."""
    return (
        ContactPoint.objects.filter(target__code__startswith=scope_code)
        .active_between(dt.date(on.year, 1, 1), on)
        .select_related("target", "leader")
    )


@dataclass(frozen=True)
class DueReview:
    contact_point: ContactPoint
    status: ReviewStatus


def due_reviews_for_person(person_id: int, on: dt.date) -> list[DueReview]:
    """Return the leader's active contact points whose review is due soon or overdue on ``on``, worst first."""
    points = list(ContactPoint.objects.filter(leader_id=person_id).active_on(on).select_related("target", "leader"))
    statuses = review_status(points, on)
    due = [DueReview(p, statuses[p.pk]) for p in points if statuses[p.pk].state != ReviewState.ON_TRACK]
    due.sort(key=lambda d: (d.status.state != ReviewState.OVERDUE, d.status.overdue_on, d.contact_point.target.code))
    return due


def due_reviews_for_user(scope: Scope, on: dt.date) -> list[DueReview]:
    """Return the due reviews of every person the user acts for as a linked leader."""
    found: list[DueReview] = []
    for person_id in sorted(leader_person_ids(scope)):
        found.extend(due_reviews_for_person(person_id, on))
    return found


def reviews_with_actions(contact_point: ContactPoint) -> list[Review]:
    return list(
        contact_point.reviews.select_related("recorded_by")
        .prefetch_related("actions", "actions__owner")
        .order_by("-date", "-id")
    )
