"""Report jobs (R-REPORT): a PDF or Word campaign report asked for on the page and written by a worker.

The job is the user's own: only they see its page and download its file (others get 404). Its
status, stage and heartbeat are what the worker writes as it goes (``reports.jobs``), so any web
process can show the progress; a job whose worker died is marked failed (``recover_report_jobs``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


UNFINISHED = (ReportJobStatus.QUEUED, ReportJobStatus.RUNNING)


class ReportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    org = models.ForeignKey(
        "organizations.Organization", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(_("年度"))
    language = models.CharField(_("报告语言"), max_length=10)
    format = models.CharField(_("格式"), max_length=8, choices=ReportFormat.choices)
    status = models.CharField(_("状态"), max_length=16, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED)
    stage = models.CharField(_("阶段"), max_length=16, blank=True)
    file = models.FileField(_("文件"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Liveness, as for import jobs: the worker beats heartbeat_at at every stage; each run raises attempt,
    # and writes its result only while the job is still its own.
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("运行次数"), default=0)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    # The language the user worked in when asking: the messages of a failure are in it.
    ui_language = models.CharField(_("界面语言"), max_length=10, default="zh-hans")

    class Meta:
        verbose_name = _("报告生成任务")
        verbose_name_plural = _("报告生成任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="reports_job_user_status")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {self.format}"

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def filename(self) -> str:
        return f"campaign-report-{self.org.code}-{self.year}-{self.language}.{self.format}"
