"""``manage.py send_reminders [--date YYYY-MM-DD]``: the daily reminders and digests (run it once a day)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common import clock
from notifications.services import due_soon_days, reminders_send


class Command(BaseCommand):
    help = "Create reminders of to-dos due soon or overdue and send each user's daily digest (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run for, YYYY-MM-DD (default: the campaign's today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = clock.today()
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from None
        summary = reminders_send(day=day)
        self.stdout.write(
            f"{day.isoformat()}: {summary.users} users, {summary.reminders} new reminders "
            f"(due within {due_soon_days()} days or overdue), {summary.digests} digests sent"
        )
