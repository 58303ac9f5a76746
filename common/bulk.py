"""What the bulk paths (scenario loader, importers) share: collect row problems, attach, write.

A bulk function takes unsaved rows, loads what its checks need in a few queries, runs for
each row the same check functions its per-row service runs, and writes all rows or none.
"""

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from . import public_pages

M = TypeVar("M", bound=Model)
BATCH = 500  # rows per INSERT: well under SQLite's bound-parameter limit for our models
SHOWN = 50  # row errors listed in a refusal; the rest are counted


class Problems:
    """Collect row errors, then refuse the whole batch with the first fifty."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, index: int, messages: Iterable[str]) -> None:
        self.rows.append(_("第%(row)s行：%(msg)s") % {"row": index + 1, "msg": "；".join(messages)})

    def add_error(self, index: int, exc: ValidationError) -> None:
        self.add(index, exc.messages)

    def raise_if_any(self) -> None:
        if self.rows:
            extra = [_("……另有%(n)s行有误。") % {"n": len(self.rows) - SHOWN}] if len(self.rows) > SHOWN else []
            # A list given to ValidationError drops code=: each row carries it instead.
            raise ValidationError([ValidationError(row, code="bulk_rows") for row in self.rows[:SHOWN] + extra])


def attach(objs: Sequence[Model], field_name: str, queryset: QuerySet[Any]) -> None:
    """Replace ``obj.<field_name>`` with instances loaded in one query (with what their checks need)."""
    ids = {getattr(o, f"{field_name}_id") for o in objs} - {None}
    found = queryset.in_bulk(list(ids)) if ids else {}
    for o in objs:
        pk = getattr(o, f"{field_name}_id")
        if pk is not None:
            if pk not in found:
                raise ValidationError(
                    _("找不到编号为%(pk)s的关联记录（%(field)s）。") % {"pk": pk, "field": field_name},
                    code="missing_related",
                )
            setattr(o, field_name, found[pk])


def field_messages(obj: Model, exclude: list[str]) -> list[str]:
    """The messages of ``obj.clean_fields()`` (field-level checks), or none."""
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.messages
    return []


def clean_all(objs: Sequence[Model], problems: Problems, exclude: list[str]) -> None:
    """Run each row's ``full_clean()`` (its ``clean()`` rules) without the per-row uniqueness queries."""
    for i, obj in enumerate(objs):
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.add(i, exc.messages)


def write(objs: list[M], model: type[M], user: Any) -> list[M]:
    """Insert ``objs`` with their history rows (who: ``user``) in batches; a public page showing them renders
    afresh (``public_pages.written``: bulk inserts send no ``post_save``)."""
    if not objs:
        return []
    created = bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user)
    public_pages.written(model, created)
    return created
