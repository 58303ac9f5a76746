import datetime as dt

from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .selectors import township_leadership


@register("leadership_groups", label=_("成立领导小组且由党委书记任组长的乡镇"), requirement="M1", unit=_("个"))
def leadership_groups(unit: Organization, period: int) -> int:
    # Counted on the last day of the period: a group that existed earlier but lost its leader does not count.
    return sum(
        1 for row in township_leadership(unit, dt.date(period, 12, 31)) if row.has_group and row.led_by_secretary
    )
