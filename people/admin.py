"""The model admin of people: for superusers only, who see ID numbers and phones in full anyway.

Staff given model permissions would otherwise read every person unmasked here, past the
masks of the pages (docs/security.md, "Personal data").
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .id_numbers import normalize
from .models import Appointment, Cadre, Household, PartyMembership, Person, id_number_hash


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
    exclude = ["id_number_hash", "phone_hash"]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """Names by substring; an ID number (encrypted at rest) only in full, through its keyed hash."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(id_number_hash=id_number_hash(normalize(search_term)))
        return found, duplicates


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
