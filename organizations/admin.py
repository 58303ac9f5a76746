from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization, OutsideUnit


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(OutsideUnit)
class OutsideUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "home"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en"]
    raw_id_fields = ["home"]
