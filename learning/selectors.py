"""Reads for P1 Learning. Every page and export gets its rows here, through the viewer's scope."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from common.scope import Right, Scope
from organizations.models import Organization, OrganizationKind, OutsideUnit
from organizations.selectors import organizations_where
from people.models import PartyMembership, Person
from people.selectors import person_q

from .models import Attendance, Channel, DeliveryKind, ServiceTeam, TeamMember, Training, Visit, VisitDelivery

ZERO_HOURS = Decimal("0.0")
TENTH = Decimal("0.1")


def _hours(total: Decimal | None) -> Decimal:
    """SQLite sums decimals loosely (2.4999…); hours are kept to a tenth."""
    return (Decimal(str(total)) if total is not None else ZERO_HOURS).quantize(TENTH)


# -- the learning record (read by P3's practice record) -------------------------------


def learning_record(
    person_ids: Iterable[int] | QuerySet[Person], start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, dict]:
    """Return ``{person_id: {"sessions": n, "hours": Decimal, "by_channel": {channel: {...}}}}``.

    Counts attendances at trainings dated in [start, end] (either bound may be None).
    Every requested person has an entry, zeros included. Two queries whatever the
    number of people: a QuerySet of Persons is used as a subquery, so a
    county's 10,000 members never reach the database's parameter limit.
    """
    if isinstance(person_ids, QuerySet) and person_ids.model is Person:
        subquery = person_ids.order_by().values("pk")
        ids = [row["pk"] for row in subquery]
        person_filter = Q(person__in=subquery)
    else:
        ids = list(dict.fromkeys(person_ids))
        person_filter = Q(person_id__in=ids)
    record: dict[int, dict] = {pid: {"sessions": 0, "hours": ZERO_HOURS, "by_channel": {}} for pid in ids}
    dates = Q()
    if start is not None:
        dates &= Q(training__date__gte=start)
    if end is not None:
        dates &= Q(training__date__lte=end)
    rows = (
        Attendance.objects.filter(person_filter, dates)
        .order_by()
        .values("person_id", "training__channel")
        .annotate(n=Count("id"), total=Sum("hours"))
    )
    for row in rows:
        entry = record.setdefault(row["person_id"], {"sessions": 0, "hours": ZERO_HOURS, "by_channel": {}})
        hours = _hours(row["total"])
        entry["sessions"] += row["n"]
        entry["hours"] += hours
        entry["by_channel"][row["training__channel"]] = {"sessions": row["n"], "hours": hours}
    return record


def channel_rows(entry: dict) -> list[dict]:
    """Return one row per channel (all four, zeros included) for a record entry."""
    by_channel = entry["by_channel"]
    return [
        {
            "channel": c.value,
            "label": c.label,
            "sessions": by_channel.get(c.value, {}).get("sessions", 0),
            "hours": by_channel.get(c.value, {}).get("hours", ZERO_HOURS),
        }
        for c in Channel
    ]


def member_attendances(person: Person, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet:
    qs = Attendance.objects.filter(person=person).select_related("training__organization")
    if start is not None:
        qs = qs.filter(training__date__gte=start)
    if end is not None:
        qs = qs.filter(training__date__lte=end)
    return qs.order_by("-training__date", "-id")


def person_for_record(scope: Scope, pk: int) -> Person | None:
    """Return the person if the viewer may see their learning record: their own, or an admin's in scope."""
    if pk not in records_visible(scope, [pk]):
        return None
    return Person.objects.filter(pk=pk).first()


def records_visible(scope: Scope, pks: Iterable[int]) -> set[int]:
    """Which of these people's learning records the viewer may open (one query): see ``person_for_record``."""
    wanted = set(pks)
    own = wanted & scope.person_ids
    if not scope.is_admin or not wanted - own:
        return own
    return own | set(
        Person.objects.filter(person_q(scope), pk__in=wanted - own).values_list("pk", flat=True).distinct()
    )


# -- teams -------------------------------------------------------------------------


def teams_visible_to(scope: Scope) -> QuerySet[ServiceTeam]:
    return (
        scope.filter(ServiceTeam.objects.all(), "organization")
        .select_related("organization", "unit", "leader")
        .annotate(member_count=Count("memberships", distinct=True), visit_count=Count("visits", distinct=True))
        .order_by("organization__code", "name", "id")
    )


def team_detail(scope: Scope, pk: int) -> ServiceTeam:
    return scope.object_or_404(
        ServiceTeam.objects.select_related("organization", "unit", "leader").prefetch_related(
            Prefetch(
                "memberships",
                TeamMember.objects.select_related("person__cadre__unit", "person__cadre__organization"),
            ),
            Prefetch(
                "visits",
                queryset=Visit.objects.select_related("target__parent").prefetch_related(
                    Prefetch("deliveries", VisitDelivery.objects.select_related("kind"))
                ),
            ),
        ),
        "organization",
        pk=pk,
    )


def team_organizations(scope: Scope) -> QuerySet[Organization]:
    """The counties and townships where the viewer may form a service team."""
    return organizations_where(scope, Right.MANAGE, [OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP])


def team_choices(organizations: QuerySet[Organization]) -> dict[str, QuerySet]:
    """What a new team of ``organizations`` may name: their counties' organs, and cadres (of the one county)."""
    counties = sorted({o.code[:6] for o in organizations})
    cadres = (
        Person.objects.filter(cadre__organization__code__startswith=counties[0]).select_related("cadre")
        if len(counties) == 1
        else Person.objects.filter(cadre__isnull=False)
    )
    return {
        "organizations": organizations.order_by("code"),
        "units": OutsideUnit.objects.filter(home__code__in=counties).order_by("kind", "name"),
        "cadres": cadres.order_by("name", "id"),
    }


def writable_teams(scope: Scope) -> QuerySet[ServiceTeam]:
    return ServiceTeam.objects.filter(scope.right_q(Right.MANAGE, "organization")).select_related("organization")


# -- visits ------------------------------------------------------------------------


def visits_visible_to(
    scope: Scope, *, kind: DeliveryKind | None = None, area: str = "", month: str = "", team: ServiceTeam | None = None
) -> QuerySet[Visit]:
    """Return visits to villages/party groups in scope, by Four-Deliveries kind, township/village code, month (YYYY-MM)."""
    qs = scope.filter(Visit.objects.all(), "target").select_related("team__organization", "target__parent__parent")
    qs = qs.prefetch_related(Prefetch("deliveries", VisitDelivery.objects.select_related("kind")))
    if kind is not None:
        qs = qs.filter(deliveries__kind=kind)
    if area:
        qs = qs.filter(target__code__startswith=area)
    if month:
        year, mon = (int(x) for x in month.split("-"))
        qs = qs.filter(date__year=year, date__month=mon)
    if team is not None:
        qs = qs.filter(team=team)
    return qs.order_by("-date", "-id")


def visit_targets(county_code: str) -> QuerySet[Organization]:
    return Organization.objects.filter(
        code__startswith=county_code, kind__in=[OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP]
    ).select_related("parent__parent")


# -- trainings ---------------------------------------------------------------------


def trainings_visible_to(
    scope: Scope, *, channel: str = "", area: str = "", year: int | None = None
) -> QuerySet[Training]:
    qs = (
        scope.filter(Training.objects.all(), "organization")
        .select_related("organization__parent")
        .annotate(attendance_count=Count("attendances"))
    )
    if channel:
        qs = qs.filter(channel=channel)
    if area:
        qs = qs.filter(organization__code__startswith=area)
    if year:
        qs = qs.filter(date__year=year)
    return qs.order_by("-date", "-id")


def training_detail(scope: Scope, pk: int) -> Training:
    return scope.object_or_404(
        Training.objects.select_related("organization__parent", "trainer").prefetch_related(
            Prefetch(
                "attendances",
                Attendance.objects.select_related(
                    "person__membership__branch", "person__membership__party_group"
                ).order_by("person__membership__branch__code", "person__name", "id"),
            )
        ),
        "organization",
        pk=pk,
    )


def attendee_candidates(training: Training) -> QuerySet[Person]:
    """Party members of the training's organization's subtree who are not yet recorded."""
    return (
        Person.objects.filter(membership__branch__code__startswith=training.organization.code)
        .exclude(attendances__training=training)
        .select_related("membership__branch", "membership__party_group")
        .order_by("membership__branch__code", "membership__party_group__code", "name", "id")
    )


def writable_training_organizations(scope: Scope) -> QuerySet[Organization]:
    kinds = [OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE]
    return organizations_where(scope, Right.MANAGE, kinds).select_related("parent")


def member_count(organization: Organization) -> int:
    return PartyMembership.objects.filter(branch__code__startswith=organization.code).count()
