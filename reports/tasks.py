"""The report's task: write one report job's PDF or Word file in a worker process (common/background.py).

It carries the job's id only; the job says whose it is, and the worker rebuilds that user's scope.
"""

from django_tasks import task

from common.background import enqueue, is_queued

from . import jobs
from .models import ReportJob


@task()
def write_report(*, job_id: int) -> None:
    jobs.report_job_run(job_id)


def enqueue_report(job: ReportJob) -> None:
    job.task_id = enqueue(write_report, job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)


def waits_in_queue(job: ReportJob) -> bool:
    return is_queued(write_report, job.task_id)
