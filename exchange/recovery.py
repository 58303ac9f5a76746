"""Import jobs whose worker is gone: marked failed, with a message, and open to a new run.

A job's liveness is its heartbeat: the runner sets ``heartbeat_at`` when it claims the job
and as it reports progress outside a transaction. The part it cannot report (a commit's
transaction) is bounded by IMPORT_MAX_SECONDS, so a running job whose heartbeat is older
than ``stale_after()`` has no runner any more: its process was killed or restarted, and
the database rolled its transaction back. A job whose task still waits in the queue for a
worker is not stale, however long it waits: a worker that starts will run it.

Recovery runs when the user looks (the job list, the job page and its progress poll) and
from ``manage.py recover_import_jobs`` when the workers restart.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from security.services import record_import

from .models import RUNNING_STATUSES, ImportJob, ImportStatus
from .tasks import waits_in_queue

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def stale_after() -> dt.timedelta:
    """How long a running job may stay silent: IMPORT_STALE_MINUTES, never less than a whole run and a minute."""
    return max(
        dt.timedelta(minutes=settings.IMPORT_STALE_MINUTES), dt.timedelta(seconds=settings.IMPORT_MAX_SECONDS + 60)
    )


def interrupted_message() -> str:
    return gettext("导入中断，请重新提交：处理该任务的进程已停止，这次运行没有写入任何数据。")


def recover_stale_jobs(*, user: "User | None" = None, now: dt.datetime | None = None, everything: bool = False) -> int:
    """Mark the running jobs without a runner failed (``user``'s only, when given); return how many.

    ``everything`` takes every job still marked running, fresh heartbeat or not: for a restart,
    when no worker is running any job.
    """
    now = now or timezone.now()
    jobs = ImportJob.objects.filter(status__in=RUNNING_STATUSES)
    if user is not None:
        jobs = jobs.filter(user=user)
    if not everything:
        cutoff = now - stale_after()
        jobs = jobs.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
    recovered = 0
    for job in jobs.only("pk", "status", "attempt", "language", "report", "task_id"):
        if waits_in_queue(job):  # a worker that starts will run it
            continue
        stage = "commit" if job.status == ImportStatus.COMMITTING else "preview"
        with translation.override(job.language):
            message = interrupted_message()
        # An interrupted commit keeps its preview (it passed, and nothing was written); a preview starts over.
        report = {**(job.report or {}), "file_errors": [message]} if stage == "commit" else {"file_errors": [message]}
        report["interrupted"] = stage
        counts = {} if stage == "commit" else {"error_count": 0, "created_count": 0, "updated_count": 0}
        # Only if nothing touched the job since it was read: a runner that just finished keeps its result.
        if ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
            status=ImportStatus.FAILED, report=report, finished_at=now, **counts
        ):
            recovered += 1
            # The security log hears of it as of any import that failed.
            record_import(ImportJob.objects.select_related("user").get(pk=job.pk), commit=stage == "commit")
    return recovered
