"""A3 Open village affairs (村务公开、民主管理): 四议两公开 decisions, disclosures, the ledger,
accountability cases, rewards and penalties, and villagers' feedback.

Published means immutable: published disclosures, published decision steps (5 and 6) and
ledger entries dated in a published month refuse change three times over — in the
services (a translated message), in ``save()``/``delete()`` here (so the Django admin
refuses too) and in database triggers (migration 0002), which also stop
``QuerySet.update()``/``delete()`` and raw SQL.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import CreatedRecord, PublishedImmutableError, PublishGuarded, VillageRecord
from organizations.models import Organization, OrganizationKind
from people.models import Person

from .periods import DisclosurePeriod

VILLAGE = {"kind": OrganizationKind.VILLAGE}
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2}


def _refuse(message: str) -> None:
    raise PublishedImmutableError(message, code="published_immutable")


# -- checks the models' clean() and the services' and bulk path's checks share ----------------


def period_number_error(kind: str, number: int | None) -> ValidationError | None:
    """A disclosure's period must be a month 1–12 or a quarter 1–4."""
    top = 12 if kind == "month" else 4
    if number is None or not 1 <= int(number) <= top:
        return ValidationError(_("期间应在1到%(top)s之间。") % {"top": top}, code="period_out_of_range")
    return None


def category_error(direction: str, category: str) -> ValidationError | None:
    """A ledger category belongs to one direction: income categories with income, the rest with expense."""
    if category and direction and (category in INCOME_CATEGORIES) != (direction == Direction.INCOME):
        return ValidationError(_("科目与收支方向不一致。"), code="category_direction")
    return None


def default_title(village: Organization, kind: str, period: DisclosurePeriod) -> str:
    """A disclosure's title when none is given: 念山村2010年3月财务公开."""
    return gettext("%(village)s%(period)s%(kind)s") % {
        "village": village.name,
        "period": period.label(),
        "kind": DisclosureKind(kind).label,
    }


def voucher_taken_error(voucher: str, year: int) -> ValidationError:
    return ValidationError(
        _("凭证号%(voucher)s在%(year)s年已使用。") % {"voucher": voucher, "year": year}, code="voucher_taken"
    )


# -- 四议两公开 -----------------------------------------------------------------------


class Step(models.IntegerChoices):
    PROPOSE = 1, _("党支部提议")
    DELIBERATE = 2, _("两委会商议")
    REVIEW = 3, _("党员大会审议")
    RESOLVE = 4, _("村民会议或村民代表会议决议")
    PUBLISH_RESOLUTION = 5, _("决议公开")
    PUBLISH_RESULT = 6, _("实施结果公开")


MEETING_STEPS = (Step.PROPOSE, Step.DELIBERATE, Step.REVIEW, Step.RESOLVE)
PUBLISHED_STEPS = (Step.PUBLISH_RESOLUTION, Step.PUBLISH_RESULT)


class ResolvingBody(models.TextChoices):
    REPRESENTATIVES = "representatives", _("村民代表会议")
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("村民会议")


class AttendanceBasis(models.TextChoices):
    PERSONS = "persons", _("按人数（到会人数/应到人数）")
    HOUSEHOLDS = "households", _("按户（到会户代表/总户数）")


class Decision(VillageRecord, CreatedRecord):
    """A major village matter decided through the Four Deliberations, Two Disclosures (四议两公开)."""

    title = models.CharField(_("事项名称"), max_length=200)
    summary = models.TextField(_("事项内容"), blank=True)
    raised_by_name = models.CharField(_("提议人"), max_length=100, blank=True)
    raised_by = models.ForeignKey(
        Person, verbose_name=_("提议人（人员）"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the village began carrying the decision out; R-DECISION compares it with the published steps.
    implementation_started_on = models.DateField(_("开始实施日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("四议两公开事项")
        verbose_name_plural = _("四议两公开事项")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def raiser(self) -> str:
        return self.raised_by_name or (self.raised_by.name if self.raised_by_id else "")

    def clean(self) -> None:
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            raise ValidationError({"village": _("四议两公开事项必须属于行政村。")})
        if not (self.raised_by_name or self.raised_by_id):
            raise ValidationError({"raised_by_name": _("请填写提议人。")})

    def delete(self, *args: object, **kwargs: object):  # noqa: ANN201
        if self.pk and DecisionStep.objects.filter(decision_id=self.pk).exists():
            _refuse(gettext("已有议事记录的事项不能删除。"))
        return super().delete(*args, **kwargs)


class DecisionStep(PublishGuarded):
    """One step of a decision — an event row: what happened, when, who recorded it.

    Steps 1–4 are meetings with attendance and votes; 5 and 6 are publications, immutable.
    Steps 1 and 2 may be one meeting (``merged``) where the branch secretary is also the
    committee director (一肩挑): then both rows carry the same register.
    """

    decision = models.ForeignKey(Decision, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(_("步骤"), choices=Step.choices)
    date = models.DateField(_("日期"))
    merged = models.BooleanField(_("支委会与两委会合并召开（一肩挑）"), default=False)
    body = models.CharField(_("决议机构"), max_length=20, choices=ResolvingBody.choices, blank=True)
    basis = models.CharField(_("到会计算方式"), max_length=12, choices=AttendanceBasis.choices, blank=True)
    due = models.PositiveIntegerField(_("应到"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    content = models.TextField(_("内容"))
    result = models.TextField(_("结果"), blank=True)
    # Steps 5: where it was published and for how long (公示期, days).
    channel = models.CharField(_("公开方式"), max_length=100, blank=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示期（天）"), null=True, blank=True)
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
        verbose_name = _("议事步骤")
        verbose_name_plural = _("议事步骤")
        ordering = ["decision", "number"]
        constraints = [models.UniqueConstraint(fields=["decision", "number"], name="one_row_per_decision_step")]

    def __str__(self) -> str:
        return f"{self.decision} · {self.get_number_display()}"

    published_change_message = _("已公开的议事步骤不能修改。")
    published_delete_message = _("已公开的议事步骤不能删除。")

    def stored_is_published(self) -> bool:
        return DecisionStep.objects.filter(pk=self.pk, number__in=PUBLISHED_STEPS).exists()

    @property
    def is_meeting(self) -> bool:
        return self.number in MEETING_STEPS

    @property
    def is_published(self) -> bool:
        return self.number in PUBLISHED_STEPS

    @property
    def ratio(self) -> Decimal | None:
        """Attendance in percent (present / due)."""
        if not self.due or self.present is None:
            return None
        return (Decimal(self.present) * 100 / Decimal(self.due)).quantize(Decimal("0.1"))


# -- disclosures ------------------------------------------------------------------------


class DisclosureKind(models.TextChoices):
    AFFAIRS = "affairs", _("村务公开")
    FINANCE = "finance", _("财务公开")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")


class Disclosure(VillageRecord, CreatedRecord, PublishGuarded):
    """A village affairs or finance disclosure for one period; published, it never changes."""

    kind = models.CharField(_("类别"), max_length=10, choices=DisclosureKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    period_kind = models.CharField(_("期间类型"), max_length=10, choices=PeriodKind.choices)
    period_number = models.PositiveSmallIntegerField(
        _("期间"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("公开内容"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["village", "-year", "-period_number", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "kind", "year", "period_kind", "period_number"], name="one_disclosure_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="published_disclosure_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # published_change_message, published_delete_message: PublishGuarded's own.

    def stored_is_published(self) -> bool:
        return Disclosure.objects.filter(pk=self.pk, status=DisclosureStatus.PUBLISHED).exists()

    @property
    def period(self) -> DisclosurePeriod:
        return DisclosurePeriod(self.year, self.period_number, self.period_kind)

    @property
    def deadline(self) -> dt.date:
        return self.period.deadline

    @property
    def is_published(self) -> bool:
        return self.status == DisclosureStatus.PUBLISHED

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            errors["village"] = ValidationError(_("公开事项必须属于行政村。"))
        if self.kind == DisclosureKind.FINANCE and self.period_kind != PeriodKind.MONTH:
            errors["period_kind"] = ValidationError(_("财务公开必须按月公开。"))
        if self.period_number and (period_error := period_number_error(self.period_kind, self.period_number)):
            errors["period_number"] = period_error
        if errors:
            raise ValidationError(errors)


class PublishedMonth(VillageRecord, PublishGuarded):
    """A village month whose finance statement has been published: its ledger is frozen.

    Written with the finance disclosure, in the same transaction. ``last_day`` repeats what
    year and month say so that the database trigger can compare dates without date
    functions, which differ between SQLite and PostgreSQL; ``clean`` keeps it in step.
    Publishing a month freezes every earlier entry too: its opening balance depends on them.
    """

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    last_day = models.DateField(_("月末"))
    disclosure = models.OneToOneField(
        Disclosure, verbose_name=_("财务公开"), on_delete=models.PROTECT, related_name="published_month"
    )
    published_at = models.DateTimeField(_("公开时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("已公开月份")
        verbose_name_plural = _("已公开月份")
        ordering = ["village", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["village", "year", "month"], name="one_published_month")]

    def __str__(self) -> str:
        return f"{self.village} {self.year}-{self.month:02d}"

    published_change_message = _("已公开的月份不能修改。")
    published_delete_message = _("已公开的月份不能删除。")

    def stored_is_published(self) -> bool:
        return True  # a month is published by existing

    @property
    def period(self) -> DisclosurePeriod:
        return DisclosurePeriod(self.year, self.month, "month")

    def clean(self) -> None:
        if self.year and self.month and self.last_day != DisclosurePeriod(self.year, self.month, "month").last_day:
            raise ValidationError({"last_day": _("月末日期与年月不一致。")})

    def delete(self, *args: object, **kwargs: object):  # noqa: ANN201
        _refuse(gettext("已公开的月份不能删除。"))


def month_is_frozen(village_id: int, day: dt.date) -> bool:
    return PublishedMonth.objects.filter(village_id=village_id, last_day__gte=day).exists()


# -- the ledger ------------------------------------------------------------------------


class Direction(models.TextChoices):
    INCOME = "income", _("收入")
    EXPENSE = "expense", _("支出")


class Category(models.TextChoices):
    OPENING = "opening", _("期初结余")
    OPERATING_INCOME = "operating_income", _("经营收入")
    SUBSIDY_INCOME = "subsidy_income", _("补助收入")
    CONTRACT_INCOME = "contract_income", _("发包及上交收入")
    INVESTMENT_INCOME = "investment_income", _("投资收益")
    OTHER_INCOME = "other_income", _("其他收入")
    ADMINISTRATION = "administration", _("管理费用")
    PUBLIC_WELFARE = "public_welfare", _("公益支出")
    OPERATING_EXPENSE = "operating_expense", _("经营支出")
    OTHER_EXPENSE = "other_expense", _("其他支出")


INCOME_CATEGORIES = {
    Category.OPENING,
    Category.OPERATING_INCOME,
    Category.SUBSIDY_INCOME,
    Category.CONTRACT_INCOME,
    Category.INVESTMENT_INCOME,
    Category.OTHER_INCOME,
}


class LedgerEntry(VillageRecord, CreatedRecord, PublishGuarded):
    """One line of the village ledger (村级账目). ``amount`` is always positive.

    A reversing entry (``corrects`` set) has the opposite effect of the entry it corrects:
    the only way to correct an entry of a published month.
    """

    date = models.DateField(_("日期"))
    direction = models.CharField(_("收支"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("科目"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    voucher = models.CharField(_("凭证号"), max_length=30)
    description = models.CharField(_("摘要"), max_length=200)
    attachment = models.FileField(_("附件"), upload_to="ledger/%Y/", blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("冲正的原分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("账目")
        verbose_name_plural = _("账目")
        ordering = ["village", "date", "id"]
        indexes = [models.Index(fields=["village", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.voucher} {self.description}"

    published_change_message = _("已公开月份的账目不能修改，请录入冲正分录。")
    published_delete_message = _("已公开月份的账目不能删除，请录入冲正分录。")

    def stored_is_published(self) -> bool:
        stored = LedgerEntry.objects.filter(pk=self.pk).values_list("village_id", "date").first()
        return stored is not None and month_is_frozen(stored[0], stored[1])

    def refuse_change(self) -> None:
        super().refuse_change()
        # Nor may a new or moved entry land in a published month.
        if self.village_id and self.date and month_is_frozen(self.village_id, self.date):
            _refuse(gettext("该月财务已公开，不能在该月录入账目。"))

    @property
    def effect(self) -> Decimal:
        """Signed effect on the balance: income +, expense −, reversed for a reversing entry."""
        sign = 1 if self.direction == Direction.INCOME else -1
        return self.amount * (-sign if self.corrects_id else sign)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            errors["village"] = ValidationError(_("账目必须属于行政村。"))
        if direction_error := category_error(self.direction, self.category):
            errors["category"] = direction_error
        if self.village_id and self.date and self.voucher:
            clash = LedgerEntry.objects.filter(
                village_id=self.village_id, date__year=self.date.year, voucher=self.voucher
            ).exclude(pk=self.pk)
            if clash.exists():
                errors["voucher"] = voucher_taken_error(self.voucher, self.date.year)
        if errors:
            raise ValidationError(errors)


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
    """A villager's feedback on a published item; the village answers it within a deadline.

    Exactly one of the three targets is set. ``client_hash`` is a keyed hash of the client
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
                    Q(disclosure__isnull=False, decision_step__isnull=True, published_month__isnull=True)
                    | Q(disclosure__isnull=True, decision_step__isnull=False, published_month__isnull=True)
                    | Q(disclosure__isnull=True, decision_step__isnull=True, published_month__isnull=False)
                ),
                name="feedback_has_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def target_label(self) -> str:
        if self.disclosure_id:
            return self.disclosure.title
        if self.decision_step_id:
            return str(self.decision_step)
        if self.published_month_id:
            return gettext("%(year)s年%(month)s月财务收支") % {
                "year": self.published_month.year,
                "month": self.published_month.month,
            }
        return ""

    @property
    def answer_due(self) -> dt.date:
        from .config import setting

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
