from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"
    verbose_name = _("督促指导")

    def ready(self) -> None:
        from accounts.scope import EXTRA_READ_CODES

        from .selectors import linked_leader_read_codes

        # A linked leader may read the townships and villages of their contact points.
        if linked_leader_read_codes not in EXTRA_READ_CODES:
            EXTRA_READ_CODES.append(linked_leader_read_codes)
