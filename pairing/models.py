"""A1 Interaction and linkage, A2 Civility co-building: pairings, postings and what they delivered.

One ``Pairing`` model holds every kind of pairing. Its ``village`` is always the rural
side's administrative village, so that every scope check is one prefix match on it.
Status (not started / active / ended) is derived from the dates, never stored.
"""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import END_BEFORE_START
from organizations.models import Organization, OrganizationKind, OutsideUnit, UnitKind
from people.models import Cadre, Household, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PairingKind(models.TextChoices):
    BRANCH = "branch", _("支部结对共建")
    MEMBER = "member", _("党员结对互助")
    CADRE = "cadre", _("干部结对帮扶")
    DEPARTMENT = "department", _("县直部门挂钩村")
    CIVILIZED_UNIT = "civilized_unit", _("文明单位共建村")
    ENTERPRISE = "enterprise", _("非公企业共建村")


# The pairing kinds whose urban side is a unit of exactly this kind.
UNIT_KIND_FOR: dict[str, str] = {
    PairingKind.DEPARTMENT: UnitKind.DEPARTMENT,
    PairingKind.CIVILIZED_UNIT: UnitKind.CIVILIZED_UNIT,
    PairingKind.ENTERPRISE: UnitKind.ENTERPRISE,
}
# Kinds whose urban side is a unit (a branch pairing's urban branch is a unit's party organization).
UNIT_KINDS = {PairingKind.BRANCH, *UNIT_KIND_FOR}
PERSON_KINDS = {PairingKind.MEMBER, PairingKind.CADRE}
# A2's Five-Together activity log belongs to the unit pairings of the civility campaign.
ACTIVITY_KINDS = {PairingKind.DEPARTMENT, PairingKind.CIVILIZED_UNIT, PairingKind.ENTERPRISE}


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    ACTIVE = "active", _("进行中")
    ENDED = "ended", _("已结束")


def status_on(start: dt.date, end: dt.date | None, day: dt.date) -> str:
    if day < start:
        return Status.NOT_STARTED
    if end is not None and day > end:
        return Status.ENDED
    return Status.ACTIVE


class TermQuerySet(models.QuerySet):
    """Shared date logic of pairings and postings: a term runs from ``start`` to ``end`` (open if null)."""

    def active_on(self, day: dt.date) -> "TermQuerySet":
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))

    def active_during(self, first: dt.date, last: dt.date) -> "TermQuerySet":
        return self.filter(Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first)))

    def with_status(self, status: str, day: dt.date) -> "TermQuerySet":
        if status == Status.NOT_STARTED:
            return self.filter(start__gt=day)
        if status == Status.ENDED:
            return self.filter(end__lt=day)
        return self.active_on(day)


def overlaps(start: dt.date, end: dt.date | None) -> Q:
    """Return a Q for terms overlapping [start, end] (end None = open)."""
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    return q


class Pairing(models.Model):
    """One pairing of any kind: an urban side (a unit or a person) with a rural side in a village."""

    kind = models.CharField(_("结对类型"), max_length=16, choices=PairingKind.choices, db_index=True)
    village = models.ForeignKey(
        Organization, verbose_name=_("结对村"), on_delete=models.PROTECT, related_name="pairings"
    )
    unit = models.ForeignKey(
        OutsideUnit,
        verbose_name=_("结对单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    urban_person = models.ForeignKey(
        Person, verbose_name=_("城市一方"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rural_person = models.ForeignKey(
        Person, verbose_name=_("农村一方"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("帮扶困难户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        ordering = ["village__code", "kind", "start", "id"]
        indexes = [models.Index(fields=["kind", "start"])]

    def __str__(self) -> str:
        return f"{self.urban_side} ↔ {self.rural_side}"

    @property
    def urban_side(self) -> str:
        if self.unit is not None:
            if self.kind == PairingKind.BRANCH and self.unit.party_organization:
                return self.unit.party_organization
            return str(self.unit)
        return str(self.urban_person or "")

    @property
    def rural_side(self) -> str:
        if self.household_id:
            return f"{self.village.display_name} {self.household}"
        if self.rural_person_id:
            return f"{self.village.display_name} {self.rural_person}"
        return self.village.display_name

    def status_on(self, day: dt.date) -> str:
        return status_on(self.start, self.end, day)

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message: "StrOrPromise", code: str) -> None:
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            add("village", _("结对村必须是行政村。"), "not_a_village")
        if self.start and self.end and self.end < self.start:
            add("end", END_BEFORE_START, "end_before_start")
        kind = self.kind
        if kind in UNIT_KINDS:
            if not self.unit_id:
                add("unit", _("该类结对必须选择结对单位。"), "unit_required")
            elif kind in UNIT_KIND_FOR and self.unit is not None and self.unit.kind != UNIT_KIND_FOR[kind]:
                add(
                    "unit",
                    _("%(unit)s是%(actual)s，不能用于“%(pairing)s”（需要%(wanted)s）。")
                    % {
                        "unit": self.unit.name,
                        "actual": UnitKind(self.unit.kind).label,
                        "pairing": PairingKind(kind).label,
                        "wanted": UnitKind(UNIT_KIND_FOR[kind]).label,
                    },
                    "unit_kind",
                )
            if self.urban_person_id or self.rural_person_id or self.household_id:
                add("unit", _("单位结对不填写个人或困难户。"), "person_not_allowed")
        if kind in PERSON_KINDS:
            if self.unit_id:
                add("unit", _("个人结对不填写结对单位。"), "unit_not_allowed")
            if not self.urban_person_id:
                add("urban_person", _("请选择城市一方的人员。"), "urban_person_required")
        if kind == PairingKind.MEMBER:
            if not self.rural_person_id:
                add("rural_person", _("请选择农村一方的党员。"), "rural_person_required")
            if self.household_id:
                add("household", _("党员结对互助不涉及困难户。"), "household_not_allowed")
        if kind == PairingKind.CADRE:
            if self.urban_person_id and not Cadre.objects.filter(person_id=self.urban_person_id).exists():
                add("urban_person", _("结对帮扶的一方必须是登记在册的干部。"), "not_a_cadre")
            if not self.rural_person_id and not self.household_id:
                add("household", _("请选择帮扶的困难户或个人。"), "beneficiary_required")
            if (
                self.household_id
                and self.village_id
                and self.household is not None
                and self.household.village_id != self.village_id
            ):
                add("household", _("困难户不在所选的村。"), "other_village")
        if self.urban_person_id and self.urban_person_id == self.rural_person_id:
            add("rural_person", _("结对双方不能是同一个人。"), "same_person")
        if errors:
            raise ValidationError(errors)


class PostingBatch(models.Model):
    """A county's numbered batch of cadres posted to villages (挂职帮扶第N批)."""

    county = models.ForeignKey(
        Organization, verbose_name=_("县"), on_delete=models.PROTECT, related_name="posting_batches"
    )
    number = models.PositiveSmallIntegerField(_("批次"))
    name = models.CharField(_("名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂职批次")
        verbose_name_plural = _("挂职批次")
        ordering = ["county__code", "number"]
        constraints = [models.UniqueConstraint(fields=["county", "number"], name="unique_batch_number_per_county")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.county_id and self.county.kind != OrganizationKind.COUNTY:
            errors["county"] = ValidationError(_("挂职批次必须属于县。"), code="not_a_county")
        if self.number is not None and self.number < 1:
            errors["number"] = ValidationError(_("批次从1开始编号。"), code="number_below_one")
        if self.start and self.end and self.end < self.start:
            errors["end"] = ValidationError(END_BEFORE_START, code="end_before_start")
        if errors:
            raise ValidationError(errors)


class Posting(models.Model):
    """A cadre posted to a village for a term within a batch (挂职帮扶)."""

    batch = models.ForeignKey(PostingBatch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="postings")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="postings")
    village = models.ForeignKey(
        Organization, verbose_name=_("挂职村"), on_delete=models.PROTECT, related_name="postings"
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    duties = models.TextField(_("职责"), blank=True)
    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂职")
        verbose_name_plural = _("挂职")
        ordering = ["batch__number", "village__code", "id"]

    def __str__(self) -> str:
        return f"{self.batch} · {self.cadre.person.name} → {self.village.display_name}"

    def status_on(self, day: dt.date) -> str:
        return status_on(self.start, self.end, day)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            errors["village"] = ValidationError(_("挂职村必须是行政村。"), code="not_a_village")
        elif self.village_id and self.batch_id and not self.village.code.startswith(self.batch.county.code):
            errors["village"] = ValidationError(_("挂职村不在该批次所属的县。"), code="other_county")
        if self.start and self.end and self.end < self.start:
            errors["end"] = ValidationError(END_BEFORE_START, code="end_before_start")
        elif self.batch_id and self.start and self.end and (self.start < self.batch.start or self.end > self.batch.end):
            errors["start"] = ValidationError(
                _("挂职期限必须在本批次期限（%(start)s至%(end)s）之内。")
                % {
                    "start": self.batch.start.isoformat(),
                    "end": self.batch.end.isoformat(),
                },
                code="outside_batch_term",
            )
        if errors:
            raise ValidationError(errors)


class HelpKind(models.TextChoices):
    IDEAS = "ideas", _("理思路")
    PLANS = "plans", _("定规划")
    ORGANIZATION = "organization", _("强组织")
    TEAM = "team", _("抓队伍")
    RULES = "rules", _("建制度")


class Contribution(models.Model):
    """What a pairing or a posted cadre delivered, tagged by the five kinds of help."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), null=True, blank=True, on_delete=models.CASCADE, related_name="contributions"
    )
    posting = models.ForeignKey(
        Posting, verbose_name=_("挂职"), null=True, blank=True, on_delete=models.CASCADE, related_name="contributions"
    )
    date = models.DateField(_("日期"))
    description = models.TextField(_("帮扶内容"))
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
        verbose_name = _("帮扶实效")
        verbose_name_plural = _("帮扶实效")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pairing__isnull=False, posting__isnull=True)
                | Q(pairing__isnull=True, posting__isnull=False),
                name="contribution_of_pairing_or_posting",
            )
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self) -> None:
        if bool(self.pairing_id) == bool(self.posting_id):
            raise ValidationError(_("帮扶实效必须属于一个结对或一次挂职。"), code="pairing_or_posting")

    @property
    def kinds(self) -> list[str]:
        return [str(HelpKind(t.kind).label) for t in self.tags.all()]


class HelpTag(models.Model):
    contribution = models.ForeignKey(
        Contribution, verbose_name=_("帮扶实效"), on_delete=models.CASCADE, related_name="tags"
    )
    kind = models.CharField(_("帮扶类别"), max_length=16, choices=HelpKind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶类别")
        verbose_name_plural = _("帮扶类别")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["contribution", "kind"], name="unique_help_tag")]

    def __str__(self) -> str:
        return self.get_kind_display()


class FiveTogether(models.TextChoices):
    NEW_PEOPLE = "new_people", _("共育四有新人")
    ECONOMY = "economy", _("共促经济发展")
    CIVILITY = "civility", _("共树文明新风")
    SAFETY = "safety", _("共创安全稳定")
    ENVIRONMENT = "environment", _("共建优美环境")


class CoBuildingActivity(models.Model):
    """An entry in a unit pairing's civility co-building log, tagged by the Five Together (五共)."""

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对"), on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动内容"), blank=True)
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
        verbose_name = _("共建活动")
        verbose_name_plural = _("共建活动")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.pairing_id and self.pairing.kind not in ACTIVITY_KINDS:
            raise ValidationError(
                {
                    "pairing": ValidationError(
                        _("共建活动只记录在部门、文明单位或企业与村的结对下。"), code="pairing_kind"
                    )
                }
            )

    @property
    def kinds(self) -> list[str]:
        return [str(FiveTogether(t.kind).label) for t in self.tags.all()]


class FiveTogetherTag(models.Model):
    activity = models.ForeignKey(
        CoBuildingActivity, verbose_name=_("共建活动"), on_delete=models.CASCADE, related_name="tags"
    )
    kind = models.CharField(_("五共"), max_length=16, choices=FiveTogether.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("五共类别")
        verbose_name_plural = _("五共类别")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="unique_five_together_tag")]

    def __str__(self) -> str:
        return self.get_kind_display()


NEGATIVE_AMOUNT = _("数额不能为负数。")


class OutcomeType(models.TextChoices):
    PLAN = "plan", _("发展规划")
    PROJECT = "project", _("发展项目")
    FUNDS = "funds", _("资金")
    JOBS = "jobs", _("就业岗位")
    SCHOOLING = "schooling", _("助学")
    TECHNOLOGY = "technology", _("技术")
    INFORMATION = "information", _("信息")


# The unit each type's amount is measured in; types without one take no amount.
OUTCOME_UNITS = {
    OutcomeType.FUNDS: _("元"),
    OutcomeType.JOBS: _("个岗位"),
    OutcomeType.SCHOOLING: _("人"),
}
COUNTED_TYPES = {OutcomeType.JOBS, OutcomeType.SCHOOLING}


class Outcome(models.Model):
    """A result a pairing produced: a plan, a project, funds (元), jobs, schooling, technology, information."""

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="outcomes")
    date = models.DateField(_("日期"))
    type = models.CharField(_("成果类型"), max_length=16, choices=OutcomeType.choices, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    # 元 with two decimals for funds; a whole count for jobs and schooling; empty otherwise.
    amount = models.DecimalField(_("数额"), max_digits=14, decimal_places=2, null=True, blank=True)
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
        verbose_name = _("共建成果")
        verbose_name_plural = _("共建成果")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="outcome_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_label(self) -> str:
        label = OUTCOME_UNITS.get(self.type)  # type: ignore[call-overload]
        return str(label) if label else ""

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        amount = self.amount
        if amount is not None and not isinstance(amount, Decimal):
            errors["amount"] = ValidationError(_("数额必须是数字。"), code="amount_not_a_number")
        elif amount is not None and amount < 0:
            errors["amount"] = ValidationError(NEGATIVE_AMOUNT, code="amount_negative")
        elif self.type == OutcomeType.FUNDS and amount is None:
            errors["amount"] = ValidationError(_("资金成果必须填写金额（元）。"), code="amount_required")
        elif self.type == OutcomeType.FUNDS and amount == 0:
            errors["amount"] = ValidationError(_("资金金额必须大于零。"), code="amount_not_positive")
        elif self.type in COUNTED_TYPES and amount is not None and amount != amount.to_integral_value():
            errors["amount"] = ValidationError(
                _("%(type)s的数额是人数或个数，必须是整数。") % {"type": OutcomeType(self.type).label},
                code="amount_not_whole",
            )
        elif self.type and self.type not in OUTCOME_UNITS and amount is not None:
            errors["amount"] = ValidationError(
                _("%(type)s类成果不填写数额。") % {"type": OutcomeType(self.type).label}, code="amount_not_allowed"
            )
        if errors:
            raise ValidationError(errors)
