"""The model admin of people: for superusers only, who see ID numbers and phones in full anyway.

Staff given model permissions would otherwise read every person unmasked here, past the
masks of the pages (docs/security.md, "Personal data").
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Appointment, Cadre, Household, PartyMembership, Person


class SuperuserOnlyAdmin(SimpleHistoryAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Person)
class PersonAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "sex", "birth_date", "home_village"]
    search_fields = ["name"]
    raw_id_fields = ["home_village"]


@admin.register(PartyMembership)
class PartyMembershipAdmin(SuperuserOnlyAdmin):
    list_display = ["person", "status", "joined_on", "branch", "party_group"]
    list_filter = ["status"]
    raw_id_fields = ["person", "branch", "party_group"]


@admin.register(Cadre)
class CadreAdmin(SuperuserOnlyAdmin):
    list_display = ["person", "rank", "organization", "position"]
    list_filter = ["rank"]
    raw_id_fields = ["person", "organization", "unit"]


@admin.register(Appointment)
class AppointmentAdmin(SuperuserOnlyAdmin):
    list_display = ["person", "post", "organization", "start", "end"]
    list_filter = ["post"]
    raw_id_fields = ["person", "organization"]


@admin.register(Household)
class HouseholdAdmin(SuperuserOnlyAdmin):
    list_display = ["head", "village", "size", "cause", "status"]
    list_filter = ["cause", "status"]
    raw_id_fields = ["head", "village"]
