"""M1 Organizational guarantee: each township's campaign leadership group, its office and work log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.punctuation import parens
from organizations.models import Organization, OrganizationKind
from people.models import Person


class LeadershipGroup(models.Model):
    """A township's 创先争优活动领导小组 and its office (办公室)."""

    township = models.OneToOneField(
        Organization, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="leadership_group"
    )
    name = models.CharField(_("名称"), max_length=100)
    established_on = models.DateField(_("成立日期"))
    office_location = models.CharField(_("办公室地址"), max_length=120, blank=True)
    office_phone = models.CharField(_("办公室电话"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        ordering = ["township__code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.township_id and self.township.kind != OrganizationKind.TOWNSHIP:
            raise ValidationError({"township": ValidationError(_("领导小组必须设在乡镇。"), code="not_a_township")})


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")


class GroupMemberQuerySet(models.QuerySet["GroupMember"]):
    def on(self, day) -> "GroupMemberQuerySet":
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))


class GroupMember(models.Model):
    group = models.ForeignKey(
        LeadershipGroup, verbose_name=_("领导小组"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="leadership_roles"
    )
    role = models.CharField(_("职务"), max_length=20, choices=GroupRole.choices)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["group", "role", "start"]

    def __str__(self) -> str:
        return parens(self.person, self.get_role_display())

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": ValidationError(_("结束日期不能早于起始日期。"), code="end_before_start")})


class WorkKind(models.TextChoices):
    PLANNING = "planning", _("抓谋划")
    DEPLOYMENT = "deployment", _("抓部署")
    SUPERVISION = "supervision", _("抓督促")
    MODEL_CULTIVATION = "model_cultivation", _("抓典型培育")


class WorkLogEntry(models.Model):
    group = models.ForeignKey(LeadershipGroup, verbose_name=_("领导小组"), on_delete=models.CASCADE, related_name="log")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=20, choices=WorkKind.choices)
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title
