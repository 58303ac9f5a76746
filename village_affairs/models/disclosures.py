"""Village affairs and finance disclosures, the months they freeze, and the village ledger."""

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

from common.models import CreatedRecord, PublishGuarded, VillageRecord
from organizations.models import Organization, OrganizationKind

from ..periods import DisclosurePeriod
from .base import MONEY, YEAR_VALIDATORS, _refuse

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
    # A correcting disclosure (更正) names the published disclosure it corrects; the original never changes.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的原公开事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("更正原因"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["village", "-year", "-period_number", "kind"]
        constraints = [
            # One disclosure per period; its corrections share the period and are not counted again.
            models.UniqueConstraint(
                fields=["village", "kind", "year", "period_kind", "period_number"],
                condition=Q(corrects__isnull=True),
                name="one_disclosure_per_period",
            ),
            # At most one correction of a disclosure waiting to be published.
            models.UniqueConstraint(fields=["corrects"], condition=Q(status="draft"), name="one_pending_correction"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""), name="correction_has_reason"
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

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            errors["village"] = ValidationError(_("公开事项必须属于行政村。"), code="not_a_village")
        if self.kind == DisclosureKind.FINANCE and self.period_kind != PeriodKind.MONTH:
            errors["period_kind"] = ValidationError(_("财务公开必须按月公开。"), code="finance_not_monthly")
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
            raise ValidationError({"last_day": ValidationError(_("月末日期与年月不一致。"), code="last_day_mismatch")})

    def delete(self, *args: object, **kwargs: object):
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
            errors["village"] = ValidationError(_("账目必须属于行政村。"), code="not_a_village")
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
