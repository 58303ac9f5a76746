from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appointment, Cadre, Household, PartyMembership, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sex", "birth_date", "home_village"]
    search_fields = ["name", "id_number"]
    raw_id_fields = ["home_village"]


@admin.register(PartyMembership)
class PartyMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "status", "joined_on", "branch", "party_group"]
    list_filter = ["status"]
    raw_id_fields = ["person", "branch", "party_group"]


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["person", "rank", "organization", "position"]
    list_filter = ["rank"]
    raw_id_fields = ["person", "organization", "unit"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "post", "organization", "start", "end"]
    list_filter = ["post"]
    raw_id_fields = ["person", "organization"]


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["head", "village", "size", "cause", "status"]
    list_filter = ["cause", "status"]
    raw_id_fields = ["head", "village"]
