from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/template/<str:kind>/", views.template_download, name="template"),
    path("import/<int:pk>/", views.job_detail, name="job"),
    path("import/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("import/<int:pk>/preview/", views.job_preview, name="job_preview"),
    path("import/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("import/<int:pk>/errors.xlsx", views.job_errors_xlsx, name="job_errors"),
]
