from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

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
