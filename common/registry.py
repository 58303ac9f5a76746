"""One registration style for every extension point: a keyed registry filled by decorators.

Each app registers its figures, trends, rules, page sections, pre-fills and scope grants
in a module that ``common.apps`` discovers (``figures.py``, ``rules.py``, ``sections.py``,
``prefill.py``, ``access.py``). Registering a key twice with different code is a mistake
and fails at start-up; registering the very same entry again (a module imported twice) is
harmless.
"""

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries by key, in registration order (or by ``sort_key`` when given)."""

    def __init__(self, what: str, *, sort_key: "Callable[[T], SupportsRichComparison] | None" = None) -> None:
        self.what = what
        self._entries: dict[str, T] = {}
        self._sort_key = sort_key

    def add(self, key: str, entry: T) -> T:
        existing = self._entries.get(key)
        if existing is not None and existing != entry:
            raise ImproperlyConfigured(f"{self.what} {key!r} registered twice")
        self._entries[key] = entry
        sort_key = self._sort_key
        if sort_key is not None:
            self._entries = dict(sorted(self._entries.items(), key=lambda kv: sort_key(kv[1])))
        return entry

    def remove(self, key: str) -> None:
        """Drop an entry (tests that register their own clean up with this)."""
        self._entries.pop(key, None)

    def __delitem__(self, key: str) -> None:
        del self._entries[key]

    def __getitem__(self, key: str) -> T:
        return self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def keys(self) -> list[str]:
        return list(self._entries)

    def values(self) -> list[T]:
        return list(self._entries.values())

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())
