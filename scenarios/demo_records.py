"""Which records the demo accounts are bound to: those with work waiting on the campaign's today.

Chosen from what the scenario built (counted, never invented), so that every demo persona
opens on something to do: see ``scenarios.demo``. Each function returns None when the county
has no such records (a hand-made county, or a scenario without that mechanism).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from common import clock
from evaluation.models import Assessment, AssessmentPeriod, StandardCode, Status
from learning.models import Attendance
from organizations.models import Organization, OutsideUnit, UnitKind
from pairing.models import Pairing
from pairing.todos import pairing_work
from people.models import Appointment, Person
from practice.models import Commitment, PostClaim, VolunteerEntry
from supervision import selectors as supervision
from supervision.models import ContactPoint
from supervision.review_schedule import ReviewState

# The Five-Good steps a village may be held at, the most pressing first: the village's own
# self-assessment (its work), then the township's review (the township admin's work).
VILLAGE_STEPS = (Status.SELF, Status.REVIEW, Status.APPROVAL)


def _period(county: Organization, today: dt.date) -> AssessmentPeriod | None:
    periods = AssessmentPeriod.objects.filter(county=county)
    return (
        periods.filter(start__lte=today, end__gte=today).order_by("-start").first()
        or periods.filter(start__lte=today).order_by("-end").first()
    )


def members_with_work(villages: QuerySet[Organization], today: dt.date) -> QuerySet[Person]:
    """Plain members (holding no post) with a post claimed, a commitment of the year not yet reported,
    volunteer hours and a training attended."""
    person = OuterRef("pk")
    return (
        Person.objects.filter(membership__branch__in=villages)
        .exclude(Exists(Appointment.objects.filter(person=person)))
        .filter(Exists(PostClaim.objects.filter(member=person, post__year=today.year)))
        .filter(Exists(Commitment.objects.filter(member=person, year=today.year, reports__isnull=True)))
        .filter(Exists(VolunteerEntry.objects.filter(member=person)))
        .filter(Exists(Attendance.objects.filter(person=person)))
        .order_by("membership__branch__code", "pk")
    )


def village_with_work(county: Organization) -> Organization | None:
    """The village whose Five-Good assessment lags most and that has a member with work; else the most lagging."""
    today = clock.today()
    villages = Organization.objects.villages().within(county.code)
    period = _period(county, today)
    if period is None:
        return None
    held = dict(
        Assessment.objects.filter(period=period, standard__code=StandardCode.FIVE_GOOD)
        .with_status()
        .filter(status__in=VILLAGE_STEPS)  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
        .values_list("organization_id", "status")
    )
    if not held:
        return None
    with_members = set(
        members_with_work(villages.filter(pk__in=held), today).values_list("membership__branch_id", flat=True)
    )
    rank = {step: n for n, step in enumerate(VILLAGE_STEPS)}
    chosen = min(held, key=lambda pk: (pk not in with_members, rank[held[pk]], pk))
    return villages.select_related("parent").get(pk=chosen)


def member_with_work(village: Organization) -> Person | None:
    return members_with_work(Organization.objects.filter(pk=village.pk), clock.today()).first()


def leader_with_work(county: Organization) -> Person | None:
    """The linked leader with both kinds of review pending (overdue and due soon), else the most pending."""
    today = clock.today()
    points = list(ContactPoint.objects.filter(target__code__startswith=county.code).active_on(today).order_by("pk"))
    statuses = supervision.review_status(points, today)
    pending: dict[int, list[str]] = defaultdict(list)
    for point in points:
        status = statuses.get(point.pk)
        if status is not None and status.state != ReviewState.ON_TRACK:
            pending[point.leader_id].append(str(status.state))
    if not pending:
        return None
    leader_id = min(pending, key=lambda pk: (-len(set(pending[pk])), -len(pending[pk]), pk))
    return Person.objects.get(pk=leader_id)


def unit_with_work(county: Organization, township: Organization) -> OutsideUnit | None:
    """The county department whose current pairings have most waiting on the campaign's today
    (``pairing.todos``: a pairing going quiet, the year's help to report), those in ``township`` first;
    without any, the one with the most current pairings."""
    today = clock.today()
    current = Q(pairings__start__lte=today) & (Q(pairings__end__isnull=True) | Q(pairings__end__gte=today))
    units = list(
        OutsideUnit.objects.filter(home=county, kind=UnitKind.DEPARTMENT)
        .annotate(
            here=Count("pairings", filter=current & Q(pairings__village__code__startswith=township.code)),
            current=Count("pairings", filter=current),
        )
        .filter(current__gt=0)
        .order_by("pk")
    )
    pairings = list(Pairing.objects.filter(unit__in=units).active_on(today))
    work = pairing_work(pairings, today)
    kinds: dict[int, set[str]] = defaultdict(set)
    items: dict[int, int] = defaultdict(int)
    for pairing in pairings:
        for item in work.get(pairing.pk, ()):
            kinds[pairing.unit_id].add(item.kind)
            items[pairing.unit_id] += 1
    ranked = sorted(
        units,
        key=lambda u: (-len(kinds[u.pk]), -items[u.pk], -u.here, -u.current, u.pk),  # type: ignore[attr-defined]  # annotated
    )
    return ranked[0] if ranked else None
