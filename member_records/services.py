"""Writes of a member's sub-records. The pages and the Excel import call these (the import in one transaction)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model

from common import clock
from common.scope import Right, Scope
from common.services import clean_and_save
from people.models import PartyMembership, Person

from . import checks
from .kinds import Kind


def membership_of(person: Person) -> PartyMembership | None:
    try:
        return person.membership
    except PartyMembership.DoesNotExist:
        return None


def may_edit(scope: Scope, person: Person) -> bool:
    """A member's sub-records are kept by whoever keeps the records of the member's branch (MANAGE)."""
    membership = membership_of(person)
    return membership is not None and scope.may(Right.MANAGE, code=membership.branch.code)


@transaction.atomic
def record_save(
    *, scope: Scope, kind: Kind, person: Person, values: Mapping[str, Any], item: Model | None = None
) -> Model:
    """Create (``item`` None) or change a sub-record of ``person``; refused for a non-member or out of scope."""
    checks.is_member(membership_of(person) is not None)
    checks.may_write(may_edit(scope, person))
    cleaned = checks.values_ok(kind, {name: values.get(name) for name in kind.fields}, today=clock.today())
    record: Any = item if item is not None else kind.model(person=person)
    checks.may_write(record.person_id == person.pk)
    for name in kind.fields:
        value = cleaned.get(name)
        setattr(record, name, "" if value is None and name not in kind.dates else value)
    return clean_and_save(record)


@transaction.atomic
def record_delete(*, scope: Scope, item: Model) -> None:
    person = item.person  # type: ignore[attr-defined]
    checks.may_write(may_edit(scope, person))
    item.delete()
