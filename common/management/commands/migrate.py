"""``migrate`` with schema changes allowed: on SQLite the authorizer (common.database) refuses them otherwise."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from common.database import schema_changes_allowed


class Command(DjangoMigrate):
    def handle(self, *args: object, **options: object) -> None:
        with schema_changes_allowed():
            super().handle(*args, **options)
