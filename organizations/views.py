"""Pages of the organization tree (F-ORG) and outside units (F-UNIT), scoped to the viewer."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import get_scope
from exchange.xlsx import Column, xlsx_response
from people.models import Appointment
from people.selectors import NodeCounts, subtree_counts

from . import services
from .forms import OrganizationCreateForm, OrganizationEditForm, UnitFilterForm, add_service_errors
from .models import Organization, OrganizationKind, OutsideUnit

# What may be added under each kind of unit.
CHILD_KIND = {
    OrganizationKind.COUNTY: OrganizationKind.TOWNSHIP,
    OrganizationKind.TOWNSHIP: OrganizationKind.VILLAGE,
    OrganizationKind.VILLAGE: OrganizationKind.PARTY_GROUP,
}


@dataclass
class Node:
    org: Organization
    counts: NodeCounts
    children: list["Node"] = field(default_factory=list)
    open: bool = False


def _build_tree(orgs: list[Organization], counts: dict[str, NodeCounts]) -> list[Node]:
    """Nest organizations by parent; units whose parent is not visible become roots."""
    nodes = {org.pk: Node(org, counts.get(org.code, NodeCounts())) for org in orgs}
    roots = []
    for org in orgs:
        parent = nodes.get(org.parent_id)
        (parent.children if parent else roots).append(nodes[org.pk])
    return roots


def _mark_matches(nodes: list[Node], text: str) -> list[Node]:
    """Keep nodes that match ``text`` or have a matching descendant; open the way to each match."""
    kept = []
    for node in nodes:
        node.children = _mark_matches(node.children, text)
        matches = text in node.org.name or text in node.org.code or text.lower() in node.org.name_en.lower()
        if matches or node.children:
            node.open = bool(node.children)
            kept.append(node)
    return kept


ORG_COLUMNS = [
    Column(gettext_lazy("类型"), lambda o: o.get_kind_display(), 10),
    Column(gettext_lazy("区划代码"), lambda o: o.code, 18),
    Column(gettext_lazy("名称"), lambda o: o.name, 24),
    Column(gettext_lazy("英文名称"), lambda o: o.name_en, 24),
    Column(gettext_lazy("上级代码"), lambda o: o.parent.code if o.parent else "", 18),
    Column(gettext_lazy("建组方式"), lambda o: o.get_basis_display(), 10),
    Column(gettext_lazy("行政村数"), lambda o: o.counts.villages, 10),
    Column(gettext_lazy("党小组数"), lambda o: o.counts.party_groups, 10),
    Column(gettext_lazy("党员数"), lambda o: o.counts.members, 10),
]


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    orgs = list(scope.filter(Organization.objects.select_related("parent"), "").order_by("code"))
    counts = subtree_counts(scope)
    if request.GET.get("format") == "xlsx":
        for org in orgs:
            org.counts = counts.get(org.code, NodeCounts())  # type: ignore[attr-defined]
        return xlsx_response(_("组织架构.xlsx"), _("组织架构"), ORG_COLUMNS, orgs)
    roots = _build_tree(orgs, counts)
    text = request.GET.get("q", "").strip()
    if text:
        roots = _mark_matches(roots, text)
    else:
        # Counties and townships open, villages closed: a county fits on one screen.
        for root in roots:
            root.open = True
            for child in root.children:
                child.open = root.org.kind == OrganizationKind.COUNTY and len(roots) == 1
    return render(request, "organizations/tree.html", {"roots": roots, "q": text, "total": len(orgs)})


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = get_scope(request)
    org = scope.organization_or_404(code)
    counts = subtree_counts(scope, within=org.code)
    children = [Node(child, counts.get(child.code, NodeCounts())) for child in org.children.order_by("code")]
    # Holders on a chosen day (?on=2010-06-30), so a campaign year can be looked back on.
    today = _day(request.GET.get("on", "")) or timezone.localdate()
    appointments = (
        Appointment.objects.on(today).filter(organization=org).select_related("person").order_by("post", "start")
    )
    units = OutsideUnit.objects.filter(home=org).order_by("kind", "name") if org.kind in CHILD_KIND else []
    child_kind = CHILD_KIND.get(OrganizationKind(org.kind))
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "counts": counts.get(org.code, NodeCounts()),
            "children": children,
            "appointments": appointments,
            "units": units,
            "today": today,
            "can_change": scope.can_change_code(org.code),
            "child_kind_label": OrganizationKind(child_kind).label if child_kind else "",
            "ancestors": _ancestors_in_scope(scope, org),
        },
    )


def _day(value: str):  # noqa: ANN202 - a date or None
    try:
        return parse_date(value.strip())
    except ValueError:  # well formed but impossible, e.g. 2010-02-30
        return None


def _ancestors_in_scope(scope, org: Organization) -> list[Organization]:  # noqa: ANN001
    codes = [org.code[:n] for n in (6, 9, 12) if n < len(org.code) and scope.can_see_code(org.code[:n])]
    return list(Organization.objects.filter(code__in=codes).order_by("code")) if codes else []


def _writable_or_404(request: HttpRequest, code: str) -> Organization:
    """Return the organization if the user may change it; otherwise it does not exist for them."""
    scope = get_scope(request)
    org = scope.organization_or_404(code)
    if not scope.can_change_code(org.code):
        raise Http404
    return org


@login_required
def child_create(request: HttpRequest, code: str) -> HttpResponse:
    parent = _writable_or_404(request, code)
    kind = CHILD_KIND.get(OrganizationKind(parent.kind))
    if kind is None:
        raise Http404
    form = OrganizationCreateForm(request.POST or None, kind=kind, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                org = _create(kind, parent, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            # Someone took the code between our check and the insert.
            form.add_error("code", _("代码“%(code)s”已被其他组织使用。") % {"code": data["code"]})
        else:
            messages.success(request, _("已添加“%(name)s”。") % {"name": org.name})
            return redirect("organizations:detail", code=org.code)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "parent": parent, "unit": parent, "title": _("添加%(kind)s") % {"kind": OrganizationKind(kind).label}},
    )


def _create(kind: str, parent: Organization, data: dict) -> Organization:
    common = {"name": data["name"], "name_en": data["name_en"]}
    if kind == OrganizationKind.TOWNSHIP:
        return services.township_create(county=parent, code=data["code"], **common)
    if kind == OrganizationKind.VILLAGE:
        return services.village_create(township=parent, code=data["code"], **common)
    return services.party_group_create(village=parent, code=data["code"], basis=data["basis"], **common)


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    org = _writable_or_404(request, code)
    form = OrganizationEditForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_update(
                organization=org, name=data["name"], name_en=data["name_en"], basis=data.get("basis", "")
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("organizations:detail", code=org.code)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "org": org, "unit": org, "title": _("修改%(name)s") % {"name": org.name}},
    )


UNIT_COLUMNS = [
    Column(gettext_lazy("类别"), lambda u: u.get_kind_display(), 14),
    Column(gettext_lazy("级别"), lambda u: u.get_level_display(), 10),
    Column(gettext_lazy("名称"), lambda u: u.name, 30),
    Column(gettext_lazy("英文名称"), lambda u: u.name_en, 30),
    Column(gettext_lazy("党组织名称"), lambda u: u.party_organization, 30),
    Column(gettext_lazy("所属地区"), lambda u: u.home.name, 16),
]


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    form = UnitFilterForm(request.GET or None)
    units = OutsideUnit.objects.filter(scope.org_q("home") | Q(pk__in=list(scope.unit_ids))).select_related("home")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            units = units.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["q"]:
            units = units.filter(name__icontains=form.cleaned_data["q"])
    units = units.order_by("home__code", "kind", "name")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("外部单位.xlsx"), _("外部单位"), UNIT_COLUMNS, units)
    return render(request, "organizations/unit_list.html", {"form": form, "units": units})

