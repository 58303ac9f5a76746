"""Background work on the task queue: django-tasks with its database backend (docs/deployment.md,
"Background work").

A page that asks for long work (an import, a PDF or Word report, the daily reminders) saves a job
record, enqueues a task naming it and answers at once; a worker process (``manage.py run_worker``)
runs the task and writes its progress and result on the record, which any web process can read.
The tests run tasks inline (the immediate backend, ``xianfeng/test_settings.py``).

Each app keeps its tasks in its own ``tasks.py``; what they share is here.
"""

import logging
from typing import Any

from django_tasks import TaskResultStatus
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs: Any) -> str:
    """Queue ``task`` with plain keyword arguments (ids, never objects) and return its result id."""
    return str(task.enqueue(**kwargs).id)


def is_queued(task: Task, task_id: str) -> bool:
    """Whether the task ``task_id`` still waits in the queue for a worker (so its job is not stale).

    False when the backend keeps no results (the immediate backend of the tests) or has none of that id.
    """
    if not task_id:
        return False
    try:
        return task.get_result(task_id).status == TaskResultStatus.READY
    except Exception:  # noqa: BLE001 - an unknown id or a backend without results: not waiting
        return False
