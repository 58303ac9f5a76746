"""P1 Learning platform: service teams and their Four-Deliveries visits, trainings and attendance.

Scope paths: a team by its ``organization`` (the organizing township, or the county for a
county organ's team); a visit by its ``target`` (the village or party group visited); a
training by its ``organization`` (the trainer's scope); an attendance by its training's.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.punctuation import parens
from organizations.models import Organization, OrganizationKind, OutsideUnit
from people.models import Person

MAX_HOURS = Decimal(24)
HOURS_RANGE = _("学时必须大于0且不超过24小时。")
HOURS_NOT_A_NUMBER = _("学时请填写数字，例如 2.5。")
NOBODY_ATTENDED = _("请至少选择一名参训党员。")


def validate_hours(value: Decimal | None) -> None:
    if value is not None and (value <= 0 or value > MAX_HOURS):
        raise ValidationError(HOURS_RANGE, code="hours_range")


class ServiceTeam(models.Model):
    """A service team (服务队) of county or township cadres that visits villages and party groups."""

    name = models.CharField(_("服务队名称"), max_length=100)
    # The organizing township, or the county when a county organ (``unit``) organizes the team.
    organization = models.ForeignKey(
        Organization, verbose_name=_("组建单位（县/乡镇）"), on_delete=models.PROTECT, related_name="service_teams"
    )
    unit = models.ForeignKey(
        OutsideUnit,
        verbose_name=_("组建机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_teams",
    )
    leader = models.ForeignKey(
        Person, verbose_name=_("队长"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members: "models.ManyToManyField[Person, TeamMember]" = models.ManyToManyField(
        Person, verbose_name=_("队员"), through="TeamMember", related_name="service_teams"
    )
    note = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务队")
        verbose_name_plural = _("服务队")
        ordering = ["organization__code", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str:
        return self.organization.code[:6]

    @property
    def organizer(self) -> str:
        return self.unit.display_name if self.unit is not None else self.organization.display_name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.organization_id:
            kind = self.organization.kind
            if kind not in (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP):
                errors["organization"] = ValidationError(_("服务队由县直机关或乡镇组建。"), code="organizer_kind")
            elif kind == OrganizationKind.COUNTY and not self.unit_id:
                errors["unit"] = ValidationError(_("县级服务队请选择组建的县直机关。"), code="unit_required")
            elif self.unit is not None and not self.organization.code.startswith(self.unit.home.code[:6]):
                errors["unit"] = ValidationError(_("组建机关不在该县。"), code="other_county")
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    team = models.ForeignKey(
        ServiceTeam, verbose_name=_("服务队"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("队员"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务队队员")
        verbose_name_plural = _("服务队队员")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.team} · {self.person}"


class DeliveryKind(models.Model):
    """One of the Four Deliveries (四送); a table, so a county can add or retire kinds."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("四送类别")
        verbose_name_plural = _("四送类别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        # The seeded Four Deliveries have catalogue entries (learning.services.FOUR_DELIVERIES); a
        # county's own kind has none and shows as recorded.
        return gettext(self.name) if self.name else ""


class Visit(models.Model):
    """A service team's visit to a village or party group, tagged by the Four Deliveries."""

    team = models.ForeignKey(ServiceTeam, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("日期"), db_index=True)
    target = models.ForeignKey(
        Organization, verbose_name=_("服务对象（村/党小组）"), on_delete=models.PROTECT, related_name="service_visits"
    )
    kinds: "models.ManyToManyField[DeliveryKind, VisitDelivery]" = models.ManyToManyField(
        DeliveryKind, verbose_name=_("四送"), through="VisitDelivery", related_name="visits"
    )
    content = models.TextField(_("服务内容"))
    people_reached = models.PositiveIntegerField(_("受益人数"), default=0)
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
        verbose_name = _("服务队下访")
        verbose_name_plural = _("服务队下访")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.team} → {parens(self.target, f'{self.date:%Y-%m-%d}')}"

    @property
    def village(self) -> Organization:
        parent = self.target.parent if self.target.kind == OrganizationKind.PARTY_GROUP else None
        return parent if parent is not None else self.target  # a party group always has its village

    def clean(self) -> None:
        if self.target_id:
            if self.target.kind not in (OrganizationKind.VILLAGE, OrganizationKind.PARTY_GROUP):
                raise ValidationError(
                    {"target": ValidationError(_("服务对象必须是行政村或党小组。"), code="target_kind")}
                )
            if self.team_id and not self.target.code.startswith(self.team.county_code):
                raise ValidationError(
                    {"target": ValidationError(_("服务对象不在服务队所在的县。"), code="other_county")}
                )


class VisitDelivery(models.Model):
    visit = models.ForeignKey(Visit, verbose_name=_("下访"), on_delete=models.CASCADE, related_name="deliveries")
    kind = models.ForeignKey(DeliveryKind, verbose_name=_("四送类别"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("下访四送类别")
        verbose_name_plural = _("下访四送类别")
        ordering = ["kind__order", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="unique_visit_delivery")]

    def __str__(self) -> str:
        return self.kind.name


class Channel(models.TextChoices):
    CENTRAL_HOUSEHOLD = "central_household", _("党员中心户")
    FARM_CLASSROOM = "farm_classroom", _("农家课堂")
    DISTANCE = "distance", _("远程教育")
    EXPERT = "expert", _("专家现场指导")


class Training(models.Model):
    """A training session; its organization is the trainer's scope and bounds who may attend."""

    channel = models.CharField(_("培训渠道"), max_length=20, choices=Channel.choices, db_index=True)
    topic = models.CharField(_("培训主题"), max_length=200)
    trainer_name = models.CharField(_("授课人"), max_length=100)
    trainer = models.ForeignKey(
        Person, verbose_name=_("授课人（人员库）"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="trainings"
    )
    date = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, validators=[validate_hours])
    location = models.CharField(_("地点"), max_length=200, blank=True)
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
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return parens(self.topic, f"{self.date:%Y-%m-%d}")

    def clean(self) -> None:
        if self.organization_id and self.organization.kind not in (
            OrganizationKind.COUNTY,
            OrganizationKind.TOWNSHIP,
            OrganizationKind.VILLAGE,
        ):
            raise ValidationError(
                {"organization": ValidationError(_("培训由县、乡镇或村组织。"), code="organizer_kind")}
            )


class Attendance(models.Model):
    """A party member's attendance at a training, with the hours credited to their learning record."""

    training = models.ForeignKey(Training, verbose_name=_("培训"), on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name=_("参训党员"), on_delete=models.PROTECT, related_name="attendances")
    hours = models.DecimalField(_("计入学时"), max_digits=4, decimal_places=1, validators=[validate_hours])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        ordering = ["training", "id"]
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"
