"""The import kinds registry: which Excel imports exist, under what label, and which importer reads each.

``exchange`` holds the import framework (``exchange.importing.Importer``: columns, preview, all or
nothing) and its pages; the kinds come from the apps that own the records, each registering its
importers in its own ``importers.py`` (discovered by ``common.apps``). So an app above ``exchange``
(``branch_life``: meetings, dues) adds an import without ``exchange`` importing it. ``common`` imports
no app, so an entry's importer is typed loosely here; ``exchange`` looks it up and runs it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.functional import Promise

from .registry import Registry

T = TypeVar("T", bound=type)


@dataclass(frozen=True)
class ImportKindEntry:
    key: str  # stored on the import job: keep it stable, at most 16 characters
    label: str | Promise
    importer: type[Any]  # an ``exchange.importing.Importer`` subclass
    order: int  # place in the import page's list


IMPORT_KINDS: Registry[ImportKindEntry] = Registry("import kind", sort_key=lambda e: e.order)


def register(key: str, label: str | Promise, *, order: int) -> Callable[[T], T]:
    """Register the decorated importer class as the import of ``key``."""
    if len(key) > 16:
        raise ValueError(f"import kind {key!r} is longer than 16 characters")

    def add(importer: T) -> T:
        IMPORT_KINDS.add(key, ImportKindEntry(key, label, importer, order))
        return importer

    return add


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The import kinds as choices (the import job's field and the upload form ask this)."""
    return [(e.key, e.label) for e in IMPORT_KINDS.values()]
