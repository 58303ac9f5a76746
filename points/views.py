"""Pages for points (积分): balances and ranking, a member's own entries, the county's rules, love supermarkets.

Every row is read through ``selectors`` with the viewer's scope: outside it answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where

from . import exports, selectors, services
from .forms import RedeemForm, ReverseForm, RulesForm, StockForm
from .models import PointEntry, PointRule


@login_required
def balances(request: AuthedRequest) -> HttpResponse:
    """Balances and ranking of the holders in the admin's scope (a village, a township, the county)."""
    scope = request.scope
    if not scope.may_anywhere(Right.MANAGE):
        if scope.person_ids:
            return redirect("points:mine")
        raise Http404
    village = request.GET.get("village", "")
    rows = selectors.balances(scope, village=village)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("积分排名.xlsx"), _("积分排名"), exports.BALANCE_COLUMNS, selectors.with_places(rows))
    page_obj = paginate(request, rows)
    page_obj.object_list = selectors.with_places(page_obj.object_list)
    villages = scope.filter(Organization.objects.filter(kind=OrganizationKind.VILLAGE), "").order_by("code")
    return render(
        request,
        "points/balances.html",
        {
            "page_obj": page_obj,
            "village": village,
            "villages": villages.select_related("parent"),
            "can_configure": scope.may_anywhere(Right.CONFIGURE),
        },
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """A member's own balance and entries."""
    person_ids = request.scope.person_ids
    if not person_ids:
        raise Http404
    entries = selectors.entries_of(person_ids)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("我的积分.xlsx"), _("我的积分"), exports.ENTRY_COLUMNS, entries)
    total = PointEntry.objects.filter(holder_id__in=person_ids).aggregate(s=Sum("points"))["s"] or 0
    return render(request, "points/mine.html", {"page_obj": paginate(request, entries), "balance": total})


@login_required
def rules_page(request: AuthedRequest) -> HttpResponse:
    """The county admin's rule table: points per fact and monthly cap; saving it re-derives the ledger."""
    county = organizations_where(request.scope, Right.CONFIGURE, [OrganizationKind.COUNTY]).order_by("code").first()
    if county is None:
        raise Http404
    rules = {r.fact: r for r in PointRule.objects.filter(county=county)}
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("积分规则.xlsx"), _("积分规则"), exports.RULE_COLUMNS, list(rules.values()))
    form = RulesForm(request.POST if "rules" in request.POST else None, rules=rules)
    if request.method == "POST" and "sync" in request.POST:
        booked, reversed_ = services.points_sync(county=county)
        messages.success(
            request,
            _("已按记录结算：新增%(booked)s笔，冲正%(reversed)s笔。") % {"booked": booked, "reversed": reversed_},
        )
        return redirect("points:rules")

    def save(_d: dict) -> None:
        for fact, points, cap in form.rules():
            services.rule_set(county=county, fact=fact, points=points, monthly_cap=cap)
        services.points_sync(county=county)

    if request.method == "POST" and "rules" in request.POST and apply_service(form, save):
        messages.success(request, _("积分规则已保存，积分已按记录重新结算。"))
        return redirect("points:rules")
    return render(request, "points/rules.html", {"county": county, "form": form, "rules": rules})


@login_required
def supermarkets(request: AuthedRequest) -> HttpResponse:
    rows = selectors.supermarkets(request.scope)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("爱心超市.xlsx"), _("爱心超市"), exports.SUPERMARKET_COLUMNS, rows)
    return render(request, "points/supermarkets.html", {"page_obj": paginate(request, rows)})


@login_required
def supermarket_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A love supermarket's stock, and for its admin: shelving, redemption and its corrections."""
    facility = selectors.supermarket(request.scope, pk)
    stock = selectors.stock_of(facility)
    what = request.GET.get("format")
    if what == "xlsx":
        return xlsx_response(_("超市库存.xlsx"), _("超市库存"), exports.STOCK_COLUMNS, stock)
    redemptions = selectors.redemptions_at(facility)
    if what == "redemptions":
        return xlsx_response(_("积分兑换.xlsx"), _("积分兑换"), exports.ENTRY_COLUMNS, redemptions)
    may_run = selectors.may_run(request.scope, facility)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not may_run:
        raise Http404
    stock_form = StockForm(request.POST if action == "stock" else None, prefix="stock")
    redeem_form = RedeemForm(
        request.POST if action == "redeem" else None,
        holders=selectors.holders_for(facility),
        items=stock,
        prefix="redeem",
    )
    reverse_form = ReverseForm(request.POST if action == "reverse" else None, prefix="reverse")
    if action == "stock" and apply_service(stock_form, lambda d: services.stock_set(supermarket=facility, **d)):
        messages.success(request, _("库存已保存。"))
        return redirect("points:supermarket", pk=facility.pk)
    if action == "redeem" and apply_service(redeem_form, lambda d: services.redeem(actor=request.user, **d)):
        messages.success(request, _("兑换已登记。"))
        return redirect("points:supermarket", pk=facility.pk)
    if action == "reverse" and apply_service(
        reverse_form,
        lambda d: services.redemption_reverse(
            entry=redemptions.filter(pk=d["entry"]).first() or _missing(), note=d["note"], actor=request.user
        ),
    ):
        messages.success(request, _("兑换已冲正。"))
        return redirect("points:supermarket", pk=facility.pk)
    return render(
        request,
        "points/supermarket.html",
        {
            "facility": facility,
            "stock": stock,
            "page_obj": paginate(request, redemptions),
            "may_run": may_run,
            "stock_form": stock_form,
            "redeem_form": redeem_form,
            "reverse_form": reverse_form,
        },
    )


def _missing() -> PointEntry:
    raise Http404
