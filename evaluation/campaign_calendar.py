"""The date pages judge status on when the user does not pick one.

Normally today. But a county whose latest campaign period has already ended (the demo's
Zhenghe 2010, or any county between the close of one year's period and the opening of
the next) is judged on that period's last day, so that compliance, review status and
pairing status describe the campaign the records are about rather than an empty today.
The campaign periods are the assessment periods, which this app keeps.
"""

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from common.division_codes import county_code
from common.scope import Scope

from .models import AssessmentPeriod


def default_as_of(scope: Scope) -> dt.date:
    today = timezone.localdate()
    periods = AssessmentPeriod.objects.all()
    if not scope.is_superuser:
        periods = periods.filter(county__code__in={county_code(code) for code in scope.read_codes})
    latest = periods.filter(start__lte=today).aggregate(end=Max("end"))["end"]
    return min(today, latest) if latest else today
