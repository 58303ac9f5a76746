"""四议两公开: a major village matter and its six steps, each step an event row."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import CreatedRecord, PublishGuarded, VillageRecord
from organizations.models import OrganizationKind
from people.models import Person

from .base import _refuse

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

    if TYPE_CHECKING:
        next_number: int | None  # set by the village page for its template (selectors.next_step)

    class Meta:
        verbose_name = _("四议两公开事项")
        verbose_name_plural = _("四议两公开事项")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def raiser(self) -> str:
        return self.raised_by_name or (self.raised_by.name if self.raised_by is not None else "")

    def clean(self) -> None:
        if self.village_id and self.village.kind != OrganizationKind.VILLAGE:
            raise ValidationError(
                {"village": ValidationError(_("四议两公开事项必须属于行政村。"), code="not_a_village")}
            )
        if not (self.raised_by_name or self.raised_by_id):
            raise ValidationError({"raised_by_name": ValidationError(_("请填写提议人。"), code="raiser_required")})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
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
