"""What an authenticated caller may do at all; what they may do to a record is their scope's to say."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from .models import AccessToken


class SignedInWithinToken(permissions.BasePermission):
    """Signed in; a read-only token reads only (GET, HEAD, OPTIONS)."""

    message = _("该访问令牌只读。")
    code = "token_read_only"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, AccessToken) and not token.writable:
            return request.method in permissions.SAFE_METHODS
        return True
