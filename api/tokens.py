"""Creating, finding and revoking personal access tokens (the services of the token page).

A token's secret is ``xf_`` and 40 random URL-safe characters; only its SHA-256 is stored, so a
leaked database holds no usable token. The secret is shown once, when the token is made.

Two-factor: a county admin (and every role that must sign in with two factors) can make a token
only from a session that passed its second factor. The token then stands for both factors, as a
signed-in browser does. Its expiry keeps real time, as sessions and passwords do (not the campaign's
date of ``common.clock``): it is a secret held by the user's program, limited in time (``expires_on``)
and revocable at once; it cannot make another token (the token page takes a browser session).
"""

import datetime as dt
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import clean_and_save, refuse
from security.models import Kind
from security.services import record

from .models import AccessToken, token_hash

PREFIX = "xf_"
MAX_ACTIVE = 20


@transaction.atomic
def token_create(
    *, user: AbstractBaseUser, name: str, writable: bool = False, expires_on: dt.date | None = None
) -> tuple[AccessToken, str]:
    """Make a token for ``user``; return it and its secret (shown once, never stored)."""
    name = name.strip()
    if not name:
        refuse(_("请为令牌命名。"), code="token_name_required", field="name")
    if expires_on is not None and expires_on <= timezone.localdate():
        refuse(_("有效期必须晚于今天。"), code="token_expiry_past", field="expires_on")
    active = AccessToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE:
        refuse(_("有效令牌已达%(count)d个，请先撤销不用的令牌。") % {"count": MAX_ACTIVE}, code="token_limit")
    secret = PREFIX + secrets.token_urlsafe(30)
    token = clean_and_save(
        AccessToken(
            user_id=user.pk,
            name=name,
            key_hash=token_hash(secret),
            prefix=secret[:8],
            writable=writable,
            expires_on=expires_on,
        )
    )
    record(
        Kind.TOKEN_CREATED,
        target=str(token),
        detail={"token": token.pk, "writable": writable, "expires_on": expires_on.isoformat() if expires_on else ""},
        user=user,
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: AccessToken, by: AbstractBaseUser) -> AccessToken:
    if token.revoked_at is not None:
        refuse(_("该令牌已撤销。"), code="token_already_revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(Kind.TOKEN_REVOKED, target=str(token), detail={"token": token.pk}, user=by)
    return token


def token_for_secret(secret: str) -> AccessToken | None:
    """The usable token of ``secret``: not revoked, not expired, of an active user; else None."""
    if not secret.startswith(PREFIX):
        return None
    token = AccessToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_on is not None and token.expires_on < timezone.localdate():
        return None
    return token


def token_used(token: AccessToken) -> None:
    """Note the token's use, at most once a minute (a busy program should not write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
