"""To-dos of F-IO: the user's own imports that stopped short — rows with errors to correct, or failed.

A job belongs to the user who uploaded it (only they open it, ``views._job_or_404``). A
checked file waiting to be committed, or one that failed, stays on the list until a later
import of the same kind is done, or for ``RECENT_DAYS`` (real time: jobs are stamped with it).
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.scope import Scope
from common.todos import Todo, register, todo

from .models import ImportJob, ImportStatus

RECENT_DAYS = 30


@register("exchange.imports")
def imports_to_finish(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if not scope.is_admin or user is None or not user.pk:
        return
    later_done = ImportJob.objects.filter(
        user_id=user.pk, kind=OuterRef("kind"), status=ImportStatus.DONE, created_at__gt=OuterRef("created_at")
    )
    jobs = (
        ImportJob.objects.filter(
            user_id=user.pk,
            status__in=[ImportStatus.PREVIEWED, ImportStatus.FAILED],
            created_at__gte=timezone.now() - dt.timedelta(days=RECENT_DAYS),
        )
        .exclude(Exists(later_done))
        .order_by("-created_at", "-id")
    )
    for job in jobs:
        params = {"kind": job.get_kind_display(), "name": job.original_name or job.file.name}
        if job.status == ImportStatus.FAILED:
            kind, title = "exchange.import_failed", _("导入失败：%(kind)s（%(name)s）") % params
        elif job.error_count:
            kind = "exchange.import_errors"
            title = _("修正导入错误：%(kind)s（%(name)s）%(count)s行有错") % {**params, "count": job.error_count}
        else:
            kind, title = "exchange.import_commit", _("确认导入：%(kind)s（%(name)s）已校验") % params
        yield todo(
            kind,
            title,
            reverse("exchange:job", args=[job.pk]),
            today=today,
            count=job.error_count or None,
            key=f"exchange.import:{job.pk}:{job.status}",
        )
