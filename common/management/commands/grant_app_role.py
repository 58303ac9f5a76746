"""``manage.py grant_app_role ROLE``: give the application's PostgreSQL role rows only (docs/operations.md).

Runs as the schema's owner (MIGRATION_DATABASE_URL, or DATABASE_URL when that is the owner).
``migrate`` does the same for DATABASE_URL's role after migrating; this command is for a new
or renamed application role, and after a restore by hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from common.database import as_owner, grant_app_role, role_problems


class Command(BaseCommand):
    help = "Grant a PostgreSQL role the application's privileges: rows only, no TRUNCATE, no triggers, no ownership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the role the application connects as")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--lang", default=settings.LANGUAGE_CODE, choices=[code for code, _name in settings.LANGUAGES]
        )

    def handle(self, *args: object, **options: object) -> None:
        role = str(options["role"])
        with translation.override(str(options["lang"])), as_owner(str(options["database"])) as connection:
            if connection.vendor != "postgresql":
                raise CommandError(_("只有PostgreSQL数据库有角色；SQLite不需要授权。"))
            if problem := role_problems(connection, role):
                raise CommandError(problem)
            grant_app_role(connection, role)
            self.stdout.write(_("已授予数据库角色“%(role)s”应用所需的权限（仅限读写数据行）。") % {"role": role})
