"""``manage.py backup_database FILE``: the whole database, online, into a new file (common.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from common.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the whole database into a new file (SQLite: online backup API; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup to write; must not exist yet")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--lang", default=settings.LANGUAGE_CODE, choices=[code for code, _name in settings.LANGUAGES]
        )

    def handle(self, *args: object, **options: object) -> None:
        with translation.override(str(options["lang"])):
            try:
                outcome = backup_database(Path(str(options["file"])), alias=str(options["database"]))
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                _("已备份到%(path)s（%(size)s字节，%(seconds).1f秒）。")
                % {"path": outcome.path, "size": outcome.size, "seconds": outcome.seconds}
            )
