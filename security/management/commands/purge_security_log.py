from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from security.services import purge_before


class Command(BaseCommand):
    help = (
        "Delete security log events older than the retention (SECURITY_LOG_RETENTION_DAYS, at least 180 days) "
        "and append a checkpoint naming the hash the remaining chain starts from. Refuses a broken chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep this many days (default and minimum: SECURITY_LOG_RETENTION_DAYS)",
        )

    def handle(self, *args: object, **options: object) -> None:
        retention = int(settings.SECURITY_LOG_RETENTION_DAYS)
        days = retention if options["days"] is None else int(options["days"])  # type: ignore[call-overload]
        if days < retention:
            raise CommandError(
                gettext("不能删除保留期内的事件：保留期为 %(retention)s 天，不能只保留 %(days)s 天。")
                % {"retention": retention, "days": days}
            )
        try:
            purge = purge_before(days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if purge.deleted:
            self.stdout.write(
                gettext(
                    "已删除 %(count)s 条早于 %(before)s 的事件（至第 %(seq)s 条）；检查点已记录剩余链的起点哈希 %(hash)s。"
                )
                % {
                    "count": purge.deleted,
                    "before": f"{timezone.localtime(purge.before):%Y-%m-%d %H:%M}",
                    "seq": purge.through_seq,
                    "hash": purge.last_hash,
                }
            )
        else:
            self.stdout.write(
                gettext("没有早于 %(before)s 的事件，未删除任何事件。")
                % {"before": f"{timezone.localtime(purge.before):%Y-%m-%d %H:%M}"}
            )
