"""The Django admin for A3. Published rows open read-only and cannot be deleted, for superusers too:
``has_change_permission``/``has_delete_permission`` say so, the models' ``save``/``delete`` refuse,
and the database triggers refuse whatever gets past both."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccountabilityCase,
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureStatus,
    Feedback,
    LedgerEntry,
    PublishedMonth,
    RewardPenalty,
    month_is_frozen,
)


class ImmutableWhenPublished(SimpleHistoryAdmin):
    def is_published(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and self.is_published(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and self.is_published(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest):
        # Bulk delete would go round the per-object check (the trigger would still refuse).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Disclosure)
class DisclosureAdmin(ImmutableWhenPublished):
    list_display = ["title", "village", "kind", "year", "period_number", "status", "published_at"]
    list_filter = ["kind", "status", "year"]

    def is_published(self, obj: Disclosure) -> bool:
        return obj.status == DisclosureStatus.PUBLISHED


@admin.register(DecisionStep)
class DecisionStepAdmin(ImmutableWhenPublished):
    list_display = ["decision", "number", "date", "due", "present", "votes_for"]

    def is_published(self, obj: DecisionStep) -> bool:
        return obj.is_published


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ImmutableWhenPublished):
    list_display = ["village", "date", "voucher", "direction", "category", "amount", "corrects"]
    list_filter = ["direction", "category"]

    def is_published(self, obj: LedgerEntry) -> bool:
        return month_is_frozen(obj.village_id, obj.date)


@admin.register(PublishedMonth)
class PublishedMonthAdmin(ImmutableWhenPublished):
    list_display = ["village", "year", "month", "published_at"]

    def is_published(self, obj: PublishedMonth) -> bool:
        return True


admin.site.register(Decision, SimpleHistoryAdmin)
admin.site.register(AccountabilityCase, SimpleHistoryAdmin)
admin.site.register(RewardPenalty, SimpleHistoryAdmin)
admin.site.register(Feedback, SimpleHistoryAdmin)
