from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberRecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_records"
    verbose_name = _("党员信息表")
