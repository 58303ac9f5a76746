"""The daily run (``manage.py send_reminders``): reminders of to-dos coming due or overdue, and each user's digest.

For every active user with a role: compute their to-do list as on ``day`` (``common.todos``,
with the user's own scope), create a notification for each item that is due within
``NOTIFICATION_DUE_SOON_DAYS`` or overdue — once per item, stage and deadline (``dedup_key``),
so a second run the same day, or the next day, adds nothing new — and send the day's digest
through every configured backend, once per user and day (``Digest``).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scope import scope_for_user
from common.todos import DEFAULT_DUE_SOON_DAYS, Todo, todos_for

from .backends import Backend, DigestMessage, configured_backends
from .models import Digest, Notification, Stage


def due_soon_days() -> int:
    return int(getattr(settings, "NOTIFICATION_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS))


def stage_of(item: Todo, day: dt.date, days: int) -> str | None:
    if item.overdue:
        return Stage.OVERDUE
    if item.due_soon(day, days):
        return Stage.DUE_SOON
    return None


def dedup_key(item: Todo, stage: str) -> str:
    return f"{item.subject}:{stage}:{item.due.isoformat() if item.due else ''}"[:300]


def reminders_create(*, user: Any, items: Iterable[Todo], day: dt.date, days: int | None = None) -> list[Notification]:
    """Create the notifications of ``items`` due soon or overdue that this user has not had yet (two queries)."""
    window = due_soon_days() if days is None else days
    wanted: dict[str, Notification] = {}
    for item in items:
        stage = stage_of(item, day, window)
        if stage is None:
            continue
        key = dedup_key(item, stage)
        wanted[key] = Notification(
            user=user, kind=item.kind, stage=stage, title=item.title[:300], url=item.url, due=item.due, dedup_key=key
        )
    if not wanted:
        return []
    known = set(Notification.objects.filter(user=user, dedup_key__in=list(wanted)).values_list("dedup_key", flat=True))
    fresh = [n for key, n in wanted.items() if key not in known]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return fresh


def link(path: str) -> str:
    """A full link to ``path`` when ``NOTIFICATION_SITE_URL`` is set (digests read outside the site)."""
    return f"{getattr(settings, 'NOTIFICATION_SITE_URL', '')}{path}"


def digest_message(*, user: Any, day: dt.date, items: Sequence[Todo], reminders: list[Notification]) -> DigestMessage:
    overdue = sum(1 for item in items if item.overdue)
    subject = ngettext(
        "%(day)s 待办%(count)s项（逾期%(overdue)s项）",
        "%(day)s 待办%(count)s项（逾期%(overdue)s项）",
        len(items),
    ) % {"day": day.isoformat(), "count": len(items), "overdue": overdue}
    lines = []
    for item in items:
        mark = _("【已逾期】") if item.overdue else ""
        due = _("截止 %(due)s") % {"due": item.due.isoformat()} if item.due else _("无截止日期")
        where = f" · {item.where}" if item.where else ""
        lines.append(f"- {mark}{item.title}{where} · {due} · {link(item.url)}")
    lines.append("")
    lines.append(_("全部待办：%(url)s") % {"url": link(reverse("todos"))})
    return DigestMessage(
        user=user, day=day, subject=subject, body="\n".join(lines), todos=list(items), reminders=reminders
    )


@dataclass
class RunSummary:
    users: int = 0
    reminders: int = 0
    digests: int = 0


def _language_of(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


def reminders_send(
    *, day: dt.date, backends: Sequence[Backend] | None = None, users: Iterable[Any] | None = None
) -> RunSummary:
    """Run the day: reminders and digests for every active user with a role (or ``users``)."""
    channels = list(backends) if backends is not None else configured_backends()
    if users is None:
        users = (
            get_user_model()
            .objects.filter(is_active=True, roles__isnull=False)
            .select_related("profile")
            .distinct()
            .order_by("pk")
        )
    summary = RunSummary()
    for user in users:
        summary.users += 1
        with translation.override(_language_of(user)), transaction.atomic():
            items = todos_for(scope_for_user(user), user, day)
            fresh = reminders_create(user=user, items=items, day=day)
            summary.reminders += len(fresh)
            if not items or Digest.objects.filter(user=user, day=day).exists():
                continue
            message = digest_message(user=user, day=day, items=items, reminders=fresh)
            for backend in channels:
                backend.send(message)
            Digest.objects.create(
                user=user, day=day, items=len(items), backends=",".join(b.name for b in channels)[:300]
            )
            summary.digests += 1
    return summary


# -- reading and marking ----------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, at: dt.datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = at or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any, at: dt.datetime | None = None) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=at or timezone.now())
