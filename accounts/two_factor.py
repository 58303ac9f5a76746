"""Two-factor sign-in with TOTP (django-otp): who needs it, which devices count, and the set-up QR code.

The demo accounts share one published secret (``DEMO_TOTP_SECRET``, README); a device with
that secret is no second factor, so it counts only while ``DEMO_ACCOUNTS`` is on.
"""

import base64
import time

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.scope import Scope

from .models import Role
from .passwords import demo_accounts_on

# Published with the demo (README, docs/security.md): 32 base32 letters, 20 bytes.
DEMO_TOTP_SECRET = "XIANFENGDEMOTOTPSECRETKEYZHENGHE"  # noqa: S105 - published; refused unless DEMO_ACCOUNTS
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()

# Province, prefecture and county admins and the three administrators; superusers always.
TWO_FACTOR_ROLES = frozenset(
    {
        Role.PROVINCE_ADMIN,
        Role.PREFECTURE_ADMIN,
        Role.COUNTY_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
)


def requires_two_factor(scope: Scope) -> bool:
    return scope.is_superuser or any(role in TWO_FACTOR_ROLES for role in scope.roles)


def usable(device: TOTPDevice | None) -> bool:
    """Is ``device`` a confirmed second factor here (the demo secret only while demo accounts are on)?"""
    if device is None or not device.confirmed:
        return False
    return demo_accounts_on() or getattr(device, "key", "") != DEMO_TOTP_KEY


def usable_devices(user: AbstractBaseUser | AnonymousUser) -> QuerySet[TOTPDevice]:
    devices = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)
    return devices if demo_accounts_on() else devices.exclude(key=DEMO_TOTP_KEY)


def is_verified(request: HttpRequest) -> bool:
    """Did this session pass a usable second factor (django-otp's ``user.is_verified()``)?"""
    user = request.user
    return bool(getattr(user, "is_verified", lambda: False)()) and usable(getattr(user, "otp_device", None))


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``device`` (the demo's ``demo_totp`` command, tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
