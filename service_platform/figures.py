"""P2 figures, counted from records in the unit's subtree.

A facility counts for a year when it existed during it: opened on or before 31 December
and not closed before 1 January (a suspended facility still exists; a centre closed in
June counts for that year, not the next). A supported project counts when it was active
during the year: started on or before 31 December and not ended before 1 January.
Micro-loans count by the year they were applied for, once approved (or repaid).
One query per figure.
"""

import datetime as dt
from collections.abc import Callable
from functools import partial

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from common.figures import register_rows

from .models import Facility, FacilityKind, LoanStatus, MicroLoan, SupportedProject

facility_figure = partial(register_rows, requirement="P2", unit=_("个"), code_path="organization__code")


def _facilities(kind: str) -> Callable[[int], QuerySet[Facility]]:
    def rows(year: int) -> QuerySet[Facility]:
        return Facility.objects.filter(kind=kind).existing_during(dt.date(year, 1, 1), dt.date(year, 12, 31))

    return rows


facility_figure("service_centres", label=_("乡镇党员服务中心"))(_facilities(FacilityKind.SERVICE_CENTRE))
facility_figure("love_supermarkets", label=_("爱心超市"))(_facilities(FacilityKind.LOVE_SUPERMARKET))
facility_figure("mobile_service_stations", label=_("流动党员服务站"))(_facilities(FacilityKind.MOBILE_STATION))
facility_figure("entrepreneurship_bases", label=_("党员创业基地"))(_facilities(FacilityKind.ENTREPRENEURSHIP_BASE))


@facility_figure("supported_projects", label=_("扶持发展项目"))
def supported_projects(year: int) -> QuerySet[SupportedProject]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return SupportedProject.objects.filter(Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first)))


def _loans(year: int) -> QuerySet[MicroLoan]:
    return MicroLoan.objects.filter(
        applied_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        status__in=[LoanStatus.APPROVED, LoanStatus.REPAID],
    )


loan_figure = partial(register_rows, requirement="P2", code_path="village__code", headline=False)
loan_figure("micro_loans_approved", label=_("153帮扶计划小额贷款"), unit=_("笔"))(_loans)
loan_figure("micro_loan_amount_yuan", label=_("小额贷款金额"), unit=_("元"), value=Sum("amount"), money=True)(_loans)
