"""P1 figures (extras, not in the scenario file), counted from records in the scope's subtree by date in the year."""

from django.utils.translation import gettext_lazy as _

from common.figures import register
from organizations.models import Organization

from .models import Attendance, Training, Visit


@register("trainings_held", label=_("举办培训"), requirement="P1", unit=_("期"))
def trainings_held(unit: Organization, period: int) -> int:
    return Training.objects.filter(organization__code__startswith=unit.code, date__year=period).count()


@register("training_attendances", label=_("党员参训"), requirement="P1", unit=_("人次"))
def training_attendances(unit: Organization, period: int) -> int:
    return Attendance.objects.filter(
        training__organization__code__startswith=unit.code, training__date__year=period
    ).count()


@register("service_team_visits", label=_("服务队下访"), requirement="P1", unit=_("次"))
def service_team_visits(unit: Organization, period: int) -> int:
    return Visit.objects.filter(target__code__startswith=unit.code, date__year=period).count()
