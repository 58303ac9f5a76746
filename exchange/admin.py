from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "original_name", "user", "status", "total_rows", "error_count", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["report"]
