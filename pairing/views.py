"""Pages for A1/A2: pairings and what they delivered, postings, and the outcomes summary."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.params import campaign_of
from common.punctuation import colon
from common.scope import Right
from common.xlsx import Column, xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import area_choices, organizations_where

from . import selectors, services
from .forms import (
    ActivityForm,
    BatchForm,
    ContributionForm,
    EndForm,
    OutcomeFilterForm,
    OutcomeForm,
    PairingFilterForm,
    PairingForm,
    PostingFilterForm,
    PostingForm,
    VillagePickForm,
)
from .models import ACTIVITY_KINDS, Pairing, Posting, Status


def _village_label(village: Organization) -> str:
    return (
        f"{village.parent.display_name} {village.display_name}" if village.parent is not None else village.display_name
    )


# -- pairings ----------------------------------------------------------------------

PAIRING_COLUMNS = [
    Column(gettext_lazy("结对类型"), lambda p: p.get_kind_display(), 16),
    Column(gettext_lazy("城市一方"), lambda p: p.urban_side, 24),
    Column(gettext_lazy("乡镇"), lambda p: p.village.parent.display_name, 12),
    Column(gettext_lazy("结对村"), lambda p: p.village.name, 12),
    Column(gettext_lazy("村代码"), lambda p: p.village.code, 14),
    Column(gettext_lazy("农村一方"), lambda p: p.rural_side, 20),
    Column(gettext_lazy("开始日期"), lambda p: p.start, 12),
    Column(gettext_lazy("结束日期"), lambda p: p.end, 12),
    Column(gettext_lazy("状态"), lambda p: p.status_label, 8),
]


@login_required
def pairing_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = PairingFilterForm(request.GET or None, areas=area_choices(scope))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    on = filters.pop("on", None) or campaign_of(request).day
    pairings = selectors.pairings_visible_to(scope, on=on, **filters)

    def with_status(rows):
        for p in rows:
            p.status = p.status_on(on)
            p.status_label = Status(p.status).label
            yield p

    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("结对.xlsx"), _("结对"), PAIRING_COLUMNS, with_status(pairings))
    page = paginate(request, pairings)
    page.object_list = list(with_status(page.object_list))
    can_add = scope.is_admin and organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE]).exists()
    return render(request, "pairing/pairing_list.html", {"form": form, "page_obj": page, "on": on, "can_add": can_add})


@login_required
def pairing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    pairing = selectors.pairing_detail(scope, pk)
    today = campaign_of(request).day
    return render(
        request,
        "pairing/pairing_detail.html",
        {
            "pairing": pairing,
            "status": Status(pairing.status_on(today)),
            "can_record": scope.may(Right.RECORD_DELIVERY, code=pairing.village.code, unit_id=pairing.unit_id),
            "can_edit": scope.may(Right.MANAGE, code=pairing.village.code),
            "has_activities": pairing.kind in ACTIVITY_KINDS,
            "totals": [t for t in selectors.outcome_totals(pairing.outcomes.all()) if t.count],
        },
    )


@login_required
def pairing_create(request: AuthedRequest) -> HttpResponse:
    """Two steps: pick the village, then the sides; people and households are offered from that village."""
    scope = request.scope
    villages = organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE]).select_related("parent")
    if not scope.is_admin or not villages.exists():
        raise Http404
    picker = VillagePickForm(request.GET or None, villages=villages)
    if not picker.is_valid():
        return render(request, "pairing/form.html", {"form": picker, "title": _("新建结对"), "method": "get"})
    village = picker.cleaned_data["village"]
    form = PairingForm(request.POST or None, **selectors.pairing_choices(village))
    created: list[Pairing] = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(services.pairing_create(village=village, **d))
    ):
        messages.success(request, _("结对已建立。"))
        return redirect("pairing:detail", pk=created[0].pk)
    return render(
        request,
        "pairing/form.html",
        {"form": form, "title": _("新建结对：%(village)s") % {"village": _village_label(village)}},
    )


def _pairing_for_editor(request: AuthedRequest, pk: int) -> Pairing:
    scope = request.scope
    pairing = selectors.pairing_or_404(scope, Pairing.objects.select_related("village__parent", "unit"), pk)
    if not scope.may(Right.MANAGE, code=pairing.village.code):
        raise Http404
    return pairing


def _pairing_for_recorder(request: AuthedRequest, pk: int) -> Pairing:
    scope = request.scope
    pairing = selectors.pairing_or_404(scope, Pairing.objects.select_related("village__parent", "unit"), pk)
    if not scope.may(Right.RECORD_DELIVERY, code=pairing.village.code, unit_id=pairing.unit_id):
        raise Http404
    return pairing


@login_required
def pairing_end(request: AuthedRequest, pk: int) -> HttpResponse:
    pairing = _pairing_for_editor(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and apply_service(form, lambda d: services.pairing_end(pairing=pairing, **d)):
        messages.success(request, _("结对已结束。"))
        return redirect("pairing:detail", pk=pairing.pk)
    return render(
        request, "pairing/form.html", {"form": form, "title": _("结束结对：%s") % pairing, "pairing": pairing}
    )


def _record(
    request: AuthedRequest, pk: int, form_class: type[Form], service: Callable, title: str, done: str
) -> HttpResponse:
    pairing = _pairing_for_recorder(request, pk)
    if service is services.activity_add and pairing.kind not in ACTIVITY_KINDS:
        raise Http404
    form = form_class(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and apply_service(
        form, lambda d: service(pairing=pairing, recorded_by=request.user, **d)
    ):
        messages.success(request, done)
        return redirect("pairing:detail", pk=pairing.pk)
    return render(
        request, "pairing/form.html", {"form": form, "title": f"{title}{colon()}{pairing}", "pairing": pairing}
    )


@login_required
def contribution_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record(request, pk, ContributionForm, services.contribution_add, _("记录帮扶实效"), _("帮扶实效已记录。"))


@login_required
def activity_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record(request, pk, ActivityForm, services.activity_add, _("记录共建活动"), _("共建活动已记录。"))


@login_required
def outcome_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record(request, pk, OutcomeForm, services.outcome_add, _("记录共建成果"), _("共建成果已记录。"))


# -- postings ----------------------------------------------------------------------

POSTING_COLUMNS = [
    Column(gettext_lazy("批次"), lambda p: p.batch.number, 8),
    Column(gettext_lazy("干部"), lambda p: p.cadre.person.name, 12),
    Column(gettext_lazy("所在机关"), lambda p: p.cadre.unit.name if p.cadre.unit_id else p.cadre.organization.name, 20),
    Column(gettext_lazy("职务"), lambda p: p.cadre.position, 14),
    Column(gettext_lazy("乡镇"), lambda p: p.village.parent.display_name, 12),
    Column(gettext_lazy("挂职村"), lambda p: p.village.name, 12),
    Column(gettext_lazy("村代码"), lambda p: p.village.code, 14),
    Column(gettext_lazy("开始日期"), lambda p: p.start, 12),
    Column(gettext_lazy("结束日期"), lambda p: p.end, 12),
    Column(gettext_lazy("职责"), lambda p: p.duties, 30),
]


@login_required
def posting_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    batches = selectors.batches_visible_to(scope)
    form = PostingFilterForm(request.GET or None, batches=batches, areas=area_choices(scope))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    today = campaign_of(request).day
    postings = selectors.postings_visible_to(scope, on=today, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("挂职帮扶.xlsx"), _("挂职帮扶"), POSTING_COLUMNS, postings)
    page = paginate(request, postings)
    for p in page.object_list:
        p.status_label = Status(p.status_on(today)).label
    can_add = organizations_where(scope, Right.CONFIGURE, [OrganizationKind.COUNTY]).exists()
    return render(
        request,
        "pairing/posting_list.html",
        {"form": form, "page_obj": page, "batches": batches.order_by("county__code", "number"), "can_add": can_add},
    )


@login_required
def batch_create(request: AuthedRequest) -> HttpResponse:
    counties = organizations_where(request.scope, Right.CONFIGURE, [OrganizationKind.COUNTY])
    if not counties.exists():
        raise Http404
    form = BatchForm(request.POST or None, counties=counties, initial={"county": counties.first()})
    if request.method == "POST" and apply_service(form, lambda d: services.posting_batch_create(**d)):
        messages.success(request, _("挂职批次已建立。"))
        return redirect("pairing:posting_list")
    return render(request, "pairing/form.html", {"form": form, "title": _("新建挂职批次")})


@login_required
def posting_create(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    counties = organizations_where(scope, Right.CONFIGURE, [OrganizationKind.COUNTY])
    if not counties.exists():
        raise Http404
    form = PostingForm(request.POST or None, **selectors.posting_choices(scope, counties))
    if request.method == "POST" and apply_service(form, lambda d: services.posting_create(**d)):
        messages.success(request, _("挂职已登记。"))
        return redirect("pairing:posting_list")
    return render(request, "pairing/form.html", {"form": form, "title": _("登记挂职干部")})


@login_required
def posting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    posting = selectors.posting_detail(scope, pk)
    return render(
        request,
        "pairing/posting_detail.html",
        {
            "posting": posting,
            "status": Status(posting.status_on(campaign_of(request).day)),
            "can_record": scope.may(Right.MANAGE, code=posting.village.code),
        },
    )


@login_required
def posting_contribution_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    posting = scope.object_or_404(Posting.objects.select_related("batch", "cadre__person", "village"), "village", pk=pk)
    if not scope.may(Right.MANAGE, code=posting.village.code):
        raise Http404
    form = ContributionForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and apply_service(
        form, lambda d: services.contribution_add(posting=posting, recorded_by=request.user, **d)
    ):
        messages.success(request, _("帮扶实效已记录。"))
        return redirect("pairing:posting_detail", pk=posting.pk)
    return render(request, "pairing/form.html", {"form": form, "title": _("记录帮扶实效：%s") % posting})


# -- outcomes ----------------------------------------------------------------------

OUTCOME_COLUMNS = [
    Column(gettext_lazy("日期"), lambda o: o.date, 12),
    Column(gettext_lazy("成果类型"), lambda o: o.get_type_display(), 12),
    Column(gettext_lazy("名称"), lambda o: o.title, 30),
    Column(gettext_lazy("数额"), lambda o: o.amount, 14),
    Column(gettext_lazy("单位"), lambda o: o.unit_label, 8),
    Column(gettext_lazy("结对单位"), lambda o: o.pairing.urban_side, 24),
    Column(gettext_lazy("乡镇"), lambda o: o.pairing.village.parent.display_name, 12),
    Column(gettext_lazy("结对村"), lambda o: o.pairing.village.name, 12),
]


@login_required
def outcome_summary(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    form = OutcomeFilterForm(request.GET or None, areas=area_choices(scope))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    outcomes = selectors.outcomes_visible_to(scope, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("共建成果.xlsx"), _("共建成果"), OUTCOME_COLUMNS, outcomes)
    return render(
        request,
        "pairing/outcome_summary.html",
        {"form": form, "totals": selectors.outcome_totals(outcomes), "page_obj": paginate(request, outcomes)},
    )
