"""Import jobs: upload, preview (dry run) and commit, inline or in a background thread.

While a job runs its progress lives in this process's memory as well as in the job
row: during a commit the writes sit in an open transaction, and on SQLite a second
connection could neither see nor write a progress figure until it ends.

Each run claims its job by raising ``attempt`` and beats ``heartbeat_at`` as it goes;
it writes its result only while the job is still its own (``_finish``), and a commit
marks its job done inside the transaction that writes the rows, so rows and status are
committed together or not at all. A job whose worker died is recovered by
``exchange.recovery``, whatever runs it (this thread today, a task queue later).
"""

import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.scope import Scope
from security.services import record_import

from .importers import IMPORTERS
from .importing import Report
from .limits import Limits
from .models import RUNNING_STATUSES, ImportJob, ImportKind, ImportStatus

logger = logging.getLogger(__name__)

# Share of the bar each stage fills: reading the file, checking rows, writing them.
_STAGES = {
    False: {"read": (0, 80), "check": (80, 100)},
    True: {"read": (0, 40), "check": (40, 60), "write": (60, 100)},
}
STAGE_LABELS = {"read": _("正在读取文件"), "check": _("正在校验"), "write": _("正在写入")}


@dataclass(frozen=True)
class Progress:
    percent: int
    stage: str
    done: int
    total: int


_live: dict[int, Progress] = {}
_live_lock = threading.Lock()


def progress_of(job: ImportJob) -> Progress:
    """Return how far a job has got: the live figure while it runs here, else what the row says."""
    with _live_lock:
        live = _live.get(job.pk)
    if live is not None and job.is_running:
        return live
    if not job.is_running:
        return Progress(100, "", job.processed_rows, job.total_rows)
    percent = int(100 * job.processed_rows / job.total_rows) if job.total_rows else 0
    return Progress(min(percent, 99), "read", job.processed_rows, job.total_rows)


class _Reporter:
    """The importer's progress callback for one job run; it also beats the job's heartbeat."""

    def __init__(self, job_id: int, attempt: int, commit: bool) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.stages = _STAGES[commit]
        self.last_saved = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        low, high = self.stages.get(stage, (0, 100))
        percent = low + (high - low) * done // total if total else low
        with _live_lock:
            _live[self.job_id] = Progress(min(percent, 99), stage, done, total)
        now = time.monotonic()
        # Outside a transaction the row can be updated, so another process polling also sees progress.
        # Inside the commit's transaction it cannot be seen: that part is bounded by IMPORT_MAX_SECONDS.
        if not connection.in_atomic_block and now - self.last_saved > 0.5:
            self.last_saved = now
            ImportJob.objects.filter(pk=self.job_id, attempt=self.attempt).update(
                processed_rows=done, total_rows=total, heartbeat_at=timezone.now()
            )


@transaction.atomic
def import_job_create(*, user, kind: str, file: UploadedFile, language: str) -> ImportJob:
    job = ImportJob(user=user, kind=ImportKind(kind), original_name=(file.name or "")[:200], language=language)
    job.file.save(file.name, file, save=False)
    job.full_clean()
    job.save()
    return job


ALREADY_RUNNING = _("该导入任务已在处理中。")


def import_job_preview(*, job: ImportJob, scope: Scope) -> threading.Thread | None:
    """Check every row without writing (the dry run); return the thread when run in the background.

    A new job is previewed on upload; a failed one (interrupted, or stopped by a limit) may be again.
    """
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise ValidationError(str(ALREADY_RUNNING), code="already_running")
    attempt = _claim(job, ImportStatus.PREVIEWING)
    return _start(job.pk, attempt, scope, commit=False)


def import_job_commit(*, job: ImportJob, scope: Scope, language: str) -> threading.Thread | None:
    """Check the file again and write all rows or none."""
    if not job.can_commit:
        raise ValidationError(gettext("只有校验通过且没有错误的文件才能导入。"), code="not_ready_to_commit")
    attempt = _claim(job, ImportStatus.COMMITTING, language=language)
    return _start(job.pk, attempt, scope, commit=True)


def _claim(job: ImportJob, status: str, **fields: object) -> int:
    """Take the job for one run, atomically, so that a double click or a second tab cannot start two."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
        status=status, processed_rows=0, heartbeat_at=timezone.now(), attempt=F("attempt") + 1, **fields
    )
    if not claimed:
        raise ValidationError(str(ALREADY_RUNNING), code="already_running")
    job.status, job.attempt = status, job.attempt + 1
    return job.attempt


def _start(job_id: int, attempt: int, scope: Scope, *, commit: bool) -> threading.Thread | None:
    if settings.IMPORT_IN_BACKGROUND:
        # In the request's context, so that the security log knows where the import came from.
        context = contextvars.copy_context()
        thread = threading.Thread(
            target=context.run, args=(_run_in_thread, job_id, attempt, scope, commit), daemon=True
        )
        thread.start()
        return thread
    _run(job_id, attempt, scope, commit)
    return None


def _run_in_thread(job_id: int, attempt: int, scope: Scope, commit: bool) -> None:
    try:
        _run(job_id, attempt, scope, commit)
    finally:
        connections.close_all()  # this thread's connections would otherwise stay open


class _Superseded(Exception):
    """The job is no longer this run's (recovered as interrupted, maybe claimed again): write nothing."""


def _run(job_id: int, attempt: int, scope: Scope, commit: bool) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    importer = IMPORTERS[job.kind](scope=scope, user=job.user, progress=_Reporter(job_id, attempt, commit))

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
        status=status, report=report, finished_at=now, heartbeat_at=now, **fields
    )
    if written:
        record_import(ImportJob.objects.select_related("user").get(pk=job_id), commit=commit)
    with _live_lock:
        _live.pop(job_id, None)
    return bool(written)
