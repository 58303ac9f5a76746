"""At login, read what the account gate needs into the session (``accounts.gate``)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .gate import remember


@receiver(user_logged_in)
def remember_gate_facts(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, user)
