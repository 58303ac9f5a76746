"""What every service does the same way when it writes one row."""

from typing import NoReturn, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model

M = TypeVar("M", bound=Model)


def clean_and_save(obj: M) -> M:
    """Validate ``obj`` (fields, the model's ``clean()``, uniqueness and constraints), then save and return it."""
    obj.full_clean()
    obj.save()
    return obj


def refuse(message: str, *, code: str, field: str | None = None) -> NoReturn:
    """Raise the refusal ``message`` (already translated and formatted) with its stable ``code``.

    With ``field`` the error is keyed by that field, so a form shows it beside the input.
    """
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error
