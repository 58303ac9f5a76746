"""Excel import pages (F-IO): upload, dry-run preview with row errors, commit, progress.

Only admins import; the public is sent to the login page, and everyone else who is not an
admin gets 404, as for anything outside their scope. A job
belongs to the user who uploaded it, and what it may touch is checked row by row
against that user's write scope when it runs.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from common.http import AuthedRequest, fragment_of
from common.importers import kind_choices
from common.punctuation import enum_comma
from common.scope import Scope
from common.xlsx import XLSX_CONTENT_TYPE, xlsx_response

from .forms import ImportUploadForm
from .importers import IMPORTERS, label_of
from .jobs import STAGE_LABELS, import_job_commit, import_job_create, import_job_preview, progress_of
from .models import ImportJob
from .recovery import recover_stale_jobs
from .template_files import error_report_columns, error_report_lines, template_bytes

ERRORS_PER_PAGE = 100


def _admin_scope(request: AuthedRequest) -> Scope:
    scope = request.scope
    if not scope.is_admin:
        raise Http404
    return scope


def _job_or_404(request: AuthedRequest, pk: int) -> ImportJob:
    _admin_scope(request)
    recover_stale_jobs(user=request.user)  # a job whose worker is gone says so instead of running for ever
    return get_object_or_404(ImportJob, pk=pk, user_id=request.user.pk)


@login_required
def import_start(request: AuthedRequest) -> HttpResponse:
    _admin_scope(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            user=request.user, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], language=get_language()
        )
        import_job_preview(job=job)
        return redirect("exchange:job", pk=job.pk)
    recover_stale_jobs(user=request.user)
    jobs = ImportJob.objects.filter(user_id=request.user.pk).order_by("-created_at", "-id")[:20]
    # Kinds that do not update on a second import (meetings, dues) refuse what is already on record.
    once = enum_comma().join(str(label) for key, label in kind_choices() if not IMPORTERS[key].updates_on_reimport)
    return render(
        request, "exchange/import_start.html", {"form": form, "jobs": jobs, "kinds": kind_choices(), "once": once}
    )


@login_required
def template_download(request: AuthedRequest, kind: str) -> HttpResponse:
    _admin_scope(request)
    if kind not in IMPORTERS:
        raise Http404
    label = label_of(kind)
    response = HttpResponse(template_bytes(IMPORTERS[kind], label), content_type=XLSX_CONTENT_TYPE)
    filename = _("%(kind)s导入模板.xlsx") % {"kind": label}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    report = job.report or {}
    errors = Paginator(report.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "job": job,
        **_progress_context(job),
        "file_errors": report.get("file_errors", []),
        "errors": errors,
        "sample": report.get("sample", []),
        "ok_rows": job.total_rows - job.error_count,
    }
    return render(request, "exchange/job.html", context)


def _job_page(request: AuthedRequest, pk: int) -> str:
    """The whole page a progress fragment belongs to, once the job is known to be the viewer's (else 404)."""
    _job_or_404(request, pk)
    return reverse("exchange:job", args=[pk])


@login_required
@fragment_of(_job_page)
def job_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if not job.is_running:
        # Finished: reload the whole page to show the preview or the result.
        return HttpResponseClientRefresh()
    return render(request, "exchange/_progress.html", {"job": job, **_progress_context(job)})


def _progress_context(job: ImportJob) -> dict:
    progress = progress_of(job)
    return {"progress": progress, "stage_label": STAGE_LABELS.get(progress.stage, "")}


@login_required
@require_POST
def job_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """Check a failed job's file again (after an interruption or a limit), without uploading it again."""
    job = _job_or_404(request, pk)
    try:
        import_job_preview(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exchange:job", pk=job.pk)


@login_required
@require_POST
def job_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    try:
        import_job_commit(job=job, language=get_language())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exchange:job", pk=job.pk)


@login_required
def job_errors_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    filename = _("导入错误报告-%(id)d.xlsx") % {"id": job.pk}
    return xlsx_response(filename, _("错误"), error_report_columns(), error_report_lines(job.report or {}))
