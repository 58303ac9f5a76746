"""What every endpoint shares: the caller's scope on the request, the authentication, the errors."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import generics, pagination, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.scope import scope_for_user
from common.scope import Scope


def attach_scope(request: Request) -> Scope:
    """Give the request the authenticated user's scope, as ``ScopeMiddleware`` gives a page's.

    A token's user is known only once DRF has authenticated: the underlying Django request gets that
    user too, so the security log (``security.context``) and the history record who acted.
    """
    django_request = request._request
    user = request.user
    if user is not None and user.is_authenticated:
        django_request.user = user
    scope = scope_for_user(user)
    django_request.__dict__["_scope"] = scope
    django_request.scope = scope  # type: ignore[attr-defined]
    return scope


def refuse_nul(request: Request, kwargs: dict[str, Any]) -> None:
    """Refuse a NUL character in the path or the query: PostgreSQL cannot compare text holding one."""
    values = [str(v) for v in kwargs.values()] + [v for _k, vs in request.query_params.lists() for v in vs]
    if any("\x00" in v for v in values):
        raise ValidationError(_("请求中含有空字符（NUL），无法处理。"), code="nul_character")


class ScopedMixin:
    # An endpoint that reads ``self.scope`` (the caller's ``Scope``), set before the handler runs. (A comment,
    # not a docstring: drf-spectacular would print a docstring as every endpoint's description.)

    scope: Scope
    request: Request

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.scope = attach_scope(request)
        refuse_nul(request, kwargs)
        # A signed-in browser's saved language has been applied by UserLanguageMiddleware; a token's
        # caller chooses with Accept-Language (LocaleMiddleware), kept as it is.
        request.LANGUAGE_CODE = translation.get_language()


class ScopedAPIView(ScopedMixin, APIView):
    pass


class ScopedListView(ScopedMixin, generics.ListAPIView):
    pass


MAX_ID = 2**31 - 1  # a record id in a body: beyond it SQLite cannot even compare (a 500, not a 400)


def is_id(value: str) -> bool:
    """A query parameter that can be a record's id (digits, within ``MAX_ID``)."""
    return value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class RefusalSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
