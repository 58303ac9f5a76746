"""The administrative tree (F-ORG) and the outside units that take part (F-UNIT)."""

from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.checks import plain_name
from common.division_codes import OPTIONAL_PARENT, PARENT_KIND, validate_code


def display_name(name: str, name_en: str) -> str:
    """The English name on English pages when there is one; for rows read with ``values()``."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class OrganizationKind(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市")
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("行政村")
    PARTY_GROUP = "party_group", _("党小组")


class GroupBasis(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    LOCALITY = "locality", _("地域")
    SPECIALTY = "specialty", _("特长")


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def within(self, code: str) -> "OrganizationQuerySet":
        """Return the organization with ``code`` and everything under it."""
        return self.filter(code__startswith=code)

    def provinces(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.PROVINCE)

    def prefectures(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.PREFECTURE)

    def counties(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.COUNTY)

    def townships(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.TOWNSHIP)

    def villages(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.VILLAGE)

    def party_groups(self) -> "OrganizationQuerySet":
        return self.filter(kind=OrganizationKind.PARTY_GROUP)


class Organization(models.Model):
    """A province, prefecture, county, township, administrative village or party group, keyed by its code.

    One model for the whole tree: a subtree is ``code__startswith``, which every scope
    check, count and report relies on.
    """

    kind = models.CharField(_("类型"), max_length=16, choices=OrganizationKind.choices, db_index=True)
    code = models.CharField(_("区划代码"), max_length=15, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    basis = models.CharField(_("建组方式"), max_length=16, choices=GroupBasis.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.name_en)

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        wanted_parent = PARENT_KIND.get(self.kind)
        if wanted_parent is None and self.parent_id is not None:
            errors.setdefault("parent", []).append(ValidationError(_("省级单位不能有上级。"), code="parent_kind"))
        if wanted_parent is not None and not (self.parent is None and self.kind in OPTIONAL_PARENT):
            if self.parent is None:
                errors.setdefault("parent", []).append(ValidationError(_("必须指定上级单位。"), code="parent_missing"))
            elif self.parent.kind != wanted_parent:
                errors.setdefault("parent", []).append(
                    ValidationError(
                        _("%(kind)s的上级必须是%(parent_kind)s，不能是%(actual)s。"),
                        code="parent_kind",
                        params={
                            "kind": OrganizationKind(self.kind).label,
                            "parent_kind": OrganizationKind(wanted_parent).label,
                            "actual": OrganizationKind(self.parent.kind).label,
                        },
                    )
                )
        if self.kind in OrganizationKind.values:
            parent_code = self.parent.code if self.parent is not None and not errors.get("parent") else None
            try:
                validate_code(self.code or "", self.kind, parent_code)
            except ValidationError as exc:
                errors.setdefault("code", []).extend(exc.error_list)
        if self.kind == OrganizationKind.PARTY_GROUP and not self.basis:
            errors.setdefault("basis", []).append(ValidationError(_("党小组必须注明建组方式。"), code="required"))
        if self.kind != OrganizationKind.PARTY_GROUP and self.basis:
            errors.setdefault("basis", []).append(ValidationError(_("只有党小组有建组方式。"), code="basis"))
        _plain_names(self, ("name", "name_en"), errors)
        if errors:
            raise ValidationError(errors)


def _plain_names(record: models.Model, fields: tuple[str, ...], errors: dict[str, list[ValidationError]]) -> None:
    """Collect the refusal of each name field that starts like a spreadsheet formula."""
    for name in fields:
        try:
            label = cast(models.Field, record._meta.get_field(name)).verbose_name
            plain_name(getattr(record, name), what=str(label), field=None)
        except ValidationError as exc:
            errors.setdefault(name, []).append(exc)


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("县直部门")
    CIVILIZED_UNIT = "civilized_unit", _("文明单位")
    ENTERPRISE = "enterprise", _("非公企业")
    ORGAN = "organ", _("乡镇/县级机关")


class UnitLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class OutsideUnitQuerySet(models.QuerySet["OutsideUnit"]):
    def within(self, code: str) -> "OutsideUnitQuerySet":
        return self.filter(home__code__startswith=code)


class OutsideUnit(models.Model):
    """A department, civilized unit, enterprise or organ that takes part in a county's campaign."""

    kind = models.CharField(_("类别"), max_length=16, choices=UnitKind.choices, db_index=True)
    level = models.CharField(_("级别"), max_length=16, choices=UnitLevel.choices, default=UnitLevel.COUNTY)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    party_organization = models.CharField(_("党组织名称"), max_length=120, blank=True)
    # The county (or township, for township organs) whose campaign the unit takes part in.
    home = models.ForeignKey(
        Organization, verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="outside_units"
    )

    history = HistoricalRecords()
    objects = OutsideUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("外部单位")
        verbose_name_plural = _("外部单位")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["home", "kind", "name"], name="unique_unit_name_per_home")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The English name on English pages when there is one, as for organizations."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.home_id and self.home.kind not in (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP):
            errors["home"] = [ValidationError(_("外部单位只能属于县或乡镇。"), code="home_kind")]
        _plain_names(self, ("name", "name_en", "party_organization"), errors)
        if errors:
            raise ValidationError(errors)
