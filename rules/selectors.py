"""Reads over findings: red / amber / green per child unit and counts per rule (the compliance page, dashboards)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from common.rules import RULES, Finding, Rule, Severity
from organizations.models import Organization, OrganizationKind


@dataclass(frozen=True)
class UnitStatus:
    org: Organization
    status: str  # "red", "amber" or "green"
    red: int
    amber: int


def child_units(root: Organization) -> list[Organization]:
    """Townships of a county, villages of a township (a village has none)."""
    if root.kind == OrganizationKind.COUNTY:
        kind = OrganizationKind.TOWNSHIP
    elif root.kind == OrganizationKind.TOWNSHIP:
        kind = OrganizationKind.VILLAGE
    else:
        return []
    return list(Organization.objects.filter(kind=kind, code__startswith=root.code).order_by("code"))


def unit_statuses(children: Iterable[Organization], findings: Iterable[Finding]) -> list[UnitStatus]:
    """Return each child's worst severity (green without findings) and its red and amber counts."""
    children = list(children)
    counts: dict[str, Counter[str]] = {c.code: Counter() for c in children}
    lengths = {len(c.code) for c in children}
    for f in findings:
        # Children of one root share a code length, so the finding's prefix names its child.
        for length in lengths:
            if (bucket := counts.get(f.unit[:length])) is not None:
                bucket[f.severity] += 1
                break
    statuses = []
    for c in children:
        red, amber = counts[c.code][Severity.RED], counts[c.code][Severity.AMBER]
        status = "red" if red else "amber" if amber else "green"
        statuses.append(UnitStatus(org=c, status=status, red=red, amber=amber))
    return statuses


def counts_by_rule(findings: Iterable[Finding]) -> list[tuple[Rule, int, int]]:
    """Return (rule, red, amber) for every registered rule, in rule order, zeros included."""
    counts: Counter[tuple[str, str]] = Counter((f.rule, f.severity) for f in findings)
    return [(RULES[r], counts[(r, Severity.RED)], counts[(r, Severity.AMBER)]) for r in sorted(RULES)]
