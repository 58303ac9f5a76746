"""Accountability cases (A3's named accountability): the list, opening a case from a finding, deciding it.

Opening and deciding need oversight of the village (township or county admins); the finding is
recomputed from the records when a case is opened, never taken from the form.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.confirm import confirmation_required
from common.http import AuthedRequest
from common.pages import apply_service
from common.redirects import safe_next
from common.rules import evaluate
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404
from people.models import Person

from . import confirmations, exports, services
from .forms import CaseDecideForm
from .models import AccountabilityCase
from .views import A3_RULES, _refusal


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    cases = scope.filter(AccountabilityCase.objects.all(), "village").select_related(
        "village__parent", "directly_responsible", "jointly_responsible"
    )[:300]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("问责案件.xlsx"), _("问责案件"), exports.CASE_COLUMNS, cases)
    return render(request, "village_affairs/cases.html", {"cases": cases})


def case_values(village: Organization, on: dt.date, rule: str, subject: str) -> dict[str, Any] | None:
    """The finding ``rule``/``subject`` of ``village`` on ``on``, recomputed from the records, as the case keeps it
    (``accountability_case_open``'s arguments); None when the records no longer show it."""
    found = next((f for f in evaluate(village, on, [rule]) if f.extra.get("subject") == subject), None)
    if found is None:
        return None
    direct = next((a for a in found.accountable if a.role.startswith(_("直接责任人"))), None)
    joint = next((a for a in found.accountable if a.role.startswith(_("连带责任人"))), None)
    people = Person.objects.in_bulk([a.person_id for a in (direct, joint) if a and a.person_id])
    return {
        "finding_since": found.since,
        "finding_text": found.message(),
        "directly_responsible": people.get(direct.person_id) if direct and direct.person_id else None,
        "jointly_responsible": people.get(joint.person_id) if joint and joint.person_id else None,
    }


@login_required
@require_POST
def case_open(request: AuthedRequest) -> HttpResponse:
    """Open a case from a finding: the finding is recomputed here, never taken from the form."""
    scope = request.scope
    v = organization_or_404(request.scope, request.POST.get("village", ""), kind=OrganizationKind.VILLAGE)
    if not scope.may(Right.OVERSEE, code=v.code):
        raise PermissionDenied(_("只有乡镇或县级管理员可以立案。"))
    try:
        on = dt.date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        raise Http404 from None
    rule, subject = request.POST.get("rule", ""), request.POST.get("subject", "")
    if rule not in A3_RULES:
        raise Http404
    values = case_values(v, on, rule, subject)
    if values is None:
        messages.error(request, _("该问题已不存在，无法立案。"))
        return redirect(safe_next(request, "village_affairs:cases"))
    try:
        case = services.accountability_case_open(village=v, rule=rule, subject=subject, user=request.user, **values)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect("village_affairs:cases")
    messages.success(request, _("已立案。"))
    return redirect("village_affairs:case", pk=case.pk)


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    case = scope.object_or_404(
        AccountabilityCase.objects.select_related("village", "directly_responsible", "jointly_responsible"),
        "village",
        pk=pk,
    )
    can_decide = scope.may(Right.OVERSEE, code=case.village.code)
    form = CaseDecideForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        back = reverse("village_affairs:case", args=[case.pk])
        if form.is_valid() and (page := confirmation_required(request, confirmations.CASE_DECIDE, back=back)):
            return page
        if apply_service(form, lambda d: services.accountability_case_decide(case=case, user=request.user, **d)):
            messages.success(request, _("已作出处理。"))
            return redirect("village_affairs:case", pk=case.pk)
    return render(
        request,
        "village_affairs/case_detail.html",
        {
            "case": case,
            "form": form,
            "can_decide": can_decide,
            "events": case.events.select_related("by"),
            "records": case.rewards_penalties.select_related("person"),
        },
    )
