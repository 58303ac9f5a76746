"""Branch-life figures, counted from the records in the unit's subtree for the year.

- ``organizational_life_meetings``: meetings of every kind held in the year;
- ``theme_party_days``: theme party days (主题党日) held in the year;
- ``party_dues_collected_yuan``: dues paid for the year's months;
- ``notices_sent``: notices the unit's county or townships sent in the year.
"""

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from common.figures import register_rows, year_bounds

from .models import DuesPayment, Meeting, MeetingKind, Notice


@register_rows(
    "organizational_life_meetings",
    label=_("组织生活会议"),
    requirement="B-LIFE",
    unit=_("次"),
    code_path="branch__code",
)
def organizational_life_meetings(year: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(date__year=year)


@register_rows("theme_party_days", label=_("主题党日"), requirement="B-LIFE", unit=_("次"), code_path="branch__code")
def theme_party_days(year: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(date__year=year, kind=MeetingKind.THEME_DAY)


@register_rows(
    "party_dues_collected_yuan",
    label=_("收缴党费"),
    requirement="B-LIFE",
    unit=_("元"),
    code_path="branch__code",
    value=Sum("amount"),
    money=True,
)
def party_dues_collected(year: int) -> QuerySet[DuesPayment]:
    return DuesPayment.objects.filter(month__year=year)


@register_rows("notices_sent", label=_("下发通知"), requirement="B-LIFE", unit=_("份"), code_path="origin__code")
def notices_sent(year: int) -> QuerySet[Notice]:
    start, end = year_bounds(year)
    return Notice.objects.filter(sent_at__gte=start, sent_at__lt=end)
