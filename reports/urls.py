from django.urls import path

from . import campaign_views, job_views, views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("report/", campaign_views.report_page, name="report"),
    path("report/download/", campaign_views.report_download, name="report_download"),
    path("report/jobs/new/", job_views.report_job_create, name="report_job_create"),
    path("report/jobs/<int:pk>/", job_views.report_job, name="report_job"),
    path("report/jobs/<int:pk>/progress/", job_views.report_job_progress, name="report_job_progress"),
    path("report/jobs/<int:pk>/file/", job_views.report_job_file, name="report_job_file"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/<str:code>/", views.dashboard_page, name="dashboard"),
]
