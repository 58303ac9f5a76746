from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberPageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_page"
    verbose_name = _("我的党员主页")
