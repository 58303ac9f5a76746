"""The daily run as a task (common/background.py): ``manage.py send_reminders`` queues it, a worker runs it.

The run is idempotent (a reminder once per item, stage and deadline; a digest once per user and day), so a
run whose worker died is simply run again: ``manage.py run_worker`` puts it back in the queue (``RETRIED``).
"""

import datetime as dt

from django_tasks import task

from .services import reminders_send


@task()
def send_reminders(*, day: str) -> dict[str, int]:
    summary = reminders_send(day=dt.date.fromisoformat(day))
    return {"users": summary.users, "reminders": summary.reminders, "digests": summary.digests}


# Tasks that may run again from the start when their worker died mid-way (nothing half done stays).
RETRIED = (send_reminders,)
