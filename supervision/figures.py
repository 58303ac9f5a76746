"""M3 figures, counted from the records: demonstration sites, model members, contact points."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import ContactPoint, DemonstrationSite, ModelMember


@register("demonstration_sites", label=_("示范点"), requirement="M3", unit=_("个"))
def demonstration_sites(unit: Organization, period: int) -> int:
    return DemonstrationSite.objects.filter(organization__code__startswith=unit.code, year=period).count()


@register("model_members", label=_("标兵"), requirement="M3", unit=_("名"))
def model_members(unit: Organization, period: int) -> int:
    return ModelMember.objects.filter(organization__code__startswith=unit.code, year=period).count()


@register("contact_points", label=_("挂点领导联系点"), requirement="M3", unit=_("个"))
def contact_points(unit: Organization, period: int) -> int:
    # Points active on at least one day of the year, whose township or village is in scope.
    return (
        ContactPoint.objects.filter(target__code__startswith=unit.code)
        .active_between(dt.date(period, 1, 1), dt.date(period, 12, 31))
        .count()
    )
