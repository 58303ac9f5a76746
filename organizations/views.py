"""Pages of the organization tree (F-ORG) and outside units (F-UNIT), scoped to the viewer."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock
from common.http import AuthedRequest
from common.pages import add_service_errors
from common.params import day_param
from common.scope import Right
from common.sections import ORGANIZATION_DETAIL, sections_for
from common.xlsx import Column, xlsx_response

from . import services
from .forms import OrganizationCreateForm, OrganizationEditForm, UnitFilterForm
from .models import Organization, OrganizationKind, OutsideUnit
from .selectors import ancestors_in_scope, node_counts, organization_or_404, subtree_counts

# What may be added under each kind of unit.
CHILD_KIND = {
    OrganizationKind.COUNTY: OrganizationKind.TOWNSHIP,
    OrganizationKind.TOWNSHIP: OrganizationKind.VILLAGE,
    OrganizationKind.VILLAGE: OrganizationKind.PARTY_GROUP,
}


@dataclass
class Node:
    org: Organization
    counts: dict[str, int]
    children: list["Node"] = field(default_factory=list)
    open: bool = False


def _build_tree(orgs: list[Organization], counts: dict[str, defaultdict[str, int]]) -> list[Node]:
    """Nest organizations by parent; units whose parent is not visible become roots."""
    nodes: dict[int | None, Node] = {org.pk: Node(org, node_counts(counts, org.code)) for org in orgs}
    roots: list[Node] = []
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
    Column(gettext_lazy("行政村数"), lambda o: o.counts["villages"], 10),
    Column(gettext_lazy("党小组数"), lambda o: o.counts["party_groups"], 10),
    Column(gettext_lazy("党员数"), lambda o: o.counts["members"], 10),
]


@login_required
def tree(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    orgs = list(scope.filter(Organization.objects.select_related("parent"), "").order_by("code"))
    counts = subtree_counts(scope)
    if request.GET.get("format") == "xlsx":
        for org in orgs:
            org.counts = node_counts(counts, org.code)  # type: ignore[attr-defined]
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
def detail(request: AuthedRequest, code: str) -> HttpResponse:
    scope = request.scope
    org = organization_or_404(scope, code)
    counts = subtree_counts(scope, within=org.code)
    children = [Node(child, node_counts(counts, child.code)) for child in org.children.order_by("code")]
    # Holders on a chosen day (?on=2010-06-30), so a campaign year can be looked back on.
    today = day_param(request, clock.today())
    units = OutsideUnit.objects.filter(home=org).order_by("kind", "name") if org.kind in CHILD_KIND else []
    child_kind = CHILD_KIND.get(OrganizationKind(org.kind))
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "counts": node_counts(counts, org.code),
            "children": children,
            "sections": sections_for(ORGANIZATION_DETAIL, org, scope, today),
            "units": units,
            "today": today,
            "can_change": scope.may(Right.MANAGE, code=org.code),
            "child_kind_label": OrganizationKind(child_kind).label if child_kind else "",
            "ancestors": ancestors_in_scope(scope, org),
        },
    )


@login_required
def child_create(request: AuthedRequest, code: str) -> HttpResponse:
    parent = organization_or_404(request.scope, code, right=Right.MANAGE)
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
            form.add_error(
                "code",
                ValidationError(_("代码“%(code)s”已被其他组织使用。"), code="duplicate", params={"code": data["code"]}),
            )
        else:
            messages.success(request, _("已添加“%(name)s”。") % {"name": org.display_name})
            return redirect("organizations:detail", code=org.code)
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "parent": parent,
            "unit": parent,
            "title": _("添加%(kind)s") % {"kind": OrganizationKind(kind).label},
        },
    )


def _create(kind: str, parent: Organization, data: dict) -> Organization:
    common = {"name": data["name"], "name_en": data["name_en"]}
    if kind == OrganizationKind.TOWNSHIP:
        return services.township_create(county=parent, code=data["code"], **common)
    if kind == OrganizationKind.VILLAGE:
        return services.village_create(township=parent, code=data["code"], **common)
    return services.party_group_create(village=parent, code=data["code"], basis=data["basis"], **common)


@login_required
def edit(request: AuthedRequest, code: str) -> HttpResponse:
    org = organization_or_404(request.scope, code, right=Right.MANAGE)
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
        {"form": form, "org": org, "unit": org, "title": _("修改%(name)s") % {"name": org.display_name}},
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
def unit_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
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
