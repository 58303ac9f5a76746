"""Report job pages: queue a PDF or Word report, watch its progress, download the file (R-REPORT).

A job is its user's own: another user's job looks missing (404), and so does its file once the
user may no longer report on its unit. The progress fragment is polled by htmx (no inline script);
without JavaScript the page offers a refresh link.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from common.http import AuthedRequest

from .campaign_views import FORMATS, QUEUED_FORMATS, report_page_response, report_params, report_query, report_units
from .jobs import STAGE_LABELS, percent_of, recover_report_jobs, report_job_request
from .models import ReportJob, ReportJobStatus


@login_required
@require_POST
def report_job_create(request: AuthedRequest) -> HttpResponse:
    units = report_units(request.scope)
    try:
        units, org, language, year, fmt = report_params(request)
    except ValidationError as error:
        if not units:
            raise Http404 from None
        return report_page_response(
            request, units, units[0], year=request.GET.get("year", ""), error=" ".join(error.messages)
        )
    if fmt not in QUEUED_FORMATS:  # HTML and JSON are served at once
        return redirect(f"{reverse('reports:report_download')}?{report_query(org, year, language, fmt)}")
    job = report_job_request(user=request.user, org=org, year=year, language=language, fmt=fmt)
    return redirect("reports:report_job", pk=job.pk)


def _job_or_404(request: AuthedRequest, pk: int) -> ReportJob:
    recover_report_jobs(user=request.user)  # a job whose worker is gone says so instead of running for ever
    return get_object_or_404(ReportJob.objects.select_related("org"), pk=pk, user_id=request.user.pk)


def _progress_context(job: ReportJob) -> dict:
    since = job.started_at or job.created_at
    end = job.finished_at or timezone.now()
    return {
        "job": job,
        "percent": percent_of(job),
        "stage_label": STAGE_LABELS.get(job.stage, ""),
        "seconds": max(0, int((end - since).total_seconds())),
        "format_label": FORMATS[job.format][0],
        "again_url": f"{reverse('reports:report_job_create')}?{report_query(job.org, job.year, job.language, job.format)}",
        "report_url": f"{reverse('reports:report')}?{report_query(job.org, job.year, job.language, job.format)}",
    }


@login_required
def report_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "reports/report_job.html", _progress_context(job))


@login_required
def report_job_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if not job.is_unfinished:
        return HttpResponseClientRefresh()  # finished: the whole page shows the download or the failure
    return render(request, "reports/_report_job_progress.html", _progress_context(job))


@login_required
def report_job_file(request: AuthedRequest, pk: int) -> FileResponse:
    job = _job_or_404(request, pk)
    if job.status != ReportJobStatus.DONE or not job.file:
        raise Http404
    if job.org.code not in {unit.code for unit in report_units(request.scope)}:
        raise Http404  # no longer the user's to read
    _label, content_type, _render = FORMATS[job.format]
    # An attachment: the security log records the download (security.middleware).
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=content_type)
