"""Membership figures, counted on the period's last day (or today while it runs): members, those on probation,
applicants, activists and candidates then; admissions, transfers in and out during the period."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from common.figures import as_of, register
from organizations.models import Organization

from . import counting


def _period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), as_of(year)


@register("rural_party_members", label=_("通过党小组组织起来的农村党员"), requirement="F-PEOPLE", unit=_("名"))
def rural_party_members(unit: Organization, year: int) -> int:
    # The source counts the capable rural members organized through party groups, as at the period's end.
    return counting.members_on(unit.code, as_of(year), organized=True)


@register("probationary_members", label=_("预备党员"), requirement="F-PEOPLE", unit=_("名"))
def probationary_members(unit: Organization, year: int) -> int:
    return counting.probationary_on(unit.code, as_of(year))


@register("applicants", label=_("入党申请人"), requirement="F-PEOPLE", unit=_("名"))
def applicants(unit: Organization, year: int) -> int:
    return counting.stages_on(unit.code, as_of(year))["applicants"]


@register("activists", label=_("入党积极分子"), requirement="F-PEOPLE", unit=_("名"))
def activists(unit: Organization, year: int) -> int:
    return counting.stages_on(unit.code, as_of(year))["activists"]


@register("candidates", label=_("发展对象"), requirement="F-PEOPLE", unit=_("名"))
def candidates(unit: Organization, year: int) -> int:
    return counting.stages_on(unit.code, as_of(year))["candidates"]


@register("members_admitted", label=_("新发展党员"), requirement="F-PEOPLE", unit=_("名"))
def members_admitted(unit: Organization, year: int) -> int:
    return counting.flow(unit.code, *_period(year)).joins


@register("members_transferred_in", label=_("转入党员"), requirement="F-PEOPLE", unit=_("名"))
def members_transferred_in(unit: Organization, year: int) -> int:
    return counting.flow(unit.code, *_period(year)).transferred_in


@register("members_transferred_out", label=_("转出党员"), requirement="F-PEOPLE", unit=_("名"))
def members_transferred_out(unit: Organization, year: int) -> int:
    return counting.flow(unit.code, *_period(year)).transferred_out


@register("members_away", label=_("流动党员"), requirement="F-PEOPLE", unit=_("名"))
def members_away(unit: Organization, year: int) -> int:
    return counting.away_on(unit.code, as_of(year))
