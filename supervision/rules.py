"""R-REVIEW: each linked leader reviews each contact point often enough (M3).

The schedule (checkpoints, due soon, overdue) is documented in ``review_schedule``; the
status comes from ``selectors.review_status``, the same function the pages use.
"""

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization

from .models import ContactPoint
from .review_schedule import ReviewState
from .selectors import contact_points_in_year, review_status


class _Name:
    """An organization's name rendered in the language active when the message is rendered."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization

    def __str__(self) -> str:
        return self.organization.display_name


def leader_accountable(point: ContactPoint) -> Accountable:
    return Accountable(name=point.leader.name, role=str(point.level.label), person_id=point.leader_id)


OVERDUE_MESSAGE = _(
    "%(level)s%(leader)s对%(target)s的点评已逾期：%(deadline)s前应点评%(required)s次，已点评%(done)s次。"
)
DUE_SOON_MESSAGE = _(
    "%(level)s%(leader)s对%(target)s的点评即将到期：%(deadline)s前应点评%(required)s次，已点评%(done)s次。"
)


@register("R-REVIEW", title=_("挂点领导按要求点评联系点"), requirement="M3")
def check_reviews(unit: Organization, on: dt.date) -> Iterator[Finding]:
    points = list(contact_points_in_year(unit.code, on))
    statuses = review_status(points, on)
    for point in points:
        status = statuses[point.pk]
        if status.state == ReviewState.ON_TRACK:
            continue
        overdue = status.state == ReviewState.OVERDUE
        assert status.since is not None and status.overdue_on is not None  # set whenever a review is pending
        yield finding(
            rule="R-REVIEW",
            unit=point.target,
            since=status.since,
            severity=Severity.RED if overdue else Severity.AMBER,
            accountable=[leader_accountable(point)],
            message=OVERDUE_MESSAGE if overdue else DUE_SOON_MESSAGE,
            level=point.level.label,
            leader=point.leader.name,
            target=_Name(point.target),
            deadline=status.overdue_on.isoformat(),
            required=status.due_count,
            done=status.done,
        )
