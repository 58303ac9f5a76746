"""Report jobs: ask for a PDF or Word report on the page, write it in a worker (``reports.tasks``).

``report_job_request`` saves the job and queues its task; the page then polls the job's progress.
``report_job_run`` is the task's work, in the worker: it rebuilds the scope of the job's user from their
roles, refuses a unit outside it (a role taken away since), builds the report, renders it and saves the
file, beating the heartbeat at every stage. ``recover_report_jobs`` marks failed, with a message in the
user's language, a running job whose worker has been silent longer than ``REPORT_STALE_MINUTES`` (its
process was killed or restarted): never "running" for ever. The user may ask again.
"""

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scope import scope_of_worker_user
from organizations.models import Organization

from .campaign import build_report
from .campaign_views import FORMATS, report_units
from .models import UNFINISHED, ReportJob, ReportJobStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# Share of the bar at the start of each stage: waiting, collecting the records, rendering, saving.
STAGES = {"queued": 0, "collect": 10, "render": 50, "save": 95}
STAGE_LABELS = {
    "queued": _("排队等待处理"),
    "collect": _("正在汇总数据"),
    "render": _("正在排版"),
    "save": _("正在保存文件"),
}


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "REPORT_STALE_MINUTES", 10)))


def percent_of(job: ReportJob) -> int:
    if job.status == ReportJobStatus.DONE:
        return 100
    return STAGES.get(job.stage or "queued", 0)


def report_job_request(*, user: "User", org: Organization, year: int, language: str, fmt: str) -> ReportJob:
    """Queue the report ``fmt`` of ``org`` for ``year`` in ``language``; the same one still unfinished is reused,
    so a double click or a second tab queues nothing more."""
    recover_report_jobs(user=user)
    same = ReportJob.objects.filter(user=user, org=org, year=year, language=language, format=fmt)
    waiting = same.filter(status__in=UNFINISHED).first()
    if waiting is not None:
        return waiting
    job = ReportJob.objects.create(
        user=user,
        org=org,
        year=year,
        language=language,
        format=fmt,
        stage="queued",
        heartbeat_at=timezone.now(),
        ui_language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    from .tasks import enqueue_report  # the task module imports this one

    enqueue_report(job)
    return job


def report_job_run(job_id: int) -> None:
    """Write the job's report, in the worker; a job already taken (or recovered) is left alone."""
    now = timezone.now()
    if not ReportJob.objects.filter(pk=job_id, status=ReportJobStatus.QUEUED).update(
        status=ReportJobStatus.RUNNING, attempt=F("attempt") + 1, stage="collect", started_at=now, heartbeat_at=now
    ):
        logger.warning("report job %s is not queued any more: not run", job_id)
        return
    job = ReportJob.objects.select_related("user", "org").get(pk=job_id)
    with translation.override(job.ui_language):
        try:
            _write(job)
        except Exception:
            logger.exception("report job %s failed", job_id)
            _fail(job, gettext("报告生成时发生意外错误，请重新生成。"))


def _write(job: ReportJob) -> None:
    scope = scope_of_worker_user(job.user)
    if job.org.code not in {unit.code for unit in report_units(scope)}:
        _fail(job, gettext("你已无权查看该单位的报告，报告未生成。"))
        return
    report = build_report(job.org, job.year, job.language)
    if not _beat(job, "render"):
        return
    _label, _type, renderer = FORMATS[job.format]
    content = renderer(report)
    if not _beat(job, "save"):
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    job.file.save(job.filename, ContentFile(data), save=False)
    now = timezone.now()
    if not _mine(job).update(
        status=ReportJobStatus.DONE, stage="", file=job.file.name, finished_at=now, heartbeat_at=now
    ):
        job.file.delete(save=False)  # recovered as failed meanwhile: the user was told to ask again


def _mine(job: ReportJob):  # noqa: ANN202 - a queryset of the one job, while this run still holds it
    return ReportJob.objects.filter(pk=job.pk, attempt=job.attempt, status=ReportJobStatus.RUNNING)


def _beat(job: ReportJob, stage: str) -> bool:
    return bool(_mine(job).update(stage=stage, heartbeat_at=timezone.now()))


def _fail(job: ReportJob, message: str) -> None:
    now = timezone.now()
    _mine(job).update(status=ReportJobStatus.FAILED, stage="", error=message, finished_at=now, heartbeat_at=now)


def interrupted_message() -> str:
    return gettext("报告生成中断：处理该任务的进程已停止。请重新生成。")


def recover_report_jobs(*, user: "User | None" = None, now: dt.datetime | None = None) -> int:
    """Mark failed the running jobs whose worker has been silent too long (``user``'s only, when given),
    and the queued ones whose task is no longer in the queue; return how many."""
    from .tasks import waits_in_queue

    now = now or timezone.now()
    cutoff = now - stale_after()
    jobs = ReportJob.objects.filter(status__in=UNFINISHED).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    if user is not None:
        jobs = jobs.filter(user=user)
    recovered = 0
    for job in jobs.only("pk", "status", "attempt", "ui_language", "task_id"):
        if job.status == ReportJobStatus.QUEUED and waits_in_queue(job):
            continue  # waiting for a worker: one that starts will run it
        with translation.override(job.ui_language):
            message = interrupted_message()
        recovered += ReportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
            status=ReportJobStatus.FAILED, stage="", error=message, finished_at=now
        )
    return recovered


def prune_report_jobs(*, before: dt.datetime) -> int:
    """Delete the finished jobs older than ``before`` with their files (``run_worker``'s housekeeping)."""
    old = ReportJob.objects.exclude(status__in=UNFINISHED).filter(finished_at__lt=before)
    for job in old.exclude(file=""):
        job.file.delete(save=False)
    deleted, _ = old.delete()
    return deleted
