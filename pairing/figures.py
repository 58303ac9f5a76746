"""A1/A2 figures, counted from pairings, postings and outcomes in the scope's subtree.

Pairings and postings count when active at any time during the period year; outcomes
count by their date in the year. One query per figure.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import Outcome, OutcomeType, Pairing, PairingKind, Posting


def _postings(unit: Organization, period: int) -> QuerySet[Posting]:
    return Posting.objects.filter(village__code__startswith=unit.code).active_during(
        dt.date(period, 1, 1), dt.date(period, 12, 31)
    )


def _pairings(unit: Organization, period: int, kind: str) -> QuerySet[Pairing]:
    return Pairing.objects.filter(kind=kind, village__code__startswith=unit.code).active_during(
        dt.date(period, 1, 1), dt.date(period, 12, 31)
    )


def _distinct(qs: QuerySet, field: str) -> int:
    return qs.order_by().values(field).distinct().count()


def _outcomes(unit: Organization, period: int, type_: str) -> QuerySet[Outcome]:
    return Outcome.objects.filter(pairing__village__code__startswith=unit.code, date__year=period, type=type_)


@register("posting_batches", label=_("挂职帮扶批次"), requirement="A1", unit=_("批"))
def posting_batches(unit: Organization, period: int) -> int:
    return _distinct(_postings(unit, period), "batch_id")


@register("cadres_posted", label=_("挂职帮扶干部"), requirement="A1", unit=_("名"))
def cadres_posted(unit: Organization, period: int) -> int:
    return _distinct(_postings(unit, period), "cadre_id")


@register("villages_with_posted_cadres", label=_("有挂职干部的村"), requirement="A1", unit=_("个"))
def villages_with_posted_cadres(unit: Organization, period: int) -> int:
    return _distinct(_postings(unit, period), "village_id")


@register("departments_paired", label=_("挂钩帮扶的县直部门"), requirement="A1", unit=_("个"))
def departments_paired(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.DEPARTMENT), "unit_id")


@register("villages_paired_with_departments", label=_("县直部门挂钩的村"), requirement="A1", unit=_("个"))
def villages_paired_with_departments(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.DEPARTMENT), "village_id")


@register("civilized_units_paired", label=_("结对共建的文明单位"), requirement="A2", unit=_("个"))
def civilized_units_paired(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.CIVILIZED_UNIT), "unit_id")


@register("villages_paired_with_civilized_units", label=_("与文明单位结对的村"), requirement="A2", unit=_("个"))
def villages_paired_with_civilized_units(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.CIVILIZED_UNIT), "village_id")


@register("enterprises_paired", label=_("结对共建的非公企业党组织"), requirement="A2", unit=_("个"))
def enterprises_paired(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.ENTERPRISE), "unit_id")


@register("villages_paired_with_enterprises", label=_("与非公企业结对的村"), requirement="A2", unit=_("个"))
def villages_paired_with_enterprises(unit: Organization, period: int) -> int:
    return _distinct(_pairings(unit, period, PairingKind.ENTERPRISE), "village_id")


@register("development_plans", label=_("帮助制定发展规划"), requirement="A2", unit=_("个"))
def development_plans(unit: Organization, period: int) -> int:
    return _outcomes(unit, period, OutcomeType.PLAN).count()


@register("development_projects", label=_("帮助落实发展项目"), requirement="A2", unit=_("个"))
def development_projects(unit: Organization, period: int) -> int:
    return _outcomes(unit, period, OutcomeType.PROJECT).count()


@register("development_funds_yuan", label=_("帮助筹措资金"), requirement="A2", unit=_("元"))
def development_funds_yuan(unit: Organization, period: int) -> Decimal:
    total = _outcomes(unit, period, OutcomeType.FUNDS).aggregate(total=Sum("amount"))["total"]
    # SQLite sums decimals loosely (3000.5); the figure is money, to the fen.
    return (total or Decimal(0)).quantize(Decimal("0.01"))
