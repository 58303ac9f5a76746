"""R-PAIRING-STALE: an active pairing with no recorded activity for too long.

The limit is Django setting ``PAIRING_STALE_DAYS`` (default 90 days), read when the
rule runs. "Activity" is any co-building activity, contribution or outcome dated on or
before the day asked about. A pairing is stale from ``since`` = (last activity, or the
pairing's start if later or there is none) + limit: amber while stale for less than
another limit, red after that. Five queries whatever the number of pairings.
"""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization
from people.holders import HolderIndex
from people.models import Post

from .models import Pairing
from .selectors import last_activity_by_pairing

DEFAULT_STALE_DAYS = 90


def stale_days() -> int:
    return int(getattr(settings, "PAIRING_STALE_DAYS", DEFAULT_STALE_DAYS))


@register("R-PAIRING-STALE", title=_("结对长期没有活动"), requirement="A2")
def check_stale_pairings(unit: Organization, on: dt.date) -> Iterator[Finding]:
    limit = dt.timedelta(days=stale_days())
    pairings = Pairing.objects.active_on(on).filter(village__code__startswith=unit.code)
    latest = last_activity_by_pairing(pairings, on)
    holders = HolderIndex(unit, on)
    for pairing in pairings.select_related("village", "unit", "urban_person", "rural_person", "household__head"):
        last = latest.get(pairing.pk)
        reference = max(last, pairing.start) if last else pairing.start
        since = reference + limit
        if on < since:
            continue
        severity = Severity.AMBER if on - since < limit else Severity.RED
        accountable = holders.get(pairing.village_id, Post.VILLAGE_SECRETARY)
        if pairing.unit_id:
            accountable.append(Accountable(name=pairing.unit.display_name, role=gettext_now("结对单位")))
        if last:
            message = _("%(pairing)s自%(last)s以来没有活动记录（超过%(days)s天）。")
        else:
            message = _("%(pairing)s自%(last)s开始结对以来没有活动记录（超过%(days)s天）。")
        yield finding(
            rule="R-PAIRING-STALE",
            unit=pairing.village,
            since=since,
            severity=severity,
            accountable=accountable,
            message=message,
            pairing=pairing,
            last=reference.isoformat(),
            days=limit.days,
        )
