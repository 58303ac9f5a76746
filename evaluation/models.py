"""M2 Incentive and evaluation (激励考评): versioned standards, periods, assessments, appeals.

Totals, grades, ranks and an assessment's workflow status are computed on read: the
status is the kind of the latest workflow event (see ``AssessmentQuerySet.with_status``),
the total the sum of effective item scores. Nothing derived is stored.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from common.checks import END_BEFORE_START
from organizations.models import Organization, OrganizationKind
from people.models import Person


class StandardCode(models.TextChoices):
    FIVE_GOOD = "five_good", _("五个好村党组织")
    FIVE_LEAD = "five_lead", _("五带头党员")


class Subject(models.TextChoices):
    ORGANIZATION = "organization", _("村党组织")
    MEMBER = "member", _("党员")


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("启用")
    RETIRED = "retired", _("停用")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


DEFAULT_BANDS = [
    (Grade.EXCELLENT, Decimal("90")),
    (Grade.GOOD, Decimal("75")),
    (Grade.PASS, Decimal("60")),
    (Grade.FAIL, Decimal("0")),
]

POINTS: dict[str, Any] = {"max_digits": 5, "decimal_places": 1}
TOTAL: dict[str, Any] = {"max_digits": 6, "decimal_places": 1}


class Standard(models.Model):
    """One version of a county's standard (考评标准). Only drafts are edited; a change is a new version."""

    county = models.ForeignKey(
        Organization,
        verbose_name=_("县"),
        on_delete=models.PROTECT,
        related_name="evaluation_standards",
        limit_choices_to={"kind": OrganizationKind.COUNTY},
    )
    code = models.CharField(_("标准代码"), max_length=32, choices=StandardCode.choices)
    name = models.CharField(_("标准名称"), max_length=100)
    subject = models.CharField(_("考评对象"), max_length=16, choices=Subject.choices)
    total_points = models.DecimalField(_("总分"), default=Decimal("100"), **TOTAL)
    version = models.PositiveIntegerField(_("版本号"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评标准")
        verbose_name_plural = _("考评标准")
        ordering = ["county__code", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code", "version"], name="unique_standard_version"),
            models.UniqueConstraint(
                fields=["county", "code"], condition=Q(status="active"), name="one_active_standard_per_code"
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s（第%(version)s版）") % {"name": self.name, "version": self.version}

    def clean(self) -> None:
        if self.county_id and self.county.kind != OrganizationKind.COUNTY:
            raise ValidationError({"county": ValidationError(_("考评标准必须属于一个县。"), code="not_a_county")})
        if self.total_points is not None and self.total_points <= 0:
            raise ValidationError({"total_points": ValidationError(_("总分必须大于0。"), code="not_positive")})


class Dimension(models.Model):
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("考评维度"), max_length=60)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评维度")
        verbose_name_plural = _("考评维度")
        ordering = ["standard", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="unique_dimension_order")]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    dimension = models.ForeignKey(Dimension, verbose_name=_("维度"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("考评内容"), max_length=200)
    points = models.DecimalField(_("分值"), **POINTS)
    guidance = models.TextField(_("评分说明"), blank=True)
    evidence_wanted = models.CharField(_("佐证材料"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评细则")
        verbose_name_plural = _("考评细则")
        ordering = ["dimension__order", "order"]
        constraints = [models.UniqueConstraint(fields=["dimension", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.points is not None and self.points <= 0:
            raise ValidationError({"points": ValidationError(_("分值必须大于0。"), code="not_positive")})


class GradeBand(models.Model):
    """The minimum score of a grade for one standard version (thresholds are configurable)."""

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    minimum = models.DecimalField(_("最低分"), **TOTAL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("等次分数线")
        verbose_name_plural = _("等次分数线")
        ordering = ["standard", "-minimum"]
        constraints = [models.UniqueConstraint(fields=["standard", "grade"], name="unique_band_grade")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} ≥ {self.minimum}"


class AssessmentPeriod(models.Model):
    """An assessment period (考评周期), usually a year, with the deadline of each step."""

    county = models.ForeignKey(
        Organization, verbose_name=_("县"), on_delete=models.PROTECT, related_name="evaluation_periods"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    self_deadline = models.DateField(_("自评截止日期"))
    review_deadline = models.DateField(_("乡镇审核截止日期"))
    approval_deadline = models.DateField(_("县级审定截止日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评周期")
        verbose_name_plural = _("考评周期")
        ordering = ["county__code", "-year", "-start"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="unique_period_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.county_id and self.county.kind != OrganizationKind.COUNTY:
            raise ValidationError({"county": ValidationError(_("考评周期必须属于一个县。"), code="not_a_county")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": ValidationError(END_BEFORE_START, code="end_before_start")})
        if self.self_deadline and self.start and self.self_deadline < self.start:
            raise ValidationError(
                {"self_deadline": ValidationError(_("自评截止日期不能早于开始日期。"), code="deadline_before_start")}
            )
        if self.self_deadline and self.review_deadline and self.review_deadline < self.self_deadline:
            raise ValidationError(
                {
                    "review_deadline": ValidationError(
                        _("乡镇审核截止日期不能早于自评截止日期。"), code="deadline_before_self_deadline"
                    )
                }
            )
        if self.review_deadline and self.approval_deadline and self.approval_deadline < self.review_deadline:
            raise ValidationError(
                {
                    "approval_deadline": ValidationError(
                        _("县级审定截止日期不能早于乡镇审核截止日期。"), code="deadline_before_review_deadline"
                    )
                }
            )


class Status(models.TextChoices):
    SELF = "self", _("自评中")
    REVIEW = "review", _("乡镇审核中")
    APPROVAL = "approval", _("待县级审定")
    APPROVED = "approved", _("已审定")


class EventKind(models.TextChoices):
    STARTED = "started", _("启动考评")
    SUBMITTED = "submitted", _("提交自评")
    RETURNED_TO_SELF = "returned_to_self", _("退回自评")
    REVIEWED = "reviewed", _("乡镇审核并报县")
    RETURNED_TO_REVIEW = "returned_to_review", _("县级退回乡镇")
    APPROVED = "approved", _("县级审定")
    APPEALED = "appealed", _("提出申诉")
    APPEAL_DECIDED = "appeal_decided", _("申诉处理")


# The workflow status an event leaves the assessment in; appeal events leave it approved.
STATUS_AFTER = {
    EventKind.STARTED: Status.SELF,
    EventKind.SUBMITTED: Status.REVIEW,
    EventKind.RETURNED_TO_SELF: Status.SELF,
    EventKind.REVIEWED: Status.APPROVAL,
    EventKind.RETURNED_TO_REVIEW: Status.REVIEW,
    EventKind.APPROVED: Status.APPROVED,
}
WORKFLOW_KINDS = list(STATUS_AFTER)


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


def latest_workflow_events() -> "models.QuerySet[AssessmentEvent]":
    """Each assessment's latest workflow event (by ``at``, then ``id``), as in ``with_status``.

    An event is the latest when no workflow event of the same assessment comes after it:
    an anti-join the database answers with one hash join, where ``with_status`` sorts
    each assessment's events in a subquery per row.
    """
    later = AssessmentEvent.objects.filter(assessment=OuterRef("assessment"), kind__in=WORKFLOW_KINDS).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id"))
    )
    return AssessmentEvent.objects.filter(kind__in=WORKFLOW_KINDS).exclude(Exists(later))


def inactive_standard_error() -> ValidationError:
    return ValidationError(_("只能按已启用的标准开展考评。"), code="standard_not_active")


def unknown_item_error() -> ValidationError:
    return ValidationError(_("该细则不属于本次考评。"), code="unknown_item")


def other_county_error() -> ValidationError:
    return ValidationError(_("考评标准与考评周期不属于同一个县。"), code="other_county")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def with_status(self) -> "AssessmentQuerySet":
        """Annotate ``status``: the status left by the latest workflow event.

        The status is mapped from the kind inside the one subquery, so that the database
        runs it once per row rather than once per ``When``.
        """
        latest = AssessmentEvent.objects.filter(assessment=OuterRef("pk"), kind__in=WORKFLOW_KINDS).order_by(
            "-at", "-id"
        )
        whens = [models.When(kind=kind.value, then=Value(status.value)) for kind, status in STATUS_AFTER.items()]
        status_of_latest = latest.annotate(
            status_after=models.Case(*whens, default=Value(Status.SELF.value), output_field=models.CharField())
        ).values("status_after")[:1]
        return self.annotate(  # type: ignore[no-redef]  # declared on the model for the rows' readers (TYPE_CHECKING only)
            status=Coalesce(Subquery(status_of_latest), Value(Status.SELF.value), output_field=models.CharField()),
        )

    def approved(self) -> "AssessmentQuerySet":
        """Only assessments whose latest workflow event is the county's approval (one semi-join, no per-row sort)."""
        return self.filter(Exists(latest_workflow_events().filter(assessment=OuterRef("pk"), kind=EventKind.APPROVED)))

    def with_total(self) -> "AssessmentQuerySet":
        """Annotate ``score_sum`` (effective item scores) and ``total`` (an upheld appeal's revised total wins)."""
        decimal: DecimalField[Decimal, Decimal] = DecimalField(**TOTAL)
        sums = (
            # order_by(): ItemScore's default ordering would join items and dimensions into every subquery.
            ItemScore.objects.filter(assessment=OuterRef("pk"))
            .order_by()
            .values("assessment")
            .annotate(s=Sum(Coalesce("review_score", "self_score", output_field=decimal)))
            .values("s")
        )
        revised = Appeal.objects.filter(
            assessment=OuterRef("pk"), decision=AppealDecision.UPHELD, revised_total__isnull=False
        ).values("revised_total")
        return self.annotate(  # type: ignore[no-redef]  # declared on the model for the rows' readers (TYPE_CHECKING only)
            score_sum=Coalesce(Subquery(sums, output_field=decimal), Value(Decimal("0"), output_field=decimal)),
        ).annotate(total=Coalesce(Subquery(revised, output_field=decimal), "score_sum", output_field=decimal))

    def status_counts(self, *fields: str) -> dict[tuple, dict[str, int]]:
        """Return ``{(field values…): {status: count}}`` for these assessments, grouped by ``fields``.

        Two grouped queries whatever the number of assessments: the latest workflow event
        of each (an anti-join, see ``latest_workflow_events``) counted by kind, and the
        assessments counted, so that those without any workflow event count as self-assessing.
        """
        counts: dict[tuple, dict[str, int]] = {}
        rows = (
            latest_workflow_events()
            .filter(assessment__in=self.order_by().values("pk"))
            .order_by()
            .values_list(*[f"assessment__{f}" for f in fields], "kind")
            .annotate(n=Count("id"))
        )
        for *key, kind, n in rows:
            by_status = counts.setdefault(tuple(key), {})
            status = STATUS_AFTER[EventKind(kind)].value
            by_status[status] = by_status.get(status, 0) + n
        for *key, n in self.order_by().values_list(*fields).annotate(n=Count("id")):
            by_status = counts.setdefault(tuple(key), {})
            without_events = n - sum(by_status.values())
            if without_events:
                by_status[Status.SELF.value] = by_status.get(Status.SELF.value, 0) + without_events
        return counts

    def for_display(self) -> "AssessmentQuerySet":
        return self.with_status().with_total().select_related("period", "standard", "organization__parent", "person")


class Assessment(models.Model):
    """One subject's assessment in a period against one standard version.

    The subject is a village party organization (``organization``) for Five-Good, or a
    member (``person``) for Five-Lead; a member's assessment also carries their branch
    village in ``organization``, so that one scope filter serves both kinds.
    """

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("考评周期"), on_delete=models.PROTECT, related_name="assessments"
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("标准版本"), on_delete=models.PROTECT, related_name="assessments"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("村"), on_delete=models.PROTECT, related_name="assessments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("党员"), null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    if TYPE_CHECKING:  # annotations of AssessmentQuerySet.with_status() and with_total(), not columns
        status: str
        score_sum: Decimal
        total: Decimal
        # set by assessment_list for its page
        grade_label: str
        status_label: StrOrPromise

    class Meta:
        verbose_name = _("考评")
        verbose_name_plural = _("考评")
        ordering = ["period", "standard__code", "organization__code", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "standard", "organization"],
                condition=Q(person__isnull=True),
                name="one_organization_assessment",
            ),
            models.UniqueConstraint(
                fields=["period", "standard", "person"], condition=Q(person__isnull=False), name="one_member_assessment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.subject_name} {self.standard.name}"

    @property
    def subject_name(self) -> str:
        return self.person.name if self.person is not None else self.organization.display_name

    def clean(self) -> None:
        if not (self.standard_id and self.organization_id):
            return
        if self.organization.kind != OrganizationKind.VILLAGE:
            raise ValidationError(
                {"organization": ValidationError(_("考评对象必须是行政村党组织或其党员。"), code="not_a_village")}
            )
        if self.standard.subject == Subject.MEMBER and not self.person_id:
            raise ValidationError(
                {"person": ValidationError(_("该标准考评党员，必须指定党员。"), code="person_required")}
            )
        if self.standard.subject == Subject.ORGANIZATION and self.person_id:
            raise ValidationError(
                {"person": ValidationError(_("该标准考评村党组织，不能指定党员。"), code="person_not_allowed")}
            )
        if self.period_id and self.period.county_id != self.standard.county_id:
            raise ValidationError({"standard": other_county_error()})
        if not self.organization.code.startswith(self.standard.county.code):
            raise ValidationError({"organization": ValidationError(_("考评对象不在该县。"), code="other_county")})


class ItemScore(models.Model):
    assessment = models.ForeignKey(Assessment, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, verbose_name=_("考评细则"), on_delete=models.PROTECT, related_name="scores")
    self_score = models.DecimalField(_("自评分"), null=True, blank=True, **POINTS)
    review_score = models.DecimalField(_("审核分"), null=True, blank=True, **POINTS)
    comment = models.TextField(_("说明"), blank=True)
    prefill_note = models.CharField(_("预填依据"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("细则得分")
        verbose_name_plural = _("细则得分")
        ordering = ["item__dimension__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.effective}"

    @property
    def effective(self) -> Decimal | None:
        return self.review_score if self.review_score is not None else self.self_score

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.item_id and self.assessment_id and self.item.dimension.standard_id != self.assessment.standard_id:
            errors["item"] = ValidationError(_("该细则不属于本次考评所用的标准版本。"), code="other_standard")
        for field in ("self_score", "review_score"):
            value = getattr(self, field)
            if value is None or not self.item_id:
                continue
            if value < 0:
                errors[field] = ValidationError(_("得分不能为负数。"), code="negative")
            elif value > self.item.points:
                errors[field] = ValidationError(
                    _("「%(item)s」得分 %(score)s 超过该项分值 %(points)s 分。"),
                    code="above_points",
                    params={"item": self.item.title, "score": value, "points": self.item.points},
                )
        if errors:
            raise ValidationError(errors)


class AssessmentEvent(models.Model):
    """A workflow step of an assessment: who did what, when (the status is read from these)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.TextField(_("意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评记录")
        verbose_name_plural = _("考评记录")
        ordering = ["assessment", "at", "id"]
        indexes = [models.Index(fields=["assessment", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evaluation/evidence/{instance.assessment_id}/{filename}"


class Evidence(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="evidence"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("考评细则"), null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    description = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["assessment", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Appeal(models.Model):
    """The one appeal (申诉) an approved assessment may have, and its decision."""

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="appeal"
    )
    reason = models.TextField(_("申诉理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申诉人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("申诉时间"), default=timezone.now)
    decision = models.CharField(_("处理结果"), max_length=16, choices=AppealDecision.choices, blank=True)
    decision_reason = models.TextField(_("处理意见"), blank=True)
    revised_total = models.DecimalField(_("更正后总分"), null=True, blank=True, **TOTAL)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")

    def __str__(self) -> str:
        return _("%(assessment)s的申诉") % {"assessment": self.assessment}
