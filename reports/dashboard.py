"""The dashboard (R-DASH): figures, monthly trends, compliance, evaluation and child units of one unit.

``dashboard(unit, year)`` is the one entry point; the page, its Excel exports and the
benchmark call it. It composes what the apps register — figures and trends
(``common.figures``), rule findings (``common.rules``) — and the evaluation summary; it
reads no domain app's records itself. Every part is a fixed number of queries whatever
the number of villages: each trend is one GROUP BY month, each child-unit column one
GROUP BY code prefix (a child's code is a prefix of every code under it).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from common.division_codes import CHILD_KIND, COUNTY_LENGTH, LEVEL_LENGTHS, UPPER_KINDS
from common.figures import FIGURES, Number, Trend, as_of, compute_figures, compute_trends
from common.rules import Finding, evaluate
from evaluation.selectors import EvaluationSummary, evaluation_summary
from organizations.models import Organization, OrganizationKind
from rules.selectors import counts_by_rule, unit_statuses

DASHBOARD_KINDS = (
    OrganizationKind.PROVINCE,
    OrganizationKind.PREFECTURE,
    OrganizationKind.COUNTY,
    OrganizationKind.TOWNSHIP,
    OrganizationKind.VILLAGE,
)
# The child-unit table's columns: registered figures, counted for every child at once.
CHILD_FIGURES = {
    "villages": "administrative_villages",
    "party_groups": "party_groups",
    "posts_claimed": "posts_claimed",
    "volunteer_hours": "volunteer_hours",
    "funds_yuan": "development_funds_yuan",
    "reviews": "reviews_recorded",
}


@dataclass(frozen=True)
class FigureValue:
    key: str
    label: str
    unit: str
    requirement: str  # kept for the data; pages show the label, never the code
    value: Number
    money: bool = False


@dataclass(frozen=True)
class RuleCount:
    rule: str
    title: str
    red: int  # missing: not done by the deadline (or a violation)
    amber: int  # late or coming due: done after the deadline, or due soon

    @property
    def total(self) -> int:
        return self.red + self.amber


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

    @property
    def attention(self) -> list[RuleCount]:
        """The kinds of finding that have any, the most missing first: what the dashboard opens with."""
        return sorted((r for r in self.by_rule if r.total), key=lambda r: (-r.red, -r.amber, r.title))

    @property
    def red(self) -> int:
        return sum(r.red for r in self.by_rule)

    @property
    def amber(self) -> int:
        return sum(r.amber for r in self.by_rule)


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
    ancestors: list[Organization]  # the top (province or county) first, the unit's parent last
    figures: list[FigureValue]
    trends: list[Trend]
    compliance: Compliance
    evaluation: EvaluationSummary
    children: list[ChildUnit] = field(default_factory=list)
    # Above a county: every county under the unit, ranked by its Five-Good average (rankings across counties).
    counties: list[ChildUnit] = field(default_factory=list)

    @property
    def child_kind(self) -> str | None:
        return CHILD_KIND.get(self.unit.kind) if self.unit.kind != OrganizationKind.VILLAGE else None

    def figure(self, key: str) -> Number:
        return next(f.value for f in self.figures if f.key == key)


def dashboard(unit: Organization, year: int) -> Dashboard:
    """Return the dashboard of ``unit``'s subtree for ``year``."""
    on = as_of(year)
    figures = [
        FigureValue(
            key, str(FIGURES[key].label), str(FIGURES[key].unit), FIGURES[key].requirement, value, FIGURES[key].money
        )
        for key, value in compute_figures(unit, year, headline=True).items()
    ]
    findings = evaluate(unit, on)
    children = _children(unit)
    summary = evaluation_summary(unit, year)
    counties = _counties(unit, children)
    return Dashboard(
        unit=unit,
        period=year,
        on=on,
        ancestors=_ancestors(unit),
        figures=figures,
        trends=compute_trends(unit, year, on),
        compliance=Compliance(
            on=on,
            by_rule=[RuleCount(r.id, str(r.title), red, amber) for r, red, amber in counts_by_rule(findings)],
            units=[
                UnitCompliance(u.org.code, u.org.display_name, u.status, u.red, u.amber)
                for u in unit_statuses(children, findings)
            ],
            findings=findings,
        ),
        evaluation=summary,
        children=_child_units(unit, year, children, findings, summary.five_good_totals),
        counties=county_ranking(_child_units(unit, year, counties, findings, summary.five_good_totals)),
    )


def _counties(unit: Organization, children: list[Organization]) -> list[Organization]:
    """The counties under a province or prefecture (a prefecture's are its children), else none."""
    if unit.kind not in UPPER_KINDS:
        return []
    if children and len(children[0].code) == COUNTY_LENGTH:
        return children
    return list(Organization.objects.counties().filter(code__startswith=unit.code).order_by("code"))


def county_ranking(counties: list[ChildUnit]) -> list[ChildUnit]:
    """Counties by Five-Good average, best first (none last), then fewest findings, then code."""
    return sorted(
        counties,
        key=lambda c: (
            c.five_good_average is None,
            -(c.five_good_average or 0),
            -c.red,
            -c.amber,
            c.code,
        ),
    )


def _ancestors(unit: Organization) -> list[Organization]:
    codes = [unit.code[:n] for n in LEVEL_LENGTHS if n < len(unit.code)]
    return list(Organization.objects.filter(code__in=codes).order_by("code")) if codes else []


def _children(unit: Organization) -> list[Organization]:
    kind = CHILD_KIND.get(unit.kind)
    if kind is None or unit.kind == OrganizationKind.VILLAGE:
        return []
    return list(Organization.objects.filter(kind=kind, code__startswith=unit.code).order_by("code"))


def _child_units(
    unit: Organization,
    year: int,
    children: list[Organization],
    findings: list[Finding],
    five_good_totals: dict[str, list[Decimal]],
) -> list[ChildUnit]:
    if not children:
        return []
    length = len(children[0].code)
    columns = {name: FIGURES[key].grouped(unit, year, length) for name, key in CHILD_FIGURES.items()}
    statuses = {u.org.code: u for u in unit_statuses(children, findings)}
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for code, values in five_good_totals.items():
        totals[code[:length]].extend(values)
    units = []
    for child in children:
        code = child.code
        child_totals = totals.get(code)
        status = statuses[code]
        units.append(
            ChildUnit(
                code=code,
                name=child.display_name,
                kind=child.kind,
                villages=int(columns["villages"].get(code, 0)),
                party_groups=int(columns["party_groups"].get(code, 0)),
                posts_claimed=int(columns["posts_claimed"].get(code, 0)),
                volunteer_hours=Decimal(columns["volunteer_hours"].get(code, Decimal("0.0"))),
                funds_yuan=Decimal(columns["funds_yuan"].get(code, Decimal("0.00"))),
                reviews=int(columns["reviews"].get(code, 0)),
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
