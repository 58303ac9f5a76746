"""R-ASSESS: assessments missing, or stuck at a step, past (or within 14 days of) that step's deadline.

Per village and standard: a missing or unsubmitted self-assessment is the village
secretary's; one waiting for the township review is the township secretary's and the
township cadre in charge of the village; one waiting for county approval is the
organization minister's. Five-Lead findings are grouped per village (one finding with
the number of members), so a county of thousands of members gives a readable list.
A fixed number of queries, whatever the county's size.
"""

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.division_codes import county_code
from common.rules import Finding, Severity, finding, register
from organizations.models import Organization
from people.holders import HolderIndex
from people.models import PartyMembership, Post

from .models import Assessment, AssessmentPeriod, Standard, StandardStatus, Status, Subject

WARNING_DAYS = 14

MISSING = _("%(period)s%(standard)s：%(subject)s未开展自评（自评截止日期 %(deadline)s）。")
STUCK = _("%(period)s%(standard)s：%(subject)s停留在「%(step)s」环节（截止日期 %(deadline)s）。")


def _severity(day: dt.date, deadline: dt.date) -> tuple[str, dt.date] | None:
    """Red from the day after the deadline, amber in the 14 days up to it, else nothing."""
    if day > deadline:
        return Severity.RED, deadline + dt.timedelta(days=1)
    if day >= deadline - dt.timedelta(days=WARNING_DAYS):
        return Severity.AMBER, deadline - dt.timedelta(days=WARNING_DAYS)
    return None


@register("R-ASSESS", title=_("考评缺失或逾期未推进"), requirement="M2")
def assessments_on_time(unit: Organization, on: dt.date) -> list[Finding]:
    # Every county under the unit (its own county below one): periods and standards are per county.
    counties = county_code(unit.code)
    # Periods that have begun and whose last deadline is less than a year past.
    periods = [
        p
        for p in AssessmentPeriod.objects.filter(county__code__startswith=counties, start__lte=on).select_related(
            "county"
        )
        if on <= max(p.end, p.approval_deadline) + dt.timedelta(days=365)
    ]
    if not periods:
        return []
    standards = list(
        Standard.objects.filter(county__code__startswith=counties, status=StandardStatus.ACTIVE).select_related(
            "county"
        )
    )
    villages = list(Organization.objects.villages().within(unit.code).select_related("parent"))
    if not standards or not villages:
        return []
    members_per_village = dict(
        PartyMembership.objects.filter(branch__code__startswith=unit.code)
        .values_list("branch_id")
        .annotate(n=Count("id"))
        .values_list("branch_id", "n")
    )
    # (period, standard code, village) -> {status: count}, counted in the database (two grouped queries).
    counts = Assessment.objects.filter(period__in=periods, organization__code__startswith=unit.code).status_counts(
        "period_id", "standard__code", "organization_id"
    )
    holders = HolderIndex(unit, on)
    standards_of: dict[str, list[Standard]] = {}
    for standard in standards:
        standards_of.setdefault(standard.county.code, []).append(standard)
    villages_of: dict[str, list[Organization]] = {}
    for village in villages:
        villages_of.setdefault(county_code(village.code), []).append(village)
    found: list[Finding] = []
    for period in periods:
        steps = [
            (Status.SELF, period.self_deadline),
            (Status.REVIEW, period.review_deadline),
            (Status.APPROVAL, period.approval_deadline),
        ]
        for standard in standards_of.get(period.county.code, []):
            for village in villages_of.get(period.county.code, []):
                by_status = counts.get((period.pk, standard.code, village.pk), {})
                expected = 1 if standard.subject == Subject.ORGANIZATION else members_per_village.get(village.pk, 0)
                subject_name: object = village
                missing = expected - sum(by_status.values())
                level = _severity(on, period.self_deadline)
                if missing > 0 and level is not None:
                    if standard.subject == Subject.MEMBER:
                        subject_name = _("%(village)s %(count)s 名党员") % {
                            "village": village.display_name,
                            "count": missing,
                        }
                    found.append(
                        finding(
                            rule="R-ASSESS",
                            unit=village,
                            since=level[1],
                            severity=level[0],
                            accountable=holders.get(village.pk, Post.VILLAGE_SECRETARY),
                            message=MISSING,
                            period=period.name,
                            standard=standard.get_code_display(),
                            subject=subject_name,
                            deadline=period.self_deadline.isoformat(),
                        )
                    )
                for status, deadline in steps:
                    stuck = by_status.get(status, 0)
                    level = _severity(on, deadline)
                    if not stuck or level is None:
                        continue
                    if status == Status.SELF:
                        accountable = holders.get(village.pk, Post.VILLAGE_SECRETARY)
                    elif status == Status.REVIEW:
                        accountable = holders.get(village.parent_id, Post.TOWNSHIP_SECRETARY) + holders.get(
                            village.pk, Post.TOWNSHIP_CADRE_IN_CHARGE
                        )
                    else:
                        accountable = holders.get(
                            village.parent.parent_id if village.parent else None, Post.ORGANIZATION_MINISTER
                        )
                    name: object = village
                    if standard.subject == Subject.MEMBER:
                        name = _("%(village)s %(count)s 名党员") % {"village": village.display_name, "count": stuck}
                    found.append(
                        finding(
                            rule="R-ASSESS",
                            unit=village,
                            since=level[1],
                            severity=level[0],
                            accountable=accountable,
                            message=STUCK,
                            period=period.name,
                            standard=standard.get_code_display(),
                            subject=name,
                            step=Status(status).label,
                            deadline=deadline.isoformat(),
                        )
                    )
    return found
