"""The worker's housekeeping (``manage.py run_worker``): what a worker that died left behind, and old results.

The jobs a user watches (imports, reports) have their own heartbeats and are marked failed, with a message,
when their worker is silent too long (``exchange.recovery``, ``reports.jobs``). Here the queue's own rows:
a task row still "running" long after any task may run had a worker that died. A task that may run again
from the start (``notifications.tasks.RETRIED``: the daily reminders, which repeat nothing already sent)
goes back in the queue; any other is marked failed. Finished task rows and report jobs (with their
files) older than ``TASK_RESULT_DAYS`` are deleted.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from exchange.recovery import recover_stale_jobs
from exchange.recovery import stale_after as import_stale_after
from notifications.tasks import RETRIED
from reports.jobs import prune_report_jobs, recover_report_jobs
from reports.jobs import stale_after as report_stale_after


@dataclass(frozen=True)
class Housekeeping:
    imports: int
    reports: int
    requeued: int
    failed: int
    pruned: int


def task_stale_after() -> dt.timedelta:
    """How long a task row may stay running: longer than any job's own limit, and at least an hour."""
    return max(import_stale_after(), report_stale_after(), dt.timedelta(hours=1))


def housekeeping(*, now: dt.datetime | None = None) -> Housekeeping:
    now = now or timezone.now()
    imports = recover_stale_jobs(now=now)
    reports = recover_report_jobs(now=now)
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - task_stale_after())
    retried = {task.module_path for task in RETRIED}
    requeued = stale.filter(task_path__in=retried).update(status=TaskResultStatus.READY, started_at=None)
    failed = stale.exclude(task_path__in=retried).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="xianfeng.background.WorkerGone",
        traceback="The worker running this task stopped before it finished (marked failed by run_worker).",
    )
    cutoff = now - dt.timedelta(days=settings.TASK_RESULT_DAYS)
    pruned, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    pruned += prune_report_jobs(before=cutoff)  # and their files
    return Housekeeping(imports, reports, requeued, failed, pruned)
