"""A1/A2 figures, counted from pairings, postings and outcomes in the unit's subtree.

Pairings and postings count when active at any time during the year; outcomes count by
their date in the year. One query per figure, and one per figure for all child units.
"""

import datetime as dt
from decimal import Decimal
from functools import partial

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.functional import Promise
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common.figures import Series, monthly, register_rows, register_trend
from organizations.models import Organization

from .models import Outcome, OutcomeType, Pairing, PairingKind, Posting


def _postings(year: int) -> QuerySet[Posting]:
    return Posting.objects.active_during(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _pairings(year: int, kind: str) -> QuerySet[Pairing]:
    return Pairing.objects.filter(kind=kind).active_during(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _outcomes(year: int, type_: str) -> QuerySet[Outcome]:
    return Outcome.objects.filter(date__year=year, type=type_)


def _distinct(field: str) -> Count:
    return Count(field, distinct=True)


posting_figure = partial(register_rows, requirement="A1", code_path="village__code")
pairing_figure = partial(register_rows, code_path="village__code")
outcome_figure = partial(register_rows, requirement="A2", code_path="pairing__village__code")


@posting_figure("posting_batches", label=_("挂职帮扶批次"), unit=_("批"), value=_distinct("batch_id"))
def posting_batches(year: int) -> QuerySet[Posting]:
    return _postings(year)


@posting_figure("cadres_posted", label=_("挂职帮扶干部"), unit=_("名"), value=_distinct("cadre_id"))
def cadres_posted(year: int) -> QuerySet[Posting]:
    return _postings(year)


@posting_figure(
    "villages_with_posted_cadres",
    label=_("有挂职干部的村"),
    unit=_("个"),
    value=_distinct("village_id"),
)
def villages_with_posted_cadres(year: int) -> QuerySet[Posting]:
    return _postings(year)


def _paired(key: str, kind: str, label: str | Promise, requirement: str, unit: str | Promise, field: str) -> None:
    pairing_figure(key, label=label, requirement=requirement, unit=unit, value=_distinct(field))(
        lambda year: _pairings(year, kind)
    )


_paired("departments_paired", PairingKind.DEPARTMENT, _("挂钩帮扶的县直部门"), "A1", _("个"), "unit_id")
_paired("villages_paired_with_departments", PairingKind.DEPARTMENT, _("县直部门挂钩的村"), "A1", _("个"), "village_id")
_paired("civilized_units_paired", PairingKind.CIVILIZED_UNIT, _("结对共建的文明单位"), "A2", _("个"), "unit_id")
_paired(
    "villages_paired_with_civilized_units",
    PairingKind.CIVILIZED_UNIT,
    _("与文明单位结对的村"),
    "A2",
    _("个"),
    "village_id",
)
_paired("enterprises_paired", PairingKind.ENTERPRISE, _("结对共建的非公企业党组织"), "A2", _("个"), "unit_id")
_paired(
    "villages_paired_with_enterprises", PairingKind.ENTERPRISE, _("与非公企业结对的村"), "A2", _("个"), "village_id"
)


@outcome_figure("development_plans", label=_("帮助制定发展规划"), unit=_("个"))
def development_plans(year: int) -> QuerySet[Outcome]:
    return _outcomes(year, OutcomeType.PLAN)


@outcome_figure("development_projects", label=_("帮助落实发展项目"), unit=_("个"))
def development_projects(year: int) -> QuerySet[Outcome]:
    return _outcomes(year, OutcomeType.PROJECT)


@outcome_figure("development_funds_yuan", label=_("帮助筹措资金"), unit=_("元"), value=Sum("amount"), money=True)
def development_funds_yuan(year: int) -> QuerySet[Outcome]:
    return _outcomes(year, OutcomeType.FUNDS)


@register_trend(
    "funds", title=_("帮助筹措资金"), unit=_("元"), figure="development_funds_yuan", sums=("funds",), order=50
)
def funds_by_month(unit: Organization, year: int, on: dt.date) -> list[Series]:
    rows = (
        development_funds_yuan(year)
        .filter(pairing__village__code__startswith=unit.code)
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    # SQLite sums decimals loosely; the figure is money, to the fen.
    found = {row["month"]: Decimal(row["s"]).quantize(Decimal("0.01")) for row in rows if row["s"]}
    return [Series("funds", _t("资金"), monthly(found, Decimal("0.00")))]
