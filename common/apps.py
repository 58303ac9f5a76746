from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules

# The modules each app may keep its contributions in; imported once, at start-up.
CONTRIBUTION_MODULES = (
    "figures",
    "rules",
    "sections",
    "prefill",
    "access",
    "personal_data",
    "todos",
    "confirmations",
    "importers",
)


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"

    def ready(self) -> None:
        from .database import install_authorizer

        autodiscover_modules(*CONTRIBUTION_MODULES)
        # SQLite: every connection refuses schema changes outside migrations (common.database).
        connection_created.connect(install_authorizer, dispatch_uid="common.database.install_authorizer")
