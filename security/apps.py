from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# GB/T 22239-2019 level 3 keeps audit records at least six months: no deployment may keep fewer days.
MINIMUM_RETENTION_DAYS = 180


def check_retention(days: object) -> int:
    """Return the configured retention in days, or refuse (at start-up) a value below the minimum."""
    if not isinstance(days, int) or isinstance(days, bool) or days < MINIMUM_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"SECURITY_LOG_RETENTION_DAYS must be a whole number of at least {MINIMUM_RETENTION_DAYS} days, "
            f"not {days!r}"
        )
    return days


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = _("安全日志")

    def ready(self) -> None:
        check_retention(getattr(settings, "SECURITY_LOG_RETENTION_DAYS", MINIMUM_RETENTION_DAYS))
        from . import signals  # noqa: F401 - connects the receivers that record sign-ins, lockouts and admin actions
