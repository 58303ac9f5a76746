"""Report jobs: the PDF and the Word report are written by a worker, with progress, for their user only."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.jobs import report_job_run
from reports.models import ReportJob, ReportJobStatus
from security.models import Kind, SecurityEvent

pytestmark = pytest.mark.django_db

YEAR = "2010"


def _create(client, org, fmt: str = "pdf", **params: str):
    query = urlencode({"org": org.code, "year": YEAR, "format": fmt, **params})
    return client.post(f"{reverse('reports:report_job_create')}?{query}")


def _queue(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_a_queued_pdf_shows_progress_then_the_download_from_the_worker(client, settings, county, personas):
    _queue(settings)
    client.force_login(personas.township_admin_a)
    response = _create(client, county.township_a)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:report_job", args=[job.pk])
    # The web process only queued it: the page shows it waiting, and polls its progress.
    assert job.status == ReportJobStatus.QUEUED and DBTaskResult.objects.get(id=job.task_id).status == "READY"
    page = client.get(response.url).content.decode()
    assert 'hx-get="{}"'.format(reverse("reports:report_job_progress", args=[job.pk])) in page
    assert "排队等待处理" in page and 'value="0"' in page
    fragment = client.get(reverse("reports:report_job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    # Asking again while it waits queues nothing more.
    assert _create(client, county.township_a).url == response.url and ReportJob.objects.count() == 1
    assert client.get(reverse("reports:report_job_file", args=[job.pk])).status_code == 404  # not written yet

    call_command("run_worker", "--batch", stdout=StringIO())
    job.refresh_from_db()
    assert job.status == ReportJobStatus.DONE and job.file
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
    done = client.get(reverse("reports:report_job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done.headers.get("HX-Refresh") == "true"
    assert 'id="report-job-file"' in client.get(response.url).content.decode()
    download = client.get(reverse("reports:report_job_file", args=[job.pk]), REMOTE_ADDR="10.9.8.7")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    name = f"campaign-report-{county.township_a.code}-{YEAR}-zh-hans.pdf"
    assert name in download["Content-Disposition"]
    event = SecurityEvent.objects.filter(kind=Kind.DOWNLOAD).latest("seq")  # the download is in the security log
    assert event.user_id == personas.township_admin_a.pk and event.target == name and event.address == "10.9.8.7"


def test_a_job_is_its_users_own(client, county, personas):
    client.force_login(personas.county_admin)
    _create(client, county.township_a, fmt="docx", lang="en")
    job = ReportJob.objects.get()
    assert job.status == ReportJobStatus.DONE  # the tests run tasks at once
    assert client.get(reverse("reports:report_job_file", args=[job.pk])).status_code == 200
    # The township's own admin may read that report, but not another user's job of it.
    client.force_login(personas.township_admin_a)
    for name in ("reports:report_job", "reports:report_job_progress", "reports:report_job_file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    # A township admin cannot queue the other township's report.
    assert _create(client, county.township_b).status_code == 404
    assert ReportJob.objects.count() == 1


def test_the_file_is_refused_once_the_unit_is_no_longer_the_users(client, county, personas):
    client.force_login(personas.township_admin_a)
    _create(client, county.township_a)
    job = ReportJob.objects.get()
    personas.township_admin_a.roles.all().delete()
    assert client.get(reverse("reports:report_job_file", args=[job.pk])).status_code == 404


def test_the_worker_refuses_a_unit_the_user_lost_meanwhile(client, settings, county, personas):
    client.force_login(personas.township_admin_a)
    job = ReportJob.objects.create(
        user=personas.township_admin_a, org=county.township_a, year=2010, language="en", format="pdf"
    )
    personas.township_admin_a.roles.all().delete()  # taken away while the job waits
    report_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJobStatus.FAILED and not job.file
    assert "你已无权查看该单位的报告" in job.error


@pytest.mark.parametrize(
    ("language", "message", "again"),
    [
        ("zh-hans", "报告生成中断：处理该任务的进程已停止", "重新生成"),
        ("en", "The report was interrupted", "Generate again"),
    ],
)
def test_a_job_whose_worker_died_is_shown_failed_and_can_be_asked_again(
    client, county, personas, language, message, again
):
    client.cookies["django_language"] = language
    client.force_login(personas.county_admin)
    job = ReportJob.objects.create(
        user=personas.county_admin,
        org=county.county,
        year=2010,
        language="zh-hans",
        format="pdf",
        status=ReportJobStatus.RUNNING,
        stage="render",
        heartbeat_at=timezone.now(),
        ui_language=language,
    )
    page = client.get(reverse("reports:report_job", args=[job.pk])).content.decode()
    assert "report-job-progress" in page and 'value="50"' in page  # within its grace: still running
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=11))
    page = client.get(reverse("reports:report_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ReportJobStatus.FAILED and message in job.error
    assert message in page and again in page and "report-job-progress" not in page
    # A run that comes back after that writes nothing.
    report_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJobStatus.FAILED and not job.file
    # Asked again: a new job, written (at once, in the tests).
    _create(client, county.county)
    assert ReportJob.objects.filter(status=ReportJobStatus.DONE).count() == 1


def test_bad_parameters_queue_nothing(client, county, personas):
    client.force_login(personas.county_admin)
    for params, status in (({"year": "abc"}, 400), ({"format": "xls"}, 400)):
        query = urlencode({"org": county.county.code, "year": YEAR, "format": "pdf", **params})
        response = client.post(f"{reverse('reports:report_job_create')}?{query}")
        assert response.status_code == status and 'id="report-error"' in response.content.decode()
    assert client.get(reverse("reports:report_job_create")).status_code == 405
    assert ReportJob.objects.count() == 0


def test_the_report_page_lists_the_users_jobs_without_a_query_each(client, county, personas):
    client.force_login(personas.county_admin)
    for year in ("2009", "2010"):
        _create(client, county.county, year=year)
    url = f"{reverse('reports:report')}?{urlencode({'org': county.county.code, 'year': YEAR})}"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert 'id="report-jobs"' in client.get(url).content.decode()
        return len(queries)

    before = count()
    _create(client, county.county, year="2008")
    assert count() == before


def test_the_job_pages_speak_english(client, settings, county, personas):
    from xianfeng.tests.test_translations import CJK

    client.cookies["django_language"] = "en"
    client.force_login(personas.township_admin_a)
    _queue(settings)
    response = _create(client, county.township_a, lang="en")
    queued = client.get(response.url).content.decode()
    progress = queued[queued.index("<h1") : queued.index("</progress>")]
    assert "Waiting in the queue" in progress and "so far" in progress and not CJK.search(progress), progress
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ReportJob.objects.update(status=ReportJobStatus.FAILED)
    done = client.get(_create(client, county.township_a, lang="en").url).content.decode()
    card = done[done.index("<h1") : done.index("</a>", done.index('id="report-job-file"'))]
    assert "The report is ready" in card and "Download PDF" in card and not CJK.search(card), card


def test_old_finished_jobs_are_pruned_with_their_files(client, county, personas):
    from reports.jobs import prune_report_jobs

    client.force_login(personas.township_admin_a)
    _create(client, county.township_a, fmt="docx")
    job = ReportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert prune_report_jobs(before=job.finished_at) == 0  # not older than that
    assert prune_report_jobs(before=job.finished_at + dt.timedelta(seconds=1)) == 1
    assert not ReportJob.objects.exists() and not storage.exists(name)
