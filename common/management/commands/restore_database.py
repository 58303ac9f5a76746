"""``manage.py restore_database FILE``: replace the whole database with a backup, all or nothing (common.backup)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from common.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Replace the whole database with a backup written by backup_database; on any error nothing changes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup written by backup_database")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--lock-timeout",
            type=int,
            default=60,
            help="PostgreSQL: seconds to wait for a table another session holds, then give up changing nothing",
        )
        parser.add_argument(
            "--lang", default=settings.LANGUAGE_CODE, choices=[code for code, _name in settings.LANGUAGES]
        )

    def handle(self, *args: object, **options: Any) -> None:
        with translation.override(str(options["lang"])):
            try:
                outcome = restore_database(
                    Path(str(options["file"])),
                    alias=str(options["database"]),
                    lock_timeout=int(options["lock_timeout"]),
                )
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                _("已从%(path)s恢复数据库（%(seconds).1f秒）。请接着运行 manage.py migrate。")
                % {"path": outcome.path, "seconds": outcome.seconds}
            )
