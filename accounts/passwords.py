"""Password rules (GB/T 22239-2019 8.1.4.1: complexity and periodic change) and when a password must change.

The validators are listed in ``AUTH_PASSWORD_VALIDATORS``, so Django runs them wherever a
password is chosen (the password pages, the admin, ``createsuperuser``, ``changepassword``).
``PasswordAgeValidator`` checks nothing: Django tells it, through ``password_changed``, every
time a password is saved, which is how ``PasswordState`` learns when and by whom.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PRODUCT_NAMES = ("xianfeng", "先锋")


def character_classes(password: str) -> int:
    """How many of the four classes ``password`` uses: upper case, lower case, digits, symbols.

    Any other character that is not a space (punctuation, Chinese characters) counts as a symbol.
    """
    classes = set()
    for c in password:
        if c.isupper():
            classes.add("upper")
        elif c.islower():
            classes.add("lower")
        elif c.isdigit():
            classes.add("digit")
        elif not c.isspace():
            classes.add("symbol")
    return len(classes)


class CharacterClassesValidator:
    """At least ``min_classes`` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字和符号中的至少 %(min)d 类。"),
                code="password_too_simple",
                params={"min": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字和符号中的至少 %(min)d 类。") % {"min": self.min_classes}


class ProductNameValidator:
    """Not the product's name in any case or spelling the site publishes ("xianfeng", "先锋")."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = password.casefold()
        if any(name in folded for name in PRODUCT_NAMES):
            raise ValidationError(_("密码不能包含本系统的名称（先锋、xianfeng）。"), code="password_product_name")

    def get_help_text(self) -> str:
        return _("密码不能包含本系统的名称（先锋、xianfeng）。")


class PasswordAgeValidator:
    """Record each saved password in ``PasswordState``; its help text states how long a password lasts."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordState  # a validator is loaded with the settings, before the models

        # Someone other than the user may have chosen it: the views where users change their own
        # password clear must_change afterwards (``services.password_chosen_by_user``).
        PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": True})

    def get_help_text(self) -> str:
        days = max_age_days()
        if not days:
            return _("密码长期有效。")
        return ngettext("密码有效期为 %(days)d 天，到期须更换。", "密码有效期为 %(days)d 天，到期须更换。", days) % {
            "days": days
        }


def demo_accounts_on() -> bool:
    """Are the demo accounts' exemptions on (``DEMO_ACCOUNTS``: `make run`, never production)?"""
    return bool(getattr(settings, "DEMO_ACCOUNTS", False))


def max_age_days() -> int:
    return int(getattr(settings, "PASSWORD_MAX_AGE_DAYS", 0))


def expires_at(changed_at: dt.datetime | None) -> dt.datetime | None:
    """When a password set at ``changed_at`` expires; None when passwords never expire."""
    days = max_age_days()
    if not days:
        return None
    if changed_at is None:
        return timezone.now()
    return changed_at + dt.timedelta(days=days)
