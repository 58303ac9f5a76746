"""Reads for M2: what a viewer may see, totals, grades, ranks, distributions and the cadre view."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from common.division_codes import county_code, township_code
from common.scope import Right, Scope
from common.sections import CADRE_VIEW, RowColumn, columns_for
from organizations.models import Organization
from people.models import Appointment, PartyMembership, Post

from .models import (
    DEFAULT_BANDS,
    Assessment,
    AssessmentPeriod,
    AssessmentQuerySet,
    Grade,
    GradeBand,
    Standard,
    StandardCode,
    StandardStatus,
    Status,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# -- visibility ------------------------------------------------------------------


def assessments_visible(scope: Scope) -> AssessmentQuerySet:
    """Assessments of villages in the viewer's subtrees, and the viewer's own as a member."""
    q = scope.org_q("organization")
    if scope.person_ids:
        q |= Q(person_id__in=list(scope.person_ids))
    return Assessment.objects.filter(q) if scope.is_authenticated else Assessment.objects.none()


def scope_county_codes(scope: Scope) -> list[str]:
    """The counties (or, above them, the provinces and prefectures) whose standards and periods the viewer reads.

    A member reads their branch's county's; a province admin every county's under the province
    (the codes are prefixes: ``_county_q``).
    """
    if scope.is_superuser:
        return list(Organization.objects.counties().values_list("code", flat=True))
    codes = {county_code(c) for c in scope.read_codes}
    if scope.person_ids:
        branches = PartyMembership.objects.filter(person_id__in=scope.person_ids).values_list("branch__code", flat=True)
        codes.update(county_code(c) for c in branches)
    return sorted(codes)


def _county_q(scope: Scope) -> Q:
    """The county field within the viewer's counties (a prefix each: a province's code covers its counties)."""
    return scope.org_q("county", codes=scope_county_codes(scope)) if not scope.is_superuser else Q()


def standards_visible(scope: Scope) -> QuerySet[Standard]:
    return Standard.objects.filter(_county_q(scope)).select_related("county")


def periods_visible(scope: Scope) -> QuerySet[AssessmentPeriod]:
    return AssessmentPeriod.objects.filter(_county_q(scope)).select_related("county")


def active_standard(county_code: str, code: str) -> Standard | None:
    return Standard.objects.filter(county__code=county_code, code=code, status=StandardStatus.ACTIVE).first()


# -- grades ----------------------------------------------------------------------


def bands_by_standard(standard_ids: Iterable[int]) -> dict[int, list[tuple[str, Decimal]]]:
    """Return each standard's (grade, minimum) bands, highest first, in one query."""
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for band in GradeBand.objects.filter(standard_id__in=set(standard_ids)).order_by("-minimum"):
        found[band.standard_id].append((band.grade, band.minimum))
    return found


@overload
def grade_of(total: Decimal, bands: list[tuple[str, Decimal]] | None) -> str: ...
@overload
def grade_of(total: None, bands: list[tuple[str, Decimal]] | None) -> None: ...
def grade_of(total: Decimal | None, bands: list[tuple[str, Decimal]] | None) -> str | None:
    """Return the grade of ``total``: the first band (highest minimum first) it reaches."""
    if total is None:
        return None
    for grade, minimum in bands or DEFAULT_BANDS:
        if total >= minimum:
            return str(grade)
    return str(Grade.FAIL)


# -- actions ---------------------------------------------------------------------


def allowed_actions(scope: Scope, assessment: Assessment, status: str, has_appeal: bool, appeal_open: bool) -> set[str]:
    """Return the buttons this viewer may press on this assessment in this status."""
    code = assessment.organization.code
    subject_side = scope.may(Right.SELF_ASSESS, code=code, person_id=assessment.person_id)
    actions: set[str] = set()
    if status == Status.SELF and subject_side:
        actions |= {"self_score", "submit", "evidence"}
    elif status == Status.REVIEW and scope.may(Right.REVIEW, code=code):
        actions |= {"review_score", "review_submit", "return_to_self", "evidence"}
    elif status == Status.APPROVAL and scope.may(Right.APPROVE, code=code):
        actions |= {"approve", "return_to_review"}
    elif status == Status.APPROVED:
        if subject_side and not has_appeal:
            actions.add("appeal")
        if appeal_open and scope.may(Right.APPROVE, code=code):
            actions.add("appeal_decide")
    return actions


def can_start(scope: Scope, county_code: str) -> bool:
    return scope.may(Right.CONFIGURE, code=county_code)


# -- results ---------------------------------------------------------------------


@dataclass
class Result:
    assessment: Assessment
    total: Decimal
    grade: str | None
    county_rank: int = 0
    township_rank: int = 0

    @property
    def grade_label(self) -> "StrOrPromise":
        return Grade(self.grade).label if self.grade else ""


def _competition_ranks(totals: list[Decimal]) -> list[int]:
    """Rank 1 for the highest; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(totals, reverse=True)
    first_at: dict[Decimal, int] = {}
    for index, value in enumerate(ordered, start=1):
        first_at.setdefault(value, index)
    return [first_at[t] for t in totals]


def ranking(scope: Scope, period: AssessmentPeriod, standard_code: str, township_code: str = "") -> list[Result]:
    """Return the viewer's approved assessments for ``period``/``standard_code``, ranked in township and county.

    Ranks are computed over the whole county (every approved assessment of the period),
    so a township admin sees where their villages stand in the county; only rows in
    scope are returned.
    """
    rows = list(
        Assessment.objects.filter(period=period, standard__code=standard_code)
        .for_display()
        .filter(status=Status.APPROVED)  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
    )
    bands = bands_by_standard(r.standard_id for r in rows)
    results = [Result(r, r.total, grade_of(r.total, bands.get(r.standard_id))) for r in rows]
    for rank, result in zip(_competition_ranks([r.total for r in results]), results, strict=True):
        result.county_rank = rank
    by_township: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_township[result.assessment.organization.code[:9]].append(result)
    for group in by_township.values():
        for rank, result in zip(_competition_ranks([r.total for r in group]), group, strict=True):
            result.township_rank = rank
    visible = set(assessments_visible(scope).filter(period=period).values_list("pk", flat=True))
    shown = [r for r in results if r.assessment.pk in visible]
    if township_code:
        shown = [r for r in shown if r.assessment.organization.code.startswith(township_code)]
    shown.sort(key=lambda r: (r.county_rank, r.assessment.organization.code, r.assessment.person_id or 0))
    return shown


def distribution(results: Iterable[Result]) -> list[tuple[str, str, int]]:
    """Return (grade, label, count) for every grade, best first, including empty grades."""
    counts = Counter(r.grade for r in results)
    return [(str(g), str(Grade(g).label), counts.get(str(g), 0)) for g, _m in DEFAULT_BANDS]


# -- the cadre view (干部实绩考核) ---------------------------------------------------


@dataclass
class CadreRow:
    name: str
    post: str
    organization: Organization
    units: list[tuple[Organization, Decimal | None, str | None, str]] = field(default_factory=list)
    # Rewards and penalties recorded against the cadre in the period (A3 accountability).
    # Cells other apps contribute (common.sections.CADRE_VIEW): [(column, value)], in column order.
    cells: list[tuple[RowColumn, object]] = field(default_factory=list)

    @property
    def approved_totals(self) -> list[Decimal]:
        return [t for _o, t, _g, s in self.units if t is not None and s == Status.APPROVED]

    @property
    def average(self) -> Decimal | None:
        totals = self.approved_totals
        return (sum(totals, Decimal("0")) / len(totals)).quantize(Decimal("0.1")) if totals else None

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        counts = Counter(g for _o, t, g, s in self.units if s == Status.APPROVED and g)
        return [(str(Grade(g).label), counts.get(str(g), 0)) for g, _m in DEFAULT_BANDS]


def cadre_rows(scope: Scope, period: AssessmentPeriod) -> list[CadreRow]:
    """For each township and village secretary in scope on the period's end, the Five-Good results they lead."""
    appointments = list(
        scope.filter(Appointment.objects.on(period.end), "organization")
        .filter(
            organization__code__startswith=period.county.code,
            post__in=[Post.TOWNSHIP_SECRETARY, Post.VILLAGE_SECRETARY],
        )
        .select_related("person", "organization")
        .order_by("organization__code", "post", "start")
    )
    assessments = list(
        Assessment.objects.filter(
            period=period, standard__code=StandardCode.FIVE_GOOD, person__isnull=True
        ).for_display()
    )
    bands = bands_by_standard(a.standard_id for a in assessments)
    by_village = {a.organization.code: a for a in assessments}
    villages = list(Organization.objects.villages().within(period.county.code).order_by("code"))
    person_ids = {a.person_id for a in appointments}
    contributed = [(column, column.values(person_ids, period.start, period.end)) for column in columns_for(CADRE_VIEW)]
    rows = []
    for appointment in appointments:
        org = appointment.organization
        led = [v for v in villages if v.code.startswith(org.code)]
        row = CadreRow(
            name=appointment.person.name,
            post=str(appointment.get_post_display()),
            organization=org,
            cells=[(column, values.get(appointment.person_id)) for column, values in contributed],
        )
        for village in led:
            a = by_village.get(village.code)
            if a is None:
                row.units.append((village, None, None, ""))
            else:
                row.units.append((village, a.total, grade_of(a.total, bands.get(a.standard_id)), a.status))
        rows.append(row)
    return rows


# -- the summary dashboards and the report read ------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    township: str
    total: Decimal
    grade: str  # the grade's label
    county_rank: int
    township_rank: int


@dataclass(frozen=True)
class GradeCount:
    grade: str
    label: str
    count: int


@dataclass(frozen=True)
class EvaluationSummary:
    period_name: str  # "" when the county has no assessment period for the year
    ranking: list[Ranked]  # Five-Good, approved, villages under the unit; ranks over the whole county
    five_good: list[GradeCount]
    five_lead: list[GradeCount]
    five_good_totals: dict[str, list[Decimal]]  # approved Five-Good totals by village code

    @property
    def has_period(self) -> bool:
        return bool(self.period_name)


def _grade_counts(grades: Counter[str | None]) -> list[GradeCount]:
    return [GradeCount(str(g), str(g.label), grades.get(str(g), 0)) for g in Grade]


def assessment_period_of(county: str, year: int) -> AssessmentPeriod | None:
    """The county's assessment period of ``year`` (the latest-starting, should a year have several)."""
    return AssessmentPeriod.objects.filter(county__code=county, year=year).order_by("-start").first()


def assessment_periods_under(code: str, year: int) -> list[AssessmentPeriod]:
    """Each county's assessment period of ``year`` in the subtree of ``code`` (a township's: its county's).

    One query whatever the number of counties (a province's); per county the latest-starting.
    """
    latest: dict[str, AssessmentPeriod] = {}
    for p in (
        AssessmentPeriod.objects.filter(county__code__startswith=county_code(code), year=year)
        .select_related("county")
        .order_by("start", "pk")
    ):
        latest[p.county.code] = p
    return [latest[c] for c in sorted(latest)]


def evaluation_summary(unit: Organization, year: int) -> EvaluationSummary:
    """The Five-Good ranking and both grade distributions of the approved assessments under ``unit``.

    Reads totals only, never whole assessments: the Five-Good rows of the county (ranks are
    county-wide, so a township sees where its villages stand; above a county, each village is
    ranked in its own county and the counties' rows are read in the same query) and the
    Five-Lead totals counted per distinct total (scores have one decimal: a few hundred rows at most).
    """
    periods = assessment_periods_under(unit.code, year)
    if not periods:
        return EvaluationSummary("", [], _grade_counts(Counter()), _grade_counts(Counter()), {})
    period_name = "、".join(dict.fromkeys(str(p) for p in periods))
    rows = list(
        Assessment.objects.filter(period__in=periods, standard__code=StandardCode.FIVE_GOOD, person__isnull=True)
        .approved()
        .with_total()
        .values_list("standard_id", "total", "organization__code", "organization__name", "organization__name_en")  # type: ignore[misc]  # 'total' is with_total()'s annotation; the plugin resolves columns only
    )
    lead_rows = list(
        Assessment.objects.filter(
            period__in=periods, standard__code=StandardCode.FIVE_LEAD, organization__code__startswith=unit.code
        )
        .approved()
        .with_total()
        .order_by()
        .values_list("standard_id", "total")  # type: ignore[misc]  # 'total' is with_total()'s annotation; the plugin resolves columns only
        .annotate(n=Count("id"))
    )
    bands = bands_by_standard({r[0] for r in rows} | {r[0] for r in lead_rows})
    english = (translation.get_language() or "").startswith("en")
    township_names = {
        code: (name_en if english and name_en else name)
        for code, name, name_en in Organization.objects.townships()
        .filter(code__startswith=county_code(unit.code))
        .values_list("code", "name", "name_en")
    }
    county_ranks = _ranks_within(rows, county_code)
    township_ranks = _ranks_within(rows, township_code)
    ranking = sorted(
        (
            Ranked(
                code=r[2],
                name=(r[4] if english and r[4] else r[3]),
                township=township_names.get(township_code(r[2]), ""),
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
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for r in rows:
        if r[2].startswith(unit.code):
            totals[r[2]].append(r[1])
    return EvaluationSummary(period_name, ranking, _grade_counts(good), _grade_counts(lead), dict(totals))


def _ranks_within(rows: list[Any], level: Callable[[str], str]) -> dict[int, int]:
    """Each row's competition rank among the rows of the same unit (``level`` of its village code)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, r in enumerate(rows):
        groups[level(r[2])].append(index)
    ranks: dict[int, int] = {}
    for indexes in groups.values():
        for index, rank in zip(indexes, _competition_ranks([rows[i][1] for i in indexes]), strict=True):
            ranks[index] = rank
    return ranks
