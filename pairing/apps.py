from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pairing"
    verbose_name = _("互动联动与共建文明")

    def ready(self) -> None:
        from accounts.scope import EXTRA_READ_CODES

        from .selectors import partner_village_codes

        # A partner (contact of a unit) reads the villages its unit is paired with.
        if partner_village_codes not in EXTRA_READ_CODES:
            EXTRA_READ_CODES.append(partner_village_codes)
