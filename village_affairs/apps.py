from django.apps import AppConfig


class VillageAffairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "village_affairs"
