"""``manage.py send_reminders [--date YYYY-MM-DD] [--now]``: the daily reminders and digests (run it once a day).

It queues the day's run for a worker (``manage.py run_worker``); ``--now`` runs it in this process instead.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from common import clock
from notifications.services import due_soon_days, reminders_send
from notifications.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Create reminders of to-dos due soon or overdue and send each user's daily digest (once a day): "
        "queued for a worker (manage.py run_worker), or run here with --now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run for, YYYY-MM-DD (default: the campaign's today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of queueing the run")

    def handle(self, *args: Any, **options: Any) -> None:
        day = clock.today()
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from None
        if options["now"]:
            summary = reminders_send(day=day)
            self._say(day, summary.users, summary.reminders, summary.digests)
            return
        result = send_reminders.enqueue(day=day.isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:  # run at once (the immediate backend)
            done = result.return_value or {}
            self._say(day, done.get("users", 0), done.get("reminders", 0), done.get("digests", 0))
            return
        if result.status == TaskResultStatus.FAILED:
            raise CommandError(f"{day.isoformat()}: the run failed; run it again, it repeats nothing already sent")
        self.stdout.write(f"{day.isoformat()}: reminders and digests queued for a worker (task {result.id})")

    def _say(self, day: dt.date, users: int, reminders: int, digests: int) -> None:
        self.stdout.write(
            f"{day.isoformat()}: {users} users, {reminders} new reminders "
            f"(due within {due_soon_days()} days or overdue), {digests} digests sent"
        )
