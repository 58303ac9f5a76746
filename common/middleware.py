"""The Permissions-Policy header: browser features no page of ours uses are denied to every page.

A few lines rather than the django-permissions-policy package: the header is one fixed string, built once.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase

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
