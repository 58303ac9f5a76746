from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CoBuildingActivity, Contribution, Outcome, Pairing, Posting, PostingBatch


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "village", "start", "end"]
    list_filter = ["kind"]
    raw_id_fields = ["village", "unit", "urban_person", "rural_person", "household"]


@admin.register(PostingBatch)
class PostingBatchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "county", "number", "start", "end"]


@admin.register(Posting)
class PostingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start", "end"]
    raw_id_fields = ["cadre", "village"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "pairing", "posting"]
    raw_id_fields = ["pairing", "posting"]


@admin.register(CoBuildingActivity)
class CoBuildingActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "pairing"]
    raw_id_fields = ["pairing"]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "type", "amount", "date", "pairing"]
    list_filter = ["type"]
    raw_id_fields = ["pairing"]
