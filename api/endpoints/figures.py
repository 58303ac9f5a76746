"""Figures, findings, the dashboard and the campaign report: the same registries as the pages.

``?scope=CODE`` is the unit (a county, township or village in the caller's scope; without it, the first
unit the caller is bound to), ``?period=YEAR`` the campaign year (else the campaign calendar's).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from common import clock
from common.checks import error
from common.figures import FIGURES, compute_figures
from common.params import parse_day, parse_year
from common.rules import RULES, evaluate
from organizations.models import Organization
from organizations.selectors import organization_or_404
from reports.campaign import build_report
from reports.campaign_views import FORMATS, report_units
from reports.dashboard import DASHBOARD_KINDS, dashboard

from ..base import ScopedAPIView
from ..schema import WRITE_ERRORS

# ``period`` or ``on`` that is no usable date is refused (400); a GET changes nothing, so no 409.
READ_ERRORS = {code: r for code, r in WRITE_ERRORS.items() if code != 409}

SCOPE = OpenApiParameter("scope", str, description="division code of the unit; default: the caller's first unit")
PERIOD = OpenApiParameter("period", int, description="campaign year; default: the campaign calendar's year")


def _unit(view: ScopedAPIView, request: Request) -> Organization:
    scope = view.scope
    code = request.query_params.get("scope", "").strip()
    if code:
        return organization_or_404(scope, code)
    roots = (
        Organization.objects.counties()
        if scope.is_superuser
        else Organization.objects.filter(code__in=scope.read_codes)
    )
    unit = roots.order_by("code").first()
    if unit is None:
        raise Http404
    return unit


def _year(request: Request) -> int:
    """The year of ``?period=``, refused when it is not a usable year; without one, the campaign's."""
    value = request.query_params.get("period", "").strip()
    if not value:
        return clock.today().year
    year = parse_year(value)
    if year is None:
        raise ValidationError(
            {
                "period": ValidationError(
                    _("“%(value)s”不是可用的年度。"), code="period_invalid", params={"value": value[:20]}
                )
            }
        )
    return year


def _value(value: Any) -> Any:
    return float(value) if not isinstance(value, int) else value


FigureSerializer = inline_serializer(
    "Figure",
    {
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "unit": serializers.CharField(),
        "requirement": serializers.CharField(),
        "value": serializers.FloatField(),
        "headline": serializers.BooleanField(),
    },
    many=True,
)
FiguresSerializer = inline_serializer(
    "Figures",
    {"scope": serializers.CharField(), "period": serializers.IntegerField(), "figures": FigureSerializer},
)


class Figures(ScopedAPIView):
    @extend_schema(tags=["figures"], parameters=[SCOPE, PERIOD], responses={200: FiguresSerializer, **READ_ERRORS})
    def get(self, request: Request) -> Response:
        """Every registered figure (the figures page), counted from the records of the unit's subtree."""
        if not self.scope.reads_records:
            raise Http404
        unit, year = _unit(self, request), _year(request)
        values = compute_figures(unit, year, headline=None)
        rows = [
            {
                "key": key,
                "label": str(FIGURES[key].label),
                "unit": str(FIGURES[key].unit),
                "requirement": FIGURES[key].requirement,
                "value": _value(value),
                "headline": FIGURES[key].headline,
            }
            for key, value in values.items()
        ]
        return Response({"scope": unit.code, "period": year, "figures": rows})


FindingSerializer = inline_serializer(
    "Finding",
    {
        "rule": serializers.CharField(),
        "unit": serializers.CharField(),
        "since": serializers.DateField(),
        "severity": serializers.CharField(),
        "accountable": serializers.ListField(child=serializers.DictField()),
        "message": serializers.CharField(),
    },
    many=True,
)
FindingsSerializer = inline_serializer(
    "Findings",
    {
        "scope": serializers.CharField(),
        "on": serializers.DateField(),
        "count": serializers.IntegerField(),
        "findings": FindingSerializer,
    },
)


class Findings(ScopedAPIView):
    @extend_schema(
        tags=["figures"],
        parameters=[
            SCOPE,
            OpenApiParameter("on", OpenApiTypes.DATE, description="the day checked; default: the campaign's today"),
            OpenApiParameter("rule", str, description="one rule's id"),
        ],
        responses={200: FindingsSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        """The rule engine's findings for the unit's subtree (the compliance page); admins only, as there."""
        if not self.scope.is_admin:
            raise Http404
        unit = _unit(self, request)
        on: dt.date = parse_day(request.query_params.get("on")) or clock.today()
        rule = request.query_params.get("rule") or None
        found = evaluate(unit, on, [rule] if rule is not None and rule in RULES else None)
        language = request.LANGUAGE_CODE
        return Response(
            {
                "scope": unit.code,
                "on": on.isoformat(),
                "count": len(found),
                "findings": [f.as_json(language) for f in found],
            }
        )


class Dashboard(ScopedAPIView):
    @extend_schema(tags=["figures"], parameters=[SCOPE, PERIOD], responses={200: OpenApiTypes.OBJECT, **READ_ERRORS})
    def get(self, request: Request) -> Response:
        """The dashboard's data (the dashboard page): figures, compliance per rule and unit, the child units."""
        if not self.scope.is_admin:
            raise Http404
        unit = _unit(self, request)
        if unit.kind not in DASHBOARD_KINDS:
            raise Http404
        d = dashboard(unit, _year(request))
        return Response(
            {
                "scope": unit.code,
                "period": d.period,
                "on": d.on.isoformat(),
                "figures": [{"key": f.key, "label": f.label, "value": _value(f.value)} for f in d.figures],
                "compliance": {
                    "red": d.compliance.red,
                    "amber": d.compliance.amber,
                    "by_rule": [
                        {"rule": r.rule, "title": r.title, "red": r.red, "amber": r.amber} for r in d.compliance.by_rule
                    ],
                    "units": [
                        {"code": u.code, "name": u.name, "status": u.status, "red": u.red, "amber": u.amber}
                        for u in d.compliance.units
                    ],
                },
                "children": [
                    {"code": c.code, "name": c.name, "kind": c.kind, "status": c.status, "red": c.red, "amber": c.amber}
                    for c in d.children
                ],
            }
        )


class FileNegotiation(DefaultContentNegotiation):
    """The report's ``?format=`` names its file (pdf, docx, html, json), not one of DRF's renderers: DRF's own
    reading of ``format`` would answer every file but JSON with 404. Errors are JSON whatever the file."""

    def select_renderer(self, request: Any, renderers: list[Any], format_suffix: str | None = None) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


class Report(ScopedAPIView):
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=["figures"],
        parameters=[
            SCOPE,
            PERIOD,
            OpenApiParameter("format", str, enum=list(FORMATS), default="json"),
            OpenApiParameter("lang", str, enum=["zh-hans", "en"]),
        ],
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="the report file"), **READ_ERRORS},
    )
    def get(self, request: Request) -> HttpResponse:
        """The campaign report (the report page's downloads), of a county or township the caller oversees.

        Sent as an attachment, so the security log records the download as it records the page's.
        """
        fmt = request.query_params.get("format") or "json"
        if fmt not in FORMATS:
            raise error(
                "format",
                _("不支持的报告格式“%(format)s”，可选：%(formats)s。")
                % {"format": fmt[:20], "formats": ", ".join(FORMATS)},
                "unknown_format",
            )
        units = {u.code: u for u in report_units(self.scope)}
        code = request.query_params.get("scope", "").strip()
        if not units or (code and code not in units):
            raise Http404
        unit = units[code] if code else next(iter(units.values()))
        language = request.query_params.get("lang", "")
        if language not in {"zh-hans", "en"}:
            language = "en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans"
        year = _year(request)
        _label, content_type, renderer = FORMATS[fmt]
        response = HttpResponse(renderer(build_report(unit, year, language)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="campaign-report-{unit.code}-{year}-{language}.{fmt}"'
        return response
