"""An import whose worker died is shown failed, with a message, and can be run again (T-TRUST)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exchange import jobs
from exchange.importers.org_kinds import DivisionImporter
from exchange.models import ImportJob, ImportKind, ImportStatus
from exchange.recovery import recover_stale_jobs, stale_after
from exchange.tests.helpers import upload, xlsx
from organizations.models import Organization

pytestmark = pytest.mark.django_db

VILLAGES = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"], ["350725100204", "熊山二村"]])
MESSAGE = "导入中断，请重新提交"


class Killed(BaseException):
    """What a killed worker looks like from inside: nothing of ours catches it, the transaction rolls back."""


def _previewed_job(client) -> ImportJob:
    client.post(reverse("exchange:import_start"), {"kind": "villages", "file": upload(VILLAGES)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED and job.can_commit
    return job


def _age(job: ImportJob, minutes: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_commit_killed_mid_write_is_shown_failed_and_commits_again(client, personas, monkeypatch):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    before = Organization.objects.count()

    def killed_after_the_first_row(self, plan, report):
        plan[0].organization.save()  # one row written...
        raise Killed  # ...then the worker is killed

    monkeypatch.setattr(DivisionImporter, "write", killed_after_the_first_row)
    # The task dies in the middle; the queue (here the immediate backend) notes its task failed, no more.
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING  # what main left for ever
    assert Organization.objects.count() == before  # all or nothing: the row went with the transaction

    # Still within the heartbeat's grace: the page shows the job running.
    assert "import-progress" in client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    _age(job, 11)
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.interrupted == "commit"
    assert MESSAGE in page and "重新提交导入" in page and "import-progress" not in page

    client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert Organization.objects.count() == before + 2
    assert MESSAGE not in client.get(reverse("exchange:job", args=[job.pk])).content.decode()


def test_a_job_with_a_recent_heartbeat_is_left_running(client, personas):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING, heartbeat_at=timezone.now())
    client.get(reverse("exchange:import_start"))
    client.get(reverse("exchange:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING
    # Nor can it be committed twice meanwhile.
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING and Organization.objects.filter(code="350725100203").count() == 0


def test_an_interrupted_preview_is_recovered_from_the_list_and_previewed_again(client, personas):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING)
    _age(job, 30)
    listing = client.get(reverse("exchange:import_start")).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.interrupted == "preview" and not job.can_commit
    assert "导入失败" in listing
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert MESSAGE in page and "重新校验" in page
    client.post(reverse("exchange:job_preview", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.can_commit and not job.interrupted


def test_a_previewed_or_done_job_cannot_be_previewed_again(client, personas):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    response = client.post(reverse("exchange:job_preview", args=[job.pk]), follow=True)
    assert "该导入任务已在处理中" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_a_runner_that_comes_back_after_recovery_writes_nothing(client, personas, monkeypatch):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    seen = {}
    original = DivisionImporter.read

    def taken_for_dead_while_reading(self, *args, **kwargs):
        rows = original(self, *args, **kwargs)
        # This run stalls; meanwhile another process finds its heartbeat stale and recovers the job.
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
        seen["recovered"] = recover_stale_jobs()
        return rows

    monkeypatch.setattr(DivisionImporter, "read", taken_for_dead_while_reading)
    before = Organization.objects.count()
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert seen["recovered"] == 1
    # The run went on, wrote its rows, found the job no longer its own and rolled them back.
    assert job.status == ImportStatus.FAILED and job.interrupted == "commit"
    assert Organization.objects.count() == before
    assert not jobs._finish(
        job.pk, job.attempt - 1, ImportStatus.DONE, {}, commit=True
    )  # an older run's result is ignored
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_recover_import_jobs_command(personas):
    now = timezone.now()
    make = ImportJob.objects.create
    old = make(user=personas.county_admin, kind=ImportKind.VILLAGES, file="a.xlsx", status=ImportStatus.COMMITTING)
    fresh = make(user=personas.township_admin_a, kind=ImportKind.MEMBERS, file="b.xlsx", status=ImportStatus.PREVIEWING)
    done = make(user=personas.county_admin, kind=ImportKind.VILLAGES, file="c.xlsx", status=ImportStatus.DONE)
    ImportJob.objects.filter(pk__in=[old.pk, done.pk]).update(heartbeat_at=now - dt.timedelta(hours=2))
    ImportJob.objects.filter(pk=fresh.pk).update(heartbeat_at=now)
    out = StringIO()
    call_command("recover_import_jobs", stdout=out)
    assert out.getvalue().startswith("1 import job(s)")
    assert [ImportJob.objects.get(pk=j.pk).status for j in (old, fresh, done)] == ["failed", "previewing", "done"]
    call_command("recover_import_jobs", "--all", stdout=out)  # a restart: no worker runs anything
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportStatus.FAILED
    assert ImportJob.objects.get(pk=done.pk).status == ImportStatus.DONE


def test_an_uploaded_job_that_never_started_is_recovered_too(personas):
    job = ImportJob.objects.create(user=personas.county_admin, kind=ImportKind.VILLAGES, file="a.xlsx")
    assert recover_stale_jobs() == 0
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert recover_stale_jobs() == 1


def test_staleness_is_never_shorter_than_a_whole_run(settings):
    settings.IMPORT_STALE_MINUTES, settings.IMPORT_MAX_SECONDS = 1, 300
    assert stale_after() == dt.timedelta(minutes=6)
    settings.IMPORT_STALE_MINUTES = 30
    assert stale_after() == dt.timedelta(minutes=30)


def test_the_interruption_speaks_the_users_language(personas):
    job = ImportJob.objects.create(
        user=personas.county_admin, kind=ImportKind.VILLAGES, file="a.xlsx", language="en", status="previewing"
    )
    recover_stale_jobs(everything=True)
    job.refresh_from_db()
    assert job.report["file_errors"] == [
        "The import was interrupted; please submit it again: the process handling it stopped, and this run wrote nothing."
    ]


def test_claims_are_atomic(client, personas):
    client.force_login(personas.county_admin)
    job = _previewed_job(client)
    stale_copy = ImportJob.objects.get(pk=job.pk)
    jobs._claim(job, ImportStatus.COMMITTING)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        jobs._claim(stale_copy, ImportStatus.COMMITTING)  # a second tab, a double click
    assert exc.value.code == "already_running"
