"""The date pages judge status on when the user does not pick one.

Normally today. But a county whose latest campaign period has already ended (the demo's
Zhenghe 2010, or any county between the close of one year's period and the opening of
the next) is judged on that period's last day, so that compliance, review status and
pairing status describe the campaign the records are about rather than an empty today.
"""

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from accounts.scope import Scope


def default_as_of(scope: Scope) -> dt.date:
    from evaluation.models import Period  # evaluation depends on accounts; import late to keep layers simple

    today = timezone.localdate()
    periods = Period.objects.all()
    if not scope.is_superuser:
        counties = {code[:6] for code in scope.read_codes}
        periods = periods.filter(county__code__in=counties)
    latest = periods.filter(start__lte=today).aggregate(end=Max("end"))["end"]
    return min(today, latest) if latest else today
