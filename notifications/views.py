"""The user's own notifications: unread first, mark one or all read; the navigation's unread count.

Only the user's own: another user's notification answers 404, as anything outside one's scope.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.http import AuthedRequest, fragment_of

from . import services
from .models import Notification

PAGE_SIZE = 50


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user)
    unread = list(mine.unread().order_by("-created_at", "-id")[:200])
    read = Paginator(mine.filter(read_at__isnull=False).order_by("-read_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"unread": unread, "page_obj": read})


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@login_required
@fragment_of(lambda request: reverse("notifications:list"))
def notification_badge(request: AuthedRequest) -> HttpResponse:
    count = Notification.objects.filter(user=request.user).unread().count()
    return render(request, "notifications/badge.html", {"count": count})
