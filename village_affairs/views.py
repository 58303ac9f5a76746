"""Internal pages for A3: decisions, disclosures, the ledger, feedback, monthly feedback, cases.

Every read goes through the scope selector; writes need change rights on the village (admins);
a village supervisor reads and comments.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import clock
from common.confirm import confirmation_required
from common.http import AuthedRequest
from common.pages import apply_service
from common.params import campaign_of
from common.punctuation import parens, semicolon
from common.rules import evaluate
from common.scope import Right
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404

from . import confirmations, exports, services
from .forms import (
    AnswerForm,
    CommentForm,
    DecisionForm,
    DisclosureEditForm,
    DisclosureForm,
    ImplementationForm,
    LedgerEntryForm,
    ReverseForm,
    StepForm,
)
from .models import AccountabilityCase, Decision, DecisionStep, Disclosure, Feedback, LedgerEntry, ReviewComment, Step
from .selectors import decisions_in, feedback_in, monthly_statement, next_step, township_month, with_step_list

A3_RULES = ["R-DISCLOSE", "R-DECISION", "R-FEEDBACK"]


def _refusal(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# -- landing ---------------------------------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    villages = list(scope.filter(Organization.objects.villages(), "").select_related("parent").order_by("code")[:500])
    townships = list(scope.filter(Organization.objects.townships(), "").order_by("code"))
    if not townships and villages:
        townships = []
    today = campaign_of(request).day
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    return render(
        request,
        "village_affairs/home.html",
        {"villages": villages, "townships": townships, "last_month": last_month},
    )


@login_required
def village(request: AuthedRequest, code: str) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    decisions = with_step_list(decisions_in(Decision.objects.filter(village=v)).order_by("-id")[:100])
    for d in decisions:
        d.next_number = next_step(d)
    disclosures = Disclosure.objects.filter(village=v).order_by("-year", "-period_number", "kind")[:100]
    can_edit = request.scope.may(Right.MANAGE, code=v.code)
    unanswered = Feedback.objects.filter(village=v, answered_at__isnull=True).count()
    today = campaign_of(request).day
    return render(
        request,
        "village_affairs/village.html",
        {
            "village": v,
            "decisions": decisions,
            "disclosures": disclosures,
            "can_edit": can_edit,
            "decision_form": DecisionForm(),
            "disclosure_form": DisclosureForm(initial={"year": today.year}),
            "unanswered": unanswered,
            "today": today,
        },
    )


# -- decisions ---------------------------------------------------------------------------


@login_required
@require_POST
def decision_create(request: AuthedRequest, code: str) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    form = DecisionForm(request.POST)
    created: list[Decision] = []
    if apply_service(form, lambda d: created.append(services.decision_create(village=v, user=request.user, **d))):
        messages.success(request, _("事项已登记，请按四议两公开程序逐步登记。"))
        return redirect("village_affairs:decision", code=v.code, pk=created[0].pk)
    return render(request, "village_affairs/form.html", {"form": form, "village": v, "title": _("登记事项")})


@login_required
def decision_detail(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    decision = request.scope.object_or_404(decisions_in(Decision.objects.filter(village=v)), "village", pk=pk)
    can_edit = request.scope.may(Right.MANAGE, code=v.code)
    number = next_step(decision)
    form = StepForm(request.POST or None, number=number) if number and can_edit else None
    if request.method == "POST":
        request.scope.require(Right.MANAGE, code=v.code)
        if form is None or number is None:
            raise Http404
        one_way = number >= Step.PUBLISH_RESOLUTION and form.is_valid()
        back = request.get_full_path()
        if one_way and (page := confirmation_required(request, confirmations.STEP_PUBLISH, back=back)):
            return page
        if apply_service(
            form,
            lambda d: services.decision_step_record(decision=decision, number=number, user=request.user, **d),
        ):
            messages.success(
                request, _("已登记：%(step)s。") % {"step": DecisionStep(number=number).get_number_display()}
            )
            return redirect("village_affairs:decision", code=v.code, pk=decision.pk)
    steps = list(decision.steps.all())
    return render(
        request,
        "village_affairs/decision_detail.html",
        {
            "village": v,
            "decision": decision,
            "steps": steps,
            "form": form,
            "number": number,
            "next_label": DecisionStep(number=number).get_number_display() if number else "",
            "can_edit": can_edit,
            "comments": ReviewComment.objects.filter(decision=decision).select_related("author"),
            "comment_form": CommentForm() if request.scope.may(Right.COMMENT, code=v.code) else None,
            "implementation_form": ImplementationForm(),
        },
    )


@login_required
@require_POST
def step_withdraw(request: AuthedRequest, code: str, pk: int, step_pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    step = request.scope.object_or_404(
        DecisionStep.objects.filter(decision__village=v, decision_id=pk).select_related("decision"),
        "decision__village",
        pk=step_pk,
    )
    back = reverse("village_affairs:decision", args=[v.code, pk])
    if page := confirmation_required(request, confirmations.STEP_WITHDRAW, back=back, detail=str(step)):
        return page
    try:
        services.decision_step_withdraw(step=step)
        messages.success(request, _("已撤销该步骤。"))
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("village_affairs:decision", code=v.code, pk=pk)


@login_required
@require_POST
def decision_implementation(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    decision = request.scope.object_or_404(Decision.objects.filter(village=v), "village", pk=pk)
    form = ImplementationForm(request.POST)
    if apply_service(form, lambda d: services.decision_implementation_record(decision=decision, **d)):
        messages.success(request, _("已登记开始实施日期。"))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))  # the stubs type ErrorList items loosely
    return redirect("village_affairs:decision", code=v.code, pk=pk)


@login_required
@require_POST
def comment_add(request: AuthedRequest, code: str, target: str, pk: int) -> HttpResponse:
    """Supervisors and admins in scope add an internal comment to a decision or disclosure."""
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.COMMENT, code=v.code)
    form = CommentForm(request.POST)
    obj: Decision | Disclosure
    kwargs: dict[str, Any]
    if target == "decision":
        obj = request.scope.object_or_404(Decision.objects.filter(village=v), "village", pk=pk)
        kwargs, back = {"decision": obj}, redirect("village_affairs:decision", code=v.code, pk=pk)
    else:
        obj = request.scope.object_or_404(Disclosure.objects.filter(village=v), "village", pk=pk)
        kwargs, back = {"disclosure": obj}, redirect("village_affairs:disclosure", code=v.code, pk=pk)
    if apply_service(
        form, lambda d: services.review_comment_add(village=v, user=request.user, text=d["text"], **kwargs)
    ):
        messages.success(request, _("意见已提交。"))
    return back


# -- disclosures -------------------------------------------------------------------------


@login_required
@require_POST
def disclosure_create(request: AuthedRequest, code: str) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    form = DisclosureForm(request.POST)
    created: list[Disclosure] = []
    if apply_service(form, lambda d: created.append(services.disclosure_create(village=v, user=request.user, **d))):
        messages.success(request, _("草稿已保存，核对后请公开。"))
        return redirect("village_affairs:disclosure", code=v.code, pk=created[0].pk)
    return render(request, "village_affairs/form.html", {"form": form, "village": v, "title": _("新建公开事项")})


@login_required
def disclosure_detail(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    disclosure = request.scope.object_or_404(
        Disclosure.objects.filter(village=v).select_related("corrects"), "village", pk=pk
    )
    can_edit = request.scope.may(Right.MANAGE, code=v.code)
    form = DisclosureEditForm(request.POST or None, initial={"title": disclosure.title, "content": disclosure.content})
    if request.method == "POST":
        request.scope.require(Right.MANAGE, code=v.code)
        if apply_service(form, lambda d: services.disclosure_update(disclosure=disclosure, **d)):
            messages.success(request, _("已保存。"))
            return redirect("village_affairs:disclosure", code=v.code, pk=pk)
        disclosure.refresh_from_db()
    statement = None
    if disclosure.kind == "finance":
        statement = monthly_statement(v, disclosure.year, disclosure.period_number)
    return render(
        request,
        "village_affairs/disclosure_detail.html",
        {
            "village": v,
            "disclosure": disclosure,
            "form": form,
            "can_edit": can_edit,
            "statement": statement,
            "corrections": disclosure.corrections.order_by("id"),
            "comments": ReviewComment.objects.filter(disclosure=disclosure).select_related("author"),
            "comment_form": CommentForm() if request.scope.may(Right.COMMENT, code=v.code) else None,
        },
    )


@login_required
@require_POST
def disclosure_publish(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    disclosure = request.scope.object_or_404(Disclosure.objects.filter(village=v), "village", pk=pk)
    one_way = confirmations.PUBLISH_FINANCE if disclosure.kind == "finance" and not disclosure.corrects_id else None
    back = reverse("village_affairs:disclosure", args=[v.code, pk])
    if page := confirmation_required(request, one_way or confirmations.PUBLISH, back=back, detail=disclosure.title):
        return page
    try:
        services.disclosure_publish(disclosure=disclosure, user=request.user)
        messages.success(request, _("已公开。公开后的内容不能修改或删除。"))
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("village_affairs:disclosure", code=v.code, pk=pk)


@login_required
@require_POST
def disclosure_delete(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    disclosure = request.scope.object_or_404(Disclosure.objects.filter(village=v), "village", pk=pk)
    back = reverse("village_affairs:disclosure", args=[v.code, pk])
    if page := confirmation_required(request, confirmations.DELETE_DRAFT, back=back, detail=disclosure.title):
        return page
    try:
        services.disclosure_delete(disclosure=disclosure)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect("village_affairs:disclosure", code=v.code, pk=pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("village_affairs:village", code=v.code)


# -- the ledger --------------------------------------------------------------------------


@login_required
def ledger_current(request: AuthedRequest, code: str) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)  # outside scope: 404, no redirect
    today = campaign_of(request).day
    return redirect("village_affairs:ledger", code=v.code, year=today.year, month=today.month)


@login_required
def ledger(request: AuthedRequest, code: str, year: int, month: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    if not 1 <= month <= 12 or not 1949 <= year <= 2100:
        raise Http404
    can_edit = request.scope.may(Right.MANAGE, code=v.code)
    first = dt.date(year, month, 1)
    form = LedgerEntryForm(request.POST or None, request.FILES or None, initial={"date": min(clock.today(), first)})
    if request.method == "POST":
        request.scope.require(Right.MANAGE, code=v.code)
        if apply_service(form, lambda d: services.ledger_entry_create(village=v, user=request.user, **d)):
            messages.success(request, _("账目已录入。"))
            return redirect("village_affairs:ledger", code=v.code, year=year, month=month)
    statement = monthly_statement(v, year, month)
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        name = _("%(village)s%(year)s年%(month)s月账目") % {"village": v.display_name, "year": year, "month": month}
        return xlsx_response(f"{name}.xlsx", name, exports.LEDGER_COLUMNS, statement.entries)
    previous = first - dt.timedelta(days=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    finance = Disclosure.objects.filter(village=v, kind="finance", year=year, period_number=month).first()
    return render(
        request,
        "village_affairs/ledger.html",
        {
            "village": v,
            "statement": statement,
            "form": form,
            "can_edit": can_edit,
            "previous": previous,
            "following": following,
            "finance": finance,
        },
    )


def _entry(request: AuthedRequest, code: str, pk: int) -> tuple[Organization, LedgerEntry]:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    entry = request.scope.object_or_404(
        LedgerEntry.objects.filter(village=v).select_related("corrects"), "village", pk=pk
    )
    return v, entry


@login_required
def entry_edit(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v, entry = _entry(request, code, pk)
    request.scope.require(Right.MANAGE, code=v.code)
    initial = {k: getattr(entry, k) for k in ("date", "direction", "category", "amount", "voucher", "description")}
    form = LedgerEntryForm(request.POST or None, initial=initial)
    del form.fields["attachment"]
    if request.method == "POST" and apply_service(form, lambda d: services.ledger_entry_update(entry=entry, **d)):
        messages.success(request, _("已保存。"))
        return redirect("village_affairs:ledger", code=v.code, year=entry.date.year, month=entry.date.month)
    return render(request, "village_affairs/form.html", {"form": form, "village": v, "title": _("修改账目")})


@login_required
@require_POST
def entry_delete(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v, entry = _entry(request, code, pk)
    request.scope.require(Right.MANAGE, code=v.code)
    try:
        services.ledger_entry_delete(entry=entry)
        messages.success(request, _("账目已删除。"))
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("village_affairs:ledger", code=v.code, year=entry.date.year, month=entry.date.month)


@login_required
def entry_reverse(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v, entry = _entry(request, code, pk)
    request.scope.require(Right.MANAGE, code=v.code)
    form = ReverseForm(request.POST or None, initial={"date": clock.today()})
    created: list[LedgerEntry] = []
    if request.method == "POST" and form.is_valid():
        back = reverse("village_affairs:ledger", args=[v.code, entry.date.year, entry.date.month])
        if page := confirmation_required(request, confirmations.ENTRY_REVERSE, back=back, detail=str(entry)):
            return page
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.ledger_entry_reverse(entry=entry, user=request.user, **d))
    ):
        messages.success(request, _("冲正分录已录入，请再录入正确的账目。"))
        r = created[0]
        return redirect("village_affairs:ledger", code=v.code, year=r.date.year, month=r.date.month)
    return render(
        request,
        "village_affairs/form.html",
        {
            "form": form,
            "village": v,
            "title": _("冲正：%(entry)s") % {"entry": entry},
            "confirm_key": "village_affairs.entry_reverse",
        },
    )


# -- feedback ----------------------------------------------------------------------------


@login_required
def feedback_inbox(request: AuthedRequest, code: str) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    rows = list(feedback_in(Feedback.objects.filter(village=v)).order_by("answered_at", "-created_at")[:200])
    if request.GET.get("format") == "xlsx":
        name = _("%(village)s群众意见") % {"village": v.display_name}
        return xlsx_response(f"{name}.xlsx", name, exports.FEEDBACK_COLUMNS, exports.with_state(rows))
    today = clock.today()
    can_edit = request.scope.may(Right.MANAGE, code=v.code)
    return render(
        request,
        "village_affairs/feedback.html",
        {"village": v, "rows": rows, "today": today, "can_edit": can_edit, "form": AnswerForm()},
    )


@login_required
@require_POST
def feedback_answer(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    request.scope.require(Right.MANAGE, code=v.code)
    fb = request.scope.object_or_404(Feedback.objects.filter(village=v), "village", pk=pk)
    form = AnswerForm(request.POST)
    back = reverse("village_affairs:feedback", args=[v.code])
    if form.is_valid() and (page := confirmation_required(request, confirmations.FEEDBACK_ANSWER, back=back)):
        return page
    if apply_service(form, lambda d: services.feedback_answer(feedback=fb, user=request.user, **d)):
        messages.success(request, _("已答复。"))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))  # the stubs type ErrorList items loosely
    return redirect("village_affairs:feedback", code=v.code)


# -- monthly feedback to villages (按月反馈) -----------------------------------------------


def _month_on(year: int, month: int) -> dt.date:
    """Feedback on a month is given as of the end of the following month (or today, if earlier)."""
    following = (dt.date(year, month, 1) + dt.timedelta(days=32)).replace(day=1)
    end = (following + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return min(end, clock.today())


@login_required
def township_monthly(request: AuthedRequest, code: str, year: int, month: int) -> HttpResponse:
    scope = request.scope
    township = organization_or_404(scope, code, kind=OrganizationKind.TOWNSHIP)
    if not 1 <= month <= 12:
        raise Http404
    on = _month_on(year, month)
    rows = township_month(township, year, month, on)
    findings = evaluate(township, on, A3_RULES)
    by_village: dict[str, list] = {}
    for f in findings:
        # R-DISCLOSE findings of other periods belong to those months' feedback.
        if (
            f.rule == "R-DISCLOSE"
            and rows
            and f.extra.get("period") not in (rows[0].finance_period, rows[0].affairs_period)
        ):
            continue
        by_village.setdefault(f.unit, []).append(f)
    for row in rows:
        row.findings = by_village.get(row.village.code, [])
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("村"), lambda r: r.village.name),
            Column(_("区划代码"), lambda r: r.village.code),
            Column(_("财务公开"), lambda r: r.finance_label),
            Column(_("财务公开日期"), lambda r: r.finance_published_on),
            Column(_("村务公开期间"), lambda r: r.affairs_period.label()),
            Column(_("村务公开"), lambda r: r.affairs_label),
            Column(_("村务公开日期"), lambda r: r.affairs_published_on),
            Column(_("问题"), lambda r: "；".join(f.message() for f in r.findings), 60),
            Column(
                _("责任人"),
                lambda r: semicolon().join(
                    dict.fromkeys(parens(a.name, a.role) for f in r.findings for a in f.accountable)
                ),
                40,
            ),
        ]
        return xlsx_response(f"monthly-{township.code}-{year}-{month:02d}.xlsx", _("按月反馈"), columns, rows)
    opened = set(
        AccountabilityCase.objects.filter(village__code__startswith=township.code).values_list(
            "village__code", "rule", "subject"
        )
    )
    return render(
        request,
        "village_affairs/township_monthly.html",
        {
            "township": township,
            "rows": rows,
            "year": year,
            "month": month,
            "on": on,
            "opened": opened,
            "can_open": scope.may(Right.OVERSEE, code=township.code),
        },
    )
