from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RulesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rules"

    def ready(self) -> None:
        # Each app keeps its rules in <app>/rules.py.
        autodiscover_modules("rules")
