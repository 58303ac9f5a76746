from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("people.urls")),
    path("", include("exchange.urls")),
    path("leadership/", include("leadership.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("supervision/", include("supervision.urls")),
    path("rules/", include("rules.urls")),
    path("", include("reports.urls")),
    path("", include("portal.urls")),
]
