"""What A3 records add to other apps' pages: rewards and penalties in the cadre view; the records the public
village page shows, watched for its cache (common.public_pages)."""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from common import public_pages
from common.sections import CADRE_VIEW, row_column

from .models import Decision, DecisionStep, Disclosure, Feedback, LedgerEntry, PublishedMonth, RewardPenalty
from .selectors import rewards_penalties_for_people


@row_column(
    CADRE_VIEW,
    "village_affairs.rewards_penalties",
    label=_("奖惩"),
    template="village_affairs/cadre_rewards.html",
    order=10,
)
def rewards_penalties(person_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, list[RewardPenalty]]:
    """Each cadre's rewards and penalties recorded in the period, newest first (one query)."""
    return {
        person_id: [rp for rp in rows if start <= rp.date <= end]
        for person_id, rows in rewards_penalties_for_people(person_ids).items()
    }


# The public village page (portal) shows these: a write of any of them renders the village's page afresh.
for _model in (Disclosure, LedgerEntry, PublishedMonth, Decision, Feedback):
    public_pages.watch(_model, "village__code")
public_pages.watch(DecisionStep, "decision__village__code")
