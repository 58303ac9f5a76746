"""Pages for M2: landing, standards, periods, ranking and the cadre view (assessments: ``assessment_views``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import AuthedRequest
from common.params import campaign_of
from common.scope import Scope
from common.sections import CADRE_VIEW, columns_for
from common.xlsx import Column, xlsx_response
from organizations.models import Organization
from organizations.selectors import county_administered

from . import exports, selectors, services
from .forms import BandsForm, DimensionForm, ItemForm, PeriodForm, StandardEditForm, StandardForm
from .models import AssessmentPeriod, Item, Standard, StandardCode, Status


def refuse(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def chosen_period(request: AuthedRequest, scope: Scope) -> AssessmentPeriod | None:
    periods = selectors.periods_visible(scope)
    value = request.GET.get("period", "")
    if value.isdigit():
        period = periods.filter(pk=int(value)).first()
        if period is None:
            raise Http404
        return period
    # Without a choice, the campaign calendar's year (the current period, or the year picked in the navigation).
    year = campaign_of(request).year
    return periods.order_by("-start").filter(year=year).first() or periods.order_by("-year", "-start").first()


def chosen_standard_code(request: AuthedRequest) -> str:
    value = request.GET.get("standard", "")
    return value if value in StandardCode.values else StandardCode.FIVE_GOOD


# -- landing ---------------------------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    period = chosen_period(request, scope)
    counts: dict[tuple[str, str], int] = {}
    if period is not None:
        rows = (
            selectors.assessments_visible(scope)  # type: ignore[misc]  # 'status' is with_status()'s annotation; the plugin resolves columns only
            .filter(period=period)
            .with_status()
            .values("standard__code", "status")
            .annotate(n=Count("id"))
        )
        counts = {(r["standard__code"], r["status"]): r["n"] for r in rows}
    table = [
        (StandardCode(code).label, [counts.get((code, s.value), 0) for s in Status]) for code in StandardCode.values
    ]
    return render(
        request,
        "evaluation/home.html",
        {
            "period": period,
            "periods": selectors.periods_visible(scope),
            "statuses": Status.choices,
            "table": table,
        },
    )


# -- standards -------------------------------------------------------------------


@login_required
def standard_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    standards = selectors.standards_visible(scope).annotate(item_count=Count("dimensions__items"))
    county = county_administered(scope)
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        return xlsx_response(_("考评标准.xlsx"), _("考评标准"), exports.STANDARD_COLUMNS, standards)
    form = StandardForm(request.POST or None)
    if request.method == "POST":
        if county is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                standard = services.standard_create(
                    county=Organization.objects.get(code=county),
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    total_points=form.cleaned_data["total_points"],
                )
            except ValidationError as exc:
                refuse(request, exc)
            else:
                messages.success(request, _("已创建草稿，请添加维度和细则后启用。"))
                return redirect("evaluation:standard_detail", pk=standard.pk)
    return render(
        request, "evaluation/standard_list.html", {"standards": standards, "form": form, "can_edit": county is not None}
    )


def _standard_or_404(scope: Scope, pk: int) -> Standard:
    standard = selectors.standards_visible(scope).filter(pk=pk).first()
    if standard is None:
        raise Http404
    return standard


@login_required
def standard_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    standard = _standard_or_404(scope, pk)
    dimensions = standard.dimensions.prefetch_related(Prefetch("items", queryset=Item.objects.order_by("order")))
    can_admin = selectors.can_start(scope, standard.county.code)
    frozen = services.standard_is_frozen(standard)
    editable = can_admin and standard.status == "draft" and not frozen
    return render(
        request,
        "evaluation/standard_detail.html",
        {
            "standard": standard,
            "dimensions": dimensions,
            "bands": standard.bands.order_by("-minimum"),
            "points_sum": services.standard_points_sum(standard),
            "can_admin": can_admin,
            "editable": editable,
            "frozen": frozen,
            "edit_form": StandardEditForm(
                initial={
                    "name": standard.name,
                    "total_points": standard.total_points,
                    "effective_from": standard.effective_from,
                }
            ),
            "dimension_form": DimensionForm(),
            "item_form": ItemForm(standard=standard),
            "bands_form": BandsForm(bands=standard.bands.all()),
            "versions": Standard.objects.filter(county=standard.county, code=standard.code).order_by("-version"),
        },
    )


@login_required
@require_POST
def standard_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Edit a draft (update, dimension, item, item_delete, bands), activate it, or start a new version."""
    scope = request.scope
    standard = _standard_or_404(scope, pk)
    if not selectors.can_start(scope, standard.county.code):
        raise PermissionDenied
    target = standard
    form: BaseForm
    try:
        if action == "update":
            form = StandardEditForm(request.POST)
            if form.is_valid():
                services.standard_update(standard=standard, **form.cleaned_data)
                messages.success(request, _("已保存。"))
        elif action == "dimension":
            form = DimensionForm(request.POST)
            if form.is_valid():
                services.dimension_add(standard=standard, name=form.cleaned_data["name"])
                messages.success(request, _("已添加维度。"))
        elif action == "item":
            form = ItemForm(request.POST, standard=standard)
            if form.is_valid():
                data = form.cleaned_data
                services.item_add(
                    dimension=data["dimension"],
                    title=data["title"],
                    points=data["points"],
                    guidance=data["guidance"],
                    evidence_wanted=data["evidence_wanted"],
                )
                messages.success(request, _("已添加细则。"))
        elif action == "item_delete":
            item = Item.objects.filter(dimension__standard=standard, pk=request.POST.get("item", "0") or 0).first()
            if item is None:
                raise Http404
            services.item_delete(item=item)
            messages.success(request, _("已删除细则。"))
        elif action == "bands":
            form = BandsForm(request.POST)
            if form.is_valid():
                services.grade_bands_set(standard=standard, minimums=form.cleaned_data)
                messages.success(request, _("已保存等次分数线。"))
        elif action == "activate":
            services.standard_activate(standard=standard)
            messages.success(request, _("已启用该标准版本。"))
        elif action == "new_version":
            target = services.standard_new_version(standard=standard)
            messages.success(request, _("已创建新版本草稿。"))
        else:
            raise Http404
        if action in {"update", "dimension", "item", "bands"} and not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))  # the stubs type ErrorList items loosely
    except ValidationError as exc:
        refuse(request, exc)
    return redirect("evaluation:standard_detail", pk=target.pk)


# -- periods ---------------------------------------------------------------------


@login_required
def period_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    county = county_administered(scope)
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("考评周期.xlsx"), _("考评周期"), exports.PERIOD_COLUMNS, selectors.periods_visible(scope)
        )
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if county is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.period_create(county=Organization.objects.get(code=county), **form.cleaned_data)
            except ValidationError as exc:
                refuse(request, exc)
            else:
                messages.success(request, _("已创建考评周期。"))
                return redirect("evaluation:periods")
    return render(
        request,
        "evaluation/period_list.html",
        {"periods": selectors.periods_visible(scope), "form": form, "can_edit": county is not None},
    )


# -- results ---------------------------------------------------------------------


@login_required
def ranking(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    period = chosen_period(request, scope)
    code = chosen_standard_code(request)
    township = request.GET.get("township", "")
    rows = selectors.ranking(scope, period, code, township) if period else []
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("县内排名"), lambda r: r.county_rank, 10),
            Column(_("乡镇内排名"), lambda r: r.township_rank, 10),
            Column(_("乡镇"), lambda r: r.assessment.organization.parent.display_name),
            Column(_("村"), lambda r: r.assessment.organization.name),
            Column(_("党员"), lambda r: r.assessment.person.name if r.assessment.person_id else ""),
            Column(_("总分"), lambda r: r.total, 10),
            Column(_("等次"), lambda r: r.grade_label, 10),
        ]
        return xlsx_response(f"ranking-{code}.xlsx", _("考评排名"), columns, rows)
    townships = Organization.objects.townships().filter(scope.org_q()).order_by("code")
    return render(
        request,
        "evaluation/ranking.html",
        {
            "period": period,
            "periods": selectors.periods_visible(scope),
            "code": code,
            "codes": StandardCode.choices,
            "township": township,
            "townships": townships,
            "rows": rows,
            "distribution": selectors.distribution(rows),
        },
    )


@login_required
def cadres(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    period = chosen_period(request, scope)
    rows = selectors.cadre_rows(scope, period) if period else []
    if request.GET.get("format") == "xlsx":
        columns = exports.cadre_columns(columns_for(CADRE_VIEW))
        return xlsx_response(_("干部实绩.xlsx"), _("干部实绩"), columns, rows)
    return render(
        request,
        "evaluation/cadres.html",
        {
            "period": period,
            "periods": selectors.periods_visible(scope),
            "rows": rows,
            "columns": columns_for(CADRE_VIEW),
        },
    )
