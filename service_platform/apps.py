from django.apps import AppConfig


class ServicePlatformConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'service_platform'
