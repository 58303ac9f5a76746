"""Excel import jobs (F-IO): an uploaded file that is previewed (dry run) and then committed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.importers import kind_choices


class ImportKind(models.TextChoices):
    """The foundation's kinds; every kind, these and the other apps', is in ``common.importers``."""

    TOWNSHIPS = "townships", _("乡镇")
    VILLAGES = "villages", _("行政村")
    PARTY_GROUPS = "party_groups", _("党小组")
    MEMBERS = "members", _("党员")
    HOUSEHOLDS = "households", _("困难户")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    PREVIEWING = "previewing", _("正在校验")
    PREVIEWED = "previewed", _("已校验")
    COMMITTING = "committing", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")


RUNNING_STATUSES = (ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.COMMITTING)


class ImportJob(models.Model):
    """One uploaded file and what happened to it.

    The counts and the report are what the preview or the commit found; they are the
    result of a run, not derived data, so storing them is the point.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(_("导入类型"), max_length=16, choices=kind_choices)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    # The language the user worked in: a background run reports errors in it.
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    error_count = models.PositiveIntegerField(_("错误行数"), default=0)
    report = models.JSONField(_("校验报告"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Liveness (exchange/recovery.py): the runner touches heartbeat_at as it goes; a running job whose
    # heartbeat is stale lost its worker. Each run claims the job by raising ``attempt``, and a runner
    # writes its result only while the job is still its own.
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("运行次数"), default=0)
    # The run's stage (exchange.jobs.STAGE_LABELS) and its task on the queue (common/background.py): while
    # the task waits for a worker the job is queued, not stale.
    stage = models.CharField(_("阶段"), max_length=16, blank=True)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def interrupted(self) -> str:
        """ "preview" or "commit" when a run of this job lost its worker (recovered as failed), else ""."""
        return str((self.report or {}).get("interrupted", "")) if self.status == ImportStatus.FAILED else ""

    @property
    def can_commit(self) -> bool:
        # An interrupted commit wrote nothing and its preview stands: it may be committed again.
        ready = self.status == ImportStatus.PREVIEWED or self.interrupted == "commit"
        return ready and self.error_count == 0 and self.total_rows > 0

    @property
    def can_preview_again(self) -> bool:
        return self.status == ImportStatus.FAILED
