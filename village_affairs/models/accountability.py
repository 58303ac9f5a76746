"""Accountability cases (R-DISCLOSE), rewards and penalties, villagers' feedback, internal review comments."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import VillageRecord
from organizations.models import Organization
from people.models import Person

from .base import MONEY, VILLAGE
from .decisions import Decision, DecisionStep
from .disclosures import Disclosure, PublishedMonth

# -- accountability ----------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    OPEN = "open", _("处理中")
    DECIDED = "decided", _("已处理")


class CaseOutcome(models.TextChoices):
    NONE = "none", _("不予处理")
    REWARD = "reward", _("奖励")
    PENALTY = "penalty", _("处罚")


class AccountabilityCase(VillageRecord):
    """A case a township admin opens from a rule finding (R-DISCLOSE, R-DECISION, R-FEEDBACK).

    The finding is computed; the case is what people did about it, so it is stored: the
    finding's text and the people named on that date are kept as they were when opened.
    """

    rule = models.CharField(_("规则"), max_length=20)
    subject = models.CharField(_("事由标识"), max_length=80)
    finding_since = models.DateField(_("问题起始日期"))
    finding_text = models.TextField(_("问题"))
    directly_responsible = models.ForeignKey(
        Person, verbose_name=_("直接责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jointly_responsible = models.ForeignKey(
        Person, verbose_name=_("连带责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.CharField(_("处理结果"), max_length=10, choices=CaseOutcome.choices, blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    opened_at = models.DateTimeField(_("立案时间"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["-opened_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["village", "rule", "subject"], name="one_case_per_finding")]

    def __str__(self) -> str:
        return f"{self.village} {self.rule} {self.subject}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("立案")
    DECIDED = "decided", _("作出处理")


class CaseEvent(models.Model):
    case = models.ForeignKey(
        AccountabilityCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=CaseEventKind.choices)
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("案件记录")
        verbose_name_plural = _("案件记录")
        ordering = ["case", "at", "id"]


class RewardPenaltyKind(models.TextChoices):
    REWARD = "reward", _("奖励")
    PENALTY = "penalty", _("处罚")


class RewardPenalty(models.Model):
    """A reward or penalty recorded against a person (the evaluation cadre view shows them)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="rewards_penalties"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=RewardPenaltyKind.choices)
    date = models.DateField(_("日期"))
    reason = models.TextField(_("事由"))
    amount = models.DecimalField(
        _("金额（元）"), **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name=_("问责案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rewards_penalties",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("奖惩记录")
        verbose_name_plural = _("奖惩记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.date}"


# -- villagers' feedback ---------------------------------------------------------------


class Feedback(models.Model):
    """A villager's feedback on a published item, or a general message to the village; the village
    answers it within a deadline.

    At most one of the three targets is set; none is a general message (the village its target). ``client_hash`` is a keyed hash of the client
    address, kept only to rate-limit submissions; the address itself is never stored.
    """

    village = models.ForeignKey(
        Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="feedback", limit_choices_to=VILLAGE
    )
    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("公开事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    decision_step = models.ForeignKey(
        DecisionStep,
        verbose_name=_("议事步骤"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    published_month = models.ForeignKey(
        PublishedMonth,
        verbose_name=_("月度财务收支表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    text = models.TextField(_("意见内容"), max_length=500)
    name = models.CharField(_("留言人"), max_length=50, blank=True)
    client_hash = models.CharField(_("客户端标识"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), db_index=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("群众意见")
        verbose_name_plural = _("群众意见")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(disclosure__isnull=True, decision_step__isnull=True, published_month__isnull=True)
                    | Q(disclosure__isnull=False, decision_step__isnull=True, published_month__isnull=True)
                    | Q(disclosure__isnull=True, decision_step__isnull=False, published_month__isnull=True)
                    | Q(disclosure__isnull=True, decision_step__isnull=True, published_month__isnull=False)
                ),
                name="feedback_has_at_most_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def is_general(self) -> bool:
        return not (self.disclosure_id or self.decision_step_id or self.published_month_id)

    @property
    def target_label(self) -> str:
        if self.disclosure is not None:
            return self.disclosure.title
        if self.decision_step_id:
            return str(self.decision_step)
        if self.published_month is not None:
            return gettext("%(year)s年%(month)s月财务收支") % {
                "year": self.published_month.year,
                "month": self.published_month.month,
            }
        return gettext("给村里的留言")

    @property
    def answer_due(self) -> dt.date:
        from ..config import setting

        return timezone.localtime(self.created_at).date() + dt.timedelta(days=int(setting("feedback_answer_days")))


class ReviewComment(models.Model):
    """An internal comment by the village supervision committee (or an admin) on a decision or disclosure."""

    village = models.ForeignKey(
        Organization,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="review_comments",
        limit_choices_to=VILLAGE,
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("公开事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(_("意见"), max_length=1000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("监督意见")
        verbose_name_plural = _("监督意见")
        ordering = ["created_at", "id"]
