"""``manage.py run_worker [--batch] [--max-tasks N] [--interval S]``: run queued tasks (docs/deployment.md).

One worker runs one task at a time; start as many as there are cores to spare. First it tidies what a
worker that died left behind (``xianfeng.background.housekeeping``), then it takes tasks from the queue
in the database until stopped (SIGTERM or Ctrl+C: it finishes the task in hand first). ``--batch`` runs
what is queued and exits (the tests, a cron job).
"""

import ctypes
import ctypes.util
import os
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from xianfeng.background import housekeeping

PR_SET_PDEATHSIG = 1


class Command(BaseCommand):
    help = "Run queued background tasks (imports, reports, reminders): tidy up after dead workers, then work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument(
            "--stop-with",
            type=int,
            metavar="PID",
            help="stop (as on SIGTERM) when process PID, this one's parent, ends: `make run`, beside the server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError("TASKS['default'] is not the database backend: tasks run where they are queued")
        if options["stop_with"]:
            _stop_with_parent(options["stop_with"])
        done = housekeeping()
        self.stdout.write(
            f"run_worker: {done.imports} import job(s) and {done.reports} report job(s) marked failed (interrupted), "
            f"{done.requeued} task(s) queued again, {done.failed} marked failed, {done.pruned} old result(s) deleted"
        )
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not options["batch"]:
            worker.configure_signals()  # finish the task in hand on SIGTERM / Ctrl+C
        worker.run()


def _stop_with_parent(parent: int) -> None:
    """Ask Linux for SIGTERM when the parent ``parent`` ends (prctl PR_SET_PDEATHSIG); elsewhere, nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took effect (or is not the parent)
        raise CommandError(f"process {parent} is not this worker's parent any more: not starting")
