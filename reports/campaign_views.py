"""The campaign report page (R-REPORT): a county or township admin reads and downloads the report of their scope.

Every format comes from the same report (``build_report``): HTML to read or print, PDF
(A4, numbered pages, charts as SVG), Word (A4, a page-number field) and JSON. HTML and JSON
are served here; the PDF and the Word file take a while on a big county, so the page's
buttons for them queue a report job (``reports.job_views``): a worker writes the file while
the job's page shows its progress, then offers the download. A unit outside the viewer's
report scope looks missing (404); an unusable year or format is refused with a message
(400), and nothing is generated.
"""

import json
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.http import AuthedRequest
from common.params import FIRST_YEAR, LAST_YEAR, parse_year, year_param
from common.scope import Right, Scope
from organizations.models import Organization
from organizations.selectors import organizations_where

from .campaign import REPORT_KINDS, CampaignReport, build_report
from .models import ReportJob
from .renderers import render_docx, render_fragment, render_html, render_pdf

LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]


def render_json(report: CampaignReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, tuple[str, str, Callable[[CampaignReport], bytes | str]]] = {
    "pdf": ("PDF", "application/pdf", render_pdf),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "html": ("HTML", "text/html; charset=utf-8", render_html),
    "json": ("JSON", "application/json; charset=utf-8", render_json),
}


def report_units(scope: Scope) -> list[Organization]:
    """The counties and townships whose report the viewer may read: their own admin subtrees only."""
    # Only the subtrees of county or township admin roles: a village admin's code is never a report scope.
    if not scope.may_anywhere(Right.OVERSEE):
        return []
    return list(organizations_where(scope, Right.OVERSEE, REPORT_KINDS).select_related("parent").order_by("code"))


def _unit(request: AuthedRequest, units: list[Organization]) -> Organization:
    """The unit asked for; 404 for a unit outside the viewer's report scope (or none at all)."""
    if not units:
        raise Http404
    code = request.GET.get("org", "").strip()
    by_code = {u.code: u for u in units}
    if code and code not in by_code:
        raise Http404
    return by_code[code] if code else units[0]


def _language(request: AuthedRequest) -> str:
    language = request.GET.get("lang", "")
    if language not in dict(LANGUAGES):
        language = "en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans"
    return language


def _year(request: AuthedRequest, org: Organization) -> int:
    """The year asked for, refused when unusable; without one, the campaign calendar's."""
    value = request.GET.get("year", "").strip()
    if value:
        year = parse_year(value)
        if year is None:
            raise ValidationError(
                _("年度“%(value)s”无法使用：请填写%(first)s至%(last)s之间的年份。"),
                code="report_year_invalid",
                params={"value": value[:20], "first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return year
    return year_param(request)  # the campaign calendar's year: the current period, or the viewer's pick


def _format(request: AuthedRequest) -> str:
    fmt = request.GET.get("format", "pdf").strip().lower()
    if fmt not in FORMATS:
        raise ValidationError(
            _("不支持的格式“%(value)s”：可选 PDF、Word、HTML 或 JSON。"),
            code="report_format_unknown",
            params={"value": fmt[:20]},
        )
    return fmt


# Written by a worker (a report job): the page's button for them queues the job (POST).
QUEUED_FORMATS = ("pdf", "docx")


def download_links(org: Organization, year: int, language: str) -> list[tuple[str, str, str]]:
    """(format, label, URL) of every download of one report: what the page and the dashboard offer.

    The URL of a PDF or Word file is where its button posts to queue the report job."""
    links = []
    for fmt, (label, _type, _render) in FORMATS.items():
        base = reverse("reports:report_job_create" if fmt in QUEUED_FORMATS else "reports:report_download")
        links.append((fmt, label, f"{base}?{report_query(org, year, language, fmt)}"))
    return links


def report_query(org: Organization, year: int, language: str, fmt: str) -> str:
    return urlencode({"org": org.code, "year": str(year), "lang": language, "format": fmt})


def report_page_response(
    request: AuthedRequest, units: list[Organization], org: Organization, **context: object
) -> HttpResponse:
    return _page(request, units, org, **context)


def report_params(request: AuthedRequest) -> tuple[list[Organization], Organization, str, int, str]:
    """The units the viewer may report on, and the unit, language, year and format asked for (refused when
    unusable: ``ValidationError``; 404 for a unit outside the viewer's report scope)."""
    units = report_units(request.scope)
    org = _unit(request, units)
    language = _language(request)
    return units, org, language, _year(request, org), _format(request)


def _page(request: AuthedRequest, units: list[Organization], org: Organization, **context: object) -> HttpResponse:
    status = 400 if context.get("error") else 200
    return render(
        request,
        "reports/campaign_page.html",
        {"org": org, "languages": LANGUAGES, "units": units, **context},
        status=status,
    )


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def report_page(request: AuthedRequest) -> HttpResponse:
    units = report_units(request.scope)
    org = _unit(request, units)
    language = _language(request)
    try:
        year = _year(request, org)
    except ValidationError as error:
        return _page(request, units, org, language=language, year=request.GET.get("year", ""), error=_refusal(error))
    report = build_report(org, year, language)
    return _page(
        request,
        units,
        org,
        year=year,
        language=language,
        body=render_fragment(report),
        report=report,
        downloads=download_links(org, year, language),
        report_jobs=ReportJob.objects.filter(user_id=request.user.pk, org=org).select_related("org")[:5],
    )


@login_required
def report_download(request: AuthedRequest) -> HttpResponse:
    units = report_units(request.scope)
    org = _unit(request, units)
    language = _language(request)
    try:
        year, fmt = _year(request, org), _format(request)
    except ValidationError as error:
        return _page(request, units, org, language=language, year=request.GET.get("year", ""), error=_refusal(error))
    if fmt in QUEUED_FORMATS:
        # Not in the web process: the page's button queues a report job (a bookmark of the old link lands here).
        return redirect(f"{reverse('reports:report')}?{report_query(org, year, language, fmt)}#report-downloads")
    _label, content_type, renderer = FORMATS[fmt]
    report = build_report(org, year, language)
    response = HttpResponse(renderer(report), content_type=content_type)
    filename = f"campaign-report-{org.code}-{year}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
