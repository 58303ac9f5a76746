"""Pages for notices (通知): send one, the sender's list with read receipts, a recipient opening it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common import clock
from common.http import AuthedRequest
from common.pages import apply_service, paginate
from common.scope import Right
from common.xlsx import xlsx_response
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where

from . import exports, selectors, services
from .forms import NoticeForm


@login_required
def notice_list(request: AuthedRequest) -> HttpResponse:
    sent = selectors.notices_sent_visible_to(request.scope)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("通知.xlsx"), _("通知"), exports.NOTICE_COLUMNS, sent)
    return render(
        request,
        "branch_life/notice_list.html",
        {
            "page_obj": paginate(request, sent),
            "received": selectors.notices_received(request.user)[:50],
            "today": clock.today(),
            "can_send": _origins(request).exists(),
        },
    )


def _origins(request: AuthedRequest):  # type: ignore[no-untyped-def]
    return organizations_where(request.scope, Right.MANAGE, [OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP])


@login_required
def notice_create(request: AuthedRequest) -> HttpResponse:
    origins = _origins(request).order_by("code")
    if not origins.exists():
        raise Http404
    targets = Organization.objects.filter(request.scope.right_q(Right.MANAGE)).exclude(
        ~Q(kind__in=[OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE])
    )
    form = NoticeForm(
        request.POST or None,
        querysets={"origin": origins, "target": targets},
        initial={"origin": origins.first(), "target": origins.first(), "deadline": clock.today()},
    )
    if request.method == "POST" and apply_service(form, lambda d: services.notice_send(**d, sender=request.user)):
        messages.success(request, _("通知已发送。"))
        return redirect("branch_life:notices")
    return render(
        request, "branch_life/form.html", {"form": form, "title": _("发送通知"), "back": "branch_life:notices"}
    )


@login_required
def notice_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    notice, sender_side = selectors.notice_for(request.scope, request.user, pk)
    mine = services.notice_open(notice=notice, user=request.user)
    receipts = notice.receipts.select_related("user").order_by("read_at", "user__username") if sender_side else None
    return render(
        request,
        "branch_life/notice_detail.html",
        {"notice": notice, "mine": mine, "receipts": receipts, "today": clock.today()},
    )
