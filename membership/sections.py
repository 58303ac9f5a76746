"""The public village page's section of recruitment steps under publication (公示): a candidate's
confirmation, the pre-review, the conversion — each shown for its days, then gone. Name, step and
dates only."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import clock, public_pages
from common.scope import Right, Scope
from common.sections import CAMPAIGN_REPORT, PERSON_DETAIL, PUBLIC_VILLAGE, section
from organizations.models import Organization
from people.models import PartyMembership, Person

from . import counting
from .models import MembershipEnd, Recruit, StepEvent
from .steps import BY_CODE


@section(
    PUBLIC_VILLAGE,
    "membership.publicity",
    order=40,
    template="membership/public_section.html",
    anchor="recruitment",
    label=_("发展党员公示"),
)
def publicity(village: Organization) -> dict[str, Any] | None:
    today = clock.today()
    found = list(
        StepEvent.objects.filter(recruit__branch=village, on__lte=today, publicity_until__gte=today)
        .order_by("on", "id")
        .values("step", "on", "publicity_until", "recruit__person__name")
    )
    if not found:
        return None
    return {"rows": [{**row, "step_name": BY_CODE[row["step"]].name} for row in found]}


@section(CAMPAIGN_REPORT, "membership.flow", order=10, template="")
def membership_flow(unit: Organization, year: int, as_of: dt.date) -> dict[str, Any] | None:
    """The report's membership flow of the year: start, joins, transfers in and out, deaths, end; and the pipeline."""
    found = counting.flow(unit.code, dt.date(year, 1, 1), as_of)
    stages = counting.stages_on(unit.code, as_of)
    if not (found.start or found.end or any(stages.values())):
        return None
    start_day, end_day = dt.date(year - 1, 12, 31), as_of
    return {
        "heading": _("党员队伍变化"),
        "paragraphs": [
            _(
                "%(start_day)s有党员%(start)s名，年内发展党员%(joins)s名、转入%(moved_in)s名、转出%(moved_out)s名、"
                "去世%(deaths)s名，%(end_day)s有党员%(end)s名。入党申请人%(applicants)s名、入党积极分子%(activists)s名、"
                "发展对象%(candidates)s名。"
            )
            % {
                "start_day": date_text(start_day),
                "end_day": date_text(end_day),
                "start": f"{found.start:,}",
                "joins": f"{found.joins:,}",
                "moved_in": f"{found.transferred_in:,}",
                "moved_out": f"{found.transferred_out:,}",
                "deaths": f"{found.deaths:,}",
                "end": f"{found.end:,}",
                **{k: f"{v:,}" for k, v in stages.items()},
            }
            + (_("另有%(left)s名党员出党或停止党籍。") % {"left": f"{found.left:,}"} if found.left else "")
        ],
        "tables": [
            {
                "caption": _("党员队伍变化表（%(year)s年）") % {"year": year},
                "columns": [_("年初党员"), _("新发展党员"), _("转入"), _("转出"), _("去世")]
                + ([_("出党、停止党籍")] if found.left else [])
                + [_("期末党员")],
                "rows": [
                    [
                        f"{v:,}"
                        for v in (
                            found.start,
                            found.joins,
                            found.transferred_in,
                            found.transferred_out,
                            found.deaths,
                            *([found.left] if found.left else []),
                            found.end,
                        )
                    ]
                ],
                "numeric": list(range(7 if found.left else 6)),
            }
        ],
    }


def date_text(day: dt.date) -> str:
    """A date as the report writes it (2010年12月31日 / 31 December 2010)."""
    from django.utils.translation import get_language

    if (get_language() or "").startswith("en"):
        return f"{day.day} {day:%B} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


# What the publicity section shows, watched for the public page's cache (common.public_pages).
public_pages.watch(StepEvent, "recruit__branch__code")
public_pages.watch(Recruit, "branch__code")


@section(PERSON_DETAIL, "membership.standing", order=20, template="membership/person_section.html")
def standing(person: Person, scope: Scope) -> dict[str, Any] | None:
    """A member's standing for a keeper of their branch: ended (on a day, why), else the way to end it. One query."""
    membership = (
        PartyMembership.objects.filter(scope.right_q(Right.MANAGE, "branch"), person_id=person.pk)
        .select_related("ending")
        .first()
    )
    if membership is None:
        return None
    ending: MembershipEnd | None = getattr(membership, "ending", None)
    return {"ending": ending, "end_url": reverse("membership:membership_end", args=[person.pk])}
