from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from security.chain import verify
from security.models import Kind, Outcome
from security.services import record


class Command(BaseCommand):
    help = (
        "Walk the security log's hash chain and report the first broken link (exit status 1 if there is one). "
        "The result is itself recorded in the log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-record", action="store_true", help="do not append the result to the log (a read-only check)"
        )

    def handle(self, *args: object, **options: object) -> None:
        result = verify()
        if not options["no_record"]:
            record(
                Kind.LOG_VERIFIED, outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE, detail=result.as_detail()
            )
        if not result.ok:
            raise CommandError(
                gettext("安全日志已被篡改：第 %(seq)s 条事件处断裂。%(problem)s")
                % {"seq": result.broken_seq, "problem": result.problem_text}
            )
        if result.checked:
            self.stdout.write(
                gettext("安全日志完整：第 %(first)s 至 %(last)s 条，共 %(count)s 条事件；链尾哈希 %(hash)s")
                % {
                    "first": result.first_seq,
                    "last": result.last_seq,
                    "count": result.checked,
                    "hash": result.head_hash,
                }
            )
        else:
            self.stdout.write(gettext("安全日志为空。"))
