from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    """The scenario loader (F-SCENARIO); it stores nothing of its own, only calls other apps' services."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scenarios"
