"""The daily run on the real queue: ``send_reminders`` queues it, a worker runs it; a run whose worker died
is queued again (it repeats nothing), any other task row left running is marked failed."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.models import Digest
from xianfeng.background import housekeeping, task_stale_after
from xianfeng.tests.test_todos import TODAY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_reminders_queues_the_day_and_a_worker_sends_it(queue, personas, work):
    said = _command("send_reminders", "--date", TODAY.isoformat())
    row = DBTaskResult.objects.get()
    assert "queued for a worker" in said and str(row.id) in said and row.status == TaskResultStatus.READY
    assert Digest.objects.count() == 0  # nothing sent by the command itself
    _command("run_worker", "--batch")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value["digests"] == Digest.objects.count() >= 4


def test_a_run_whose_worker_died_is_queued_again_and_other_tasks_are_failed(queue, personas, work):
    _command("send_reminders", "--date", TODAY.isoformat())
    long_ago = timezone.now() - task_stale_after() - dt.timedelta(minutes=1)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=long_ago)  # its worker was killed
    other = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=long_ago,
        args_kwargs={"args": [], "kwargs": {"job_id": 1}},
        task_path="reports.tasks.write_report",
        backend_name="default",
        run_after=timezone.now(),
    )
    recent = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        args_kwargs={"args": [], "kwargs": {"job_id": 2}},
        task_path="reports.tasks.write_report",
        backend_name="default",
        run_after=timezone.now(),
    )
    done = housekeeping()
    assert (done.requeued, done.failed) == (1, 1)
    other.refresh_from_db()
    recent.refresh_from_db()
    assert other.status == TaskResultStatus.FAILED and "stopped before it finished" in other.traceback
    assert recent.status == TaskResultStatus.RUNNING  # a task still within its time is left alone
    _command("run_worker", "--batch")
    reminders = DBTaskResult.objects.get(task_path="notifications.tasks.send_reminders")
    assert reminders.status == TaskResultStatus.SUCCESSFUL and Digest.objects.count() >= 4


def test_the_worker_will_not_start_for_a_parent_that_is_not_its_own(queue):
    with pytest.raises(CommandError, match="not this worker's parent"):
        call_command("run_worker", "--batch", "--stop-with", "1")
