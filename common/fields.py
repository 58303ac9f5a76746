"""Model fields that keep personal data encrypted at rest, and the keyed hashes that find it (``common.encryption``).

``EncryptedCharField`` is plaintext in Python (services, forms and templates read
``person.id_number`` as before) and a Fernet token in the database, in a text column:
a token is about 100-120 characters. A token is random, so the field takes no lookup but
``isnull``: filtering on it fails loudly instead of silently matching nothing. Look values
up through the ``BlindIndexField`` beside it, which computes its keyed hash from its source
field whenever the row is written (``save()``, ``bulk_create()``, django-simple-history's
copies), and serves ``=``, ``IN`` and ``UNIQUE``.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact

from .encryption import blind_index, decrypt, encrypt

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EmptyExact(Exact):
    """``= ''`` is all an encrypted field can be asked (empty values are stored as they are)."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError("An encrypted field cannot be matched on a value; filter on its BlindIndexField.")
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A short text stored as a Fernet token; ``max_length`` bounds the plaintext. Empty and NULL stay as they are."""

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        # Only "is it set?" can be asked of a random token; the BlindIndexField answers the rest.
        if lookup_name == "exact":
            return EmptyExact
        return super().get_lookup(lookup_name) if lookup_name in ALLOWED_LOOKUPS else None

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)


class BlindIndexField(models.CharField):
    """The keyed hash of another field's value (``source``), kept current on every write; None or "" when it is empty."""

    def __init__(self, *args: Any, source: str, purpose: str, **kwargs: Any) -> None:
        self.source = source
        self.purpose = purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["purpose"] = self.purpose
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def digest(self, value: str | None) -> str | None:
        if value:
            return blind_index(value, self.purpose)
        return None if self.null else ""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.digest(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
