"""The Permissions-Policy header: browser features no page of ours uses are denied to every page.

A few lines rather than the django-permissions-policy package: the header is one fixed string, built once.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase

FEATURE = re.compile(r"[a-z][a-z0-9-]*")


def permissions_policy(denied: list[str]) -> str:
    """Return the header's value denying each feature to every origin: ``camera=(), usb=()``."""
    for feature in denied:
        if not FEATURE.fullmatch(feature):
            raise ImproperlyConfigured(f"PERMISSIONS_POLICY_DENIED: {feature!r} is not a feature name")
    return ", ".join(f"{feature}=()" for feature in denied)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = permissions_policy(list(getattr(settings, "PERMISSIONS_POLICY_DENIED", [])))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a page's htmx fragment (a GET with ``HX-Request``) that changed nothing
    in the session does not save it.

    With ``SESSION_SAVE_EVERY_REQUEST`` (the idle timeout) every response rewrites the whole session:
    the navigation's counts, loaded while the user posts a form, would write back the session they
    read before it and undo what the form stored (the campaign year picked). Background fragments are
    not the user's activity either, so they do not extend the idle timeout.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and request.method == "GET"
            and request.headers.get("HX-Request") == "true"
            and not session.modified
        ):
            return response
        return super().process_response(request, response)
