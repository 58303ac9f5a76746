from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ContactPoint, DemonstrationSite, FollowUpAction, ModelMember, Review, ReviewRequirement

for model in (DemonstrationSite, ModelMember, ContactPoint, Review, FollowUpAction, ReviewRequirement):
    admin.site.register(model, SimpleHistoryAdmin)
