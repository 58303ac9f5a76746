"""Writes to accounts: users and their roles (system administrator), credentials and locks (security
administrator), a user's own password and two-factor devices, and the demo accounts.

Administrator accounts (the three administrator roles, superusers) are managed only by a superuser,
so that no administrator can give themselves, or a puppet account, another administrator's job.
"""

import logging
from collections.abc import Mapping
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.services import clean_and_save, refuse
from organizations.models import Organization, OutsideUnit
from people.models import Person
from security.models import Kind
from security.services import record, refusals_recorded

from .models import ADMINISTRATOR_ROLES, PasswordState, RoleAssignment
from .two_factor import usable_devices

log = logging.getLogger("xianfeng.security")

# Each service below also writes the security log (security.services): its success inside its transaction,
# its refusal (@refusals_recorded, outside the transaction) after the rollback, so that the refusal stays.


def _name(kwargs: Mapping[str, Any]) -> str:
    user = kwargs.get("user")
    return user.get_username() if user is not None else str(kwargs.get("username", ""))


def _role_text(role: str, binding: Organization | OutsideUnit | Person | None) -> str:
    """The role and what it binds to, as the log keeps it: a division code, or a unit's or person's id."""
    if isinstance(binding, Organization):
        return f"{role} {binding.code}"
    if binding is not None:
        return f"{role} {type(binding).__name__.lower()} {binding.pk}"
    return role


def is_administrator(user: User) -> bool:
    """A superuser or a holder of one of the three administrator roles."""
    return user.is_superuser or user.roles.filter(role__in=ADMINISTRATOR_ROLES).exists()


def _refuse_administrator_target(user: User, by: User) -> None:
    if user.pk == by.pk:
        refuse(_("不能对自己的账号执行此操作。"), code="own_account")
    if is_administrator(user) and not by.is_superuser:
        refuse(_("管理员账号只能由超级用户管理。"), code="administrator_account")


# -- users and roles (system administrator) ------------------------------------------------


@refusals_recorded(Kind.USER_CREATED, target=_name)
@transaction.atomic
def user_create(
    *,
    username: str,
    name: str,
    password: str,
    role: str,
    organization: Organization | None = None,
    unit: OutsideUnit | None = None,
    person: Person | None = None,
) -> User:
    """Create an active user with one role; the password is the rules' and must be changed at first login."""
    user = get_user_model()(username=username, first_name=name)
    user.set_unusable_password()  # full_clean needs a value; the real one is set below
    errors: dict[str, list[ValidationError]] = {}
    try:
        user.full_clean()
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    role_assign(user=user, role=role, organization=organization, unit=unit, person=person)
    log.info("user %s created with role %s", username, role)
    record(Kind.USER_CREATED, target=username, detail={"role": role})
    return user


@refusals_recorded(Kind.ROLE_GRANTED, target=lambda kw: f"{_name(kw)}: {kw.get('role', '')}")
@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    organization: Organization | None = None,
    unit: OutsideUnit | None = None,
    person: Person | None = None,
) -> RoleAssignment:
    if role in ADMINISTRATOR_ROLES:
        refuse(_("只有超级用户可以授予系统、安全或审计管理员角色。"), code="administrator_role", field="role")
    if is_administrator(user):
        refuse(_("管理员账号只能由超级用户管理。"), code="administrator_account")
    assignment = clean_and_save(
        RoleAssignment(user=user, role=role, organization=organization, unit=unit, person=person)
    )
    record(
        Kind.ROLE_GRANTED, target=user.get_username(), detail={"role": _role_text(role, organization or unit or person)}
    )
    return assignment


@refusals_recorded(Kind.ROLE_REVOKED, target=lambda kw: kw["assignment"].user.get_username())
@transaction.atomic
def role_remove(*, assignment: RoleAssignment) -> None:
    if assignment.role in ADMINISTRATOR_ROLES:
        refuse(_("管理员账号只能由超级用户管理。"), code="administrator_account")
    binding = assignment.organization or assignment.unit or assignment.person
    assignment.delete()
    record(
        Kind.ROLE_REVOKED, target=assignment.user.get_username(), detail={"role": _role_text(assignment.role, binding)}
    )


def _activation(kwargs: Mapping[str, Any]) -> Kind:
    return Kind.USER_ACTIVATED if kwargs.get("active") else Kind.USER_DEACTIVATED


@refusals_recorded(_activation, target=_name)
@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Deactivate (or reactivate) an account; a deactivated user's sessions stop at their next request."""
    _refuse_administrator_target(user, by)
    user.is_active = active
    user.save(update_fields=["is_active"])
    log.info("user %s %s by %s", user.username, "activated" if active else "deactivated", by.username)
    record(_activation({"active": active}), target=user.username, user=by)
    return user


# -- credentials and locks (security administrator; password reset also system administrator) -------


@refusals_recorded(Kind.PASSWORD_RESET, target=_name)
@transaction.atomic
def password_reset(*, user: User, password: str, by: User) -> User:
    """Set a temporary password: it follows the rules, and the user must change it at their next login."""
    _refuse_administrator_target(user, by)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.error_list}) from None
    user.set_password(password)
    user.save()  # PasswordAgeValidator marks it chosen by someone else; the user's sessions end
    log.info("password of %s reset by %s", user.username, by.username)
    record(Kind.PASSWORD_RESET, target=user.username, user=by)
    return user


@refusals_recorded(Kind.TWO_FACTOR_RESET, target=_name)
@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> int:
    """Remove every two-factor device of ``user`` (a lost phone); who needs one sets it up again at login."""
    _refuse_administrator_target(user, by)
    count, _deleted = TOTPDevice.objects.filter(user=user).delete()
    log.info("two-factor devices of %s removed by %s", user.username, by.username)
    record(Kind.TWO_FACTOR_RESET, target=user.username, detail={"deleted": count}, user=by)
    return count


@refusals_recorded(Kind.ACCOUNT_UNLOCKED, target=lambda kw: kw.get("username") or kw.get("address", ""))
def account_unlock(*, username: str = "", address: str = "", by: User) -> int:
    """Clear the failures that lock an account or a client address; return how many records went."""
    if not username and not address:
        refuse(_("请指定要解锁的账号或地址。"), code="unlock_nothing")
    count = axes_reset(username=username) if username else 0
    count += axes_reset(ip=address) if address else 0
    log.info("unlocked %s by %s", username or address, by.username)
    record(
        Kind.ACCOUNT_UNLOCKED, target=" / ".join(filter(None, (username, address))), detail={"deleted": count}, user=by
    )
    return count


# -- a user's own password and devices ----------------------------------------------------------


@transaction.atomic
def password_chosen_by_user(*, user: User) -> None:
    """The user chose their password themselves (the password page): no forced change until it expires."""
    PasswordState.objects.filter(user=user).update(must_change=False)
    record(Kind.PASSWORD_CHANGED, target=user.get_username(), user=user)


@transaction.atomic
def device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device (a new secret the first time), for the set-up page to show."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)


@refusals_recorded(Kind.DEVICE_ADDED, target=lambda kw: kw["device"].user.get_username())
@transaction.atomic
def device_confirm(*, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm a new device with a code from the app, which proves the secret was copied right."""
    if not device.verify_token(code):
        refuse(_("验证码不正确，请输入身份验证器当前显示的 6 位数字。"), code="otp_wrong", field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(Kind.DEVICE_ADDED, target=f"{device.user.get_username()}: {device.name}", user=device.user)
    return device


@refusals_recorded(Kind.DEVICE_REMOVED, target=lambda kw: kw["device"].user.get_username())
@transaction.atomic
def device_remove(*, device: TOTPDevice, required: bool) -> None:
    """Remove one of the user's own devices; who must use two-factor keeps at least one."""
    if required and device.confirmed and not usable_devices(device.user).exclude(pk=device.pk).exists():
        refuse(_("您的角色必须使用两步验证，不能删除最后一个设备。"), code="otp_last_device")
    device.delete()
    record(Kind.DEVICE_REMOVED, target=f"{device.user.get_username()}: {device.name}", user=device.user)


# -- demo accounts -------------------------------------------------------------------------------


@transaction.atomic
def demo_user_ensure(*, username: str, password: str, totp_key: str | None = None) -> tuple[User, bool]:
    """Create a demo account with the published password, skipping the rules, and mark it as demo.

    A demo account is exempt from the forced change and expiry only while ``DEMO_ACCOUNTS`` is on; its
    device with the published secret counts only then too. An existing account keeps its password.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = user_model.objects.create_user(username=username, password=password)
    state, _new = PasswordState.objects.get_or_create(user=user, defaults={"is_demo": True})
    if not state.is_demo:
        state.is_demo = True
        state.save(update_fields=["is_demo"])
    if totp_key and not TOTPDevice.objects.filter(user=user, key=totp_key).exists():
        TOTPDevice.objects.create(user=user, name="demo", key=totp_key, confirmed=True)
    return user, created
