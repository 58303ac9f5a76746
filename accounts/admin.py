from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Profile, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organization", "unit", "person"]
    list_filter = ["role"]
    raw_id_fields = ["organization", "unit", "person"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
