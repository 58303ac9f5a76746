from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attendance, DuesPayment, Meeting, Notice, NoticeReceipt


class ReadOnly(SimpleHistoryAdmin):
    """Final records: recorded through the pages, read here."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def, override]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["date", "kind", "branch", "topic"]
    list_filter = ["kind"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnly):
    list_display = ["meeting", "member", "status"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(ReadOnly):
    list_display = ["member", "month", "amount", "paid_on"]


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ["title", "origin", "target", "sent_at", "deadline"]


@admin.register(NoticeReceipt)
class NoticeReceiptAdmin(ReadOnly):
    list_display = ["notice", "user", "read_at"]
