"""Import jobs: upload, preview (dry run) and commit, run as tasks in a worker process (``exchange.tasks``).

The page claims the job and enqueues its run; a worker (``manage.py run_worker``) runs it and writes
its progress on the job row, which every web process reads (the progress bar). During a commit the
writes sit in an open transaction and the row cannot be updated from outside it (on SQLite no second
connection may write): the bar then shows where the writing began until the rows and the result are
committed, together or not at all. The tests run the task inline (the immediate backend).

Each run claims its job by raising ``attempt`` and beats ``heartbeat_at`` as it goes;
it writes its result only while the job is still its own (``_finish``), and a commit
marks its job done inside the transaction that writes the rows, so rows and status are
committed together or not at all. A job whose worker died is recovered by
``exchange.recovery`` (marked failed with a message, open to a new run).
"""

import logging
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.scope import Scope
from security.services import record_import

from .importers import IMPORTERS
from .importing import Report
from .limits import Limits
from .models import RUNNING_STATUSES, ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# Share of the bar each stage fills: reading the file, checking rows, writing them.
_STAGES = {
    False: {"read": (0, 80), "check": (80, 100)},
    True: {"read": (0, 40), "check": (40, 60), "write": (60, 100)},
}
STAGE_LABELS = {
    "queued": _("排队等待处理"),
    "read": _("正在读取文件"),
    "check": _("正在校验"),
    "write": _("正在写入"),
}


@dataclass(frozen=True)
class Progress:
    percent: int
    stage: str
    done: int
    total: int


def progress_of(job: ImportJob) -> Progress:
    """Return how far a job has got, as its row says (the worker writes it there)."""
    if not job.is_running:
        return Progress(100, "", job.processed_rows, job.total_rows)
    stage = job.stage or "queued"
    low, high = _STAGES[job.status == ImportStatus.COMMITTING].get(stage, (0, 100))
    percent = low + (high - low) * job.processed_rows // job.total_rows if job.total_rows else low
    return Progress(min(percent, 99), stage, job.processed_rows, job.total_rows)


class _Reporter:
    """The importer's progress callback for one job run; it also beats the job's heartbeat."""

    def __init__(self, job_id: int, attempt: int) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.last_saved = 0.0
        self.last_stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        # Outside a transaction the row can be updated, so the web processes polling see progress.
        # Inside the commit's transaction it cannot be seen: that part is bounded by IMPORT_MAX_SECONDS.
        if connection.in_atomic_block or (now - self.last_saved <= 0.5 and stage == self.last_stage):
            return
        self.last_saved, self.last_stage = now, stage
        ImportJob.objects.filter(pk=self.job_id, attempt=self.attempt).update(
            processed_rows=done, total_rows=total, stage=stage, heartbeat_at=timezone.now()
        )


@transaction.atomic
def import_job_create(*, user, kind: str, file: UploadedFile, language: str) -> ImportJob:
    job = ImportJob(user=user, kind=kind, original_name=(file.name or "")[:200], language=language)
    job.file.save(file.name, file, save=False)
    job.full_clean()
    job.save()
    return job


ALREADY_RUNNING = _("该导入任务已在处理中。")


def import_job_preview(*, job: ImportJob) -> None:
    """Queue the check of every row, without writing (the dry run).

    A new job is previewed on upload; a failed one (interrupted, or stopped by a limit) may be again.
    The worker checks the rows against the scope of the job's user, rebuilt there from their roles.
    """
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ValidationError(str(ALREADY_RUNNING), code="already_running")
    attempt = _claim(job, ImportStatus.PREVIEWING)
    _start(job, attempt, commit=False)


def import_job_commit(*, job: ImportJob, language: str) -> None:
    """Queue checking the file again and writing all rows or none."""
    if not job.can_commit:
        raise ValidationError(gettext("只有校验通过且没有错误的文件才能导入。"), code="not_ready_to_commit")
    attempt = _claim(job, ImportStatus.COMMITTING, language=language)
    _start(job, attempt, commit=True)


def _claim(job: ImportJob, status: str, **fields: object) -> int:
    """Take the job for one run, atomically, so that a double click or a second tab cannot start two."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
        status=status,
        processed_rows=0,
        stage="",
        heartbeat_at=timezone.now(),
        attempt=F("attempt") + 1,
        **fields,
    )
    if not claimed:
        raise ValidationError(str(ALREADY_RUNNING), code="already_running")
    job.status, job.attempt = status, job.attempt + 1
    return job.attempt


def _start(job: ImportJob, attempt: int, *, commit: bool) -> None:
    from .tasks import enqueue_import  # the task module imports this one

    enqueue_import(job=job, attempt=attempt, commit=commit)


class _Superseded(Exception):
    """The job is no longer this run's (recovered as interrupted, maybe claimed again): write nothing."""


def run(job_id: int, attempt: int, scope: Scope, commit: bool) -> None:
    """One run of a job, in the worker: read, check and (for a commit) write, then record the result."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.attempt != attempt or job.status not in RUNNING_STATUSES:
        logger.warning("import job %s: run %s is no longer the job's, not started", job_id, attempt)
        return
    ImportJob.objects.filter(pk=job_id, attempt=attempt).update(stage="read", heartbeat_at=timezone.now())
    importer = IMPORTERS[job.kind](scope=scope, user=job.user, progress=_Reporter(job_id, attempt))

    def done_with_the_rows(report: Report) -> None:
        # Inside the commit's transaction: the job is marked done with its rows, or neither is.
        if not _finish(
            job_id, attempt, ImportStatus.DONE, report.as_json(), commit=True, **_counts(report, commit=True)
        ):
            raise _Superseded

    with translation.override(job.language):
        try:
            with job.file.open("rb") as fileobj:
                report = importer.run(
                    fileobj, commit=commit, limits=Limits.from_settings(), before_commit=done_with_the_rows
                )
        except _Superseded:
            logger.warning("import job %s: run %s was superseded, its writes were rolled back", job_id, attempt)
            return
        except Exception:
            logger.exception("import job %s failed", job_id)
            _finish(
                job_id,
                attempt,
                ImportStatus.FAILED,
                {"file_errors": [gettext("导入时发生意外错误，未写入任何数据。")]},
                commit=commit,
            )
            return
    if commit and report.ok:
        return  # marked done with the rows
    # A commit that is not done failed (rows no longer pass, or a limit); a preview fails only on the file.
    failed = commit or bool(report.file_errors)
    _finish(
        job_id,
        attempt,
        ImportStatus.FAILED if failed else ImportStatus.PREVIEWED,
        report.as_json(),
        commit=commit,
        **_counts(report, commit=commit),
    )


def _counts(report: Report, *, commit: bool) -> dict[str, int]:
    data = report.as_json()
    created, updated = (report.created, report.updated) if commit else (data["new"], data["update"])
    return {
        "total_rows": report.total,
        "processed_rows": report.total,
        "error_count": len(report.error_rows),
        "created_count": created,
        "updated_count": updated,
    }


def _finish(job_id: int, attempt: int, status: str, report: dict, *, commit: bool, **fields: int) -> bool:
    """Write a run's result if the job is still this run's, and log it; return whether it was."""
    now = timezone.now()
    written = ImportJob.objects.filter(pk=job_id, attempt=attempt, status__in=RUNNING_STATUSES).update(
        status=status, report=report, finished_at=now, heartbeat_at=now, stage="", **fields
    )
    if written:
        record_import(ImportJob.objects.select_related("user").get(pk=job_id), commit=commit)
    return bool(written)
