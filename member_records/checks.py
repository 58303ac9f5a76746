"""The refusals of a sub-record, pure: the service (one row) and the import (many rows) call them alike."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.checks import end_not_before_start, error, not_in_future, plain_name
from people.phones import normalize_phone, validate_phone

from .kinds import Kind, verbose


def is_member(has_membership: bool) -> None:
    """Only a party member has the national system's sub-records."""
    if not has_membership:
        raise error(None, _("此人不是党员：只有党员才登记党员信息子记录。"), "not_a_member")


def may_write(allowed: bool) -> None:
    """The member's branch must lie where the writer keeps records (MANAGE)."""
    if not allowed:
        raise error(None, _("该党员不在您可以维护的范围内。"), "out_of_scope")


def values_ok(kind: Kind, values: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Refuse dates in the future, an end before its start, formula-like text and a bad phone; return clean values.

    All refusals of the row are raised together, keyed by field.
    """
    cleaned = dict(values)
    errors: dict[str, list[ValidationError]] = {}

    def collect(field: str, check: Any) -> None:
        try:
            check()
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.error_list)

    for name in kind.dates:
        collect(name, lambda n=name: not_in_future(cleaned.get(n), what=str(verbose(kind, n)), field=None, today=today))
    if kind.span is not None:
        start, end = kind.span
        collect(end, lambda: end_not_before_start(cleaned.get(start), cleaned.get(end), field=""))
    for name in kind.texts:
        collect(name, lambda n=name: plain_name(cleaned.get(n), what=str(verbose(kind, n)), field=None))
    if phone := cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(phone)
        collect("phone", lambda: validate_phone(cleaned["phone"]))
    if errors:
        raise ValidationError(dict(errors))
    return cleaned
