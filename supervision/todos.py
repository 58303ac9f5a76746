"""To-dos of M3: the linked leader's own contact points whose review (点评) is due soon or overdue.

The status is R-REVIEW's own (``selectors.review_status``: the county's requirement, twice a
year for a township leader by default); only the leader's own points, as the review page
allows (``RECORD_REVIEW`` on their own person). Three queries however many points.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from common.scope import Scope
from common.todos import Todo, register, todo

from .models import ContactPoint
from .review_schedule import ReviewState
from .selectors import leader_person_ids, review_status


@register("supervision.reviews")
def reviews_due(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    leaders = leader_person_ids(scope)
    if not leaders:
        return
    points = list(
        ContactPoint.objects.filter(leader_id__in=sorted(leaders)).active_on(today).select_related("target", "leader")
    )
    statuses = review_status(points, today)
    for point in points:
        status = statuses[point.pk]
        if status.state == ReviewState.ON_TRACK:
            continue
        yield todo(
            "supervision.review",
            _("点评联系点：%(target)s（应点评%(due)s次，已点评%(done)s次）")
            % {"target": point.target.display_name, "due": status.due_count, "done": status.done},
            reverse("supervision:review_create", args=[point.pk]),
            today=today,
            due=status.overdue_on,
            where=point.target.display_name,
            overdue=status.state == ReviewState.OVERDUE,
            key=f"supervision.review:point={point.pk}:period={status.period_start.isoformat()}",
        )
