"""Import jobs: upload, preview (dry run) and commit, inline or in a background thread.

While a job runs its progress lives in this process's memory as well as in the job
row: during a commit the writes sit in an open transaction, and on SQLite a second
connection could neither see nor write a progress figure until it ends.
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
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.scope import Scope
from security.services import record_import

from .importers import IMPORTERS
from .models import ImportJob, ImportKind, ImportStatus

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
    """The importer's progress callback for one job run."""

    def __init__(self, job_id: int, commit: bool) -> None:
        self.job_id = job_id
        self.stages = _STAGES[commit]
        self.last_saved = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        low, high = self.stages.get(stage, (0, 100))
        percent = low + (high - low) * done // total if total else low
        with _live_lock:
            _live[self.job_id] = Progress(min(percent, 99), stage, done, total)
        now = time.monotonic()
        # Outside a transaction the row can be updated, so another process polling also sees progress.
        if not connection.in_atomic_block and now - self.last_saved > 0.5:
            self.last_saved = now
            ImportJob.objects.filter(pk=self.job_id).update(processed_rows=done, total_rows=total)


@transaction.atomic
def import_job_create(*, user, kind: str, file: UploadedFile, language: str) -> ImportJob:
    job = ImportJob(user=user, kind=ImportKind(kind), original_name=file.name[:200], language=language)
    job.file.save(file.name, file, save=False)
    job.full_clean()
    job.save()
    return job


def import_job_preview(*, job: ImportJob, scope: Scope) -> threading.Thread | None:
    """Check every row without writing (the dry run); return the thread when run in the background."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING, processed_rows=0)
    job.status = ImportStatus.PREVIEWING
    return _start(job.pk, scope, commit=False)


def import_job_commit(*, job: ImportJob, scope: Scope, language: str) -> threading.Thread | None:
    """Check the file again and write all rows or none."""
    if not job.can_commit:
        raise ValidationError(gettext("只有校验通过且没有错误的文件才能导入。"), code="not_ready_to_commit")
    # Claim the job atomically so that a double click cannot start two commits.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.COMMITTING, processed_rows=0, language=language
    )
    if not claimed:
        raise ValidationError(gettext("该导入任务已在处理中。"), code="already_running")
    job.status = ImportStatus.COMMITTING
    return _start(job.pk, scope, commit=True)


def _start(job_id: int, scope: Scope, *, commit: bool) -> threading.Thread | None:
    if settings.IMPORT_IN_BACKGROUND:
        # In the request's context, so that the security log knows where the import came from.
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(_run_in_thread, job_id, scope, commit), daemon=True)
        thread.start()
        return thread
    _run(job_id, scope, commit)
    return None


def _run_in_thread(job_id: int, scope: Scope, commit: bool) -> None:
    try:
        _run(job_id, scope, commit)
    finally:
        connections.close_all()  # this thread's connections would otherwise stay open


def _run(job_id: int, scope: Scope, commit: bool) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    importer = IMPORTERS[job.kind](scope=scope, user=job.user, progress=_Reporter(job_id, commit))
    with translation.override(job.language):
        try:
            with job.file.open("rb") as fileobj:
                report = importer.run(fileobj, commit=commit, max_rows=settings.IMPORT_MAX_ROWS)
        except Exception:
            logger.exception("import job %s failed", job_id)
            _finish(job, ImportStatus.FAILED, {"file_errors": [gettext("导入时发生意外错误，未写入任何数据。")]})
            return
    job.total_rows = job.processed_rows = report.total
    job.error_count = len(report.error_rows)
    data = report.as_json()
    if commit:
        job.created_count, job.updated_count = report.created, report.updated
        status = ImportStatus.DONE if report.ok else ImportStatus.FAILED
    else:
        job.created_count, job.updated_count = data["new"], data["update"]
        status = ImportStatus.FAILED if report.file_errors else ImportStatus.PREVIEWED
    _finish(job, status, data)


def _finish(job: ImportJob, status: str, report: dict) -> None:
    commit = job.status == ImportStatus.COMMITTING
    job.status = status
    job.report = report
    job.finished_at = timezone.now()
    job.save()
    record_import(job, commit=commit)
    with _live_lock:
        _live.pop(job.pk, None)
