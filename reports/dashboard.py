"""The dashboard (R-DASH): figures, monthly trends, compliance, evaluation and child units of one scope.

``dashboard(scope, period)`` is the one entry point; the page, its Excel exports and the
benchmark call it. Every part is a fixed number of queries whatever the number of
villages: each monthly trend is one GROUP BY month, each child-unit figure one GROUP BY
code prefix (a child's code is a prefix of every code under it).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.figures import FIGURES, Number, compute_figures
from common.rules import Finding, evaluate
from evaluation.models import Assessment, AssessmentPeriod, Grade, StandardCode
from evaluation.selectors import bands_by_standard, grade_of
from organizations.models import Organization, OrganizationKind
from pairing.models import Outcome, OutcomeType
from practice.models import ClaimEvent, ClaimEventKind, ClaimStatus, PostClaim, VolunteerEntry, VolunteerStatus
from rules.selectors import counts_by_rule, unit_statuses
from supervision.models import Review
from village_affairs.config import setting as village_affairs_setting
from village_affairs.models import Disclosure, DisclosureKind, DisclosureStatus
from village_affairs.periods import DisclosurePeriod

MONTHS = range(1, 13)
CHILD_KIND = {OrganizationKind.COUNTY: OrganizationKind.TOWNSHIP, OrganizationKind.TOWNSHIP: OrganizationKind.VILLAGE}
CODE_LENGTH = {OrganizationKind.TOWNSHIP: 9, OrganizationKind.VILLAGE: 12}
DASHBOARD_KINDS = (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE)


@dataclass(frozen=True)
class FigureValue:
    key: str
    label: str
    unit: str
    requirement: str
    value: Number


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[Number]  # one per month, January first


@dataclass(frozen=True)
class Trend:
    id: str
    title: str
    unit: str
    series: list[Series]
    stacked: bool = False


@dataclass(frozen=True)
class RuleCount:
    rule: str
    title: str
    red: int
    amber: int


@dataclass(frozen=True)
class UnitCompliance:
    code: str
    name: str
    status: str
    red: int
    amber: int


@dataclass(frozen=True)
class Compliance:
    on: dt.date
    by_rule: list[RuleCount]
    units: list[UnitCompliance]
    findings: list[Finding]


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    township: str
    total: Decimal
    grade: str
    county_rank: int
    township_rank: int


@dataclass(frozen=True)
class GradeCount:
    grade: str
    label: str
    count: int


@dataclass(frozen=True)
class Evaluation:
    period_name: str  # "" when the county has no assessment period for the year
    ranking: list[Ranked]  # Five-Good, approved, villages in scope; ranks over the whole county
    five_good: list[GradeCount]
    five_lead: list[GradeCount]


@dataclass(frozen=True)
class ChildUnit:
    code: str
    name: str
    kind: str
    villages: int
    party_groups: int
    posts_claimed: int
    volunteer_hours: Decimal
    funds_yuan: Decimal
    reviews: int
    five_good_average: Decimal | None
    status: str
    red: int
    amber: int


@dataclass(frozen=True)
class Dashboard:
    unit: Organization
    period: int
    on: dt.date
    ancestors: list[Organization]  # county first, the scope's parent last
    figures: list[FigureValue]
    trends: list[Trend]
    compliance: Compliance
    evaluation: Evaluation
    children: list[ChildUnit] = field(default_factory=list)

    @property
    def child_kind(self) -> str | None:
        return CHILD_KIND.get(self.unit.kind)

    def figure(self, key: str) -> Number:
        return next(f.value for f in self.figures if f.key == key)


# -- the entry point ---------------------------------------------------------------------


def dashboard(unit: Organization, period: int) -> Dashboard:
    """Return the dashboard of ``scope``'s subtree for the year ``period``."""
    on = as_of(period)
    values = compute_figures(unit, period)
    figures = [
        FigureValue(key, str(FIGURES[key].label), str(FIGURES[key].unit), FIGURES[key].requirement, value)
        for key, value in values.items()
    ]
    organizations = _organization_counts(unit)
    villages_in_scope = sum(row["villages"] for row in organizations.values())
    findings = evaluate(unit, on)
    children = _children(unit)
    evaluation, ranking_by_child = _evaluation(unit, period)
    return Dashboard(
        unit=unit,
        period=period,
        on=on,
        ancestors=_ancestors(unit),
        figures=figures,
        trends=[
            reviews_by_month(unit, period),
            disclosures_by_month(unit, period, on, villages_in_scope),
            volunteer_hours_by_month(unit, period),
            posts_claimed_by_month(unit, period),
            funds_by_month(unit, period),
        ],
        compliance=Compliance(
            on=on,
            by_rule=[RuleCount(r.id, str(r.title), red, amber) for r, red, amber in counts_by_rule(findings)],
            units=[
                UnitCompliance(u.org.code, u.org.display_name, u.status, u.red, u.amber)
                for u in unit_statuses(children, findings)
            ],
            findings=findings,
        ),
        evaluation=evaluation,
        children=_child_units(unit, period, children, organizations, findings, ranking_by_child),
    )


def as_of(period: int) -> dt.date:
    """The day compliance is seen on: the period's last day, or today while the period runs."""
    today = timezone.localdate()
    return min(today, dt.date(period, 12, 31))


def _ancestors(unit: Organization) -> list[Organization]:
    codes = [unit.code[:n] for n in (6, 9) if n < len(unit.code)]
    return list(Organization.objects.filter(code__in=codes).order_by("code")) if codes else []


def _children(unit: Organization) -> list[Organization]:
    kind = CHILD_KIND.get(unit.kind)
    if kind is None:
        return []
    return list(Organization.objects.filter(kind=kind, code__startswith=unit.code).order_by("code"))


# -- monthly trends: one GROUP BY month each ------------------------------------------------


def _year_bounds(period: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as aware local datetimes [start, end) for DateTimeField ranges that use the index."""
    tz = timezone.get_current_timezone()
    return dt.datetime(period, 1, 1, tzinfo=tz), dt.datetime(period + 1, 1, 1, tzinfo=tz)


def _by_month(rows: QuerySet, value: str = "n") -> dict[int, Any]:
    return {row["month"]: row[value] for row in rows}


def _monthly(found: dict[int, Any], zero: Number = 0) -> list[Number]:
    return [found.get(m) or zero for m in MONTHS]


def reviews_by_month(unit: Organization, period: int) -> Trend:
    rows = (
        Review.objects.filter(
            contact_point__target__code__startswith=unit.code,
            date__gte=dt.date(period, 1, 1),
            date__lte=dt.date(period, 12, 31),
        )
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Trend(
        "reviews", _("挂点领导点评联系点"), _("次"), [Series("reviews", _("点评次数"), _monthly(_by_month(rows)))]
    )


def disclosures_by_month(unit: Organization, period: int, on: dt.date, villages: int) -> Trend:
    """Finance disclosures per month: published on time, late, and missing once the deadline has passed.

    Seen on ``on`` as R-DISCLOSE sees it (``village_affairs.selectors.disclosure_status``):
    a publication after ``on`` has not happened yet; a month not yet due is not missing.
    """
    tz = timezone.get_current_timezone()
    months = [DisclosurePeriod(period, m, "month") for m in MONTHS]
    # Published on the deadline day counts as on time: before midnight after it, local time.
    on_time = Q(pk__in=[])
    for p in months:
        cutoff = dt.datetime.combine(p.deadline + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        on_time |= Q(period_number=p.number, published_at__lt=cutoff)
    rows = (
        Disclosure.objects.filter(
            village__code__startswith=unit.code,
            kind=DisclosureKind.FINANCE,
            period_kind="month",
            year=period,
            status=DisclosureStatus.PUBLISHED,
            published_at__lt=dt.datetime.combine(on + dt.timedelta(days=1), dt.time(), tzinfo=tz),
        )
        .values(month=F("period_number"))
        .annotate(published=Count("id"), on_time=Count("id", filter=on_time))
        .order_by()
    )
    found = {row["month"]: row for row in rows}
    required_from = village_affairs_setting("required_from")
    on_time_values, late_values, missing_values = [], [], []
    for p in months:
        row = found.get(p.number, {"published": 0, "on_time": 0})
        on_time_values.append(row["on_time"])
        late_values.append(row["published"] - row["on_time"])
        due = p.deadline < on and p.first_day >= required_from
        missing_values.append(max(villages - row["published"], 0) if due else 0)
    return Trend(
        "disclosures",
        _("财务公开（按月）"),
        _("个村"),
        [
            Series("on_time", _("按时公开"), on_time_values),
            Series("late", _("逾期公开"), late_values),
            Series("missing", _("未公开"), missing_values),
        ],
        stacked=True,
    )


def _duration_hours(total: dt.timedelta | None) -> Decimal:
    if not total:
        return Decimal("0.0")
    return (Decimal(total.total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


_DURATION = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())


def volunteer_hours_by_month(unit: Organization, period: int) -> Trend:
    start, end = _year_bounds(period)
    rows = (
        VolunteerEntry.objects.filter(
            village__code__startswith=unit.code, status=VolunteerStatus.CONFIRMED, start__gte=start, start__lt=end
        )
        .annotate(month=ExtractMonth("start"))
        .values("month")
        .annotate(d=Sum(_DURATION))
        .order_by()
    )
    found = {row["month"]: _duration_hours(row["d"]) for row in rows}
    return Trend(
        "volunteer_hours",
        _("党员志愿服务（已确认）"),
        _("小时"),
        [Series("hours", _("服务时长"), _monthly(found, Decimal("0.0")))],
    )


def posts_claimed_by_month(unit: Organization, period: int) -> Trend:
    """Claims on the year's posts that the branch assigned, by the month of the assignment."""
    start, end = _year_bounds(period)
    rows = (
        ClaimEvent.objects.filter(
            kind=ClaimEventKind.ASSIGNED,
            claim__status=ClaimStatus.ASSIGNED,
            claim__post__year=period,
            claim__post__village__code__startswith=unit.code,
            at__gte=start,
            at__lt=end,
        )
        .annotate(month=ExtractMonth("at"))
        .values("month")
        .annotate(n=Count("claim_id", distinct=True))
        .order_by()
    )
    return Trend(
        "posts_claimed", _("党员认领岗位（定岗）"), _("个"), [Series("claims", _("定岗数"), _monthly(_by_month(rows)))]
    )


def funds_by_month(unit: Organization, period: int) -> Trend:
    rows = (
        Outcome.objects.filter(
            pairing__village__code__startswith=unit.code,
            type=OutcomeType.FUNDS,
            date__gte=dt.date(period, 1, 1),
            date__lte=dt.date(period, 12, 31),
        )
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    # SQLite sums decimals loosely; the figure is money, to the fen.
    found = {month: Decimal(total).quantize(Decimal("0.01")) for month, total in _by_month(rows, "s").items() if total}
    return Trend("funds", _("帮助筹措资金"), _("元"), [Series("funds", _("资金"), _monthly(found, Decimal("0.00")))])


# -- evaluation ----------------------------------------------------------------------------------


def _competition_ranks(totals: list[Decimal]) -> list[int]:
    """Rank 1 for the highest; equal totals share a rank (1, 2, 2, 4)."""
    first_at: dict[Decimal, int] = {}
    for index, value in enumerate(sorted(totals, reverse=True), start=1):
        first_at.setdefault(value, index)
    return [first_at[t] for t in totals]


def _grade_counts(grades: Counter[str]) -> list[GradeCount]:
    return [GradeCount(str(g), str(g.label), grades.get(str(g), 0)) for g in Grade]


def _evaluation(unit: Organization, period: int) -> tuple[Evaluation, dict[str, list[Decimal]]]:
    """Return the Five-Good ranking and both grade distributions, and Five-Good totals per child unit."""
    assessment_period = AssessmentPeriod.objects.filter(county__code=unit.code[:6], year=period).order_by("-start").first()
    if assessment_period is None:
        return Evaluation("", [], _grade_counts(Counter()), _grade_counts(Counter())), {}
    # Ranks are over the whole county (a township sees where its villages stand); only rows in scope are kept.
    rows = list(
        Assessment.objects.filter(period=assessment_period, standard__code=StandardCode.FIVE_GOOD, person__isnull=True)
        .approved()
        .with_total()
        .values_list("standard_id", "total", "organization__code", "organization__name", "organization__name_en")
    )
    # Five-Lead: thousands of members; only their grade is needed, so only totals are read,
    # counted per distinct total (scores have one decimal: a few hundred rows at most).
    lead_rows = list(
        Assessment.objects.filter(
            period=assessment_period,
            standard__code=StandardCode.FIVE_LEAD,
            organization__code__startswith=unit.code,
        )
        .approved()
        .with_total()
        .order_by()
        .values_list("standard_id", "total")
        .annotate(n=Count("id"))
    )
    bands = bands_by_standard({r[0] for r in rows} | {r[0] for r in lead_rows})
    english = (translation.get_language() or "").startswith("en")
    township_names = {
        code: (name_en if english and name_en else name)
        for code, name, name_en in Organization.objects.townships()
        .filter(code__startswith=unit.code[:6])
        .values_list("code", "name", "name_en")
    }
    county_ranks = _competition_ranks([r[1] for r in rows])
    by_township: dict[str, list[int]] = defaultdict(list)
    for index, r in enumerate(rows):
        by_township[r[2][:9]].append(index)
    township_ranks: dict[int, int] = {}
    for indexes in by_township.values():
        for index, rank in zip(indexes, _competition_ranks([rows[i][1] for i in indexes]), strict=True):
            township_ranks[index] = rank
    ranking = sorted(
        (
            Ranked(
                code=r[2],
                name=(r[4] if english and r[4] else r[3]),
                township=township_names.get(r[2][:9], ""),
                total=r[1],
                grade=str(Grade(grade_of(r[1], bands.get(r[0]))).label),
                county_rank=county_ranks[i],
                township_rank=township_ranks[i],
            )
            for i, r in enumerate(rows)
            if r[2].startswith(unit.code)
        ),
        key=lambda x: (x.county_rank, x.code),
    )
    good = Counter(grade_of(r[1], bands.get(r[0])) for r in rows if r[2].startswith(unit.code))
    lead: Counter[str | None] = Counter()
    for standard_id, total, n in lead_rows:
        lead[grade_of(total, bands.get(standard_id))] += n
    totals_by_child: dict[str, list[Decimal]] = defaultdict(list)
    for r in rows:
        if r[2].startswith(unit.code):
            totals_by_child[r[2]].append(r[1])
    return Evaluation(str(assessment_period), ranking, _grade_counts(good), _grade_counts(lead)), totals_by_child


# -- child units: one GROUP BY code prefix per figure -----------------------------------------


def _grouped(queryset: QuerySet, code_path: str, length: int, **aggregates: Any) -> dict[str, dict[str, Any]]:
    rows = queryset.annotate(prefix=Substr(code_path, 1, length)).values("prefix").annotate(**aggregates).order_by()
    return {row.pop("prefix"): row for row in rows}


def _organization_counts(unit: Organization) -> dict[str, dict[str, int]]:
    """Villages and party groups under ``scope``, by child code (for a village, under its own code)."""
    length = CODE_LENGTH.get(CHILD_KIND.get(unit.kind, ""), 12)
    return _grouped(
        Organization.objects.filter(
            code__startswith=unit.code, kind__in=[OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP]
        ),
        "code",
        length,
        villages=Count("id", filter=Q(kind=OrganizationKind.VILLAGE)),
        party_groups=Count("id", filter=Q(kind=OrganizationKind.PARTY_GROUP)),
    )


def _child_units(
    unit: Organization,
    period: int,
    children: list[Organization],
    organizations: dict[str, dict[str, int]],
    findings: list[Finding],
    five_good_totals: dict[str, list[Decimal]],
) -> list[ChildUnit]:
    if not children:
        return []
    length = CODE_LENGTH[children[0].kind]
    start, end = _year_bounds(period)
    claims = _grouped(
        PostClaim.objects.filter(
            post__village__code__startswith=unit.code, post__year=period, status=ClaimStatus.ASSIGNED
        ),
        "post__village__code",
        length,
        n=Count("id"),
    )
    hours = _grouped(
        VolunteerEntry.objects.filter(
            village__code__startswith=unit.code, status=VolunteerStatus.CONFIRMED, start__gte=start, start__lt=end
        ),
        "village__code",
        length,
        d=Sum(_DURATION),
    )
    funds = _grouped(
        Outcome.objects.filter(
            pairing__village__code__startswith=unit.code, type=OutcomeType.FUNDS, date__year=period
        ),
        "pairing__village__code",
        length,
        s=Sum("amount"),
    )
    reviews = _grouped(
        Review.objects.filter(contact_point__target__code__startswith=unit.code, date__year=period),
        "contact_point__target__code",
        length,
        n=Count("id"),
    )
    statuses = {u.org.code: u for u in unit_statuses(children, findings)}
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for code, values in five_good_totals.items():
        totals[code[:length]].extend(values)
    units = []
    for child in children:
        code = child.code
        orgs = organizations.get(code, {})
        child_totals = totals.get(code)
        status = statuses[code]
        units.append(
            ChildUnit(
                code=code,
                name=child.display_name,
                kind=child.kind,
                villages=orgs.get("villages", 0),
                party_groups=orgs.get("party_groups", 0),
                posts_claimed=claims.get(code, {}).get("n", 0),
                volunteer_hours=_duration_hours(hours.get(code, {}).get("d")),
                funds_yuan=Decimal(funds.get(code, {}).get("s") or 0).quantize(Decimal("0.01")),
                reviews=reviews.get(code, {}).get("n", 0),
                five_good_average=(
                    (sum(child_totals, Decimal(0)) / len(child_totals)).quantize(Decimal("0.1"))
                    if child_totals
                    else None
                ),
                status=status.status,
                red=status.red,
                amber=status.amber,
            )
        )
    return units
