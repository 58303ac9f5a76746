"""Pages for P2 Service: facilities by kind, supported projects, and 153-plan micro-loans with their steps."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, chosen_filters, paginate
from common.scope import Right, Scope
from common.xlsx import Column, xlsx_response
from organizations.models import OrganizationKind
from organizations.selectors import area_choices
from people.models import Person

from . import selectors, services
from .forms import (
    FacilityFilterForm,
    FacilityForm,
    LoanFilterForm,
    LoanForm,
    LoanStepForm,
    ProjectFilterForm,
    ProjectForm,
)
from .models import Facility, LoanStatus


def _place(o) -> str:
    return f"{o.parent.display_name} {o.display_name}" if o.kind == OrganizationKind.VILLAGE else o.display_name


def _form_page(request: AuthedRequest, form: Form, title: str, back: str) -> HttpResponse:
    return render(request, "service_platform/form.html", {"form": form, "title": title, "back": back})


# -- facilities --------------------------------------------------------------------

FACILITY_COLUMNS = [
    Column(gettext_lazy("类型"), lambda f: f.get_kind_display(), 16),
    Column(gettext_lazy("名称"), lambda f: f.name, 24),
    Column(
        gettext_lazy("乡镇"),
        lambda f: (
            f.organization.display_name
            if f.organization.kind == OrganizationKind.TOWNSHIP
            else f.organization.parent.display_name
        ),
        12,
    ),
    Column(
        gettext_lazy("村"), lambda f: f.organization.name if f.organization.kind == OrganizationKind.VILLAGE else "", 12
    ),
    Column(gettext_lazy("地址"), lambda f: f.location, 24),
    Column(gettext_lazy("启用日期"), lambda f: f.opened_on, 12),
    Column(gettext_lazy("状态"), lambda f: f.get_status_display(), 8),
    Column(gettext_lazy("关闭日期"), lambda f: f.closed_on, 12),
]


@login_required
def facility_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = FacilityFilterForm(request.GET or None, areas=area_choices(scope))
    facilities = selectors.facilities_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("服务阵地.xlsx"), _("服务阵地"), FACILITY_COLUMNS, facilities)
    can_add = scope.is_admin and selectors.writable_places(scope, selectors.PLACE_KINDS).exists()
    return render(
        request,
        "service_platform/facility_list.html",
        {"form": form, "page_obj": paginate(request, facilities), "can_add": can_add},
    )


@login_required
def facility_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    places = selectors.writable_places(scope, selectors.PLACE_KINDS).order_by("code")
    if not scope.is_admin or not places.exists():
        raise Http404
    form = FacilityForm(request.POST or None, places=places, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and apply_service(form, lambda d: services.facility_create(**d)):
        messages.success(request, _("服务阵地已登记。"))
        return redirect("service_platform:facility_list")
    return _form_page(request, form, _("登记服务阵地"), "service_platform:facility_list")


@login_required
def facility_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    facility = cast(
        Facility, scope.object_or_404(Facility.objects.select_related("organization"), "organization", pk=pk)
    )
    if not scope.may(Right.MANAGE, code=facility.organization.code):
        raise Http404
    initial = {k: getattr(facility, k) for k in ("name", "location", "opened_on", "status", "closed_on", "description")}
    form = FacilityForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and apply_service(form, lambda d: services.facility_update(facility=facility, **d)):
        messages.success(request, _("服务阵地已更新。"))
        return redirect("service_platform:facility_list")
    return _form_page(
        request, form, _("修改服务阵地：%(name)s") % {"name": facility.name}, "service_platform:facility_list"
    )


# -- supported projects ------------------------------------------------------------

PROJECT_COLUMNS = [
    Column(gettext_lazy("项目名称"), lambda p: p.name, 24),
    Column(gettext_lazy("所在乡镇/村"), lambda p: _place(p.organization), 18),
    Column(gettext_lazy("产业"), lambda p: p.industry, 12),
    Column(gettext_lazy("开始日期"), lambda p: p.start, 12),
    Column(gettext_lazy("结束日期"), lambda p: p.end, 12),
    Column(gettext_lazy("扶持内容"), lambda p: p.support, 30),
    Column(gettext_lazy("扶持金额（元）"), lambda p: p.amount, 14),
    Column(gettext_lazy("负责党员"), lambda p: p.responsible.name if p.responsible_id else "", 10),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display(), 8),
]


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = ProjectFilterForm(request.GET or None, areas=area_choices(scope))
    projects = selectors.projects_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("扶持发展项目.xlsx"), _("扶持发展项目"), PROJECT_COLUMNS, projects)
    can_add = scope.is_admin and selectors.writable_places(scope, selectors.PLACE_KINDS).exists()
    return render(
        request,
        "service_platform/project_list.html",
        {"form": form, "page_obj": paginate(request, projects), "can_add": can_add},
    )


@login_required
def project_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    places = selectors.writable_places(scope, selectors.PLACE_KINDS).order_by("code")
    if not scope.is_admin or not places.exists():
        raise Http404
    members = Person.objects.filter(scope.right_q(Right.MANAGE, "membership__branch")).order_by("name", "id")
    form = ProjectForm(request.POST or None, places=places, members=members)
    if request.method == "POST" and apply_service(form, lambda d: services.supported_project_create(**d)):
        messages.success(request, _("扶持项目已登记。"))
        return redirect("service_platform:project_list")
    return _form_page(request, form, _("登记扶持发展项目"), "service_platform:project_list")


# -- micro-loans -------------------------------------------------------------------

LOAN_COLUMNS = [
    Column(gettext_lazy("申请日期"), lambda loan: loan.applied_on, 12),
    Column(gettext_lazy("申请党员"), lambda loan: loan.applicant.name, 10),
    Column(gettext_lazy("所在村"), lambda loan: _place(loan.village), 18),
    Column(gettext_lazy("用途"), lambda loan: loan.get_purpose_display(), 8),
    Column(gettext_lazy("金额（元）"), lambda loan: loan.amount, 14),
    Column(gettext_lazy("放款机构"), lambda loan: loan.lender, 16),
    Column(gettext_lazy("状态"), lambda loan: loan.get_status_display(), 8),
]


@login_required
def loan_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = LoanFilterForm(request.GET or None, areas=area_choices(scope))
    loans = selectors.loans_visible_to(scope, **chosen_filters(form))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("153帮扶计划贷款.xlsx"), _("小额贷款帮扶"), LOAN_COLUMNS, loans)
    can_add = scope.is_admin and selectors.writable_places(scope, [OrganizationKind.VILLAGE]).exists()
    return render(
        request,
        "service_platform/loan_list.html",
        {"form": form, "page_obj": paginate(request, loans), "can_add": can_add},
    )


@login_required
def loan_create(request: AuthedRequest) -> HttpResponse:
    """A village admin (or an admin above) records a member's application."""
    scope = request.scope
    if not scope.is_admin:
        raise Http404
    members = (
        Person.objects.filter(scope.right_q(Right.MANAGE, "membership__branch"), membership__isnull=False)
        .select_related("membership__branch")
        .order_by("membership__branch__code", "name", "id")
    )
    form = LoanForm(request.POST or None, members=members, initial={"applied_on": clock.today()})
    created = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.loan_apply(recorded_by=request.user, **d))
    ):
        messages.success(request, _("贷款申请已登记。"))
        return redirect("service_platform:loan_detail", pk=created[0].pk)
    return _form_page(request, form, _("登记153帮扶计划贷款申请"), "service_platform:loan_list")


@login_required
def loan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    loan = selectors.loan_detail(scope, pk)
    steps = selectors.allowed_steps(scope, loan)
    form = LoanStepForm(initial={"date": clock.today()})
    return render(
        request,
        "service_platform/loan_detail.html",
        {"loan": loan, "steps": [LoanStatus(s) for s in steps], "form": form},
    )


STEP_SERVICES = {
    LoanStatus.APPROVED: lambda loan, d, user: services.loan_approve(
        loan=loan, date=d["date"], note=d["reason"], recorded_by=user
    ),
    LoanStatus.REFUSED: lambda loan, d, user: services.loan_refuse(
        loan=loan, date=d["date"], reason=d["reason"], recorded_by=user
    ),
    LoanStatus.REPAID: lambda loan, d, user: services.loan_repaid(
        loan=loan, date=d["date"], note=d["reason"], recorded_by=user
    ),
}


@login_required
@require_POST
def loan_step(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record one step; the step must be one this viewer may take now (the service checks the order too)."""
    scope = request.scope
    loan = selectors.loan_detail(scope, pk)
    form = LoanStepForm(request.POST)
    if not form.is_valid():
        return _loan_page(request, scope, loan, form, status=400)
    step = form.cleaned_data["step"]
    needed = Right.MANAGE if step == LoanStatus.REPAID else Right.OVERSEE
    if not scope.may(needed, code=loan.village.code):
        # In scope but not this role's step (a village admin approving): forbidden, as for any other page.
        raise Http404
    if apply_service(form, lambda d: STEP_SERVICES[LoanStatus(step)](loan, d, request.user)):
        messages.success(request, _("已登记：%(step)s。") % {"step": LoanStatus(step).label})
        return redirect("service_platform:loan_detail", pk=loan.pk)
    return _loan_page(request, scope, loan, form, status=400)


def _loan_page(request: AuthedRequest, scope: Scope, loan, form: Form, status: int) -> HttpResponse:
    loan = selectors.loan_detail(scope, loan.pk)
    return render(
        request,
        "service_platform/loan_detail.html",
        {"loan": loan, "steps": [LoanStatus(s) for s in selectors.allowed_steps(scope, loan)], "form": form},
        status=status,
    )
