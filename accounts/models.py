"""Users' roles (F-ACCESS): each binds a user to an organization subtree, a unit, or a person."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import Organization, OrganizationKind, OutsideUnit
from people.models import Person


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("省级管理员")
    PREFECTURE_ADMIN = "prefecture_admin", _("市级管理员")
    COUNTY_ADMIN = "county_admin", _("县级管理员")
    TOWNSHIP_ADMIN = "township_admin", _("乡镇管理员")
    VILLAGE_ADMIN = "village_admin", _("村级管理员")
    LINKED_LEADER = "linked_leader", _("挂点领导")
    PARTNER = "partner", _("结对单位联系人")
    MEMBER = "member", _("党员")
    VILLAGE_SUPERVISOR = "village_supervisor", _("村务监督委员会")
    # The three administrators (三权分立, GB/T 22239-2019 8.1.4.2): bound to nothing, reading no campaign record.
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


ADMINISTRATOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


# Which organization kind each role is bound to; None means it binds to something else.
ROLE_ORG_KIND = {
    Role.PROVINCE_ADMIN: OrganizationKind.PROVINCE,
    Role.PREFECTURE_ADMIN: OrganizationKind.PREFECTURE,
    Role.COUNTY_ADMIN: OrganizationKind.COUNTY,
    Role.TOWNSHIP_ADMIN: OrganizationKind.TOWNSHIP,
    Role.VILLAGE_ADMIN: OrganizationKind.VILLAGE,
    Role.VILLAGE_SUPERVISOR: OrganizationKind.VILLAGE,
}


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所辖组织"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(OutsideUnit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT)
    person = models.ForeignKey(Person, verbose_name=_("对应人员"), null=True, blank=True, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization", "unit", "person"], name="unique_role")
        ]

    def __str__(self) -> str:
        target = self.organization or self.unit or self.person or ""
        return f"{self.get_role_display()} {target}".strip()

    def clean(self) -> None:
        wanted = ROLE_ORG_KIND.get(Role(self.role)) if self.role else None
        if wanted is not None and (self.organization is None or self.organization.kind != wanted):
            raise ValidationError(
                {
                    "organization": ValidationError(
                        _("该角色必须绑定一个%(kind)s。") % {"kind": OrganizationKind(wanted).label},
                        code="role_needs_organization",
                    )
                }
            )
        if self.role == Role.PARTNER and self.unit is None:
            raise ValidationError(
                {"unit": ValidationError(_("结对单位联系人必须绑定一个单位。"), code="role_needs_unit")}
            )
        if self.role in (Role.MEMBER, Role.LINKED_LEADER) and self.person is None:
            raise ValidationError({"person": ValidationError(_("该角色必须绑定一个人员。"), code="role_needs_person")})
        if self.role in ADMINISTRATOR_ROLES and (self.organization or self.unit or self.person):
            raise ValidationError(_("系统、安全和审计管理员不绑定组织、单位或人员。"), code="administrator_bound")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("界面语言"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    class Meta:
        verbose_name = _("用户设置")
        verbose_name_plural = _("用户设置")


class PasswordState(models.Model):
    """When a user's password was set, and whether they must choose a new one before doing anything else.

    Kept by ``accounts.passwords.PasswordAgeValidator`` whenever a password is saved: a password
    someone else set (an administrator, ``createsuperuser``, a service that creates users) must be
    changed at the next login; the user's own change on the password page clears that.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state")
    changed_at = models.DateTimeField(_("密码设置时间"), null=True, blank=True)
    must_change = models.BooleanField(_("须修改密码"), default=True)
    is_demo = models.BooleanField(
        _("演示账号"), default=False, help_text=_("仅当 DEMO_ACCOUNTS 开启时免于强制改密和密码过期。")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return str(self.user)
