"""A member's sub-records as the national party-member information system keeps them (党员信息).

Posts held (职务), rewards and punishments (奖惩), family members (家庭成员) and difficulties
(困难情况) are kept here, one row each, for a person with a party membership. What other apps
already hold — organizational activity (branch_life's attendance), dues (branch_life's
payments), cultivation (membership's step events) — is read through their selectors, never
copied. Each kind has a natural key (the member and what the national form names it by): the
Excel import matches on it, so importing an export again changes nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import EncryptedCharField
from people.models import Person


class PostHeld(models.Model):
    """A post a member holds or held (职务): not only the village posts ``people.Appointment`` keeps."""

    person = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="posts_held")
    title = models.CharField(_("职务名称"), max_length=60)
    organization = models.CharField(_("任职单位"), max_length=100)
    start = models.DateField(_("任职日期"))
    end = models.DateField(_("免职日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["person", "-start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title", "start"],
                name="one_post_per_title_and_start",
                violation_error_code="duplicate_post",
                violation_error_message=_("该党员已登记同一日期起任的同一职务。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.title}"


class Sanction(models.TextChoices):
    REWARD = "reward", _("奖励")
    PUNISHMENT = "punishment", _("惩处")


class RewardPunishment(models.Model):
    """A reward or a punishment (奖惩), with the body that granted it and its document number."""

    person = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("奖惩类别"), max_length=12, choices=Sanction.choices)
    name = models.CharField(_("奖惩名称"), max_length=100)
    granted_by = models.CharField(_("批准机关"), max_length=100)
    on = models.DateField(_("批准日期"))
    document_number = models.CharField(_("批准文号"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("奖惩")
        verbose_name_plural = _("奖惩")
        ordering = ["person", "-on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "name", "on"],
                name="one_sanction_per_name_and_date",
                violation_error_code="duplicate_sanction",
                violation_error_message=_("该党员已登记同一日期的同一奖惩。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.name}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    OTHER_PARTY = "other_party", _("民主党派")
    MASSES = "masses", _("群众")


class FamilyMember(models.Model):
    """A member of the member's family (家庭成员); the phone is personal data, encrypted and masked like a person's."""

    person = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("称谓"), max_length=12, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位及职务"), max_length=100, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices)
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["person", "relation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relation", "name"],
                name="one_family_member_per_relation_and_name",
                violation_error_code="duplicate_family_member",
                violation_error_message=_("该党员已登记同一称谓、同一姓名的家庭成员。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_relation_display()} {self.name}"


class DifficultyKind(models.TextChoices):
    LIVING = "living", _("生活困难")
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    DISASTER = "disaster", _("因灾")
    OLD_AGE = "old_age", _("年老体弱")
    OTHER = "other", _("其他")


class Difficulty(models.Model):
    """A difficulty the member is in (困难情况), since when, and the help given."""

    person = models.ForeignKey(Person, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="difficulties")
    kind = models.CharField(_("困难类型"), max_length=12, choices=DifficultyKind.choices)
    description = models.CharField(_("困难情况"), max_length=200)
    since = models.DateField(_("开始日期"))
    help_given = models.CharField(_("帮扶情况"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("困难情况")
        verbose_name_plural = _("困难情况")
        ordering = ["person", "-since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "since"],
                name="one_difficulty_per_kind_and_date",
                violation_error_code="duplicate_difficulty",
                violation_error_message=_("该党员已登记同一日期开始的同一类困难。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class RecordImport(models.Model):
    """An uploaded workbook of sub-record sheets: previewed when uploaded, committed by its uploader.

    The report is the preview's (or the commit's) result, stored so the commit page can show it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="record_imports"
    )
    file = models.FileField(_("文件"), upload_to="imports/member_records/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    report = models.JSONField(_("校验报告"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党员信息子记录导入")
        verbose_name_plural = _("党员信息子记录导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
