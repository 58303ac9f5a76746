from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("村务公开网")

    def ready(self) -> None:
        from common import public_pages
        from organizations.models import Organization
        from people.models import Person

        # The public page names its village, township and county, and people (posts, commitments, model
        # members, recruits): their changes render the pages afresh. The sections' own records are watched
        # by their apps (<app>/sections.py); common.public_pages explains the cache.
        public_pages.watch(Organization, "code")
        public_pages.watch(Person, "home_village__code", "membership__branch__code")
