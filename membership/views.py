"""Pages of recruitment (the applicant list, a file and its steps) and of transfers (letters and receipts).

Everything comes through the scope: files of the branches in it, transfers whose sending or
receiving branch is in it; writing needs MANAGE on the branch concerned.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common import clock
from common.confirm import confirmation_required
from common.http import AuthedRequest
from common.pages import add_service_errors, paginate
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from people.models import MembershipStatus, PartyMembership, Person
from people.selectors import person_q

from . import exports, letters, services
from .config import rules_for
from .confirmations import RECORD_STEP
from .forms import ApplyForm, ReceiptForm, RulesForm, StepForm, TransferForm
from .models import Recruit, Transfer
from .selectors import recruits_visible, standings, transfers_visible
from .steps import BY_CODE, STEPS

EXPORT_ROWS = 5000  # a county's files and letters fit; the cap keeps one request's workbook bounded


def _villages(request: AuthedRequest, right: str = Right.MANAGE) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(kind=OrganizationKind.VILLAGE).filter(request.scope.right_q(right)).order_by("code")
    )


@login_required
def recruit_list(request: AuthedRequest) -> HttpResponse:
    today = clock.today()
    files = recruits_visible(request.scope).select_related("person", "branch")
    stage = request.GET.get("stage", "")
    if stage == "open":
        files = files.filter(latest__lt=BY_CODE["archived"].number)
    if request.GET.get("format") == "xlsx":
        rows = standings(list(files.order_by("branch__code", "applied_on", "id")[:EXPORT_ROWS]), today)
        return xlsx_response(_("发展党员.xlsx"), _("发展党员"), exports.RECRUIT_COLUMNS, rows)
    page = paginate(request, files)
    rows = standings(list(page.object_list), today)
    return render(
        request,
        "membership/recruit_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "today": today,
            "can_add": request.scope.may_anywhere(Right.MANAGE),
            "can_configure": request.scope.is_county_admin,
            "steps": STEPS,
        },
    )


@login_required
def recruit_create(request: AuthedRequest) -> HttpResponse:
    if not request.scope.may_anywhere(Right.MANAGE):
        raise PermissionDenied
    branches = _villages(request)
    people = Person.objects.filter(person_q(request.scope), membership__isnull=True).select_related("home_village")
    form = ApplyForm(request.POST or None, branches=branches, people=people, initial={"applied_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            recruit = services.recruit_apply(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记入党申请。"))
            return redirect("membership:recruit_detail", pk=recruit.pk)
    return render(
        request,
        "membership/form.html",
        {"form": form, "title": _("登记入党申请"), "back_url": reverse("membership:recruit_list")},
    )


@login_required
def recruit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    recruit = request.scope.object_or_404(Recruit.objects.select_related("person", "branch"), "branch", pk=pk)
    today = clock.today()
    [row] = standings([recruit], today)
    may_record = request.scope.may(Right.MANAGE, code=recruit.branch.code)
    form = None
    if may_record and row.standing.next_steps:
        members = Person.objects.filter(
            membership__branch__code__startswith=recruit.branch.code[:6], membership__status=MembershipStatus.FULL
        ).select_related("membership__branch", "home_village")
        groups = Organization.objects.filter(parent=recruit.branch, kind=OrganizationKind.PARTY_GROUP)
        form = StepForm(
            request.POST or None,
            steps=list(row.standing.next_steps),
            members=members,
            groups=groups,
            initial={"on": today},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if BY_CODE[data["step"]].irreversible:
                asked = confirmation_required(
                    request,
                    RECORD_STEP,
                    back=request.path,
                    detail=f"{recruit.person.name}：{BY_CODE[data['step']].name}",
                )
                if asked is not None:
                    return asked
            try:
                services.step_record(
                    recruit=recruit,
                    user=request.user,
                    step=data["step"],
                    on=data["on"],
                    basis=data["basis"],
                    first_person=data["first_person"],
                    second_person=data["second_person"],
                    days=data["days"],
                    hours=data["hours"],
                    extension_months=data["extension_months"] or 0,
                    party_group=data["party_group"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记步骤。"))
                return redirect("membership:recruit_detail", pk=recruit.pk)
    elif request.method == "POST":
        raise PermissionDenied
    events = recruit.events.select_related("first_person", "second_person", "recorded_by").order_by("number", "on")
    return render(
        request,
        "membership/recruit_detail.html",
        {"recruit": recruit, "row": row, "events": events, "form": form, "today": today, "steps": STEPS},
    )


@login_required
def transfer_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    transfers = transfers_visible(scope).select_related("membership__person", "from_branch", "to_branch")
    direction = request.GET.get("direction", "")
    if direction == "out":
        transfers = transfers.filter(scope.org_q("from_branch"))
    elif direction == "in":
        transfers = transfers.filter(scope.org_q("to_branch")).exclude(scope.org_q("from_branch"))
    if request.GET.get("format") == "xlsx":
        rows = transfers.order_by("-on", "-id")[:EXPORT_ROWS]
        return xlsx_response(_("组织关系转接.xlsx"), _("组织关系转接"), exports.TRANSFER_COLUMNS, rows)
    page = paginate(request, transfers.order_by("-on", "-id"))
    return render(
        request,
        "membership/transfer_list.html",
        {
            "page_obj": page,
            "today": clock.today(),
            "direction": direction,
            "can_add": scope.may_anywhere(Right.MANAGE),
        },
    )


@login_required
def transfer_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.may_anywhere(Right.MANAGE):
        raise PermissionDenied
    members = Person.objects.filter(
        Q(membership__isnull=False) & scope.right_q(Right.MANAGE, "membership__branch")
    ).select_related("membership__branch", "home_village")
    counties = {code[:6] for code in (scope.codes_for(Right.MANAGE) or ())}
    branches = Organization.objects.filter(kind=OrganizationKind.VILLAGE).order_by("code")
    if scope.codes_for(Right.MANAGE) is not None:
        q = Q(pk__in=[])
        for code in counties:
            q |= Q(code__startswith=code)
        branches = branches.filter(q)
    form = TransferForm(request.POST or None, members=members, branches=branches, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = PartyMembership.objects.get(person=data["person"])
        try:
            transfer = services.transfer_issue(
                membership=membership,
                to_branch=data["to_branch"],
                outside=data["outside"],
                reach=data["reach"],
                on=data["on"],
                letter_number=data["letter_number"],
                dues_paid_to=data["dues_paid_to"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已开具组织关系介绍信。"))
            return redirect("membership:transfer_letter", pk=transfer.pk)
    return render(
        request,
        "membership/form.html",
        {"form": form, "title": _("开具组织关系介绍信"), "back_url": reverse("membership:transfer_list")},
    )


def _transfer_or_404(request: AuthedRequest, pk: int) -> Transfer:
    visible = transfers_visible(request.scope).select_related("membership__person", "from_branch", "to_branch")
    return get_object_or_404(visible, pk=pk)


def _receipt_side(request: AuthedRequest, transfer: Transfer) -> Organization | None:
    """Who records the receipt: the receiving branch, or for a letter out of the county the sending one."""
    side = transfer.to_branch or transfer.from_branch
    return side if side is not None and request.scope.may(Right.MANAGE, code=side.code) else None


@login_required
def transfer_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk)
    side = _receipt_side(request, transfer)
    form = None
    if side is not None and transfer.received_on is None:
        groups = Organization.objects.filter(parent=transfer.to_branch, kind=OrganizationKind.PARTY_GROUP)
        form = ReceiptForm(request.POST or None, groups=groups, initial={"received_on": clock.today()})
        if request.method == "POST" and form.is_valid():
            try:
                services.transfer_receipt(transfer=transfer, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记回执。"))
                return redirect("membership:transfer_letter", pk=transfer.pk)
    elif request.method == "POST":
        raise PermissionDenied
    if request.GET.get("format") == "pdf":
        response = HttpResponse(letters.letter_pdf(transfer), content_type="application/pdf")
        name = quote(_("组织关系介绍信") + f"{transfer.letter_number}.pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response
    history = transfer.membership.transfers.select_related("from_branch", "to_branch").order_by("on", "id")
    return render(
        request,
        "membership/transfer_letter.html",
        {"transfer": transfer, "form": form, "history": history, "today": clock.today(), "pdf_url": "?format=pdf"},
    )


@login_required
def rules_edit(request: AuthedRequest) -> HttpResponse:
    """The county's time rules of recruitment and transfers, for the county admin."""
    county = (
        Organization.objects.filter(kind=OrganizationKind.COUNTY)
        .filter(request.scope.right_q(Right.CONFIGURE))
        .order_by("code")
        .first()
    )
    if county is None:
        raise PermissionDenied
    form = RulesForm(request.POST or None, instance=rules_for(county))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.rules_set(county=county, values=values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存时限规则。"))
            return redirect("membership:rules")
    return render(
        request,
        "membership/form.html",
        {
            "form": form,
            "title": _("发展党员时限规则") + f" · {county.display_name}",
            "back_url": reverse("membership:recruit_list"),
        },
    )
