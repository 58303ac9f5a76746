"""M3 figures, counted from the records: demonstration sites, model members, contact points, reviews."""

import datetime as dt

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common.figures import Series, monthly, register_rows, register_trend
from organizations.models import Organization

from .models import ContactPoint, DemonstrationSite, ModelMember, Review


@register_rows("demonstration_sites", label=_("示范点"), requirement="M3", unit=_("个"), code_path="organization__code")
def demonstration_sites(year: int) -> QuerySet[DemonstrationSite]:
    return DemonstrationSite.objects.filter(year=year)


@register_rows("model_members", label=_("标兵"), requirement="M3", unit=_("名"), code_path="organization__code")
def model_members(year: int) -> QuerySet[ModelMember]:
    return ModelMember.objects.filter(year=year)


@register_rows("contact_points", label=_("挂点领导联系点"), requirement="M3", unit=_("个"), code_path="target__code")
def contact_points(year: int) -> QuerySet[ContactPoint]:
    # Points active on at least one day of the year, whose township or village is in the unit.
    return ContactPoint.objects.active_between(dt.date(year, 1, 1), dt.date(year, 12, 31))


@register_rows(
    "reviews_recorded",
    label=_("挂点领导点评"),
    requirement="M3",
    unit=_("次"),
    code_path="contact_point__target__code",
    headline=False,
)
def reviews_recorded(year: int) -> QuerySet[Review]:
    return Review.objects.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))


@register_trend(
    "reviews", title=_("挂点领导点评联系点"), unit=_("次"), figure="reviews_recorded", sums=("reviews",), order=10
)
def reviews_by_month(unit: Organization, year: int, on: dt.date) -> list[Series]:
    rows = (
        reviews_recorded(year)
        .filter(contact_point__target__code__startswith=unit.code)
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [Series("reviews", _t("点评次数"), monthly({row["month"]: row["n"] for row in rows}))]
