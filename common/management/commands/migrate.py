"""``migrate`` as the schema's owner, with schema changes allowed, then the application role's grants.

Django's own ``migrate`` with three additions (common.database):

- on PostgreSQL with MIGRATION_DATABASE_URL set, it connects as the owner, and afterwards
  grants the application role (DATABASE_URL's user) what it may do and nothing more; the
  role is checked first (it must exist, own nothing, not be a superuser or a member of the
  owner), so a wrong one changes nothing;
- on SQLite, the authorizer lets this command's connection change the schema.
"""

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate

from common.database import app_role, as_owner, grant_app_role, owner_credentials, role_problems, schema_changes_allowed


class Command(DjangoMigrate):
    def handle(self, *args: object, **options: Any) -> None:
        database = str(options["database"])
        with as_owner(database) as connection, schema_changes_allowed():
            owner = owner_credentials()
            role = app_role()
            grant = connection.vendor == "postgresql" and owner is not None and role and role != owner["USER"]
            if grant and (problem := role_problems(connection, role)):
                raise CommandError(problem)
            super().handle(*args, **options)
            if grant and not options["plan"] and not options["check_unapplied"]:
                grant_app_role(connection, role)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Granted the application role {role!r} its privileges (rows only).")
