from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("村务公开网")

    def ready(self) -> None:
        from .sections import register_section
        from .supervision_sections import supervision_context

        register_section(10, "portal/sections/supervision.html", supervision_context)
