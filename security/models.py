"""The security log (GB/T 22239-2019 8.1.4.3 安全审计): one append-only table of events, chained by hashes.

Each event keeps who (the user's id and username as text, so it outlives the account), when, what kind,
what it concerned (a short description and the URL path with its query string), from where (client
address and user agent), the outcome, and a hash chain: ``prev_hash`` is the hash of the event before
it and ``hash`` the SHA-256 of its own fields with ``prev_hash`` (``security.chain``). Database
triggers refuse UPDATE and DELETE (``security.triggers``); ``ChainHead`` is the one row every writer
locks, so that two writers cannot both append after the same event.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENESIS = "0" * 64  # the "previous hash" of the very first event


class Kind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号或地址锁定")
    LOGOUT = "logout", _("退出登录")
    PASSWORD_CHANGED = "password_changed", _("用户修改密码")
    PASSWORD_RESET = "password_reset", _("管理员重置密码")
    DEVICE_ADDED = "device_added", _("添加两步验证设备")
    DEVICE_REMOVED = "device_removed", _("删除两步验证设备")
    TWO_FACTOR_RESET = "two_factor_reset", _("管理员重置两步验证")
    ROLE_GRANTED = "role_granted", _("授予角色")
    ROLE_REVOKED = "role_revoked", _("撤销角色")
    USER_CREATED = "user_created", _("创建用户")
    USER_DEACTIVATED = "user_deactivated", _("停用用户")
    USER_ACTIVATED = "user_activated", _("启用用户")
    ACCOUNT_UNLOCKED = "account_unlocked", _("解锁账号或地址")
    ADMIN_ACTION = "admin_action", _("管理后台操作")
    DOWNLOAD = "download", _("导出或下载")
    UNMASKED_VIEWED = "unmasked_viewed", _("查看未脱敏个人信息")
    IMPORT_PREVIEWED = "import_previewed", _("导入预览")
    IMPORT_COMMITTED = "import_committed", _("导入提交")
    IMPORT_FAILED = "import_failed", _("导入失败")
    LOG_SEARCHED = "log_searched", _("查询安全日志")
    LOG_EXPORTED = "log_exported", _("导出安全日志")
    LOG_VERIFIED = "log_verified", _("校验安全日志")
    LOG_PURGED = "log_purged", _("清理安全日志")
    TOKEN_CREATED = "token_created", _("创建访问令牌")
    TOKEN_REVOKED = "token_revoked", _("撤销访问令牌")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    REFUSED = "refused", _("拒绝")


# What the keys of an event's ``detail`` mean, for the page and the export.
DETAIL_LABELS = {
    "person_ids": _("人员ID"),
    "codes": _("拒绝代码"),
    "filters": _("查询条件"),
    "rows": _("行数"),
    "factor": _("验证方式"),
    "job": _("导入任务"),
    "import_kind": _("导入类型"),
    "stage": _("阶段"),
    "errors": _("错误行数"),
    "created": _("新增"),
    "updated": _("更新"),
    "checked": _("已校验事件数"),
    "broken_seq": _("断裂处"),
    "problem": _("问题"),
    "through_seq": _("删除至序号"),
    "last_hash": _("剩余链的起点哈希"),
    "deleted": _("删除条数"),
    "before": _("删除早于"),
    "role": _("角色"),
    "change": _("变更"),
    "token": _("令牌"),
    "writable": _("可写"),
    "expires_on": _("有效期至"),
}


# Detail values that are words of ours rather than data, shown in the viewer's language.
DETAIL_VALUES = {
    "preview": pgettext_lazy("security log detail", "预览"),
    "commit": pgettext_lazy("security log detail", "提交"),
    "password": pgettext_lazy("security log detail", "密码"),
    "two_factor": pgettext_lazy("security log detail", "两步验证码"),
}


class SecurityEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), primary_key=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    user_id = models.BigIntegerField(_("用户ID"), null=True, blank=True, db_index=True)  # no FK: kept if deleted
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    kind = models.CharField(_("事件类型"), max_length=32, choices=Kind.choices, db_index=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    path = models.CharField(_("网址"), max_length=1000, blank=True)
    address = models.CharField(_("客户端地址"), max_length=45, blank=True, db_index=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条的哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("安全日志事件")
        verbose_name_plural = _("安全日志")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_kind_display()} {self.username}".strip()

    def detail_items(self, limit: int | None = 20) -> list[tuple[str, str]]:
        """The detail as (label, text) pairs in the viewer's language; id lists beyond ``limit`` are shortened."""
        return [
            (str(DETAIL_LABELS.get(key, key)), _detail_text(value, limit)) for key, value in sorted(self.detail.items())
        ]

    def detail_text(self, limit: int | None = 20) -> str:
        return "; ".join(f"{label}: {text}" for label, text in self.detail_items(limit))


def _detail_text(value: Any, limit: int | None = 20) -> str:
    if isinstance(value, list):
        shown = value if limit is None else value[:limit]
        text = ", ".join(str(v) for v in shown)
        return text + (f" … (+{len(value) - len(shown)})" if len(shown) < len(value) else "")
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    if isinstance(value, str) and value in DETAIL_VALUES:
        return str(DETAIL_VALUES[value])
    return str(value)


class ChainHead(models.Model):
    """The last event's number and hash: the row each writer locks before appending (one row, pk 1)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("安全日志链头")
        verbose_name_plural = _("安全日志链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
