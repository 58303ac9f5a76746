"""A person's own data export (PIPL art. 45): each app contributes the sheets of what it holds about a person.

An app registers, in its ``personal_data.py``, one sheet per kind of record::

    @personal_sheet("practice.volunteer", title=_("志愿服务"), order=60, columns=[Column(...), ...])
    def volunteer_entries(person): return person.volunteer_entries.all()

The function receives the person and returns the rows (model instances or anything the
columns read). ``people`` composes the workbook, one sheet per registered kind, in
``order``; a sheet with no rows is kept, with its header, so the person sees that nothing
of that kind is held.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from .registry import Registry
from .xlsx import Column

Rows = Callable[[Any], Iterable[Any]]
R = TypeVar("R", bound=Rows)


@dataclass(frozen=True)
class PersonalSheet:
    key: str
    title: str | Promise
    order: int
    columns: tuple[Column, ...]
    rows: Rows


PERSONAL_SHEETS: Registry[PersonalSheet] = Registry("personal data sheet", sort_key=lambda s: (s.order, s.key))


def personal_sheet(key: str, *, title: str | Promise | None, order: int, columns: Sequence[Column]) -> Callable[[R], R]:
    """``title`` is usually a model's ``_meta.verbose_name``: the stubs type it Optional, though Django always sets it."""
    if title is None:
        raise ImproperlyConfigured(f"personal data sheet {key!r} has no title")

    def decorator(func: R) -> R:
        PERSONAL_SHEETS.add(key, PersonalSheet(key, title, order, tuple(columns), func))
        return func

    return decorator
