from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .gate import pending_step
from .scope import get_scope


class ScopeMiddleware:
    """Give every request its viewer's scope as ``request.scope``, computed on first use (one query)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: get_scope(request))  # type: ignore[attr-defined]
        return self.get_response(request)


class UserLanguageMiddleware:
    """Activate a signed-in user's saved language unless the session chose one explicitly."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        explicit = request.COOKIES.get("django_language")
        if user is not None and user.is_authenticated and not explicit:
            profile = getattr(user, "profile", None)
            if profile is not None and profile.language:
                translation.activate(profile.language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AccountGateMiddleware:
    """Hold a signed-in user on the step they must complete (code, password change, two-factor set-up).

    Only that page, logging out, the language switch and static files are reachable until it is done.
    """

    ALWAYS_ALLOWED = frozenset({"accounts:logout", "accounts:set_language", "set_language"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            step = pending_step(request)
            if step is not None:
                try:
                    name = resolve(request.path_info).view_name
                except Resolver404:
                    name = ""
                if name != step and name not in self.ALWAYS_ALLOWED:
                    if request.headers.get("HX-Request"):
                        # A fragment of the page (the navigation's counts): nothing until the step is done,
                        # rather than the step's whole page swapped into the navigation.
                        return HttpResponse(status=204)
                    return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
