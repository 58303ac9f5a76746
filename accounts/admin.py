from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PasswordState, Profile, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organization", "unit", "person"]
    list_filter = ["role"]
    raw_id_fields = ["organization", "unit", "person"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]


@admin.register(PasswordState)
class PasswordStateAdmin(SimpleHistoryAdmin):
    """Set by every password save (the admin's password form included); kept visible for the break-glass admin."""

    list_display = ["user", "changed_at", "must_change", "is_demo"]
    list_filter = ["must_change", "is_demo"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "changed_at"]
