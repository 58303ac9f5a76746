from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("people.urls")),
    path("", include("exchange.urls")),
    path("leadership/", include("leadership.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("supervision/", include("supervision.urls")),
    path("pairing/", include("pairing.urls")),
    path("affairs/", include("village_affairs.urls")),
    path("learning/", include("learning.urls")),
    path("service/", include("service_platform.urls")),
    path("practice/", include("practice.urls")),
    path("rules/", include("rules.urls")),
    path("", include("reports.urls")),
    path("", include("portal.urls")),
]
