"""The points models in the Django admin, read-only.

The ledger is append-only (``PointEntry.save``/``delete`` refuse, and database triggers refuse UPDATE
and DELETE below the ORM): the admin only reads it. Rules and stock are read here too: they change
through the points pages, whose services check caps, prices and quantities and keep the ledger in
step (``points.services``); an edit in the admin would bypass them.
"""

from django.contrib import admin
from django.http import HttpRequest

from .models import PointEntry, PointRule, StockItem


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PointEntry)
class PointEntryAdmin(ReadOnly):
    list_display = ["date", "holder", "village", "kind", "points", "fact", "item", "quantity"]
    list_filter = ["kind", "fact"]
    list_select_related = ["holder", "village", "item"]
    date_hierarchy = "date"
    raw_id_fields = ["holder", "village", "item", "reverses", "created_by"]


@admin.register(PointRule)
class PointRuleAdmin(ReadOnly):
    list_display = ["county", "fact", "points", "monthly_cap"]
    list_select_related = ["county"]


@admin.register(StockItem)
class StockItemAdmin(ReadOnly):
    list_display = ["supermarket", "name", "price", "quantity"]
    list_select_related = ["supermarket"]
