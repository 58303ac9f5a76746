from django.urls import path

from . import campaign_views, views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("report/", campaign_views.report_page, name="report"),
    path("report/download/", campaign_views.report_download, name="report_download"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/<str:code>/", views.dashboard_page, name="dashboard"),
]
