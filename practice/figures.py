"""P3 figures, counted from the practice records in the unit's subtree for the year.

- ``posts_claimed``: claims the branch assigned (认领成功) on posts of the year. The
  source's "5,400+ posts claimed" counts members on posts, so a post held by two
  members counts twice, and a claim still waiting or declined does not count.
- ``households_paired``: distinct households (by the household's own village) with a
  member's assistance pairing active at any time in the year.
- ``mutual_aid_groups``: groups founded on or before the year's end.
- ``posts_assigned`` and ``volunteer_hours`` (supporting figures, by month in the trends):
  claims assigned during the year on its posts; confirmed service hours begun in the year.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common.figures import Series, monthly, register_rows, register_trend, year_bounds
from organizations.models import Organization

from .models import (
    ClaimEvent,
    ClaimEventKind,
    ClaimStatus,
    HouseholdAid,
    MutualAidGroup,
    PostClaim,
    VolunteerEntry,
    VolunteerStatus,
    active_during,
)

DURATION = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())


def hours(total: dt.timedelta | None) -> Decimal:
    """A summed duration as hours to one decimal."""
    if not total:
        return Decimal("0.0")
    return (Decimal(total.total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


@register_rows(
    "posts_claimed", label=_("党员认领岗位"), requirement="P3", unit=_("个"), code_path="post__village__code"
)
def posts_claimed(year: int) -> QuerySet[PostClaim]:
    return PostClaim.objects.filter(post__year=year, status=ClaimStatus.ASSIGNED)


@register_rows(
    "households_paired",
    label=_("党员结对帮扶困难户"),
    requirement="P3",
    unit=_("户"),
    code_path="household__village__code",
    value=Count("household_id", distinct=True),
)
def households_paired(year: int) -> QuerySet[HouseholdAid]:
    return HouseholdAid.objects.filter(active_during(dt.date(year, 1, 1), dt.date(year, 12, 31)))


@register_rows("mutual_aid_groups", label=_("产业互助组"), requirement="P3", unit=_("个"), code_path="village__code")
def mutual_aid_groups(year: int) -> QuerySet[MutualAidGroup]:
    return MutualAidGroup.objects.filter(founded_on__year__lte=year)


@register_rows(
    "volunteer_hours",
    label=_("党员志愿服务（已确认）"),
    requirement="P3",
    unit=_("小时"),
    code_path="village__code",
    value=Sum(DURATION),
    finish=hours,
    headline=False,
)
def volunteer_hours(year: int) -> QuerySet[VolunteerEntry]:
    start, end = year_bounds(year)
    return VolunteerEntry.objects.filter(status=VolunteerStatus.CONFIRMED, start__gte=start, start__lt=end)


@register_rows(
    "posts_assigned",
    label=_("年内定岗"),
    requirement="P3",
    unit=_("个"),
    code_path="claim__post__village__code",
    value=Count("claim_id", distinct=True),
    headline=False,
)
def posts_assigned(year: int) -> QuerySet[ClaimEvent]:
    """Assignments made during the year on the year's posts, of claims still assigned."""
    start, end = year_bounds(year)
    return ClaimEvent.objects.filter(
        kind=ClaimEventKind.ASSIGNED,
        claim__status=ClaimStatus.ASSIGNED,
        claim__post__year=year,
        at__gte=start,
        at__lt=end,
    )


@register_trend(
    "volunteer_hours",
    title=_("党员志愿服务（已确认）"),
    unit=_("小时"),
    figure="volunteer_hours",
    sums=("hours",),
    order=30,
)
def volunteer_hours_by_month(unit: Organization, year: int, on: dt.date) -> list[Series]:
    rows = (
        volunteer_hours(year)
        .filter(village__code__startswith=unit.code)
        .annotate(month=ExtractMonth("start"))
        .values("month")
        .annotate(d=Sum(DURATION))
        .order_by()
    )
    found = {row["month"]: hours(row["d"]) for row in rows}
    return [Series("hours", _t("服务时长"), monthly(found, Decimal("0.0")))]


@register_trend(
    "posts_claimed", title=_("党员认领岗位（定岗）"), unit=_("个"), figure="posts_assigned", sums=("claims",), order=40
)
def posts_assigned_by_month(unit: Organization, year: int, on: dt.date) -> list[Series]:
    """Claims on the year's posts that the branch assigned, by the month of the assignment."""
    rows = (
        posts_assigned(year)
        .filter(claim__post__village__code__startswith=unit.code)
        .annotate(month=ExtractMonth("at"))
        .values("month")
        .annotate(n=Count("claim_id", distinct=True))
        .order_by()
    )
    return [Series("claims", _t("定岗数"), monthly({row["month"]: row["n"] for row in rows}))]
