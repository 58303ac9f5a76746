from django.urls import path

from . import assessment_views, calendar_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("standards/", views.standard_list, name="standards"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/<slug:action>/", views.standard_action, name="standard_action"),
    path("periods/", views.period_list, name="periods"),
    path("assessments/", assessment_views.assessment_list, name="assessments"),
    path("assessments/start/", assessment_views.assessment_start_all, name="assessment_start_all"),
    path("assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment_detail"),
    path("evidence/<int:pk>/", assessment_views.evidence_download, name="evidence_download"),
    path("ranking/", views.ranking, name="ranking"),
    path("cadres/", views.cadres, name="cadres"),
    path("campaign-year/", calendar_views.campaign_year_pick, name="campaign_year"),
]
