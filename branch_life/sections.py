"""Branch life's contributions to pages it does not own: the public village page (theme party days held)
and the campaign report's practice platform (a paragraph on organizational life).

Public fields only: a theme day's date and topic, never who attended.
"""

from typing import Any

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from common import clock, public_pages
from common.money import yuan
from common.sections import PUBLIC_VILLAGE, REPORT_PRACTICE, section
from organizations.models import Organization

from .models import Meeting, MeetingKind

PUBLIC_THEME_DAYS = 12


@section(
    PUBLIC_VILLAGE,
    "branch_life.theme_days",
    order=25,
    template="branch_life/public_section.html",
    anchor="theme-days",
    label=_("主题党日"),
)
def theme_days(village: Organization) -> dict[str, Any] | None:
    """The theme party days held this campaign year (the latest first): their count, dates and topics."""
    year = clock.today().year
    held = Meeting.objects.filter(
        branch=village, kind=MeetingKind.THEME_DAY, date__year=year, date__lte=clock.today()
    ).order_by("-date")
    rows = list(held.values("date", "topic")[:PUBLIC_THEME_DAYS])
    if not rows:
        return None
    return {"year": year, "count": held.count(), "theme_days": rows}


@section(REPORT_PRACTICE, "branch_life.report", order=10, template="")
def report_paragraph(figures: dict[str, Any], whole: str) -> dict[str, Any] | None:
    """One paragraph on organizational life, from the registered figures."""
    meetings = int(figures.get("organizational_life_meetings") or 0)
    if not meetings:
        text = _t("本年度未录入党支部组织生活（三会一课、主题党日）记录。")
    else:
        text = _t(
            "%(whole)s各村党支部坚持“三会一课”制度，全年开展组织生活%(meetings)s次，其中主题党日%(days)s次，"
            "收缴党费%(dues)s。"
        ) % {
            "whole": whole,
            "meetings": meetings,
            "days": int(figures.get("theme_party_days") or 0),
            "dues": yuan(figures.get("party_dues_collected_yuan") or 0),
        }
    return {"text": text}


# What the theme-day section shows, watched for the public page's cache (common.public_pages).
public_pages.watch(Meeting, "branch__code")
