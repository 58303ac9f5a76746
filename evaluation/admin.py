from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AssessmentPeriod, Standard


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "county", "code", "version", "status", "effective_from"]
    list_filter = ["code", "status"]


@admin.register(AssessmentPeriod)
class PeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "county", "year", "start", "end"]
