"""The import's task: a preview or a commit of one job, run by a worker process (common/background.py).

The task carries ids only. The worker rebuilds the scope of the job's user from their roles as they
are when it runs (``accounts.scope.scope_of_worker_user``): never wider than the user's own, and narrower
if a role was taken away meanwhile. It serves the run as the request that started it, so the
security log records the import from where the user was.
"""

from django_tasks import task

from accounts.scope import scope_of_worker_user
from common.background import enqueue, is_queued
from security.context import origin_of, serving_origin

from . import jobs
from .models import ImportJob


@task()
def run_import(*, job_id: int, attempt: int, commit: bool, origin: dict[str, str]) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with serving_origin(origin):
        jobs.run(job_id, attempt, scope_of_worker_user(job.user), commit)


def enqueue_import(*, job: ImportJob, attempt: int, commit: bool) -> None:
    """Queue a claimed run of ``job`` and note its task on the job (so a job waiting in the queue is not stale)."""
    task_id = enqueue(run_import, job_id=job.pk, attempt=attempt, commit=commit, origin=origin_of(None))
    ImportJob.objects.filter(pk=job.pk, attempt=attempt).update(task_id=task_id)
    job.task_id = task_id


def waits_in_queue(job: ImportJob) -> bool:
    return is_queued(run_import, job.task_id)
