"""Events recorded from signals: sign-in, failed sign-in, sign-out (Django), lockouts (django-axes), and
what a superuser does in the Django admin (its ``LogEntry`` rows, connected by a lazy sender name).

The accounts app records its administrators' and users' own actions through ``security.services``; the
signals here are for what happens outside its services.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from .models import Kind, Outcome
from .services import record, user_named

# ``accounts.lockout.record_failure`` sends the failed-sign-in signal for a wrong two-factor code with this sender.
CODE_FAILURE_SENDER = "accounts.lockout"


@receiver(user_logged_in, dispatch_uid="security_log_logged_in")
def logged_in(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    record(Kind.LOGIN_SUCCEEDED, target=user.get_username(), detail={"factor": "password"}, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security_log_login_failed")
def login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: object
) -> None:
    username = str((credentials or {}).get("username") or "")
    factor = "two_factor" if sender == CODE_FAILURE_SENDER else "password"
    record(
        Kind.LOGIN_FAILED,
        outcome=Outcome.FAILURE,
        target=username,
        detail={"factor": factor},
        request=request,
        user=user_named(username),
        username=username,
    )


@receiver(user_logged_out, dispatch_uid="security_log_logged_out")
def logged_out(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    if user is not None:
        record(Kind.LOGOUT, target=user.get_username(), request=request, user=user)


@receiver(user_locked_out, dispatch_uid="security_log_locked_out")
def locked_out(
    sender: object,
    request: HttpRequest | None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: object,
) -> None:
    name = str(username or "")
    record(
        Kind.LOCKOUT,
        outcome=Outcome.REFUSED,
        target=" / ".join(part for part in (name, str(ip_address or "")) if part),
        request=request,
        user=user_named(name),
        username=name,
    )


_ADMIN_ACTIONS = {1: "added", 2: "changed", 3: "deleted"}


@receiver(post_save, sender="admin.LogEntry", dispatch_uid="security_log_admin_action")
def admin_action(sender: object, instance: Any, created: bool, **kwargs: object) -> None:
    """A superuser added, changed or deleted something in the Django admin (break-glass)."""
    if not created:
        return
    with translation.override(None):  # Django's own words, untranslated: the log keeps one language of record
        change = instance.get_change_message()
    content_type = instance.content_type
    model = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    record(
        Kind.ADMIN_ACTION,
        target=f"{model} {instance.object_id}: {instance.object_repr}".strip(),
        detail={"change": f"{_ADMIN_ACTIONS.get(instance.action_flag, instance.action_flag)}: {change}"[:500]},
        user=instance.user,
    )
