"""P2 figures, counted from records in the scope's subtree.

A facility counts for a year when it existed during it: opened on or before 31 December
and not closed before 1 January (a suspended facility still exists; a centre closed in
June counts for that year, not the next). A supported project counts when it was active
during the year: started on or before 31 December and not ended before 1 January.
One query per figure.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import Facility, FacilityKind, SupportedProject


def _facilities(unit: Organization, period: int, kind: str) -> int:
    return (
        Facility.objects.filter(kind=kind, organization__code__startswith=unit.code)
        .existing_during(dt.date(period, 1, 1), dt.date(period, 12, 31))
        .count()
    )


@register("service_centres", label=_("乡镇党员服务中心"), requirement="P2", unit=_("个"))
def service_centres(unit: Organization, period: int) -> int:
    return _facilities(unit, period, FacilityKind.SERVICE_CENTRE)


@register("love_supermarkets", label=_("爱心超市"), requirement="P2", unit=_("个"))
def love_supermarkets(unit: Organization, period: int) -> int:
    return _facilities(unit, period, FacilityKind.LOVE_SUPERMARKET)


@register("mobile_service_stations", label=_("流动党员服务站"), requirement="P2", unit=_("个"))
def mobile_service_stations(unit: Organization, period: int) -> int:
    return _facilities(unit, period, FacilityKind.MOBILE_STATION)


@register("entrepreneurship_bases", label=_("党员创业基地"), requirement="P2", unit=_("个"))
def entrepreneurship_bases(unit: Organization, period: int) -> int:
    return _facilities(unit, period, FacilityKind.ENTREPRENEURSHIP_BASE)


@register("supported_projects", label=_("扶持发展项目"), requirement="P2", unit=_("个"))
def supported_projects(unit: Organization, period: int) -> int:
    first, last = dt.date(period, 1, 1), dt.date(period, 12, 31)
    return SupportedProject.objects.filter(
        Q(organization__code__startswith=unit.code, start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))
    ).count()
