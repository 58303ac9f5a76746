"""P2 Service platform: facilities, supported development projects and 153-plan micro-loans.

Scope paths: a facility or project by its ``organization``; a loan by its ``village`` (the
applicant's branch when applying).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import END_BEFORE_START
from organizations.models import Organization, OrganizationKind
from people.models import Person

MAX_LOAN = Decimal("500000.00")


class FacilityKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("乡镇党员服务中心")
    LOVE_SUPERMARKET = "love_supermarket", _("爱心超市")
    MOBILE_STATION = "mobile_station", _("流动党员服务站")
    ENTREPRENEURSHIP_BASE = "entrepreneurship_base", _("党员创业基地")


class FacilityStatus(models.TextChoices):
    OPEN = "open", _("运行中")
    SUSPENDED = "suspended", _("暂停")
    CLOSED = "closed", _("已关闭")


class FacilityQuerySet(models.QuerySet["Facility"]):
    def existing_during(self, first: dt.date, last: dt.date) -> "FacilityQuerySet":
        """Facilities opened on or before ``last`` and not closed before ``first``."""
        return self.filter(Q(opened_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first)))


class Facility(models.Model):
    """A service facility: a township service centre, love supermarket, mobile station or entrepreneurship base."""

    kind = models.CharField(_("类型"), max_length=24, choices=FacilityKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在乡镇/村"), on_delete=models.PROTECT, related_name="facilities"
    )
    location = models.CharField(_("地址"), max_length=200, blank=True)
    opened_on = models.DateField(_("启用日期"))
    status = models.CharField(_("状态"), max_length=16, choices=FacilityStatus.choices, default=FacilityStatus.OPEN)
    # Kept with the status so that "existed during the year" stays a date question.
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)
    history = HistoricalRecords()
    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["kind", "organization__code", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.organization_id:
            kind = self.organization.kind
            if self.kind == FacilityKind.SERVICE_CENTRE and kind != OrganizationKind.TOWNSHIP:
                errors["organization"] = ValidationError(_("乡镇党员服务中心必须设在乡镇。"), code="not_a_township")
            elif kind not in (OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE):
                errors["organization"] = ValidationError(_("服务阵地必须设在乡镇或行政村。"), code="organization_kind")
        if self.status == FacilityStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = ValidationError(_("已关闭的阵地请填写关闭日期。"), code="closed_on_required")
        if self.status != FacilityStatus.CLOSED and self.closed_on:
            errors["closed_on"] = ValidationError(_("只有已关闭的阵地才填写关闭日期。"), code="closed_on_not_allowed")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = ValidationError(_("关闭日期不能早于启用日期。"), code="closed_before_opened")
        if errors:
            raise ValidationError(errors)


class ProjectStatus(models.TextChoices):
    ONGOING = "ongoing", _("实施中")
    COMPLETED = "completed", _("已完成")
    STOPPED = "stopped", _("已终止")


class SupportedProject(models.Model):
    """A development project the campaign supports (扶持发展项目)."""

    name = models.CharField(_("项目名称"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在乡镇/村"), on_delete=models.PROTECT, related_name="supported_projects"
    )
    industry = models.CharField(_("产业"), max_length=60)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    support = models.TextField(_("扶持内容"), blank=True)
    amount = models.DecimalField(
        _("扶持金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    responsible = models.ForeignKey(
        Person, verbose_name=_("负责党员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("扶持发展项目")
        verbose_name_plural = _("扶持发展项目")
        ordering = ["organization__code", "-start", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.organization_id and self.organization.kind not in (OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE):
            errors["organization"] = ValidationError(_("扶持项目必须落在乡镇或行政村。"), code="organization_kind")
        if self.start and self.end and self.end < self.start:
            errors["end"] = ValidationError(END_BEFORE_START, code="end_before_start")
        if self.status != ProjectStatus.ONGOING and not self.end:
            errors["end"] = ValidationError(_("已完成或已终止的项目请填写结束日期。"), code="end_required")
        if errors:
            raise ValidationError(errors)


class LoanPurpose(models.TextChoices):
    BUSINESS = "business", _("创业")
    EMPLOYMENT = "employment", _("就业")


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    APPROVED = "approved", _("已批准")
    REPAID = "repaid", _("已还款")
    REFUSED = "refused", _("未批准")


# The workflow: which step may follow which status.
NEXT_STEPS = {
    LoanStatus.APPLIED: {LoanStatus.APPROVED, LoanStatus.REFUSED},
    LoanStatus.APPROVED: {LoanStatus.REPAID},
    LoanStatus.REPAID: set(),
    LoanStatus.REFUSED: set(),
}


class MicroLoan(models.Model):
    """A micro-loan helped under the 153 plan (153帮扶计划)."""

    applicant = models.ForeignKey(
        Person, verbose_name=_("申请党员"), on_delete=models.PROTECT, related_name="micro_loans"
    )
    # The applicant's branch when applying: the loan's scope stays put if the member moves.
    village = models.ForeignKey(
        Organization, verbose_name=_("所在村"), on_delete=models.PROTECT, related_name="micro_loans"
    )
    purpose = models.CharField(_("用途"), max_length=16, choices=LoanPurpose.choices)
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_LOAN)],
    )
    lender = models.CharField(_("放款机构"), max_length=100)
    applied_on = models.DateField(_("申请日期"))
    # The current step of the workflow; written only by the services, in the same transaction
    # as the LoanEvent that records it (a test checks it always equals the last event's step).
    status = models.CharField(_("状态"), max_length=16, choices=LoanStatus.choices, default=LoanStatus.APPLIED)
    note = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("小额贷款帮扶")
        verbose_name_plural = _("小额贷款帮扶")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant} · " + gettext("%(amount)s 元") % {"amount": self.amount}

    def clean(self) -> None:
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            raise ValidationError({"village": ValidationError(_("贷款帮扶必须登记在行政村。"), code="not_a_village")})


class LoanEvent(models.Model):
    """One step of a loan's workflow: who recorded it, when, and why (a refusal's reason)."""

    loan = models.ForeignKey(MicroLoan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("步骤"), max_length=16, choices=LoanStatus.choices)
    date = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贷款进程")
        verbose_name_plural = _("贷款进程")
        ordering = ["loan", "date", "id"]

    def __str__(self) -> str:
        return f"{self.loan} · {self.get_step_display()}"
