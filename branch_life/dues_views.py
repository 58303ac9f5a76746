"""Pages for party dues: the members' dues of a year, payments, rates, arrears reasons, a member's statement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.params import year_param
from common.xlsx import xlsx_response
from people.models import Person

from . import exports, selectors, services
from .forms import PaymentForm, RateForm, ReasonForm


def _members(request: AuthedRequest):  # type: ignore[no-untyped-def]
    villages = selectors.writable_villages(request.scope)
    if not villages.exists():
        raise Http404
    return Person.objects.filter(membership__branch__in=villages).order_by("name")


@login_required
def dues_list(request: AuthedRequest) -> HttpResponse:
    year = year_param(request)
    today = clock.today()
    branch = request.GET.get("branch", "")
    if request.GET.get("format") == "xlsx":
        rows = selectors.dues_rows(request.scope, year, branch=branch, on=today)
        return xlsx_response(_("党费收缴.xlsx"), _("党费收缴"), exports.dues_columns(today), rows)
    page = paginate(request, selectors.dues_members(request.scope, branch=branch))
    page.object_list = list(page.object_list)
    selectors.with_dues(page.object_list, year, today)
    for m in page.object_list:
        m.unpaid = selectors.months_unpaid(m.last_paid, m.joined_on, today)
    return render(
        request,
        "branch_life/dues_list.html",
        {"page_obj": page, "year": year, "can_add": selectors.writable_villages(request.scope).exists()},
    )


def _form(request: AuthedRequest, form, title: str, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    if request.method == "POST" and apply_service(form, action):
        messages.success(request, done)
        return redirect("branch_life:dues")
    return render(request, "branch_life/form.html", {"form": form, "title": title, "back": "branch_life:dues"})


@login_required
def payment_create(request: AuthedRequest) -> HttpResponse:
    today = clock.today()
    form = PaymentForm(
        request.POST or None,
        querysets={"member": _members(request)},
        initial={"month": today.replace(day=1), "paid_on": today},
    )
    return _form(
        request,
        form,
        _("登记党费"),
        lambda d: services.dues_pay(member=d["member"], month=d["month"], amount=d["amount"], paid_on=d["paid_on"]),
        _("党费已登记。"),
    )


@login_required
def rate_set(request: AuthedRequest) -> HttpResponse:
    form = RateForm(
        request.POST or None, querysets={"member": _members(request)}, initial={"since": clock.today().replace(day=1)}
    )
    return _form(request, form, _("核定党费基数"), lambda d: services.dues_rate_set(**d), _("党费基数已核定。"))


@login_required
def reason_record(request: AuthedRequest) -> HttpResponse:
    form = ReasonForm(request.POST or None, querysets={"member": _members(request)})
    return _form(request, form, _("登记欠缴原因"), lambda d: services.arrears_reason_record(**d), _("欠缴原因已登记。"))


@login_required
def statement(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member's yearly dues statement (page and Excel): their own, or any in the viewer's scope."""
    membership = selectors.member_for_statement(request.scope, pk)
    year = year_param(request)
    st = selectors.statement(membership, year)
    if request.GET.get("format") == "xlsx":
        title = _("%(year)s年党费交纳明细") % {"year": year}
        return xlsx_response(f"{title}.xlsx", title, exports.STATEMENT_COLUMNS, st.months)
    return render(request, "branch_life/statement.html", {"st": st, "year": year})
