from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attendance, DeliveryKind, ServiceTeam, Training, Visit


@admin.register(DeliveryKind)
class DeliveryKindAdmin(SimpleHistoryAdmin):
    """The Four Deliveries are a configurable list: a county adds or retires kinds here."""

    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(ServiceTeam)
class ServiceTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "unit", "leader"]
    raw_id_fields = ["organization", "unit", "leader"]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "people_reached"]
    raw_id_fields = ["team", "target", "recorded_by"]


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "channel", "organization", "date", "hours"]
    list_filter = ["channel"]
    raw_id_fields = ["organization", "trainer", "recorded_by"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "hours"]
    raw_id_fields = ["training", "person"]
