"""A3 settings with the defaults of requirements.md; override any key in ``settings.VILLAGE_AFFAIRS``.

Read at call time (never at import time) so that tests can override them with ``settings``.
"""

import datetime as dt
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Quorum as (numerator, denominator, strict): strict means "more than", else "at least".
    "quorum": {
        # 支委会 / 两委联席会: more than half of the committee members (party rule for committee meetings).
        "committee": (1, 2, True),
        # 党员大会: at least 2/3 of the members (the common register template).
        "party_assembly": (2, 3, False),
        # 村民代表会议: at least 2/3 of the representatives (Organic Law of Villagers' Committees, art. 26).
        "representatives": (2, 3, False),
        # 村民会议: more than half of the adult villagers … (art. 22)
        "villagers_assembly": (1, 2, True),
        # … or representatives of at least 2/3 of the households (art. 22).
        "villagers_assembly_households": (2, 3, False),
    },
    # Every meeting passes with more than half of those present.
    "passing": (1, 2, True),
    "publicity_days": 5,  # 公示期 between the published resolution and the implementation result
    "deadline_day": 10,  # a period's disclosure is due on this day of the following month
    "affairs_period": "quarter",  # village affairs disclosures: "quarter" or "month"; finance is always monthly
    "stuck_days": 60,  # R-DECISION: a decision waiting longer than this at one step
    "feedback_answer_days": 7,
    "feedback_max_length": 500,
    "feedback_per_hour": 5,  # per client (hashed address, the real client's behind the proxies)
    "feedback_per_item_per_hour": 20,  # per published item, whoever sends it
    "feedback_per_village_per_hour": 60,  # per village, whoever sends it
    "feedback_duplicate_hours": 24,  # the same text (normalized) on the same village's pages is refused for this long
    "feedback_min_seconds": 3,  # between the page showing the form and its submission (a signed timestamp)
    "feedback_form_hours": 24,  # how long a page's form may be submitted
    "required_from": dt.date(2010, 1, 1),  # first period for which disclosures are required
    "lookback_months": 24,  # R-DISCLOSE looks at periods whose deadline fell in this many months (None: all)
}


def setting(name: str) -> Any:
    overrides = getattr(settings, "VILLAGE_AFFAIRS", {}) or {}
    if name == "quorum":
        return {**DEFAULTS["quorum"], **overrides.get("quorum", {})}
    return overrides.get(name, DEFAULTS[name])
