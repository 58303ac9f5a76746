"""Pages for M1: the leadership groups of the townships in the viewer's scope."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service
from common.params import day_param
from common.scope import Right
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404

from . import services
from .forms import EndMemberForm, GroupForm, LogForm, MemberForm
from .models import GroupMember, LeadershipGroup
from .selectors import township_leadership, township_people


def _date_param(request: AuthedRequest) -> dt.date:
    return day_param(request)


def _scope_roots(request: AuthedRequest) -> list[Organization]:
    scope = request.scope
    if scope.is_superuser:
        return list(Organization.objects.counties())
    return list(Organization.objects.filter(code__in=scope.read_codes).order_by("code"))


@login_required
def group_list(request: AuthedRequest) -> HttpResponse:
    on = _date_param(request)
    rows = []
    for root in _scope_roots(request):
        if root.kind in (
            OrganizationKind.PROVINCE,
            OrganizationKind.PREFECTURE,
            OrganizationKind.COUNTY,
            OrganizationKind.TOWNSHIP,
        ):
            rows.extend(township_leadership(root, on))
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("乡镇"), lambda r: r.township.name),
            Column(_("区划代码"), lambda r: r.township.code),
            Column(_("领导小组"), lambda r: r.group.name if r.group else ""),
            Column(_("组长"), lambda r: "、".join(m.person.name for m in r.leaders)),
            Column(_("党委书记"), lambda r: "、".join(a.person.name for a in r.secretaries)),
            Column(_("书记任组长"), lambda r: _("是") if r.led_by_secretary else _("否")),
        ]
        return xlsx_response(f"leadership-{on.isoformat()}.xlsx", _("领导小组"), columns, rows)
    return render(request, "leadership/group_list.html", {"rows": rows, "on": on})


def _group_or_404(request: AuthedRequest, code: str) -> LeadershipGroup:
    township = organization_or_404(request.scope, code)
    try:
        return LeadershipGroup.objects.select_related("township").get(township=township)
    except LeadershipGroup.DoesNotExist:
        raise Http404 from None


@login_required
def group_detail(request: AuthedRequest, code: str) -> HttpResponse:
    scope = request.scope
    township = organization_or_404(scope, code, kind=OrganizationKind.TOWNSHIP)
    group = LeadershipGroup.objects.filter(township=township).first()
    can_edit = scope.may(Right.MANAGE, code=township.code)
    context: dict[str, object] = {"township": township, "group": group, "can_edit": can_edit}
    if group is not None:
        context["members"] = GroupMember.objects.filter(group=group).select_related("person").order_by("role", "start")
        context["log"] = group.log.select_related("recorded_by")[:100]
        context["row"] = township_leadership(township, day_param(request))[0]
    if can_edit:
        context["group_form"] = GroupForm()
        context["log_form"] = LogForm(initial={"date": clock.today()})
    return render(request, "leadership/group_detail.html", context)


@login_required
def group_create(request: AuthedRequest, code: str) -> HttpResponse:
    township = organization_or_404(request.scope, code, right=Right.MANAGE, kind=OrganizationKind.TOWNSHIP)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and apply_service(
        form, lambda d: services.leadership_group_create(township=township, **d)
    ):
        messages.success(request, _("领导小组已成立。"))
        return redirect("leadership:detail", code=township.code)
    return render(request, "leadership/form.html", {"form": form, "township": township, "title": _("成立领导小组")})


@login_required
def member_add(request: AuthedRequest, code: str) -> HttpResponse:
    township = organization_or_404(request.scope, code, right=Right.MANAGE, kind=OrganizationKind.TOWNSHIP)
    group = _group_or_404(request, code)
    form = MemberForm(request.POST or None, people=township_people(township))
    if request.method == "POST" and apply_service(form, lambda d: services.group_member_add(group=group, **d)):
        messages.success(request, _("成员已添加。"))
        return redirect("leadership:detail", code=township.code)
    return render(request, "leadership/form.html", {"form": form, "township": township, "title": _("添加成员")})


@login_required
def member_end(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    township = organization_or_404(request.scope, code, right=Right.MANAGE, kind=OrganizationKind.TOWNSHIP)
    group = _group_or_404(request, code)
    member = GroupMember.objects.filter(group=group, pk=pk).select_related("person").first()
    if member is None:
        raise Http404
    form = EndMemberForm(request.POST or None)
    if request.method == "POST" and apply_service(form, lambda d: services.group_member_end(member=member, **d)):
        messages.success(request, _("任期已结束。"))
        return redirect("leadership:detail", code=township.code)
    return render(
        request, "leadership/form.html", {"form": form, "township": township, "title": _("结束任期：%s") % member}
    )


@login_required
def log_add(request: AuthedRequest, code: str) -> HttpResponse:
    township = organization_or_404(request.scope, code, right=Right.MANAGE, kind=OrganizationKind.TOWNSHIP)
    group = _group_or_404(request, code)
    form = LogForm(request.POST or None)
    if request.method == "POST" and apply_service(
        form, lambda d: services.work_log_add(group=group, recorded_by=request.user, **d)
    ):
        messages.success(request, _("工作记录已保存。"))
        return redirect("leadership:detail", code=township.code)
    return render(request, "leadership/form.html", {"form": form, "township": township, "title": _("添加工作记录")})
