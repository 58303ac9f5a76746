from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchLifeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "branch_life"
    verbose_name = _("支部生活")
