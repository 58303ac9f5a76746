"""Who is calling: a browser's session (with CSRF) or a program's personal access token.

Either way the request then carries the same ``request.scope`` as a page (``accounts.scope``):
``ScopedAPIView.initial`` sets it from the authenticated user.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import AccessToken
from .tokens import token_for_secret, token_used


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer xf_…``: the token's user, within their scope; the token is ``request.auth``."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, AccessToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("访问令牌格式不正确。"), code="token_malformed")
        token = token_for_secret(header[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("访问令牌无效、已过期或已撤销。"), code="token_invalid")
        token_used(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session; DRF's own, which asks for the CSRF token on every unsafe method."""
