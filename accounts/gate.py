"""What a signed-in user must do before anything else: enter their code, change their password, set up two-factor.

``AccountGateMiddleware`` asks ``pending_step`` on every request and allows only that step's
page, logging out and the language switch until it is done. The facts it needs are read once
at login and kept in the session, so a page costs no extra query: a password set by someone
else ends the user's sessions anyway (Django's session hash), and the pages here refresh
the facts when the user changes them.
"""

import datetime as dt
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from .models import PasswordState
from .passwords import demo_accounts_on, expires_at
from .scope import get_scope
from .two_factor import is_verified, requires_two_factor, usable_devices

VERIFY = "accounts:otp_verify"
CHANGE_PASSWORD = "accounts:password_change"  # noqa: S105 - a URL name
SET_UP = "accounts:otp_setup"

SESSION_DEVICE = "xianfeng_has_device"
SESSION_PASSWORD = "xianfeng_password"  # noqa: S105 - a session key


class PasswordReason(StrEnum):
    CHOSEN_BY_OTHERS = "chosen_by_others"  # first login, or an administrator set or reset it
    EXPIRED = "expired"


def remember(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> None:
    """Read what the gate needs about ``user`` into the session (at login, and after the user changes it)."""
    request.session[SESSION_DEVICE] = usable_devices(user).exists()
    state = PasswordState.objects.filter(user_id=user.pk).first() if user.pk is not None else None
    request.session[SESSION_PASSWORD] = {
        # No state: the password predates these rules, so it is treated as chosen by someone else.
        "must_change": state.must_change if state else True,
        "changed_at": state.changed_at.isoformat() if state and state.changed_at else None,
        "is_demo": state.is_demo if state else False,
    }


def _facts(request: HttpRequest) -> tuple[bool, dict]:
    if SESSION_DEVICE not in request.session or SESSION_PASSWORD not in request.session:
        remember(request, request.user)
    return request.session[SESSION_DEVICE], request.session[SESSION_PASSWORD]


def password_reason(request: HttpRequest) -> PasswordReason | None:
    """Why the signed-in user must change their password now, if they must."""
    _has_device, facts = _facts(request)
    if facts["is_demo"] and demo_accounts_on():
        return None
    if facts["must_change"]:
        return PasswordReason.CHOSEN_BY_OTHERS
    changed_at = dt.datetime.fromisoformat(facts["changed_at"]) if facts["changed_at"] else None
    expiry = expires_at(changed_at)
    if expiry is not None and expiry <= timezone.now():
        return PasswordReason.EXPIRED
    return None


def pending_step(request: HttpRequest) -> str | None:
    """The URL name of the page the signed-in user must complete first, or None."""
    if not request.user.is_authenticated:
        return None
    verified = is_verified(request)
    has_device, _password = _facts(request)
    if not verified and has_device:
        return VERIFY
    if password_reason(request) is not None:
        return CHANGE_PASSWORD
    if not verified and requires_two_factor(get_scope(request)):
        return SET_UP
    return None
