"""How a daily digest reaches its user: one small interface, one class per channel.

``settings.NOTIFICATION_BACKENDS`` lists the dotted paths of the backends every digest goes
through. A backend is a class with a ``name`` and ``send(message)``; an SMS or WeChat channel
is one more class (it would read the user's phone or WeChat binding and call its gateway)::

    class SmsBackend:
        name = "sms"

        def send(self, message: DigestMessage) -> None:
            gateway.send(phone_of(message.user), message.subject)

- ``InAppBackend``: a notification on the user's notification page (and the count in the navigation);
- ``ConsoleBackend``: the digest printed to standard output (the demo, a cron mail);
- ``FileBackend``: one text file per user and day under ``settings.NOTIFICATION_FILE_DIR``
  (``var/notifications/YYYY-MM-DD/<username>.txt``), for the demo and tests.
"""

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from common.todos import Todo

from .models import Notification, Stage


@dataclass(frozen=True)
class DigestMessage:
    """One user's digest of one day, already in the user's language."""

    user: Any
    day: dt.date
    subject: str
    body: str  # plain text: the to-dos, overdue first, each with its deadline and link
    todos: list[Todo] = field(default_factory=list)
    reminders: list[Notification] = field(default_factory=list)  # created by this run


class Backend(Protocol):
    name: str

    def send(self, message: DigestMessage) -> None: ...


class InAppBackend:
    name = "in_app"

    def send(self, message: DigestMessage) -> None:
        Notification.objects.get_or_create(
            user=message.user,
            dedup_key=f"digest:{message.day.isoformat()}",
            defaults={
                "kind": "digest",
                "stage": Stage.DIGEST,
                "title": message.subject,
                "url": reverse("todos"),
                "due": None,
            },
        )


class ConsoleBackend:
    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: DigestMessage) -> None:
        self.stream.write(f"== {message.user.get_username()} · {message.subject}\n{message.body}\n")


class FileBackend:
    name = "file"

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory or settings.NOTIFICATION_FILE_DIR)

    def path_for(self, message: DigestMessage) -> Path:
        return self.directory / message.day.isoformat() / f"{message.user.get_username()}.txt"

    def send(self, message: DigestMessage) -> None:
        path = self.path_for(message)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{message.subject}\n\n{message.body}\n", encoding="utf-8")


def configured_backends() -> list[Backend]:
    return [import_string(dotted)() for dotted in settings.NOTIFICATION_BACKENDS]
