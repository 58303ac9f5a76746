"""Tokens for the personas, and a client that calls the API with one."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from api.tokens import token_create


class TokenClient(Client):
    """A test client that sends ``Authorization: Bearer <secret>`` and JSON bodies."""

    def __init__(self, secret: str, **defaults: Any) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {secret}", **defaults)

    def post_json(self, path: str, data: object = None, **extra: Any) -> Any:
        return self.post(path, data or {}, content_type="application/json", **extra)

    def put_json(self, path: str, data: object = None, **extra: Any) -> Any:
        return self.put(path, data or {}, content_type="application/json", **extra)


@pytest.fixture
def api_as(personas) -> Callable[..., TokenClient]:
    """``api_as("county_admin", writable=True)``: a client with a fresh token of that persona."""

    def make(name: str, *, writable: bool = True, **defaults: Any) -> TokenClient:
        _token, secret = token_create(user=getattr(personas, name), name=f"test {name}", writable=writable)
        return TokenClient(secret, **defaults)

    return make


@pytest.fixture(autouse=True)
def language_restored():
    """A request in English (``Accept-Language: en``) leaves English active in the thread; put it back after."""
    language = translation.get_language()
    yield
    translation.activate(language)
