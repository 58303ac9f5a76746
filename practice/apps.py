from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = _("实践平台")

    def ready(self) -> None:
        from portal.sections import register_section

        # figures.py and rules.py are autodiscovered by the reports and rules apps.
        from . import prefill  # noqa: F401 - registers the Five-Lead pre-fill
        from .sections import practice_section

        register_section(20, "practice/public_section.html", practice_section)
