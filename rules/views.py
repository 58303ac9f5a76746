"""The compliance view: findings of every rule in the viewer's scope, red / amber / green per unit."""

import datetime as dt
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.http import AuthedRequest
from common.params import day_param
from common.punctuation import enum_comma, parens
from common.rules import RULES, Finding, evaluate
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404

from .selectors import child_units, unit_statuses


def _on(request: AuthedRequest) -> dt.date:
    return day_param(request)


@login_required
def compliance(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.is_admin:
        raise Http404
    roots = (
        list(Organization.objects.counties())
        if scope.is_superuser
        else list(Organization.objects.filter(code__in=scope.read_codes).order_by("code"))
    )
    code = request.GET.get("scope") or (roots[0].code if roots else "")
    root = organization_or_404(scope, code) if code else None
    if root is None:
        raise Http404
    on = _on(request)
    rule_filter = request.GET.get("rule") or None
    findings = evaluate(root, on, [rule_filter] if rule_filter is not None and rule_filter in RULES else None)
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("规则"), lambda x: x.rule, 10),
            Column(_("单位代码"), lambda x: x.unit),
            Column(_("单位"), lambda x: x.unit_name),
            Column(_("起始日期"), lambda x: x.since),
            Column(_("级别"), lambda x: x.severity, 8),
            Column(_("责任人"), lambda x: enum_comma().join(parens(a.name, a.role) for a in x.accountable), 30),
            Column(_("说明"), lambda x: x.message(), 60),
        ]
        return xlsx_response(f"compliance-{root.code}-{on.isoformat()}.xlsx", _("合规检查"), columns, findings)
    # Red / amber / green per child unit; a village's page shows the village itself.
    units = unit_statuses(child_units(root) if root.kind != OrganizationKind.VILLAGE else [root], findings)
    by_rule: Counter[str] = Counter(f.rule for f in findings)
    return render(
        request,
        "rules/compliance.html",
        {
            "root": root,
            "roots": roots,
            "on": on,
            "findings": findings[:500],
            "total": len(findings),
            "units": units,
            "rules": [(RULES[r], by_rule.get(r, 0)) for r in sorted(RULES)],
            "rule_filter": rule_filter,
            "severity_counts": Counter(f.severity for f in findings),
        },
    )


def findings_for_person(person_id: int, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if any(a.person_id == person_id for a in f.accountable)]
