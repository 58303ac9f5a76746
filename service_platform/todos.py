"""To-dos of P2: micro-loan applications to decide (153帮扶计划: approve or refuse).

Deciding is the township's (``OVERSEE``, as ``selectors.allowed_steps`` asks), so the
township admin gets the applications of its villages; one item per township.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from common.division_codes import TOWNSHIP_LENGTH
from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo
from organizations.models import Organization

from .models import LoanStatus, MicroLoan


@register("service_platform.loans")
def loans_to_decide(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    townships = list(Organization.objects.filter(code__in=granted_at(scope, Right.OVERSEE, TOWNSHIP_LENGTH)))
    if not townships:
        return
    names = {t.code: t.display_name for t in townships}
    rows = (
        MicroLoan.objects.filter(status=LoanStatus.APPLIED, village__parent__code__in=list(names))
        .order_by()
        .values("village__parent__code")
        .annotate(n=Count("id"), one=Min("id"))
        .order_by("village__parent__code")
    )
    for row in rows:
        code = row["village__parent__code"]
        if row["n"] == 1:
            url = reverse("service_platform:loan_detail", args=[row["one"]])
        else:
            url = f"{reverse('service_platform:loan_list')}?{urlencode({'area': code, 'status': LoanStatus.APPLIED})}"
        yield todo(
            "service_platform.loan_decide",
            _("审批小额贷款申请%(count)s笔") % {"count": row["n"]},
            url,
            today=today,
            where=names[code],
            count=row["n"],
            key=f"service_platform.loan_decide:{code}",
        )
