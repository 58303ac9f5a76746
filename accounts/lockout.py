"""Login lockout (django-axes): the page a locked client sees, and what the security administrator unlocks.

Axes counts failures per account and per client address (``AXES_LOCKOUT_PARAMETERS``); wrong
passwords and wrong two-factor codes both count. ``lockout_response`` is ``AXES_LOCKOUT_CALLABLE``.
"""

from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_minutes() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The login page, with how long the lock lasts and that an administrator can unlock it (HTTP 429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_minutes": lockout_minutes(), "next": request.GET.get("next", "")}
    return render(
        request, "accounts/login.html", context, status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    )  # axes.conf sets it


def is_locked(request: HttpRequest, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count a failed sign-in step (a wrong code) like a wrong password; return True if it locked the client."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


@dataclass(frozen=True)
class Lock:
    value: str  # the username or the address
    failures: int
    last_attempt: Any
    until: Any
    known_user: bool = False


def current_locks() -> tuple[list[Lock], list[Lock]]:
    """The accounts and the client addresses locked now, each with its failures and when the lock ends."""
    cool_off = get_cool_off()
    limit = get_failure_limit(None, None)
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)

    def locks(field: str) -> list[Lock]:
        rows = (
            attempts.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        return [
            Lock(row[field], row["failures"], row["last"], row["last"] + cool_off if cool_off else None) for row in rows
        ]

    accounts = locks("username")
    known = set(
        get_user_model()
        .objects.filter(username__in=[lock.value for lock in accounts])
        .values_list("username", flat=True)
    )
    accounts = [Lock(a.value, a.failures, a.last_attempt, a.until, a.value in known) for a in accounts]
    return accounts, locks("ip_address")
