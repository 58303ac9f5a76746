"""Reminders (提醒): in-app notifications of to-dos coming due or overdue, and the record of each daily digest.

Both are delivery records of what ``common.todos`` computed, not campaign records: they carry
no simple-history (the to-dos themselves are read from records that do).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    DIGEST = "digest", _("每日待办汇总")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("待办类型"), max_length=64)  # the to-do's kind, or "digest"
    stage = models.CharField(_("提醒类型"), max_length=16, choices=Stage.choices)
    title = models.CharField(_("标题"), max_length=300)
    url = models.CharField(_("链接"), max_length=500)
    due = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("提醒时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # The to-do's subject, stage and deadline: a daily run finds the same key and adds nothing.
    dedup_key = models.CharField(_("去重键"), max_length=300)
    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "dedup_key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Digest(models.Model):
    """That a user's daily digest of one day went out (through which backends): never twice a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("日期"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    items = models.PositiveIntegerField(_("待办数"))
    backends = models.CharField(_("发送渠道"), max_length=300)

    class Meta:
        verbose_name = _("每日待办汇总")
        verbose_name_plural = _("每日待办汇总")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
