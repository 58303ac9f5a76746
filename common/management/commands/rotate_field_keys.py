"""Re-encrypt every encrypted column under the newest key and recompute every keyed hash (docs/security.md).

Rotation of FIELD_ENCRYPTION_KEY: put the new key first (``new,old``), restart, run this
command, then drop the old key. Rotation of FIELD_HASH_KEY: stop the application, set the new
key, run this command, start again (lookups by the old hashes would miss in between).

Every model with an ``EncryptedCharField`` is done, django-simple-history's copies included,
table by table in one transaction each, with plain SQL in chunks. A value that no configured
key decrypts stops the command before anything of that table is written.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model

from common.encryption import InvalidToken, decrypt, encrypt, is_token
from common.fields import BlindIndexField, EncryptedCharField

CHUNK = 500


def encrypted_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if any(isinstance(f, EncryptedCharField) for f in m._meta.concrete_fields)]


def rotate_table(model: type[Model]) -> int:
    """Re-encrypt and re-hash every row of ``model``'s table; return how many rows were written."""
    meta = model._meta
    encrypted = [f for f in meta.concrete_fields if isinstance(f, EncryptedCharField)]
    hashes = [f for f in meta.concrete_fields if isinstance(f, BlindIndexField)]
    quote = connection.ops.quote_name
    pk = quote(meta.pk.column)
    select = f"SELECT {pk}, {', '.join(quote(f.column) for f in encrypted)} FROM {quote(meta.db_table)}"  # noqa: S608
    written = [*encrypted, *hashes]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in written)
    update = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from model meta
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(select)
        rows = cursor.fetchall()
        params: list[list[Any]] = []
        for key, *values in rows:
            plain = {}
            for field, value in zip(encrypted, values, strict=True):
                try:
                    plain[field.attname] = decrypt(value) if value and is_token(value) else value
                except InvalidToken:
                    raise CommandError(
                        f"{meta.db_table}.{field.column} of row {key}: no configured key decrypts it; nothing written"
                    ) from None
            tokens = [encrypt(v) if v else v for v in (plain[f.attname] for f in encrypted)]
            digests = [h.digest(plain.get(h.source)) for h in hashes]
            params.append([*tokens, *digests, key])
        for start in range(0, len(params), CHUNK):
            cursor.executemany(update, params[start : start + CHUNK])
    return len(params)


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest FIELD_ENCRYPTION_KEY and recompute the FIELD_HASH_KEY hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only list the tables and their row counts")

    def handle(self, *args: object, **options: object) -> None:
        for model in encrypted_models():
            if options["dry_run"]:
                self.stdout.write(f"{model._meta.db_table}: {model._base_manager.count()} rows")
                continue
            count = rotate_table(model)
            self.stdout.write(f"{model._meta.db_table}: {count} rows re-encrypted")
