"""The request our views receive: Django's, with the signed-in user and their scope typed."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .scope import Scope


class ScopedRequest(HttpRequest):
    """Any request: ``accounts.middleware.ScopeMiddleware`` sets ``scope`` (anonymous: nothing)."""

    scope: Scope


class AuthedRequest(ScopedRequest):
    """A request to a ``login_required`` view: the user is signed in."""

    user: User  # type: ignore[assignment]


def fragment_of(page: Callable[..., str]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """An htmx fragment view: opened directly (no ``HX-Request``) it redirects to the whole page it belongs to.

    ``page(request, **kwargs)`` gives that page's URL. A bookmarked or shared fragment URL thus
    opens a full page with the navigation, never a bare piece of HTML.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.headers.get("HX-Request") != "true":
                return HttpResponseRedirect(page(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
