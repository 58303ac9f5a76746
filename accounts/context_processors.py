from django.http import HttpRequest

from .scope import get_scope


def scope(request: HttpRequest) -> dict[str, object]:
    return {"scope": get_scope(request)}
