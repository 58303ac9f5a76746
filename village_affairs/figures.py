"""A3 figures, counted from disclosures and accountability cases in the unit's subtree.

A disclosure counts for the year of its period once published, and only if published by
the day the year is seen on (its last day, or today while it runs): the December finance
statement published on 5 January belongs to the next report, not to the one dated
31 December.
"""

import datetime as dt
from functools import partial

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common.figures import MONTHS, Series, as_of, register_rows, register_trend
from organizations.models import Organization

from .config import setting
from .models import AccountabilityCase, Disclosure, DisclosureKind, DisclosureStatus, PeriodKind
from .periods import DisclosurePeriod


def _published_by(day: dt.date) -> dt.datetime:
    """The first instant after ``day``, local time: published before it means published by ``day``."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())


def _published(year: int, kind: str) -> QuerySet[Disclosure]:
    # Corrections (``corrects`` set) are not further disclosures: the period counts once.
    return Disclosure.objects.filter(
        corrects__isnull=True,
        kind=kind,
        year=year,
        status=DisclosureStatus.PUBLISHED,
        published_at__lt=_published_by(as_of(year)),
    )


disclosure_figure = partial(register_rows, requirement="A3", unit=_("期"), code_path="village__code", headline=False)


@disclosure_figure("affairs_disclosures_published", label=_("村务公开"))
def affairs_disclosures_published(year: int) -> QuerySet[Disclosure]:
    return _published(year, DisclosureKind.AFFAIRS)


@disclosure_figure("finance_disclosures_published", label=_("财务公开"))
def finance_disclosures_published(year: int) -> QuerySet[Disclosure]:
    return _published(year, DisclosureKind.FINANCE)


@register_rows(
    "accountability_cases_opened",
    label=_("村务公开问责立案"),
    requirement="A3",
    unit=_("起"),
    code_path="village__code",
    headline=False,
)
def accountability_cases_opened(year: int) -> QuerySet[AccountabilityCase]:
    return AccountabilityCase.objects.filter(finding_since__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))


@register_trend(
    "disclosures",
    title=_("财务公开（按月）"),
    unit=_("个村"),
    figure="finance_disclosures_published",
    sums=("on_time", "late"),
    order=20,
    stacked=True,
)
def disclosures_by_month(unit: Organization, year: int, on: dt.date) -> list[Series]:
    """Finance disclosures per month: published on time, late, and missing once the deadline has passed.

    Seen on ``on`` as R-DISCLOSE sees it (``selectors.disclosure_status``): a publication
    after ``on`` has not happened yet; a month not yet due is not missing.
    """
    months = [DisclosurePeriod(year, m, PeriodKind.MONTH) for m in MONTHS]
    # Published on the deadline day counts as on time: before midnight after it, local time.
    on_time = Q(pk__in=[])
    for p in months:
        on_time |= Q(period_number=p.number, published_at__lt=_published_by(p.deadline))
    rows = (
        finance_disclosures_published(year)
        .filter(village__code__startswith=unit.code, period_kind=PeriodKind.MONTH, published_at__lt=_published_by(on))
        .values(month=F("period_number"))
        .annotate(published=Count("id"), on_time=Count("id", filter=on_time))
        .order_by()
    )
    found = {row["month"]: row for row in rows}
    villages = Organization.objects.villages().filter(code__startswith=unit.code).count()
    required_from = setting("required_from")
    on_time_values, late_values, missing_values = [], [], []
    for p in months:
        row = found.get(p.number, {"published": 0, "on_time": 0})
        on_time_values.append(row["on_time"])
        late_values.append(row["published"] - row["on_time"])
        due = p.deadline < on and p.first_day >= required_from
        missing_values.append(max(villages - row["published"], 0) if due else 0)
    return [
        Series("on_time", _t("按时公开"), on_time_values),
        Series("late", _t("逾期公开"), late_values),
        Series("missing", _t("未公开"), missing_values),
    ]
