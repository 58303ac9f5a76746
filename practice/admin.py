from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, HouseholdAid, MutualAidGroup, PostClaim, PracticePost, VolunteerEntry


@admin.register(PracticePost)
class PracticePostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "village", "year", "capacity"]
    list_filter = ["kind", "year"]
    raw_id_fields = ["village"]


@admin.register(PostClaim)
class PostClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "how", "status", "star_rating"]
    list_filter = ["status", "how"]
    raw_id_fields = ["post", "member", "party_group"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "member", "year", "deadline", "public"]
    raw_id_fields = ["member", "village"]


@admin.register(VolunteerEntry)
class VolunteerEntryAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "member", "start", "end", "status"]
    raw_id_fields = ["member", "village"]


@admin.register(HouseholdAid)
class HouseholdAidAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start", "end"]
    raw_id_fields = ["member", "village", "household"]


@admin.register(MutualAidGroup)
class MutualAidGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "industry", "village", "leader", "founded_on"]
    raw_id_fields = ["village", "leader"]
