"""The request our views receive: Django's, with the signed-in user and their scope typed."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from .scope import Scope


class ScopedRequest(HttpRequest):
    """Any request: ``accounts.middleware.ScopeMiddleware`` sets ``scope`` (anonymous: nothing)."""

    scope: Scope


class AuthedRequest(ScopedRequest):
    """A request to a ``login_required`` view: the user is signed in."""

    user: User  # type: ignore[assignment]
