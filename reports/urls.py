from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/<str:code>/", views.dashboard_page, name="dashboard"),
]
