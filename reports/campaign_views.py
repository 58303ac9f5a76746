"""The campaign report page (R-REPORT): a county or township admin reads and downloads the report of their scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from common.http import AuthedRequest
from common.params import year_param
from common.scope import Right, Scope
from organizations.models import Organization
from organizations.selectors import organizations_where

from .campaign import REPORT_KINDS, build_report
from .renderers import render_docx, render_fragment, render_html, render_pdf

LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "html": ("text/html; charset=utf-8", render_html),
}


def _report_units(scope: Scope) -> list[Organization]:
    """The counties and townships whose report the viewer may read: their own admin subtrees only."""
    # Only the subtrees of county or township admin roles: a village admin's code is never a report scope.
    if not scope.may_anywhere(Right.OVERSEE):
        return []
    return list(organizations_where(scope, Right.OVERSEE, REPORT_KINDS).select_related("parent").order_by("code"))


def _choice(request: AuthedRequest) -> tuple[Organization, int, str]:
    """Return the unit, year and language asked for; 404 for a unit outside the viewer's report scope."""
    units = _report_units(request.scope)
    if not units:
        raise Http404
    code = request.GET.get("org", "").strip()
    by_code = {u.code: u for u in units}
    if code and code not in by_code:
        raise Http404
    org = by_code[code] if code else units[0]
    language = request.GET.get("lang", "")
    if language not in dict(LANGUAGES):
        language = "en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans"
    # Without a valid choice, the campaign calendar's year (the current period, or the viewer's pick).
    return org, year_param(request), language


@login_required
def report_page(request: AuthedRequest) -> HttpResponse:
    org, year, language = _choice(request)
    report = build_report(org, year, language)
    return render(
        request,
        "reports/campaign_page.html",
        {
            "org": org,
            "year": year,
            "language": language,
            "languages": LANGUAGES,
            "units": _report_units(request.scope),
            "body": render_fragment(report),
            "report": report,
        },
    )


@login_required
def report_download(request: AuthedRequest) -> HttpResponse:
    org, year, language = _choice(request)
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        raise Http404
    content_type, renderer = FORMATS[fmt]
    report = build_report(org, year, language)
    response = HttpResponse(renderer(report), content_type=content_type)
    filename = f"campaign-report-{org.code}-{year}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
