"""Imports on the real queue: the page queues the run, a separate worker (``manage.py run_worker``) runs it.

The rest of the suite runs tasks inline (the immediate backend); here the database backend is on, as
deployed, and the worker's own code path takes the task from the queue (both databases).
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from exchange.models import ImportJob, ImportStatus
from exchange.tests.helpers import upload, xlsx
from people.id_numbers import make_id_number
from people.models import PartyMembership, id_number_hash
from security.models import Kind, SecurityEvent

pytestmark = pytest.mark.django_db(transaction=True)

FROM = {"REMOTE_ADDR": "10.1.2.3", "HTTP_USER_AGENT": "worker-test"}


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def work() -> str:
    out = StringIO()
    call_command("run_worker", "--batch", stdout=out)
    return out.getvalue()


def test_an_import_waits_in_the_queue_until_a_worker_runs_it(client, queue, county, personas):
    client.force_login(personas.county_admin)
    number = make_id_number("350725", dt.date(1980, 1, 2), 41, "M")
    data = xlsx(
        ["姓名", "身份证号", "村代码", "党员类别", "入党日期"],
        [["王", number, "350725100201", "正式党员", "2001-07-01"]],
    )
    client.post(reverse("exchange:import_start"), {"kind": "members", "file": upload(data)}, **FROM)
    job = ImportJob.objects.get()
    # No worker yet: the web process did nothing but queue it, and the page says so.
    assert job.status == ImportStatus.PREVIEWING and job.task_id
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.READY
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "import-progress" in page and "排队等待处理" in page
    # A queued job is not stale however long it waits: the worker that starts will run it.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.created_at - dt.timedelta(hours=2))
    client.get(reverse("exchange:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWING

    work()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.total_rows == 1 and job.error_count == 0
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL

    client.post(reverse("exchange:job_commit", args=[job.pk]), **FROM)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING
    assert not PartyMembership.objects.filter(person__id_number_hash=id_number_hash(number)).exists()
    work()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 1
    assert PartyMembership.objects.filter(person__id_number_hash=id_number_hash(number)).exists()
    # The security log has both runs, as the user, from where they started them.
    logged = list(SecurityEvent.objects.filter(kind__in=[Kind.IMPORT_PREVIEWED, Kind.IMPORT_COMMITTED]).order_by("seq"))
    assert [e.kind for e in logged] == [Kind.IMPORT_PREVIEWED, Kind.IMPORT_COMMITTED]
    assert {(e.user_id, e.address, e.user_agent) for e in logged} == {
        (personas.county_admin.pk, "10.1.2.3", "worker-test")
    }
    assert logged[1].path == reverse("exchange:job_commit", args=[job.pk])


def test_the_worker_runs_with_the_users_scope_as_it_is_when_it_runs(client, queue, county, personas):
    client.force_login(personas.township_admin_a)
    data = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"]])
    client.post(reverse("exchange:import_start"), {"kind": "villages", "file": upload(data)})
    job = ImportJob.objects.get()
    personas.township_admin_a.roles.all().delete()  # the role is taken away while the task waits
    work()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.error_count == 1  # the village is no longer theirs


def test_run_worker_refuses_to_start_without_the_database_backend(db):
    with pytest.raises(Exception, match="not the database backend"):
        call_command("run_worker", "--batch")
