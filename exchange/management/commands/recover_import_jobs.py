"""Mark import jobs whose worker is gone as failed, so that their users can run them again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from exchange.recovery import recover_stale_jobs, stale_after


class Command(BaseCommand):
    help = (
        "Mark import jobs still 'previewing' or 'committing' whose runner has been silent longer than "
        "IMPORT_STALE_MINUTES as failed (interrupted) and retryable. With --all, every job still marked "
        "running: use it only when no worker is running, e.g. before the application starts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="recover every running job, however recent its heartbeat"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = recover_stale_jobs(everything=options["all"])
        scope = "running" if options["all"] else f"silent for more than {stale_after()}"
        self.stdout.write(f"{count} import job(s) {scope} marked failed (interrupted).")
