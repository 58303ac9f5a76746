"""Helpers shared by the import kinds."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError

CHUNK = 900  # stays under SQLite's bound-parameter limit, like people.bulk


def in_chunks(values: list, fetch: Callable[[list], Iterable[Any]]) -> list:
    """Run ``fetch`` on slices of ``values`` so that ``__in`` lookups stay within the database's limits."""
    found: list = []
    for start in range(0, len(values), CHUNK):
        found.extend(fetch(values[start : start + CHUNK]))
    return found


def messages_of(exc: ValidationError) -> list[tuple[str, str]]:
    """Return (field name, message) pairs; the field name is "" for errors about the whole object."""
    if hasattr(exc, "error_dict"):
        return [(name, str(m)) for name, errs in exc.error_dict.items() for e in errs for m in e]
    return [("", str(m)) for m in exc]
