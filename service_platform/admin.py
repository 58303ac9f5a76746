from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Facility, LoanEvent, MicroLoan, SupportedProject


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organization", "opened_on", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["organization"]


@admin.register(SupportedProject)
class SupportedProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "industry", "start", "status"]
    raw_id_fields = ["organization", "responsible"]


class LoanEventInline(admin.TabularInline):
    model = LoanEvent
    extra = 0
    readonly_fields = ["step", "date", "note", "recorded_by", "recorded_at"]
    can_delete = False


@admin.register(MicroLoan)
class MicroLoanAdmin(SimpleHistoryAdmin):
    """Read-only status here: a loan moves only through its services, which write the event rows."""

    list_display = ["__str__", "purpose", "lender", "applied_on", "status"]
    list_filter = ["status", "purpose"]
    raw_id_fields = ["applicant", "village"]
    readonly_fields = ["status"]
    inlines = [LoanEventInline]
