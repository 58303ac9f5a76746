"""Assessment pages: the scoped list with filters and export, and the detail page with its steps."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.confirm import confirmation_required
from common.http import AuthedRequest
from common.params import campaign_of
from common.xlsx import Column, xlsx_response
from organizations.models import Organization
from organizations.selectors import county_administered

from . import confirmations, selectors, services
from .forms import AppealDecisionForm, AppealForm, CommentForm, EvidenceForm, FilterForm, StartForm
from .models import Appeal, Assessment, Evidence, Grade, ItemScore, Status
from .views import refuse

PAGE_SIZE = 50
# A posted action and the permission (from ``selectors.allowed_actions``) it needs.
NEEDS = {"save_self": "self_score", "save_review": "review_score"}


@login_required
def assessment_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    periods = selectors.periods_visible(scope)
    townships = list(Organization.objects.townships().filter(scope.org_q()).order_by("code"))
    # Without a period in the address, the campaign calendar's (an empty choice in the form means every period).
    default = None if "period" in request.GET else periods.filter(year=campaign_of(request).year).first()
    form = FilterForm(request.GET or None, periods=periods, townships=townships, initial={"period": default})
    rows = selectors.assessments_visible(scope).for_display().order_by("organization__code", "person__name")
    if default is not None:
        rows = rows.filter(period=default)
    if form.is_valid():
        data = form.cleaned_data
        if data["period"]:
            rows = rows.filter(period=data["period"])
        if data["standard"]:
            rows = rows.filter(standard__code=data["standard"])
        if data["township"]:
            rows = rows.filter(organization__code__startswith=data["township"])
        if data["status"]:
            rows = rows.filter(status=data["status"])  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
        if data["q"]:
            rows = rows.filter(Q(organization__name__contains=data["q"]) | Q(person__name__contains=data["q"]))
    if request.GET.get("format") == "xlsx":
        bands = selectors.bands_by_standard(rows.values_list("standard_id", flat=True).distinct())
        columns = [
            Column(_("考评周期"), lambda a: a.period.name),
            Column(_("标准"), lambda a: a.standard.get_code_display()),
            Column(_("乡镇"), lambda a: a.organization.parent.display_name),
            Column(_("村"), lambda a: a.organization.name),
            Column(_("党员"), lambda a: a.person.name if a.person_id else ""),
            Column(_("环节"), lambda a: Status(a.status).label),
            Column(_("总分"), lambda a: a.total, 10),
            Column(_("等次"), lambda a: _grade_label(a, bands), 10),
        ]
        return xlsx_response("assessments.xlsx", _("考评"), columns, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    bands = selectors.bands_by_standard({a.standard_id for a in page})
    for a in page:
        a.grade_label = _grade_label(a, bands)
        a.status_label = Status(a.status).label
    county = county_administered(scope)
    return render(
        request,
        "evaluation/assessment_list.html",
        {
            "form": form,
            "page_obj": page,
            "start_form": StartForm(periods=periods) if county else None,
        },
    )


def _grade_label(a: Assessment, bands: dict) -> str:
    grade = selectors.grade_of(a.total, bands.get(a.standard_id))
    return str(Grade(grade).label) if grade and a.status == Status.APPROVED else ""


@login_required
@require_POST
def assessment_start_all(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = StartForm(request.POST, periods=selectors.periods_visible(scope))
    if not form.is_valid():
        raise Http404
    period = form.cleaned_data["period"]
    if not selectors.can_start(scope, period.county.code):
        raise PermissionDenied
    standard = selectors.active_standard(period.county.code, form.cleaned_data["standard"])
    if standard is None:
        messages.error(request, _("该标准没有已启用的版本。"))
    else:
        try:
            count = services.assessments_start_all(period=period, standard=standard, actor=request.user)
        except ValidationError as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("已启动 %(count)s 项考评。") % {"count": count})
    return redirect("evaluation:assessments")


def _visible_assessment(request: AuthedRequest, pk: int) -> Assessment:
    assessment = selectors.assessments_visible(request.scope).for_display().filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


@login_required
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    assessment = _visible_assessment(request, pk)
    appeal = Appeal.objects.filter(assessment=assessment).select_related("filed_by", "decided_by").first()
    actions = selectors.allowed_actions(
        scope, assessment, assessment.status, appeal is not None, appeal is not None and not appeal.decision
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if NEEDS.get(action, action) not in actions:
            raise PermissionDenied
        one_way = confirmations.BY_ACTION.get(action)
        back = reverse("evaluation:assessment_detail", args=[pk])
        if one_way and (page := confirmation_required(request, one_way, back=back, detail=assessment.subject_name)):
            return page
        _act(request, assessment, action, appeal)
        return redirect("evaluation:assessment_detail", pk=pk)
    scores = list(
        ItemScore.objects.filter(assessment=assessment)
        .select_related("item__dimension")
        .order_by("item__dimension__order", "item__order")
    )
    bands = selectors.bands_by_standard([assessment.standard_id])
    grade = selectors.grade_of(assessment.total, bands.get(assessment.standard_id))
    return render(
        request,
        "evaluation/assessment_detail.html",
        {
            "assessment": assessment,
            "status_label": Status(assessment.status).label,
            "grade_label": Grade(grade).label if grade else "",
            "scores": scores,
            "events": assessment.events.select_related("actor").order_by("at", "id"),
            "evidence": assessment.evidence.select_related("item", "uploaded_by"),
            "appeal": appeal,
            "actions": actions,
            "self_edit": "self_score" in actions,
            "review_edit": "review_score" in actions,
            "comment_form": CommentForm(),
            "evidence_form": EvidenceForm(standard=assessment.standard),
            "appeal_form": AppealForm(),
            "decision_form": AppealDecisionForm(),
        },
    )


def _posted_scores(request: AuthedRequest, assessment: Assessment) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """Read ``score_<item id>`` and ``comment_<item id>``; refuse text that is not a number."""
    scores: dict[int, Decimal | None] = {}
    comments: dict[int, str] = {}
    for row in assessment.scores.select_related("item"):
        key = f"score_{row.item_id}"
        if key in request.POST:
            raw = request.POST[key].strip()
            try:
                scores[row.item_id] = Decimal(raw) if raw else None
            except InvalidOperation:
                raise ValidationError(
                    _("「%(item)s」的分数「%(value)s」不是有效数字。"), params={"item": row.item.title, "value": raw}
                ) from None
        if f"comment_{row.item_id}" in request.POST:
            comments[row.item_id] = request.POST[f"comment_{row.item_id}"].strip()
    return scores, comments


def _act(request: AuthedRequest, assessment: Assessment, action: str, appeal: Appeal | None) -> None:
    user = request.user
    comment = request.POST.get("comment", "").strip()
    form: BaseForm
    try:
        # Saving scores and the step that follows are one change: a refused step keeps the old scores.
        with transaction.atomic():
            if action in {"save_self", "submit", "save_review", "review_submit"}:
                stage = "self" if action in {"save_self", "submit"} else "review"
                scores, comments = _posted_scores(request, assessment)
                services.scores_set(assessment=assessment, stage=stage, scores=scores, comments=comments, actor=user)
            if action == "submit":
                services.assessment_submit(assessment=assessment, actor=user, comment=comment)
            elif action == "review_submit":
                services.assessment_review_submit(assessment=assessment, actor=user, comment=comment)
            elif action == "return_to_self":
                services.assessment_return_to_self(assessment=assessment, actor=user, comment=comment)
            elif action == "return_to_review":
                services.assessment_return_to_review(assessment=assessment, actor=user, comment=comment)
            elif action == "approve":
                services.assessment_approve(assessment=assessment, actor=user, comment=comment)
            elif action == "evidence":
                form = EvidenceForm(request.POST, request.FILES, standard=assessment.standard)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                services.evidence_add(
                    assessment=assessment,
                    file=form.cleaned_data["file"],
                    item=form.cleaned_data["item"],
                    description=form.cleaned_data["description"],
                    actor=user,
                )
            elif action == "appeal":
                services.appeal_file(assessment=assessment, reason=request.POST.get("reason", ""), actor=user)
            elif action == "appeal_decide" and appeal is not None:
                form = AppealDecisionForm(request.POST)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                services.appeal_decide(
                    appeal=appeal,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    revised_total=form.cleaned_data["revised_total"],
                    actor=user,
                )
    except ValidationError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("已保存。"))


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    visible = selectors.assessments_visible(request.scope)
    evidence = Evidence.objects.filter(pk=pk, assessment__in=visible).first()
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
