"""M3 Supervision and guidance (督促指导): demonstration sites, model members, contact points, reviews.

Statuses such as "review overdue" are never stored: ``supervision.review_status`` computes
them from the reviews on the date asked about.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import END_BEFORE_START
from organizations.models import Organization, OrganizationKind
from people.models import Cadre, CadreRank, PartyMembership, Person

YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


def not_a_member_error(person: object) -> ValidationError:
    return ValidationError(_("%(name)s不是党员，不能评为标兵。") % {"name": person}, code="not_a_member")


class DemonstrationSite(models.Model):
    """A demonstration site (示范点) selected by the county for one year."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="demonstration_sites"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    reason = models.TextField(_("评选理由"))
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评选人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("示范点")
        verbose_name_plural = _("示范点")
        ordering = ["-year", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_demonstration_site_per_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organization}"

    def clean(self) -> None:
        if not self.organization_id:
            return
        allowed = (OrganizationKind.TOWNSHIP, OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP)
        if self.organization.kind not in allowed:
            raise ValidationError(
                {"organization": ValidationError(_("示范点必须是乡镇、行政村或党小组。"), code="organization_kind")}
            )
        if self.year and (
            DemonstrationSite.objects.filter(organization_id=self.organization_id, year=self.year)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "organization": ValidationError(
                        _("%(org)s已是%(year)s年度的示范点。") % {"org": self.organization, "year": self.year},
                        code="already_demonstration_site",
                    )
                }
            )


class ModelMember(models.Model):
    """A model party member (标兵) named for one year, with the deeds and the public citation."""

    person = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="model_titles")
    # The branch the member belonged to when named: a fact of the selection, kept so that a
    # later move to another branch does not move the title (and the figure) with them.
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在支部（村）"), on_delete=models.PROTECT, related_name="model_members"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    deeds = models.TextField(_("主要事迹"))
    citation = models.TextField(_("公开评语"), blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评选人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("标兵")
        verbose_name_plural = _("标兵")
        ordering = ["-year", "organization__code", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_model_title_per_person_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.person}"

    def clean(self) -> None:
        if not self.person_id:
            return
        if not PartyMembership.objects.filter(person_id=self.person_id).exists():
            raise ValidationError({"person": not_a_member_error(self.person)})
        if self.year and (
            ModelMember.objects.filter(person_id=self.person_id, year=self.year).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {
                    "person": ValidationError(
                        _("%(name)s已是%(year)s年度的标兵。") % {"name": self.person, "year": self.year},
                        code="already_model_member",
                    )
                }
            )


class LeaderLevel(models.TextChoices):
    """A leader's level follows where the cadre works: a county organ or a township."""

    COUNTY = "county", _("县挂点领导")
    TOWNSHIP = "township", _("乡镇挂点领导")


# The kind of organization each level links to.
TARGET_KIND = {LeaderLevel.COUNTY: OrganizationKind.TOWNSHIP, LeaderLevel.TOWNSHIP: OrganizationKind.VILLAGE}
LEADER_RANKS = (CadreRank.COUNTY, CadreRank.SECTION)


def leader_level_of(cadre: Cadre) -> LeaderLevel | None:
    """Return the level of a cadre as a linked leader: a township organ's cadre is a township leader."""
    kind = cadre.organization.kind
    if kind == OrganizationKind.COUNTY:
        return LeaderLevel.COUNTY
    if kind == OrganizationKind.TOWNSHIP:
        return LeaderLevel.TOWNSHIP
    return None


class ContactPointQuerySet(models.QuerySet["ContactPoint"]):
    def active_between(self, first: dt.date, last: dt.date) -> "ContactPointQuerySet":
        """Return contact points active on at least one day of ``first``..``last``."""
        return self.filter(Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first)))

    def active_on(self, day: dt.date) -> "ContactPointQuerySet":
        return self.active_between(day, day)


class ContactPoint(models.Model):
    """A leader's contact point (联系点): a county leader links to a township, a township leader to a village."""

    leader = models.ForeignKey(
        Person, verbose_name=_("挂点领导"), on_delete=models.PROTECT, related_name="contact_points"
    )
    target = models.ForeignKey(
        Organization, verbose_name=_("联系点"), on_delete=models.PROTECT, related_name="contact_points"
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()
    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系点")
        verbose_name_plural = _("联系点")
        ordering = ["target__code", "start", "id"]
        indexes = [models.Index(fields=["leader", "start"])]

    def __str__(self) -> str:
        return f"{self.leader} → {self.target}"

    @property
    def level(self) -> LeaderLevel:
        """Derive the level from the target, which ``clean`` keeps in step with the leader's organ."""
        return LeaderLevel.COUNTY if self.target.kind == OrganizationKind.TOWNSHIP else LeaderLevel.TOWNSHIP

    def get_level_display(self) -> str:
        return str(self.level.label)

    def is_active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = ValidationError(END_BEFORE_START, code="end_before_start")
        if self.leader_id and self.target_id:
            cadre = Cadre.objects.filter(person_id=self.leader_id).select_related("organization").first()
            level = leader_level_of(cadre) if cadre is not None else None
            if cadre is None or cadre.rank not in LEADER_RANKS or level is None:
                errors["leader"] = ValidationError(_("挂点领导必须是县级或科级干部。"), code="leader_rank")
            elif self.target.kind != TARGET_KIND[level]:
                message = (
                    _("县挂点领导的联系点必须是乡镇。")
                    if level == LeaderLevel.COUNTY
                    else _("乡镇挂点领导的联系点必须是行政村。")
                )
                errors["target"] = ValidationError(message, code="target_kind")
            elif not self.target.code.startswith(cadre.organization.code):
                message = (
                    _("乡镇挂点领导只能联系本乡镇（%(township)s）的村。")
                    if level == LeaderLevel.TOWNSHIP
                    else _("县挂点领导只能联系本县（%(township)s）的乡镇。")
                )
                errors["target"] = ValidationError(message % {"township": cadre.organization}, code="other_township")
            elif self.start and not errors:
                overlapping = ContactPoint.objects.filter(leader_id=self.leader_id, target_id=self.target_id)
                overlapping = overlapping.active_between(self.start, self.end or dt.date.max).exclude(pk=self.pk)
                if overlapping.exists():
                    errors["target"] = ValidationError(_("该领导在这段时间已联系此单位。"), code="overlap")
        if errors:
            raise ValidationError(errors)


class Rating(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class Review(models.Model):
    """A leader's review (点评) of a contact point on a date."""

    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("联系点"), on_delete=models.PROTECT, related_name="reviews"
    )
    date = models.DateField(_("点评日期"))
    findings = models.TextField(_("点评意见"))
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("点评")
        verbose_name_plural = _("点评")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["contact_point", "date"])]

    def __str__(self) -> str:
        return f"{self.contact_point} {self.date}"

    def clean(self) -> None:
        if self.contact_point_id and self.date and not self.contact_point.is_active_on(self.date):
            raise ValidationError(
                {
                    "date": ValidationError(
                        _("联系点在%(date)s不在有效期内，不能点评。") % {"date": self.date.isoformat()},
                        code="contact_point_inactive",
                    )
                }
            )


class FollowUpAction(models.Model):
    """A follow-up action (整改措施) from a review: what, who, by when, and when it was done."""

    review = models.ForeignKey(Review, verbose_name=_("点评"), on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("整改事项"))
    owner = models.ForeignKey(Person, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="follow_ups")
    deadline = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.review_id:
            if self.deadline and self.deadline < self.review.date:
                errors["deadline"] = ValidationError(_("完成时限不能早于点评日期。"), code="deadline_before_review")
            if self.done_on and self.done_on < self.review.date:
                errors["done_on"] = ValidationError(_("完成日期不能早于点评日期。"), code="done_before_review")
        if errors:
            raise ValidationError(errors)


class PeriodMonths(models.IntegerChoices):
    MONTH = 1, _("每月")
    TWO_MONTHS = 2, _("每两个月")
    QUARTER = 3, _("每季度")
    FOUR_MONTHS = 4, _("每四个月")
    HALF_YEAR = 6, _("每半年")
    YEAR = 12, _("每年")


# Defaults from the source: a county leader reviews each township at least once a year,
# a township leader each village at least twice a year.
DEFAULT_REQUIREMENTS = {
    LeaderLevel.COUNTY: {"reviews_required": 1, "period_months": 12, "due_soon_days": 30},
    LeaderLevel.TOWNSHIP: {"reviews_required": 2, "period_months": 12, "due_soon_days": 30},
}


class ReviewRequirement(models.Model):
    """How often a level of leader must review each contact point, per county (configurable by the county)."""

    county = models.ForeignKey(
        Organization, verbose_name=_("县"), on_delete=models.CASCADE, related_name="review_requirements"
    )
    level = models.CharField(_("挂点层级"), max_length=16, choices=LeaderLevel.choices)
    reviews_required = models.PositiveSmallIntegerField(
        _("每周期应点评次数"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    period_months = models.PositiveSmallIntegerField(_("周期"), choices=PeriodMonths.choices, default=12)
    due_soon_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=30, validators=[MaxValueValidator(366)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("点评要求")
        verbose_name_plural = _("点评要求")
        ordering = ["county__code", "level"]
        constraints = [models.UniqueConstraint(fields=["county", "level"], name="one_review_requirement_per_level")]

    def __str__(self) -> str:
        return f"{self.county} {self.get_level_display()}"

    @classmethod
    def default(cls, county: Organization, level: str) -> "ReviewRequirement":
        """Return the (unsaved) default requirement for a level."""
        return cls(county=county, level=level, **DEFAULT_REQUIREMENTS[LeaderLevel(level)])

    def clean(self) -> None:
        if self.county_id and self.county.kind != OrganizationKind.COUNTY:
            raise ValidationError({"county": ValidationError(_("点评要求必须按县设置。"), code="not_a_county")})
