"""Recruitment files and their step events, transfers with their letters, endings, and the county's time rules."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import EncryptedCharField
from organizations.models import Organization
from people.models import PartyMembership, Person

from .steps import BY_CODE, STEP_CHOICES, Step


class RecruitmentRules(models.Model):
    """A county's time rules for recruitment and transfers (R-RECRUIT, R-TRANSFER); the defaults are the 2014 rules."""

    county = models.OneToOneField(
        Organization, verbose_name=_("县"), on_delete=models.CASCADE, related_name="recruitment_rules"
    )
    talk_months = models.PositiveSmallIntegerField(_("申请后谈话期限（月）"), default=1)
    assessment_months = models.PositiveSmallIntegerField(_("积极分子考察间隔（月）"), default=6)
    cultivation_months = models.PositiveSmallIntegerField(_("确定发展对象前培养期（月）"), default=12)
    training_days = models.PositiveSmallIntegerField(_("集中培训最少天数"), default=3)
    training_hours = models.PositiveSmallIntegerField(_("集中培训最少学时"), default=24)
    review_valid_months = models.PositiveSmallIntegerField(_("政治审查有效期（月）"), default=12)
    assembly_months = models.PositiveSmallIntegerField(_("预审后召开支部大会期限（月）"), default=1)
    submit_months = models.PositiveSmallIntegerField(_("支部大会后报批期限（月）"), default=3)
    restart_months = models.PositiveSmallIntegerField(_("超过此期限须重新履行程序（月）"), default=6)
    approval_months = models.PositiveSmallIntegerField(_("上级党委审批期限（月）"), default=3)
    approval_max_months = models.PositiveSmallIntegerField(_("上级党委审批最长期限（月）"), default=6)
    probation_months = models.PositiveSmallIntegerField(_("预备期（月）"), default=12)
    extension_min_months = models.PositiveSmallIntegerField(_("延长预备期最短（月）"), default=6)
    extension_max_months = models.PositiveSmallIntegerField(_("延长预备期最长（月）"), default=12)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    letter_months = models.PositiveSmallIntegerField(_("介绍信有效期（月）"), default=3)
    letter_months_other_province = models.PositiveSmallIntegerField(_("跨省介绍信有效期（月）"), default=6)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展党员时限规则")
        verbose_name_plural = _("发展党员时限规则")

    def __str__(self) -> str:
        return str(self.county)


class Recruit(models.Model):
    """One person's recruitment file (发展党员档案) at a village branch."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="recruitments")
    branch = models.ForeignKey(
        Organization, verbose_name=_("党支部（村）"), on_delete=models.PROTECT, related_name="recruits"
    )
    applied_on = models.DateField(_("申请日期"))
    latest = models.PositiveSmallIntegerField(_("已完成步骤"), default=0)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期（月）"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展党员档案")
        verbose_name_plural = _("发展党员档案")
        ordering = ["branch__code", "applied_on", "id"]
        indexes = [models.Index(fields=["branch", "latest"])]

    def __str__(self) -> str:
        return str(self.person)


class StepEvent(models.Model):
    """A step done: who recorded it, when it happened, the document or meeting behind it."""

    recruit = models.ForeignKey(
        Recruit, verbose_name=_("发展党员档案"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("步骤"), max_length=24, choices=STEP_CHOICES)
    number = models.PositiveSmallIntegerField(_("步骤序号"))
    on = models.DateField(_("日期"))
    basis = models.CharField(_("依据（会议或文件）"), max_length=200)
    first_person = models.ForeignKey(
        Person, verbose_name=_("第一人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_person = models.ForeignKey(
        Person, verbose_name=_("第二人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("培训天数"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("培训学时"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期（月）"), default=0)
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展步骤记录")
        verbose_name_plural = _("发展步骤记录")
        ordering = ["recruit", "number", "on", "id"]
        indexes = [models.Index(fields=["step", "on"])]

    def __str__(self) -> str:
        return f"{self.recruit} {self.get_step_display()}"

    @property
    def definition(self) -> Step:
        return BY_CODE[self.step]


class Reach(models.TextChoices):
    COUNTY = "county", _("县内")
    PROVINCE = "province", _("省内跨县")
    BEYOND = "beyond", _("跨省")


class Transfer(models.Model):
    """A transfer of a membership (组织关系转接): its introduction letter and the receiving branch's receipt.

    ``from_branch`` is empty for a member coming from outside the county, ``to_branch`` for one
    leaving it. The membership moves on ``on`` (the letter's date); the rows are its history.
    """

    membership = models.ForeignKey(
        PartyMembership, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_branch = models.ForeignKey(
        Organization, verbose_name=_("转出支部"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_branch = models.ForeignKey(
        Organization, verbose_name=_("转入支部"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The party group the member left (the sending branch's), so that a count on an earlier day knows it.
    from_group = models.ForeignKey(
        Organization, verbose_name=_("原党小组"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outside = models.CharField(_("县外党组织"), max_length=120, blank=True)
    reach = models.CharField(_("转接范围"), max_length=16, choices=Reach.choices)
    on = models.DateField(_("介绍信日期"))
    letter_number = models.CharField(_("介绍信编号"), max_length=40)
    valid_until = models.DateField(_("有效期至"))
    dues_paid_to = models.DateField(_("党费交至"))
    received_on = models.DateField(_("回执日期"), null=True, blank=True)
    receipt_by = models.CharField(_("回执经办人"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.membership} {self.letter_number}"


class EndReason(models.TextChoices):
    DIED = "died", _("去世")
    OTHER = "other", _("其他（出党、停止党籍）")


class MembershipEnd(models.Model):
    """A membership that ended on a day (a death): counted until then, not after."""

    membership = models.OneToOneField(
        PartyMembership, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="ending"
    )
    on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=16, choices=EndReason.choices, default=EndReason.DIED)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党籍终止")
        verbose_name_plural = _("党籍终止")


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has none)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Away(models.Model):
    """A member away from home (流动党员): where and since when, until they return; who looks after them meanwhile.

    The temporary receiving organization (临时接收党组织) may lie outside the county: its name
    is free text, with the organization itself when it is one of Xianfeng's. The contact is a
    phone, encrypted at rest and masked like a person's (``people.selectors.with_shown_contact``).
    """

    membership = models.ForeignKey(
        PartyMembership, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="away"
    )
    since = models.DateField(_("外出日期"))
    returned_on = models.DateField(_("返回日期"), null=True, blank=True)
    place = models.CharField(_("外出地点"), max_length=120)
    contact = EncryptedCharField(_("联系电话"), max_length=40, blank=True)
    receiving = models.CharField(_("临时接收党组织"), max_length=120, blank=True)
    receiving_org = models.ForeignKey(
        Organization,
        verbose_name=_("临时接收党组织（本系统内）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_number = models.CharField(_("流动党员活动证编号"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("活动证发放日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流动党员")
        verbose_name_plural = _("流动党员")
        ordering = ["since", "id"]
        indexes = [models.Index(fields=["since"])]

    def __str__(self) -> str:
        return f"{self.membership} {self.place}"


class LostContact(models.Model):
    """A span in which a member away was out of contact (失去联系): flagged from ``since``, never deleted."""

    away = models.ForeignKey(Away, verbose_name=_("流动党员"), on_delete=models.PROTECT, related_name="lost")
    since = models.DateField(_("失联日期"))
    regained_on = models.DateField(_("恢复联系日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("失联记录")
        verbose_name_plural = _("失联记录")
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"{self.away} {self.since}"
