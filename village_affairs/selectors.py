"""Reads for A3: statements, disclosure status, township monthly feedback, and what the portal may show.

The ``published_*`` functions are the only reads the public portal uses.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.division_codes import county_code
from organizations.models import Organization

from .config import setting
from .models import (
    INCOME_CATEGORIES,
    Category,
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    Feedback,
    LedgerEntry,
    PublishedMonth,
    RewardPenalty,
    Step,
)
from .periods import DisclosurePeriod, period_of, required_periods

ZERO = Decimal("0.00")


# -- statements -------------------------------------------------------------------------


@dataclass
class CategoryLine:
    category: str
    label: str
    amount: Decimal


@dataclass
class Statement:
    """A village's monthly statement (月度财务收支表): computed from the ledger, never stored."""

    village: Organization
    year: int
    month: int
    opening: Decimal = ZERO
    income: list[CategoryLine] = field(default_factory=list)
    expense: list[CategoryLine] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    published: PublishedMonth | None = None
    frozen: bool = False  # this or a later month is published: entries dated in it can no longer change

    @property
    def income_total(self) -> Decimal:
        return sum((line.amount for line in self.income), ZERO)

    @property
    def expense_total(self) -> Decimal:
        return sum((line.amount for line in self.expense), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income_total - self.expense_total

    @property
    def period(self) -> DisclosurePeriod:
        return DisclosurePeriod(self.year, self.month, "month")


def _signed(direction: str, amount: Decimal, reversing: bool) -> Decimal:
    sign = 1 if direction == "income" else -1
    return amount * (-sign if reversing else sign)


def _lines(totals: dict[str, Decimal], income: bool) -> list[CategoryLine]:
    return [
        CategoryLine(c.value, str(c.label), totals[c.value])
        for c in Category
        if (c in INCOME_CATEGORIES) == income and c.value in totals
    ]


def statements_for(
    village: Organization, months: Iterable[tuple[int, int]], *, with_entries: bool = True
) -> list[Statement]:
    """Return the statements of ``months`` for one village in two queries, whatever their number.

    A reversing entry counts against its category in the month it is dated (negative effect).
    """
    wanted = sorted(set(months))
    if not wanted:
        return []
    last = max(DisclosurePeriod(y, m, "month").last_day for y, m in wanted)
    rows = (
        LedgerEntry.objects.filter(village=village, date__lte=last)
        .select_related("corrects", "reversed_by")
        .order_by("date", "id")
    )
    published = {(p.year, p.month): p for p in PublishedMonth.objects.filter(village=village)}
    frozen_until = max((p.last_day for p in published.values()), default=None)
    by_month: dict[tuple[int, int], list[LedgerEntry]] = defaultdict(list)
    for entry in rows:
        by_month[(entry.date.year, entry.date.month)].append(entry)
    result = []
    for year, month in wanted:
        first = dt.date(year, month, 1)
        opening = sum(
            (e.effect for key, entries in by_month.items() if dt.date(key[0], key[1], 1) < first for e in entries),
            ZERO,
        )
        income: dict[str, Decimal] = defaultdict(lambda: ZERO)
        expense: dict[str, Decimal] = defaultdict(lambda: ZERO)
        entries = by_month.get((year, month), [])
        for e in entries:
            sign = -1 if e.corrects_id else 1
            (income if e.direction == "income" else expense)[e.category] += sign * e.amount
        result.append(
            Statement(
                village=village,
                year=year,
                month=month,
                opening=opening,
                income=_lines(income, True),
                expense=_lines(expense, False),
                entries=entries if with_entries else [],
                published=published.get((year, month)),
                frozen=frozen_until is not None and frozen_until >= DisclosurePeriod(year, month, "month").last_day,
            )
        )
    return result


def monthly_statement(village: Organization, year: int, month: int) -> Statement:
    return statements_for(village, [(year, month)])[0]


# -- disclosure status --------------------------------------------------------------------


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


STATUS_LABELS = {
    Status.ON_TIME: _("按时公开"),
    Status.LATE: _("逾期公开"),
    Status.MISSING: _("未公开"),
    Status.NOT_DUE: _("未到期"),
}


def affairs_period_kind() -> str:
    return setting("affairs_period")


def period_kind_for(kind: str) -> str:
    return "month" if kind == DisclosureKind.FINANCE else affairs_period_kind()


def publication_dates(
    village_ids: Iterable[int], kind: str | None = None
) -> dict[tuple[int, str, int, str, int], dt.date]:
    """Return (village, kind, year, period kind, number) → local publication date of published disclosures.

    Originals only: a correction (``corrects`` set) shares its original's period and is not a
    further required disclosure, nor does its later date make the original late.
    """
    qs = Disclosure.objects.filter(
        village_id__in=list(village_ids), status=DisclosureStatus.PUBLISHED, corrects__isnull=True
    )
    if kind:
        qs = qs.filter(kind=kind)
    return {
        (v, k, y, pk, n): timezone.localtime(at).date()
        for v, k, y, pk, n, at in qs.values_list(
            "village_id", "kind", "year", "period_kind", "period_number", "published_at"
        )
    }


def disclosure_status(published_on: dt.date | None, period: DisclosurePeriod, on: dt.date) -> str:
    """Return on time / late / missing / not due for one period as seen on ``on``."""
    if published_on is not None and published_on <= on:
        return Status.ON_TIME if published_on <= period.deadline else Status.LATE
    return Status.MISSING if period.deadline < on else Status.NOT_DUE


@dataclass
class VillageMonth:
    village: Organization
    finance_period: DisclosurePeriod
    finance_status: str
    finance_published_on: dt.date | None
    affairs_period: DisclosurePeriod
    affairs_status: str
    affairs_published_on: dt.date | None
    findings: list = field(default_factory=list)

    @property
    def finance_label(self) -> str:
        return str(STATUS_LABELS[self.finance_status])

    @property
    def affairs_label(self) -> str:
        return str(STATUS_LABELS[self.affairs_status])


def township_month(township: Organization, year: int, month: int, on: dt.date) -> list[VillageMonth]:
    """Return each village's disclosure status for ``year``-``month`` seen on ``on`` (按月反馈), two queries."""
    villages = list(Organization.objects.villages().within(township.code).order_by("code"))
    dates = publication_dates([v.pk for v in villages])
    finance = DisclosurePeriod(year, month, "month")
    affairs = period_of(dt.date(year, month, 1), affairs_period_kind())
    rows = []
    for v in villages:
        f_on = dates.get((v.pk, DisclosureKind.FINANCE, finance.year, finance.kind, finance.number))
        a_on = dates.get((v.pk, DisclosureKind.AFFAIRS, affairs.year, affairs.kind, affairs.number))
        rows.append(
            VillageMonth(
                village=v,
                finance_period=finance,
                finance_status=disclosure_status(f_on, finance, on),
                finance_published_on=f_on,
                affairs_period=affairs,
                affairs_status=disclosure_status(a_on, affairs, on),
                affairs_published_on=a_on,
            )
        )
    return rows


def campaign_starts(unit: Organization) -> dict[str, dt.date]:
    """The start of each county's first campaign period under ``unit`` (its own county below one), in one query.

    Disclosures are owed from then on.
    """
    from evaluation.models import AssessmentPeriod  # the campaign calendar lives with the evaluation periods

    rows = (
        AssessmentPeriod.objects.filter(county__code__startswith=county_code(unit.code))
        .values_list("county__code")
        .annotate(start=Min("start"))
        .order_by()
    )
    return dict(rows.values_list("county__code", "start"))


def due_periods(kind: str, on: dt.date, required_from: dt.date | None = None) -> list[DisclosurePeriod]:
    """Return the required periods of ``kind`` whose deadline passed before ``on`` (within the lookback).

    ``required_from`` is when the obligation began (the county's campaign start); without
    it, the ``required_from`` setting.
    """
    lookback = setting("lookback_months")
    due_from = dt.date.min
    if lookback:
        months_back = on.year * 12 + on.month - 1 - int(lookback)
        due_from = dt.date(months_back // 12, months_back % 12 + 1, 1)
    return required_periods(
        period_kind_for(kind), due_from=due_from, due_until=on - dt.timedelta(days=1), required_from=required_from
    )


# -- decisions ---------------------------------------------------------------------------


def decisions_in(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    """Decisions with their steps prefetched (one extra query for the whole list)."""
    return queryset.select_related("village", "raised_by").prefetch_related(
        Prefetch("steps", queryset=DecisionStep.objects.order_by("number"))
    )


def with_step_list(decisions: Iterable[Decision]) -> list[Decision]:
    """Attach ``step_list`` and ``last_step`` (from the prefetched steps) for templates."""
    found = []
    for d in decisions:
        d.step_list = list(d.steps.all())  # type: ignore[attr-defined]
        d.last_step = d.step_list[-1] if d.step_list else None  # type: ignore[attr-defined]
        found.append(d)
    return found


def next_step(decision: Decision) -> int | None:
    """Return the number of the next step to record (uses prefetched steps), or None when all six are done."""
    numbers = [s.number for s in decision.steps.all()]
    following = max(numbers) + 1 if numbers else Step.PROPOSE
    return following if following <= Step.PUBLISH_RESULT else None


# -- the portal: published things only -------------------------------------------------------


def published_disclosures(village: Organization) -> QuerySet[Disclosure]:
    """Published disclosures, corrections among them, each with its original and its published corrections."""
    return (
        Disclosure.objects.filter(village=village, status=DisclosureStatus.PUBLISHED)
        .select_related("corrects")
        .prefetch_related(published_corrections())
        .order_by("-year", "-period_number", "kind", "-published_at")
    )


def published_corrections() -> Prefetch:
    """``disclosure.published_corrections``: its published corrections, oldest first (one query for a page)."""
    return Prefetch(
        "corrections",
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED).order_by("published_at", "id"),
        to_attr="published_corrections",
    )


def public_summary(village: Organization, year: int) -> dict[str, int]:
    """What the village made public in ``year``, counted from the records (the public page's summary)."""
    in_year = {"gte": dt.date(year, 1, 1), "lt": dt.date(year + 1, 1, 1)}
    day = {f"published_at__date__{k}": v for k, v in in_year.items()}
    counts = Disclosure.objects.filter(village=village, status=DisclosureStatus.PUBLISHED, **day).aggregate(
        disclosures=Count("id", filter=Q(corrects__isnull=True)),
        corrections=Count("id", filter=Q(corrects__isnull=False)),
    )
    return {
        **counts,
        "decisions": DecisionStep.objects.filter(
            decision__village=village, number=Step.PUBLISH_RESOLUTION, date__gte=in_year["gte"], date__lt=in_year["lt"]
        ).count(),
        "answers": Feedback.objects.filter(
            village=village, **{f"answered_at__date__{k}": v for k, v in in_year.items()}
        ).count(),
    }


def published_statements(village: Organization, limit: int = 12) -> list[Statement]:
    """The statements of the most recent published months (the finance disclosure publishes them)."""
    months = list(
        PublishedMonth.objects.filter(village=village).order_by("-year", "-month").values_list("year", "month")[:limit]
    )
    return sorted(statements_for(village, months), key=lambda s: (s.year, s.month), reverse=True)


def published_decisions(village: Organization, limit: int = 50) -> list[Decision]:
    """Decisions whose resolution is published (step 5), with the registers of all their steps."""
    qs = decisions_in(
        Decision.objects.filter(village=village, steps__number=Step.PUBLISH_RESOLUTION).distinct()
    ).order_by("-id")[:limit]
    return with_step_list(qs)


def answered_feedback(village: Organization, limit: int = 30) -> QuerySet[Feedback]:
    """Answered feedback is public with its answer (the submitter's name only if given)."""
    return (
        Feedback.objects.filter(village=village, answered_at__isnull=False)
        .select_related("disclosure", "decision_step__decision", "published_month")
        .order_by("-created_at")[:limit]
    )


# -- rewards and penalties (the evaluation cadre view reads these) --------------------------


def rewards_penalties_for_people(person_ids: Iterable[int]) -> dict[int, list[RewardPenalty]]:
    """Return each person's rewards and penalties, newest first, in one query."""
    found: dict[int, list[RewardPenalty]] = defaultdict(list)
    for row in RewardPenalty.objects.filter(person_id__in=list(person_ids)).order_by("-date", "-id"):
        found[row.person_id].append(row)
    return dict(found)


def feedback_in(queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
    return queryset.select_related("village", "disclosure", "decision_step__decision", "published_month", "answered_by")


def unanswered_q(on: dt.date) -> Q:
    return Q(answered_at__isnull=True) | Q(answered_at__date__gt=on)
