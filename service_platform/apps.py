from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicePlatformConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "service_platform"
    verbose_name = _("服务平台")
