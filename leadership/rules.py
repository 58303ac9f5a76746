"""R-LEAD: every township has a leadership group whose leader is the township party secretary."""

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization

from .selectors import township_leadership


@register("R-LEAD", title=_("乡镇领导小组由党委书记任组长"), requirement="M1")
def check_leadership(unit: Organization, on: dt.date) -> Iterator[Finding]:
    for row in township_leadership(unit, on):
        accountable = [
            Accountable(name=a.person.name, role=str(a.get_post_display()), person_id=a.person_id)
            for a in row.secretaries
        ]
        if row.group is None:
            yield finding(
                rule="R-LEAD",
                unit=row.township,
                since=on,
                severity=Severity.RED,
                accountable=accountable,
                message=_("%(township)s尚未成立创先争优活动领导小组。"),
                township=row.township,
            )
        elif not row.secretaries:
            yield finding(
                rule="R-LEAD",
                unit=row.township,
                since=on,
                severity=Severity.AMBER,
                accountable=accountable,
                message=_("%(township)s在该日期没有登记党委书记，无法核对领导小组组长。"),
                township=row.township,
            )
        elif not row.leaders:
            yield finding(
                rule="R-LEAD",
                unit=row.township,
                since=row.group.established_on,
                severity=Severity.RED,
                accountable=accountable,
                message=_("%(township)s领导小组没有组长。"),
                township=row.township,
            )
        elif not row.led_by_secretary:
            since = max([a.start for a in row.secretaries] + [m.start for m in row.leaders])
            yield finding(
                rule="R-LEAD",
                unit=row.township,
                since=since,
                severity=Severity.RED,
                accountable=accountable,
                message=_("%(township)s领导小组组长（%(leader)s）不是乡镇党委书记（%(secretary)s）。"),
                township=row.township,
                leader="、".join(m.person.name for m in row.leaders),
                secretary="、".join(a.person.name for a in row.secretaries),
            )
